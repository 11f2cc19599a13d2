"""Self-check questions: the TOML format, marking, and errors that name the file, the question and the field."""
from __future__ import annotations

from pathlib import Path

import pytest

import helpers
from helpers.paths import QUESTIONS_DIR
from helpers.questions import Feedback, check_answer, load_questions, score, validate_questions

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "questions"
GOOD = (FIXTURES / "99.toml").read_text(encoding="utf-8")


def by_id(lesson="99", folder=FIXTURES):
    return {q.id: q for q in load_questions(lesson, folder)}


def test_the_fixture_loads_one_question_of_each_kind():
    questions = load_questions("99", FIXTURES)
    assert [q.kind for q in questions] == ["choice", "number", "open"]
    choice = questions[0]
    assert choice.answer in choice.options and len(choice.feedback) == len(choice.options)
    assert questions[1].answer == 10.7 and questions[1].tolerance == 0.05 and questions[1].unit == "million tonnes"
    assert load_questions(99, FIXTURES) == questions  # 99, "99" and "99" name the same lesson
    assert validate_questions(FIXTURES) == []


def test_choice_right_and_wrong_give_that_options_feedback():
    q = by_id()["first-target"]
    right = check_answer(q, "6.2 million tons")
    assert right.correct is True and q.feedback[1] in right.message
    wrong = check_answer(q, "10.7 million tons")
    assert wrong.correct is False and q.feedback[2] in wrong.message
    assert check_answer(q, None) == Feedback(None, "Choose one of the options first.")
    assert check_answer(q, "42").correct is None


@pytest.mark.parametrize("answer, correct", [(10.7, True), (10.74, True), (10.66, True), ("10.7", True),
                                             ("10,7", True), (10.76, False), (10.6, False), (5.35, False),
                                             ("ten", None), ("", None)])
def test_number_within_tolerance(answer, correct):
    q = by_id()["july-target"]
    result = check_answer(q, answer)
    assert result.correct is correct
    if correct is True:
        assert q.feedback_right in result.message
    if correct is False:
        assert q.feedback_wrong in result.message


def test_open_question_shows_the_model_answer():
    q = by_id()["why-doubt"]
    result = check_answer(q, "Because of the harvest.")
    assert result.correct is None and q.model_answer in result.message


@pytest.mark.parametrize("empty", ["", "   \n ", None])
def test_open_question_keeps_the_model_answer_until_the_learner_has_tried(empty):
    q = by_id()["why-doubt"]
    result = check_answer(q, empty)
    assert result.correct is None and q.model_answer not in result.message
    assert "first" in result.message


def test_score_counts_only_marked_questions():
    questions = load_questions("99", FIXTURES)
    assert score({}, questions) == ("Nothing checked yet. Your score will count the 2 questions that have a right answer "
                                    "(the other one is an open question, with a model answer)")
    assert "(the other 2 are open questions" in score({}, questions + [q for q in questions if q.kind == "open"])
    marked = [q for q in questions if q.kind in ("choice", "number")]
    assert score({}, marked) == "Nothing checked yet. Your score will count all 2 questions"
    assert score({"why-doubt": True}, questions).startswith("Nothing checked yet")  # an open question is not marked
    assert score({"first-target": False}, questions) == "0 of 2 right"
    assert score({"first-target": True, "july-target": False, "why-doubt": True}, questions) == "1 of 2 right"


def write(tmp_path: Path, text: str, name: str = "07.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return tmp_path


def broken(tmp_path, text, *needles):
    folder = write(tmp_path, text)
    with pytest.raises(helpers.DataError) as caught:
        load_questions("07", folder)
    message = str(caught.value)
    assert "07.toml" in message
    for needle in needles:
        assert needle in message, f"{needle!r} not in:\n{message}"
    return message


SEVEN = GOOD.replace('lesson = "99"', 'lesson = "07"')


def test_toml_syntax_error_names_the_line(tmp_path):
    text = SEVEN.replace('answer = 10.7', 'answer = 10.7.1')
    line = text.splitlines().index("answer = 10.7.1") + 1
    broken(tmp_path, text, f"line {line}", "not valid TOML")


def test_missing_field_names_question_and_field(tmp_path):
    text = SEVEN.replace('feedback_wrong = "Read p51 again', 'feedback_wrng = "Read p51 again')
    message = broken(tmp_path, text, "question 'july-target' (no. 2)", "field 'feedback_wrong'", "missing")
    assert "field 'feedback_wrng'" in message and "Check the spelling" in message


def test_answer_not_among_options(tmp_path):
    broken(tmp_path, SEVEN.replace('answer = "6.2 million tons"', 'answer = "6.2"'),
           "question 'first-target' (no. 1)", "field 'answer'", "not one of the options")


def test_feedback_count_must_match_options(tmp_path):
    text = SEVEN.replace('  "10.7 million tons is the target decided at the meeting of 16 July (p51), after three '
                         'raises.",\n', "")
    broken(tmp_path, text, "field 'feedback'", "one per option")


def test_unknown_kind_and_missing_id_use_the_position(tmp_path):
    text = SEVEN.replace('id = "why-doubt"\nkind = "open"', 'kind = "essay"')
    broken(tmp_path, text, "question no. 3", "field 'kind'", '"choice", "number", "open"')


def test_number_given_as_text(tmp_path):
    broken(tmp_path, SEVEN.replace("answer = 10.7", 'answer = "10.7 Mt"'), "field 'answer'", "without quotes")


def test_paragraph_references_must_resolve(tmp_path):
    broken(tmp_path, SEVEN.replace('paragraphs = ["p48"]', 'paragraphs = ["p480"]'),
           "field 'paragraphs'", "'p480' is not a paragraph")


def test_duplicate_ids_and_wrong_lesson(tmp_path):
    text = SEVEN.replace('id = "july-target"', 'id = "first-target"').replace('lesson = "07"', 'lesson = "7b"')
    broken(tmp_path, text, "used twice", "field 'lesson'", 'lesson = "07"')


def test_missing_file_says_what_to_do(tmp_path):
    with pytest.raises(helpers.DataError, match="no questions file for lesson 05"):
        load_questions("5", tmp_path)
    with pytest.raises(helpers.DataError, match="not a lesson number"):
        load_questions("five", tmp_path)


def test_validate_questions_lists_problems_in_every_file(tmp_path):
    write(tmp_path, SEVEN)
    write(tmp_path, GOOD.replace('lesson = "99"', 'lesson = "08"').replace('kind = "open"', 'kind = "essay"'),
          "08.toml")
    write(tmp_path, "lesson = [", "09.toml")
    write(tmp_path, SEVEN, "extra.toml")
    problems = validate_questions(tmp_path)
    files = sorted({Path(p.file).name for p in problems})
    assert files == ["08.toml", "09.toml", "extra.toml"]
    assert all(str(p) for p in problems)


def test_the_course_question_files_are_valid():
    assert sorted(QUESTIONS_DIR.glob("*.toml")), f"no questions file in {QUESTIONS_DIR}"
    assert validate_questions() == [], "\n".join(map(str, validate_questions()))


def test_feedback_that_opens_with_its_own_verdict_is_not_given_a_second_one():
    from helpers.questions import _verdict

    assert _verdict(True, "Right: 10.7 is twice 5.35.") == "Right: 10.7 is twice 5.35."
    assert _verdict(False, "No: that is the 1957 figure.") == "No: that is the 1957 figure."
    assert _verdict(False, "None of the sources says so.") == "Not quite. None of the sources says so."
    assert _verdict(True, "10.7 is twice 5.35.") == "Right. 10.7 is twice 5.35."


def test_a_toml_file_saved_with_a_bom_reads_as_it_is(tmp_path):
    (tmp_path / "07.toml").write_bytes(b"\xef\xbb\xbf" + SEVEN.encode("utf-8"))
    assert [q.id for q in load_questions("07", tmp_path)] == [q.id for q in load_questions("99", FIXTURES)]
    assert validate_questions(tmp_path) == []


def test_a_toml_file_not_in_utf8_names_the_line(tmp_path):
    (tmp_path / "07.toml").write_bytes(SEVEN.encode("utf-8").replace(b"Read p51", b"Read \xe9 p51"))
    line = SEVEN.splitlines().index(next(x for x in SEVEN.splitlines() if "Read p51" in x)) + 1
    with pytest.raises(helpers.DataError, match=rf"07.toml, line {line}: is not UTF-8"):
        load_questions("07", tmp_path)


def lesson(folder: Path, name: str, call: str) -> None:
    import json

    cells = [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
              "source": ["import helpers\n", "helpers.setup()"]},
             {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": [call]}]
    (folder / name).write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}),
                               encoding="utf-8")


def test_a_lesson_whose_self_check_has_no_questions_file_is_reported(tmp_path):
    from helpers.authoring.anatomy import check_self_checks

    (tmp_path / "questions").mkdir()
    write(tmp_path / "questions", GOOD, "99.toml")
    lesson(tmp_path, "99-good.ipynb", 'helpers.self_check("99")')
    lesson(tmp_path, "98-no-file.ipynb", 'helpers.self_check("98")')
    lesson(tmp_path, "97-one-digit.ipynb", "helpers.self_check(7)")
    problems = {p.file: p for p in check_self_checks(tmp_path, tmp_path / "questions")}
    assert set(problems) == {"lessons/98-no-file.ipynb", "lessons/97-one-digit.ipynb"}
    missing = problems["lessons/98-no-file.ipynb"]
    assert missing.line == 2 and missing.field == "self-check" and "98.toml" in missing.message
    assert "does not exist" in missing.message
    assert 'self_check("97")' in problems["lessons/97-one-digit.ipynb"].message


def test_every_course_lesson_that_calls_self_check_has_its_questions():
    from helpers.paths import LESSONS_DIR
    from helpers.authoring.anatomy import check_self_checks

    assert check_self_checks(LESSONS_DIR) == []


def test_check_reports_a_missing_questions_file(tmp_path):
    import shutil

    from helpers.authoring.checker import all_problems
    from helpers.paths import LESSONS_DIR

    lessons = tmp_path / "lessons"
    shutil.copytree(LESSONS_DIR, lessons)
    (lessons / "questions" / "03.toml").unlink()
    problems = [p for p in all_problems(None, lessons) if p.field == "self-check"]
    assert len(problems) == 1 and problems[0].file.startswith("lessons/03-") and "03.toml" in problems[0].message


NOTES = '\n[notes]\nmeaning = "In your own words: what is it?"\nworry = "Which link worries you most?"\n'


def test_notes_prompts_come_from_the_notes_table_in_order(tmp_path):
    from helpers.questions import notes_prompts

    write(tmp_path, GOOD + NOTES, "99.toml")
    assert notes_prompts("99", tmp_path) == ["In your own words: what is it?", "Which link worries you most?"]
    assert validate_questions(tmp_path) == []


@pytest.mark.parametrize("notes, key, words", [
    ('\n[notes]\nmeaning = ""\n', "meaning", "missing or empty"),
    ('\n[notes]\nMeaning = "What is it?"\n', "Meaning", "not a valid key"),
    ('\n[notes]\nmeaning = 3\n', "meaning", "missing or empty"),
])
def test_a_bad_notes_table_names_the_file_line_and_key(tmp_path, notes, key, words):
    from helpers.questions import notes_prompts

    write(tmp_path, GOOD + notes, "99.toml")
    (problem,) = validate_questions(tmp_path)
    assert problem.file.endswith("99.toml") and problem.field == key and words in problem.message
    assert problem.line == len((GOOD + notes).splitlines())
    with pytest.raises(helpers.DataError, match=rf"99\.toml.*{key}"):
        notes_prompts("99", tmp_path)


def test_a_file_without_notes_says_which_file_and_what_to_add(tmp_path):
    from helpers.questions import notes_prompts

    write(tmp_path, GOOD, "99.toml")
    with pytest.raises(helpers.DataError, match=r"99\.toml, notes: the file has no \[notes\] table"):
        notes_prompts("99", tmp_path)
    with pytest.raises(helpers.DataError, match=r"no questions file for lesson 98"):
        notes_prompts("98", tmp_path)


def test_check_reports_notes_prompts_left_in_a_lesson_or_missing_from_its_file(tmp_path):
    from helpers.authoring.anatomy import check_self_checks

    (tmp_path / "questions").mkdir()
    write(tmp_path / "questions", GOOD + NOTES, "99.toml")
    write(tmp_path / "questions", GOOD.replace('"99"', '"98"'), "98.toml")
    lesson(tmp_path, "99-good.ipynb", 'helpers.learners_notebook("99")')
    lesson(tmp_path, "97-inline.ipynb", 'helpers.learners_notebook("99", ["A long prompt typed in?"])')
    lesson(tmp_path, "98-no-notes.ipynb", 'helpers.learners_notebook("98")')
    problems = {p.file: p for p in check_self_checks(tmp_path, tmp_path / "questions")}
    assert set(problems) == {"lessons/97-inline.ipynb", "lessons/98-no-notes.ipynb"}
    inline, missing = problems["lessons/97-inline.ipynb"], problems["lessons/98-no-notes.ipynb"]
    assert inline.line == 2 and inline.field == "notes" and "[notes] table of lessons/questions/99.toml" in \
        inline.message
    assert missing.field == "notes" and "98.toml, notes: the file has no [notes] table" in missing.message


def test_every_course_lesson_takes_its_notes_prompts_from_its_questions_file():
    from helpers.questions import notes_prompts

    for number in ("00", "01", "02", "03", "04", "05", "06"):
        prompts = notes_prompts(number)
        assert len(prompts) >= 2 and all(p.strip() for p in prompts), number


def test_former_prompt_words_map_a_reworded_prompt_to_its_old_words(tmp_path):
    from helpers.questions import former_prompts

    formerly = '\n[notes_formerly]\nworry = "Which link worries you?"\n'
    write(tmp_path, GOOD + NOTES + formerly, "99.toml")
    assert validate_questions(tmp_path) == []
    assert former_prompts("99", tmp_path) == {"Which link worries you most?": ["Which link worries you?"]}
    write(tmp_path, GOOD + NOTES, "98.toml")
    assert former_prompts("98", tmp_path) == {}


@pytest.mark.parametrize("formerly, key, words", [
    ('\n[notes_formerly]\nworried = "Which link worries you?"\n', "worried", "not a key of the [notes] table"),
    ('\n[notes_formerly]\nworry = []\n', "worry", "old words in double quotes"),
    ('\n[notes_formerly]\nworry = ["", "x"]\n', "worry", "old words in double quotes"),
])
def test_a_bad_notes_formerly_table_names_the_file_line_and_key(tmp_path, formerly, key, words):
    from helpers.questions import former_prompts

    write(tmp_path, GOOD + NOTES + formerly, "99.toml")
    (problem,) = validate_questions(tmp_path)
    assert problem.file.endswith("99.toml") and problem.field == key and words in problem.message
    assert problem.line == len((GOOD + NOTES + formerly).splitlines())
    with pytest.raises(helpers.DataError, match=rf"99\.toml.*{key}"):
        former_prompts("99", tmp_path)


def test_retired_prompt_words_are_read_by_key_with_their_former_words(tmp_path):
    from helpers.questions import retired_prompts

    retired = ('\n[notes_retired]\nladder = ["Draw the ladder in words.", "Draw the ladder."]\n'
               'room = "Describe the room."\n')
    write(tmp_path, GOOD + NOTES + retired, "99.toml")
    assert validate_questions(tmp_path) == []
    assert retired_prompts("99", tmp_path) == {"ladder": ["Draw the ladder in words.", "Draw the ladder."],
                                               "room": ["Describe the room."]}
    write(tmp_path, GOOD + NOTES, "98.toml")
    assert retired_prompts("98", tmp_path) == {}


def test_one_reading_gives_the_current_former_and_retired_prompts(tmp_path, monkeypatch):
    from helpers import questions

    extra = ('\n[notes_formerly]\nworry = "Which link worries you?"\n'
             '[notes_retired]\nladder = ["Draw the ladder in words.", "Draw the ladder."]\n')
    write(tmp_path, GOOD + NOTES + extra, "99.toml")
    reads = []
    parse = questions._notes_doc
    monkeypatch.setattr(questions, "_notes_doc", lambda *a: reads.append(a) or parse(*a))
    both = questions.read_notes_prompts("99", tmp_path)
    assert len(reads) == 1
    assert both.prompts == questions.notes_prompts("99", tmp_path)
    assert both.former == questions.former_prompts("99", tmp_path) == {
        "Which link worries you most?": ["Which link worries you?"]}
    assert both.retired == questions.retired_prompts("99", tmp_path) == {
        "ladder": ["Draw the ladder in words.", "Draw the ladder."]}
    # a broken [notes] table is reported alone, not with the complaints it would cause in the later tables
    write(tmp_path, GOOD + NOTES.replace("Which link worries you most?", "") + extra, "98.toml")
    with pytest.raises(helpers.DataError) as err:
        questions.read_notes_prompts("98", tmp_path)
    assert str(err.value) == str(pytest.raises(helpers.DataError, questions.notes_prompts, "98", tmp_path).value)


@pytest.mark.parametrize("retired, key, words", [
    ('\n[notes_retired]\nworry = ["Which link worried you?"]\n', "worry", "also a prompt of the [notes] table"),
    ('\n[notes_retired]\nladder = []\n', "ladder", "words as they were in double quotes"),
    ('\n[notes_retired]\nladder = ["Draw it.", 3]\n', "ladder", "words as they were in double quotes"),
    ('\n[notes_retired]\nLadder = ["Draw it."]\n', "Ladder", "not a valid key"),
    ('\n[notes_retired]\nold-worry = ["Which  link worries you most?"]\n', "old-worry",
     "still those of the prompt 'worry'"),
    ('\n[notes_formerly]\nworry = "Which link worried you?"\n[notes_retired]\nold = ["Which link worried you?"]\n',
     "old", "still those of the prompt 'worry'"),
])
def test_a_bad_notes_retired_table_names_the_file_line_and_key(tmp_path, retired, key, words):
    from helpers.questions import retired_prompts

    write(tmp_path, GOOD + NOTES + retired, "99.toml")
    (problem,) = validate_questions(tmp_path)
    assert problem.file.endswith("99.toml") and problem.field == key and words in problem.message
    assert problem.line == len((GOOD + NOTES + retired).splitlines())
    assert "[notes_retired]" in problem.message
    with pytest.raises(helpers.DataError, match=rf"99\.toml.*{key}"):
        retired_prompts("99", tmp_path)


def test_a_notes_retired_value_that_is_not_a_table_is_named(tmp_path):
    text = 'notes_retired = "Draw the ladder."\n' + GOOD + NOTES
    write(tmp_path, text, "99.toml")
    (problem,) = validate_questions(tmp_path)
    assert problem.field == "notes_retired" and "must be a table" in problem.message and problem.line == 1


# --- shuffled options: questions.display_order -------------------------------------------------------------

def course_choice_questions() -> dict[str, list]:
    """Every lesson's choice questions, by lesson number."""
    lessons = sorted(p.stem for p in QUESTIONS_DIR.glob("[0-9][0-9].toml"))
    return {n: [q for q in load_questions(n) if q.kind == "choice"] for n in lessons}


def test_display_order_is_a_permutation_carrying_each_options_feedback():
    from helpers.questions import as_displayed, display_order
    for lesson, items in course_choice_questions().items():
        for q in items:
            order = display_order(q)
            assert sorted(order) == list(range(len(q.options))), f"{lesson} {q.id}: {order} is not a permutation"
            shown = as_displayed(q)
            assert shown.options == tuple(q.options[i] for i in order)
            # each option keeps its own feedback, and marking still goes by the option's text
            assert dict(zip(shown.options, shown.feedback)) == dict(zip(q.options, q.feedback))
            for option in q.options:
                assert check_answer(shown, option) == check_answer(q, option)
            assert check_answer(shown, q.answer).correct is True


def test_display_order_is_the_same_in_every_process():
    """Seeded by the lesson and the id through hashlib: a new interpreter with another hash seed agrees."""
    import json
    import os
    import subprocess
    import sys

    from helpers.questions import display_order
    here = {f"{lesson}/{q.id}": list(display_order(q)) for lesson, items in course_choice_questions().items()
            for q in items}
    code = ("import json; from helpers.questions import load_questions, display_order\n"
            "print(json.dumps({f'{n}/{q.id}': list(display_order(q)) for n in %r "
            "for q in load_questions(n) if q.kind == 'choice'}))" % sorted(course_choice_questions()))
    for seed in ("1", "2"):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                             env={**os.environ, "PYTHONHASHSEED": seed}, cwd=Path(__file__).resolve().parents[1])
        assert json.loads(out.stdout) == here


def test_display_order_moves_the_right_answer_about_in_every_lesson():
    """Readers found the right answer was option 1 in every question of the course. Shown shuffled, no lesson
    with two or more choice questions puts every right answer in one place, nor two in a row in the same place."""
    from helpers.questions import as_displayed
    checked = 0
    for lesson, items in course_choice_questions().items():
        places = [as_displayed(q).options.index(q.answer) for q in items]
        if len(places) < 2:
            continue
        checked += 1
        assert len(set(places)) > 1, f"lesson {lesson}: every right answer is shown in place {places[0] + 1}"
        assert all(a != b for a, b in zip(places, places[1:])), f"lesson {lesson}: places {places}"
    assert checked >= 5


def test_display_order_of_a_fixture_is_a_shuffle_not_the_files_order():
    from dataclasses import replace

    from helpers.questions import Question, display_order
    options = tuple(f"option {i}" for i in range(4))
    orders = {display_order(Question(id=f"q{i}", kind="choice", prompt="?", options=options, answer="option 0",
                                     lesson="99")) for i in range(20)}
    assert len(orders) > 5  # seeded by the id: different questions, different orders
    after = Question(id="q", kind="choice", prompt="?", options=options, answer="option 2", lesson="99")
    for place in range(4):
        assert display_order(replace(after, after_place=place)).index(2) != place
    number = by_id()["july-target"]
    assert display_order(number) == ()
