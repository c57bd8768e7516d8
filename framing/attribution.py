"""Who speaks: quotations, reported speech and their sources.

:func:`attribute_speakers` finds the stretches of an article that belong to a
source rather than to the outlet's own voice, with the source's name, where it is
mentioned, the cue that introduces it, and a mode:

``direct_quote``
    ``“…,” SANA said.`` / ``SANA said: “…”`` / ``“…,” she said, “…”`` /
    ``“…,” said Omar Abu Laila of …``; a quotation over several sentences or
    paragraphs (a paragraph opening with a quotation mark continues it).
``reported``
    ``X said (that) …``, ``X told Y …``, ``X reported …`` and other reporting
    verbs, ``…, X said.`` / ``…, said X.``, ``It was reported by X that …``.
``according_to``
    ``According to X, …`` and ``…, according to X.``
``continuation``
    a quotation with no cue of its own, continuing the last quoted speaker; or a
    sentence opening with an additive connective ("Additionally", "In addition")
    right after a source's report, in the same paragraph.

Pronouns and descriptions resolve to earlier sources: ``he``/``she`` to the last
person named, ``it``/``the report``/``the statement`` to the last source, ``the
agency``/``the monitor``/``the ministry``/``the paper`` to the last source of
that kind. Short scare quotes and quoted names (``the “Fatemiyoun Brigade”``) are
not speech. Everything not attributed is the outlet's own voice.

The rules work on surface cues (no parser, no model), so they run offline and
fast; they are measured on PolNeAR (see the README).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import accumulate, islice
from typing import TYPE_CHECKING

from .lexicon import Lexicon, LexiconEntry
from .match import LexiconMatcher, _inflections
from .segment import Segmenter, _default_segmenter
from .sources import SourceRegistry, load_sources
from .types import Document

if TYPE_CHECKING:
    from .attribution_model import AttributionModel

__all__ = ["ATTRIBUTION_COLUMNS", "Attribution", "attribute_speakers", "attributions_frame", "find_quotes"]

ATTRIBUTION_COLUMNS = [
    "doc_id", "start", "end", "text", "speaker", "speaker_start", "speaker_end", "cue_start", "cue_end",
    "mode", "mention", "speaker_type", "affiliation", "inner_speaker",
]


@dataclass(frozen=True, slots=True)
class Attribution:
    """A stretch of text attributed to a source.

    ``start``/``end`` delimit the attributed content; ``speaker_start``/
    ``speaker_end`` the mention of the source (``None`` when only implied, as in a
    continuation); ``cue_start``/``cue_end`` the cue ("said", "according to").
    ``speaker`` is the normalized name, ``mention`` the words as written.
    """

    doc_id: str
    start: int
    end: int
    text: str
    speaker: str
    speaker_start: int | None
    speaker_end: int | None
    cue_start: int | None
    cue_end: int | None
    mode: str
    mention: str | None = None
    speaker_type: str | None = None
    affiliation: str | None = None
    inner_speaker: str | None = None


# --- word classes ---------------------------------------------------------------------------------

_OPEN_Q = "“«„‘"
_CLOSE_Q = "”»"
# alternatives that each open with a literal let the regex engine skip to the next candidate mark
_QUOTE_CHARS = re.compile(r"“|”|«|»|„|\"|''|``")
_DOUBLE_MARKS = re.compile(r"[“”«»„\"]|''|``")
# British-style single quotation marks: ‘ opening a word after a space, a bracket or a dash; ’ not
# followed by a letter (followed by one, it is an apostrophe: it’s)
_SINGLE_OPEN = re.compile(r"(?:^|(?<=[\s(\[—–-]))‘(?=[^\W\d_])", re.M)  # not the ‘90s
_SINGLE_CLOSE = re.compile(r"’(?![^\W\d_])")
_PARA = re.compile(r"\n[^\S\n]*\n")
_WORD_WITH_ALNUM = re.compile(r"[^\W_]\S*")
# One token a match. The whole pattern is a group so that re.split returns the tokens and the gaps
# between them (the offsets are running sums of their lengths). It opens with the token's first
# character, a character class, so that the regex engine skips the spaces between tokens without
# trying each alternative there; each alternative checks that character with a lookbehind. In order:
# "(res.)", "Gen." before a name, "U.S.", a word (whole, or without its possessive "'s": the longest
# prefix followed by "'s"; its letter runs are atomic because no shorter run can end before an
# apostrophe), the "'s" itself, any other single character.
_TOK = re.compile(r"([^\s_](?:(?<=\()[a-z]{2,4}\.\)|(?<=[A-Z])[a-z]{0,3}\.(?=\s+[A-Z(])|(?<=[^\W\d_])\.(?:[^\W\d_]\.)+|"
                  r"(?<=[^\W_])[^\W_]*+(?:(?:[-‐‑'’.][^\W_]++)*(?=['’][sS]\b)|(?:[-‐‑'’.][^\W_]++)*)|"
                  r"(?<=['’])[sS]\b|(?<=[^\w\s])))")

_DETERMINERS = frozenset(
    "the a an this that these those his her their its our my your some many several two three four five "
    "another other each every both any no".split())
_SKIP_BEFORE_CUE = frozenset(
    "has have had also later previously recently then once again repeatedly publicly privately reportedly "
    "would will did does do is was were are been being just already separately further too now first "
    "initially quickly earlier last had've could might may can should shall must never often always "
    "subsequently immediately openly explicitly specifically yesterday today long still even".split())
_CLAUSE_BREAK = frozenset(
    "that which who whom whose and but or because while when where if as after before since although though "
    "than so yet nor to for in on at with by from into about over under during against without between "
    "among through across toward towards upon whether what how why is was are were be been being has had have "
    "will would can could should may might must did does do not n't no amid amidst among despite following "
    "including near outside inside beyond within via per unlike".split())
# words that show a clause has its own verb ("…, he told reporters the deal was dead")
_FINITE = frozenset(
    """is was are were be been am has had have will would can could should may might must did does do
    isn't wasn't aren't weren't won't wouldn't can't couldn't didn't doesn't don't hasn't haven't""".split())
_LEAD_ADVERBS = frozenset(
    "later earlier meanwhile separately then also however still yesterday today tonight afterwards afterward "
    "previously recently subsequently instead moreover additionally nevertheless likewise indeed overall notably "
    "here first second third finally ultimately similarly otherwise importantly specifically now yet".split())
_NAME_LINKS = frozenset("of for and the de al el bin ibn van von der du la le on".split())
_PRONOUNS = {"he": "person", "she": "person", "it": "org", "they": "any", "we": "any", "i": "any"}
# words standing for a source named just before, as a learned model may tag them
_RELATIVES = {"who": "person", "whom": "person", "his": "person", "her": "person", "which": "org", "its": "org"}
# common words that open an unnamed source at the start of a sentence ("Sources said", "Local officials")
_COMMON_FIRST = frozenset(
    """sources source officials official residents resident witnesses witness analysts analyst experts expert
    critics activists activist observers diplomats diplomat doctors doctor medics medic rescuers police
    investigators lawmakers protesters people locals villagers families relatives survivors eyewitnesses
    military security local senior government hospital medical rescue opposition unnamed anonymous several
    two three four many some other others most few all both spokesman spokeswoman spokesperson aides aide
    advisers adviser staff supporters opponents voters members leaders commanders fighters militants
    soldiers troops authorities""".split())
# "Name: what they said" at the start of a sentence; the name is one to five capitalised words
_COLON_LEAD = re.compile(r"(?P<lead>(?:[A-Z][\w’'.-]*[ \t]){0,4}[A-Z][\w’'.-]*)(?P<colon>:)[ \t]+(?=[\w“\"‘'])")
# "Republican pollster Daron Shaw: “…”", "Rep. Ann Vale (D-Ohio):“…”": a longer lead before a quotation
_COLON_QUOTE_LEAD = re.compile(r"(?P<lead>[A-Z][\w’'.-]*(?:[ \t]+(?:[A-Za-z][\w’'.-]*|\([A-Z][\w.-]*\))){0,6})"
                               r"(?P<colon>:)\s*(?=[“\"])")
# a quotation signed after a dash: "“We will win.” — Ana Ruiz, the mayor"
_DASH_SIGNATURE = re.compile(r"[ \t]*[—–][ \t]*(?P<name>(?:[A-Z][\w’'.-]*[ \t]){0,4}[A-Z][\w’'.-]*)"
                            r"(?=[ \t]*(?:,|\.|$|\n))", re.M)
# "In a CBS News poll released Monday, …", "In exit polls, …": what follows is the poll's finding
_POLL_LEAD = re.compile(r"In\s+(?P<source>[^,.;:\n]{0,80}?\b(?:poll|polls|survey|surveys)\b[^,.;:\n]{0,60}),\s+(?=\S)")
# leads that label, not speak: "Update:", "Editor's note:", "Photo:"
_COLON_LABELS = frozenset(
    """update updated note correction clarification breaking exclusive watch video photo photos read related
    also analysis opinion editorial warning source sources credit caption listen live timeline background
    context explainer factbox q a why what how who when where more see editor's editors
    latest contributing contributors reporting revealed""".split())
# what carries a source's words: "according to figures from X" is X
_DOC_HEADS = frozenset(
    """accounts account reports report figures figure estimates estimate data statement statements count
    tally toll documents document records record testimony testimonies footage images analysis study survey
    poll polls findings""".split())
# what speaks for its possessor: "OCP's report said" is OCP speaking
_SPOKEN_FOR = frozenset(
    """report reports statement statements communique communiqué release post tweet letter announcement bulletin
    broadcast article account office spokesman spokeswoman spokesperson website site campaign tally count
    estimate estimates analysis""".split())
# who speaks for someone, and speaks as itself when whose is unknown ("The budget office said …")
_SPEAKS_ITSELF = frozenset("office spokesman spokeswoman spokesperson".split())
# what a source puts out: "released a statement saying …"
_STATEMENT_NOUNS = frozenset(
    "statement statements letter memo report post tweet release video ad email note".split())
_OBJECT_PRONOUNS = frozenset("him her them it us me himself herself themselves itself".split())
_VAGUE = frozenset(
    "many some others other people those few most several one someone somebody anyone everyone all".split())
_TITLES = frozenset(
    """president vice prime minister secretary spokesman spokeswoman spokesperson chief head leader commander
    general gen gen. lt lt. col col. colonel maj maj. major capt capt. captain sgt sgt. brig brig. brigadier
    admiral adm adm. lieutenant sergeant dr dr. mr mr. mrs mrs. ms ms. sen sen. senator rep rep. representative gov
    gov. governor mayor ambassador envoy director chairman chairwoman chair ceo founder editor correspondent
    reporter analyst professor prof prof. sheikh imam ayatollah king queen prince emir sultan pope judge justice
    officer official deputy assistant adviser advisor counsel attorney coordinator member mp lawmaker
    speaker foreign defense defence interior health finance state army military police""".split())
_PERSON_TITLES = frozenset(
    """president minister secretary spokesman spokeswoman spokesperson chief leader commander general gen gen.
    lt lt. col col. colonel maj maj. major capt capt. captain brig brig. brigadier admiral lieutenant sergeant
    dr dr. mr mr. mrs mrs. ms ms. sen sen. senator rep rep. governor gov gov. mayor ambassador envoy director
    chairman chairwoman ceo editor correspondent analyst professor prof prof. sheikh imam ayatollah king queen
    prince emir sultan pope judge officer deputy adviser advisor lawmaker resident""".split())
_CONNECTIVES = ("additionally", "in addition", "also,", "moreover", "furthermore", "further,")
_DEFINITE = frozenset("the this that these those its their his her so-called".split())
_NEGATIONS = frozenset("not n't never neither nor declined refused refuses declines decline refuse without".split())
# forms read as nouns unless "that", a colon or a comma follows ("the state party", "states that")
_NOUN_FIRST = frozenset("state states remarks".split())
# "the reality TV show", "a radio show": "show" is a noun after these
_SHOW_KINDS = frozenset("tv television radio reality talk game cooking comedy news morning cable quiz".split())
# Cue words that are also common nouns ("state news agency", "initial reports had"): in their
# base or -s form they count as verbs only in a verb's position.
_NOUNISH = frozenset(
    """state states report reports claim claims call calls note notes comment comments answer answers reply replies
    estimate estimates promise promises question questions tweet tweets post posts demand demands signal signals
    hint hints vow vows pledge pledges joke jokes protest protests email emails broadcast broadcasts find finds
    show shows praise doubt doubts fear fears hope hopes wish wishes want wants concern concerns warning warnings
    threat threats record records retort retorts attack attacks offer offers plan plans vote votes campaign
    campaigns view views favor favors""".split())
_AFTER_VERB = frozenset(
    "that to the a an it its he she they we i his her their this these those there on in of about what how why "
    "whether if when".split())
_KIND_WORDS = {
    "agency": ("state_media", "wire", "media"), "news agency": ("state_media", "wire"),
    "monitor": ("monitor", "ngo"), "observatory": ("monitor",), "watchdog": ("monitor", "ngo"),
    "ministry": ("ministry", "government"), "government": ("government", "ministry"),
    "paper": ("media",), "newspaper": ("media",), "daily": ("media",), "channel": ("media", "state_media"),
    "broadcaster": ("media", "state_media"), "network": ("media", "monitor"), "outlet": ("media", "state_media"),
    "website": ("media",), "site": ("media",), "military": ("military",), "army": ("military",),
    "group": ("armed_group", "ngo", "monitor"), "organization": ("ngo", "monitor", "international_org"),
    "organisation": ("ngo", "monitor", "international_org"), "office": ("government", "official"),
    "source": None, "sources": None, "spokesman": None, "spokeswoman": None, "spokesperson": None,
    "official": None, "officials": None, "report": None, "statement": None, "communique": None, "communiqué": None,
    "release": None,
    **dict.fromkeys(
        "campaign committee administration department court company union council commission board party".split(),
        ()),
}
# organisations "the <head>" names only when one with that word in its name came before ("the Trump
# campaign … the campaign"); otherwise the unnamed agent itself speaks, never another kind of source
_NAMED_ONLY = frozenset(h for h, kinds in _KIND_WORDS.items() if kinds == ())
_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday yesterday today tonight".split())
_TIME_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday yesterday today tonight on last this week month "
    "morning afternoon evening night earlier later".split())


class _Tok:
    """A token inside the attributor (a plain slotted class: tokens are made by the thousand)."""

    __slots__ = ("end", "low", "start", "text")

    def __init__(self, start: int, end: int, text: str):
        self.start = start
        self.end = end
        self.text = text
        self.low = text.lower()


def _tokens(text: str, s: int, e: int) -> tuple[list[_Tok], list[int]]:
    """The tokens of ``text[s:e]`` and where each starts."""
    parts = _TOK.split(text[s:e])  # gap, token, gap, ..., token, gap
    at = list(accumulate(map(len, parts), initial=s))
    starts = at[1::2]
    toks = list(map(_Tok, starts, at[2::2], parts[1::2]))
    if text.find("r.", s, e) >= 0:
        # "Jr." and "Sr." stay one token (a name's suffix), also before a lower-case word
        k = 1
        while k < len(toks):
            if toks[k].text == "." and toks[k - 1].text in ("Jr", "Sr") and toks[k - 1].end == toks[k].start:
                toks[k - 1:k + 1] = [_Tok(toks[k - 1].start, toks[k].end, toks[k - 1].text + ".")]
                del starts[k]
            else:
                k += 1
    return toks, starts


def _is_aside(tok: _Tok) -> bool:
    """A short parenthesised abbreviation inside a name: "(res.)", "(ret.)"."""
    return len(tok.text) > 2 and tok.text[0] == "(" and tok.text[-1] == ")"


def _has_words(toks: list[_Tok], k: int, n: int) -> bool:
    """Are there at least ``n`` words (tokens opening with a letter or digit) from token ``k`` on?"""
    for t in islice(toks, k, None):
        if t.text[0].isalnum():
            n -= 1
            if n <= 0:
                return True
    return n <= 0


def _is_cap(tok: _Tok) -> bool:
    c = tok.text[0]
    return c.isupper() or (c.isdigit() and any(ch.isalpha() for ch in tok.text))


@lru_cache(maxsize=1)
def _cue_tables() -> tuple[LexiconMatcher, dict[str, str], frozenset[str], dict[str, frozenset[str]], frozenset[str]]:
    """The cue matcher, each cue's kind, the nouns that stand for a source, the verb forms whose
    stance follows a preposition ("called for", "warned of") with those prepositions, and the forms
    whose "to" opens an infinitive ("vowed to", "declined to")."""
    text = resources.files("framing").joinpath("data/attribution_cues.txt").read_text(encoding="utf-8")
    sections: dict[str, list[str]] = {}
    current = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), [])
        elif current is not None:
            current.append(line.lower())
    kinds: dict[str, str] = {}
    entries = []
    for kind in ("speech", "weak", "belief"):
        for lemma in sections.get(kind, []):
            if lemma in kinds:
                continue
            kinds[lemma] = kind
            entries.append(LexiconEntry(lemma, kind, lexicon="cues"))
    irregular = [pair.split() for pair in sections.get("irregular", [])]  # (form, lemma)
    for phrase in sections.get("phrases", []):
        if phrase not in kinds:
            kinds[phrase] = "phrase"
            entries.append(LexiconEntry(phrase, "phrase", inflect=False, lexicon="cues"))
    prep_cues: dict[str, frozenset[str]] = {}
    for line in sections.get("prepositional", []):
        lemma, *preps = line.split()
        for form in {lemma, *_inflections(lemma), *(f for f, lem in irregular if lem == lemma)}:
            prep_cues[form] = frozenset(preps)
        if lemma not in kinds:
            kinds[lemma] = "prep"
            entries.append(LexiconEntry(lemma, "prep", lexicon="cues"))
    infinitive: set[str] = set()
    for lemma in sections.get("infinitive", []):
        for form in {lemma, *_inflections(lemma), *(f for f, lem in irregular if lem == lemma)}:
            prep_cues[form] = prep_cues.get(form, frozenset()) | {"to"}
            infinitive.add(form)
        if lemma not in kinds:
            kinds[lemma] = "prep"
            entries.append(LexiconEntry(lemma, "prep", lexicon="cues"))
    for form, lemma in irregular:  # "spoke" for "speak" also when "speak" is only in [prepositional]
        if lemma in kinds and form not in kinds:
            kinds[form] = kinds[lemma]
            entries.append(LexiconEntry(form, kinds[lemma], inflect=False, lexicon="cues"))
    nouns = frozenset(sections.get("nouns", []))
    matcher = LexiconMatcher(Lexicon("attribution_cues", tuple(entries)))
    return matcher, kinds, nouns, prep_cues, frozenset(infinitive)


# --- quotations -----------------------------------------------------------------------------------

def find_quotes(text: str) -> list[tuple[int, int]]:
    """Quotations as ``(start, end)`` spans including their marks.

    Curly quotes, guillemets and straight double quotes are paired within a
    paragraph; a quotation left open at the end of a paragraph continues when the
    next paragraph opens with a quotation mark (the news convention), and is
    otherwise closed at the end of its paragraph. Unbalanced marks never fail.

    Examples
    --------
    >>> t = '“One. Two,” he said, "three."\\n\\n“Open\\n\\n“still open.” Done.'
    >>> [t[s:e] for s, e in find_quotes(t)]
    ['“One. Two,”', '"three."', '“Open\\n\\n“still open.”']
    """
    paras = [m.start() for m in _PARA.finditer(text)]
    if "‘" in text and not _DOUBLE_MARKS.search(text):
        return _single_quotes(text, paras)
    out: list[tuple[int, int]] = []
    open_at: int | None = None
    cur = 0  # where the open quotation's current paragraph starts

    def para_end(pos: int) -> int:
        i = bisect_right(paras, pos)
        return paras[i] if i < len(paras) else len(text)

    for m in _QUOTE_CHARS.finditer(text):
        i = m.start()
        ch = m.group()
        if ch == "``":
            ch = "“"
        elif ch == "''":
            # two apostrophes as a quotation mark, as some newspapers write it
            ch = '"'
        if ch == '"':
            prev = text[i - 1] if i else " "
            nxt = text[i + 1] if i + 1 < len(text) else " "
            opening = (prev.isspace() or prev in "([{—–-:/") and not nxt.isspace()
            if open_at is not None and not (opening and para_end(cur) < i):
                opening = False
            ch = "“" if opening else "”"
        elif ch == "“" and open_at is not None and i and text[i - 1] in ",.!?" and \
                (i + 1 == len(text) or text[i + 1].isspace()):
            ch = "”"  # '“It is unusual,“ said Noble': an opening mark typed for the closing one
        if open_at is not None and para_end(cur) < i:
            # the quote ran into a paragraph break: continue only if the next paragraph opens with a mark
            start_of_para = paras[bisect_right(paras, cur)]
            first = text[start_of_para:i].strip()
            if ch in _OPEN_Q and first == "" and _runs_to_next_para(text, cur, i, paras):
                cur = i
                continue
            out.append((open_at, _rstrip(text, para_end(cur))))
            open_at = None
        if ch in _OPEN_Q:
            if open_at is None:
                open_at = cur = i
        elif open_at is not None:
            out.append((open_at, m.end()))
            open_at = None
    if open_at is not None:
        out.append((open_at, _rstrip(text, para_end(cur))))
    return out


def _single_quotes(text: str, paras: list[int]) -> list[tuple[int, int]]:
    """Quotations in single marks (‘…’), for texts that use no double quotation marks (British style).

    ’ is also the apostrophe, so a quotation closes at the first ’ not followed by a letter
    that comes after punctuation (‘The protesters’ demands are fair,’ she said), else at the
    first ’ not followed by a letter; never after the next opening mark or the paragraph's end.
    An opening mark that finds no closing one is not a quotation.
    """
    out: list[tuple[int, int]] = []
    opens = [m.start() for m in _SINGLE_OPEN.finditer(text)]
    after = 0
    for k, s in enumerate(opens):
        if s < after:
            continue
        i = bisect_right(paras, s)
        stop = min(paras[i] if i < len(paras) else len(text), opens[k + 1] if k + 1 < len(opens) else len(text))
        first = best = None
        for m in _SINGLE_CLOSE.finditer(text, s + 1, stop):
            if first is None:
                first = m.start()
            if text[m.start() - 1] in ",.!?…":
                best = m.start()
                break
        close = best if best is not None else first
        if close is not None:
            out.append((s, close + 1))
            after = close + 1
    return out


def _runs_to_next_para(text: str, open_at: int, i: int, paras: list[int]) -> bool:
    """Is ``i`` the opening mark of the paragraph right after the one where the quote opened?"""
    k = bisect_right(paras, open_at)
    # every paragraph between must itself open with a quote (multi-paragraph quotations)
    while k < len(paras) and paras[k] < i:
        j = paras[k]
        nxt = paras[k + 1] if k + 1 < len(paras) else len(text)
        if nxt < i:
            para_text = text[j:nxt].lstrip()
            if para_text[:1] not in _OPEN_Q + '"':
                return False
        k += 1
    return True


def _rstrip(text: str, end: int) -> int:
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


def _n_words(text: str) -> int:
    """Whitespace-separated words with a letter or digit ("[^\\W_]" is exactly ``str.isalnum``)."""
    return len(_WORD_WITH_ALNUM.findall(text))


def _is_speech_quote(text: str, s: int, e: int) -> bool:
    """Long enough, or clause-like, to be speech rather than a scare quote or a name."""
    inner = text[s:e].strip("“”«»„‘’\"'` ")
    n = _n_words(inner)
    if n >= 5:
        return True
    return n >= 1 and inner[-1:] in ",.!?…"


# --- the source registry and names ----------------------------------------------------------------

@dataclass
class _Mention:
    name: str
    start: int
    end: int
    kind: str  # person, org, other


class _DocSources:
    """Sources mentioned so far in one document, to resolve short and implied mentions."""

    def __init__(self, registry: SourceRegistry):
        self.registry = registry
        self.aliases: dict[str, str] = {}
        self.persons: list[_Mention] = []
        self.speakers: list[tuple[str, str, int]] = []  # (name, kind, position) in order of speaking
        self.paras: list[int] = []  # where paragraphs start
        self.orgs: list[tuple[str, int]] = []  # organisations named so far, with where

    def canonical(self, name: str) -> tuple[str, str | None, str | None]:
        key = _key(name)
        if key in self.aliases:
            name = self.aliases[key]
        src = self.registry.lookup(name)
        if src is not None:
            if src.type in ("anonymous", "witness"):
                # unnamed sources keep their own words ("U.S. official", "resident") with the type;
                # "Sources told OCP" at the start of a sentence are the same sources as "sources"
                if name.split()[0].lower() in _COMMON_FIRST and name[:1].isupper() and name[1:2].islower():
                    name = name[0].lower() + name[1:]
                return name, src.type, src.affiliation
            return src.name, src.type, src.affiliation
        # a surname or short form of a person named earlier ("Gantz" -> "Benny Gantz")
        if key:
            surname = " " + key
            for p in reversed(self.persons):
                low = p.name.lower()
                if low.endswith(surname) or low == key:
                    return p.name, None, None
        # one distinctive word of an organisation named in full earlier: "the Observatory" after
        # "the Observatory for Civilian Protection (OCP)"
        if key and " " not in key and len(key) >= 4 and name[:1].isupper() and key not in _NAME_LINKS:
            targets = {v for k, v in self.aliases.items() if " " in k and key in k.split()}
            if len(targets) == 1:
                target = targets.pop()
                src = self.registry.lookup(target)
                if src is not None and src.type not in ("anonymous", "witness"):
                    return src.name, src.type, src.affiliation
                return target, None, None
        return name, None, None

    def define(self, alias: str, name: str) -> None:
        self.aliases[_key(alias)] = name

    def add_person(self, name: str, start: int, end: int) -> None:
        self.persons.append(_Mention(name, start, end, "person"))

    def add_org(self, name: str, pos: int) -> None:
        if name.startswith(("The ", "A ", "An ")):  # a name opening a sentence: "The Observatory … said"
            name = name.split(" ", 1)[1]
        self.orgs.append((name, pos))

    def resolve_description(self, head: str, kinds: tuple[str, ...] | None, pos: int) -> str | None:
        """The source "the <head>" refers to: a source or organisation named earlier."""
        if head in ("report", "statement", "communique", "communiqué", "release"):
            return self.last_speaker(exclude_person=True, before=pos, max_paras=3)
        for name, _kind, p in reversed(self.speakers):
            if self.para(pos) - self.para(p) > 6:
                break
            if head in name.lower().split():
                return name
        for name, p in reversed(self.orgs):
            if p < pos and head in name.lower().split():
                return self.canonical(name)[0]
        if head in _NAMED_ONLY:
            return None
        if kinds:
            who = self.last_speaker(kinds, before=pos, max_paras=4)
            if who is not None:
                return who
        return self.last_speaker(exclude_person=True, before=pos, max_paras=3)

    def it_referent(self, pos: int) -> str | None:
        """What "it said" refers to: the latest organisation that spoke or was named, nearby."""
        best, best_pos = None, -1
        for name, kind, p in reversed(self.speakers):
            if kind != "person" and p < pos:
                best, best_pos = name, p
                break
        for name, p in reversed(self.orgs):
            if p < pos:
                if p > best_pos:
                    best, best_pos = self.canonical(name)[0], p
                break
        if best is None or self.para(pos) - self.para(best_pos) > 1:
            return None
        return best

    def para(self, pos: int) -> int:
        return bisect_right(self.paras, pos)

    def last_person(self, before: int, max_paras: int = 2) -> str | None:
        best = None
        for p in self.persons:
            if p.start < before and (best is None or p.start >= best.start):
                best = p
        if best is None or self.para(before) - self.para(best.start) > max_paras:
            return None
        return best.name

    def last_speaker(self, kinds: tuple[str, ...] | None = None, exclude_person: bool = False,
                     before: int | None = None, max_paras: int = 2) -> str | None:
        for name, kind, pos in reversed(self.speakers):
            if before is not None and self.para(before) - self.para(pos) > max_paras:
                return None
            if exclude_person and kind == "person":
                continue
            if kinds is None:
                return name
            src = self.registry.lookup(name)
            if src is not None and src.type in kinds:
                return name
        return None


def _key(name: str) -> str:
    name = " ".join(name.replace("’", "'").split()).strip(" .,:;")
    low = name.lower()
    for art in ("the ", "a ", "an "):
        if low.startswith(art):
            low = low[len(art):]
    return low


# --- noun phrases ---------------------------------------------------------------------------------

def _np_before(toks: list[_Tok], i: int) -> tuple[int, int] | None:
    """Token range [a, b) of the subject noun phrase ending just before token ``i``."""
    j = i - 1
    # "The United Nations on Saturday urged": the date is not part of the name
    if j >= 1 and toks[j].low in _WEEKDAYS:
        j -= 1
        if j >= 0 and toks[j].low in ("on", "last", "this", "late", "early"):
            j -= 1
    while j >= 0 and ((toks[j].low in _SKIP_BEFORE_CUE and not (j > 0 and toks[j].text[0].isupper())) or
                      (toks[j].low.endswith("ly") and toks[j].low not in
                                                            _CLAUSE_BREAK and not _is_cap(toks[j]) and j < i - 0)):
        j -= 1
    # an aside between dashes: "The justice -- who has been involved in a scuffle -- said"
    if j >= 0 and toks[j].text in "—–-":
        k = j - 1
        while k >= 0 and toks[k].text == toks[j].text:
            k -= 1
        while k >= 0 and toks[k].text != toks[j].text:
            k -= 1
        while k >= 0 and toks[k].text == toks[j].text:
            k -= 1
        if k >= 0:
            j = k
        else:
            return None
    # an apposition or relative clause between commas: "SOHR, a U.K. watchdog, said"
    if j >= 0 and toks[j].text == ",":
        k = j - 1
        while k >= 0 and toks[k].text != ",":
            k -= 1
        if k >= 1 and k < j - 1:
            inner = toks[k + 1 : j]
            before = toks[k - 1]
            if all(_is_cap(t) or t.low in _NAME_LINKS for t in inner) and _is_cap(inner[0]) and \
                    before.text[0].isalpha() and not _is_cap(before):
                # "Iran's foreign ministry mouthpiece, Majid Rahbari, claimed": the name is the apposition
                return k + 1, j
            j = k - 1
            # "Sanders, meanwhile, who …, said": an adverb set off by commas too
            while j >= 2 and toks[j].low in _ASIDE_ADVERBS and toks[j - 1].text == ",":
                j -= 2
            # an age or a party and state before the description: "Maria Ortiz, 52, a nurse, said",
            # "Sen. Lindsey Graham, R-S.C., a long-shot candidate, said"
            if j >= 3 and toks[j].text == "." and toks[j - 2].text == "," and _PARTY_STATE.match(toks[j - 1].text):
                j -= 3  # "R-S.C." is split before its last period
            elif j >= 2 and toks[j - 1].text == "," and (
                    (toks[j].text.isdigit() and len(toks[j].text) <= 3) or _PARTY_STATE.match(toks[j].text)):
                j -= 2
            # a place or a setting set off by commas too: "Cory James, 22, of Flint, Mich., said",
            # "Clinton, during a town hall meeting in Columbus, Ohio, said"
            for _ in range(3):
                k = j
                while k >= 0 and toks[k].text != ",":
                    k -= 1
                if not (1 <= k < j and toks[k + 1].low in ("of", "from", "in", "at", "during") and
                        toks[k - 1].text[0].isalnum()):
                    break
                j = k - 1
                if j >= 2 and toks[j - 1].text == "," and toks[j].text.isdigit() and len(toks[j].text) <= 3:
                    j -= 2
        else:
            return None
    if j < 0:
        return None
    b = j + 1
    a = b
    while a > 0:
        t = toks[a - 1]
        if t.text == ")":
            # a party and state, an acronym: "Rep. Elijah Cummings (D-Md.)"
            k = next((k for k in range(a - 2, max(-1, a - 8), -1) if toks[k].text == "("), None)
            if k is not None:
                a = k
                continue
        if t.text in "()" or t.low in ("'s", "’s") or _is_aside(t) or t.text == "%":
            a -= 1
            continue
        if _is_number(t) and a >= 3 and toks[a - 2].low == "in" and _is_number(toks[a - 3]):
            a -= 3  # "Two in three said", "six in 10 voters say"
            continue
        if t.low in _NAME_LINKS and a - 1 > 0 and _is_cap(toks[a - 2]) and a < b and _is_cap(toks[a]):
            a -= 1
            continue
        if t.low in ("in", "at") and a - 1 > 0 and a < b and _is_cap(toks[a]) and \
                (_is_cap(toks[a - 2]) or toks[a - 2].low in _COMMON_FIRST or toks[a - 2].low in _KIND_WORDS
                 or toks[a - 2].low in ("embassy", "consulate", "mission")):
            # "The Health Directorate in Deir ez-Zor said", "officials in Damascus said": the place is not the source
            a -= 1
            continue
        if t.low in _DETERMINERS:
            a -= 1
            break
        if not t.text[0].isalnum() or (t.low in _CLAUSE_BREAK and not (a > 1 and t.text[0].isupper())):
            break  # (but "May" and "Will" inside a sentence are names)
        a -= 1
        if b - a >= 9:
            break
    if a >= b:
        return None
    # a setting between the subject and the cue: "Jeb Bush in a Medium post said", "His allies have in the
    # past said", "The court on Tuesday ruled"
    if toks[b - 1].low in _SETTING_NOUNS and a >= 2 and toks[a - 1].low in ("in", "on", "at", "during", "over") \
            and toks[a - 2].text[0].isalnum() and (toks[a - 2].low not in _CLAUSE_BREAK or
                                                   toks[a - 2].low in _SKIP_BEFORE_CUE):
        return _np_before(toks, a - 1)
    if toks[a].low in ("in", "on", "at", "during", "over") and b - 1 > a and toks[b - 1].low in _SETTING_NOUNS \
            and a >= 1 and toks[a - 1].text[0].isalnum() and toks[a - 1].low not in _CLAUSE_BREAK:
        return _np_before(toks, a)
    return a, b


_ASIDE_ADVERBS = frozenset("meanwhile however though too also instead moreover nonetheless nevertheless".split())
_SETTING_NOUNS = _TIME_WORDS | frozenset(
    """particular day days time meantime fact turn addition general response return part public private
    person writing total post statement interview speech remarks past rally debate letter tweet video email
    conference hearing appearance op-ed column essay memo filing weekend year years january february march
    april may june july august september october november december""".split())


def _subject_before(toks: list[_Tok], ci: int) -> tuple[int, int] | None:
    """The subject of the cue at token ``ci``; for "The town released a statement saying …", the town;
    for "Economists who favor the tax agree …", the economists."""
    for k in range(ci - 1, max(0, ci - 14), -1):
        t = toks[k]
        if not t.text[0].isalnum() or t.low in _SUBORDINATORS:
            break
        if t.low in ("who", "that"):
            own = [x for x in toks[k + 1:ci] if x.low not in _SKIP_BEFORE_CUE and not x.low.endswith("ly")]
            if own and (t.low == "who" or toks[k + 1].low in _AUXILIARIES or toks[k + 1].low.endswith("ed")):
                # (not "X, who has refused to …": there the cue is the relative clause's own verb)
                sub = _np_before(toks, k)
                if sub is not None and not (sub[1] - sub[0] == 1 and toks[sub[0]].low in _VAGUE | {"those"}):
                    return sub  # (but "those who back her say": the clause names them)
            break
    rng = _np_before(toks, ci)
    if rng is not None and rng[0] >= 3 and toks[rng[0] - 1].low in ("to", "with", "on", "in", "at", "for") and \
            toks[rng[0] - 2].low.endswith("ing") and toks[rng[0] - 2].text.islower():
        # "Another source speaking to Fox News said": the participle's object is not the subject
        sub = _np_before(toks, rng[0] - 2)
        if sub is not None:
            return sub
    if rng is not None and toks[ci].low.endswith("ing") and rng[0] >= 2 and \
            any(t.low in _STATEMENT_NOUNS for t in toks[rng[0]:rng[1]]) and toks[rng[0] - 1].text.islower():
        # whoever released it speaks
        subject = _np_before(toks, rng[0] - 1 - (toks[rng[0] - 1].low in ("out", "up")))
        if subject is not None:
            rng = subject
    return rng


def _name_then_apposition(toks: list[_Tok], comma: int) -> bool:
    """Is everything before ``comma`` a name and one description: "Ann Lee, 52, a nurse from Homs"?"""
    first = next((k for k in range(comma) if toks[k].text == ","), None)
    if first is None or first == 0:
        return False
    # a party and state after the name: "Rep. Elijah Cummings (D-Md.), chair of …"
    name, depth = [], 0
    for t in toks[:first]:
        depth += (t.text == "(") - (t.text == ")")
        if depth == 0 and t.text != ")":
            name.append(t)
    if not name or len(name) > 5 or not all(_is_cap(t) or t.low in _NAME_LINKS or t.text == "." for t in name):
        return False
    k = first + 1
    # an age: "Ann Lee, 52, a nurse"
    if k + 1 < comma and toks[k].text.isdigit() and toks[k + 1].text == ",":
        k += 2
    if k >= comma or any(t.text in ",;:" for t in toks[k:comma]):
        return False
    return toks[k].low in _DETERMINERS or toks[k].low in ("who", "whose", "one") or toks[k].text[0].isdigit() \
        or (toks[k].low in _TITLES and k + 1 < comma and toks[k + 1].low in ("of", "for", "at"))  # "chair of …"


_AUXILIARIES = frozenset(
    "is are was were be been being has have had will would can could should may might must shall do does did "
    "isn't wasn't weren't aren't hasn't haven't hadn't won't wouldn't can't couldn't didn't doesn't".split())
_SOURCE_HEADS = frozenset("one another others some many several both all few most".split())


def _could_be_source(words: list[_Tok]) -> bool:
    """Could these words after an inverted cue ("…, said <words>") name who speaks?

    A name (capitalised words), or a common noun for people or sources ("a resident",
    "the minister", "officials"); not a clause ("the bridge had collapsed").
    """
    if not words or any(t.low in _AUXILIARIES and not t.text[0].isupper() for t in words):
        return False  # (but "said Will Doyle" is a name)
    if any(_is_cap(t) for t in words):
        return True
    head = words[-1].low
    return (head in _PERSON_TITLES or head in _KIND_WORDS or head in _COMMON_FIRST or head in _SOURCE_HEADS
            or head in _PRONOUNS or head.endswith(("man", "men", "woman", "women", "person", "people"))
            or _is_role_noun(head))


_NOT_ROLES = frozenset(
    """number numbers order orders matter matters water paper papers letter letters center centre border borders
    power powers other others after under over later together never ever rather whether either neither
    weather computer computers quarter quarters chapter member corner summer winter dinner theater theatre
    meter meters minister error errors factor factors sector sectors mirror motor floor door doors
    event events moment content percent comment comments statement government element amount point""".split())


def _is_role_noun(word: str) -> bool:
    """A noun for a person by what they do ("the chief executive", "a strategist", "the owners")?"""
    w = word[:-1] if word.endswith("s") and not word.endswith("ss") else word
    if w in _NOT_ROLES or word in _NOT_ROLES or len(w) < 5 or not w.isalpha():
        return False
    return w in _ROLE_NOUNS or w.endswith(("ist", "ian", "ent", "ant", "er", "or"))


_ROLE_NOUNS = frozenset(
    """executive candidate nominee delegate attorney employee trustee appointee incumbent challenger
    veteran colleague associate ally allies rival critic pundit scholar expert aide""".split())


def _np_after(toks: list[_Tok], i: int, stop: int) -> tuple[int, int] | None:
    """Token range [a, b) of the noun phrase starting at token ``i`` (after "said", "according to")."""
    a = i
    n = min(stop, len(toks))
    if a >= n:
        return None
    b = a
    while b < n:
        t = toks[b]
        if t.text in ",;:.!?" or t.text in _OPEN_Q + _CLOSE_Q + '"':
            break
        if t.low in ("who", "which", "that", "quoting", "citing", "adding", "saying", "told", "in", "on", "at",
                     "during", "after", "before", "when", "while", "and") and b > a:
            break
        if b == a and t.low in _CLAUSE_BREAK and t.low not in ("the", "a", "an") and \
                not (t.low in _AUXILIARIES and t.text[0].isupper()):
            return None  # (but "said Will Doyle" names someone)
        b += 1
        if b - a >= 10:
            break
    return (a, b) if b > a else None


_ORG_WORDS = frozenset(
    """agency news wire times post press ministry army forces force council observatory network organization
    organisation committee front party brigade brigades guard corps office department government authority
    commission union league institute center centre foundation group media channel tv radio daily herald journal
    tribune gazette monitor watch international reuters associated""".split())


def _join(tokens) -> str:
    """Tokens as words: "Syria’s foreign ministry", not "Syria ’s foreign ministry"."""
    return " ".join(t.text for t in tokens).replace(" 's", "'s").replace(" ’s", "’s")


def _name_from_np(toks: list[_Tok], a: int, b: int, *, prefer: str = "last") -> tuple[str, int, int, str]:
    """The name in a noun phrase: (name, start token, end token, kind person/name/org/other).

    ``prefer="last"`` for a subject before its cue ("Syrian state news agency SANA"),
    ``"first"`` for a phrase after it ("Omar Abu Laila of the news organization DeirEzzor24").
    """
    while a < b and (toks[a].low in _DETERMINERS or (toks[a].low in _LEAD_ADVERBS and a + 1 < b)):
        a += 1  # "the ...", and an adverb opening the sentence: "Later Gantz vowed ..."
    runs: list[tuple[int, int]] = []
    k = a
    while k < b:
        if _is_cap(toks[k]) and toks[k].low not in _DETERMINERS:
            r = k
            while r < b:
                if _is_cap(toks[r]) or toks[r].text in "()" or _is_aside(toks[r]) or \
                        (toks[r].low in _NAME_LINKS and r + 1 < b and _is_cap(toks[r + 1]) and r > k):
                    r += 1
                elif toks[r - 1].text == "(" and r + 2 < b and toks[r + 1].text in ".)":
                    # "(res.)", "(ret.)": an aside inside the name
                    r += 2 if toks[r + 1].text == ")" else 3
                else:
                    break
            runs.append((k, r))
            k = r
        else:
            k += 1
    words_all = [t for t in toks[a:b] if t.text not in "()"]
    if prefer == "first" and runs and runs[0][0] > a and not _is_cap(toks[a]):
        # "a resident of Tell Qasr", "a spokesman for the ministry": the head comes first
        k = next((q for q in range(a, runs[0][0]) if toks[q].low in ("of", "for", "at", "in", "from")), None)
        if k is not None and k > a:
            return _join(toks[a:k]), a, k, "other"
    if not runs:
        return _join(words_all), a, b, "other"
    s, e = runs[-1] if prefer == "last" else runs[0]
    head_first = False
    if prefer == "last" and len(runs) >= 2 and toks[runs[-2][1]].low in ("of", "at", "from", "with", "in"):
        # "Dr. Miriam Kessler of the Center for Strategic Deterrence": the person, not the place
        s, e = runs[-2]
        head_first = True
    run_end = e
    paren = next((k for k in range(s + 1, e) if toks[k].text == "("), None)
    if paren is not None and not (toks[e - 1].text == ")" and e - paren <= 3 and toks[paren + 1].text.isupper()):
        e = paren  # "Rep. Elijah Cummings (D-Md.)": a party and state are not the name (an acronym is, below)
    while e > s and toks[e - 1].text in "()":
        e -= 1
    if e - s >= 3 and toks[e - 1].text.isupper() and toks[e - 2].text == "(":
        e -= 2  # "Syrian Observatory for Human Rights (SOHR)": the acronym is an alias
    lead = [t for t in toks[a:s] if t.text[0].isalnum()]
    if prefer == "last" and lead and not _is_cap(lead[0]) and lead[-1].low in ("of", "from", "in", "at") and \
            not any(t.low in _PERSON_TITLES and t.low != "resident" for t in lead):
        # "a resident of Tell Qasr": the person is the resident, not the town
        return _join(words_all), a, b, "other"
    if prefer == "last" and not head_first and any(t.text[0].isalnum() for t in toks[run_end:b]):
        # the capitalised words only modify a common noun: "U.S. official", "Israeli military"
        return _join(words_all), a, b, "other"
    title_seen = any(toks[q].low in _PERSON_TITLES for q in range(a, s))
    cut = None
    for q in range(s, e):
        if toks[q].low in _PERSON_TITLES:
            cut = q
    if cut is not None and cut + 1 < e:
        q = cut + 1
        while q < e:
            if toks[q].low in ("of", "for", "the") and q + 1 < e:
                q += 2  # "Secretary of State Mike Pompeo"
            elif toks[q].low in _TITLES:
                q += 1
            else:
                break
        if q < e:
            s = q
            title_seen = True
    while s < e and toks[s].low == "the":
        s += 1
    words = [t for t in toks[s:e] if t.text not in "()" and not _is_aside(t)]
    name = _join(words)
    if title_seen:
        kind = "person"
    elif any(t.low in _ORG_WORDS or (t.text.isupper() and len(t.text) > 1) for t in words):
        kind = "org"
    elif 2 <= len(words) <= 4 and all(w.text[0].isupper() for w in words):
        kind = "name"
    else:
        kind = "org"
    return name, s, e, kind


# --- the attributor -------------------------------------------------------------------------------

class _Attributor:
    def __init__(self, registry: SourceRegistry, segmenter: Segmenter):
        self.registry = registry
        self.segmenter = segmenter
        self.cue_matcher, self.cue_kinds, self.nouns, self.prep_cues, self.infinitive_cues = _cue_tables()

    def run(self, doc: Document, sents: list[tuple[int, int]] | None = None) -> list[Attribution]:
        text = doc.text
        if not text.strip():
            return []
        if sents is None:
            sents = self.segmenter.boundaries(text)
        quotes = find_quotes(text)
        speech_quotes = [q for q in quotes if _is_speech_quote(text, *q)]
        cues = self.cue_matcher.find(text)
        state = self._prepare(doc)
        paras = state.paras
        out: list[Attribution] = []
        cue_starts = [c.start for c in cues]
        q_starts = [q[0] for q in speech_quotes]
        covered_quotes: set[tuple[int, int]] = set()
        prev_attr: Attribution | None = None
        prev_para = -1  # the paragraph of prev_attr
        for s, e in sents:
            para = bisect_right(paras, s)
            sent_cues = cues[bisect_left(cue_starts, s): bisect_left(cue_starts, e)]
            # a quotation ending right before the sentence counts too: “… night.” SANA said.
            sent_quotes = [q for q in speech_quotes[max(0, bisect_left(q_starts, s) - 1): bisect_left(q_starts, e)]
                           if q[0] < e and q[1] >= s - 2]
            made: list[Attribution] = []
            if sent_cues and sent_quotes:
                # words inside a quotation belong to it, cue words too
                sent_cues = [c for c in sent_cues if not any(q[0] < c.start < q[1] for q in sent_quotes)]
            if sent_cues:
                # only a cue makes a statement here: quotations alone go to _continuation
                toks, tok_starts = _tokens(text, s, e)
                made = self._sentence(doc, text, s, e, toks, tok_starts, sent_cues, sent_quotes, covered_quotes,
                                      state)
            if not made and text[s:s + 1].isupper():
                m = _COLON_LEAD.match(text, s, e) or _COLON_QUOTE_LEAD.match(text, s, e)
                line = text.rfind("\n", s, e) + 1
                if m is None and line > s and text[line:line + 1].isupper():
                    # "RED STATES OUTNUMBER BLUE\nJeffrey M. Jones: “…”": a headline line glued on before
                    m = _COLON_LEAD.match(text, line, e) or _COLON_QUOTE_LEAD.match(text, line, e)
                if m:
                    made = self._colon_lead(doc, text, m.start(), e, m, sent_quotes, state)
                elif text.startswith("In ", s):
                    m = _POLL_LEAD.match(text, s, e)
                    if m:
                        made = self._poll_lead(doc, text, s, e, m, state)
            if not made and sent_quotes:
                made = self._dash_signature(doc, text, s, e, sent_quotes, covered_quotes, state)
            if not made and sent_quotes:
                made = self._colon_quote(doc, text, s, e, sent_quotes, covered_quotes, state)
            if not made:
                made = self._continuation(doc, text, s, e, sent_quotes, covered_quotes, prev_attr, para,
                                          prev_para)
            for a in made:
                out.append(a)
                for q in sent_quotes:
                    if a.start <= q[0] and q[1] <= a.end:
                        covered_quotes.add(q)
            if made:
                prev_attr, prev_para = made[-1], para
                quoted = [a for a in made if a.mode in ("direct_quote", "continuation")]
                if quoted and prev_attr.mode not in ("direct_quote", "continuation") and all(
                        a.speaker == quoted[-1].speaker or a.speaker_start == quoted[-1].speaker_start
                        for a in made[made.index(quoted[-1]):]):
                    # '"A," said X, noting B. "C."': the next quotation goes on with X's, not with B
                    prev_attr = quoted[-1]
        if doc.outlet:
            own = _outlet_names(doc.outlet, state)
            out = [a for a in out if a.speaker not in own]
        return _dedupe(out)

    def _prepare(self, doc: Document) -> _DocSources:
        """The document's sources before any statement: acronyms, initials, persons, the outlet."""
        text = doc.text
        state = _DocSources(self.registry)
        state.paras = [m.end() for m in _PARA.finditer(text)]
        self._define_acronyms(text, state)
        org_names = [(m.start(), m.group()) for m in _ORG_NAME.finditer(text)]
        self._link_initials(text, org_names, state)
        self._note_persons(text, org_names, state)
        if doc.outlet:
            state.orgs.insert(0, (doc.outlet, -1))
        return state

    def run_model(self, doc: Document, model) -> list[Attribution]:
        """Attributions tagged by a learned model, with speakers normalized as the rules do."""
        text = doc.text
        if not text.strip():
            return []
        sents = self.segmenter.boundaries(text)
        rules = self.run(doc, sents) if model.use_rules else []
        found = model.spans(doc, rules=rules, sentences=sents)
        state = self._prepare(doc)
        out: list[Attribution] = []
        prev: Attribution | None = None
        for rec in found:
            pieces = rec["content_spans"]
            who = None
            if rec["source"] is not None:
                who = self._model_source(text, *rec["source"], rules, state)
            if who is None:
                who = self._unnamed_source(text, pieces[0][0], pieces[-1][1], rules, prev, state)
            if who is None:
                continue  # nobody to credit: the outlet's own voice
            cue_s, cue_e = rec["cue"] if rec["cue"] is not None else (None, None)
            first = True
            for s, e in pieces:
                if first:
                    body = text[s:e].strip()
                    if cue_s is not None and text[cue_s:cue_e].lower().startswith("according"):
                        mode = "according_to"
                    elif body[:1] in _OPEN_Q + '"' or text[max(0, s - 1):s] in _OPEN_Q + '"':
                        mode = "direct_quote"
                    else:
                        mode = "reported" if cue_s is not None or rec["source"] is not None else "continuation"
                    a = self._make(doc, text, s, e, who, cue_s, cue_e, mode, state)
                else:
                    a = self._make(doc, text, s, e, (who[0], None, None, who[3], "description"), None, None,
                                   "continuation", state)
                if a is not None:
                    out.append(a)
                    prev = a
                    if first:
                        who = (a.speaker, *who[1:])
                    first = False
        if doc.outlet:
            own = _outlet_names(doc.outlet, state)
            out = [a for a in out if a.speaker not in own]
        return _dedupe(out)

    def _model_source(self, text, s, e, rules, state):
        """Who the source words ``text[s:e]`` a model tagged name, as (speaker, start, end, mention, kind)."""
        toks, _ = _tokens(text, s, e)
        relative = len(toks) == 1 and toks[0].low in _RELATIVES
        rule = next((a for a in rules if a.speaker_start is not None and a.speaker_start < e and s < a.speaker_end),
                    None)
        if rule is not None:
            # the rules read a name in the same words: theirs is normalized already
            who = (rule.speaker, rule.speaker_start, rule.speaker_end, rule.mention, "description")
        elif relative:
            # "X, who said ...", "his claim that ...": the person or organisation named before
            ref = state.last_person(s) if _RELATIVES[toks[0].low] == "person" else state.it_referent(s)
            who = (ref, s, e, text[s:e], "pronoun") if ref else None
        else:
            who = self._speaker(toks, (0, len(toks)), state, text, s)
        if who is None:
            if relative or not toks:
                return None
            # a source the rules would not name ("some", "polls"): credited as written
            return _join(toks), s, e, text[s:e], "other"
        if len(who[0].split()) <= 6:
            return who
        # more than a name (a clause tagged as source): its first capitalised words, if any
        k1 = next((k for k, t in enumerate(toks) if _is_cap(t)), None)
        if k1 is None:
            return None
        k2 = k1
        while k2 < len(toks) and (_is_cap(toks[k2]) or toks[k2].low in _NAME_LINKS):
            k2 += 1
        return self._speaker(toks, (k1, k2), state, text, toks[k1].start)

    def _unnamed_source(self, text, start, end, rules, prev, state):
        """Who speaks content a model tagged without a source: the rules' speaker for those words, else
        the previous statement's source in the same paragraph (", adding that ..."), or in the paragraph
        before when this one opens with a quotation mark (a quotation going on)."""
        rule = next((a for a in rules if a.start < end and start < a.end and a.speaker_start is not None), None)
        if rule is not None:
            return rule.speaker, rule.speaker_start, rule.speaker_end, rule.mention, "description"
        if prev is None:
            return None
        gap = state.para(start) - state.para(prev.start)
        if gap == 0:
            return prev.speaker, prev.speaker_start, prev.speaker_end, prev.mention, "description"
        if gap == 1 and text[start:start + 1] in _OPEN_Q + '"':
            return prev.speaker, None, None, prev.mention, "description"
        return None

    # ----- acronyms and persons
    def _define_acronyms(self, text: str, state: _DocSources) -> None:
        if not _PAREN_ACRONYM.search(text):
            return  # most articles have none, and the full pattern is slow to fail
        for m in _NAME_THEN_ACRONYM.finditer(text):
            full = m.group(1).strip()
            acro = m.group(2)
            words = [w for w in full.split() if w[0].isupper()]
            initials = "".join(w[0] for w in words).upper()
            if acro.upper() in initials or initials.startswith(acro[:2].upper()):
                # keep the full name from where the initials start
                parts = full.split()
                k = next((i for i, w in enumerate(parts) if w[0].upper() == acro[0].upper()), 0)
                full = " ".join(parts[k:])
                canon, _, _ = state.canonical(acro)
                if canon == acro:
                    canon2, _, _ = state.canonical(full)
                    target = canon2 if canon2 != full else acro
                else:
                    target = canon
                state.define(full, target)
                state.define(acro, target)

    def _link_initials(self, text: str, org_names: list[tuple[int, str]], state: _DocSources) -> None:
        """"OCP" and "Observatory for Civilian Protection" in one article are one source."""
        acronyms = set(_ACRONYM.findall(text))
        if not acronyms:
            return
        for _start, name in org_names:
            words = name.split()
            if len(words) < 2:
                continue  # most names are one word
            words = [w for w in words if w[0].isupper()]
            if len(words) < 2:
                continue
            initials = "".join(w[0] for w in words)
            if initials in acronyms and _key(initials) not in state.aliases:
                canon = state.canonical(initials)[0]
                target = canon if canon != initials else state.canonical(name)[0]
                if target == name:
                    target = initials
                state.define(name, target)
                state.define(initials, target)

    def _note_persons(self, text: str, org_names: list[tuple[int, str]], state: _DocSources) -> None:
        for m in _TITLED_NAME.finditer(text):
            state.add_person(m.group("name"), m.start("name"), m.end("name"))
        for start, name in org_names:
            if not _ORG_WORDS.isdisjoint(name.lower().split()):
                state.add_org(name, start)

    # ----- one sentence
    def _sentence(self, doc, text, s, e, toks, tok_starts, sent_cues, sent_quotes, covered,
                  state) -> list[Attribution]:
        made: list[Attribution] = []
        # a quotation an earlier sentence's statement took is not this sentence's: 'X said: "A." He added: "B."'
        used_quotes: set[tuple[int, int]] = {q for q in sent_quotes if q in covered and q[1] <= s}
        nobody = any(t.low in _NOBODY for t in toks)
        for cue in sent_cues:
            ci = bisect_left(tok_starts, cue.start)
            cj = bisect_left(tok_starts, cue.end)
            if ci >= len(toks) or ci == cj:
                continue
            kind = cue.entry.category
            term = cue.entry.term
            if any(a.cue_start is not None and a.cue_start <= cue.start < a.cue_end for a in made):
                continue
            inside = [a for a in made if a.start <= cue.start < a.end]
            if inside and (inside[-1].mode != "reported" or term not in _CORE_CUES):
                continue
            if term == "according to":
                a = self._according_to(doc, text, s, e, toks, ci, cj, cue, state)
                if a:
                    made.append(a)
                continue
            if term in ("in a statement", "in an interview", "in a post", "in a statement on", "went on",
                        "on condition of anonymity", "speaking on condition of anonymity", "spoke to",
                        "speaking to", "told reporters", "made clear", "made it clear", "pointed out",
                        "went on to say"):
                if term not in ("pointed out", "made clear", "made it clear", "went on to say", "told reporters"):
                    continue
                kind = "speech"
            if self._negated(toks, ci, nobody) or self._passive_without_agent(toks, ci, cj) or \
                    self._nounish(toks, ci, cj):
                continue
            if _not_a_statement(toks, ci, cj, term):
                continue
            lead = ci - 1
            while lead > 0 and toks[lead].low.endswith("ly") and toks[lead].text.islower():
                lead -= 1  # "after initially saying …"
            by_saying = toks[ci].low.endswith("ing") and lead > 0 and toks[lead].low in _ING_PREPS
            stop = e
            if by_saying and toks[lead - 1].text == ",":
                # "Sanders, after initially saying he would not advertise, changed course": the aside ends
                stop = next((toks[q].start for q in range(cj, len(toks)) if toks[q].text == ","), e)
            if (toks[ci].low.endswith("ing") and ci > 0 and (toks[ci - 1].text == "," or by_saying)) or \
                    (ci > 0 and toks[ci - 1].low in ("and", "but") and made and made[-1].mode == "reported"):
                # "X said A, adding that B": B is X's too
                k = self._skip_after_cue(toks, cj)
                moved = k + 1 < len(toks) and toks[k].low in self.prep_cues.get(toks[cj - 1].low, ()) and \
                    toks[k + 1].text[0].isalnum()
                if moved:
                    k += 1  # "…, referring to the convention": the stance follows the preposition
                cue_end = toks[k - 1].end if moved else toks[cj - 1].end
                if made:
                    prev = made[-1]
                    if k < len(toks):
                        who = (prev.speaker, prev.speaker_start, prev.speaker_end, prev.mention, "pronoun")
                        q = next((q for q in sent_quotes if q not in used_quotes and q[0] >= toks[k].start and
                                  not text[toks[k].start:q[0]].strip(" :,")), None)
                        if q is not None:  # '“A,” he said, adding, “B.”'
                            used_quotes.add(q)
                            a = self._make(doc, text, q[0], q[1], who, toks[ci].start, cue_end,
                                           "direct_quote", state)
                        elif term not in _QUOTE_ONLY:
                            a = self._make(doc, text, toks[k].start, _content_end(toks, k + 1, stop), who,
                                           toks[ci].start, cue_end, "reported", state)
                        else:
                            a = None
                        if a:
                            made.append(a)
                elif (kind in ("speech", "weak") or (kind == "prep" and moved)) and \
                        (toks[ci - 1].text == "," or by_saying):
                    # "Trump attacked Clinton on Monday, saying she was unfit": the sentence's subject speaks
                    rng = _sentence_subject(toks, ci - 1)
                    who = self._speaker(toks, rng, state, text, toks[ci].start, prefer="first") if rng else None
                    if who is not None and (who[4] in ("person", "name", "org", "pronoun") or
                                            (who[4] == "other" and toks[rng[0]].low not in _VAGUE)):
                        q = self._quote_after(text, toks, cj, sent_quotes, used_quotes)
                        a = None
                        if q is not None:
                            used_quotes.add(q)
                            a = self._make(doc, text, q[0], q[1], who, toks[ci].start, cue_end,
                                           "direct_quote", state)
                        elif k < len(toks) and term not in _QUOTE_ONLY:
                            a = self._make(doc, text, toks[k].start, _content_end(toks, k + 1, stop), who,
                                           toks[ci].start, cue_end, "reported", state)
                        if a:
                            made.append(a)
                continue
            # a direct quotation right before or after the cue
            before = self._quote_before(text, toks, ci, sent_quotes, used_quotes) if kind != "belief" else None
            if before is not None and before[1] <= toks[0].start and cj < len(toks) and toks[cj].text != "," and \
                    _has_words(toks, cj, 6) and \
                    toks[cj].low not in ("to", "of", "in", "at", "on", "during", "after", "before", "while", "from"):
                # a quotation closing the previous sentence, then "He said he recognizes …": the cue
                # introduces its own clause, not the quotation
                before = None
            after = self._quote_after(text, toks, cj, sent_quotes, used_quotes)
            if before is not None:
                a = self._quote_with_cue(doc, text, toks, ci, cj, before, sent_quotes, used_quotes, state, e)
                if a:
                    made.append(a)
                    continue
            if after is not None and kind != "belief":
                a = self._cue_then_quote(doc, text, toks, ci, cj, after, sent_quotes, used_quotes, state)
                if a:
                    made.append(a)
                    continue
            if term in _QUOTE_ONLY:
                continue  # "The fighting continued": a cue only next to a quotation
            a = self._reported(doc, text, s, e, toks, ci, cj, kind, state)
            if a:
                made.append(a)
        return _trim_at_next(made, text)

    def _negated(self, toks, ci, nobody=True) -> bool:
        for k in range(max(0, ci - 3), ci):
            if toks[k].low in _NEGATIONS or toks[k].low.endswith(("n't", "n’t")):
                return True
        # a subject that names nobody: "What nobody in Tehran or Damascus wants to say is …"
        if not nobody:
            return False
        for k in range(ci - 1, max(-1, ci - 12), -1):
            low = toks[k].low
            if low in ("that", "which", "who", ";", ":") or toks[k].text in _QUOTE_TOKENS:
                break
            if (low in ("nobody", "none") or (low == "no" and k + 1 < ci and toks[k + 1].low in ("one", "body"))) \
                    and (k == 0 or toks[k - 1].low in _CLAUSE_BREAK or toks[k - 1].low == "what"):
                return True
        return False

    def _nounish(self, toks, ci, cj) -> bool:
        """Is this cue word used as a noun or a name ("state media", "United States")?"""
        tok = toks[ci]
        if ci > 0 and tok.text[0].isupper() and toks[ci - 1].low in ("'s", "’s"):
            return True  # "Clinton’s Attacks On …" in a headline
        if ci > 0 and tok.text[0].isupper() and toks[ci - 1].text[0].isalnum():
            # capitalised inside a sentence: part of a name, unless a headline in title case has its verb
            # there ("Clinton Says Russians Hacked DNC", "Mayor Vows To Rebuild Bridge")
            return not (cj - ci == 1 and tok.text[1:].islower() and tok.low != "states" and
                        (tok.low.endswith(("s", "ed")) or tok.low in ("said", "told", "wrote", "thought"))
                        and _title_case(toks))
        nxt = toks[cj].low if cj < len(toks) else ""
        if cj - ci == 1 and tok.low in ("show", "shows") and ci > 0 and \
                any(t.low in _EVIDENCE for t in toks[max(0, ci - 6):ci]):
            return False  # "Polls show voters …", "The survey shows a gap": the verb
        if cj - ci == 1 and tok.low in _NOUN_FIRST and nxt not in ("that", ":", ","):
            return True  # "state Rep.", "Rust Belt states", "his remarks"; but "states that"
        if cj - ci == 1 and tok.low == "back" and nxt != "that":
            return True  # "come back", "back home"; "backed", "backs" stay verbs
        if cj - ci == 1 and tok.low in ("show", "shows") and ci > 0 and toks[ci - 1].low in _SHOW_KINDS:
            return True  # "the reality TV show", "a radio show"
        if cj - ci != 1 or tok.low not in _NOUNISH:
            return False
        if ci > 0 and (toks[ci - 1].low in _DETERMINERS or toks[ci - 1].low in ("'s", "’s")):
            return True
        if ci > 1 and toks[ci - 2].low in ("a", "an") and toks[ci - 1].text.isalpha() and toks[ci - 1].text.islower():
            return True  # "a snappy retort", "a stern warning"
        if ci > 1 and toks[ci - 1].text in ("'", "’") and toks[ci - 2].low.endswith("s"):
            return True  # "reporters' notes"
        if tok.low in ("attack", "attacks") and cj < len(toks) and toks[cj].low in ("on", "against", "in"):
            return True  # "renewed attacks on the toll"
        if ci > 0 and toks[ci - 1].low in ("he", "she", "it", "they", "we", "i", "who"):
            return False  # "He calls for …": a pronoun before it makes it a verb
        if cj < len(toks):
            nxt = toks[cj]
            if nxt.text[0].isalpha() and not _is_cap(nxt) and nxt.low not in _AFTER_VERB:
                return True
        return False

    def _passive_without_agent(self, toks, ci, cj) -> bool:
        if ci > 0 and toks[ci - 1].low in ("is", "was", "were", "are", "be", "been", "being") and \
                not (toks[ci].low.endswith("ing") and toks[ci - 1].low != "being"):
            # "was reported by X" is fine; "is expected", "was told" are not attributions here (but
            # "is saying", "has been criticizing" are the active voice)
            return not (cj < len(toks) and toks[cj].low == "by")
        return False

    def _quote_before(self, text, toks, ci, sent_quotes, used) -> tuple[int, int] | None:
        """A quotation that ends within a few tokens before the cue (", SANA said")."""
        cue_pos = toks[ci].start
        for q in reversed(sent_quotes):
            if q in used or q[1] > cue_pos:
                continue
            gap = text[q[1]:cue_pos]
            if len(gap) > 100 or "\n" in gap:
                return None
            between = [t for t in toks if q[1] <= t.start < cue_pos]
            if len([t for t in between if t.text[0].isalnum()]) <= 14:
                return q
            return None
        return None

    def _quote_after(self, text, toks, cj, sent_quotes, used) -> tuple[int, int] | None:
        """A quotation that opens right after the cue ("said: “…”", "said, “…”")."""
        cue_end = toks[cj - 1].end
        for q in sent_quotes:
            if q in used or q[0] < cue_end:
                continue
            gap = text[cue_end:q[0]]
            if len(gap.strip(" ,:—–-\n")) == 0:
                return q
            # "told WEEI: “…”", "said on Tuesday: “…”"
            if len(gap) <= 45 and gap.rstrip().endswith((":", ",")) and not any(c in gap for c in ".;!?") and \
                    not _has_content_stop(gap):
                return q  # (but in "said A, adding: “B”" the quotation is the next statement's)
            return None
        return None

    def _speaker(self, toks, rng, state, text, pos,
                 prefer="last") -> tuple[str, int | None, int | None, str, str] | None:
        """Resolve a noun phrase to (speaker, start, end, mention, kind)."""
        a, b = rng
        words = toks[a:b]
        if not words:
            return None
        first = words[0].low
        if len(words) == 1 and first in _PRONOUNS:
            kind = _PRONOUNS[first]
            if kind == "person":
                who = state.last_person(pos) or state.last_speaker(before=pos, max_paras=1)
            elif kind == "org":
                who = state.it_referent(pos)
            else:
                who = state.last_speaker(before=pos, max_paras=1)
            # an unresolved pronoun still marks the words as someone else's
            return who or words[0].text, words[0].start, words[0].end, words[0].text, "pronoun"
        if first in _VAGUE and len(words) == 1:
            return None
        share = _is_number(words[-1]) or words[-1].low == "percent" or (
            any(t.low in ("percent", "%") for t in words) and any(t.low == "of" for t in words) and
            words[-1].low not in _NOT_HEADS and not any(t.low in _FINITE or t.low.endswith("ed") for t in words))
        if share and not any(_is_cap(t) for t in words[1:]):
            # a share of those polled: "42% say", "Two in three said", "72 percent of Democrats said"
            return (_join(words).replace(" %", "%"), words[0].start, words[-1].end,
                    text[words[0].start:words[-1].end], "other")
        if not any(_is_cap(t) for t in words) and (words[-1].low in _NOT_HEADS or (
                words[-1].low.endswith("ly") and words[-1].low not in _LY_NOUNS)
                                                   or words[-1].low in _TIME_WORDS) and not _is_number(words[-1]):
            return None
        # "OCP's report said", "the ministry's statement said": the possessor speaks
        poss = [k for k, t in enumerate(words) if t.low in ("'s", "’s")]
        if poss and poss[-1] + 1 < len(words) and words[-1].low in _SPOKEN_FOR and poss[-1] > 0:
            # "OCP's report said", "Netanyahu's office said" (but "Syria's foreign ministry" is the ministry)
            return self._speaker(toks, (a, a + poss[-1]), state, text, pos, prefer=prefer)
        # "the report", "the agency", "the so-called observatory": an earlier source of that kind
        bare = [t.low for t in words if t.low not in _DETERMINERS and t.low not in ("'s", "’s")]
        if bare and bare[-1] in _KIND_WORDS and not any(_is_cap(t) for t in words[1:]) \
                and words[0].low in _DEFINITE:
            who = state.resolve_description(bare[-1], _KIND_WORDS[bare[-1]], pos)
            if who is None:
                if bare[-1] in _SPOKEN_FOR and bare[-1] not in _NAMED_ONLY and bare[-1] not in _SPEAKS_ITSELF:
                    return None  # "the report said", whose report unknown
                # an agent never named ("the ministry said", like "the minister said"): the words are its,
                # not the outlet's
                k0 = next(k for k, t in enumerate(words) if t.low not in _DETERMINERS)
                return (_join(words[k0:]), words[k0].start, words[-1].end,
                        text[words[0].start:words[-1].end], "other")
            return who, words[0].start, words[-1].end, text[words[0].start:words[-1].end], "description"
        # a phrase the registry knows, up to a conjunction: "Syrian state media and a war monitor"
        k0 = next((k for k in range(a, b) if toks[k].low not in _DETERMINERS), b)
        k1 = next((k for k in range(k0, b) if toks[k].low in ("and", "or") or toks[k].text == ","), b)
        if k1 - k0 >= 2 and self.registry.lookup(_join(toks[k0:k1])) is not None:
            return _join(toks[k0:k1]), toks[k0].start, toks[k1 - 1].end, text[toks[a].start:toks[b - 1].end], "name"
        name, s, e, kind = _name_from_np(toks, a, b, prefer=prefer)
        if not name or not any(c.isalpha() for c in name):
            return None
        parts = name.split()
        if (kind == "other" or len(parts) == 1) and parts[0].lower() in _COMMON_FIRST and \
                parts[0][1:].islower() and parts[0][:1].isupper() and all(not w[:1].isupper() for w in parts[1:]) \
                and self.registry.lookup(name) is None:
            # "Sources said", "Police said" at the start of a sentence: sources, police ("Israeli officials",
            # "Deir ez-Zor" stay)
            name = name[0].lower() + name[1:]
            kind = "other"
        if kind == "other" and words[-1].low in ("it", "this", "that", "which", "there"):
            return None
        mention = text[toks[a].start:toks[b - 1].end]
        return name, toks[s].start if s < len(toks) else None, toks[e - 1].end if e > s else None, mention, kind

    def _make(self, doc, text, start, end, who, cue_s, cue_e, mode, state, inner=None) -> Attribution | None:
        name, sp_s, sp_e, mention, kind = who
        while start < end and text[start] in " ,:;—–-":
            start += 1
        end = _rstrip(text, end)
        if end - start < 2:
            return None
        canon, typ, aff = state.canonical(name)
        if kind in ("person",) or (kind == "name" and typ is None):
            state.add_person(canon, sp_s or start, sp_e or start)
            kind = "person"
        if kind in ("pronoun", "description"):
            skind = "person" if any(p.name == canon for p in state.persons) else "org"
        else:
            skind = "person" if kind == "person" else "org"
        state.speakers.append((canon, skind, start))
        return Attribution(doc.doc_id, start, end, text[start:end], canon, sp_s, sp_e, cue_s, cue_e, mode,
                           mention, typ, aff, inner)

    def _quote_with_cue(self, doc, text, toks, ci, cj, q, sent_quotes, used, state, sent_end) -> Attribution | None:
        """“…,” SANA said. / “…,” said Omar Abu Laila of … / “…,” she said, “…”"""
        cue_pos = toks[ci].start
        between = [k for k, t in enumerate(toks) if q[1] <= t.start < cue_pos and t.text[0].isalnum()]
        who = None
        if between:
            end = ci
            while end > between[0] + 1 and toks[end - 1].low in _SKIP_BEFORE_CUE:
                end -= 1  # '“…,” he will say', '“…,” she later said'
            rng = (between[0], end)
            # skip leading adverbs after the comma ("“…,” the report added")
            who = self._speaker(toks, rng, state, text, cue_pos)
        if who is None:
            stop = len(toks)
            nxt_q = [x for x in sent_quotes if x[0] > toks[cj - 1].end]
            if nxt_q:
                stop = next((k for k, t in enumerate(toks) if t.start >= nxt_q[0][0]), len(toks))
            rng = _np_after(toks, cj, stop)
            if rng:
                who = self._speaker(toks, rng, state, text, cue_pos, prefer="first")
        if who is None:
            return None
        used.add(q)
        start, end = q
        mode = "direct_quote"
        lead = [t for t in toks if t.start < q[0] and t.text[0].isalnum()]
        if lead and q[0] > toks[0].start:
            # a partial quotation inside a reported clause: 'X will play the "woman card," Fiorina said'
            start, mode = toks[0].start, "reported"
        # “…,” she said, “…” : the second part of the same quotation
        after_cue = toks[cj - 1].end
        for q2 in sent_quotes:
            if q2 not in used and q2[0] >= after_cue:
                gap = text[after_cue:q2[0]]
                # '“A,” he said, adding, “B.”' is two statements
                if len(gap) < 60 and "." not in gap and \
                        not _has_content_stop(gap):
                    end = q2[1]
                    used.add(q2)
                break
        inner = self._inner_source(text, toks, cj, state)
        return self._make(doc, text, start, end, who, toks[ci].start, toks[cj - 1].end, mode, state, inner)

    def _cue_then_quote(self, doc, text, toks, ci, cj, q, sent_quotes, used, state) -> Attribution | None:
        """SANA said: “…”"""
        rng = _subject_before(toks, ci)
        if rng is None:
            return None
        who = self._speaker(toks, rng, state, text, toks[ci].start)
        if who is None:
            return None
        used.add(q)
        return self._make(doc, text, q[0], q[1], who, toks[ci].start, toks[cj - 1].end, "direct_quote", state)

    def _inner_source(self, text, toks, cj, state) -> str | None:
        for k in range(cj, min(len(toks), cj + 3)):
            if toks[k].low in ("quoting", "citing"):
                rng = _np_after(toks, k + 1, len(toks))
                if rng:
                    return _name_from_np(toks, *rng, prefer="first")[0]
        return None

    def _according_to(self, doc, text, s, e, toks, ci, cj, cue, state) -> Attribution | None:
        rng = _np_after(toks, cj, len(toks))
        if rng is None:
            return None
        # "according to figures from the health ministry", "according to a statement by the army"
        source_rng = rng
        k = next((k for k in range(rng[0] + 1, rng[1] - 1) if toks[k].low in ("from", "by", "of")
                  and toks[k - 1].low in _DOC_HEADS), None)
        if k is not None:
            source_rng = (k + 1, rng[1])
        who = self._speaker(toks, source_rng, state, text, cue.start, prefer="first")
        if who is None and source_rng[1] - source_rng[0] == 1 and toks[source_rng[0]].low in _VAGUE:
            # "according to people in attendance", "according to some on Twitter": the phrase names them
            stop = next((k for k in range(source_rng[1], len(toks)) if toks[k].text in ",;:.!?"), len(toks))
            if stop - source_rng[0] <= 8:
                source_rng = rng = (source_rng[0], stop)
                who = self._speaker(toks, source_rng, state, text, cue.start, prefer="first")
        if who is None:
            return None
        _a, b = rng
        if ci == 0 or all(not t.text[0].isalnum() for t in toks[:ci]):
            # According to X, content.
            comma = next((k for k in range(b, len(toks)) if toks[k].text == ","), None)
            if comma is None:
                return None
            start, end = toks[comma].end, e
        else:
            start, end = s, toks[ci].start
            while end > start and text[end - 1] in " ,":
                end -= 1
            before = [t for t in toks[:ci] if t.text[0].isalnum()]
            verbless = not any(t.low in _FINITE or (t.low.endswith("ed") and t.text.islower()) for t in before)
            if toks[ci - 1].text == "," and len(before) <= 8 and verbless and b + 1 < len(toks) and \
                    toks[b].text == "," and toks[b + 1].low not in ("who", "which", "whose", "where") and \
                    _has_words(toks, b, 2):
                # "Over the long term, according to the CBO, deficits will rise": the aside sits inside
                # the statement, which runs on after it
                end = e
        return self._make(doc, text, start, end, who, cue.start, cue.end, "according_to", state)

    def _reported(self, doc, text, s, e, toks, ci, cj, kind, state) -> Attribution | None:
        cue_s, cue_e = toks[ci].start, toks[cj - 1].end
        n = len(toks)
        # "…, he said, …": a cue set off by commas inside the sentence it reports
        inv = self._inverted(toks, ci, cj, kind)
        if inv is not None:
            comma, rng2, prefer, parenthetical = inv
            who = self._speaker(toks, rng2, state, text, cue_s, prefer=prefer)
            if who is not None:
                end = e if parenthetical else toks[comma].start
                return self._make(doc, text, s, end, who, cue_s, cue_e, "reported", state)
        if ci > 0 and toks[ci - 1].low in ("is", "was", "were", "are", "been") and cj < n and toks[cj].low == "by":
            # "It was reported by the Observatory, a monitor, that …"
            rng = _np_after(toks, cj + 1, n)
            that = next((k for k in range(cj + 1, n) if toks[k].low == "that"), None)
            if rng is None or that is None or any(t.low in ("who", "which") for t in toks[rng[1]:that]):
                return None  # "condemned by X, who argued that …": the "that" is X's own clause
            who = self._speaker(toks, rng, state, text, cue_s, prefer="first")
            if who is None:
                return None
            return self._make(doc, text, toks[that].start, _content_end(toks, that + 1, e), who, cue_s, cue_e,
                              "reported", state)
        nxt = toks[cj].low if cj < n else ""
        preps = self.prep_cues.get(toks[cj - 1].low, ())
        if kind == "prep" and nxt not in preps:
            return None  # "pushed the button": a cue only as "pushed for" (checked before the costlier subject)
        rng = _subject_before(toks, ci)
        who = self._speaker(toks, rng, state, text, cue_s) if rng else None
        if who is None:
            who = self._relative_subject(toks, ci, state, text, cue_s)
        if who is None and kind == "speech" and rng is not None and rng[1] - rng[0] == 1 and \
                toks[rng[0]].low in ("others", "some", "many", "most", "several"):
            # "Others say a recalibration is overdue": unnamed, but not the outlet
            who = (toks[rng[0]].low, toks[rng[0]].start, toks[rng[0]].end, toks[rng[0]].text, "other")
        conj = ci - 1 - (ci > 2 and toks[ci - 1].low in ("has", "have", "also"))
        if who is None and conj > 0 and toks[conj].low in ("and", "but") and not toks[ci].low.endswith("ing"):
            # "The senator survived the war and says torture is wrong": the sentence's subject
            rng = _sentence_subject(toks, conj)
            who = self._speaker(toks, rng, state, text, cue_s, prefer="first") if rng else None
            if who is not None and who[4] == "other" and toks[rng[0]].low in _VAGUE:
                who = None
        if who is None:
            return None
        complementizer = nxt in ("that", ":") or (nxt == "," and kind == "speech") or \
            (nxt in _ASIDE_OPENERS and nxt not in preps and _that_after_aside(toks, cj) is not None)
        if nxt == "to" and toks[cj - 1].low in self.infinitive_cues and not self._infinitive(toks, cj + 1, who):
            return None  # "exports declined to $3 billion", "promised to Congress", "Stocks declined to levels"
        if kind in ("weak", "belief") and not complementizer:
            named = who[4] in ("person", "name", "org", "pronoun", "description")
            if not named and who[0].split()[0].lower() not in _VAGUE and not toks[ci].low.endswith("ing"):
                named = True  # "Most voters support the bill", "His advisers believe he can win": a group's stance
            if not (named and cj < n and (nxt in _DETERMINERS or nxt in _PRONOUNS or _is_cap(toks[cj]) or nxt in _WH
                                          or (kind == "weak" and (nxt in ("for", "on", "about") or
                                                                  nxt in _OBJECT_PRONOUNS or
                                                                  (toks[cj].text[0].isalnum() and
                                                                   nxt not in _CLAUSE_BREAK)))
                                          or nxt in preps or (nxt == "as" and _as_cue(toks[cj - 1]))
                                          or (kind == "belief" and toks[cj].text[0].isalpha() and
                                              any(t.low in _FINITE for t in toks[cj + 1:cj + 4])))):
                return None  # "X criticized the strikes", "X thinks Iran ...", "X called for ..." are fine
        if kind == "belief" and who[4] == "other" and who[0].split()[0].lower() in _VAGUE:
            return None
        after = self._skip_after_cue(toks, cj)
        if after >= n or not _has_words(toks, after, 1 if kind == "weak" or toks[after].low in ("yes", "no") else 2):
            return None
        if toks[after].low not in preps:
            that = _that_after_aside(toks, after)
            if that is not None:
                # "said at a news conference last week that …", "believes, for example, that …"
                after = that
        if toks[after].low == "to" and after == cj and toks[cj - 1].low in self.infinitive_cues and \
                after + 1 < n and toks[after + 1].text[0].isalnum():
            pass  # "declined to comment", "vowed to rebuild": the infinitive is the stance, "to" and all
        elif toks[after].low in preps and after + 1 < n and (toks[after + 1].text[0].isalnum() or
                                                            toks[after + 1].text[0] in "$€£"):
            # "called for a ceasefire", "warned of reprisals", "railed against the deal": what follows is the stance
            cue_e = toks[after].end
            after += 1
        elif toks[after].low == "as" and after + 1 < n and toks[after + 1].text[0].isalnum() and \
                _as_cue(toks[cj - 1]):
            # "what SANA described as civilian homes", "dismissed the report as fabricated": the label
            cue_e = toks[after].end
            after += 1
        elif toks[after].low in ("about", "of", "to", "for", "with", "by", "from", "as", "at", "into", "over") and \
                not (toks[after].low == "about" and after + 1 < n and
                     (_is_number(toks[after + 1]) or toks[after + 1].low in ("half", "a", "one-third"))):
            return None  # "what Trump said about Latinos": no content here (but "said about half of …" is)
        end = _content_end(toks, after + 1, e, stance=kind in ("weak", "prep") and not complementizer)
        restrictive = who[3] in ("who", "that") and who[1] is not None and \
            not text[:who[1]].rstrip().endswith(",")
        if kind in ("weak", "prep") and not complementizer and ci > 0 and (restrictive or (
                toks[ci].low.endswith("ing") and toks[ci - 1].text[0].isalnum() and
                toks[ci - 1].low not in _AUXILIARIES)):
            # "Groups supporting the mayor spent $2 million", "Economists who favor the toll agree …": a
            # (reduced) relative clause; its object ends at the sentence's own verb
            verb = next((k for k in range(after + 1, n) if toks[k].start < end and toks[k].text.islower() and
                         (toks[k].low in _FINITE or
                          (restrictive and toks[k].low in _cue_forms() and toks[k - 1].low != "to") or
                          (toks[k].low.endswith("ed") and toks[k - 1].text[0].isalnum()
                           and toks[k - 1].low not in _AUXILIARIES))), None)
            if verb is not None:
                end = toks[verb].start
        if who[3] in ("who", "which") and toks[ci - 1].text != ",":
            # a relative clause set off by commas ends at the next one: "X, who said A, left"
            comma = next((k for k in range(after + 1, n) if toks[k].text == ","), None)
            if comma is not None and who[1] is not None and (
                    text[:who[1]].rstrip().endswith(",") or "," in text[toks[0].start:who[1]]):
                # (also inside an apposition: "Kasich, a Republican who refused to back him, said …")
                end = min(end, toks[comma].start)
        return self._make(doc, text, toks[after].start, end, who, cue_s, cue_e,
                          "reported", state)

    @staticmethod
    def _infinitive(toks, k, who) -> bool:
        """Does a to-infinitive start at token k ("to comment", not "to levels", "to $3 billion")?"""
        if k >= len(toks) or (who[4] == "other" and who[0].split()[0].lower() in _VAGUE):
            return False
        word = toks[k].low
        # a verb's base form: lower case, not a determiner or pronoun, and no plural "-s" ("discuss" is fine)
        return toks[k].text.isalpha() and toks[k].text.islower() and word not in _DETERMINERS and \
            word not in _PRONOUNS and word not in _OBJECT_PRONOUNS and \
            (not word.endswith("s") or word.endswith(("ss", "us")))

    def _colon_lead(self, doc, text, s, e, m, sent_quotes, state) -> list[Attribution]:
        """"Kasich: ‘We are going all the way.’", "Haddad: Strikes will continue" (headlines, transcripts)."""
        lead = m.group("lead")
        if lead.isupper() or lead.split()[-1].lower() in _COLON_LABELS or lead.split()[0].lower() in _COLON_LABELS:
            return []  # "BEIRUT:", "Update:", "Editor's note:"
        said = text[m.end():e].split()
        if not said or said[0][:1].isdigit() or (text.count(",", m.end(), e) >= 3 and
                                                 sum(w[:1].isupper() for w in said) > 0.7 * len(said)):
            return []  # "Clinton: 1,769.", "Iowa: Tim Albrecht, Brad Anderson, …": a tally or a list of names
        toks, _ = _tokens(text, s, m.start("colon"))
        who = self._speaker(toks, (0, len(toks)), state, text, s, prefer="last") if toks else None
        if who is None or who[4] not in ("person", "name", "org"):
            return []
        start = m.end()
        q = next((q for q in sent_quotes if q[0] == start), None)
        if q is not None:
            a = self._make(doc, text, q[0], q[1], who, m.start("colon"), m.end("colon"), "direct_quote", state)
        else:
            a = self._make(doc, text, start, e, who, m.start("colon"), m.end("colon"), "reported", state)
        return [a] if a else []

    def _poll_lead(self, doc, text, s, e, m, state) -> list[Attribution]:
        """"In a CBS News poll released Monday, 50 percent chose Clinton": the poll is the source."""
        toks, _ = _tokens(text, m.start("source"), m.end("source"))
        who = self._speaker(toks, (0, len(toks)), state, text, m.start("source"), prefer="first") if toks else None
        if who is None:
            return []
        a = self._make(doc, text, m.end(), e, who, s, s + 2, "according_to", state)
        return [a] if a else []

    def _colon_quote(self, doc, text, s, e, sent_quotes, covered, state) -> list[Attribution]:
        """"Ruiz put it this way: “…”", "The board was clear in its findings: “…”": a quotation after a
        colon that closes the sentence belongs to the clause's subject."""
        q = sent_quotes[-1]
        if q in covered or q[0] <= s or text[q[1]:e].strip(" .\n") or not _is_speech_quote(text, q[0], q[1]):
            return []
        colon = text.rfind(":", s, q[0])
        if colon < 0 or text[colon + 1:q[0]].strip():
            return []
        s = text.rfind("\n", s, colon) + 1 or s  # a headline line glued on before: the clause starts after it
        toks, _ = _tokens(text, s, colon)
        if len(toks) < 3 or toks[0].low in _CLAUSE_BREAK:
            return []
        rng = _sentence_subject(toks, len(toks))
        who = self._speaker(toks, rng, state, text, colon, prefer="first") if rng else None
        if who is None or who[4] not in ("person", "name", "org", "pronoun", "description"):
            return []
        a = self._make(doc, text, q[0], q[1], who, colon, colon + 1, "direct_quote", state)
        return [a] if a else []

    def _dash_signature(self, doc, text, s, e, sent_quotes, covered, state) -> list[Attribution]:
        """"“We will win.” — Ana Ruiz, the mayor": a quotation signed with a name after a dash."""
        out = []
        for q in sent_quotes:
            if q in covered:
                continue
            m = _DASH_SIGNATURE.match(text, q[1], max(e, q[1]))
            if m is None:
                continue
            toks, _ = _tokens(text, m.start("name"), m.end("name"))
            who = self._speaker(toks, (0, len(toks)), state, text, m.start("name"), prefer="first") if toks else None
            if who is None or who[4] not in ("person", "name", "org"):
                continue
            a = self._make(doc, text, q[0], q[1], who, None, None, "direct_quote", state)
            if a:
                out.append(a)
        return out

    def _relative_subject(self, toks, ci, state, text, pos):
        """"Omar Haddad, who has long opposed the deal, said …" is Haddad's: the speaker of a relative clause."""
        k = ci - 1
        while k >= 0 and toks[k].low in _SKIP_BEFORE_CUE:
            k -= 1
        if k < 1 or toks[k].low not in ("who", "which"):
            return None
        j = k - 1 if toks[k - 1].text == "," else k
        rng = _np_before(toks, j)
        if rng is None:
            return None
        found = self._speaker(toks, rng, state, text, pos)
        if found is None or (found[4] == "other" and toks[rng[0]].low in _VAGUE):
            return None
        # the relative pronoun is where the speaker is mentioned in this clause
        return found[0], toks[k].start, toks[k].end, toks[k].text, found[4]

    def _inverted(self, toks, ci, cj, kind):
        """``…, the ministry said.`` / ``…, said the ministry.`` / ``A, he said, B``.

        Returns (comma token, speaker token range, prefer, parenthetical) or None.
        """
        if ci < 2 or toks[ci].low.endswith("ing"):
            return None
        if kind not in ("speech", "weak") and not (
                kind == "belief" and all(not t.text[0].isalnum() for t in toks[cj:])):
            return None  # (but "…, his advisers believe." closes a belief)
        comma = None
        for k in range(ci - 1, max(-1, ci - 10), -1):
            if toks[k].text == ",":
                comma = k
                break
            if toks[k].text in ".;:!?\"“”" or toks[k].low in ("that", "who", "which"):
                return None
        if comma is None or comma == 0:
            return None
        if comma + 1 < ci:
            if toks[comma + 1].low in _CLAUSE_BREAK and toks[comma + 1].low not in ("the", "a", "an"):
                return None
            rng, prefer = (comma + 1, ci), "last"
            tail = cj
            if toks[cj - 1].low in ("told", "tells", "tell"):
                tail = self._skip_after_cue(toks, cj)  # "…, Phil Smith told POLITICO."
                while tail > cj and toks[tail - 1].text == ",":
                    tail -= 1  # "The deal, Ruiz told Reuters, was dead": the comma closes the aside
        else:
            if cj < len(toks) and toks[cj].low in _PRONOUNS:
                return None  # "Ann Lee, a nurse, said she …": the pronoun begins the reported clause
            if _name_then_apposition(toks, comma):
                return None  # "Henrik Vale, an economist at …, said a tariff …": a subject, not a quotation
            stop = next((k for k in range(cj, len(toks)) if toks[k].text in ".!?,;"), len(toks))
            rng = _np_after(toks, cj, stop)
            if rng is None or not _could_be_source(toks[rng[0]:rng[1]]):
                # "The ministry, in a statement, said the bridge fell": what follows is the content
                return None
            prefer, tail = "first", rng[1]
        # what follows the cue (and its source): the end, an aside, or more of the same sentence
        rest = [t for t in toks[tail:] if t.text[0].isalnum()]
        parenthetical = False
        if rest:
            nxt = toks[tail].text if tail < len(toks) else ""
            if nxt == "," and tail + 1 < len(toks) and toks[tail + 1].low in _CONTENT_STOPS:
                pass  # "…, Fiorina said, adding that …"
            elif nxt == "," and prefer == "last" and (toks[tail + 1].low.endswith("ing") or toks[tail + 1].low in
                                                      ("on", "in", "at", "during", "after", "before", "while")):
                pass  # "Sales were great, he said, wiping his face.": the aside closes the statement
            elif nxt == "," and prefer == "last" and toks[tail + 1].text[0].islower():
                parenthetical = True  # "Many of the closures, he said, have involved …"
            elif nxt == "," and prefer == "first":
                pass  # "…, said a former spokesman, Oleg Voloshyn, who …"
            elif (toks[tail].low in _TIME_WORDS or toks[tail].low in ("in", "at", "during", "on")) and len(rest) <= 6:
                pass  # "…, Hoover said in an interview."
            elif len(rest) <= 2 and all(t.low.endswith("ly") or t.low in _TIME_WORDS for t in rest):
                pass  # "…, he said recently.", "…, she said later."
            elif toks[cj - 1].low in ("told", "tells", "tell") and len(rest) <= 8 and \
                    not any(t.low in _FINITE or t.low in ("that", ":") for t in toks[tail:]):
                pass  # "…, Ash Carter told a Senate panel Wednesday.": no clause of its own follows
            else:
                return None
        return comma, rng, prefer, parenthetical

    def _skip_after_cue(self, toks, k) -> int:
        n = len(toks)
        # indirect object of "told": "told reporters", "told the AP", "told Meridian Wire"
        if k < n and k > 0 and toks[k - 1].low in ("told", "tell", "tells", "telling"):
            j = k
            while j < n and j - k < 6 and toks[j].low != "that" and toks[j].text not in ",:" and \
                    not (j > k and toks[j].low in _DETERMINERS) and \
                    (toks[j].low in _DETERMINERS or _is_cap(toks[j]) or toks[j].low in
                     ("reporters", "journalists", "lawmakers", "the", "press", "media", "news", "agency",
                      "conference", "crowd", "supporters", "audience", "a", "an", "him", "her", "them", "us",
                      "me", "viewers", "radio", "television", "tv", "state", "local", "senior")):
                j += 1
            k = j
        # an aside: "reported, via the Associated Press, that", "said, citing officials, that"
        if k + 1 < n and toks[k].text == "," and toks[k + 1].low in ("via", "citing", "quoting", "through"):
            j = next((q for q in range(k + 2, n) if toks[q].text == ","), None)
            if j is not None:
                k = j + 1
        # time and setting: "said on Tuesday", "said in a statement", "said late Monday"
        while k < n:
            low = toks[k].low
            if low in _TIME_WORDS or low in (",", "in", "a", "an", "statement", "interview", "late", "early",
                                             "also", "separately", "publicly", "recently"):
                if low == "in" and not (k + 2 < n and toks[k + 2].low in ("statement", "interview", "post")):
                    if not (k + 1 < n and toks[k + 1].low in _TIME_WORDS):
                        break
                if low in ("a", "an") and not (k > 0 and toks[k - 1].low == "in"):
                    break  # "said a lower tariff …": the article begins the content
                k += 1
                continue
            break
        return k

    def _continuation(self, doc, text, s, e, sent_quotes, covered, prev, para, prev_para) -> list[Attribution]:
        if prev is None:
            return []
        out = []
        # a quotation with no cue, right after a quoted speaker
        for q in sent_quotes:
            if q in covered:
                continue
            if prev.mode in ("direct_quote", "continuation") and q[0] - prev.end < 1500:
                qs = q
                if q[0] <= s and q[1] >= e:
                    qs = (s, e)
                if _n_words(text[qs[0]:qs[1]]) >= 3:
                    out.append(Attribution(doc.doc_id, qs[0], qs[1], text[qs[0]:qs[1]], prev.speaker, None, None,
                                           None, None, "continuation", None, prev.speaker_type, prev.affiliation,
                                           prev.inner_speaker))
        if out:
            return out
        # a sentence still inside an earlier quotation ("“A. B,” he said" handled by the quote span)
        if prev.start <= s and e <= prev.end:
            return []
        # "Additionally, …" right after a source's report in the same paragraph
        head = text[s:s + 20].lower()
        if prev.mode in ("reported", "according_to", "continuation") and para == prev_para and \
                head.startswith(_CONNECTIVES) and s - prev.end < 400:
            return [Attribution(doc.doc_id, s, e, text[s:e], prev.speaker, None, None, None, None, "continuation",
                                None, prev.speaker_type, prev.affiliation, prev.inner_speaker)]
        if prev.mode == "continuation" and prev.cue_start is None and para == prev_para and s - prev.end < 200 \
                and not sent_quotes and _CONT_OK.match(text, s):
            return [Attribution(doc.doc_id, s, e, text[s:e], prev.speaker, None, None, None, None, "continuation",
                                None, prev.speaker_type, prev.affiliation, prev.inner_speaker)]
        return []


# A sentence that goes on reporting the same events ("Several of the targets were hit"): it opens
# with a quantity or a definite noun phrase, not with a demonstrative or a new actor.
_CONT_OK = re.compile(r"(?:Several|Some|Many|Most|All|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|\d+)\b")

# These patterns scan whole articles. A word boundary before a letter is written as a lookbehind
# after it, "[A-Z](?<!\w.)" for "\b[A-Z]": a pattern that opens with a character class or with
# literals lets the regex engine skip straight to the places where a match can start.
_ORG_NAME = re.compile(r"[A-Z](?<!\w.)[\w’'-]+(?:\s+(?:(?:of|for|and|the|on|de)\s+)?[A-Z][\w’'-]+)*")
_ACRONYM = re.compile(r"[A-Z](?<!\w.)[A-Z]{1,5}\b")
_PAREN_ACRONYM = re.compile(r"\(([A-Z][A-Za-z0-9]{1,9})\)")
_NAME_THEN_ACRONYM = re.compile(r"((?:[A-Z][\w’'.-]*\s+)(?:(?:of|for|and|the|on|de|al)\s+|[A-Z][\w’'.-]*\s+){0,8})"
                                + _PAREN_ACRONYM.pattern)
_TITLES_BEFORE_NAMES = (
    r"President|Prime Minister|Minister|Secretary(?: of State)?|spokesman|spokeswoman|spokesperson|"
    r"Gen\.|General|Col\.|Colonel|Lt\.|Maj\.|Major|Capt\.|Brig\.|Dr\.|Mr\.|Mrs\.|Ms\.|Sen\.|Rep\.|"
    r"Senator|Governor|Gov\.|Ambassador|envoy|chief|commander|leader|director|Sheikh|Ayatollah|King|Emir"
).split("|")


def _first_title_pattern(titles: list[str]) -> str:
    """The titles as one alternation at a word boundary, grouped by initial.

    Grouping keeps the order of the alternatives (titles with different initials never compete)
    and lets the engine try one group per letter instead of every title.
    """
    groups: dict[str, list[str]] = {}
    for title in titles:
        groups.setdefault(title[0], []).append(title[1:])
    return "|".join(c + r"(?<!\w.)(?:" + "|".join(rest) + ")" for c, rest in groups.items())


# one or more titles, the first at a word boundary, then the name
_TITLED_NAME = re.compile(
    "(?:" + _first_title_pattern(_TITLES_BEFORE_NAMES) + r")\s+"
    r"(?:(?:" + "|".join(_TITLES_BEFORE_NAMES) + r")\s+)*"
    r"(?:\([a-z]{2,4}\.\)\s+)?(?P<name>(?:[A-Z][\w’'-]+\s+){0,3}[A-Z][\w’'-]+)"
)


# A clause that starts a new statement or the narrator's comment ends reported content:
# "X said A, although B", "X said A, insisting that B", "X said A; B".
# Words that cannot end a noun phrase naming a source.
_NOT_HEADS = _CLAUSE_BREAK | _DETERMINERS | frozenset(
    "instead also then now still even just only too something nothing anything everything here there "
    "home live of you your".split())
_CORE_CUES = frozenset("say said tell told add write wrote ask tweet state claim report note argue explain insist warn"
                       .split())
_NEW_SUBJECTS = frozenset("he she it they we i there".split())
_QUOTE_TOKENS = frozenset('"“”')
_CONTENT_STOPS = frozenset(
    """although though while whereas but because as insisting adding saying noting arguing citing quoting
    according explaining warning claiming suggesting stressing calling""".split())


def _trim_at_next(made: list[Attribution], text: str) -> list[Attribution]:
    """End reported content where the next statement's source comes in ("…, and he said …")."""
    def comes_in(b: Attribution, a: Attribution) -> int:
        # where b's source comes in; "X said A, adding B" names X once, for both statements
        if b.speaker_start is not None and b.speaker_start != a.speaker_start:
            return b.speaker_start
        return b.cue_start if b.cue_start is not None else -1

    out = []
    for a in made:
        if a.mode == "reported":
            later = [comes_in(b, a) for b in made if b is not a and a.start < comes_in(b, a) < a.end]
            if later:
                cut = min(later)
                m = max(text.rfind(",", a.start, cut), text.rfind(";", a.start, cut))
                end = _rstrip(text, m if m > a.start else cut)
                piece = text[a.start:end]
                if m > a.start and text[m + 1:m + 2] in ('"', "”") and (
                        piece.count('"') % 2 or piece.count("“") > piece.count("”")):
                    end = m + 2  # 'called the servers "careless," but said …': keep the quotation closed
                for conj in (" and", " but", " or"):
                    if text[a.start:end].endswith(conj):
                        end = _rstrip(text, end - len(conj))
                if end - a.start >= 2:
                    a = Attribution(a.doc_id, a.start, end, text[a.start:end], a.speaker, a.speaker_start,
                                    a.speaker_end, a.cue_start, a.cue_end, a.mode, a.mention, a.speaker_type,
                                    a.affiliation, a.inner_speaker)
        out.append(a)
    return out


_NUMBER_WORDS = frozenset("one two three four five six seven eight nine ten".split())


def _is_number(tok: _Tok) -> bool:
    """A share of people polled: "42", "%", "three" ("42% say", "two in three said")."""
    return tok.text == "%" or tok.text[0].isdigit() or tok.low in _NUMBER_WORDS


def _sentence_subject(toks: list[_Tok], stop: int) -> tuple[int, int] | None:
    """Token range of the sentence's subject, for a cue after its own clause ("Trump attacked Clinton,
    saying …", "The senator survived the war and says …")."""
    first = 0
    dash = next((k for k in range(1, min(5, stop)) if toks[k].text in ("—", "–", "--", "-")), None)
    if dash is not None and all(t.text.isupper() or not t.text[0].isalnum() for t in toks[:dash]):
        toks = toks[dash + 1:]  # a dateline: "WASHINGTON — …", "BEIRUT (AP) — …"
        rng = _sentence_subject(toks, stop - dash - 1) if toks and stop > dash + 1 else None
        return (rng[0] + dash + 1, rng[1] + dash + 1) if rng else None
    if toks[0].low in _CLAUSE_BREAK or toks[0].low in _LEAD_ADVERBS or toks[0].low == "once" or \
            toks[0].low.endswith("ing") or toks[0].low in _TIME_WORDS or \
            (toks[0].low.endswith("ly") and len(toks) > 2 and
             (toks[1].text == "," or toks[1].low in _CLAUSE_BREAK)) or \
            (len(toks) > 1 and toks[1].low in ("year", "week", "month")):
        # "In May, a judge sided with the Democrats, saying …", "Speaking at a rally, Ruiz …": the subject
        # follows the lead
        first = next((k + 1 for k in range(1, min(8, stop)) if toks[k].text == ","), 0)
    rng = _np_after(toks, first, stop)
    if rng is None:
        return None
    # the subject ends at its verb: "Both parents stiffened their denunciation …"
    verb = next((k for k in range(rng[0] + 1, rng[1]) if toks[k].low in _FINITE or
                 (toks[k].low.endswith("ed") and not _is_cap(toks[k])) or toks[k - 1].low in _PRONOUNS), rng[1])
    return rng[0], verb


def _has_content_stop(text: str) -> bool:
    """Does a word that opens another statement ("adding", "noting", "but") occur in this text?"""
    return any(w in _CONTENT_STOPS for w in re.findall(r"\w+", text.lower()))


def _title_case(toks: list[_Tok]) -> bool:
    """Is this sentence a headline in title case (nearly every word capitalised)?"""
    words = [t for t in toks if t.text[0].isalpha()]
    if len(words) < 4:
        return False
    return sum(1 for t in words if t.text[0].isupper()) >= 0.8 * len(words)


_PARTY_STATE = re.compile(r"[RDI]-[A-Z][A-Za-z.]{0,5}$")
# what shows something: "polls show", "the survey shows", "records show"
_EVIDENCE = frozenset(
    """poll polls survey surveys data figures record records result results finding findings study studies
    report reports review analysis numbers statistics documents emails footage video videos photo photos images
    search tally count census research estimates projections filings ledgers ledger returns map maps chart
    charts graph table tables logs log polling""".split())
# cues only next to a quotation: '“…,” she continued', 'He continued: “…”'
_QUOTE_ONLY = frozenset("continue chant yell scream exclaim interject read".split())
# stems of verbs whose "as" introduces the source's label: "described as", "dismissed as", "referred to as"
_AS_CUES = frozenset("describ characteriz characteris portray label labell brand dismiss view regard".split())
def _not_a_statement(toks: list[_Tok], ci: int, cj: int, term: str) -> bool:
    """Cue words in another sense: naming ("a show called “Brokers”", "called off the deal"), finding
    ("found a way to", "helped found the network"), an adjective ("60 pledged delegates"), a noun
    ("states that have …"), a verb that reports only a clause ("maintained his lead"), "see" that is
    not a view ("will see a new budget"), or the inner source of a statement ("…, quoting a military
    source")."""
    n = len(toks)
    nxt = toks[cj].low if cj < n else ""
    if toks[ci].low == "quoting":
        return True  # "SANA said, quoting a military source": the inner source of SANA's statement
    if term in _THAT_ONLY and nxt not in ("that", ":", ","):
        return True  # "maintained his lead" (but "maintained that …")
    if term == "see" and (toks[ci].low not in ("see", "sees", "seeing") or
                          not any(t.low in ("as", "that") for t in toks[cj:cj + 12])):
        return True  # "will see a new budget" (but a view: "sees the toll as a test", "see that …")
    if toks[ci].low.endswith("ed") and ci > 0 and (toks[ci - 1].low in ("the", "a", "an", "his", "her", "their", "its")
                                                   or _is_number(toks[ci - 1])) and cj < n and toks[cj].text.isalpha():
        return True  # "60 pledged delegates", "the stated goal": an adjective
    if toks[ci].low == "states" and nxt == "that" and cj + 1 < n and (
            toks[cj + 1].low in _AUXILIARIES or toks[cj + 1].low.endswith("ed")):
        return True  # "Rust Belt states that have suffered" (but "the report states that the plan failed")
    if term == "call":
        if nxt in ("off", "up", "in", "back"):
            return True
    if term in ("call", "dub"):
        if toks[ci].low in ("called", "dubbed") and ci >= 2 and toks[ci - 1].text[0].isalpha() and \
                any(toks[k].low in ("a", "an") for k in range(max(0, ci - 4), ci - 1)) and \
                not any(toks[k].low in _FINITE for k in range(max(0, ci - 4), ci)):
            return True  # "a website called Real News", "a super PAC called Future 45"
    if toks[ci].low in ("find", "finds", "found", "finding"):
        if ci > 0 and toks[ci - 1].low in ("help", "helped", "helps", "helping", "to") and toks[ci].low == "found":
            return True  # "helped found Fox News"
        if nxt in ("it", "them", "ways", "time", "himself", "herself", "themselves", "itself", "success") or \
                (nxt == "a" and cj + 1 < n and toks[cj + 1].low in ("way", "home", "job", "place")):
            return True
    return False


def _as_cue(tok: _Tok) -> bool:
    return tok.low.rstrip("sd").rstrip("e") in _AS_CUES


_SUBORDINATORS = frozenset(
    "and but or said says when if because as while since although though where whereas unless until after before "
    "once so".split())
# nouns that end like adverbs: "the foundation's tally", "the daily said", "the assembly voted"
_LY_NOUNS = frozenset("tally family ally assembly rally supply anomaly monopoly daily weekly monthly quarterly".split())
# cues only before a clause: "maintained that …", not "maintained his lead"
_THAT_ONLY = frozenset(["maintain"])
_NOBODY = frozenset("nobody none no".split())
_ING_PREPS = frozenset("by upon after while before when".split())
_WH = frozenset("how why what whether when where who".split())
_ASIDE_OPENERS = frozenset(
    "in at on during before after to with from for via over through last this earlier , — – --".split())


def _that_after_aside(toks: list[_Tok], k: int) -> int | None:
    """The "that" opening the content after an aside right after the cue: "said at a news conference
    last week that …", "believes, for example, that …", "said — on Twitter, as it happens — that …"."""
    n = len(toks)
    if k >= n or toks[k].low not in _ASIDE_OPENERS:
        return None
    for j in range(k + 1, min(n, k + 14)):
        t = toks[j]
        if t.low == "that":
            ok = j + 1 < n and (toks[j + 1].text[0].isalnum() or toks[j + 1].text in _QUOTE_TOKENS)
            return j if ok else None
        if t.text in ".;:!?" or t.text in _QUOTE_TOKENS or t.low in _FINITE or t.low in ("which", "who", "whom"):
            return None
    return None


@lru_cache(maxsize=1)
def _cue_forms() -> frozenset[str]:
    """Every form of the reporting and stance verbs ("says", "called", "criticizing")."""
    kinds = _cue_tables()[1]
    return frozenset(f for lemma, kind in kinds.items() if kind in ("speech", "weak") and " " not in lemma
                     for f in (lemma, *_inflections(lemma)))


def _content_end(toks: list[_Tok], k: int, e: int, stance: bool = False) -> int:
    n = len(toks)
    first = k - 1
    quotes = 0
    while k < n:
        t = toks[k].text
        if t in _QUOTE_TOKENS:
            quotes += 1
        if stance and t in ",—–" and k + 1 < n and not quotes % 2 and toks[k + 1].text.islower() and (
                (toks[k + 1].low.endswith("ing") and len(toks[k + 1].low) > 5 and
                 toks[k + 1].low not in ("including", "during", "following", "regarding"))
                or toks[k + 1].low in ("which", "then")):
            # "X opposed the request, seeking to quell …": the source's next act, not what it opposed
            return toks[k].start
        if stance and t == "," and k + 1 < n and not quotes % 2 and toks[k + 1].low in ("the", "a", "an", "also"):
            return toks[k].start  # "X praised Kerry, the chief negotiator": an apposition of the writer's
        if t == ";" or (t in ",—–" and k + 1 < n and toks[k + 1].low in _CONTENT_STOPS and
                        not (k - first == 1 and toks[first].low == "that")):
            # (but "reported that, according to an analysis, 85 of the meetings …" goes on)
            return toks[k].start
        if toks[k].low == "and" and k + 2 < n and toks[k + 1].low in ("has", "have", "also") and \
                toks[k + 2].low in _cue_forms() and k - first >= 2:
            # "…, and has called for B", "and also says B": the source's next statement, not more content
            return toks[k - 1].start if toks[k - 1].text == "," else toks[k].start
        if toks[k].low == "and" and k + 1 < n and toks[k + 1].low.endswith("ed") and toks[k + 1].text.islower() \
                and not toks[k - 1].low.endswith("ed"):
            # "X criticized A and called for B": the source's next act, not more content (but "was closed
            # and repaired" stays)
            return toks[k - 1].start if toks[k - 1].text == "," else toks[k].start
        if t == "," and k + 2 < n and toks[k + 1].low == "and" and (toks[k + 2].low in _NEW_SUBJECTS or (
                stance and toks[k + 2].low in ("at", "when", "the", "his", "her", "their", "in", "on"))):
            return toks[k].start  # "…, and he still speaks to Trump": a clause of the writer's
        if t in ",—–" and k + 1 < n and toks[k + 1].low in ("a", "an") and not quotes % 2 and \
                not any(x.text == "," for x in toks[k + 2:]):
            return toks[k].start  # "…, a move that could split the party.": the writer's comment on it
        k += 1
    return e


def _dedupe(attrs: list[Attribution]) -> list[Attribution]:
    attrs.sort(key=lambda a: (a.start, -(a.end - a.start)))
    out: list[Attribution] = []
    for a in attrs:
        if out and a.start < out[-1].end and a.end <= out[-1].end:
            continue
        if out and a.start < out[-1].end:
            # overlapping: keep the earlier one whole, trim this one
            a = Attribution(a.doc_id, out[-1].end, a.end, a.text[out[-1].end - a.start:], a.speaker,
                            a.speaker_start, a.speaker_end, a.cue_start, a.cue_end, a.mode, a.mention,
                            a.speaker_type, a.affiliation, a.inner_speaker)
            if not a.text.strip():
                continue
        out.append(a)
    return out


def _outlet_names(outlet: str, state: _DocSources) -> set[str]:
    """The speaker names by which the outlet cites itself ("the Observatory said", "OCP reported" in
    OCP's own article): its own reporting is its own voice, not a quoted source."""
    words = outlet.split()
    caps = [w for w in words if w[:1].isupper()]
    names = {outlet, state.canonical(outlet)[0]}
    # the initials of the outlet's name, or one distinctive word of it ("Observatory")
    if len(caps) >= 2:
        names.add("".join(w[0] for w in caps))
    names.update(w for w in caps if len(w) >= 5)
    return names


_ATTRIBUTORS: dict[tuple[int, int], _Attributor] = {}


def _attributor(registry: SourceRegistry | None, segmenter: Segmenter | None) -> _Attributor:
    """One attributor per registry and segmenter (building one reads the registry)."""
    key = (id(registry), id(segmenter))
    att = _ATTRIBUTORS.get(key)
    # ids can be reused after garbage collection: check it is the very same objects
    if att is None or (registry is not None and att.registry is not registry) or \
            (segmenter is not None and att.segmenter is not segmenter):
        att = _Attributor(registry if registry is not None else load_sources(),
                          segmenter or _default_segmenter())
        if len(_ATTRIBUTORS) > 16:
            _ATTRIBUTORS.clear()
        _ATTRIBUTORS[key] = att
    return att


def attribute_speakers(
    document: Document | str, *, registry: SourceRegistry | None = None, segmenter: Segmenter | None = None,
    model: AttributionModel | None = None,
) -> list[Attribution]:
    """Find who speaks where in one document.

    Parameters
    ----------
    document : Document or str
    registry : SourceRegistry, optional
        Known sources, their aliases, types and affiliations; the bundled
        starter registry by default (see :func:`framing.sources.load_sources`).
    model : AttributionModel, optional
        A learned tagger (:class:`framing.attribution_model.AttributionModel`)
        that finds sources, cues and contents instead of the rules (which it
        takes as features); speakers are normalized the same way.

    Returns
    -------
    list of Attribution
        In text order, not overlapping. Text outside every attribution is the
        outlet's own voice.

    Examples
    --------
    >>> doc = Document("d", "“The enemy attacked at dawn,” SANA said. It added that two died.")
    >>> [(a.speaker, a.mode, a.text) for a in attribute_speakers(doc)]
    [('SANA', 'direct_quote', '“The enemy attacked at dawn,”'), ('SANA', 'reported', 'that two died.')]
    """
    if isinstance(document, str):
        document = Document("text", document)
    if model is not None:
        return _attributor(registry, segmenter).run_model(document, model)
    return _attributor(registry, segmenter).run(document)


def iter_attributions(documents: Iterable[Document], *, registry: SourceRegistry | None = None,
                      n_jobs: int | None = 1, progress: bool | None = False,
                      model: AttributionModel | None = None) -> Iterator[Attribution]:
    """Attributions of many documents, streamed in order (``n_jobs`` worker processes)."""
    from .parallel import imap_documents

    for attrs in imap_documents(_attribution_worker, (registry, model), documents, n_jobs=n_jobs,
                                progress=progress, desc="attributing"):
        yield from attrs


def _attribution_worker(registry, model=None):
    def run(doc):
        return attribute_speakers(doc, registry=registry, model=model)

    return run


def attributions_frame(attributions: Iterable[Attribution]):
    """A tidy DataFrame, one row per attribution (columns: :data:`ATTRIBUTION_COLUMNS`)."""
    import pandas as pd

    rows = [[getattr(a, c) for c in ATTRIBUTION_COLUMNS] for a in attributions]
    df = pd.DataFrame(rows, columns=ATTRIBUTION_COLUMNS)
    for col in ("speaker_start", "speaker_end", "cue_start", "cue_end"):
        df[col] = df[col].astype("Int64")
    return df


SENTENCE_COLUMNS = ["doc_id", "outlet", "sentence", "start", "end", "n_words", "speaker", "mode", "text"]


def sentence_speakers(document: Document, attributions: list[Attribution] | None = None,
                      *, segmenter: Segmenter | None = None, registry: SourceRegistry | None = None,
                      model: AttributionModel | None = None) -> list[tuple]:
    """Each sentence with the source that speaks most of it (``None``: the outlet).

    A sentence belongs to the attribution covering most of its characters, if that
    covers at least a quarter of it. ``model``: a trained attribution model (see
    :func:`attribute_speakers`).
    """
    seg = segmenter or _default_segmenter()
    attrs = (attribute_speakers(document, segmenter=segmenter, registry=registry, model=model)
             if attributions is None else attributions)
    rows = []
    for sent in seg.sentences(document.text):
        cover: dict[tuple[str, str], int] = {}
        for a in attrs:
            o = min(sent.end, a.end) - max(sent.start, a.start)
            if o > 0:
                cover[(a.speaker, a.mode)] = cover.get((a.speaker, a.mode), 0) + o
        speaker, mode = None, "narration"
        if cover:
            (who, how), size = max(cover.items(), key=lambda kv: kv[1])
            if size * 4 >= sent.end - sent.start:
                speaker, mode = who, how
        rows.append((document.doc_id, document.outlet, sent.index, sent.start, sent.end, sent.n_words, speaker,
                     mode, sent.text))
    return rows


def sentences_frame(documents, **kwargs):
    """One row per sentence with its speaker and mode, for notebooks.

    Examples
    --------
    >>> doc = Document("d", "Strikes hit the town. “We were asleep,” a resident said.")
    >>> df = sentences_frame([doc])
    >>> df["speaker"].fillna("(outlet)").tolist(), df["mode"].tolist()
    (['(outlet)', 'resident'], ['narration', 'direct_quote'])
    """
    import pandas as pd

    from .match import _as_documents

    rows = [r for doc in _as_documents(documents) for r in sentence_speakers(doc, **kwargs)]
    return pd.DataFrame(rows, columns=SENTENCE_COLUMNS)
