"""The course's benchmark: time and memory of the lessons, start-up, sizes, the learner's environment.

Run it from the project's root with ``.venv/bin/python -m bench``; ``bench/README.md`` says what each
figure means.
"""
