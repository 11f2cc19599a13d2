"""Predict, then reveal: the pure logic behind the widget that keeps a card's verdict folded.

Wherever a lesson asks the learner to judge (who made an error in the memo,
or whether the sources can tell at all), the card is shown without its
verdict. The learner chooses an answer and writes a sentence of reason; only
then is the verdict revealed, and the guess, the reason and what was revealed
go into the lesson's notes file. Nothing here imports ipywidgets.
"""
from __future__ import annotations

import dataclasses
import html
import re

from . import data
from .context import MIDDLE_ANSWER, NOTHING_WRONG_ANSWER, TRANSLATOR_ANSWER, Card

TRANSLATOR = f"{TRANSLATOR_ANSWER}: Mao's Chinese into Russian, or Russian into English"
CANNOT_TELL = f"{MIDDLE_ANSWER}, and no clue settles why"
NOT_AN_ERROR = f"{NOTHING_WRONG_ANSWER}: not an error"
CHOICES = (TRANSLATOR, CANNOT_TELL, NOT_AN_ERROR)
"""The three answers a learner can commit to, one for each verdict a card can give. A translator or interpreter
is either hand that turned the words into another language: Mao's Chinese into the memo's Russian (an
interpreter the memo does not name), or the Russian into the English a learner reads; the sources seldom tell
which. Mao and the recorder were answers too, until readers of lessons 01, 03, 06 and the memo page found that
no clue the course holds can point to either (who is speaking only rules a hand out), so those two answers could
never agree with a card and felt like a trick; the hand a learner suspects now goes in the reason. The middle
answer names all three hands, and says "doesn't fit", not "is off": readers of lessons 00, 01, 03, 06 and the memo
page looked for a button for Mao or the recorder, and balked at "Something is off" where nothing may have slipped
(an *unexplained* card leaves that open). It says "no clue settles why", not "no clue shows whose hand": readers
of lessons 00 and 01 were told to choose "no clue shows whose hand" and then to name a hand in their reason, and
felt tricked; the reason holds the learner's best guess, which the evidence need not settle. It ends there: its tail
("a slip by Mao, the recorder or a translator, or no slip at all") made readers of lessons 01, 03 and 06 ask how
it differed from *Nothing wrong here*; the hands now sit in its rule line and in the reason."""

RETIRED_CHOICES = ("Mao: what he said or remembered", "The recorder: what he wrote down")
"""Answers the box no longer offers. Notes saved with them keep them (a saved answer is never rewritten)."""
FORMER_CHOICES = {"The translator: the English version": TRANSLATOR,
                  "A translator: Mao's Chinese into Russian, or Russian into English": TRANSLATOR,
                  "The sources cannot tell": CANNOT_TELL,
                  "Something is off, but the sources cannot tell whose hand (the cards say: unexplained)": CANNOT_TELL,
                  "Something is off, but the sources cannot tell whose hand": CANNOT_TELL,
                  "Something doesn't fit, and no clue shows whose hand: Mao, the recorder or a translator": CANNOT_TELL,
                  "Something doesn't fit, and no clue settles why: a slip by Mao, the recorder or a translator, or none":
                      CANNOT_TELL,
                  "Something doesn't fit, and no clue settles why: a slip by Mao, the recorder or a translator, "
                  "or no slip at all": CANNOT_TELL}
"""Choices as earlier versions of the course worded them, and the choice each is now. Notes saved with the old
words keep them (a saved answer is never rewritten) and still load."""

EXPLAINED_BY = {"unexplained": CANNOT_TELL, "translation": TRANSLATOR, "faithful": NOT_AN_ERROR}
"""The choice that matches each value of ``explanation`` in data/anomalies.csv. A card whose explanation names
another cause (``slip``, ``recorder``, ``hearsay``, ``propaganda``: none does in the course's data) matches no
choice, and the feedback asks the learner to compare the verdict with the reason. ``faithful`` (the words, odd as
they look, most likely say what the speaker meant) matches *Nothing wrong here*: until it, the box's third answer had
no card that matched it, and readers who showed that p60's two counts agree met a verdict of *unexplained*."""

MIN_REASON_WORDS = 3
WHEN_TO_CHOOSE = tuple((choice.split(":")[0], when) for choice, when in zip(CHOICES, (
    "a clue points to translation, such as square brackets or a spelling, whether the words are right or wrong",
    "the words clash with other sources or with the memo itself, and no clue narrows it to one hand",
    "you can show that the words say what the speaker meant"),
    strict=True))
"""When to choose each answer (named by its words before any colon), in the order the box offers them: one short
line each. Readers of lessons 00, 01, 03, 05 and 06 read the earlier rules, each with its exceptions in the same
line, as "a wall" and skipped them; the exceptions are now :data:`HARDER_CASES`, folded under the lines. The first
line says "whether the words are right or wrong": a reader of lesson 00 asked how a correct bracket could be the
answer to "Is something wrong here?" (the answer names the hand that shaped the words, not an error), and a later one
found two answers for p52's bracket, whose words are wrong (a bracket with wrong words clashes with other sources, but
the bracket is a clue that points to one hand, most likely the translator's).
The middle and last answers differ by what the learner can show: readers of lessons 01, 03 and 06 could not tell
them apart while the middle answer itself allowed "no slip at all". The middle line says "no clue narrows it to one
hand", not "no clue shows whose slip it is": a reader of lesson 00 met a clue that pointed to two hands (p54's Soviet
title: the interpreter or the recorder) and read "no clue shows" as not fitting."""

HARDER_CASES = (
    "A clue is enough: no proof is needed. A bracket whose words are correct still counts for \u201cA translator "
    "or interpreter\u201d: that answer names the hand that shaped the words, not an error.",
    "Odd wording alone is not a clue to translation: Mao or the recorder could have worded it so. A clue is a "
    "bracket, a spelling, or a source that names the original word.",
    "A clue that fits the recorder just as well as a translator does not show whose hand it was: choose \u201c"
    + MIDDLE_ANSWER + "\u2026\u201d.",
    "If the memo gives a date, number or name that the records of the time should mention, and no dated record "
    "the course has found does (a meeting on a given day, say), choose \u201c" + MIDDLE_ANSWER
    + "\u2026\u201d, even when no source says the opposite.",
    "A forecast, a boast or a rounded number can differ from other sources and still be what the speaker meant. "
    "If you can show that it is, choose \u201cNothing wrong here\u201d; if you cannot, \u201c" + MIDDLE_ANSWER
    + "\u2026\u201d.")
"""The exceptions to :data:`WHEN_TO_CHOOSE`, folded under the rules as "Harder cases".
A correct bracket: a reader of lesson 06 met one judged *A translator or interpreter* and felt tricked.
A clue that fits the recorder as well: a reader of lesson 00 took p54's Soviet title for the interpreter's (the
interpreter may have been the recorder). Dated sources that are silent (the line gives an example: a reader of the
memo page could not tell what the records of the time should mention): p51's 16 July is *unexplained* because no dated
source records that meeting, not because one contradicts it; a historian found "a claim no source confirms" too broad
(most of what Mao says is unconfirmed without being odd). A forecast or a boast: a reader of lesson 06 could not tell
whether *Nothing wrong here* meant a faithful record or a true fact (it means the first); a reader of the memo page
met forecasts (p58, p59) whose cards say *unexplained* after a rule that sent every forecast to *Nothing wrong here*,
so the rule keeps the test of the third answer ("if you can show that it is"). Odd wording: a reader of the memo page
took p53's "this past year" for a translator's clue, as p77's "bourgeois legality" is, and could not see why the two
differ (p77's card names the Chinese term behind it)."""
REASON_RULE = ("In your reason, give your best guess at what happened, even where no clue settles it: whose "
               "slip you suspect, if anyone's, and why. If nothing is wrong, say what shows it.")
ASK = "What best explains these words?"
"""The box's question. It was "Is something wrong here?", whose first answer names a hand, not a yes or a no: readers
of lesson 00 needed a paragraph to explain the mismatch and still read it as a riddle. The answers say what best
explains the words (a translation, something that does not fit, or nothing wrong), as the card's *Best explanation*
does after Commit."""
QUESTION = (ASK + " "
            + " ".join(f"Choose \u201c{choice}\u201d if {when}." for choice, when in WHEN_TO_CHOOSE)
            + " " + REASON_RULE + " Harder cases: " + " ".join(HARDER_CASES))
"""The box's question as one paragraph, for print: what the sources can show, with the learner's own suspicion in
the reason (lesson 01's reader picked the likeliest hand and then felt tricked by a verdict that says the sources
cannot tell). On screen the box shows the same words as a list (:func:`question_html`)."""


def question_html(folded: bool = False) -> str:
    """The box's question as HTML: the question, one short line per answer saying when to choose it, where the
    learner's own suspicion goes, and the harder cases in a fold (the words of :data:`QUESTION`).

    ``folded`` keeps the question on screen and folds all of it under "When to choose each answer", for a lesson's
    later boxes: readers of lesson 06 skimmed the same list shown in full three times.

    >>> "<li><em>Nothing wrong here</em>: you can show that the words say what the speaker meant.</li>" in question_html()
    True
    >>> shown = question_html()
    >>> shown.index("</ul>") < shown.index("<details") and "Harder cases" in shown
    True
    >>> folded = question_html(folded=True)
    >>> folded.index("<details") < folded.index("<li>") and "one of the three answers" in folded
    True
    """
    e = html.escape
    items = "".join(f"<li><em>{e(choice)}</em>: {e(when)}.</li>" for choice, when in WHEN_TO_CHOOSE)
    harder = "".join(f"<li>{e(case)}</li>" for case in HARDER_CASES)
    rules = (f"<ul style=\"margin:0.2em 0\">{items}</ul><p style=\"margin:0.2em 0\">{e(REASON_RULE)}</p>"
             f"<details class=\"course-box-harder\"><summary>Harder cases (open if you are unsure)</summary>"
             f"<ul style=\"margin:0.2em 0\">{harder}</ul></details>")
    if folded:
        return (f"<p style=\"margin:0.4em 0\"><strong>Your turn.</strong> {e(ASK)} Choose one of "
                "the three answers below.</p>"
                "<details class=\"course-box-rules\"><summary>When to choose each answer (with the harder cases)"
                f"</summary>{rules}</details>")
    return f"<p style=\"margin:0.4em 0\"><strong>Your turn.</strong> {e(ASK)}</p>{rules}"


REASON_PROMPT = ("One sentence: why? Your best guess at what happened (whose slip you suspect, if anyone's), or, if "
                 "nothing is wrong, what shows it.")
"""The reason box's placeholder: the learner's suspected hand goes here, or what shows that nothing is wrong (a reader
of lesson 06 chose "Nothing wrong here" and was asked for a hand)."""


def problem(choice: str | None, reason: str | None) -> str | None:
    """What is missing before a learner can commit (None when the guess is complete).

    >>> problem(None, "because")
    'Choose one answer first.'
    >>> problem(CANNOT_TELL, "  ") is not None
    True
    """
    if not choice or choice not in CHOICES:
        return "Choose one answer first."
    if len(str(reason or "").split()) < MIN_REASON_WORDS:
        return f"Write a sentence of reason (at least {MIN_REASON_WORDS} words): why do you think so?"
    return None


def matching_choice(card: Card) -> str | None:
    """The choice the card's best explanation supports (None for a card with no explanation)."""
    shown = dict(card.lines).get("Best explanation", "").strip()
    named = re.match(r"[^:(]*\((\w+)\)", shown)  # "Something doesn't fit… (unexplained): ...": the card's word
    explanation = named.group(1) if named else re.split(r"[:(]", shown, maxsplit=1)[0].strip()
    return EXPLAINED_BY.get(explanation.lower()) if explanation else None


def _hand(choice: str) -> str:
    """A choice's hand in a sentence: "a translator or interpreter", "the recorder", "Mao" (a name keeps its capital).

    >>> _hand(TRANSLATOR), _hand(RETIRED_CHOICES[1]), _hand(RETIRED_CHOICES[0])
    ('a translator or interpreter', 'the recorder', 'Mao')
    """
    hand = FORMER_CHOICES.get(choice, choice).split(":")[0]
    for article in ("The ", "A "):
        if hand.startswith(article):
            return article.lower() + hand[len(article):]
    return hand


def feedback(card: Card, choice: str) -> str:
    """One sentence comparing the learner's choice with the card's verdict.

    A card's best explanation names the hand that shaped the words, says the
    sources cannot tell, or (``faithful``) that most likely nothing slipped; it
    does not by itself say the words are wrong, so the feedback never claims an
    error the card does not state.
    """
    choice = FORMER_CHOICES.get(choice, choice)
    match = matching_choice(card)
    if match is None:
        return "Read the verdict below and compare it with your reason."
    if match == NOT_AN_ERROR:
        if choice == NOT_AN_ERROR:
            return ("Your choice agrees with the card: most likely nothing slipped. Compare what you said shows it "
                    "with what the card says.")
        return ("The card finds that most likely nothing slipped: the words say what the speaker meant. Read what "
                "it says, and see whether your reason still holds.")
    if choice == NOT_AN_ERROR:
        if match == CANNOT_TELL:
            return ("The card lists this passage because the memo's words disagree, or seem to disagree, with other "
                    "sources or with the memo itself, and no source settles why. Read \u201cWhat other sources "
                    "say\u201d: if you still think nothing is wrong, what evidence would show it?")
        return (f"The card names the hand that shaped these words, {_hand(match)}; read it to see whether "
                "anything is actually wrong.")
    if choice == match:
        return ("Your choice agrees with the card. Now compare the hand you named in your reason with what the "
                "card says.")
    if match == CANNOT_TELL:
        return ("The card says the sources cannot settle whose hand it was. Read what it says: if it rules "
                f"{_hand(choice)} out, see why; if not, what clue would point to that hand?")
    return (f"The card names a hand the evidence points to: {_hand(match)}. Read what points there: if your reason "
            "rested on the words alone and still fits, it counts.")  # a reader of 06 read the bare line as "wrong"


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


MAX_SENTENCES = 2
"""At most this many sentences of "What other sources say" before Commit; the rest comes after."""

MONTHS = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|"
          r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
LATER = re.compile(rf"\b(?:Nov(?:ember)?|Dec(?:ember)?)\.?\s+1958\b|"
                   rf"(?:\b(?:in|by|after|until|from)\s+|\(|\b{MONTHS}\.?\s+)(?:\d{{1,2}}\s+)?(?:19(?:59|[6-9]\d)|20\d\d)\b")
"""A date after the evening of 2 October 1958 ("in December 1958", "(April 1959)"), but not a plan's year
("the 1959 steel target"): what came next is another question's answer, so it waits until after Commit."""

UNSURE = re.compile(r"\bunverified\b|\bpopular accounts\b", re.IGNORECASE)
"""A sentence marked as resting on weak sources: it goes after the plain ones."""


def _split_outside_brackets(text: str, sep: str) -> list[str]:
    """``text`` split at ``sep`` wherever it is not inside round brackets.

    >>> _split_outside_brackets("a (b; c); d", "; ")
    ['a (b; c)', 'd']
    """
    parts, depth, start, i = [], 0, 0, 0
    while i < len(text):
        ch = text[i]
        depth += (ch == "(") - (ch == ")")
        if depth <= 0 and text.startswith(sep, i):
            parts.append(text[start:i])
            i += len(sep)
            start = i
            continue
        i += 1
    parts.append(text[start:])
    return parts


def _before_the_outcome(clause: str) -> str:
    """A clause less every comma phrase that dates something after 2 October 1958 ("" if its head does).

    >>> _before_the_outcome("In 1958 the minister was Peng Dehuai, dismissed in September 1959 after Lushan")
    'In 1958 the minister was Peng Dehuai'
    >>> _before_the_outcome("People's Daily announced 18 Mt in December 1958")
    ''
    >>> _before_the_outcome("Beidaihe (August 1958) set the 1959 steel target at 30 Mt")
    'Beidaihe (August 1958) set the 1959 steel target at 30 Mt'
    """
    pieces = _split_outside_brackets(clause, ", ")
    if LATER.search(pieces[0]):
        return ""
    return ", ".join(p for p in pieces if not LATER.search(p))


def plain_evidence(text: str, quote: str = "") -> str:
    """What a predict card shows before Commit: :func:`evidence`, without what came next, in two sentences.

    Every clause that dates an outcome after the conversation goes (it would answer a
    later question), sentences marked "unverified" or "popular accounts" give way to
    plain ones, and at most :data:`MAX_SENTENCES` remain; the whole text follows Commit.

    >>> plain_evidence("In 1958 it was Peng, dismissed in September 1959. Zhu De was Vice Chairman. A third.")
    'In 1958 it was Peng. Zhu De was Vice Chairman.'
    """
    sentences = []
    for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z'\"\u2018\u201c(])", evidence(text, quote)):
        clauses = [c for c in (_before_the_outcome(c.rstrip(".")) for c in _split_outside_brackets(sentence, "; "))
                   if c.strip()]
        if clauses:
            sentences.append("; ".join(clauses).rstrip(",;: ") + ".")
    ordered = [s for s in sentences if not UNSURE.search(s)] + [s for s in sentences if UNSURE.search(s)]
    keep = set(ordered[:MAX_SENTENCES])
    return " ".join(s for s in sentences if s in keep)


SPEAKERS = {"narration": "the recorder's narration", "reported": "the recorder, reporting (speaker: {speaker})"}


def memo_sentence(card: Card, data_dir=None) -> str:
    """The memo's whole sentence around a card's quotation, with its paragraph and who speaks it.

    ``"p04 · the recorder's narration: “… as well as the Minister of Defense, Zhu De, and others.”"``:
    the words a learner judges, in their context, from data/paragraphs.csv.
    """
    if not card.paragraphs:
        return ""
    pid = card.paragraphs[0]
    row = data.by_id("paragraphs", data_dir).get(pid)
    if not row:
        return ""
    text = str(row.get("text", ""))
    sentences = re.split(r"(?<!Cde\.)(?<!\b[A-Z]\.)(?<=[.!?])\s+(?=[A-Z(\"\u201c])", text)
    head = re.split(r"\s*(?:\.\.\.|\u2026|\[\.\.\.\])\s*", card.title.strip())[0][:40].lower()
    start = next((i for i, s in enumerate(sentences) if head and head in s.lower()), None)
    if start is None:
        joined = text
    else:
        end, covered = start, sentences[start]
        tail = card.title.strip().lower()[-25:]
        while tail not in " ".join(sentences[start:end + 1]).lower() and end + 1 < len(sentences):
            end += 1
        if tail not in " ".join(sentences[start:end + 1]).lower():
            end = start
        if start > 0 and len(" ".join(sentences[start:end + 1]).split()) < 8:
            start -= 1  # a short sentence ("Khrushchev, and then ... Sihanouk.") needs the one before it
        joined = " ".join(sentences[start:end + 1])
    mode, speaker = str(row.get("mode", "")), str(row.get("speaker", ""))
    who = SPEAKERS.get(mode, "{speaker} speaking").format(speaker=speaker)
    return f"{pid} \u00b7 {who}: \u201c{joined}\u201d"


def before_commit(card: Card, data_dir=None) -> Card:
    """The card as a predict shows it before Commit: the evidence, never the verdict.

    Before Commit a learner sees the memo's whole sentence with its paragraph and
    its speaker (:func:`memo_sentence`), and at most two plain sentences of what
    other sources say (:func:`plain_evidence`: no sentence that names a hand,
    compares the memo with them, denies the memo's words or tells what came
    after the conversation). Render it with ``hide_verdict=True``: the kind, the
    best explanation and what it teaches stay folded, the paragraphs are linked
    into memo.ipynb, and the label line reads "Passage to judge", not "Anomaly"
    (which would already say something is wrong).
    """
    lines = tuple((k, plain_evidence(v, card.title) if k == "What other sources say" else v)
                  for k, v in card.lines)
    sentence = memo_sentence(card, data_dir)
    if sentence:
        lines = (("Whole sentence", sentence),) + lines
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
