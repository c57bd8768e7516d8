"""Text views: an article with its loaded terms and speakers, concordances, evidence.

These are the views a person reads to check what the numbers count:

- :func:`highlight` renders one article as HTML: every loaded term marked in its
  category's colour, every stretch a source speaks tinted and labelled with the
  source's name, the outlet's own voice left plain, and a legend with counts.
- :func:`kwic` lines up every use of a term or category in its context
  (keyword in context), grouped by outlet, speaker or any other column.
- :func:`evidence` lists the hits behind one number of a table or chart, each
  with the whole sentence it occurs in.

Everything from an article (its text, title, speaker names) and from a codebook
(terms, categories) is HTML-escaped: an article quoting ``<script>`` shows it as
text. The HTML has inline styles only: no scripts, fonts or stylesheets are
fetched, so a saved page works offline and inside notebooks that strip
``<style>`` blocks.
"""

from __future__ import annotations

import difflib
import html
import itertools
import re
import zlib
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd

from .attribution import ATTRIBUTION_COLUMNS, Attribution, attribute_speakers
from .errors import FramingError
from .lexicon import load_lexicon
from .match import DEFAULT_LEXICONS, HIT_COLUMNS, LexiconMatcher, _as_documents, find_hits, hits_frame
from .segment import split_sentences
from .types import Document, Hit

__all__ = [
    "EVIDENCE_COLUMNS",
    "KWIC_COLUMNS",
    "OKABE_ITO",
    "Concordance",
    "Highlighted",
    "category_colors",
    "evidence",
    "highlight",
    "kwic",
    "kwic_html",
]

#: The Okabe-Ito palette (Okabe & Ito 2008), distinguishable with the common colour-vision deficiencies.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
    "black": "#000000",
}
# Black is too heavy behind text; the other seven hues, full and as a light tint, make 14 category colours.
_HUES = [v for k, v in OKABE_ITO.items() if k != "black"]
# Speakers get hues in order of appearance, starting with those that contrast best with the category marks.
_SPEAKER_HUES = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]

KWIC_COLUMNS = ["doc_id", "outlet", "speaker", "mode", "left", "match", "right", "term", "category", "sentence",
                "start", "end"]
EVIDENCE_COLUMNS = ["doc_id", "outlet", "speaker", "mode", "term", "category", "text", "sentence", "sentence_text",
                    "start", "end"]

_OUTLET_VOICE = "(outlet)"
_PARA_BREAK = re.compile(r"\s*\n[^\S\n]*\n\s*")
_WS = re.compile(r"\s+")
_DASHES = re.compile(r"[\s\-\u2010\u2011]+")

_BODY_FONT = "Georgia,'Times New Roman',serif"
_UI_FONT = "system-ui,-apple-system,'Segoe UI',Helvetica,Arial,sans-serif"
_MONO_FONT = "ui-monospace,SFMono-Regular,Menlo,Consolas,'DejaVu Sans Mono',monospace"


# --- colours ------------------------------------------------------------------------------------------


def _rgb(hex_color: str) -> tuple[int, int, int]:
    h = hex_color.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def _mix_white(hex_color: str, amount: float) -> str:
    """``hex_color`` moved ``amount`` of the way to white."""
    r, g, b = (round(c + (255 - c) * amount) for c in _rgb(hex_color))
    return f"#{r:02X}{g:02X}{b:02X}"


def _luminance(hex_color: str) -> float:
    """WCAG relative luminance."""
    def lin(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(c) for c in _rgb(hex_color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _text_color(background: str) -> str:
    """Black or white, whichever contrasts more with ``background`` (WCAG contrast ratio)."""
    lum = _luminance(background)
    return "#000000" if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else "#FFFFFF"


def _rgba(hex_color: str, alpha: float) -> str:
    r, g, b = _rgb(hex_color)
    return f"rgba({r},{g},{b},{alpha})"


def category_colors(categories: Iterable[str]) -> dict[str, tuple[str, str]]:
    """The background and text colour of each category's marks.

    Each category has a preferred colour that depends on its name only (a hash), so
    it looks the same in every article, notebook and session: one of the seven
    Okabe-Ito hues, full or as a light tint (14 colours), with black or white text,
    whichever contrasts more. When two of the ``categories`` would share a colour,
    the later in alphabetical order takes the next free one, so up to 14
    categories in one view never share a colour.

    Examples
    --------
    >>> colors = category_colors(["hostile_label", "hedge", "euphemism"])
    >>> len(set(colors.values()))
    3
    >>> colors["hedge"] == category_colors(["hedge"])["hedge"]
    True
    """
    n = 2 * len(_HUES)
    out: dict[str, tuple[str, str]] = {}
    taken: set[int] = set()
    for cat in sorted(set(categories)):
        slot = zlib.crc32(cat.encode("utf-8")) % n
        while slot in taken and len(taken) < n:
            slot = (slot + 1) % n
        taken.add(slot)
        hue = _HUES[slot % len(_HUES)]
        background = hue if slot < len(_HUES) else _mix_white(hue, 0.55)
        out[cat] = (background, _text_color(background))
    return out


# --- inputs -------------------------------------------------------------------------------------------


def _none(value):
    """``None`` for pandas' missing values, the value otherwise."""
    if value is None:
        return None
    try:
        return None if pd.isna(value) else value
    except (TypeError, ValueError):
        return value


def _as_hit_list(hits) -> list[Hit]:
    """Hits from a list of :class:`Hit` or a hits DataFrame (:func:`~framing.match.hits_frame`)."""
    if isinstance(hits, pd.DataFrame):
        missing = [c for c in ("doc_id", "start", "end", "term", "category") if c not in hits.columns]
        if missing:
            raise FramingError(
                f"the hits table has no column(s) {', '.join(missing)}; pass hits_frame(find_hits(...)) "
                f"or a list of Hit (columns expected: {', '.join(HIT_COLUMNS)})")
        out = []
        for row in hits.to_dict("records"):
            out.append(Hit(
                doc_id=str(row["doc_id"]), start=int(row["start"]), end=int(row["end"]),
                text=_none(row.get("text")) or "", term=str(row["term"]), category=str(row["category"]),
                refers_to=_none(row.get("refers_to")), sentence=int(_none(row.get("sentence")) or 0),
                lexicon=_none(row.get("lexicon")) or "", outlet=_none(row.get("outlet")),
                speaker=_none(row.get("speaker")), mode=_none(row.get("mode")), score=_none(row.get("score")),
            ))
        return out
    out = list(hits)
    for h in out:
        if not isinstance(h, Hit):
            raise FramingError(f"expected Hit objects or a hits DataFrame, got {type(h).__name__}")
    return out


def _as_attribution_list(attributions) -> list[Attribution]:
    if isinstance(attributions, pd.DataFrame):
        missing = [c for c in ("doc_id", "start", "end", "speaker", "mode") if c not in attributions.columns]
        if missing:
            raise FramingError(
                f"the attributions table has no column(s) {', '.join(missing)}; pass "
                f"attributions_frame(attribute_speakers(doc)) or a list of Attribution")
        return [
            Attribution(**{c: _none(row.get(c)) for c in ATTRIBUTION_COLUMNS})
            for row in attributions.to_dict("records")
        ]
    return list(attributions)


def _check_offsets(document: Document, start: int, end: int, text: str | None, what: str) -> None:
    n = len(document.text)
    if not 0 <= start < end <= n or (text and document.text[start:end] != text):
        raise FramingError(
            f"{what} at {start}:{end} ({text!r}) does not match the text of document {document.doc_id!r} "
            f"(length {n}); were they computed on another version of the document? Recompute them, "
            f"or pass hits=None / attributions=None to let highlight() do it")


# --- highlight ----------------------------------------------------------------------------------------


class Highlighted:
    """An article rendered as HTML, as returned by :func:`highlight`.

    Shows itself in Jupyter; ``.html`` is the fragment, :meth:`save` writes a
    standalone page. ``document``, ``hits`` and ``attributions`` are what was drawn.
    """

    def __init__(self, document: Document, hits: list[Hit], attributions: list[Attribution], html_text: str):
        self.document = document
        self.hits = hits
        self.attributions = attributions
        self.html = html_text

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return (f"<Highlighted {self.document.doc_id!r}: {len(self.hits)} hits, "
                f"{len(self.attributions)} attributed passages>")

    def page(self) -> str:
        """A standalone HTML page (UTF-8, inline styles, nothing fetched)."""
        title = html.escape(self.document.title or self.document.doc_id)
        return (
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{title}</title>\n</head>\n<body style=\"margin:0;padding:1.5em;background:#f4f4f2\">\n"
            f"{self.html}\n</body>\n</html>\n"
        )

    def save(self, path: str | Path) -> Path:
        """Write :meth:`page` to ``path`` (UTF-8) and return the path."""
        path = Path(path)
        path.write_text(self.page(), encoding="utf-8")
        return path


def _style(**props) -> str:
    return ";".join(f"{k.replace('_', '-')}:{v}" for k, v in props.items())


def _hit_title(hit: Hit) -> str:
    who = hit.speaker if hit.speaker else "outlet's own voice"
    mode = f" ({hit.mode})" if hit.mode else ""
    score = f" · score {hit.score:.2f}" if hit.score is not None else ""
    return f"{hit.term} · {hit.category} · {who}{mode}{score}"


class _Span:
    """One span to draw: its range, nesting layer, tags, and a badge shown at its very start."""

    __slots__ = ("badge", "close", "end", "layer", "open", "order", "start")

    def __init__(self, start, end, layer, order, open_tag, close_tag, badge=""):
        self.start, self.end, self.layer, self.order = start, end, layer, order
        self.open, self.close, self.badge = open_tag, close_tag, badge


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph ranges; the text between them is whitespace holding a blank line."""
    out, pos = [], 0
    for m in _PARA_BREAK.finditer(text):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text)))
    return out


def _render_paragraph(text: str, ps: int, pe: int, spans: list[_Span], badged: set[int]) -> str:
    """HTML for ``text[ps:pe]`` with ``spans`` drawn, well nested even where spans cross.

    A sweep over open/close events: between two event positions the spans to be
    open are ordered outermost first (speakers, then terms); the stack of open
    tags is closed down to the common prefix and the rest reopened, so crossing
    spans are split, never mis-nested. A span's badge goes in the first piece
    drawn (``badged`` holds the spans already labelled, across paragraphs).
    """
    events: dict[int, list[tuple[int, _Span]]] = {}
    for sp in spans:
        s, e = max(sp.start, ps), min(sp.end, pe)
        if s < e:
            events.setdefault(s, []).append((1, sp))
            events.setdefault(e, []).append((-1, sp))
    points = sorted(set(events) | {ps, pe})
    active: set[int] = set()
    by_id = {id(sp): sp for sp in spans}
    stack: list[_Span] = []
    out: list[str] = []
    for a, b in itertools.pairwise(points):
        for kind, sp in events.get(a, ()):
            (active.add if kind > 0 else active.discard)(id(sp))
        want = sorted((by_id[i] for i in active), key=lambda sp: (sp.layer, sp.start, -sp.end, sp.order))
        keep = 0
        while keep < len(stack) and keep < len(want) and stack[keep] is want[keep]:
            keep += 1
        out.extend(sp.close for sp in reversed(stack[keep:]))
        del stack[keep:]
        for sp in want[keep:]:
            out.append(sp.open)
            if sp.badge and id(sp) not in badged:
                badged.add(id(sp))
                out.append(sp.badge)
            stack.append(sp)
        out.append(html.escape(text[a:b]))
    out.extend(sp.close for sp in reversed(stack))
    return "".join(out)


def _badge_style(hue: str, size: str = "0.62em") -> str:
    # an outlined pill, so a speaker's label never looks like a term's solid mark
    return _style(font=f"600 {size}/1.2 {_UI_FONT}", letter_spacing="0.04em", text_transform="uppercase",
                  background=_mix_white(hue, 0.85), color="#1B1B1B", border=f"1px solid {hue}",
                  border_left=f"4px solid {hue}", border_radius="0.3em", padding="0.1em 0.4em",
                  margin_right="0.35em", vertical_align="0.2em", white_space="nowrap")


def _render(document: Document, hits: list[Hit], attributions: list[Attribution]) -> str:
    text = document.text
    colors = category_colors(h.category for h in hits)
    speakers: dict[str, str] = {}
    for a in attributions:
        if a.speaker not in speakers:
            speakers[a.speaker] = _SPEAKER_HUES[len(speakers) % len(_SPEAKER_HUES)]

    spans: list[_Span] = []
    for i, a in enumerate(attributions):
        hue = speakers[a.speaker]
        name = html.escape(a.speaker)
        label = html.escape(a.speaker if len(a.speaker) <= 40 else a.speaker[:39] + "…")
        about = " · ".join(str(x) for x in (a.speaker, a.mode, a.speaker_type, a.affiliation) if x)
        badge = (
            f'<span class="spk" title="{html.escape(about)}" style="'
            + _badge_style(hue) + f'">{label}</span>'
        )
        open_tag = (
            f'<span class="said" data-speaker="{name}" data-mode="{html.escape(a.mode)}" title="{name} '
            f'({html.escape(a.mode)})" style="'
            + _style(background=_rgba(hue, 0.09), border_bottom=f"2px solid {hue}", padding_bottom="1px")
            + '">'
        )
        spans.append(_Span(a.start, a.end, 0, i, open_tag, "</span>", badge))

    groups: dict[tuple[int, int], list[Hit]] = {}
    for h in hits:
        groups.setdefault((h.start, h.end), []).append(h)
    for i, ((s, e), group) in enumerate(sorted(groups.items())):
        bg, fg = colors[group[0].category]
        cats = " ".join(dict.fromkeys(h.category for h in group))
        title = "\n".join(_hit_title(h) for h in group)
        open_tag = (
            f'<mark class="hit" data-category="{html.escape(cats)}" title="{html.escape(title)}" style="'
            + _style(background=bg, color=fg, padding="0 0.12em", border_radius="0.2em")
            + '">'
        )
        spans.append(_Span(s, e, 1, i, open_tag, "</mark>"))

    paragraph_style = _style(margin="0 0 0.9em 0")
    body: list[str] = []
    badged: set[int] = set()
    pos = 0
    for ps, pe in _paragraphs(text):
        body.append(html.escape(text[pos:ps]))
        body.append(f'<p style="{paragraph_style}">{_render_paragraph(text, ps, pe, spans, badged)}</p>')
        pos = pe
    body.append(html.escape(text[pos:]))

    return (
        '<div class="framing-highlight" style="'
        + _style(font=f"16px/1.75 {_BODY_FONT}", color="#1B1B1B", background="#FFFFFF", max_width="46em",
                 padding="1.4em 1.8em", border="1px solid #DDDDDD", border_radius="6px")
        + f'">{_header(document)}{_legend(hits, attributions, speakers, colors)}'
        + '<div class="body">' + "".join(body) + "</div></div>"
    )


def _header(document: Document) -> str:
    title_style = _style(font=f"700 1.45em/1.25 {_BODY_FONT}", margin="0 0 0.3em 0")
    meta_style = _style(font=f"0.85em/1.4 {_UI_FONT}", color="#444")
    url_style = _style(font=f"0.75em/1.4 {_UI_FONT}", color="#666", word_break="break-all")
    parts = []
    if document.title:
        parts.append(f'<h2 class="title" style="{title_style}">{html.escape(document.title)}</h2>')
    meta = [html.escape(str(v)) for v in (document.outlet, document.date) if v]
    meta.append(f'<span style="color:#777">{html.escape(document.doc_id)}</span>')
    parts.append(f'<div class="meta" style="{meta_style}">' + " · ".join(meta) + "</div>")
    if document.url:
        url = html.escape(document.url)
        # only web addresses become links: a "javascript:" url stays inert text
        link = (f'<a href="{url}" rel="noopener noreferrer" style="color:#0072B2">{url}</a>'
                if document.url.lower().startswith(("http://", "https://")) else url)
        parts.append(f'<div class="url" style="{url_style}">{link}</div>')
    return "".join(parts)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _legend(hits: list[Hit], attributions: list[Attribution], speakers: dict[str, str],
            colors: dict[str, tuple[str, str]]) -> str:
    box = _style(font=f"0.78em/1.5 {_UI_FONT}", color="#333", background="#F7F7F5", border="1px solid #E4E4E0",
                 border_radius="4px", padding="0.5em 0.8em", margin="0.9em 0 1.2em 0")
    row = _style(display="flex", flex_wrap="wrap", gap="0.35em 0.9em", align_items="baseline", margin="0.25em 0")
    head = _style(font_weight="600", color="#444", min_width="5.5em")
    items = []
    for cat, n in sorted(Counter(h.category for h in hits).items(), key=lambda kv: (-kv[1], kv[0])):
        bg, fg = colors[cat]
        swatch = _style(background=bg, color=fg, padding="0 0.3em", border_radius="0.2em")
        items.append(f'<span style="white-space:nowrap"><mark style="{swatch}">{html.escape(cat)}</mark> {n}</span>')
    terms = "".join(items) or '<span style="color:#777">no loaded terms found</span>'
    n_said = Counter(a.speaker for a in attributions)
    n_used = Counter(h.speaker for h in hits)
    items = []
    for name, hue in speakers.items():
        badge = _badge_style(hue, "0.85em")
        items.append(f'<span style="white-space:nowrap"><span style="{badge}">{html.escape(name)}</span>'
                     f'{_plural(n_said[name], "passage")}, {_plural(n_used[name], "term")}</span>')
    items.append(f'<span style="white-space:nowrap;color:#555">outlet\'s own voice (unmarked): '
                 f'{_plural(n_used[None], "term")}</span>')
    return (f'<div class="legend" style="{box}"><div style="{row}"><span style="{head}">Terms</span>{terms}</div>'
            f'<div style="{row}"><span style="{head}">Speakers</span>{"".join(items)}</div></div>')


def highlight(
    document: Document, hits=None, attributions=None, *, lexicon=DEFAULT_LEXICONS, registry=None,
) -> Highlighted:
    """Show one article with its loaded terms and who speaks them.

    Every loaded term is marked in its category's colour (:func:`category_colors`),
    with a tooltip "term · category · speaker (mode)". Every stretch attributed to a
    source is underlined and tinted in that source's colour and starts with a badge
    naming it; the outlet's own voice is left plain. A legend counts the terms by
    category and the passages and terms by speaker.

    Parameters
    ----------
    document : Document
    hits : list of Hit or DataFrame, optional
        The document's hits (other documents' rows are ignored); found with
        :func:`~framing.match.find_hits` when not given.
    attributions : list of Attribution or DataFrame, optional
        Found with :func:`~framing.attribution.attribute_speakers` when not given.
    lexicon : codebook(s), default ("conflict", "cues")
        Used only when ``hits`` is not given.
    registry : SourceRegistry, optional
        Known sources, used when hits or attributions are computed here.

    Returns
    -------
    Highlighted
        Renders itself in Jupyter; ``.html`` is the HTML fragment, ``.save(path)``
        writes a standalone page.

    Examples
    --------
    >>> doc = Document("d1", "“The Israeli enemy attacked,” SANA said. The so-called truce <held>.",
    ...                outlet="Wire", title="Strikes & truce")
    >>> view = highlight(doc)
    >>> "Strikes &amp; truce" in view.html and "&lt;held&gt;" in view.html
    True
    >>> view.html.count("<mark class=\\"hit\\""), ">SANA</span>" in view.html
    (2, True)
    """
    if not isinstance(document, Document):
        raise FramingError(f"highlight() takes one Document, got {type(document).__name__}; for a list, "
                           f"pick one: highlight(docs[0])")
    if attributions is None:
        attributions = attribute_speakers(document, registry=registry)
    else:
        attributions = [a for a in _as_attribution_list(attributions) if a.doc_id == document.doc_id]
    if hits is None:
        hits = find_hits(document, lexicon, registry=registry)
    else:
        hits = [h for h in _as_hit_list(hits) if h.doc_id == document.doc_id]
    for h in hits:
        _check_offsets(document, h.start, h.end, h.text, f"hit {h.term!r}")
    for a in attributions:
        _check_offsets(document, a.start, a.end, a.text, f"attribution to {a.speaker!r}")
    attributions = sorted(attributions, key=lambda a: (a.start, -a.end))
    hits = sorted(hits, key=lambda h: (h.start, -h.end))
    return Highlighted(document, hits, attributions, _render(document, hits, attributions))


# --- keyword in context -------------------------------------------------------------------------------


def _fold(s: str) -> str:
    return _WS.sub(" ", s)


def _key(s: str) -> str:
    """Comparison key for terms: case, hyphens written as spaces, curly apostrophes do not matter."""
    return _DASHES.sub(" ", s.casefold().replace("\u2019", "'")).strip()


def _left_context(text: str, start: int, width: int) -> str:
    span = 2 * width + 8
    while True:
        lo = max(0, start - span)
        folded = _fold(text[lo:start])
        if len(folded) > width or lo == 0:
            break
        span *= 2
    if len(folded) <= width:
        return folded.lstrip() if lo == 0 else folded
    cut = folded[len(folded) - (width - 1):]
    if cut[0] != " " and folded[len(folded) - width] != " " and " " in cut:
        cut = cut[cut.index(" "):]
    return "…" + cut.lstrip()


def _right_context(text: str, end: int, width: int) -> str:
    span = 2 * width + 8
    while True:
        hi = min(len(text), end + span)
        folded = _fold(text[end:hi])
        if len(folded) > width or hi == len(text):
            break
        span *= 2
    if len(folded) <= width:
        return folded.rstrip() if hi == len(text) else folded
    cut = folded[: width - 1]
    if cut[-1] != " " and folded[width - 1] != " " and " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip() + "…"


def _codebook_vocabulary(lexicon, hits: list[Hit]) -> tuple[dict[str, str], dict[str, str]]:
    """Known terms and categories (key -> as written): the codebook's and those in ``hits``."""
    lex = lexicon.lexicon if isinstance(lexicon, LexiconMatcher) else load_lexicon(lexicon)
    terms: dict[str, str] = {}
    categories: dict[str, str] = {}
    for e in lex.entries:
        for form in e.forms:
            terms.setdefault(_key(form), form)
        categories.setdefault(e.category.casefold(), e.category)
    for h in hits:
        terms.setdefault(_key(h.term), h.term)
        terms.setdefault(_key(h.text), h.text)
        categories.setdefault(h.category.casefold(), h.category)
    return terms, categories


def _unknown(what: str, given: str, known: dict[str, str], key: str) -> FramingError:
    close = difflib.get_close_matches(key, list(known), n=6, cutoff=0.6)
    if close:
        hint = "close matches: " + ", ".join(repr(known[c]) for c in close)
    elif what == "category":
        hint = "categories: " + ", ".join(sorted(set(known.values())))
    else:
        hint = "see load_lexicon(...).to_frame() for every term"
    return FramingError(f"no {what} {given!r} in the codebook or the hits; {hint}")


class Concordance(pd.DataFrame):
    """A :func:`kwic` table: a DataFrame that shows itself aligned on the term in Jupyter.

    ``attrs["by"]`` names the grouping column. Everything a DataFrame does works
    as usual; see :func:`kwic_html` for the HTML.
    """

    @property
    def _constructor(self):
        return Concordance

    def _repr_html_(self) -> str:
        if not {"left", "match", "right"} <= set(self.columns):
            return pd.DataFrame(self).to_html(max_rows=pd.get_option("display.max_rows"),
                                              max_cols=pd.get_option("display.max_columns"))
        return kwic_html(self, max_rows=pd.get_option("display.max_rows"))


def kwic(
    documents, *, term: str | None = None, category: str | None = None, hits=None, width: int = 60,
    lexicon=DEFAULT_LEXICONS, by: str | None = "outlet",
) -> Concordance:
    """Every use of a term or a category, lined up in its context (keyword in context).

    Parameters
    ----------
    documents : Document or list of Document
    term : str, optional
        Matches a hit's codebook term or its words in the text, ignoring case,
        hyphens written as spaces and curly apostrophes (``"militia"`` finds
        "militias"; ``"militias"`` only that form).
    category : str, optional
        A codebook category; with ``term`` too, both must match.
    hits : list of Hit or DataFrame, optional
        Hits already found (those in other documents are left out); found
        with the codebook otherwise.
    width : int, default 60
        Characters of context on each side, at most, counting the "…" that
        marks a cut; whitespace is folded to single spaces and cuts fall between words.
    lexicon : codebook(s), default ("conflict", "cues")
        Used to find hits, and to check ``term`` and ``category`` exist.
    by : str or None, default "outlet"
        Column to group rows by (then document order); ``None`` for document order only.

    Returns
    -------
    Concordance
        A DataFrame with columns :data:`KWIC_COLUMNS`; ``speaker`` is empty for the
        outlet's own voice. In Jupyter it shows as a table aligned on the term,
        one block per value of ``by``.

    Raises
    ------
    FramingError
        If neither ``term`` nor ``category`` is given, or the codebook has no such
        term or category (with close matches), or ``by`` is not a column.

    Examples
    --------
    >>> from framing import load_sample
    >>> conc = kwic(load_sample(), term="militia", width=30)
    >>> conc[["outlet", "match"]].drop_duplicates().head(2).values.tolist()
    [['Observatory for Civilian Protection', 'militias'], ['Observatory for Civilian Protection', 'militia']]
    >>> max(conc["left"].str.len()) <= 30
    True
    """
    if term is None and category is None:
        raise FramingError("kwic() needs term= or category=, e.g. kwic(docs, term='aggression') or "
                           "kwic(docs, category='hostile_label')")
    if by is not None and by not in KWIC_COLUMNS:
        raise FramingError(f"kwic(by={by!r}): not a column; use one of {', '.join(KWIC_COLUMNS)} or None")
    if width < 2:
        raise FramingError(f"kwic(width={width}): width must be at least 2 characters")
    docs = list(_as_documents(documents))
    by_id = {d.doc_id: d for d in docs}
    all_hits = find_hits(docs, lexicon) if hits is None else [h for h in _as_hit_list(hits) if h.doc_id in by_id]
    order = {d.doc_id: i for i, d in enumerate(docs)}

    term_key = _key(term) if term is not None else None
    cat_key = category.casefold() if category is not None else None
    chosen = [
        h for h in all_hits
        if (term_key is None or term_key in (_key(h.term), _key(h.text)))
        and (cat_key is None or h.category.casefold() == cat_key)
    ]
    if not chosen:
        terms, categories = _codebook_vocabulary(lexicon, all_hits)
        if term is not None and _key(term) not in terms:
            raise _unknown("term", term, terms, _key(term))
        if category is not None and category.casefold() not in categories:
            raise _unknown("category", category, categories, category.casefold())

    rows = []
    for h in chosen:
        doc = by_id[h.doc_id]
        _check_offsets(doc, h.start, h.end, h.text, f"hit {h.term!r}")
        rows.append({
            "doc_id": h.doc_id, "outlet": h.outlet if h.outlet is not None else doc.outlet, "speaker": h.speaker,
            "mode": h.mode, "left": _left_context(doc.text, h.start, width),
            "match": _fold(doc.text[h.start:h.end]), "right": _right_context(doc.text, h.end, width),
            "term": h.term, "category": h.category, "sentence": h.sentence, "start": h.start, "end": h.end,
            "_order": (order[h.doc_id], h.start),
        })
    frame = pd.DataFrame(rows, columns=[*KWIC_COLUMNS, "_order"])
    keys = [by, "_order"] if by is not None else ["_order"]
    frame = frame.sort_values(keys, kind="stable", na_position="last").drop(columns="_order")
    for col in ("sentence", "start", "end"):
        frame[col] = frame[col].astype("int64")
    out = Concordance(frame.reset_index(drop=True))
    out.attrs["by"] = by
    return out


def _group_label(by: str, value) -> str:
    if _none(value) is None:
        return "outlet's own voice" if by == "speaker" else "(none)"
    return str(value)


def kwic_html(frame: pd.DataFrame, *, by: str | None = None, max_rows: int | None = None) -> str:
    """A concordance as an HTML table aligned on the term.

    Left context is right-aligned, the term bold and centred, the right context
    left-aligned, in a monospace font; a heading row starts each group of ``by``.

    Parameters
    ----------
    frame : DataFrame
        As returned by :func:`kwic` (needs ``left``, ``match`` and ``right``).
    by : str, optional
        Grouping column; by default ``frame.attrs["by"]``, else "outlet" if present.
    max_rows : int, optional
        Show at most this many rows and say how many more there are.

    Examples
    --------
    >>> from framing import load_sample
    >>> page = kwic_html(kwic(load_sample(), category="hostile_label"))
    >>> page.startswith("<table") and "Meridian Wire" in page and "(outlet)" in page
    True
    """
    missing = [c for c in ("left", "match", "right") if c not in frame.columns]
    if missing:
        raise FramingError(f"kwic_html() needs the columns left, match and right (missing: {', '.join(missing)}); "
                           f"pass the table kwic() returns")
    if by is None:
        by = frame.attrs.get("by", "outlet")
    if by is not None and by not in frame.columns:
        by = None
    shown = frame if max_rows is None or len(frame) <= max_rows else frame.iloc[:max_rows]

    cell = "padding:0.15em 0.5em;border:none;vertical-align:top;background:none"
    ctx = f"{cell};white-space:pre;color:#444"
    small = f"{cell};font:11px/1.6 {_UI_FONT};color:#777;white-space:nowrap"
    head = f"{small};font-weight:600;border-bottom:1px solid #D8D8D2"
    out = [
        '<table class="framing-kwic" style="'
        + _style(border_collapse="collapse", font=f"13px/1.5 {_MONO_FONT}", color="#1B1B1B", background="#FFFFFF")
        + f'"><thead><tr><th style="{head};text-align:left">speaker</th>'
        f'<th style="{head};text-align:right">left context</th><th style="{head};text-align:center">match</th>'
        f'<th style="{head};text-align:left">right context</th><th style="{head};text-align:left">document</th>'
        "</tr></thead><tbody>"
    ]
    values = shown[by].tolist() if by is not None else [None] * len(shown)
    records = shown.to_dict("records")
    labels = [_group_label(by, v) for v in values] if by is not None else []
    counts = Counter(_group_label(by, v) for v in frame[by]) if by is not None else Counter()
    for i, rec in enumerate(records):
        if labels and (i == 0 or labels[i] != labels[i - 1]):
            out.append(
                f'<tr><th colspan="5" style="{cell};text-align:left;font:600 13px/1.6 {_UI_FONT};'
                f'background:#F0F0EC;border-top:1px solid #D8D8D2">{html.escape(labels[i])} '
                f'<span style="font-weight:400;color:#666">({counts[labels[i]]})</span></th></tr>')
        speaker = _none(rec.get("speaker"))
        who = (html.escape(str(speaker)) if speaker is not None
               else f'<span style="color:#888;font-style:italic">{_OUTLET_VOICE}</span>')
        mode = _none(rec.get("mode"))
        about = html.escape(f"{speaker or _OUTLET_VOICE} ({mode})" if mode else str(speaker or _OUTLET_VOICE))
        tip = " · ".join(str(rec[c]) for c in ("term", "category", "doc_id") if _none(rec.get(c)) is not None)
        if _none(rec.get("sentence")) is not None:
            tip += f" · sentence {rec['sentence']}"
        out.append(
            f'<tr><td style="{cell};font:12px/1.5 {_UI_FONT};color:#333" title="{about}">'
            f'<div style="max-width:14em;overflow:hidden;text-overflow:ellipsis;white-space:nowrap">{who}</div></td>'
            f'<td style="{ctx};text-align:right;padding-right:0">{html.escape(str(rec["left"]))}</td>'
            f'<td style="{cell};text-align:center;font-weight:700;white-space:pre;padding:0.15em 0.1em" '
            f'title="{html.escape(tip)}">{html.escape(str(rec["match"]))}</td>'
            f'<td style="{ctx};text-align:left;padding-left:0">{html.escape(str(rec["right"]))}</td>'
            f'<td style="{small}">{html.escape(str(rec.get("doc_id", "")))}</td></tr>')
    if len(shown) < len(frame):
        out.append(f'<tr><td colspan="5" style="{cell};color:#666;font-style:italic">… {len(frame) - len(shown)} '
                   f"more rows (kwic_html(frame) shows all)</td></tr>")
    if not records:
        out.append(f'<tr><td colspan="5" style="{cell};color:#666;font-style:italic">no uses found</td></tr>')
    out.append("</tbody></table>")
    return "".join(out)


# --- evidence -----------------------------------------------------------------------------------------


def _selector(value, series: pd.Series) -> pd.Series:
    if isinstance(value, str) or not isinstance(value, Iterable):
        values: Sequence = [value]
    else:
        values = list(value)
    wanted = [v for v in values if _none(v) is not None]
    mask = series.isin(wanted)
    if len(wanted) < len(values):
        mask |= series.isna()
    return mask


def evidence(hits, documents, **filters) -> pd.DataFrame:
    """The sentences behind a number: the hits that match ``filters``, each in its sentence.

    Parameters
    ----------
    hits : DataFrame or list of Hit
        As from :func:`~framing.match.hits_frame` / :func:`~framing.match.find_hits`.
    documents : Document or list of Document
        The documents the hits were found in.
    **filters
        ``column=value`` or ``column=[values]`` on the hit columns; ``None``
        selects missing values, so ``speaker=None`` is the outlet's own voice.

    Returns
    -------
    DataFrame
        One row per hit, in the order of ``hits``, with columns
        :data:`EVIDENCE_COLUMNS`; ``sentence_text`` is the whole sentence.

    Raises
    ------
    FramingError
        For a filter on a column the hits do not have, or a hit whose document
        is not among ``documents``.

    Examples
    --------
    Meridian Wire's hostile labels are all quoted; its own voice hedges:

    >>> from framing import load_sample, find_hits
    >>> docs = load_sample()
    >>> hits = find_hits(docs)
    >>> evidence(hits, docs, outlet="Meridian Wire", category="hostile_label")[["text", "speaker"]].values.tolist()
    [['Israeli enemy', 'LNNA'], ['Zionist regime', 'Majid Rahbari']]
    >>> ev = evidence(hits, docs, outlet="Meridian Wire", category="hedge_doubt", speaker=None)
    >>> ev["sentence_text"].iloc[0]
    'Meridian Wire could not independently verify either account.'
    """
    frame = hits.copy() if isinstance(hits, pd.DataFrame) else hits_frame(_as_hit_list(hits))
    unknown = [k for k in filters if k not in frame.columns]
    if unknown:
        raise FramingError(f"evidence(): no column {', '.join(map(repr, unknown))} in the hits; filter on "
                           f"{', '.join(frame.columns)}")
    mask = pd.Series(True, index=frame.index)
    for column, value in filters.items():
        mask &= _selector(value, frame[column])
    frame = frame[mask]

    docs = {d.doc_id: d for d in _as_documents(documents)}
    sentences: dict[str, tuple[list[int], list]] = {}
    texts = []
    for doc_id, start, end, text in zip(frame["doc_id"], frame["start"], frame["end"],
                                        frame["text"] if "text" in frame.columns else itertools.repeat(None)):
        doc = docs.get(doc_id)
        if doc is None:
            raise FramingError(f"a hit is in document {doc_id!r}, which is not among the documents given; "
                               f"pass the documents the hits were found in")
        _check_offsets(doc, int(start), int(end), _none(text), "hit")
        if doc_id not in sentences:
            sents = split_sentences(doc.text)
            sentences[doc_id] = ([s.start for s in sents], sents)
        starts, sents = sentences[doc_id]
        k = max(0, bisect_right(starts, int(start)) - 1)
        texts.append(sents[k].text if sents else doc.text)

    out = pd.DataFrame({c: frame[c].to_numpy() if c in frame.columns else None
                        for c in EVIDENCE_COLUMNS if c != "sentence_text"})
    out.insert(EVIDENCE_COLUMNS.index("sentence_text"), "sentence_text", texts)
    return out[EVIDENCE_COLUMNS]
