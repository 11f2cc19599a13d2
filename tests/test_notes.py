"""The learner's notebook: saving, merging, reading back, and never losing a word."""
from __future__ import annotations

import datetime as dt
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
