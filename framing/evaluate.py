"""Measuring speaker attribution against annotated articles.

Gold attributions are read from `brat <https://brat.nlplab.org/standoff.html>`_
standoff files (``.ann``), the format of the PolNeAR corpus: text-bound
annotations (``T`` lines) for the Source, Cue and Content spans, tied together
by an event (``E`` line) such as ``E4<TAB>Attribution:T17 Content:T16 Cue:T15 Source:T14``.

:func:`read_brat_attributions` reads one file, :func:`load_brat` a folder of
articles with their ``.ann`` files, :func:`load_polnear` one split of PolNeAR.
:func:`score_attributions` scores the predictions for one article and
:func:`evaluate_attribution` runs a predictor over many.

The metric
----------
A predicted content span *matches* a gold attribution when the token Jaccard
between the two is at least ``threshold`` (0.5). Tokens are the ``\\w+`` runs
inside a span, identified by their character offset in the article, so a word
repeated elsewhere in the article never counts twice; a gold Content made of
several fragments is the union of their tokens. An *attribution* match also
needs the predicted speaker mention (``speaker_start``, ``speaker_end``) to
overlap one of the gold Source spans, so a gold attribution without a Source
cannot be matched (``match_unsourced=True`` lets a prediction without a speaker
match it instead). Matching is one to one: candidate pairs are taken
greedily, highest Jaccard first, and each prediction and each gold attribution
is used at most once (the content and the attribution matchings are made
separately). Gold attributions without a Content span cannot be matched and
are left out of the counts (``n_gold_no_content`` says how many). Precision,
recall and F1 are micro-averaged: counts are summed over articles first.

Every span is ``(start, end)``, end exclusive, in characters of the article
text as stored in its file (no newline translation).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import FramingWarning, InputError

__all__ = [
    "GoldAttribution",
    "Span",
    "evaluate_attribution",
    "load_brat",
    "load_polnear",
    "read_brat_attributions",
    "score_attributions",
    "span_tokens",
]

Span = tuple[int, int]
"""A character range ``(start, end)``, end exclusive."""

_WORD = re.compile(r"\w+")
_RECORD = re.compile(r"[TRAEMN#*]\d*\t")
_OFFSETS = re.compile(r"\d+ \d+(?:;\d+ \d+)*")
_ROLE = re.compile(r"(?P<base>.*?)(?P<num>\d*)")
_ROLES = {"content", "source", "cue"}


@dataclass(frozen=True)
class GoldAttribution:
    """One annotated attribution: who (source) says (cue) what (content).

    Parameters
    ----------
    content, source, cue : tuple of (int, int)
        Character spans ``(start, end)`` into the article text, end exclusive,
        sorted by start. A discontinuous annotation has several spans; a role
        that was not annotated is an empty tuple.
    ann_id : str or None
        The brat id of the relation (``"E4"``), for tracing back; not compared.

    Examples
    --------
    >>> text = "Ann Lee said the plan works."
    >>> gold = GoldAttribution(content=((13, 27),), source=((0, 7),), cue=((8, 12),))
    >>> gold.text(text, "source"), gold.text(text)
    ('Ann Lee', 'the plan works')
    """

    content: tuple[Span, ...]
    source: tuple[Span, ...] = ()
    cue: tuple[Span, ...] = ()
    ann_id: str | None = field(default=None, compare=False)

    def text(self, text: str, role: str = "content", sep: str = " … ") -> str:
        """The text of one role (``"content"``, ``"source"`` or ``"cue"``), fragments joined by ``sep``.

        Examples
        --------
        >>> GoldAttribution(content=((0, 2), (6, 8))).text("ab cd ef", sep="|")
        'ab|ef'
        """
        return sep.join(text[s:e] for s, e in getattr(self, role))


# --------------------------------------------------------------------------- reading brat


@dataclass
class _Record:
    line: int
    kind: str
    rest: list[str]
    extra: list[str] = field(default_factory=list)  # continuation lines of a span's text
    pending: int = 0  # blank continuation lines not yet known to belong to the text


def _brat_records(path: Path, raw: str) -> dict[str, _Record]:
    """Split an ``.ann`` file into records by id; a span's text may run over several lines."""
    records: dict[str, _Record] = {}
    last: _Record | None = None
    for lineno, line in enumerate(raw.split("\n"), start=1):
        line = line.removesuffix("\r")
        if _RECORD.match(line):
            ident, *rest = line.split("\t")
            if ident in records and ident[0] not in "#*":
                raise InputError(f"{path}, line {lineno}: id {ident} is used twice (first on line "
                                 f"{records[ident].line})")
            last = _Record(lineno, ident[0], rest)
            if ident[0] not in "#*":
                records[ident] = last
        elif not line.strip():
            if last is not None and last.kind == "T":
                last.pending += 1
        elif last is not None and last.kind == "T":
            # brat writes a span's text as it is, so a text with a line break continues on the next line
            last.extra.extend([""] * last.pending + [line])
            last.pending = 0
        else:
            raise InputError(f"{path}, line {lineno}: not a brat standoff line (expected an id such as "
                             f"T1 or E1, then a tab): {line[:60]!r}")
    return records


def _norm(s: str) -> str:
    return " ".join(s.split())


def _spans(path: Path, rec: _Record, ident: str, text: str) -> tuple[str, tuple[Span, ...]]:
    where = f"{path}, line {rec.line}"
    if not rec.rest or " " not in rec.rest[0]:
        raise InputError(f"{where}: text-bound annotation {ident} needs 'Label start end' after the tab")
    label, offsets = rec.rest[0].split(" ", 1)
    offsets = offsets.strip()
    if not _OFFSETS.fullmatch(offsets):
        raise InputError(f"{where}: {ident} has offsets {offsets!r}; expected 'start end' or "
                         f"'s1 e1;s2 e2' (character offsets)")
    spans = tuple(tuple(int(x) for x in part.split()) for part in offsets.split(";"))
    for s, e in spans:
        if not 0 <= s <= e <= len(text):
            raise InputError(f"{where}: {ident} span {s}-{e} is outside the text ({len(text)} characters); "
                             f"is this the .ann file of another article?")
    if len(rec.rest) > 1:
        recorded = "\n".join(["\t".join(rec.rest[1:]), *rec.extra])
        if len(spans) == 1:
            s, e = spans[0]
            ok = recorded.replace("\r\n", "\n") == text[s:e].replace("\r\n", "\n")
        else:  # brat joins the fragments of a discontinuous span with a space
            ok = _norm(recorded) == _norm(" ".join(text[s:e] for s, e in spans))
        if not ok:
            found = " ".join(text[s:e] for s, e in spans)
            raise InputError(f"{where}: {ident} says {recorded[:50]!r} but the text at {offsets} is "
                             f"{found[:50]!r}; the .ann file does not belong to this text, or the text was "
                             f"changed (read it as UTF-8 without newline translation)")
    return label, tuple(sorted(spans))  # type: ignore[arg-type]


def read_brat_attributions(ann_path: str | Path, text: str) -> list[GoldAttribution]:
    """Read the attributions of one article from a brat ``.ann`` file.

    An attribution is every event (``E`` line) whose type starts with
    ``Attribution`` (PolNeAR also has ``Attribution-no-source``) or that has a
    ``Content``, ``Source`` or ``Cue`` argument. Numbered roles (``Content2``)
    add fragments to their role. A missing role gives an empty tuple; a missing
    Cue falls back to the event's trigger span. Other annotations (``Discuss``,
    attributes, notes) are ignored.

    Parameters
    ----------
    ann_path : str or Path
        The ``.ann`` file (UTF-8).
    text : str
        The article text the offsets point into, read without newline translation.

    Returns
    -------
    list of GoldAttribution
        In the order of the file.

    Raises
    ------
    InputError
        With file and line, when a line cannot be parsed, a span lies outside the
        text, the text stored with a span differs from the article text at its
        offsets, or an event refers to an unknown id.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> text = "Ann Lee said the plan works."
    >>> ann = pathlib.Path(tempfile.mkdtemp()) / "a.ann"
    >>> _ = ann.write_text("T1\\tSource 0 7\\tAnn Lee\\nT2\\tCue 8 12\\tsaid\\n"
    ...                    "T3\\tContent 13 27\\tthe plan works\\n"
    ...                    "E1\\tAttribution:T2 Content:T3 Cue:T2 Source:T1\\n")
    >>> read_brat_attributions(ann, text)
    [GoldAttribution(content=((13, 27),), source=((0, 7),), cue=((8, 12),), ann_id='E1')]
    """
    path = Path(ann_path)
    try:
        raw = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not valid UTF-8 at byte {exc.start}") from None
    records = _brat_records(path, raw)
    spans: dict[str, tuple[str, tuple[Span, ...]]] = {
        ident: _spans(path, rec, ident, text) for ident, rec in records.items() if rec.kind == "T"
    }
    out = []
    for ident, rec in records.items():
        if rec.kind != "E":
            continue
        args = rec.rest[0].split() if rec.rest else []
        if not args or ":" not in args[0]:
            raise InputError(f"{path}, line {rec.line}: event {ident} needs 'Type:Trigger' after the tab")
        etype, trigger = args[0].split(":", 1)
        roles: dict[str, list[Span]] = {r: [] for r in _ROLES}
        for arg in args[1:]:
            role, sep, target = arg.partition(":")
            base = _ROLE.fullmatch(role).group("base").lower()  # type: ignore[union-attr]
            if not sep or not target:
                raise InputError(f"{path}, line {rec.line}: event {ident} has argument {arg!r}; "
                                 f"expected 'Role:Id'")
            if base not in _ROLES:
                continue
            if target not in spans:
                raise InputError(f"{path}, line {rec.line}: event {ident} refers to {target}, which is not "
                                 f"a text-bound annotation (T line) in this file")
            roles[base].extend(spans[target][1])
        if not (etype.lower().startswith("attribution") or any(roles.values())):
            continue
        if not roles["cue"] and trigger in spans:
            roles["cue"].extend(spans[trigger][1])
        out.append(GoldAttribution(
            content=tuple(sorted(set(roles["content"]))),
            source=tuple(sorted(set(roles["source"]))),
            cue=tuple(sorted(set(roles["cue"]))),
            ann_id=ident,
        ))
    return out


def _read_text(path: Path) -> str:
    try:
        with open(path, encoding="utf-8", newline="") as fh:  # brat offsets count every stored character
            return fh.read()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not valid UTF-8 at byte {exc.start}") from None


def load_brat(
    text_dir: str | Path,
    ann_dir: str | Path | None = None,
    *,
    annotator: str | None = None,
) -> list[tuple[str, str, list[GoldAttribution]]]:
    """Read a folder of brat-annotated articles.

    Each ``name.txt`` in ``text_dir`` is paired with ``name.ann`` or, when
    several people annotated it, ``name_<annotator>.ann`` (PolNeAR's naming),
    in ``ann_dir`` (by default the same folder). Articles without an ``.ann``
    file are skipped with a :class:`~framing.errors.FramingWarning`; an empty
    ``.ann`` file means an article without attributions.

    Parameters
    ----------
    text_dir : str or Path
        Folder of ``.txt`` files (UTF-8).
    ann_dir : str or Path, optional
        Folder of ``.ann`` files; default ``text_dir``.
    annotator : str, optional
        Which annotation to use when an article has several: the one whose file
        ends in ``_<annotator>.ann`` if there is one. Otherwise, and by default,
        the first file name in sorted order.

    Returns
    -------
    list of (doc_id, text, gold)
        Sorted by ``doc_id``, the text file's name without ``.txt``.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("Ann said no.")
    >>> _ = (folder / "a.ann").write_text("T1\\tSource 0 3\\tAnn\\nT2\\tCue 4 8\\tsaid\\n"
    ...                                   "T3\\tContent 9 11\\tno\\n"
    ...                                   "E1\\tAttribution:T2 Source:T1 Content:T3\\n")
    >>> [(doc_id, len(gold)) for doc_id, text, gold in load_brat(folder)]
    [('a', 1)]
    """
    text_dir = Path(text_dir)
    ann_dir = text_dir if ann_dir is None else Path(ann_dir)
    for d in (text_dir, ann_dir):
        if not d.is_dir():
            raise InputError(f"{d}: no such folder")
    texts = {p.stem: p for p in text_dir.glob("*.txt")}
    anns: dict[str, list[Path]] = {}
    for p in sorted(ann_dir.glob("*.ann")):
        stem = p.stem
        if stem not in texts and "_" in stem:
            stem = stem.rsplit("_", 1)[0]
        anns.setdefault(stem, []).append(p)
    if texts and not anns.keys() & texts.keys():
        raise InputError(f"{ann_dir}: none of the .ann files belongs to a .txt file in {text_dir} "
                         f"(expected name.ann or name_<annotator>.ann for name.txt)")
    missing = sorted(texts.keys() - anns.keys())
    orphans = sorted(anns.keys() - texts.keys())
    if missing or orphans:
        parts = []
        if missing:
            parts.append(f"{len(missing)} text file(s) without .ann (skipped), e.g. {missing[0]}.txt")
        if orphans:
            example = anns[orphans[0]][0].name
            parts.append(f"{len(orphans)} .ann file(s) without text (skipped), e.g. {example}")
        warnings.warn(f"{text_dir}: " + "; ".join(parts), FramingWarning, stacklevel=2)
    out = []
    for doc_id in sorted(texts.keys() & anns.keys()):
        candidates = anns[doc_id]
        chosen = candidates[0]
        if annotator is not None:
            chosen = next((p for p in candidates if p.stem.endswith(f"_{annotator}")), chosen)
        text = _read_text(texts[doc_id])
        out.append((doc_id, text, read_brat_attributions(chosen, text)))
    return out


def load_polnear(
    root: str | Path, split: str = "dev", *, annotator: str | None = None
) -> list[tuple[str, str, list[GoldAttribution]]]:
    """Read one split of the PolNeAR corpus (Newell, Margolin and Ruths, LREC 2018).

    Parameters
    ----------
    root : str or Path
        The PolNeAR folder holding ``train/``, ``dev/`` ... (or its parent ``data/`` folder).
    split : str
        ``"train"``, ``"dev"`` or ``"test"``; each has ``text/*.txt`` and ``attributions/*.ann``.
    annotator : str, optional
        For the few articles annotated by several people: whose annotation to
        use (e.g. ``"d473"``); by default the first annotator id in sorted order.

    Returns
    -------
    list of (doc_id, text, gold)
        One entry per article, as :func:`load_brat`.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> for sub in ("text", "attributions"):
    ...     (root / "dev" / sub).mkdir(parents=True)
    >>> _ = (root / "dev" / "text" / "x.txt").write_text("Bo: yes, said Al.")
    >>> _ = (root / "dev" / "attributions" / "x_ab12.ann").write_text(
    ...     "T1\\tContent 4 7\\tyes\\nT2\\tCue 9 13\\tsaid\\n"
    ...     "E1\\tAttribution-no-source:T2 Content:T1 Cue:T2\\n")
    >>> [(d, g[0].content, g[0].source) for d, _, g in load_polnear(root, "dev")]
    [('x', ((4, 7),), ())]
    """
    root = Path(root)
    base = root / split
    if not base.is_dir() and (root / "data" / split).is_dir():
        base = root / "data" / split
    if not base.is_dir():
        found = sorted(p.name for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
        raise InputError(f"{root}: no PolNeAR split {split!r} here"
                         + (f" (found: {', '.join(found)})" if found else " (no such folder)"))
    return load_brat(base / "text", base / "attributions", annotator=annotator)


# --------------------------------------------------------------------------- scoring


def span_tokens(text: str, spans: Iterable[Span]) -> frozenset[int]:
    """The word tokens inside some spans, as the character offsets where they start.

    Tokens are ``\\w+`` runs within each span (a run cut by the span's edge
    counts from the edge), so two spans share a token only when they cover the
    same place in the text.

    Examples
    --------
    >>> sorted(span_tokens("no, no, yes", [(0, 6), (8, 11)]))
    [0, 4, 8]
    """
    out: set[int] = set()
    for s, e in spans:
        out.update(s + m.start() for m in _WORD.finditer(text[s:e]))
    return frozenset(out)


def _get(pred: Any, name: str) -> Any:
    if isinstance(pred, Mapping):
        return pred.get(name)
    return getattr(pred, name, None)


def _pred_spans(pred: Any, i: int, n: int) -> tuple[tuple[Span, ...], Span | None]:
    spans = _get(pred, "content_spans")
    if spans:
        content = tuple((int(s), int(e)) for s, e in spans)
    else:
        start, end = _get(pred, "start"), _get(pred, "end")
        if start is None or end is None:
            raise InputError(f"prediction {i} ({pred!r:.80}) has no content span: it needs 'start' and "
                             f"'end' (or 'content_spans'), as attributes or keys")
        content = ((int(start), int(end)),)
    for s, e in content:
        if not 0 <= s <= e <= n:
            raise InputError(f"prediction {i}: content span {s}-{e} is outside the text ({n} characters)")
    ss, se = _get(pred, "speaker_start"), _get(pred, "speaker_end")
    speaker = None if ss is None or se is None else (int(ss), int(se))
    return content, speaker


def _greedy(pairs: list[tuple[float, int, int]]) -> list[tuple[int, int, float]]:
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    used_p: set[int] = set()
    used_g: set[int] = set()
    out = []
    for jac, i, j in pairs:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            out.append((i, j, jac))
    return sorted(out)


def _prf(matched: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = matched / n_pred if n_pred else 0.0
    r = matched / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _add_metrics(counts: dict[str, Any]) -> dict[str, Any]:
    for kind in ("content", "attribution"):
        p, r, f = _prf(counts[f"{kind}_matched"], counts["n_pred"], counts["n_gold"])
        counts[f"{kind}_precision"], counts[f"{kind}_recall"], counts[f"{kind}_f1"] = p, r, f
    return counts


def score_attributions(
    predicted: Sequence[Any],
    gold: Sequence[GoldAttribution],
    *,
    text: str,
    threshold: float = 0.5,
    match_unsourced: bool = False,
) -> dict[str, Any]:
    """Score the predicted attributions of one article against its gold ones.

    Parameters
    ----------
    predicted : sequence
        Objects or dicts with ``start``, ``end`` (the content span) and
        ``speaker_start``, ``speaker_end`` (the speaker mention; may be None).
        An optional ``content_spans`` (list of ``(start, end)``) replaces
        ``start``/``end`` for a content in several pieces.
    gold : sequence of GoldAttribution
        As returned by :func:`read_brat_attributions`.
    text : str
        The article text the offsets point into.
    threshold : float
        Minimum token Jaccard for a content match (inclusive).
    match_unsourced : bool
        Whether a prediction without a speaker matches, as an attribution, a gold
        attribution without a Source. False follows the strict rule: an
        attribution match needs the speaker span to overlap a gold Source span.

    Returns
    -------
    dict
        ``n_pred``, ``n_gold`` (gold with a Content span), ``n_gold_no_content``
        (ignored), ``n_gold_no_source``, ``content_matched``,
        ``attribution_matched``, ``content_precision``, ``content_recall``,
        ``content_f1``, the same three for ``attribution_``, and the matches
        ``content_matches`` and ``attribution_matches``: lists of
        ``(prediction index, gold index, jaccard)`` (indices into the arguments).

    Examples
    --------
    >>> text = "Ann Lee said the plan works well."
    >>> gold = [GoldAttribution(content=((13, 32),), source=((0, 7),), cue=((8, 12),))]
    >>> pred = [{"start": 17, "end": 32, "speaker_start": 4, "speaker_end": 7}]
    >>> s = score_attributions(pred, gold, text=text)
    >>> s["content_matches"], s["attribution_f1"]
    ([(0, 0, 0.75)], 1.0)
    """
    n = len(text)
    preds = [_pred_spans(p, i, n) for i, p in enumerate(predicted)]
    pred_tokens = [span_tokens(text, content) for content, _ in preds]
    usable = [j for j, g in enumerate(gold) if g.content]
    content_pairs: list[tuple[float, int, int]] = []
    attribution_pairs: list[tuple[float, int, int]] = []
    for j in usable:
        g = gold[j]
        g_tokens = span_tokens(text, g.content)
        for i, (_, speaker) in enumerate(preds):
            union = len(pred_tokens[i] | g_tokens)
            if not union:
                continue
            jac = len(pred_tokens[i] & g_tokens) / union
            if jac < threshold:
                continue
            content_pairs.append((jac, i, j))
            if speaker is None:
                ok = match_unsourced and not g.source
            else:
                ok = any(speaker[0] < e and s < speaker[1] for s, e in g.source)
            if ok:
                attribution_pairs.append((jac, i, j))
    content_matches = _greedy(content_pairs)
    attribution_matches = _greedy(attribution_pairs)
    out: dict[str, Any] = {
        "n_pred": len(preds),
        "n_gold": len(usable),
        "n_gold_no_content": len(gold) - len(usable),
        "n_gold_no_source": sum(1 for j in usable if not gold[j].source),
        "content_matched": len(content_matches),
        "attribution_matched": len(attribution_matches),
    }
    _add_metrics(out)
    out["content_matches"] = content_matches
    out["attribution_matches"] = attribution_matches
    return out


def evaluate_attribution(
    predict: Callable[[str, str], Iterable[Any] | None] | Mapping[str, Iterable[Any]],
    docs: Iterable[tuple[str, str, Sequence[GoldAttribution]]],
    *,
    threshold: float = 0.5,
    match_unsourced: bool = False,
    fields: Sequence[str] = ("mode",),
) -> dict[str, Any]:
    """Run a predictor over annotated articles and score it, micro-averaged.

    Parameters
    ----------
    predict : callable or mapping
        ``predict(doc_id, text)`` returning the predicted attributions of one
        article (see :func:`score_attributions`), or a mapping from ``doc_id``
        to them (a missing ``doc_id`` means no predictions).
    docs : iterable of (doc_id, text, gold)
        As returned by :func:`load_polnear` or :func:`load_brat`.
    threshold, match_unsourced
        As in :func:`score_attributions`.
    fields : sequence of str
        Further attributes or keys of the predictions to copy into the
        ``predictions`` table (missing ones become None), e.g. for a breakdown by mode.

    Returns
    -------
    dict
        The counts and metrics of :func:`score_attributions` summed over all
        articles, plus ``n_docs`` and three pandas DataFrames:

        - ``per_document``: the counts and metrics of each article;
        - ``predictions``: one row per prediction (``doc_id``, ``index``,
          ``start``, ``end``, ``speaker_start``, ``speaker_end``, the ``fields``,
          ``content_match``, ``attribution_match``, ``jaccard``, ``gold_index``);
        - ``gold``: one row per gold attribution (``doc_id``, ``index``,
          ``ann_id``, ``content``, ``source``, ``cue``, ``has_content``,
          ``has_source``, ``content_match``, ``attribution_match``, ``pred_index``).

    Examples
    --------
    >>> docs = [("a", "Al said: no way.", [GoldAttribution(content=((9, 15),), source=((0, 2),))])]
    >>> res = evaluate_attribution(lambda doc_id, text: [dict(start=9, end=15, speaker_start=0,
    ...                                                      speaker_end=2, mode="direct")], docs)
    >>> res["attribution_f1"], res["predictions"]["mode"].tolist()
    (1.0, ['direct'])
    """
    import pandas as pd

    keys = ("n_pred", "n_gold", "n_gold_no_content", "n_gold_no_source", "content_matched",
            "attribution_matched")
    total: dict[str, Any] = dict.fromkeys(keys, 0)
    per_doc, pred_rows, gold_rows = [], [], []
    for doc_id, text, gold in docs:
        if isinstance(predict, Mapping):
            predicted = predict.get(doc_id)
        else:
            predicted = predict(doc_id, text)
        predicted = list(predicted or [])
        try:
            s = score_attributions(predicted, gold, text=text, threshold=threshold,
                                   match_unsourced=match_unsourced)
        except InputError as exc:
            raise InputError(f"document {doc_id}: {exc}") from None
        for k in keys:
            total[k] += s[k]
        per_doc.append({"doc_id": doc_id, **{k: v for k, v in s.items() if not k.endswith("_matches")}})
        c_by_pred = {i: (j, jac) for i, j, jac in s["content_matches"]}
        a_by_pred = {i: (j, jac) for i, j, jac in s["attribution_matches"]}
        c_by_gold = {j: i for i, j, _ in s["content_matches"]}
        a_by_gold = {j: i for i, j, _ in s["attribution_matches"]}
        for i, p in enumerate(predicted):
            content, speaker = _pred_spans(p, i, len(text))
            best = a_by_pred.get(i) or c_by_pred.get(i)
            pred_rows.append({
                "doc_id": doc_id, "index": i, "start": content[0][0], "end": content[-1][1],
                "speaker_start": speaker[0] if speaker else None,
                "speaker_end": speaker[1] if speaker else None,
                **{f: _get(p, f) for f in fields},
                "content_match": i in c_by_pred, "attribution_match": i in a_by_pred,
                "jaccard": best[1] if best else None, "gold_index": best[0] if best else None,
            })
        for j, g in enumerate(gold):
            gold_rows.append({
                "doc_id": doc_id, "index": j, "ann_id": g.ann_id, "content": g.content, "source": g.source,
                "cue": g.cue, "has_content": bool(g.content), "has_source": bool(g.source),
                "content_match": j in c_by_gold, "attribution_match": j in a_by_gold,
                "pred_index": a_by_gold.get(j, c_by_gold.get(j)),
            })
    total["n_docs"] = len(per_doc)
    _add_metrics(total)
    pred_cols = ["doc_id", "index", "start", "end", "speaker_start", "speaker_end", *fields,
                 "content_match", "attribution_match", "jaccard", "gold_index"]
    gold_cols = ["doc_id", "index", "ann_id", "content", "source", "cue", "has_content", "has_source",
                 "content_match", "attribution_match", "pred_index"]
    total["per_document"] = pd.DataFrame(per_doc)
    total["predictions"] = pd.DataFrame(pred_rows, columns=pred_cols)
    total["gold"] = pd.DataFrame(gold_rows, columns=gold_cols)
    return total


def merge_continuations(attributions: Iterable[Any]) -> list[dict[str, Any]]:
    """Predictions for scoring: a continuation becomes another piece of the statement it continues.

    Annotation schemes such as PolNeAR mark one attribution per statement, its
    content possibly in several pieces; :func:`framing.attribution.attribute_speakers`
    reports a continuation (a sentence or quotation with no cue of its own) as a
    record of its own.

    Examples
    --------
    >>> from framing.attribution import attribute_speakers
    >>> text = "SOHR said that ten bases were hit. Additionally, six depots burned."
    >>> [p["content_spans"] for p in merge_continuations(attribute_speakers(text))]
    [[(10, 34), (35, 67)]]
    """
    out: list[dict[str, Any]] = []
    for a in attributions:
        if a.mode == "continuation" and out and out[-1]["speaker"] == a.speaker:
            # a quotation goes on with the speaker's last quotation ('"A," X said, noting B. "C."'), else
            # with the statement just before
            target = out[-1]
            if out[-1]["mode"] != "direct_quote" and len(out) > 1 and out[-2]["speaker"] == a.speaker and \
                    out[-2]["mode"] == "direct_quote" and a.text[:1] in "\"“'‘«":
                target = out[-2]
            target["content_spans"].append((a.start, a.end))
            continue
        out.append({"start": a.start, "end": a.end, "speaker": a.speaker, "speaker_start": a.speaker_start,
                    "speaker_end": a.speaker_end, "mode": a.mode, "content_spans": [(a.start, a.end)]})
    return out
