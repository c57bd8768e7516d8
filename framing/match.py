"""Fast codebook matching: build once, match many.

All surface forms of every entry are expanded once, when the matcher is built:
automatic inflections of the last word ("militia" -> "militias", "martyr" ->
"martyred"), hyphen written as a space, a hyphen or a non-breaking hyphen, and
straight or curly apostrophes. The text is lower-cased (one character for one
character) and runs of whitespace are folded to one space, so multi-word
entries match across line breaks and double spaces but not across paragraphs.
An Aho-Corasick automaton (``ahocorasick_rs``) finds every candidate; word
boundaries, hyphenated compounds and case-sensitive entries are checked only at
candidates; the leftmost-longest valid candidates win. Offsets are mapped back
to the original text, end exclusive.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from operator import attrgetter

import ahocorasick_rs

from .errors import LexiconError
from .lexicon import Lexicon, LexiconEntry, load_lexicon
from .segment import Segmenter, _default_segmenter
from .types import Document, Hit

__all__ = ["DEFAULT_LEXICONS", "HIT_COLUMNS", "LexiconMatcher", "Match", "find_hits", "hits_frame"]

#: The most surface forms one matcher builds (a million entries with their variants would use gigabytes).
MAX_PATTERNS = 3_000_000

#: The codebooks used when none is given.
DEFAULT_LEXICONS = ("conflict", "cues")

_HYPHENS = "-\u2010\u2011"
_APOSTROPHES = "'\u2019"
_CANON = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2019": "'", "\u00a0": " "})
_WS_RUN = re.compile(r"\s{2,}|[^\S ]")
_MULTI_SPACE = re.compile(r"  +")
_VOWELS = set("aeiou")

HIT_COLUMNS = [
    "doc_id", "outlet", "sentence", "start", "end", "text", "term", "category", "refers_to",
    "lexicon", "speaker", "mode", "score",
]


@dataclass(frozen=True, slots=True)
class Match:
    """A raw match: offsets into the text and the entry it belongs to."""

    start: int
    end: int
    entry: LexiconEntry


def _inflections(word: str) -> set[str]:
    """Regular English plural and verb forms of ``word`` (over-generation is harmless)."""
    if len(word) < 3 or not word.isalpha():
        return set()
    out = set()
    last, prev = word[-1], word[-2]
    if word.endswith(("s", "x", "z", "ch", "sh")):
        out.add(word + "es")
    elif last == "y" and prev not in _VOWELS:
        out |= {word[:-1] + "ies", word[:-1] + "ied"}
    else:
        out.add(word + "s")
    if word.endswith("man"):
        out.add(word[:-3] + "men")
    if last == "e":
        out |= {word + "d", word[:-1] + "ing"} if not word.endswith("ee") else {word + "d", word + "ing"}
    elif not (last == "y" and prev not in _VOWELS):
        out |= {word + "ed", word + "ing"}
        # doubled final consonant: "stop" -> "stopped"; both spellings are generated
        if last not in _VOWELS and last not in "wxy" and prev in _VOWELS and word[-3] not in _VOWELS:
            out |= {word + last + "ed", word + last + "ing"}
    else:
        out.add(word + "ing")
    return out


def _surface_forms(form: str, *, inflect: bool) -> set[str]:
    """Every written form of ``form``: inflections, hyphen/space and apostrophe variants."""
    base = " ".join(form.translate(_CANON).split())
    forms = {base}
    if inflect:
        head, _, last = base.rpartition(" ")
        # in a hyphenated last word only its last part inflects: "carpet-bomb" -> "carpet-bombed"
        stem, dash, piece = last.rpartition("-")
        for inflected in _inflections(piece):
            word = f"{stem}{dash}{inflected}"
            forms.add(f"{head} {word}" if head else word)
    out = set()
    for f in forms:
        hyphens = f.count("-")
        if hyphens == 0:
            joins = [f]
        elif hyphens <= 2:
            parts = f.split("-")
            joins = []
            for seps in itertools.product(("-", " ", "\u2011", "\u2010"), repeat=hyphens):
                joins.append(parts[0] + "".join(s + p for s, p in zip(seps, parts[1:])))
        else:
            joins = [f.replace("-", sep) for sep in ("-", " ", "\u2011", "\u2010")]
        for j in joins:
            out.add(j)
            if "'" in j:
                out.add(j.replace("'", "\u2019"))
    return out


def _lower(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    # a few characters lower-case to two ("İ"); keep them as they are so offsets hold
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _canonical(s: str) -> str:
    return " ".join(s.translate(_CANON).split())


class LexiconMatcher:
    """Find a codebook's terms in text.

    Parameters
    ----------
    lexicon : Lexicon, str, path or list
        Anything :func:`~framing.lexicon.load_lexicon` accepts.
    neutral : bool, default True
        Also match neutral reference labels (category ``neutral``).

    Examples
    --------
    >>> m = LexiconMatcher("conflict")
    >>> [(x.start, x.end, x.entry.term) for x in m.find("Iran backed militias were martyred.")]
    [(0, 11, 'Iran-backed'), (12, 20, 'militia'), (26, 34, 'martyr')]
    >>> m.find("a non-aggression pact")
    []
    """

    def __init__(self, lexicon: Lexicon | str | Iterable = DEFAULT_LEXICONS, *, neutral: bool = True):
        self.lexicon = load_lexicon(lexicon)
        self.neutral = neutral
        table: dict[str, list[tuple[LexiconEntry, frozenset[str] | None]]] = {}
        owner: dict[str, str] = {}
        for entry in self.lexicon.entries:
            if not neutral and not entry.loaded:
                continue
            exact_all: set[str] = set()
            surfaces: set[str] = set()
            for form in entry.forms:
                forms = _surface_forms(form, inflect=entry.inflect)
                surfaces |= forms
                exact_all |= {_canonical(f) for f in forms}
            exact = frozenset(exact_all) if entry.case_sensitive else None
            for s in surfaces:
                key = _lower(s)
                if not key.strip():
                    continue
                # across codebooks the first one to define a form wins; within one
                # codebook a form may carry several categories (LIWC-style imports)
                if key in owner and owner[key] != entry.lexicon:
                    continue
                owner[key] = entry.lexicon
                slot = table.setdefault(key, [])
                if not any(e is entry for e, _ in slot):
                    slot.append((entry, exact))
        if len(table) > MAX_PATTERNS:
            raise LexiconError(
                f"{self.lexicon.name}: {len(table):,} surface forms after adding inflections and variants, more "
                f"than {MAX_PATTERNS:,}; split the codebook, or set inflect: false on entries that need no "
                "plural or verb forms")
        self._patterns = list(table)
        self._targets = [table[p] for p in self._patterns]
        self._maxlen = max(map(len, self._patterns), default=0)
        if self._patterns:
            # leftmost-longest finds the usual case fast; the overlapping automaton is
            # consulted only around a candidate that fails a word-boundary or case check
            self._automaton = ahocorasick_rs.AhoCorasick(
                self._patterns, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
                implementation=ahocorasick_rs.Implementation.DFA)
            self._overlapping = ahocorasick_rs.AhoCorasick(self._patterns)
        else:
            self._automaton = self._overlapping = None

    @property
    def n_patterns(self) -> int:
        """How many surface forms the automaton holds after expansion."""
        return len(self._patterns)

    def _check(self, compact: str, idx: int, s: int, e: int) -> int:
        """End of a valid match at ``s`` (wildcards extend it), or -1."""
        entry0 = self._targets[idx][0][0]
        n = len(compact)
        if s > 0:
            c = compact[s - 1]
            if c.isalnum() and compact[s].isalnum():
                return -1
            if c in _HYPHENS and s > 1 and compact[s - 2].isalnum() and not entry0.in_compounds:
                return -1
        if e < n:
            c = compact[e]
            if c.isalnum() and compact[e - 1].isalnum():
                if not entry0.wildcard:
                    return -1
                while e < n and compact[e].isalnum():
                    e += 1
                c = compact[e] if e < n else " "
            if c in _HYPHENS and e + 1 < n and compact[e + 1].isalnum() and not entry0.in_compounds:
                return -1
        return e

    def find(self, text: str) -> list[Match]:
        """All matches in ``text``, in order, not overlapping; offsets into ``text``."""
        if self._automaton is None or not text:
            return []
        compact, starts, shifts = _normalize(text)
        targets = self._targets
        out: list[Match] = []
        pending: list[tuple[int, int, int]] = []
        for idx, s, e in self._automaton.find_matches_as_indexes(compact):
            e2 = self._check(compact, idx, s, e)
            if e2 >= 0:
                pending.append((s, e2, idx))
            else:
                # a shorter or later form may still be valid here
                hi = min(len(compact), e + self._maxlen)
                for j, a, b in self._overlapping.find_matches_as_indexes(compact[s:hi], overlapping=True):
                    b2 = self._check(compact, j, s + a, s + b)
                    if b2 >= 0:
                        pending.append((s + a, b2, j))
        if not pending:
            return out
        pending.sort(key=lambda t: (t[0], t[0] - t[1]))
        last = -1
        for s, e, idx in pending:
            if s < last:
                continue
            if starts:
                os_, oe = _to_original(s, starts, shifts), _to_original(e - 1, starts, shifts) + 1
            else:
                os_, oe = s, e
            chosen = [entry for entry, exact in targets[idx] if exact is None or _canonical(text[os_:oe]) in exact]
            if not chosen:
                continue
            out.extend(Match(os_, oe, entry) for entry in chosen)
            last = e
        return out


def _normalize(text: str) -> tuple[str, list[int], list[int]]:
    """Lower-case and fold whitespace; return the text and where it shifted.

    Line breaks, tabs and no-break spaces become spaces one for one, so the common
    case needs no offset map: a paragraph break becomes two spaces, which no form
    contains. Only repeated spaces inside a paragraph need the text folded.
    """
    low = _lower(text)
    norm = low.replace("\n", " ").replace("\t", " ").replace("\r", " ").replace("\xa0", " ")
    if "  " in norm:
        for m in _MULTI_SPACE.finditer(norm):
            if low.count("\n", m.start(), m.end()) < 2:
                return _compact(low)
    return norm, [], []


def _compact(low: str) -> tuple[str, list[int], list[int]]:
    """Fold whitespace runs to one character; return where the text shifted."""
    starts: list[int] = []
    shifts: list[int] = []
    pieces: list[str] = []
    pos = cl = shift = 0
    for m in _WS_RUN.finditer(low):
        a, b = m.span()
        pieces.append(low[pos:a])
        pieces.append("\n" if low.count("\n", a, b) >= 2 else " ")
        cl += a - pos + 1
        shift += b - a - 1
        starts.append(cl)  # compact positions from here on are shifted by `shift`
        shifts.append(shift)
        pos = b
    if not starts:
        return low, starts, shifts
    pieces.append(low[pos:])
    return "".join(pieces), starts, shifts


def _to_original(p: int, starts: list[int], shifts: list[int]) -> int:
    i = bisect_right(starts, p)
    return p + (shifts[i - 1] if i else 0)


def _as_documents(documents) -> Iterator[Document]:
    if isinstance(documents, Document):
        yield documents
    elif isinstance(documents, str):
        yield Document("text", documents)
    else:
        for i, d in enumerate(documents):
            yield d if isinstance(d, Document) else Document(f"text{i}", str(d))


def iter_hits(
    documents, lexicon=DEFAULT_LEXICONS, *, neutral: bool = False, attribute: bool = True, score=True,
    segmenter: Segmenter | None = None, registry=None, n_jobs: int | None = 1, progress: bool | None = False,
) -> Iterator[Hit]:
    """Like :func:`find_hits`, one hit at a time (documents are streamed, in order)."""
    from .parallel import imap_documents

    lex = lexicon.lexicon if isinstance(lexicon, LexiconMatcher) else load_lexicon(lexicon)
    args = (lex, neutral, attribute, score, segmenter, registry)
    for hits in imap_documents(_hits_worker, args, _as_documents(documents), n_jobs=n_jobs, progress=progress,
                               desc="tagging"):
        yield from hits


def _hits_worker(lex, neutral, attribute, score, segmenter, registry):
    """Build the matcher, model and attributor once (per process); return the per-document function."""
    matcher = LexiconMatcher(lex, neutral=neutral)
    seg = segmenter or _default_segmenter()
    model = None
    if score is True:
        from .context import load_context_model

        model = load_context_model()
    elif score:
        model = score

    def run(doc: Document) -> list[Hit]:
        spans = None
        if attribute:
            from .attribution import attribute_speakers

            spans = attribute_speakers(doc, registry=registry, segmenter=segmenter,
                                       model=None if attribute is True else attribute)
        return doc_hits(doc, matcher, seg, neutral=neutral, attributions=spans, model=model)

    return run


def doc_hits(doc: Document, matcher: LexiconMatcher, segmenter: Segmenter, *, neutral: bool = False,
             attributions=None, model=None) -> list[Hit]:
    """The hits of one document; a hit inside one of ``attributions`` gets its speaker and mode.

    With ``attributions=None`` no speaker is worked out (``speaker`` and ``mode`` stay empty);
    with a list (possibly empty) hits outside every attribution get mode ``"narration"``.
    """
    matches = matcher.find(doc.text)
    if not neutral:
        matches = [m for m in matches if m.entry.loaded]
    if not matches:
        return []
    sent_starts = [s for s, _ in segmenter.boundaries(doc.text)]
    spans = attributions or []
    span_starts = [a.start for a in spans]
    out = []
    for m in matches:
        e = m.entry
        speaker = None
        mode = None if attributions is None else "narration"
        k = bisect_right(span_starts, m.start) - 1
        if k >= 0 and m.end <= spans[k].end:
            speaker, mode = spans[k].speaker, spans[k].mode
        out.append(Hit(
            doc_id=doc.doc_id, start=m.start, end=m.end, text=doc.text[m.start : m.end],
            term=e.term, category=e.category, refers_to=e.refers_to,
            sentence=max(0, bisect_right(sent_starts, m.start) - 1), lexicon=e.lexicon, outlet=doc.outlet,
            speaker=speaker, mode=mode,
        ))
    if model is not None:
        out = _scored(doc, out, model)
    return out


def _scored(doc: Document, hits: list[Hit], model) -> list[Hit]:
    """Hits with ``score``, the context classifier's probability that the use is loaded."""
    import dataclasses

    loaded = [h for h in hits if h.category != "neutral"]
    if not loaded:
        return hits
    probs = model.proba_loaded([(doc.text, h.start, h.end, h.term, h.category, h.speaker, h.mode) for h in loaded])
    scores = {id(h): float(p) for h, p in zip(loaded, probs)}
    return [dataclasses.replace(h, score=round(scores[id(h)], 4)) if id(h) in scores else h for h in hits]


def find_hits(
    documents, lexicon=DEFAULT_LEXICONS, *, neutral: bool = False, attribute: bool = True, score=True,
    segmenter: Segmenter | None = None, registry=None, n_jobs: int | None = 1, progress: bool | None = False,
) -> list[Hit]:
    """Every use of a codebook term in the documents, with who uses it.

    Parameters
    ----------
    documents : Document, str or iterable of Document
    lexicon : Lexicon, LexiconMatcher, name, path or list, default ("conflict", "cues")
    neutral : bool, default False
        Include neutral reference labels (needed to compare naming choices).
    attribute : bool or AttributionModel, default True
        Work out the speaker of each hit (:func:`~framing.attribution.attribute_speakers`):
        a hit inside an attributed span belongs to that source; elsewhere ``speaker``
        is empty (the outlet's own voice) and ``mode`` is ``"narration"``. A trained
        :class:`~framing.attribution_model.AttributionModel` finds the spans instead of the rules.
    score : bool or ContextClassifier, default True
        Give each loaded hit a ``score``: the probability that this use is loaded
        in its context (:mod:`framing.context`; the bundled model by default).
    registry : SourceRegistry, optional
        Known sources (the bundled starter registry by default).
    n_jobs : int, default 1
        Worker processes (``-1``: all cores); results are the same for any value.
    progress : bool or None, default False
        A progress bar (``None``: only on a terminal).

    Returns
    -------
    list of Hit
        In document order; ``sentence`` is the sentence index in its document.

    Examples
    --------
    >>> doc = Document("d1", "“The Israeli enemy carried out an aerial assault,” SANA said.", outlet="Wire")
    >>> [(h.text, h.category, h.speaker) for h in find_hits(doc, "conflict")]
    [('Israeli enemy', 'hostile_label', 'SANA'), ('aerial assault', 'condemnatory_event', 'SANA')]
    """
    return list(iter_hits(documents, lexicon, neutral=neutral, attribute=attribute, score=score,
                          segmenter=segmenter, registry=registry, n_jobs=n_jobs, progress=progress))


def hits_frame(hits: Iterable[Hit]):
    """A tidy DataFrame of hits, one row per hit (columns: :data:`HIT_COLUMNS`).

    Examples
    --------
    >>> df = hits_frame(find_hits(Document("d1", "A so-called truce."), "conflict"))
    >>> df[["doc_id", "start", "end", "text", "category"]].values.tolist()
    [['d1', 2, 11, 'so-called', 'hedge_doubt']]
    """
    return _rows_frame([_hit_row(h) for h in hits])


# a hit as a row of HIT_COLUMNS (plain tuples travel between processes quickly)
_hit_row = attrgetter(*HIT_COLUMNS)


def _rows_frame(rows: list[tuple]):
    import pandas as pd

    df = pd.DataFrame(rows, columns=HIT_COLUMNS)
    for col in ("sentence", "start", "end"):
        df[col] = df[col].astype("int64")
    df["score"] = df["score"].astype("float64")
    return df
