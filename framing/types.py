"""The records that flow between stages.

Every span is a character range into :attr:`Document.text`, end exclusive, so
``document.text[span.start:span.end] == span.text`` always holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any

__all__ = ["Document", "Hit", "Sentence", "Token"]


@dataclass(frozen=True, slots=True)
class Document:
    """One article: its text and metadata.

    Parameters
    ----------
    doc_id : str
        Stable identifier (for a ``.txt`` file, its name without extension).
    text : str
        The article body; all offsets point into it.
    outlet, date, title, url : str or None
        Metadata read from a header block, column or field.
    meta : dict
        Any further metadata (other columns or header keys).
    path : str or None
        The file the document came from, if any.
    """

    doc_id: str
    text: str
    outlet: str | None = None
    date: str | None = None
    title: str | None = None
    url: str | None = None
    meta: dict[str, Any] = field(default_factory=dict, compare=False)
    path: str | None = None

    def _repr_html_(self) -> str:
        from html import escape

        head = " · ".join(escape(str(v)) for v in (self.outlet, self.date, self.title) if v)
        body = escape(self.text).replace("\n\n", "</p><p>")
        return f"<div><strong>{escape(self.doc_id)}</strong> {head}<p>{body}</p></div>"


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence: ``index`` within its document, offsets, text and word count."""

    index: int
    start: int
    end: int
    text: str
    n_words: int


@dataclass(frozen=True, slots=True)
class Token:
    """A word or punctuation token with its offsets."""

    start: int
    end: int
    text: str

    @property
    def is_word(self) -> bool:
        """True for tokens that count as words (they contain a letter or digit)."""
        return any(c.isalnum() for c in self.text) and self.text not in _CLITICS


_CLITICS = frozenset({"'s", "’s", "'S", "’S", "'", "’"})


@dataclass(frozen=True, slots=True)
class Hit:
    """One use of a codebook term in a document.

    ``term`` is the entry's canonical term, ``text`` what the document says.
    ``speaker`` and ``mode`` say who uses the term (``None``: the outlet's own
    voice); ``score`` is a context classifier's probability that the use is loaded.
    """

    doc_id: str
    start: int
    end: int
    text: str
    term: str
    category: str
    refers_to: str | None
    sentence: int
    lexicon: str
    outlet: str | None = None
    speaker: str | None = None
    mode: str | None = None
    score: float | None = None

    def __reduce__(self):
        # fields in order, for the constructor: pickles (to and from worker processes) several times faster
        # than the dataclass default
        return (Hit, _hit_fields(self))


_hit_fields = attrgetter(*(f.name for f in fields(Hit)))
