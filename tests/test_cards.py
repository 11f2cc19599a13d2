"""One card renderer and one excerpt renderer; grouped cards; predict-then-reveal's pure functions."""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

import ipywidgets
import pytest

import helpers
from helpers import context, excerpts, names, notes, reveal

def test_every_kind_of_card_is_drawn_by_the_one_renderer():
    for kind, row_id in [("event", "beidaihe-1958"), ("person", "zhu-de"), ("term", "politburo"),
                         ("anomaly", "zhu-de-defence-minister"), ("fact", "steel-1958-usable")]:
        out = getattr(helpers, kind)(row_id).to_html()
        assert out.startswith('<div class="course-card ') and f'data-id="{row_id}"' in out
        assert not re.search(r"<h[1-6]", out), "a card inside a lesson carries no heading element"
    assert names.person_card("zhu-de") == helpers.person("zhu-de").to_html()
    assert names.term_card("politburo") == helpers.term("politburo").to_html()


def test_a_person_card_keeps_each_label_beside_its_value():
    out = helpers.person("chen-yi").to_html()
    pairs = re.findall(r"<tr[^>]*><th scope='row'[^>]*>([^<]*)</th><td[^>]*>([^<]*)</td></tr>", out)
    labels = [k for k, _ in pairs]
    assert labels[:1] == ["Life"] and "Office in October 1958" in labels and labels[-1] == "In the memo"
    assert out.count("<tr") == out.count("<th") == out.count("<td") == len(pairs)
    assert all(label and value for label, value in pairs), "no empty header or cell"


def test_sources_fold_under_a_disclosure_that_counts_them():
    card = helpers.anomaly("sihanouk-indonesian")
    out = card.to_html()
    assert f"<summary style='cursor:pointer'>Sources ({len(card.sources)})</summary>" in out
    assert "<details class='course-sources' style" in out  # folded on screen
    assert "<details class='course-sources' open" in card.print_html()  # unfolded on paper


def test_labels_say_other_sources_not_the_record():
    out = helpers.anomaly("zhu-de-defence-minister").to_html()
    assert "What other sources say" in out and "What the record says" not in out


def test_one_excerpt_renderer_marked_or_plain():
    ex = helpers.excerpt("teacher-jiang")
    plain, marked = ex.to_html(), excerpts.marked_excerpt_html("teacher-jiang")
    assert re.sub(r"</?mark[^>]*>", "", marked) == plain
    assert "<mark data-term=" in marked


def test_a_reported_question_is_labelled_as_the_records_words_not_the_guests():
    """p74 is the recorder's report of a guest's question: its excerpt must not name the guest as the speaker."""
    reported, spoken = helpers.excerpt("sofia-request"), helpers.excerpt("teacher-jiang")
    for out in (reported.to_html(), reported.to_markdown(), str(reported)):
        assert "(the record, reporting the Secretary of the Sofia City Party Committee, para. p74)" in out
    assert "(Mao Zedong, para. p19)" in spoken.to_html()


def test_grouped_cards_fold_each_card_and_name_a_bare_id_or_say_how():
    group = helpers.cards(["event:jinmen-shelling-1958", "term:jinmen-mazu", "korean-war-1950"], "The islands")
    out = group.to_html()
    assert out.count("<details class='course-card-fold'") == 3 and "open" not in out.split(">", 1)[0]
    assert "The islands" in out and "3 cards" in out
    assert group.print_html().count("<details class='course-card-fold' open") == 3
    with pytest.raises(helpers.DataError, match="none of the card tables"):
        helpers.cards(["no-such-card"])
    with pytest.raises(helpers.DataError):
        helpers.cards([])


def test_the_verdict_is_left_out_until_revealed():
    card = helpers.anomaly("steel-decision-16-july")
    hidden = card.to_html(hide_verdict=True)
    for label, value in card.verdict:
        assert f">{label}<" not in hidden
        if label != "Kind":  # a kind is one short word ("date"), which other lines may well contain
            assert html.escape(value) not in hidden
    assert "Best explanation" not in hidden and "What it teaches" not in hidden and ">Kind<" not in hidden
    assert html.escape(dict(card.lines)["What other sources say"]) in hidden
    assert all(html.escape(v) in card.to_html() for _, v in card.verdict)


def test_before_commit_other_sources_sit_behind_a_closed_clue_fold(tmp_path):
    """Readers of 00 (Sihanouk) found "What other sources say" showed the error before they were asked: before
    Commit it is a closed fold, "Clue: what other sources say", which a learner may open; after Commit the whole
    card shows as a card does, the line in its table."""
    box = helpers.predict("00", "sihanouk-indonesian", folder=tmp_path)
    before = box.parts.card.value
    said = dict(reveal.before_commit(helpers.anomaly("sihanouk-indonesian")).lines)[context.CLUE[0]]
    fold = re.search(r"<details class='course-clue'([^>]*)><summary[^>]*>(.*?)</summary>(.*?)</details>", before,
                     flags=re.S)
    assert fold, "no clue fold before Commit"
    assert "open" not in fold.group(1) and fold.group(2) == "Clue: what other sources say"
    assert html.escape(said) in fold.group(3)
    assert f">{context.CLUE[0]}<" not in before  # not also a row of the card's table
    assert before.index("course-clue") < before.index("course-sources")
    box.parts.choice.value = reveal.TRANSLATOR
    box.parts.reason.value = "Sihanouk was a Cambodian prince."
    box.parts.commit.click()
    after = box.parts.card.value
    assert "course-clue" not in after and f">{context.CLUE[0]}<" in after
    assert html.escape(dict(helpers.anomaly("sihanouk-indonesian").lines)[context.CLUE[0]]) in after
    assert "course-clue" not in helpers.anomaly("sihanouk-indonesian").to_html()  # a card in a lesson: no fold
    assert "course-clue" not in helpers.anomaly("sihanouk-indonesian").print_html()


def test_before_commit_the_sources_fold_inside_the_clue(tmp_path):
    """A reader of 06 found box C's sources list, outside the Clue fold, naming an article "On eliminating bourgeois
    right": the box's whole clue, before Commit. Before Commit the sources sit inside the closed Clue fold, and
    nowhere else on the card; after Commit, and on a card in a lesson, they fold under "Sources (n)" as on any card."""
    card = helpers.anomaly("bourgeois-legality-p77")
    titles = [html.escape(s) for s in card.sources]
    assert titles and any("bourgeois right" in s for s in titles)
    box = helpers.predict("06", "bourgeois-legality-p77", folder=tmp_path)
    before = box.parts.card.value
    clue_at = before.index("<details class='course-clue'")
    nested = before.index("course-sources") < before.index("</details>", clue_at)  # opens before the clue closes
    assert nested and before.count("course-sources") == 1, "the sources should fold inside the Clue, and only there"
    assert all(clue_at < before.index(title) for title in titles)
    box.parts.choice.value = reveal.TRANSLATOR
    box.parts.reason.value = "Legality does not fit his own example, pay."
    box.parts.commit.click()
    after = box.parts.card.value
    assert "course-clue" not in after and f"Sources ({len(titles)})" in after
    assert all(title in after for title in titles)


def test_a_commitment_needs_a_choice_and_a_reason():
    assert reveal.problem(None, "because of the dates") == "Choose one answer first."
    assert "reason" in reveal.problem(reveal.CANNOT_TELL, "")
    assert "reason" in reveal.problem(reveal.CANNOT_TELL, "dates")
    assert reveal.problem(reveal.CANNOT_TELL, "The dates do not fit.") is None
    assert reveal.problem("something else", "The dates do not fit.") == "Choose one answer first."


def test_feedback_compares_the_choice_with_the_card():
    unexplained = helpers.anomaly("steel-decision-16-july")
    translated = helpers.anomaly("sihanouk-indonesian")
    assert reveal.matching_choice(unexplained) == reveal.CANNOT_TELL
    assert reveal.matching_choice(translated) == reveal.TRANSLATOR
    assert "agrees" in reveal.feedback(translated, reveal.TRANSLATOR)
    assert "cannot settle" in reveal.feedback(unexplained, reveal.TRANSLATOR)
    assert "translator" in reveal.feedback(translated, reveal.CANNOT_TELL)


def test_an_unexplained_verdict_says_in_the_answers_own_words_what_it_means():
    """Readers of lessons 00, 03 and 04 found the box's answers ("Something is off...") and the card's verdict
    ("unexplained") in different words, and a reader of the memo page kept a table of the two in his head: each
    verdict leads with the box's answer it matches, the card's own word in brackets."""
    verdict = dict(helpers.anomaly("steel-decision-16-july").lines)["Best explanation"]
    assert verdict.startswith(f"{reveal.CANNOT_TELL.split(',')[0]}\u2026 (unexplained): ")
    assert "no source tells whose hand, or whether anything slipped" in verdict
    translated = dict(helpers.anomaly("sihanouk-indonesian").lines)["Best explanation"]
    assert translated.startswith(f"{reveal.TRANSLATOR.split(':')[0]} (translation): ")
    assert reveal.NOT_AN_ERROR.split(":")[0] not in translated
    assert "prediction box" not in verdict + translated  # the memo page, which shows these cards, has no box


def test_an_unexplained_card_says_so_where_other_sources_show_a_slip():
    """A reader of lessons 00 and 01 met "or whether anything slipped" on the p04 and p54 cards, beside folds saying
    the sources prove a slip: a row marked ``slip_shown`` says that something slipped and offers only the box's
    middle answer; every other unexplained row leaves the slip open; both still match *Something is off*."""
    rows = [r for r in helpers.data.rows("anomalies") if r["explanation"] == "unexplained"]
    shown = {r["id"]: dict(helpers.anomaly(r["id"]).lines)["Best explanation"] for r in rows}
    slipped = {r["id"] for r in rows if r["slip_shown"] == "yes"}
    assert {"zhu-de-defence-minister", "mao-first-secretary"} <= slipped and len(slipped) < len(rows)
    for aid, verdict in shown.items():
        assert verdict.startswith(f"{context.MIDDLE_ANSWER}\u2026 (unexplained): ")
        assert ("something slipped, but no source tells whose hand" in verdict) == (aid in slipped), aid
        assert ("whether anything slipped at all" in verdict) == (aid not in slipped), aid
        assert reveal.NOT_AN_ERROR.split(":")[0] not in verdict, aid  # no "either answer counts" on a card
        assert reveal.matching_choice(helpers.anomaly(aid)) == reveal.CANNOT_TELL


def test_the_translator_choice_covers_both_languages_and_reads_well_in_a_sentence():
    """Readers of 06 had no choice for a slip between Mao's Chinese and the memo's Russian ("marshals")."""
    translator = reveal.TRANSLATOR
    assert translator == "A translator or interpreter: Mao's Chinese into Russian, or Russian into English"
    assert reveal.EXPLAINED_BY["translation"] == translator
    assert reveal.matching_choice(helpers.anomaly("sihanouk-indonesian")) == translator
    assert reveal._hand(translator) == "a translator or interpreter"
    assert reveal._hand(reveal.RETIRED_CHOICES[1]) == "the recorder"
    said = reveal.feedback(helpers.anomaly("sihanouk-indonesian"), reveal.CANNOT_TELL)
    assert said.startswith("The card names a hand the evidence points to: a translator or interpreter. Read what "
                           "points there")
    assert "a translator" in reveal.feedback(helpers.anomaly("sihanouk-indonesian"), reveal.NOT_AN_ERROR)


def test_notes_saved_with_the_former_translator_choice_still_load(tmp_path):
    """A commitment saved before the choice was reworded keeps its words, loads, and is kept when the learner
    commits again; its old wording still reads as the translator's hand."""
    old = "The translator: the English version"
    assert old not in reveal.CHOICES and reveal.FORMER_CHOICES[old] == reveal.TRANSLATOR
    card = helpers.anomaly("sihanouk-indonesian")
    notes.save_notes("00", reveal.notes_entry(card, old, "The brackets are the translator's."), tmp_path)
    saved = notes.load_notes("00", tmp_path)[reveal.prompt_key(card)]
    assert saved.splitlines()[0] == f"My answer: {old}"
    assert "agrees" in reveal.feedback(card, old) and reveal._hand(old) == "a translator or interpreter"
    # the wording before "or interpreter" was added (readers took "translator" for Jersild alone) loads the same way
    former = "A translator: Mao's Chinese into Russian, or Russian into English"
    assert former not in reveal.CHOICES and reveal.FORMER_CHOICES[former] == reveal.TRANSLATOR
    box = helpers.predict("00", "sihanouk-indonesian", folder=tmp_path)
    box.parts.choice.value = reveal.TRANSLATOR
    box.parts.reason.value = "Square brackets are added in translation."
    box.parts.commit.click()
    assert "saved in" in box.parts.status.value
    text = notes.notes_path("00", tmp_path).read_text(encoding="utf-8")
    assert f"My answer: {reveal.TRANSLATOR}" in text and f"My answer: {old}" in text  # the old one kept


def test_a_learner_can_judge_a_passage_fine_and_hears_what_the_data_says():
    unexplained = helpers.anomaly("sure-of-10-mt")
    translated = helpers.anomaly("sihanouk-indonesian")
    assert reveal.NOT_AN_ERROR in reveal.CHOICES and reveal.problem(reveal.NOT_AN_ERROR, "The two dates agree.") is None
    assert reveal.matching_choice(unexplained) != reveal.NOT_AN_ERROR
    fine = reveal.feedback(unexplained, reveal.NOT_AN_ERROR)
    assert "no source settles" in fine and "agrees" not in fine
    shaped = reveal.feedback(helpers.anomaly("sophia-bulgaria"), reveal.NOT_AN_ERROR)
    assert "a translator" in shaped and "whether anything is actually wrong" in shaped
    assert "finds an error" not in shaped and "gets wrong" not in shaped  # a gloss is not an error of fact



def test_a_faithful_card_matches_nothing_wrong_here():
    """Readers of the memo page and lesson 04 showed that p60's "this year" and "in 3 years" agree (counted from
    1956), chose *Nothing wrong here*, and met *unexplained* over "Most likely nothing slipped": a card whose
    evidence reads the words as meant says *faithful*, in the box's words, and agrees with that choice."""
    faithful = helpers.anomaly("twelve-year-plan-this-year")
    verdict = dict(faithful.lines)["Best explanation"]
    assert verdict.startswith(f"{reveal.NOT_AN_ERROR.split(':')[0]} (faithful): most likely nothing slipped")
    assert "Something" not in verdict
    assert reveal.matching_choice(faithful) == reveal.NOT_AN_ERROR
    assert "agrees" in reveal.feedback(faithful, reveal.NOT_AN_ERROR)
    other = reveal.feedback(faithful, reveal.CANNOT_TELL)
    assert "most likely nothing slipped" in other and "agrees" not in other
    assert [r["id"] for r in helpers.data.rows("anomalies") if r["explanation"] == "faithful"] == [
        "twelve-year-plan-this-year"]

def test_cannot_tell_feedback_does_not_promise_a_choice_the_card_rules_out():
    zhu = helpers.anomaly("zhu-de-defence-minister")  # its lesson puts the error in the recorder's narration
    said = reveal.feedback(zhu, reveal.TRANSLATOR)
    assert "may still be right" not in said and "rules a translator or interpreter out" in said


def test_the_notes_heading_does_not_assume_an_error():
    key = reveal.prompt_key(helpers.anomaly("sophia-bulgaria"))
    assert key == "Predict: is anything wrong in \u201cSophia [Bulgaria]\u201d (p74), and whose hand?"
    assert "the error" not in key


def test_evidence_keeps_the_facts_and_drops_the_sentences_that_name_a_hand():
    says = ("Peng Dehuai was minister. The memo, or its translation, turns the two round. "
            "'Sophia' is a spelling of Sofia; the bracket is the translator's addition; it is one word.")
    assert reveal.evidence(says) == "Peng Dehuai was minister. 'Sophia' is a spelling of Sofia; it is one word."
    assert reveal.evidence("The recorder wrote it.") == ""
    compared = "Output was 185 Mt; the memo's tonnage is half of it. The memo's ratio matches. Claims ran high."
    assert reveal.evidence(compared) == "Output was 185 Mt. Claims ran high."
    marshals = dict(reveal.before_commit(helpers.anomaly("marshals-first-secretaries")).lines)["What other sources say"]
    assert "First secretaries took command of steel." in marshals and "did not become" not in marshals  # a denial
    tour = dict(reveal.before_commit(helpers.anomaly("tour-henan-shanxi-shandong")).lines)["What other sources say"]
    # the clue gives the dated tour and leaves the comparison to the learner (a reader found its closing "No visit to
    # Shanxi is recorded" gave the box away); that absence is still said, with the verdict, after Commit
    assert "Hebei, Henan and Shandong" in tour and "Shanxi" not in tour
    assert "records no visit to Shanxi" in helpers.anomaly("tour-henan-shanxi-shandong").to_html()
    card = reveal.before_commit(helpers.anomaly("sophia-bulgaria"))
    assert dict(card.lines)["What other sources say"] == "'Sophia' is a variant spelling of Sofia, the Bulgarian capital."
    assert card.title == helpers.anomaly("sophia-bulgaria").title


def test_a_predict_card_keeps_what_came_next_and_weak_sources_until_commit():
    zhu = dict(reveal.before_commit(helpers.anomaly("zhu-de-defence-minister")).lines)
    assert zhu["What other sources say"].startswith("In 1958 the Minister of National Defence was Marshal Peng Dehuai.")
    assert "dismissed" not in zhu["What other sources say"]  # lesson 06 asks what happened to Peng
    assert zhu["Whole sentence"] == ("p04 \u00b7 the recorder's narration: \u201cThe Minister of Foreign Affairs, "
                                          "Chen Yi, greeted the guests, as well as the Minister of Defense, Zhu De, "
                                          "and others.\u201d")
    steel = dict(reveal.before_commit(helpers.anomaly("next-year-20-mt")).lines)["What other sources say"]
    assert "30 Mt" in steel and "18 Mt" not in steel and "Lushan" not in steel  # lesson 06 asks when it was cut
    july = dict(reveal.before_commit(helpers.anomaly("steel-decision-16-july")).lines)["What other sources say"]
    assert "14-15 July" in july and "19 June" not in july  # a plain sentence before one marked unverified


def _visible_text(card_html: str) -> str:
    """A card's text outside its folded sources (a citation's "translated by" is not a verdict)."""
    return re.sub(r"<[^>]+>", " ", re.sub(r"<details class='course-sources'.*?</details>", "", card_html, flags=re.S))


def _predict_calls() -> list[tuple[str, str]]:
    """Every (lesson, anomaly id) a lesson's ``helpers.predict`` call asks about."""
    lessons = Path(helpers.__file__).resolve().parent.parent / "lessons"
    calls = set()
    for path in lessons.glob("[0-9][0-9]-*.ipynb"):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            calls |= set(re.findall(r"""helpers\.predict\(\s*["'](\d\d)["']\s*,\s*["']([a-z0-9-]+)["']""",
                                    "".join(cell["source"])))
    return sorted(calls)


@pytest.mark.parametrize("lesson, anomaly_id", _predict_calls())
def test_no_predict_card_states_its_verdict_before_commit(tmp_path, lesson, anomaly_id):
    box = helpers.predict(lesson, anomaly_id, folder=tmp_path)
    before = _visible_text(box.parts.card.value)
    sentence = html.escape(reveal.memo_sentence(helpers.anomaly(anomaly_id)))
    assert sentence and sentence in before  # the memo's whole sentence, its paragraph and its speaker
    assert f"href='memo.ipynb#{helpers.anomaly(anomaly_id).paragraphs[0]}'" in box.parts.card.value
    before = before.replace(sentence, "")  # who speaks ("the recorder's narration") is evidence, not a verdict
    assert len(re.findall(r"[.!?](?:\s|$)", dict(reveal.before_commit(helpers.anomaly(anomaly_id)).lines)
                          ["What other sources say"])) <= reveal.MAX_SENTENCES
    assert not reveal.LATER.search(before), f"{anomaly_id}: what came next, before Commit"
    assert not reveal.HANDS.search(before), f"{anomaly_id}: {reveal.HANDS.search(before).group()!r} before Commit"
    assert "Anomaly" not in box.parts.card.value and context.UNJUDGED in before  # the kind label is a verdict
    assert not re.search(r"\bThe memo(?:'|&#x27;)s\b", before), f"{anomaly_id}: the card compares before Commit"
    box.parts.choice.value = reveal.CANNOT_TELL
    box.parts.reason.value = "The sources do not agree."
    box.parts.commit.click()
    said = html.escape(dict(helpers.anomaly(anomaly_id).lines)["What other sources say"])
    assert said in box.parts.card.value  # after Commit, the whole of it


def test_the_sophia_card_keeps_the_translators_addition_until_commit(tmp_path):
    box = helpers.predict("05", "sophia-bulgaria", folder=tmp_path)
    assert "Sofia" in box.parts.card.value and "translator" not in _visible_text(box.parts.card.value)
    box.parts.anyway.click()
    assert "the translator&#x27;s addition" in box.parts.card.value


def test_the_predict_widget_offers_not_an_error(tmp_path):
    box = helpers.predict("06", "tour-henan-shanxi-shandong", folder=tmp_path)
    assert reveal.NOT_AN_ERROR in box.parts.choice.options
    box.parts.choice.value = reveal.NOT_AN_ERROR
    box.parts.reason.value = "Mao could have been in Shanxi too."
    box.parts.commit.click()
    assert "no source settles" in box.parts.status.value
    saved = notes.load_notes("06", tmp_path)[reveal.prompt_key(helpers.anomaly("tour-henan-shanxi-shandong"))]
    assert saved.splitlines()[0] == f"My answer: {reveal.NOT_AN_ERROR}"


def test_the_notes_entry_keeps_the_guess_the_reason_and_what_was_revealed(tmp_path):
    card = helpers.anomaly("sihanouk-indonesian")
    entry = reveal.notes_entry(card, reveal.TRANSLATOR, "Square brackets   are the translator's.")
    notes.save_notes("06", entry, tmp_path)
    saved = notes.load_notes("06", tmp_path)
    text = saved[reveal.prompt_key(card)]
    assert text.splitlines()[0] == f"My answer: {reveal.TRANSLATOR}"
    assert "My reason: Square brackets are the translator's." in text
    assert "Revealed after I committed: " in text and "Best explanation: A translator or interpreter (translation)" in text


def test_the_predict_widget_reveals_only_after_a_commitment(tmp_path):
    box = helpers.predict("03", "steel-decision-16-july", folder=tmp_path)
    card = helpers.anomaly("steel-decision-16-july")
    verdict = [html.escape(v) for _, v in card.verdict]
    hidden = [f">{k}<" for k, _ in card.verdict] + [html.escape(v) for k, v in card.verdict if k != "Kind"]
    assert not any(v in box.parts.card.value for v in hidden)
    box.parts.commit.click()
    assert not any(v in box.parts.card.value for v in hidden) and not (tmp_path / "03-my-notes.md").exists()
    box.parts.choice.value = reveal.CANNOT_TELL
    box.parts.reason.value = "Mao was remembering months later."
    box.parts.commit.click()
    assert all(v in box.parts.card.value for v in verdict)
    assert "My reason: Mao was remembering months later." in (tmp_path / "03-my-notes.md").read_text()
    other = helpers.predict("03", "steel-decision-16-july", folder=tmp_path)
    other.parts.anyway.click()
    assert all(v in other.parts.card.value for v in verdict)


def test_cards_after_a_guess_fold_under_their_place_alone():
    group = helpers.cards(["event:lushan-1959", "event:peng-dismissed-1959"], "Lushan", after_guess=True)
    page = group.to_html()
    summaries = re.findall(r"<summary[^>]*>(.*?)</summary>", page)
    folds = [t for t in summaries if not t.startswith("Sources")]
    assert folds == ["Card 1 of 2: open it once you have made up your mind", "Card 2 of 2: open it once you have made up your mind"]
    assert "dismissed" not in " ".join(summaries)  # the title that answers the guess stays folded
    assert helpers.event("peng-dismissed-1959").title in page  # inside the fold, the card is whole
    plain = helpers.cards(["event:lushan-1959"], "Lushan").to_html()
    assert f"Event: {html.escape(helpers.event('lushan-1959').title)}" in plain


def _html_text(box) -> str:
    """Every HTML widget's value inside ``box``, joined: what the learner reads in it."""
    found, stack = [], [box]
    while stack:
        item = stack.pop()
        if isinstance(item, ipywidgets.HTML):
            found.append(item.value)
        stack.extend(getattr(item, "children", ()))
    return " ".join(found)


def test_the_predict_widget_can_ask_a_lessons_shorter_question_escaped(tmp_path):
    default = _html_text(helpers.predict("06", "next-year-20-mt", folder=tmp_path))
    short = _html_text(helpers.predict("06", "next-year-20-mt", folder=tmp_path, question="Your <verdict>?"))
    assert reveal.question_html() in default
    assert reveal.question_html() not in short and "Your &lt;verdict&gt;?" in short


def test_a_later_box_folds_the_same_rules_under_when_to_choose_each_answer(tmp_path):
    """Readers of lesson 06 skimmed the same list of answers shown in full in three boxes: a later box keeps the
    question on screen and folds the very same lines, which stay one click away."""
    first = _html_text(helpers.predict("06", "steel-decision-16-july", folder=tmp_path))
    later = _html_text(helpers.predict("06", "next-year-20-mt", folder=tmp_path, rules_folded=True))
    rules = re.findall(r"<li>.*?</li>", reveal.question_html())
    assert reveal.question_html() in first and reveal.question_html() not in later
    # the harder cases' own fold is nested inside the rules' fold
    fold = re.search(r'<details class="course-box-rules"><summary>When to choose each answer '
                     r'\(with the harder cases\)</summary>(.*?</details>)</details>', later)
    assert fold and re.findall(r"<li>.*?</li>", fold.group(1)) == rules and len(rules) == 3 + len(reveal.HARDER_CASES)
    assert later.index(reveal.ASK) < fold.start()
    assert html.escape(reveal.REASON_RULE) in fold.group(1)


def test_the_box_lists_when_to_choose_each_answer_in_the_order_it_offers_them():
    """Readers read the rule as one chain of "if ... otherwise" clauses two or three times: the box lists one
    line per answer, opening with that answer's own words, in the order of the radio buttons."""
    shown = reveal.question_html()
    lines = re.findall(r"<li><em>(.*?)</em>: (.*?)</li>", shown)
    assert [html.unescape(a) for a, _ in lines] == [a for a, _ in reveal.WHEN_TO_CHOOSE]
    assert all(choice.startswith(a) for choice, (a, _) in zip(reveal.CHOICES, reveal.WHEN_TO_CHOOSE, strict=True))
    assert html.escape(reveal.REASON_RULE) in shown
    for answer, when in reveal.WHEN_TO_CHOOSE:  # the paragraph for print says the same
        assert answer in reveal.QUESTION and when in reveal.QUESTION


def test_the_box_folds_its_harder_cases_under_the_short_rules():
    """Readers of five lessons read rules that carried their exceptions in the same line as "a wall": each rule is
    one short line, and every exception sits in a fold after them, on screen and (unfolded) in print."""
    shown = reveal.question_html()
    fold = re.search(r'<details class="course-box-harder"><summary>Harder cases[^<]*</summary>(.*?)</details>', shown)
    assert fold and shown.index("</ul>") < fold.start()
    assert [html.unescape(c) for c in re.findall(r"<li>(.*?)</li>", fold.group(1))] == list(reveal.HARDER_CASES)
    assert all(len(when.split()) <= 20 for _, when in reveal.WHEN_TO_CHOOSE)
    assert all(case in reveal.QUESTION for case in reveal.HARDER_CASES)


def test_every_answer_in_the_box_can_agree_with_a_card():
    """Readers found that no card could ever agree with "Mao" or "The recorder", and felt tricked: each answer the
    box offers must be the verdict of some card in the course, or "Nothing wrong here"."""
    verdicts = {reveal.matching_choice(context.card("anomalies", row["id"])) for row in helpers.data.rows("anomalies")}
    assert set(reveal.CHOICES) - {reveal.NOT_AN_ERROR} <= verdicts
    assert not set(reveal.RETIRED_CHOICES) & set(reveal.CHOICES)
    assert "slip you suspect" in reveal.QUESTION and "slip you suspect" in reveal.REASON_PROMPT


def test_notes_saved_with_a_retired_answer_are_kept_when_the_learner_commits_again(tmp_path):
    """A learner who committed "Mao" before the box dropped that answer loses nothing: the old entry loads and
    stays when another card is committed."""
    mao = reveal.RETIRED_CHOICES[0]
    old_card, new_card = helpers.anomaly("steel-decision-16-july"), helpers.anomaly("next-year-20-mt")
    notes.save_notes("06", reveal.notes_entry(old_card, mao, "He was remembering months later."), tmp_path)
    box = helpers.predict("06", "next-year-20-mt", folder=tmp_path)
    assert mao not in box.parts.choice.options
    box.parts.choice.value = reveal.CANNOT_TELL
    box.parts.reason.value = "A forecast need not match a target."
    box.parts.commit.click()
    saved = notes.load_notes("06", tmp_path)
    assert saved[reveal.prompt_key(old_card)].splitlines()[0] == f"My answer: {mao}"
    assert saved[reveal.prompt_key(new_card)].splitlines()[0] == f"My answer: {reveal.CANNOT_TELL}"


def test_the_memo_pages_key_gives_the_boxs_harder_cases_word_for_word():
    """A reader of the memo page, whose notes have no prediction box, was sent to another notebook for the harder
    cases and judged without them: the page's Key folds them itself, in the box's very words, so the two cannot
    drift apart."""
    memo = Path(helpers.__file__).resolve().parent.parent / "lessons" / "memo.ipynb"
    key = next("".join(c["source"]) for c in json.loads(memo.read_text(encoding="utf-8"))["cells"]
               if "".join(c["source"]).startswith("## Key"))
    fold = re.search(r"<details><summary>Harder cases[^<]*</summary>(.*?)</details>", key, re.S)
    assert fold, "the memo page's Key has no 'Harder cases' fold"
    assert re.findall(r"^- (.+)$", fold.group(1), re.M) == list(reveal.HARDER_CASES)
    for _, when in reveal.WHEN_TO_CHOOSE:
        assert when in key
