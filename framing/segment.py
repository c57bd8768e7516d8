"""Sentences and word tokens with character offsets, offline.

Sentence boundaries come from one regular-expression pass over the text; the
few ambiguous candidates (a period after an abbreviation such as "U.S." or
"Gen.", or after an initial) are decided by NLTK's Punkt with parameters that
ship as plain text (``framing/data/punkt_en.txt``). Nothing is downloaded.

Every span is a character range into the original text, end exclusive:
``text[s.start:s.end] == s.text``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError
from .types import Sentence, Token

if TYPE_CHECKING:  # NLTK takes a second to import: it is loaded only when Punkt is first asked
    from nltk.tokenize.punkt import PunktParameters

__all__ = [
    "Segmenter",
    "count_words",
    "load_punkt_parameters",
    "save_punkt_parameters",
    "split_sentences",
    "tokenize",
    "train_punkt_parameters",
]

_CLOSERS = "\"'”’»)]"
_OPENERS = "\"'“‘«(["
# A candidate boundary: terminal punctuation, optional closing quotes or brackets,
# whitespace, then something that can open a sentence (an opening quote or bracket,
# then an upper-case letter or a digit). "[.!?…][.!?…]*" rather than "[.!?…]+": a pattern
# that opens with a character class lets the regex engine skip ahead to the next candidate.
_CANDIDATE = re.compile(
    r"[.!?…][.!?…]*[" + re.escape(_CLOSERS) + r"]*(?P<ws>\s+)(?=[" + re.escape(_OPENERS) + r"]*[^\W\d_a-z]|\d)"
)
# Blank lines always end a sentence (paragraphs).
_PARAGRAPH = re.compile(r"\n[^\S\n]*\n\s*")
_WORD_AFTER = re.compile(r"[" + re.escape(_OPENERS) + r"]*(\w+)")

# a chunk of punctuation alone between spaces; the space before is checked after the first
# character ("[^\w\s](?<!\S.)" for "(?<!\S)[^\w\s]") so that the pattern opens with a class
_PUNCT_CHUNK = re.compile(r"[^\w\s](?<!\S.)[^\w\s]*(?!\S)")
_TOKEN = re.compile(
    r"""
    \d+(?:[.,:]\d+)*                        # numbers: 1:10, 3.5, 1,000
  | (?:[^\W\d_]\.){2,}                      # dotted abbreviations: U.S., a.m.
  | [^\W_]+(?:[-‐‑][^\W_]+)*(?=['’][sS]\b)   # a word before a possessive clitic
  | ['’][sS]\b                              # the clitic itself
  | [^\W_]+(?:[-‐‑'’][^\W_]+)*               # words, hyphenated compounds, contractions
  | \.{3}|[-‐‑–—]{2,}                        # ellipsis, double dash
  | \S                                      # any other single character
    """,
    re.VERBOSE,
)


def _read_sections(lines: Iterable[str]) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = None
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1].strip().lower(), [])
        elif current is None:
            raise InputError(f"Punkt parameters: {line!r} comes before any [section] header")
        else:
            current.append(line.lower())
    return sections


def load_punkt_parameters(path: str | Path | None = None) -> PunktParameters:
    """Read Punkt parameters from framing's plain-text format.

    Parameters
    ----------
    path : str or Path, optional
        A file written by :func:`save_punkt_parameters`. By default the bundled
        English news parameters.

    Returns
    -------
    nltk.tokenize.punkt.PunktParameters

    Examples
    --------
    >>> params = load_punkt_parameters()
    >>> "u.s" in params.abbrev_types and "gen" in params.abbrev_types
    True
    """
    return _punkt_parameters(*_punkt_sets(path))


def _punkt_parameters(abbrevs, starters, collocations) -> PunktParameters:
    from nltk.tokenize.punkt import PunktParameters

    params = PunktParameters()
    params.abbrev_types = set(abbrevs)
    params.sent_starters = set(starters)
    params.collocations = set(collocations)
    return params


def _punkt_sets(path: str | Path | None) -> tuple[frozenset[str], frozenset[str], frozenset[tuple[str, str]]]:
    """Abbreviations, sentence starters and collocations from framing's plain-text format."""
    if path is None:
        text = resources.files("framing").joinpath("data/punkt_en.txt").read_text(encoding="utf-8")
    else:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(f"{path}: cannot read Punkt parameters ({exc.strerror})") from None
    sections = _read_sections(text.splitlines())
    collocations = frozenset(
        (line.split()[0], line.split()[1]) for line in sections.get("collocations", []) if len(line.split()) >= 2
    )
    return frozenset(sections.get("abbreviations", [])), frozenset(sections.get("sentence_starters", [])), \
        collocations


def save_punkt_parameters(params: PunktParameters, path: str | Path) -> None:
    """Write Punkt parameters as reviewable plain text (see :func:`load_punkt_parameters`)."""
    parts = ["# Punkt sentence-boundary parameters (framing plain-text format)"]
    parts += ["", "[abbreviations]", *sorted(params.abbrev_types)]
    parts += ["", "[sentence_starters]", *sorted(params.sent_starters)]
    parts += ["", "[collocations]", *sorted(f"{a} {b}" for a, b in params.collocations)]
    Path(path).write_text("\n".join(parts) + "\n", encoding="utf-8")


def train_punkt_parameters(texts: Iterable[str], *, base: PunktParameters | None = None) -> PunktParameters:
    """Learn abbreviations and sentence starters from a corpus, offline.

    Uses NLTK's unsupervised :class:`~nltk.tokenize.punkt.PunktTrainer`; the
    bundled parameters (or ``base``) are merged in so known abbreviations stay.

    Examples
    --------
    >>> params = train_punkt_parameters(["Col. Dar spoke. Col. Dar left. Col. Amin stayed."] * 5)
    >>> "col" in params.abbrev_types
    True
    """
    from nltk.tokenize.punkt import PunktTrainer

    trainer = PunktTrainer()
    for text in texts:
        trainer.train(text, finalize=False)
    trainer.finalize_training()
    learned = trainer.get_params()
    merged = base if base is not None else load_punkt_parameters()
    return _punkt_parameters(set(merged.abbrev_types) | set(learned.abbrev_types),
                             set(merged.sent_starters) | set(learned.sent_starters),
                             set(merged.collocations) | set(learned.collocations))


class Segmenter:
    """Split text into sentences and tokens, with offsets.

    Parameters
    ----------
    punkt_parameters : PunktParameters or path, optional
        Abbreviations and sentence starters; the bundled ones by default.

    Examples
    --------
    >>> seg = Segmenter()
    >>> text = "At 1:10 a.m. the U.S. Army left. Gen. Dar said: “We won. Go home.” Then rain."
    >>> [s.text for s in seg.sentences(text)]
    ['At 1:10 a.m. the U.S. Army left.', 'Gen. Dar said: “We won.', 'Go home.”', 'Then rain.']
    """

    def __init__(self, punkt_parameters: PunktParameters | str | Path | None = None):
        if hasattr(punkt_parameters, "abbrev_types"):  # NLTK's PunktParameters
            self._params = punkt_parameters
            self._abbrevs = frozenset(punkt_parameters.abbrev_types)
            self._starters = frozenset(punkt_parameters.sent_starters)
            self._collocations = frozenset(punkt_parameters.collocations)
        else:
            self._params = None  # NLTK's object is built when Punkt is first needed
            self._abbrevs, self._starters, self._collocations = _punkt_sets(punkt_parameters)
        self._punkt_tokenizer = None
        self._punkt_seen: dict[tuple[str, int], bool] = {}  # Punkt's answer for each ambiguous window
        self._last: tuple[str, tuple[tuple[int, int], ...]] | None = None  # the last text and its boundaries

    @property
    def params(self) -> PunktParameters:
        """The Punkt parameters (NLTK's ``PunktParameters``)."""
        if self._params is None:
            self._params = _punkt_parameters(self._abbrevs, self._starters, self._collocations)
        return self._params

    @property
    def _punkt(self):
        tok = self._punkt_tokenizer
        if tok is None:
            from nltk.tokenize.punkt import PunktSentenceTokenizer

            tok = self._punkt_tokenizer = PunktSentenceTokenizer(self.params)
        return tok

    def _word_before(self, text: str, dot: int) -> tuple[int, str]:
        """Start and lower-cased text of the word ending at the period ``dot``."""
        lo = max(0, dot - 24)
        sp = max(text.rfind(" ", lo, dot), text.rfind("\n", lo, dot), text.rfind("\u00a0", lo, dot))
        start = (sp + 1) if sp >= 0 else lo
        while start < dot and text[start] in _OPENERS:
            start += 1
        return start, text[start:dot].lower()

    def _is_ambiguous(self, word: str) -> bool:
        """Is a period after ``word`` possibly part of an abbreviation or initial?"""
        if word in self._abbrevs:
            return True
        # single letters ("J. Smith") and short dotted forms not in the list ("N.Y.C.")
        return (len(word) == 1 and word.isalpha()) or ("." in word and len(word) <= 8 and word[0].isalpha())

    def _punkt_boundary(self, text: str, word_start: int, after: int) -> bool:
        """Ask Punkt whether a sentence starts at ``after``, in a small window."""
        m = _WORD_AFTER.match(text, after)
        end = m.end() if m else min(len(text), after + 1)
        key = (text[word_start:end], after - word_start)
        # the answer depends on the window alone, and the same few recur ("J. Trump", "U.S. Senate")
        seen = self._punkt_seen
        found = seen.get(key)
        if found is None:
            found = any(s and s >= key[1] for s, _ in self._punkt.span_tokenize(key[0]))
            if len(seen) >= 4096:
                seen.clear()
            seen[key] = found
        return found

    def boundaries(self, text: str) -> list[tuple[int, int]]:
        """``(start, end)`` of each sentence, in order; surrounding whitespace is left out."""
        # the attributor and the matcher both ask about the same document, one after the other
        last = self._last
        if last is not None and last[0] is text:
            return list(last[1])
        spans = self._boundaries(text)
        self._last = (text, tuple(spans))
        return spans

    def _boundaries(self, text: str) -> list[tuple[int, int]]:
        cuts: list[tuple[int, int]] = [m.span() for m in _PARAGRAPH.finditer(text)]
        for m in _CANDIDATE.finditer(text):
            ws = m.start("ws")
            dot = m.start()
            if text[dot] == ".":
                # the last period of a run ("..." is not an abbreviation)
                if dot + 1 < ws and text[dot + 1] == ".":
                    cuts.append((ws, m.end()))
                    continue
                word_start, word = self._word_before(text, dot)
                if word and self._is_ambiguous(word):
                    if word in self._abbrevs and "." not in word:
                        # Punkt's rule for a known abbreviation before a capitalised word, with
                        # no orthographic evidence: a boundary only before a sentence starter
                        # (asked directly, as it is by far the most common ambiguous case)
                        nxt = _WORD_AFTER.match(text, m.end())
                        if nxt is None or nxt.group(1).lower() not in self._starters:
                            continue
                    elif not self._punkt_boundary(text, word_start, m.end()):
                        continue
            cuts.append((ws, m.end()))
        if len(cuts) > 1:
            cuts.sort()
        out = []
        pos = 0
        for end, nxt in cuts:
            if end < pos:
                continue
            s, e = _strip(text, pos, end)
            if s < e:
                out.append((s, e))
            pos = nxt
        s, e = _strip(text, pos, len(text))
        if s < e:
            out.append((s, e))
        return out

    def sentences(self, text: str) -> list[Sentence]:
        """Sentences with offsets and word counts (see :func:`count_words`)."""
        return [Sentence(i, s, e, text[s:e], count_words(text, s, e))
                for i, (s, e) in enumerate(self.boundaries(text))]

    def tokens(self, text: str, start: int = 0, end: int | None = None) -> list[Token]:
        """Word and punctuation tokens of ``text[start:end]``, offsets into ``text``."""
        end = len(text) if end is None else end
        out = []
        for m in _TOKEN.finditer(text, start, end):
            s, e = m.span()
            tok = m.group()
            # "Gen." and "Lt." keep their period when they are known abbreviations
            if e < end and text[e] == "." and tok.lower() in self._abbrevs:
                e += 1
                tok = text[s:e]
            out.append(Token(s, e, tok))
        return _merge_abbrev_periods(out)


def _merge_abbrev_periods(tokens: list[Token]) -> list[Token]:
    """Drop the separate "." token that follows an abbreviation which absorbed it."""
    out: list[Token] = []
    for tok in tokens:
        if out and tok.text == "." and tok.start < out[-1].end:
            continue
        out.append(tok)
    return out


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


@lru_cache(maxsize=1)
def _default_segmenter() -> Segmenter:
    return Segmenter()


def split_sentences(text: str, *, segmenter: Segmenter | None = None) -> list[Sentence]:
    """Split ``text`` into sentences with offsets.

    Examples
    --------
    >>> [s.text for s in split_sentences("Lt. Col. Dar left. He said so.")]
    ['Lt. Col. Dar left.', 'He said so.']
    """
    return (segmenter or _default_segmenter()).sentences(text)


def tokenize(text: str, *, segmenter: Segmenter | None = None) -> list[Token]:
    """Word and punctuation tokens with offsets.

    Examples
    --------
    >>> [t.text for t in tokenize("At 1:10 a.m., Israel’s Iran-backed foes left.")]
    ['At', '1:10', 'a.m.', ',', 'Israel', '’s', 'Iran-backed', 'foes', 'left', '.']
    """
    return (segmenter or _default_segmenter()).tokens(text)


def count_words(text: str, start: int = 0, end: int | None = None) -> int:
    """Count words: whitespace-separated chunks with a letter or digit in them.

    A hyphenated compound ("Iran-backed"), a possessive ("Israel’s"), a time
    ("1:10") or an abbreviation ("a.m.") is one word; a dash or quotation mark
    standing alone is none. This count is the denominator of every rate.

    Examples
    --------
    >>> count_words("“Israel’s Iran-backed foes,” he said — at 1:10 a.m.")
    8
    """
    chunk = text[start:end]
    return len(chunk.split()) - len(_PUNCT_CHUNK.findall(chunk))
