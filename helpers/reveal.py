"""Predict, then reveal: the pure logic behind the widget that keeps a card's verdict folded.

Wherever a lesson asks the learner to judge (who made an error in the memo,
or whether the sources can tell at all), the card is shown without its
verdict. The learner chooses an answer and writes a sentence of reason; only
then is the verdict revealed, and the guess, the reason and what was revealed
go into the lesson's notes file. Nothing here imports ipywidgets.
"""
from __future__ import annotations

import dataclasses
import re

from .context import Card

CHOICES = (
    "Mao: what he said or remembered",
    "The recorder: what he wrote down",
    "The translator: the English version",
    "The sources cannot tell",
    "Nothing wrong here: not an error",
)
"""Who made the error, or none: the five answers a learner can commit to."""
NOT_AN_ERROR = CHOICES[4]

EXPLAINED_BY = {"unexplained": CHOICES[3], "translation": CHOICES[2], "recorder": CHOICES[1],
                "memory": CHOICES[0], "mao": CHOICES[0], "speaker": CHOICES[0]}
"""The choice that matches each value of ``explanation`` in data/anomalies.csv."""

MIN_REASON_WORDS = 3
QUESTION = ("Is something wrong here and, if so, whose hand made the error? Or can the sources not tell? "
            "Choose, and give one sentence of reason.")


def problem(choice: str | None, reason: str | None) -> str | None:
    """What is missing before a learner can commit (None when the guess is complete).

    >>> problem(None, "because")
    'Choose one answer first.'
    >>> problem(CHOICES[0], "  ") is not None
    True
    """
    if not choice or choice not in CHOICES:
        return "Choose one answer first."
    if len(str(reason or "").split()) < MIN_REASON_WORDS:
        return f"Write a sentence of reason (at least {MIN_REASON_WORDS} words): why do you think so?"
    return None


def matching_choice(card: Card) -> str | None:
    """The choice the card's best explanation supports (None for a card with no explanation)."""
    explanation = dict(card.lines).get("Best explanation", "").strip().lower()
    return EXPLAINED_BY.get(explanation) if explanation else None


def _hand(choice: str) -> str:
    """A choice's hand in a sentence: "the translator", "Mao" (a name keeps its capital).

    >>> _hand(CHOICES[2]), _hand(CHOICES[0])
    ('the translator', 'Mao')
    """
    hand = choice.split(":")[0]
    return "the" + hand[3:] if hand.startswith("The ") else hand


def feedback(card: Card, choice: str) -> str:
    """One sentence comparing the learner's choice with the card's verdict.

    A card's best explanation names the hand that shaped the words (or says the
    sources cannot tell); it does not by itself say the words are wrong, so
    the feedback never claims an error the card does not state.
    """
    match = matching_choice(card)
    if match is None:
        return "Read the verdict below and compare it with your reason."
    if choice == NOT_AN_ERROR:
        if match == CHOICES[3]:
            return ("The card lists this passage because the memo's words disagree, or seem to disagree, with other "
                    "sources or with the memo itself, and no source settles why. Read \u201cWhat other sources "
                    "say\u201d: if you still think nothing is wrong, what evidence would show it?")
        return (f"The card names the hand that shaped these words, {_hand(match)}; read it to see whether "
                "anything is actually wrong.")
    if choice == match:
        return "Your choice agrees with the card. Now check your reason against what the card says."
    if match == CHOICES[3]:
        return ("The card says the sources cannot settle whose hand it was. Read what it says: if it rules "
                f"{_hand(choice)} out, see why; if not, what evidence would you need to prove your guess?")
    return f"The card's best explanation points to another hand: {_hand(match)}."


HANDS = re.compile(r"translat|recorder|interpreter|\bMao's (?:own )?(?:memory|words|speech)|the memo, or\b",
                   re.IGNORECASE)
"""Words that name a hand: a sentence holding one states a verdict, not evidence."""

COMPARES = re.compile(r"^\W*the memo(?:'s|\u2019s)?\b", re.IGNORECASE)
"""A sentence or clause whose subject is the memo: the card's own comparison ("The memo's tonnages
are roughly half ..."), which is the learner's to make before Commit."""

DENIES = re.compile(r"\b(?:not|never|no)\b", re.IGNORECASE)
"""A negation: with two words of the memo's quotation, a clause that says the memo's words are untrue."""
SHARED_WORDS = 2


def _words(text: str) -> set[str]:
    """The words of four letters or more in a text, lower-cased: enough to tell what a clause speaks of."""
    return {w.lower() for w in re.findall(r"[A-Za-z]{4,}", text)}


def _denies(clause: str, quote: str) -> bool:
    """Whether a clause denies the memo's quotation ("marshals did not become first secretaries").

    >>> _denies("marshals did not become first secretaries", "the marshals became the first secretaries")
    True
    >>> _denies("No visit to Shanxi is recorded.", "I was in Henan, Shanxi, and Shandong")
    False
    """
    return bool(quote) and bool(DENIES.search(clause)) and len(_words(clause) & _words(quote)) >= SHARED_WORDS


def evidence(text: str, quote: str = "") -> str:
    """What other sources say, less every sentence or clause that names a hand or sets the memo against them.

    The text shown before a learner commits: the facts to judge by, without the
    card's own conclusion about who shaped the words or how far the memo is off
    (a learner may still choose "Nothing wrong here"). With the memo's ``quote``, a
    clause that denies it (a negation and two of its words) goes too.

    >>> evidence("'Sophia' is a spelling of Sofia; the '[Bulgaria]' is the translator's addition.")
    "'Sophia' is a spelling of Sofia."
    >>> evidence("Zhu De held another office. The memo, or its translation, turns the two round.")
    'Zhu De held another office.'
    >>> evidence("Output was 185 Mt. The memo's tonnages are roughly half of it.")
    'Output was 185 Mt.'
    >>> evidence("Secretaries led steel; marshals did not become secretaries.", "marshals became the secretaries")
    'Secretaries led steel.'
    """
    kept = []
    for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z'\"\u2018\u201c(])", str(text).strip()):
        clauses = [c for c in re.split(r";\s+", sentence)
                   if not HANDS.search(c) and not COMPARES.match(c) and not _denies(c, quote)]
        if clauses:
            joined = "; ".join(clauses).rstrip()
            kept.append(joined if joined.endswith((".", "!", "?")) else joined.rstrip(",;:") + ".")
    return " ".join(kept)


def before_commit(card: Card) -> Card:
    """The card as a predict shows it before Commit: the evidence, never the verdict.

    Before Commit a learner sees the memo's words (the title), the paragraph, and
    what other sources say less every sentence that names a hand, compares the
    memo with them or denies the memo's words (:func:`evidence`). Render it with ``hide_verdict=True``: the
    kind, the best explanation and what it teaches stay folded, and the label line
    reads "Passage to judge", not "Anomaly" (which would already say something is wrong).
    """
    lines = tuple((k, evidence(v, card.title) if k == "What other sources say" else v) for k, v in card.lines)
    return dataclasses.replace(card, lines=lines)


def prompt_key(card: Card) -> str:
    """The heading the commitment gets in the notes file (neutral: the learner may find nothing wrong).

    Notes saved under the earlier wording ("Predict: who made the error in ...") keep
    their own heading and still load.
    """
    where = f" ({', '.join(card.paragraphs)})" if card.paragraphs else ""
    return f"Predict: is anything wrong in “{card.title}”{where}, and whose hand?"


def notes_entry(card: Card, choice: str, reason: str) -> dict[str, str]:
    """The commitment as one notes entry ``{heading: text}``: the guess, the reason, then what was revealed."""
    revealed = "; ".join(f"{k}: {v}" for k, v in card.verdict) or "nothing further"
    text = (f"My answer: {choice}\nMy reason: {' '.join(str(reason).split())}\n"
            f"Revealed after I committed: {revealed}")
    return {prompt_key(card): text}
