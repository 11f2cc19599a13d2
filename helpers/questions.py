"""Self-check questions: one TOML file per lesson, ``lessons/questions/NN.toml``.

The format is documented for instructors in ``lessons/questions/README.md``.
:func:`load_questions` reads and checks one lesson's file and raises a
``DataError`` that names the file, the question (its id, or its position
when the id is missing), the field and what to do; :func:`validate_questions`
lists every problem in every file; :func:`check_answer` is the pure marking
function the self-check widget calls.
"""
from __future__ import annotations

import hashlib
import math
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from .data import DataError, Problem
from .memo import load_memo
from .paths import QUESTIONS_DIR, ROOT

KINDS = ("choice", "number", "open")
COMMON = {"id", "kind", "prompt", "paragraphs"}
FIELDS = {
    "choice": COMMON | {"options", "answer", "feedback"},
    "number": COMMON | {"answer", "tolerance", "unit", "feedback_right", "feedback_wrong"},
    "open": COMMON | {"model_answer"},
}
ID_PATTERN = r"[a-z0-9-]+"


@dataclass(frozen=True)
class Question:
    """One self-check question, as read from a lesson's TOML file."""

    id: str
    kind: str
    prompt: str
    paragraphs: tuple[str, ...] = ()
    options: tuple[str, ...] = ()
    answer: str | float | None = None
    feedback: tuple[str, ...] = ()
    tolerance: float = 0.0
    unit: str = ""
    feedback_right: str = ""
    feedback_wrong: str = ""
    model_answer: str = ""
    lesson: str = ""
    after_place: int | None = None
    """Where the lesson's previous choice question shows its right answer (0 = first); this one's goes
    elsewhere (:func:`display_order`). None for the first choice question."""


@dataclass(frozen=True)
class Feedback:
    """The result of checking an answer: ``correct`` is None where there is nothing to mark."""

    correct: bool | None
    message: str


@dataclass
class _Reader:
    file: str
    problems: list[Problem] = field(default_factory=list)

    def add(self, line: int | None, where: str, fld: str | None, message: str) -> None:
        self.problems.append(Problem(self.file, line, fld, f"{where}: {message}" if where else message))


def lesson_number(lesson: str | int) -> str:
    """A lesson's two-digit number: ``3``, ``"3"`` and ``"03"`` all give ``"03"``."""
    text = str(lesson).strip()
    if not re.fullmatch(r"\d{1,2}", text):
        raise DataError(f"{lesson!r} is not a lesson number. Use the two digits of the lesson, e.g. \"03\".")
    return f"{int(text):02d}"


def questions_folder(folder: Path | str | None = None) -> Path:
    """The folder of the questions files: ``folder`` where given, else ``lessons/questions``."""
    return Path(folder) if folder is not None else QUESTIONS_DIR


def shown_path(path: Path) -> str:
    """A questions file's path as shown in a message: from the course's root where it lies inside it."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def _paragraph_ids(data_dir) -> set[str]:
    return set(load_memo(data_dir).ids)


def _question_lines(text: str) -> list[int]:
    return [n for n, line in enumerate(text.splitlines(), start=1) if line.strip().startswith("[[questions]]")]


def _is_text(value) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _read(path: Path, lesson: str, paragraphs: set[str]) -> tuple[list[Question], list[Problem]]:
    shown = shown_path(path)
    reader = _Reader(shown)
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")  # a byte-order mark (Windows Notepad, Excel) is not part of the text
    except FileNotFoundError:
        reader.add(None, "", None, f"there is no questions file for lesson {lesson}. Create {path.name} in "
                   f"{path.parent} following lessons/questions/README.md, or pass the folder that holds it.")
        return [], reader.problems
    except OSError as err:
        reader.add(None, "", None, f"cannot be read ({err.strerror}).")
        return [], reader.problems
    except UnicodeDecodeError as err:
        reader.add(raw.count(b"\n", 0, err.start) + 1, "", None,
                   f"is not UTF-8 text ({err.reason}). Save it as UTF-8.")
        return [], reader.problems
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        line = re.search(r"line (\d+)", str(err))
        reader.add(int(line.group(1)) if line else None, "", None,
                   f"is not valid TOML ({err}). Check the quotes, brackets and '=' signs on that line.")
        return [], reader.problems
    if str(doc.get("lesson", "")) != lesson:
        reader.add(1, "", "lesson", f"the file must begin with lesson = \"{lesson}\" (it gives "
                   f"{doc.get('lesson')!r}). Use the two-digit number of the file's name, in quotes.")
    extra = set(doc) - {"lesson", "questions", "notes", "notes_formerly", "notes_retired"}
    for key in sorted(extra):
        reader.add(None, "", key, f"unknown top-level key {key!r}. A file holds lesson = \"NN\", "
                   "[[questions]] tables and one [notes] table, with one [notes_formerly] table if a prompt "
                   "was reworded and one [notes_retired] table if a prompt was cut, nothing else; indent "
                   "nothing, and start each question with [[questions]].")
    if "notes" in doc:
        prompts = _notes_table(doc["notes"], text, reader)
        former = _formerly_table(doc.get("notes_formerly", {}), prompts, text, reader)
        _retired_table(doc.get("notes_retired", {}), prompts, former, text, reader)
    items = doc.get("questions")
    if not isinstance(items, list) or not items:
        reader.add(None, "", "questions", "no questions. Add at least one [[questions]] table.")
        return [], reader.problems
    lines = _question_lines(text)
    questions: list[Question] = []
    seen: dict[str, int] = {}
    for n, item in enumerate(items, start=1):
        line = lines[n - 1] if n - 1 < len(lines) else None
        qid = item.get("id") if isinstance(item, dict) else None
        where = f"question {qid!r} (no. {n})" if _is_text(qid) else f"question no. {n}"
        if not isinstance(item, dict):
            reader.add(line, where, None, "is not a table. Start it with [[questions]].")
            continue
        before = len(reader.problems)
        question = _question(item, n, line, where, lesson, paragraphs, reader)
        if _is_text(qid):
            if qid in seen:
                reader.add(line, where, "id", f"the id {qid!r} is used twice (also question no. {seen[qid]}). "
                           "Give each question its own id.")
            seen.setdefault(qid, n)
        if question is not None and len(reader.problems) == before:
            if question.kind == "choice":
                before_it = [q for q in questions if q.kind == "choice"]
                if before_it:
                    question = replace(question, after_place=answer_place(before_it[-1]))
            questions.append(question)
    return questions, reader.problems


def _notes_line(text: str, key: str | None = None, table: str = "notes") -> int | None:
    """The line of ``[notes]`` (or of ``key = ...`` inside it) in a questions file's text.

    Without ``key``, a table written as a top-level value by mistake (``notes = "..."``) is found too.
    """
    inside = top = False
    for n, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            if inside and key is not None:
                return None
            inside, top = stripped.replace(" ", "") == f"[{table}]", True
            if inside and key is None:
                return n
        elif key is None and not top and re.match(rf"{re.escape(table)}\s*=", stripped):
            return n
        elif inside and key is not None and re.match(rf"""["']?{re.escape(key)}["']?\s*=""", stripped):
            return n
    return None


def _notes_table(table, text: str, reader: _Reader) -> dict[str, str]:
    """The prompts of a ``[notes]`` table, in order; each problem is added to ``reader``."""
    where = "[notes]"
    if not isinstance(table, dict):
        reader.add(_notes_line(text), where, "notes", "notes must be a table: a line [notes], then one line "
                   'per prompt, e.g. meaning = "In your own words: what is a memorandum of conversation?".')
        return {}
    if not table:
        reader.add(_notes_line(text), where, "notes", "the [notes] table has no prompts. Add at least one line "
                   'such as meaning = "In your own words: ...".')
    prompts: dict[str, str] = {}
    for key, value in table.items():
        line = _notes_line(text, key) or _notes_line(text)
        if not re.fullmatch(ID_PATTERN, key):
            reader.add(line, where, key, f"{key!r} is not a valid key. Use lower-case letters, digits and dashes.")
        if not _is_text(value):
            reader.add(line, where, key, f"the prompt {key!r} is missing or empty. Write the question the "
                       "learner answers in double quotes.")
            continue
        prompts[key] = value
    return prompts


def _formerly_table(table, prompts: dict[str, str], text: str, reader: _Reader) -> dict[str, list[str]]:
    """The former wordings of reworded prompts, by key: ``[notes_formerly]``; problems go to ``reader``."""
    where = "[notes_formerly]"
    if not isinstance(table, dict):
        reader.add(_notes_line(text, table="notes_formerly"), where, "notes_formerly", "must be a table: a "
                   'line [notes_formerly], then key = ["the prompt\'s old words"] for each reworded prompt.')
        return {}
    former: dict[str, list[str]] = {}
    for key, value in table.items():
        line = _notes_line(text, key, "notes_formerly") or _notes_line(text, table="notes_formerly")
        words = [value] if isinstance(value, str) else value
        if key not in prompts:
            reader.add(line, where, key, f"{key!r} is not a key of the [notes] table. Use the key of the prompt "
                       "whose words changed.")
        elif not isinstance(words, list) or not words or not all(_is_text(w) for w in words):
            reader.add(line, where, key, 'give the old words in double quotes, or a list of them: '
                       'key = ["old words", "older words"].')
        else:
            former[key] = words
    return former


def _heading(words: str) -> str:
    """Words as the notes file's heading: one line, single spaces (as ``notes.prompt_key``)."""
    return " ".join(words.split())


def _retired_table(table, prompts: dict[str, str], former: dict[str, list[str]], text: str,
                   reader: _Reader) -> dict[str, list[str]]:
    """The words of prompts cut from ``[notes]``, by key: ``[notes_retired]``; problems go to ``reader``."""
    where = "[notes_retired]"
    if not isinstance(table, dict):
        reader.add(_notes_line(text, table="notes_retired"), where, "notes_retired", "must be a table: a line "
                   '[notes_retired], then key = ["the prompt\'s words as they were"] for each prompt cut from [notes].')
        return {}
    current: dict[str, str] = {}  # the words of every current prompt, old and new, as headings: their key
    for key, words in [*((k, [p]) for k, p in prompts.items()), *former.items()]:
        current.update({_heading(w): key for w in words})
    retired: dict[str, list[str]] = {}
    for key, value in table.items():
        line = _notes_line(text, key, "notes_retired") or _notes_line(text, table="notes_retired")
        words = [value] if isinstance(value, str) else value
        if not re.fullmatch(ID_PATTERN, key):
            reader.add(line, where, key, f"{key!r} is not a valid key. Use lower-case letters, digits and dashes.")
        elif key in prompts:
            reader.add(line, where, key, f"{key!r} is also a prompt of the [notes] table. A retired prompt is one "
                       "cut from [notes]: delete this line, or the prompt's line in [notes].")
        elif not isinstance(words, list) or not words or not all(_is_text(w) for w in words):
            reader.add(line, where, key, 'give the prompt\'s words as they were in double quotes, or a list of '
                       'them: key = ["its last words", "older words"].')
        elif any(_heading(w) in current for w in words):
            clash = next(current[_heading(w)] for w in words if _heading(w) in current)
            reader.add(line, where, key, f"these words are still those of the prompt {clash!r} (in [notes] or "
                       "[notes_formerly]), so their answers fill its box already. Delete this line.")
        else:
            retired[key] = words
    return retired


def _question(item: dict, n: int, line: int | None, where: str, lesson: str, paragraphs: set[str],
              reader: _Reader) -> Question | None:
    def need_text(key: str, what: str) -> str:
        value = item.get(key)
        if not _is_text(value):
            reader.add(line, where, key, f"'{key}' is missing or empty. Write {what} in double quotes.")
            return ""
        return value

    qid = need_text("id", 'a short id of lower-case letters, digits and dashes, e.g. "first-target"')
    if qid and not re.fullmatch(ID_PATTERN, qid):
        reader.add(line, where, "id", f"{qid!r} is not a valid id. Use lower-case letters, digits and dashes only.")
    kind = item.get("kind")
    if kind not in KINDS:
        reader.add(line, where, "kind", f"kind is {kind!r}; it must be one of \"choice\", \"number\", \"open\".")
        return None
    prompt = need_text("prompt", "the question the learner reads")
    for key in sorted(set(item) - FIELDS[kind]):
        reader.add(line, where, key, f"'{key}' is not a field of a {kind} question. The fields are: "
                   f"{', '.join(sorted(FIELDS[kind]))}. Check the spelling.")
    refs = item.get("paragraphs", [])
    if not isinstance(refs, list) or not all(isinstance(r, str) for r in refs):
        reader.add(line, where, "paragraphs", 'paragraphs must be a list of paragraph ids, e.g. ["p48", "p51"].')
        refs = []
    for ref in refs:
        if ref not in paragraphs:
            reader.add(line, where, "paragraphs", f"{ref!r} is not a paragraph of the memo. Use ids from "
                       "data/paragraphs.csv, e.g. \"p48\".")
    common = {"id": qid, "kind": kind, "prompt": prompt, "paragraphs": tuple(refs), "lesson": lesson}
    if kind == "choice":
        options = item.get("options")
        if not isinstance(options, list) or len(options) < 2 or not all(_is_text(o) for o in options):
            reader.add(line, where, "options", "options must be a list of at least two texts, "
                       'e.g. options = ["6.2", "10.7"].')
            return None
        if len(set(options)) != len(options):
            reader.add(line, where, "options", "two options have the same text. Make each option different.")
        answer = item.get("answer")
        if answer not in options:
            reader.add(line, where, "answer", f"the answer {answer!r} is not one of the options. Copy the right "
                       "option's text exactly into answer.")
        feedback = item.get("feedback")
        if not isinstance(feedback, list) or len(feedback) != len(options) or not all(_is_text(f) for f in feedback):
            reader.add(line, where, "feedback", f"feedback must be a list of {len(options)} texts, one per option "
                       "in the same order, each saying why that option is right or wrong.")
            feedback = []
        return Question(**common, options=tuple(options), answer=answer, feedback=tuple(feedback))
    if kind == "number":
        answer = item.get("answer")
        if not _is_number(answer):
            reader.add(line, where, "answer", f"answer must be a number without quotes or units, e.g. answer = 10.7 "
                       f"(it is {answer!r}).")
        tolerance = item.get("tolerance", 0)
        if not _is_number(tolerance) or tolerance < 0:
            reader.add(line, where, "tolerance", "tolerance must be a number of zero or more, e.g. tolerance = 0.05.")
            tolerance = 0
        unit = item.get("unit", "")
        if not isinstance(unit, str):
            reader.add(line, where, "unit", 'unit must be text in double quotes, e.g. unit = "million tonnes".')
            unit = ""
        right = need_text("feedback_right", "what to tell a learner who is right")
        wrong = need_text("feedback_wrong", "a hint for a learner who is wrong")
        return Question(**common, answer=float(answer) if _is_number(answer) else None, tolerance=float(tolerance),
                        unit=unit, feedback_right=right, feedback_wrong=wrong)
    model = need_text("model_answer", "a model answer to show after the learner has written their own")
    return Question(**common, model_answer=model)


def load_questions(lesson: str | int, folder: Path | str | None = None, data_dir=None) -> list[Question]:
    """Read and check one lesson's questions from ``NN.toml``.

    Parameters
    ----------
    lesson : the lesson's number, e.g. ``"03"``.
    folder : the folder that holds the TOML files; by default ``lessons/questions``.
    data_dir : the data folder whose paragraphs the references must name.

    Raises
    ------
    DataError : naming the file, the question (id or position), the field and what to do.
    """
    number = lesson_number(lesson)
    path = questions_folder(folder) / f"{number}.toml"
    questions, problems = _read(path, number, _paragraph_ids(data_dir))
    if problems:
        listed = "\n".join(f"- {p}" for p in problems)
        raise DataError(f"The questions for lesson {number} have {len(problems)} problem(s):\n{listed}\n"
                        "Fix them and run the cell again (lessons/questions/README.md describes the format).")
    return questions


def notes_prompts(lesson: str | int, folder: Path | str | None = None) -> list[str]:
    """The prompts of a lesson's "Your notes" box, from the ``[notes]`` table of ``NN.toml``.

    Parameters
    ----------
    lesson : the lesson's number, e.g. ``"03"``.
    folder : the folder that holds the TOML files; by default ``lessons/questions``.

    Raises
    ------
    DataError : naming the file, the key and what to do (no such file, no ``[notes]`` table, an empty prompt).

    The text of a prompt is the heading its answer is saved under in ``NN-my-notes.md``: when a prompt's
    words change, list the old words in ``[notes_formerly]`` (see :func:`former_prompts`) so that answers
    saved under them still fill the box.
    """
    return _read_notes(lesson, folder, "notes").prompts


@dataclass(frozen=True)
class NotesPrompts:
    """A lesson's "Your notes" prompts, read once from ``NN.toml``: see :func:`read_notes_prompts`."""

    prompts: list[str]
    """The current prompts, in order (the ``[notes]`` table)."""
    former: dict[str, list[str]]
    """The earlier words of each reworded prompt, ``{prompt: [old words, ...]}`` (``[notes_formerly]``)."""
    retired: dict[str, list[str]]
    """The prompts cut from the lesson, ``{key: [its last words, older words, ...]}`` (``[notes_retired]``)."""


def read_notes_prompts(lesson: str | int, folder: Path | str | None = None) -> NotesPrompts:
    """A lesson's current, former and retired "Your notes" prompts, from one reading of ``NN.toml``.

    Parameters
    ----------
    lesson : the lesson's number, e.g. ``"03"``.
    folder : the folder that holds the TOML files; by default ``lessons/questions``.

    Raises
    ------
    DataError : as :func:`notes_prompts`, :func:`former_prompts` and :func:`retired_prompts` do, each
        table's problems in that order.
    """
    return _read_notes(lesson, folder, "notes_retired", staged=True)


def _read_notes(lesson: str | int, folder: Path | str | None, last: str, staged: bool = False) -> NotesPrompts:
    """Read ``[notes]`` and the tables after it up to ``last`` (``"notes"``, ``"notes_formerly"`` or
    ``"notes_retired"``); later tables are neither read nor checked and come back empty. Problems raise
    one DataError at the end, or, ``staged``, at the first table that has any (as the widget's three
    separate reads once did)."""
    doc, text, shown = _notes_doc(lesson, folder)
    reader = _Reader(shown)

    def checked(stage: bool = True) -> None:
        if reader.problems and stage:
            raise DataError("\n".join(str(p) for p in reader.problems))

    prompts = _notes_table(doc["notes"], text, reader)
    checked(staged)
    former: dict = {}
    retired: dict[str, list[str]] = {}
    if last != "notes":
        former = _formerly_table(doc.get("notes_formerly", {}), prompts, text, reader)
        checked(staged)
    if last == "notes_retired":
        retired = _retired_table(doc.get("notes_retired", {}), prompts, former, text, reader)
    checked()
    return NotesPrompts(prompts=list(prompts.values()),
                        former={prompts[key]: words for key, words in former.items()}, retired=retired)


def former_prompts(lesson: str | int, folder: Path | str | None = None) -> dict[str, list[str]]:
    """The earlier words of each reworded "Your notes" prompt: ``{prompt: [old words, ...]}``.

    They come from the ``[notes_formerly]`` table of ``NN.toml`` (key = the prompt's key in ``[notes]``);
    a learner's answer saved under old words fills the reworded prompt's box. Raises DataError as
    :func:`notes_prompts` does, and for a key that is not a prompt.
    """
    return _read_notes(lesson, folder, "notes_formerly").former


def retired_prompts(lesson: str | int, folder: Path | str | None = None) -> dict[str, list[str]]:
    """The prompts cut from a lesson's "Your notes", by key: ``{key: [its last words, older words, ...]}``.

    They come from the ``[notes_retired]`` table of ``NN.toml``; a learner's answer saved under any of
    these words is still shown, in a box of its own after the current prompts. Raises DataError as
    :func:`notes_prompts` does, and for a key that is still a prompt.
    """
    return _read_notes(lesson, folder, "notes_retired").retired


def _notes_doc(lesson: str | int, folder: Path | str | None) -> tuple[dict, str, str]:
    """A lesson's questions file read for its notes: the parsed TOML, its text and its shown path."""
    number = lesson_number(lesson)
    path = questions_folder(folder) / f"{number}.toml"
    shown = shown_path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
        doc = tomllib.loads(text)
    except FileNotFoundError:
        raise DataError(f"{shown}: there is no questions file for lesson {number}, so its notes have no prompts. "
                        "Create it with a [notes] table (lessons/questions/README.md describes the format).") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise DataError(f"{shown}: cannot be read ({err}). Run python -m helpers check to see where.") from None
    if "notes" not in doc:
        raise DataError(f"{shown}, notes: the file has no [notes] table, so the lesson's \"Your notes\" box has "
                        "no prompts. Add one (lessons/questions/README.md describes the format).")
    return doc, text, shown


def validate_questions(folder: Path | str | None = None, data_dir=None) -> list[Problem]:
    """Every problem in every questions file of a folder (an empty list when all is well)."""
    folder = questions_folder(folder)
    paragraphs = _paragraph_ids(data_dir)
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.toml")):
        if not re.fullmatch(r"\d{2}", path.stem):
            problems.append(Problem(shown_path(path), None, None, "the name must be the lesson's two-digit number, "
                                    "e.g. 03.toml. Rename the file."))
            continue
        problems += _read(path, path.stem, paragraphs)[1]
    return problems


def _rank(*parts) -> str:
    """A stable pseudo-random key for sorting: SHA-256 of the parts, never Python's random state."""
    return hashlib.sha256("/".join(str(p) for p in parts).encode("utf-8")).hexdigest()


def display_order(question: Question) -> tuple[int, ...]:
    """The order in which a choice question's options are shown: a permutation of their indices.

    The questions file keeps its options in the author's order (often the right one first); the
    learner sees them shuffled, the same way in every run, kernel and edition: the order is seeded by
    the lesson and the question's id through SHA-256, never by Python's random state. The right
    answer never takes the place of the previous choice question's (``after_place``, set when the
    file is read), so no lesson puts every right answer in one place. Other kinds keep their order.

    >>> q = Question(id="first-target", kind="choice", prompt="?", options=("a", "b", "c"), answer="a",
    ...              lesson="03", after_place=0)
    >>> sorted(display_order(q)) == [0, 1, 2] and display_order(q) == display_order(q)
    True
    >>> display_order(q).index(0) != 0
    True
    """
    n = len(question.options)
    if question.kind != "choice" or n < 2:
        return tuple(range(n))
    order = sorted(range(n), key=lambda i: _rank(question.lesson, question.id, i))
    if question.answer not in question.options:
        return tuple(order)
    right = question.options.index(question.answer)
    places = sorted(range(n), key=lambda place: _rank(question.lesson, question.id, "place", place))
    where = next(p for p in places if p != question.after_place)
    order.remove(right)
    return tuple(order[:where] + [right] + order[where:])


def answer_place(question: Question) -> int | None:
    """Where the right answer of a choice question is shown (0 = first), or None for other kinds."""
    if question.kind != "choice" or question.answer not in question.options:
        return None
    return display_order(question).index(question.options.index(question.answer))


def as_displayed(question: Question) -> Question:
    """The question with its options, and each option's feedback with it, in :func:`display_order`.

    Marking is unchanged: :func:`check_answer` matches the chosen option's text, and the right
    answer is a text, not a position.
    """
    if question.kind != "choice":
        return question
    order = display_order(question)
    feedback = (tuple(question.feedback[i] for i in order) if len(question.feedback) == len(question.options)
                else question.feedback)
    return replace(question, options=tuple(question.options[i] for i in order), feedback=feedback)


ENTER_A_NUMBER = "Enter a number first (digits, with a point for decimals), then press Check."


def parse_number(answer) -> float | None:
    """A number from a learner's input: 10.7, "10.7", "10,7" (a decimal comma) or "700,000".

    Empty or blank input, and text that is not a number, give None (the self-check then asks for a number).
    """
    if _is_number(answer):
        return float(answer)
    if not isinstance(answer, str):
        return None
    text = answer.strip().replace(" ", "")
    text = text.replace(",", ".") if re.fullmatch(r"-?\d+,\d{1,2}", text) else text.replace(",", "")
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def check_answer(question: Question, answer) -> Feedback:
    """Mark one answer; a pure function.

    choice : ``answer`` is the option's text; the option's own feedback is returned.
    number : right when within ``tolerance`` of the answer (a number, or text such as "10.7").
    open : nothing to mark (``correct`` is None); the message is the model answer, once ``answer`` is not empty.
    """
    if question.kind == "choice":
        if answer is None or answer == "":
            return Feedback(None, "Choose one of the options first.")
        if answer not in question.options:
            return Feedback(None, f"{answer!r} is not one of the options.")
        index = question.options.index(answer)
        right = answer == question.answer
        note = question.feedback[index] if index < len(question.feedback) else ""
        return Feedback(right, _verdict(right, note))
    if question.kind == "number":
        value = parse_number(answer)
        if value is None:
            return Feedback(None, ENTER_A_NUMBER)
        right = abs(value - float(question.answer)) <= question.tolerance + 1e-9 * max(1.0, abs(question.answer))
        text = question.feedback_right if right else question.feedback_wrong
        return Feedback(right, _verdict(right, text))
    if not str(answer or "").strip():
        return Feedback(None, "Write your own answer first: the model answer appears once you have tried.")
    return Feedback(None, f"A model answer: {question.model_answer}")


VERDICT = re.compile(r"^(right|yes|correct|no|not quite|wrong)\s*[:.,!;]", flags=re.I)


def _verdict(right: bool, text: str) -> str:
    """The feedback, opened with 'Right.' or 'Not quite.' unless it already opens with a verdict."""
    if VERDICT.match(text.strip()):
        return text.strip()
    return f"{'Right' if right else 'Not quite'}. {text}".strip()


def score(results: dict[str, bool | None], questions: list[Question]) -> str:
    """The score line, e.g. '2 of 3 right' (only questions that can be marked count)."""
    marked = [q for q in questions if q.kind in ("choice", "number")]
    if not any(results.get(q.id) is not None for q in marked):
        if len(marked) == len(questions):
            return f"Nothing checked yet. Your score will count all {len(marked)} questions"
        others = len(questions) - len(marked)
        rest = ("the other one is an open question, with a model answer" if others == 1
                else f"the other {others} are open questions, with a model answer")
        return f"Nothing checked yet. Your score will count the {len(marked)} questions that have a right answer ({rest})"
    right = sum(1 for q in marked if results.get(q.id) is True)
    return f"{right} of {len(marked)} right"
