"""The learner's notebook: saving, merging, reading back, and never losing a word."""
from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

import pytest

from helpers.notes import EARLIER, NotesWarning, load_notes, notes_path, save_notes

T1 = dt.datetime(2026, 3, 1, 10, 0, 0)
T2 = dt.datetime(2026, 3, 1, 11, 30, 5)


def test_notes_live_in_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert notes_path("3") == tmp_path / "03-my-notes.md"
    save_notes(3, {"Who speaks?": "Mao."})
    assert (tmp_path / "03-my-notes.md").exists()
    assert load_notes("03") == {"Who speaks?": "Mao."}


def test_round_trip_keeps_the_text_exactly(tmp_path):
    answers = {
        "Who is the 'teacher'?": "Jiang Jieshi, then Dulles.\n\n## Not a heading\n# nor this\n\\# nor this",
        "What is a dazibao?": "A poster   with  spaces\n  and an indented line",
        "Empty?": "",
    }
    path = save_notes("02", answers, tmp_path, now=T1)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Lesson 02: my notes")
    assert "## Who is the 'teacher'?" in text and "\\## Not a heading" in text
    assert load_notes("02", tmp_path) == {k: v for k, v in answers.items() if v}


def test_saving_again_merges_and_keeps_earlier_versions(tmp_path):
    save_notes("04", {"Q1": "first answer", "Q2": "kept"}, tmp_path, now=T1)
    save_notes("04", {"Q1": "second answer", "Q3": "new"}, tmp_path, now=T2)
    assert load_notes("04", tmp_path) == {"Q1": "second answer", "Q2": "kept", "Q3": "new"}
    text = notes_path("04", tmp_path).read_text(encoding="utf-8")
    assert f"## {EARLIER}" in text
    assert "### Q1 (replaced 2026-03-01 11:30:05)\n\nfirst answer" in text
    save_notes("04", {"Q1": "", "Q2": "kept"}, tmp_path, now=T2)  # empty never erases; unchanged adds nothing
    assert load_notes("04", tmp_path)["Q1"] == "second answer"
    assert notes_path("04", tmp_path).read_text(encoding="utf-8").count("(replaced") == 1
    save_notes("04", {"Q1": "third"}, tmp_path, now=T2)
    text = notes_path("04", tmp_path).read_text(encoding="utf-8")
    assert "first answer" in text and "second answer" in text and text.count("(replaced") == 2


def test_an_existing_hand_edited_file_is_merged(tmp_path):
    path = notes_path("05", tmp_path)
    path.write_text("# Lesson 05: my notes\n\n## Prompt with   odd spacing\n\nMy own words.\n\nMore.\n",
                    encoding="utf-8")
    assert load_notes("05", tmp_path) == {"Prompt with odd spacing": "My own words.\n\nMore."}
    save_notes("05", {"Another prompt": "yes", "Prompt  with odd spacing": "changed"}, tmp_path, now=T1)
    assert load_notes("05", tmp_path) == {"Prompt with odd spacing": "changed", "Another prompt": "yes"}
    assert "My own words." in path.read_text(encoding="utf-8")  # kept as an earlier version


@pytest.mark.parametrize("content", [b"\xff\xfe\x00binary", b"Some words typed above the headings\n## Q\n\nA\n",
                                     b"# Lesson 06: my notes\n\n## Q\n\nA\n# a second title\n"])
def test_an_unreadable_file_is_moved_aside_never_overwritten(tmp_path, content):
    path = notes_path("06", tmp_path)
    path.write_bytes(content)
    with pytest.warns(NotesWarning, match="moved aside to 06-my-notes.unreadable-"):
        assert load_notes("06", tmp_path) == {}
    aside = list(tmp_path.glob("06-my-notes.unreadable-*.md"))
    assert len(aside) == 1 and aside[0].read_bytes() == content
    assert not path.exists()
    save_notes("06", {"Q": "fresh"}, tmp_path, now=T1)
    assert load_notes("06", tmp_path) == {"Q": "fresh"}


def test_saving_over_an_unreadable_file_moves_it_first(tmp_path):
    path = notes_path("07", tmp_path)
    path.write_bytes(b"\x80\x81 not text")
    with pytest.warns(NotesWarning) as caught:
        save_notes("07", {"Q": "new"}, tmp_path, now=T1)
    assert "07-my-notes.unreadable-20260301-100000.md" in str(caught[0].message)
    assert (tmp_path / "07-my-notes.unreadable-20260301-100000.md").read_bytes() == b"\x80\x81 not text"
    assert load_notes("07", tmp_path) == {"Q": "new"}
    path.write_bytes(b"\x80 again")
    with pytest.warns(NotesWarning):
        save_notes("07", {"Q": "newer"}, tmp_path, now=T1)  # same second: a second file, not an overwrite
    assert len(list(tmp_path.glob("07-my-notes.unreadable-*.md"))) == 2


def test_no_file_yet_gives_no_answers(tmp_path):
    assert load_notes("08", tmp_path) == {}
    assert not list(Path(tmp_path).iterdir())


# --- never losing an answer: two savers, two windows, links, control characters, size -------------

import os  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import textwrap  # noqa: E402

from helpers import notes as notes_module  # noqa: E402
from helpers.notes import KEEP, history_path, save_answers  # noqa: E402

SAVER = textwrap.dedent("""
    import sys
    from helpers.notes import save_notes
    folder, tag, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    errors = 0
    for k in range(n):
        try:
            save_notes("09", {f"own {tag}": f"{tag} own answer {k}", "shared": f"{tag} shared answer {k}"}, folder)
        except Exception as err:  # counted: the test demands none
            errors += 1
            print(type(err).__name__, err, file=sys.stderr)
    print(errors)
""")


def everything_saved(lesson, folder) -> str:
    text = notes_path(lesson, folder).read_text(encoding="utf-8")
    history = history_path(lesson, folder)
    return text + (history.read_text(encoding="utf-8") if history.exists() else "")


def test_two_processes_saving_at_once_lose_no_answer(tmp_path):
    saves = 50
    runs = [subprocess.Popen([sys.executable, "-c", SAVER, str(tmp_path), tag, str(saves)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for tag in ("A", "B")]
    results = [run.communicate(timeout=300) for run in runs]
    assert [out.strip() for out, _ in results] == ["0", "0"], [err for _, err in results]
    saved = everything_saved("09", tmp_path)
    lost = [f"{tag} {what} answer {k}" for tag in "AB" for what in ("own", "shared") for k in range(saves)
            if f"{tag} {what} answer {k}\n" not in saved]
    assert lost == []
    current = load_notes("09", tmp_path)
    assert current["own A"] == f"A own answer {saves - 1}" and current["own B"] == f"B own answer {saves - 1}"
    assert not list(tmp_path.glob("*.tmp"))


def test_a_stale_window_never_reverts_a_newer_answer(tmp_path):
    from helpers import widgets

    prompts = ["Who is the teacher?", "Why 1%?"]
    save_notes("10", {prompts[0]: "old answer"}, tmp_path, now=T1)
    tab1 = widgets.learners_notebook("10", prompts, folder=tmp_path)
    tab2 = widgets.learners_notebook("10", prompts, folder=tmp_path)
    tab1.parts.answers[0].value = "newer answer from tab 1"
    tab1.parts.save.click()
    tab2.parts.answers[1].value = "an answer only tab 2 has"
    tab2.parts.save.click()  # tab 2 still shows "old answer" in box 1
    assert load_notes("10", tmp_path) == {prompts[0]: "newer answer from tab 1",
                                          prompts[1]: "an answer only tab 2 has"}
    assert tab2.parts.answers[0].value == "newer answer from tab 1"
    assert "another window" in tab2.parts.status.value
    tab2.parts.answers[0].value = "newest, from tab 2"  # both changed it: the last save is current
    tab2.parts.save.click()
    assert load_notes("10", tmp_path)[prompts[0]] == "newest, from tab 2"
    tab1.parts.answers[0].value = "tab 1 again, unaware of tab 2"  # tab 1 still holds its own older base
    tab1.parts.save.click()
    assert "also been changed in another window" in tab1.parts.status.value
    saved = everything_saved("10", tmp_path)
    for text in ("old answer", "newer answer from tab 1", "an answer only tab 2 has", "newest, from tab 2",
                 "tab 1 again, unaware of tab 2"):
        assert text in saved


def test_a_planted_link_is_never_followed(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("precious", encoding="utf-8")
    folder = tmp_path / "lesson"
    folder.mkdir()
    (folder / "11-my-notes.md.tmp").symlink_to(outside)
    (folder / ".11-my-notes.md.lock").symlink_to(outside)
    history_path("11", folder).symlink_to(outside)
    save_notes("11", {"Q": "first"}, folder, now=T1)
    with pytest.warns(NotesWarning, match="was a link"):
        for k in range(KEEP + 2):  # enough changes to write the history file
            save_notes("11", {"Q": f"change {k}"}, folder, now=T2)
    assert outside.read_text(encoding="utf-8") == "precious"
    assert "first" in everything_saved("11", folder)
    assert not notes_path("11", folder).is_symlink()
    assert load_notes("11", folder)["Q"].startswith("change")


def test_control_characters_are_refused_with_a_message_and_never_set_the_file_aside(tmp_path):
    save_notes("12", {"Q1": "kept"}, tmp_path, now=T1)
    with pytest.warns(NotesWarning, match=r"'Q2' was not saved: .*U\+0000"):
        save_notes("12", {"Q1": "kept, then changed", "Q2": "pasted\x00binary"}, tmp_path, now=T2)
    assert load_notes("12", tmp_path) == {"Q1": "kept, then changed"}
    path = notes_path("12", tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace(
        f"## {EARLIER}", f"## Q3\n\nedited by hand \x00 with a NUL\n\n## {EARLIER}"), encoding="utf-8")
    assert load_notes("12", tmp_path)["Q3"] == "edited by hand \x00 with a NUL"  # read as it is, not moved
    assert not list(tmp_path.glob("12-my-notes.unreadable-*"))
    save_notes("12", {"Q1": "third"}, tmp_path, now=T2)
    assert load_notes("12", tmp_path)["Q3"] == "edited by hand \x00 with a NUL"


def test_the_notes_file_stays_bounded_and_older_versions_move_to_the_history(tmp_path):
    big = "x" * 100_000
    for k in range(20):
        save_notes("13", {"Q": f"version {k}\n{big}"}, tmp_path, now=T1)
    main = notes_path("13", tmp_path)
    assert main.stat().st_size < (KEEP + 2) * 101_000
    assert main.read_text(encoding="utf-8").count("(replaced") == KEEP
    saved = everything_saved("13", tmp_path)
    assert all(f"version {k}\n" in saved for k in range(20))
    assert history_path("13", tmp_path).read_text(encoding="utf-8").startswith("# Lesson 13: earlier versions")


def test_a_failed_write_leaves_the_old_file_whole(tmp_path, monkeypatch):
    save_notes("14", {"Q": "safe"}, tmp_path, now=T1)

    def crash(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(notes_module.os, "replace", crash)
    with pytest.raises(OSError):
        save_notes("14", {"Q": "lost?"}, tmp_path, now=T2)
    monkeypatch.undo()
    assert load_notes("14", tmp_path) == {"Q": "safe"}
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_permission_problems_are_a_sentence_in_the_widget(tmp_path, monkeypatch):
    from helpers import widgets

    save_notes("15", {"Q?": "A"}, tmp_path, now=T1)

    def denied(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied", str(notes_path("15", tmp_path)))

    monkeypatch.setattr(notes_module.Path, "read_text", denied)
    root = widgets.learners_notebook("15", ["Q?"], folder=tmp_path)
    assert "could not be read" in root.parts.status.value and "Traceback" not in root.parts.status.value
    monkeypatch.undo()
    monkeypatch.setattr(notes_module.tempfile, "mkstemp", denied)  # as in a read-only folder
    root.parts.answers[0].value = "B"
    root.parts.save.click()
    assert "could not be saved" in root.parts.status.value and 'role="alert"' in root.parts.status.value
    monkeypatch.undo()
    assert load_notes("15", tmp_path) == {"Q?": "A"}


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads and writes any file")
def test_a_read_only_folder_gives_a_sentence_not_a_traceback(tmp_path):
    from helpers import widgets

    folder = tmp_path / "ro"
    folder.mkdir()
    save_notes("16", {"Q?": "A"}, folder, now=T1)
    folder.chmod(0o555)
    try:
        root = widgets.learners_notebook("16", ["Q?"], folder=folder)
        root.parts.answers[0].value = "B"
        root.parts.save.click()
        assert "could not be saved" in root.parts.status.value
    finally:
        folder.chmod(0o755)


# The prompts lessons 00 and 06 typed into their learners_notebook(...) calls before the prompts moved into
# lessons/questions/NN.toml: a learner's notes file written then holds its answers under these headings.
OLD_PROMPTS = {
    "00": ["In your own words: what is a memorandum of conversation, and what is it not?",
           "Which link in the chain from the room to your screen worries you most, and why?",
           "One question about the evening of 2 October 1958 that you want this course to answer."],
    "06": ["Which anomaly surprised you most, and what does it teach about this kind of record?",
           "Your answer to the course question in three sentences: what does this record get wrong, and what "
           "can it still tell us?",
           "Essay plan: your claim; three pieces of evidence (paragraph or card ids); one counter-argument and "
           "your reply."],
}


@pytest.mark.parametrize("lesson", sorted(OLD_PROMPTS))
def test_a_notes_file_saved_before_the_prompts_moved_still_fills_the_boxes(tmp_path, lesson):
    from helpers import questions, widgets

    answers = {p: f"Answer {n}, saved with the prompts in the notebook." for n, p in
               enumerate(OLD_PROMPTS[lesson], start=1)}
    save_notes(lesson, answers, tmp_path, now=T1)
    root = widgets.learners_notebook(lesson, folder=tmp_path)
    prompts = questions.notes_prompts(lesson)  # a lesson may since have added a prompt of its own
    # a prompt reworded since keeps these words in [notes_formerly]: its box is the one they fill
    now = {old: prompt for prompt, olds in questions.former_prompts(lesson).items() for old in olds}
    at = [prompts.index(now.get(p, p)) for p in answers]
    assert [root.parts.answers[i].value for i in at] == list(answers.values())
    assert all(root.parts.answers[i].value == "" for i in range(len(prompts)) if i not in at)


def test_an_answer_saved_under_a_reworded_prompts_old_words_still_fills_its_box(tmp_path):
    from helpers import questions, widgets

    reworded = [(n, old) for n in ("00", "01", "02", "03", "04", "05", "06")
                for old in questions.former_prompts(n).items()]
    assert reworded, "no lesson has a [notes_formerly] table: this test then proves nothing"
    for lesson, (prompt, former) in reworded:
        folder = tmp_path / lesson
        folder.mkdir(exist_ok=True)
        save_notes(lesson, {former[-1]: "Saved under the old words."}, folder, now=T1)
        root = widgets.learners_notebook(lesson, folder=folder)
        at = questions.notes_prompts(lesson).index(prompt)
        assert root.parts.answers[at].value == "Saved under the old words.", (lesson, prompt)
        root.parts.answers[at].value = "Rewritten under the new words."
        root.parts.save.click()
        text = notes_path(lesson, folder).read_text(encoding="utf-8")
        assert "Rewritten under the new words." in text and "Saved under the old words." in text


def test_the_answer_under_a_prompts_own_words_wins_over_its_former_words():
    from helpers.notes import answer_for

    saved = {"Old words?": "old", "Older words?": "older", "New words?": "new"}
    assert answer_for(saved, "New  words?", ["Older words?", "Old words?"]) == "new"
    del saved["New words?"]
    assert answer_for(saved, "New words?", ["Older words?", "Old words?"]) == "old"
    assert answer_for({}, "New words?", ["Old words?"]) == ""


def test_an_answer_under_a_prompt_cut_from_the_lesson_still_shows_and_saves_back_unchanged(tmp_path):
    from helpers import questions, widgets

    cut = [(n, words) for n in ("00", "01", "02", "03", "04", "05", "06")
           for words in questions.retired_prompts(n).values()]
    assert cut, "no lesson has a [notes_retired] table: this test then proves nothing"
    for lesson, words in cut:
        folder = tmp_path / f"{lesson}-{len(list(tmp_path.iterdir()))}"
        folder.mkdir()
        save_notes(lesson, {words[-1]: "Saved before the prompt was cut."}, folder, now=T1)
        path = notes_path(lesson, folder)
        before = path.read_text(encoding="utf-8")
        root = widgets.learners_notebook(lesson, folder=folder)
        (heading, box), = root.parts.earlier.items()
        assert heading == words[-1] and box.value == "Saved before the prompt was cut.", (lesson, words)
        assert all(a.value == "" for a in root.parts.answers), lesson
        at = root.children.index(box)
        assert root.children[at - 1].value.endswith(
            f"You answered this in an earlier version of this lesson: {html.escape(words[-1])}</p>"), lesson
        root.parts.save.click()
        assert path.read_text(encoding="utf-8") == before, (lesson, words)
        box.value = "Rewritten after the prompt was cut."
        root.parts.save.click()
        assert load_notes(lesson, folder)[words[-1]] == "Rewritten after the prompt was cut."
        assert "Saved before the prompt was cut." in path.read_text(encoding="utf-8").split(EARLIER)[1]
