"""Tools for instructors and maintainers, kept apart from what the lessons use.

``checker``   every problem in the data, the question files and the lessons (``python -m helpers check``)
``anatomy``   what every lesson notebook must contain (the checker's lesson and course checks)
``packet``    the printable packet (``python -m helpers packet``)
``web``       the static web edition (``python -m helpers.authoring.web``, run by ``scripts/web.sh``)
``plans``     the self-check tables of the instructors' plans (``python -m helpers plans``)
``links``     Binder and JupyterHub links for every lesson (``python -m helpers links``)
``vocabulary`` a lesson's vocabulary sheet (``python -m helpers vocabulary``)

No lesson imports this package: a learner's kernel never loads it.
"""
