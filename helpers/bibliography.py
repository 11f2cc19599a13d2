"""Citations in Chicago notes-bibliography style, built from the fields of ``data/sources.csv``.

One function, :func:`citation`, turns a row of the bibliography into the text a
card, a chart's tooltip or the printed packet shows: the full note form of the
Chicago Manual of Style (author, title, container, facts of publication, the
pages or document cited), then the address where the text is hosted, if any.
Text is plain (no italics), so it can be escaped into HTML or written as Markdown.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urlsplit

TIERS = ("archival", "official", "scholarly", "press", "reference", "popular")
"""How much weight a source can bear, strongest first (see data/README.md, 'Sourcing policy')."""

STRONG = frozenset({"archival", "official", "scholarly"})
"""Tiers that can carry a fact alone."""

SHOWN = STRONG | {"press"}
"""Tiers a learner is shown. Reference and popular works (encyclopedias, mirrors, popular pages) are leads
for editors: they stay in sources.csv, and a card never prints them."""

FORMS = ("book", "chapter", "article", "newspaper", "document", "web")
"""The shapes of citation the formatter knows."""


def _get(row: Mapping, key: str) -> str:
    value = row.get(key, "") if hasattr(row, "get") else getattr(row, key, "")
    return "" if value is None or value != value else str(value).strip()  # NaN != NaN


def names(authors: str) -> str:
    """Authors as a note gives them: ``A``, ``A and B``, ``A, B, and C`` (``;`` separates them in the data)."""
    people = [a.strip() for a in authors.split(";") if a.strip()]
    if len(people) <= 2:
        return " and ".join(people)
    return ", ".join(people[:-1]) + ", and " + people[-1]


def _title(row: Mapping, quoted: bool) -> str:
    """The title, in quotation marks for a part of a work; a descriptive title in [brackets] is never quoted."""
    title, english = _get(row, "title"), _get(row, "title_en")
    if quoted and not title.startswith("["):
        # A quotation inside a quoted title takes single quotation marks.
        shown = "\u201c" + re.sub(r'"([^"]*)"', "\u2018\\1\u2019", title) + "\u201d"
    else:
        shown = title
    return f"{shown} [{english}]" if english else shown


def _facts(row: Mapping) -> str:
    """The parenthesis of a note: ``(Place: Publisher, Year)``."""
    place, publisher, year = _get(row, "place"), _get(row, "publisher"), _get(row, "year")
    where = ": ".join(p for p in (place, publisher) if p)
    inner = ", ".join(p for p in (where, year) if p)
    return f"({inner})" if inner else ""


def _join(parts: list[str]) -> str:
    return ", ".join(p for p in parts if p)


def note(row: Mapping) -> str:
    """The Chicago full note for one bibliography row, without the address.

    Examples of the forms (``form`` column):

    - book: Roderick MacFarquhar, The Origins of the Cultural Revolution, vol. 2 (New York: Columbia
      University Press, 1983), 78.
    - chapter: Author, "Title," in Book, ed. Editor (Place: Publisher, Year), pages.
    - article: Author, "Title," Journal 110, no. 460 (2000): 136-58.
    - newspaper: "Title" [Translation], Renmin ribao [People's Daily], 1 September 1958, 1.
    - document: "Title," date, archival locator, trans. Translator, in Container (facts), pages.
    - web: Author, "Title," Site, date or year.
    """
    form = _get(row, "form") or "book"
    author = names(_get(row, "author"))
    container, volume, pages = _get(row, "container"), _get(row, "volume"), _get(row, "pages")
    date, locator, translator = _get(row, "date"), _get(row, "locator"), _get(row, "translator")
    trans = f"trans. {translator}" if translator else ""
    if form == "book":
        body = _join([author, _title(row, False), volume, trans])
        text = f"{body} {_facts(row)}".strip()
        text = _join([text, pages])
    elif form == "chapter":
        book = f"in {container}" if container else ""
        body = _join([author, _title(row, True), book, volume, trans])
        text = _join([f"{body} {_facts(row)}".strip(), pages])
    elif form == "article":
        journal = " ".join(p for p in (container, volume) if p)
        year = _get(row, "year")
        when = f"({date or year})" if (date or year) else ""
        text = _join([author, _title(row, True), f"{journal} {when}".strip()])
        text = f"{text}: {pages}" if pages else text
    elif form == "newspaper":
        text = _join([author, _title(row, True), container, date or _get(row, "year"), pages])
    elif form == "document" and ("working paper" in container.lower() or volume.startswith("no.")):
        series = " ".join(p for p in (container, volume) if p)
        text = _join([author, _title(row, True), trans, f"{series} {_facts(row)}".strip(), date, pages])
    elif form == "document":
        within = f"in {container}" if container else ""
        facts = _facts(row)
        text = _join([author, _title(row, True), date, locator, trans, f"{within} {facts}".strip(), volume, pages])
    else:  # web
        text = _join([author, _title(row, True), container, date or _get(row, "year"), pages])
    text = text.rstrip(".") + "."
    # American usage: commas and full stops go inside closing quotation marks; number ranges take an en dash.
    text = text.replace("\u201d,", ",\u201d").replace("\u201d.", ".\u201d")
    return re.sub(r"(?<=\d)-(?=\d)", "\u2013", text)


def host(url: str) -> str:
    """The host name of an address, lower case, without ``www.``."""
    name = (urlsplit(url).hostname or "").lower()
    return name[4:] if name.startswith("www.") else name


def citation(row: Mapping) -> str:
    """The citation a learner sees: the Chicago note, then the address of the text where one is shown."""
    url = _get(row, "url")
    return f"{note(row)} {url}".strip()


HOSTS_DENIED = frozenset({
    "360doc.com", "360doc.cn", "waxkitten.com", "40792.com", "998ds.net", "m.shhg88.com", "eifxekqkqvx.shop",
    "zalansite.site", "szzy.7lue.cn", "autoforsalebyowners.com", "ranfinancial.com", "thenovelorange.com",
    "user.bibliboba.online", "bibliboba.online", "wikisum.wiki", "piglix.com", "theinfolist.com", "enwikipedia.net",
    "universal-wiki.com", "worldwizzy.com", "kiwix.casplantje.nl", "mdsite.deno.dev", "oenc.net", "alchetron.com",
    "wiki.gravy.cc", "en-academic.com", "wiki.studentb.eu", "worddisk.com", "hyperleap.com", "rctutku.com",
    "thefullwiki.org", "bfjaawards.com", "liquisearch.com", "whosread.com", "gudianfeng.com",
    "shaolingongfu.com", "oson.ca", "yaliqi.com", "m.todayonhistory.com", "wufanghuizhong.com", "ahbhho.cn",
})
"""Mirrors, content farms and pirated copies: a link to them is never shown (the work is cited without it)."""

HOSTS_ALLOWED = frozenset({
    "digitalarchive.wilsoncenter.org", "wilsoncenter.org", "history.state.gov", "cia.gov", "archives.gov",
    "digitalvaults.org", "clinton.presidentiallibraries.us", "stalnapostavka.arhiv-beograda.org",
    "marxists.org", "cpc.people.com.cn", "people.com.cn", "hprc.org.cn", "public.econ.duke.edu",
    "ehistory.osu.edu", "millercenter.org", "ese-archives.geschichte.uni-muenchen.de", "chinaknowledge.de",
    "chinaknowledge.org", "britannica.com", "en.wikipedia.org", "en.wikiquote.org", "content.time.com",
    "washingtonpost.com", "brookings.edu", "chinadaily.com.cn", "cpcchina.chinadaily.com.cn", "thepaper.cn",
    "chinadigitaltimes.net", "res.org.uk", "shine.cn", "academic.oup.com", "cambridge.org", "jstor.org", "doi.org",
})
"""Hosts whose pages are the text's own publisher, an archive, a library or the author: only these links are shown."""


def link_problem(url: str) -> str | None:
    """Why an address may not be shown to a learner, or None when it may.

    Shown are only addresses on a host of :data:`HOSTS_ALLOWED` (or a sub-domain
    of one); a bare IP address, a denied host or any other host is refused.
    """
    if not url:
        return None
    name = host(url)
    if not name:
        return f"{url!r} is not a web address"
    if name.replace(".", "").isdigit() or ":" in name:
        return f"{url!r} points to a bare IP address; cite the work without the link"
    if any(name == d or name.endswith("." + d) for d in HOSTS_DENIED):
        return f"{name} is a mirror, content farm or pirated copy; cite the work without the link"
    if not any(name == a or name.endswith("." + a) for a in HOSTS_ALLOWED):
        return (f"{name} is not known to be the publisher, an archive, a library or the author; "
                "drop the link or add the host to HOSTS_ALLOWED with the reason")
    return None


def anonymous(row: Mapping) -> bool:
    """True when nobody answers for the text: no author, and not an archival or official document."""
    return not _get(row, "author") and _get(row, "tier") not in ("archival", "official")


UNVERIFIED_FIELD = {"record": "basis", "events": "description", "anomalies": "record_says", "people": "uncertain",
                    "glossary": "definition"}
"""The field of each table where a card says plainly that a fact is unverified (the text contains 'Unverified')."""


def marked_unverified(table: str, row: Mapping) -> bool:
    """True when the row's card says plainly that (part of) its fact is unverified."""
    return "unverified" in _get(row, UNVERIFIED_FIELD[table]).lower()


def row_problem(table: str, row: Mapping, sources: Mapping[str, Mapping]) -> str | None:
    """Why a row of a historical table breaks the sourcing rules, or None when it keeps them.

    A row needs at least one archival, official or scholarly source with a known
    author (an archival or official document counts as known); otherwise its card
    must say plainly that the fact is unverified. Reference and popular pages may
    add to a row but never carry it alone.
    """
    ids = [s for s in _get(row, "sources").split(";") if s]
    rows = [sources[s] for s in ids if s in sources]
    carrying = [r for r in rows if _get(r, "tier") in STRONG and not anonymous(r)]
    if carrying or marked_unverified(table, row):
        return None
    return (f"no archival, official or scholarly source with a known author among {', '.join(ids) or 'none'}: "
            f"add one, or say 'Unverified: ...' in the '{UNVERIFIED_FIELD[table]}' field")
