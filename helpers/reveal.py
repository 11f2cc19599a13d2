"""Predict, then reveal: the pure logic behind the widget that keeps a card's verdict folded.

Wherever a lesson asks the learner to judge (who made an error in the memo,
or whether the sources can tell at all), the card is shown without its
verdict. The learner chooses an answer and writes a sentence of reason; only
then is the verdict revealed, and the guess, the reason and what was revealed
go into the lesson's notes file. Nothing here imports ipywidgets.
"""
from __future__ import annotations

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


def feedback(card: Card, choice: str) -> str:
    """One sentence comparing the learner's choice with the card's verdict."""
    match = matching_choice(card)
    if match is None:
        return "Read the verdict below and compare it with your reason."
    if choice == NOT_AN_ERROR:
        if match == CHOICES[3]:
            return ("The card lists this passage because the memo's words disagree, or seem to disagree, with other "
                    "sources or with the memo itself, and no source settles why. Read \u201cWhat other sources "
                    "say\u201d: if you still think nothing is wrong, what evidence would show it?")
        return (f"The card finds an error here and names the hand: {match.split(':')[0].lower()}. Read "
                "\u201cWhat other sources say\u201d to see what the memo gets wrong.")
    if choice == match:
        return "Your choice agrees with the card. Now check your reason against what the card says."
    if match == CHOICES[3]:
        return ("The card says the sources cannot settle it. Your guess may still be right: what evidence would "
                "you need to prove it?")
    return f"The card's best explanation points to another hand: {match.split(':')[0].lower()}."


def prompt_key(card: Card) -> str:
    """The heading the commitment gets in the notes file."""
    where = f" ({', '.join(card.paragraphs)})" if card.paragraphs else ""
    return f"Predict: who made the error in “{card.title}”{where}?"


def notes_entry(card: Card, choice: str, reason: str) -> dict[str, str]:
    """The commitment as one notes entry ``{heading: text}``: the guess, the reason, then what was revealed."""
    revealed = "; ".join(f"{k}: {v}" for k, v in card.verdict) or "nothing further"
    text = (f"My answer: {choice}\nMy reason: {' '.join(str(reason).split())}\n"
            f"Revealed after I committed: {revealed}")
    return {prompt_key(card): text}
