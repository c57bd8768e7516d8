"""The coder in the loop: coding sheets, agreement between coders, retraining.

A codebook finds candidate words; people decide whether each use is loaded.
This module turns that decision into a reproducible content-analysis workflow:

1. :func:`coding_sheet` draws hits (or sentences) into a table with empty ``code``
   and ``comment`` columns; :func:`write_coding_sheet` saves it as a CSV file that
   Excel, LibreOffice and Google Sheets open directly.
2. Each coder fills in ``code`` in their own copy, independently;
   :func:`read_coding_sheets` reads the files back (the file name is the coder's
   name) and checks every code.
3. :func:`agreement` measures how far the coders agree with each other and with
   the context classifier (Cohen's kappa, Krippendorff's alpha, percent agreement).
4. :func:`resolve_codes` settles one code per item, :func:`retrain_context` trains a
   :class:`~framing.context.ContextClassifier` on them and :func:`evaluate_against`
   compares any model with them.

Every item has a stable ``id``, ``doc_id:start-end`` (character offsets of the hit
or sentence in its document), so sheets can be sorted, filtered, split between
coders and merged again.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from collections.abc import Sequence
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .context import CONTEXT_COLUMNS, ContextClassifier, load_context_model, read_context_examples, score_hits
from .errors import FramingError, FramingWarning, InputError
from .io import _read_bytes
from .match import _as_documents, find_hits, hits_frame
from .types import Document

__all__ = ["AGREEMENT_COLUMNS", "CODED_COLUMNS", "HIT_SHEET_COLUMNS", "SENTENCE_SHEET_COLUMNS", "agreement",
           "coding_sheet", "evaluate_against", "read_coding_sheets", "resolve_codes", "retrain_context",
           "write_coding_sheet"]

#: Columns of a coding sheet of hits (``unit="hits"``).
HIT_SHEET_COLUMNS = ["id", "doc_id", "outlet", "speaker", "term", "category", "left", "match", "right", "score",
                     "code", "comment"]
#: Columns of a coding sheet of sentences (``unit="sentences"``).
SENTENCE_SHEET_COLUMNS = ["id", "doc_id", "outlet", "sentence", "speaker", "text", "code", "comment"]
#: Columns of the codes read back from sheets: one row per item and coder.
CODED_COLUMNS = ["id", "coder", "code"]
#: Columns of an agreement table.
AGREEMENT_COLUMNS = ["pair", "measure", "value", "n"]

_ID = re.compile(r"^(?P<doc>.+):(?P<start>\d+)-(?P<end>\d+)$")
_WS = re.compile(r"\s+")
_MODEL = "model"


def _item_id(doc_id: str, start: int, end: int) -> str:
    return f"{doc_id}:{int(start)}-{int(end)}"


def _parse_id(item_id: str) -> tuple[str, int, int] | None:
    m = _ID.match(item_id)
    return (m["doc"], int(m["start"]), int(m["end"])) if m else None


# --- coding sheets -----------------------------------------------------------------------------------


def _hits_table(hits, docs: dict[str, Document], registry) -> pd.DataFrame:
    """A hits DataFrame for ``docs``: found with the codebooks, or checked when given."""
    if hits is None:
        return hits_frame(find_hits(list(docs.values()), registry=registry))
    table = hits if isinstance(hits, pd.DataFrame) else hits_frame(hits)
    missing = [c for c in ("doc_id", "start", "end", "term", "category") if c not in table.columns]
    if missing:
        raise InputError(f"the hits table has no column(s) {', '.join(missing)}; "
                         "pass hits_frame(find_hits(...)) or a list of Hit")
    unknown = sorted(set(table["doc_id"].astype(str)) - set(docs))
    if unknown:
        raise InputError(f"hits of documents not given: {', '.join(unknown[:5])}; pass the documents the hits "
                         "were found in")
    return table.reset_index(drop=True)


def _resolve_model(model) -> Any:
    if isinstance(model, str):
        if model != "bundled":
            raise InputError(f"model={model!r}: use 'bundled', or a fitted ContextClassifier "
                             "(framing.persist.load_model('model.skops'))")
        return load_context_model()
    if not hasattr(model, "predict_proba"):
        raise InputError(f"model: expected a fitted ContextClassifier or 'bundled', got {type(model).__name__}")
    from sklearn.utils.validation import check_is_fitted

    try:
        check_is_fitted(model)
    except Exception:  # NotFittedError, or a type sklearn cannot inspect
        raise FramingError("model: this classifier is not fitted yet; fit it, or pass model='bundled'") from None
    return model


def _fold(text: str) -> str:
    return _WS.sub(" ", text).strip()


def coding_sheet(
    documents, hits=None, *, unit: str = "hits", n: int | None = None, seed: int = 0, context: int = 80,
    registry=None, model=None, show_score: bool = True,
) -> pd.DataFrame:
    """A coding sheet: one row per hit (or sentence) to code, with empty ``code`` and ``comment``.

    Give the sheet to each coder (:func:`write_coding_sheet`), read their codes back with
    :func:`read_coding_sheets`.

    Parameters
    ----------
    documents : Document or list of Document
    hits : DataFrame or list of Hit, optional
        Hits to code (:func:`~framing.match.hits_frame`); found with the default
        codebooks otherwise. Keep this table: pass it again to :func:`agreement` and
        :func:`retrain_context` so they see the same hits.
    unit : {"hits", "sentences"}, default "hits"
        What a row is: a codebook hit, or a whole sentence (then ``hits`` is not used).
    n : int, optional
        Draw ``n`` rows at random (the same ones again for the same ``seed``); all rows
        by default. The sample keeps document order.
    seed : int, default 0
    context : int, default 80
        Characters of context on each side of a hit, at most (whitespace folded,
        cuts between words, marked "…").
    registry : SourceRegistry, optional
        Known sources, for the ``speaker`` column (the bundled starter registry by default).
    model : ContextClassifier or "bundled", optional
        Score the hits with this model; by default the hits' own ``score`` is kept
        (the bundled model scores them when they have none).
    show_score : bool, default True
        Include the model's ``score``. Leave it out (``False``) for sheets that test
        reliability or validate the model: coders who see the machine's guess tend to
        follow it.

    Returns
    -------
    DataFrame
        Hits: :data:`HIT_SHEET_COLUMNS` (``left``, ``match``, ``right`` are the context
        and the words found; ``score`` the probability that the use is loaded).
        Sentences: :data:`SENTENCE_SHEET_COLUMNS`. ``id`` is ``doc_id:start-end``;
        ``speaker`` is empty for the outlet's own voice; ``code`` and ``comment`` are
        empty strings, for the coder.

    Notes
    -----
    Coding rules (give them to your coders with the sheet):

    - ``code`` **1**: this use is loaded. The word takes a side, judges or dramatises
      where a neutral word was available ("regime" for a government, "martyr" for a
      person killed, "so-called truce").
    - ``code`` **0**: not loaded here: another sense of the word ("proxy server"),
      the word mentioned rather than used ("the phrase 'Zionist entity'", a
      correction), or a neutral, technical use.
    - Code the use whoever says it: a loaded word in a quotation is still loaded.
      The ``speaker`` column says who speaks; framing counts sources separately.
    - Leave ``code`` **blank** when you cannot decide, and say why in ``comment``.
      Blank is not 0: the item is left out of agreement and training.
    - Code alone. Do not discuss items or look at other coders' sheets until the
      agreement has been computed.
    - Do not edit ``id``. Sorting, filtering, hiding columns and deleting rows are
      fine. Save as CSV (in Excel: "CSV UTF-8"); commas or semicolons both work.

    Examples
    --------
    >>> doc = Document("d1", "Iran's proxy militias attacked the base.", outlet="Wire")
    >>> sheet = coding_sheet([doc], context=20)
    >>> sheet[["id", "left", "match", "right", "code"]].values.tolist()
    [['d1:0-12', '', "Iran's proxy", 'militias attacked…', ''], ['d1:13-21', "Iran's proxy", 'militias', \
'attacked the base.', '']]
    >>> coding_sheet([doc], unit="sentences")[["id", "text"]].values.tolist()
    [['d1:0-40', "Iran's proxy militias attacked the base."]]
    """
    from .views import _left_context, _right_context

    docs = {d.doc_id: d for d in _as_documents(documents)}
    if unit not in ("hits", "sentences"):
        raise InputError(f"coding_sheet(unit={unit!r}): use 'hits' or 'sentences'")
    if n is not None and (isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1):
        raise InputError(f"coding_sheet(n={n!r}): give a whole number of rows of at least 1, or None for all")
    if context < 2:
        raise InputError(f"coding_sheet(context={context}): give at least 2 characters of context")
    if unit == "sentences":
        if hits is not None or model is not None:
            raise InputError("coding_sheet(unit='sentences') codes whole sentences; leave out hits= and model=")
        from .attribution import sentences_frame

        sents = sentences_frame(list(docs.values()), registry=registry)
        sheet = pd.DataFrame({
            "id": [_item_id(d, s, e) for d, s, e in zip(sents["doc_id"], sents["start"], sents["end"])],
            "doc_id": sents["doc_id"], "outlet": sents["outlet"], "sentence": sents["sentence"],
            "speaker": sents["speaker"], "text": sents["text"].map(_fold), "code": "", "comment": "",
        }, columns=SENTENCE_SHEET_COLUMNS)
    else:
        table = _hits_table(hits, docs, registry)
        if model is not None:
            table = score_hits(table.drop(columns="score", errors="ignore"), list(docs.values()),
                               model=_resolve_model(model))
        elif "score" not in table.columns or (len(table) and table["score"].isna().all()):
            table = score_hits(table.drop(columns="score", errors="ignore"), list(docs.values()))
        texts = [docs[d].text for d in table["doc_id"]]
        get = table.get
        sheet = pd.DataFrame({
            "id": [_item_id(d, s, e) for d, s, e in zip(table["doc_id"], table["start"], table["end"])],
            "doc_id": table["doc_id"],
            "outlet": get("outlet", pd.Series([docs[d].outlet for d in table["doc_id"]], dtype=object)),
            "speaker": get("speaker", pd.Series([None] * len(table), dtype=object)),
            "term": table["term"], "category": table["category"],
            "left": [_left_context(t, int(s), context).strip() for t, s in zip(texts, table["start"])],
            "match": [_fold(t[int(s):int(e)]) for t, s, e in zip(texts, table["start"], table["end"])],
            "right": [_right_context(t, int(e), context).strip() for t, e in zip(texts, table["end"])],
            "score": table["score"].astype("float64"), "code": "", "comment": "",
        }, columns=HIT_SHEET_COLUMNS)
        if not show_score:
            sheet = sheet.drop(columns="score")
    if sheet["id"].duplicated().any():
        dup = sheet.loc[sheet["id"].duplicated(), "id"].iloc[0]
        raise InputError(f"two rows have the id {dup!r}; give each hit once (drop duplicates from hits=)")
    if n is not None:
        if n > len(sheet):
            warnings.warn(f"coding_sheet(n={n}): there are only {len(sheet)} {unit}; all are in the sheet",
                          FramingWarning, stacklevel=2)
        else:
            sheet = sheet.sample(n=n, random_state=seed).sort_index()
    return sheet.reset_index(drop=True)


def write_coding_sheet(sheet: pd.DataFrame, path: str | Path) -> Path:
    """Write a coding sheet as CSV that spreadsheet programs open directly.

    UTF-8 with a byte-order mark, so Excel shows accents and curly quotes right;
    comma-separated; nothing but the table (the coding rules are in
    :func:`coding_sheet`). The file is written to a temporary file and renamed,
    so a failed write never leaves half a sheet.

    Parameters
    ----------
    sheet : DataFrame
        From :func:`coding_sheet` (it needs ``id`` and ``code`` columns).
    path : str or Path
        Name the file after the coder (``anna.csv``): :func:`read_coding_sheets`
        takes the coder's name from it.

    Returns
    -------
    Path

    Examples
    --------
    >>> import tempfile, os
    >>> sheet = pd.DataFrame({"id": ["d1:0-5"], "match": ["régime"], "code": [""], "comment": [""]})
    >>> p = write_coding_sheet(sheet, os.path.join(tempfile.mkdtemp(), "anna.csv"))
    >>> p.read_bytes()[:3] == b"\\xef\\xbb\\xbf"
    True
    >>> p.read_text(encoding="utf-8-sig").splitlines()
    ['id,match,code,comment', 'd1:0-5,régime,,']
    """
    from .io import _atomic_write

    if not isinstance(sheet, pd.DataFrame):
        raise InputError(f"write_coding_sheet: expected the DataFrame from coding_sheet(), got {type(sheet).__name__}")
    missing = [c for c in ("id", "code") if c not in sheet.columns]
    if missing:
        raise InputError(f"write_coding_sheet: the sheet has no column(s) {', '.join(missing)}; "
                         "make it with coding_sheet()")
    return _atomic_write(Path(path), "\ufeff" + sheet.to_csv(index=False))


# --- reading codes back ------------------------------------------------------------------------------


def _sheet_text(path: Path) -> str:
    raw = _read_bytes(path)
    if raw.startswith(b"PK\x03\x04") or raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(f"{path}: this is an Excel workbook, not CSV; in Excel use File > Save As > "
                         "'CSV UTF-8 (Comma delimited)'")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel's plain "CSV" format writes the Windows code page, not UTF-8
        warnings.warn(f"{path}: not UTF-8, read as Windows-1252 (Excel's plain 'CSV' format); "
                      "save as 'CSV UTF-8' next time", FramingWarning, stacklevel=4)
        return raw.decode("cp1252", errors="replace")


def _delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    counts = {sep: header.count(sep) for sep in (",", ";", "\t")}
    return max(counts, key=lambda sep: (counts[sep], sep == ","))


def _code_value(value: str) -> int | str | None:
    """0, 1, None for blank, or the value itself when it is not a code."""
    v = value.strip()
    if not v:
        return None
    try:
        number = float(v.replace(",", "."))
    except ValueError:
        return value
    return int(number) if number in (0.0, 1.0) else value


def _read_sheet(path: Path, coder: str) -> list[tuple[str, str, int, int]]:
    """(id, coder, code, row) for each coded row; rows are numbered as a spreadsheet does (header = 1)."""
    text = _sheet_text(path)
    if not text.strip():
        raise InputError(f"{path}: empty file; expected a coding sheet with the columns id and code")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        header = [h.strip().lower() for h in next(reader)]
        for col in ("id", "code"):
            if col not in header:
                raise InputError(
                    f"{path}: no {col!r} column (columns: {', '.join(h for h in header if h) or 'none'}); "
                    "a coding sheet needs the columns id and code as written by write_coding_sheet - "
                    "check that the header row was not renamed or deleted")
        i_id, i_code = header.index("id"), header.index("code")
        out: list[tuple[str, str, int, int]] = []
        bad: list[str] = []
        seen: dict[str, int] = {}
        for row_no, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header) and any(cell.strip() for cell in row[len(header):]):
                raise InputError(f"{path}, row {row_no}: more cells than the header has columns; "
                                 "check the quoting of text that contains commas or semicolons")
            item = row[i_id].strip() if i_id < len(row) else ""
            value = _code_value(row[i_code]) if i_code < len(row) else None
            if not item:
                if value is not None:
                    raise InputError(f"{path}, row {row_no}: a code but no id; put the id back "
                                     "(copy it from the sheet you were given)")
                continue
            if item in seen:
                raise InputError(f"{path}, rows {seen[item]} and {row_no}: the id {item!r} appears twice; "
                                 "code each item once (delete one of the rows)")
            seen[item] = row_no
            if isinstance(value, str):
                bad.append(f"{value.strip()!r} in row {row_no}")
            elif value is not None:
                out.append((item, coder, value, row_no))
    except csv.Error as exc:
        raise InputError(f"{path}, line {reader.line_num}: broken CSV ({exc})") from None
    if bad:
        more = f" and {len(bad) - 5} more" if len(bad) > 5 else ""
        raise InputError(f"{path}: code must be 1 (loaded), 0 (not loaded) or blank (undecided); found "
                         f"{', '.join(bad[:5])}{more} (rows numbered as in a spreadsheet, header = row 1)")
    if not out:
        warnings.warn(f"{path}: no codes yet (every code is blank)", FramingWarning, stacklevel=3)
    return out


def read_coding_sheets(paths, *, coder: str | Sequence[str] | None = None) -> pd.DataFrame:
    """The codes from one or more coded sheets, one row per item and coder.

    Parameters
    ----------
    paths : path, list of paths, or folder
        CSV files as written by :func:`write_coding_sheet` and filled in by coders
        (a folder: every ``.csv`` file in it). Separated by commas, semicolons or
        tabs (found from the header row); UTF-8 with or without byte-order mark.
        Only the ``id`` and ``code`` columns are read; rows and other columns may
        have been sorted, hidden or deleted.
    coder : str or list of str, optional
        The coder's name for each file; the file name without extension by default
        (``anna.csv`` -> ``anna``). One name for several files puts them together
        (one coder's work split over files).

    Returns
    -------
    DataFrame
        :data:`CODED_COLUMNS`: ``id``, ``coder``, ``code`` (1 or 0). Blank codes are
        left out.

    Raises
    ------
    InputError
        When a file is missing, has no ``id`` or ``code`` column, a code is not 0,
        1 or blank (naming the file and the rows), or an item is coded twice by one
        coder.

    Examples
    --------
    >>> import tempfile, os
    >>> folder = tempfile.mkdtemp()
    >>> with open(os.path.join(folder, "anna.csv"), "w", encoding="utf-8") as f:
    ...     _ = f.write("id;match;code\\nd1:0-5;regime;1\\nd1:9-14;proxy;\\nd2:3-8;enemy;0\\n")
    >>> read_coding_sheets(os.path.join(folder, "anna.csv")).values.tolist()
    [['d1:0-5', 'anna', 1], ['d2:3-8', 'anna', 0]]
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(f for f in p.glob("*.csv") if not f.name.startswith("."))
            if not found:
                raise InputError(f"{p}: folder has no .csv coding sheets")
            files.extend(found)
        else:
            files.append(p)
    if not files:
        raise InputError("read_coding_sheets: no files given")
    if coder is None:
        names = [f.stem for f in files]
    elif isinstance(coder, str):
        names = [coder] * len(files)
    else:
        names = [str(c) for c in coder]
        if len(names) != len(files):
            raise InputError(f"read_coding_sheets: {len(names)} coder names for {len(files)} files; "
                             "give one name per file, or one name for all")
    rows: list[tuple[str, str, int]] = []
    where: dict[tuple[str, str], str] = {}
    for f, name in zip(files, names):
        for item, who, code, row_no in _read_sheet(f, name):
            if (item, who) in where:
                raise InputError(
                    f"{f}, row {row_no}: coder {who!r} already coded {item!r} in {where[(item, who)]}; "
                    "give each file its coder's name (coder=[...]) or remove the repeated item")
            where[(item, who)] = f"{f}, row {row_no}"
            rows.append((item, who, code))
    df = pd.DataFrame(rows, columns=CODED_COLUMNS)
    df["code"] = df["code"].astype("int64")
    return df


# --- agreement -----------------------------------------------------------------------------------------


def _check_coded(coded) -> pd.DataFrame:
    if not isinstance(coded, pd.DataFrame):
        raise InputError(f"expected the codes from read_coding_sheets(), got {type(coded).__name__}")
    missing = [c for c in CODED_COLUMNS if c not in coded.columns]
    if missing:
        raise InputError(f"the codes have no column(s) {', '.join(missing)}; use read_coding_sheets(...) "
                         f"(columns: {', '.join(CODED_COLUMNS)})")
    df = coded[CODED_COLUMNS].dropna(subset=["code"]).copy()
    df["id"] = df["id"].astype(str)
    df["coder"] = df["coder"].astype(str)
    bad = df.loc[~df["code"].isin([0, 1]), "code"]
    if len(bad):
        raise InputError(f"codes must be 0 or 1; found {bad.iloc[0]!r} (row {bad.index[0]})")
    df["code"] = df["code"].astype("int64")
    dup = df.duplicated(["id", "coder"])
    if dup.any():
        item, who = df.loc[dup, ["id", "coder"]].iloc[0]
        raise InputError(f"coder {who!r} coded {item!r} more than once; keep one code per item and coder")
    return df


def _alpha(wide: pd.DataFrame) -> tuple[float, int]:
    """Krippendorff's alpha (binary distance) over the items at least two coders coded, and their number."""
    from nltk.metrics.agreement import AnnotationTask
    from nltk.metrics.distance import binary_distance

    wide = wide[wide.notna().sum(axis=1) >= 2]
    data = [(str(c), str(i), int(v)) for c in wide.columns for i, v in wide[c].dropna().items()]
    if len({v for _, _, v in data}) < 2:
        return float("nan"), len(wide)
    return float(AnnotationTask(data=data, distance=binary_distance).alpha()), len(wide)


def _kappa(x: np.ndarray, y: np.ndarray) -> float:
    """Cohen's kappa; NaN without items or when every code is the same (chance agreement is then 1)."""
    from sklearn.metrics import cohen_kappa_score

    if not len(x) or len(set(x.tolist()) | set(y.tolist())) < 2:
        return float("nan")
    return float(cohen_kappa_score(x, y, labels=[0, 1]))


def _pair_rows(label: str, a: pd.Series, b: pd.Series) -> list[tuple[str, str, float, int]]:
    both = pd.DataFrame({"a": a, "b": b}).dropna()
    n = len(both)
    x, y = both["a"].astype(int).to_numpy(), both["b"].astype(int).to_numpy()
    kappa = _kappa(x, y)
    alpha, _ = _alpha(both)
    percent = float((x == y).mean() * 100) if n else float("nan")
    return [(label, "cohen_kappa", kappa, n), (label, "krippendorff_alpha", alpha, n),
            (label, "percent_agreement", percent, n)]


def _contexts(ids: Sequence[str], documents, *, hits=None, registry=None) -> pd.DataFrame:
    """The context-classifier input (text, start, end, term, category, speaker, mode) of coded hits, by id."""
    docs = {d.doc_id: d for d in _as_documents(documents)}
    parsed = {i: _parse_id(i) for i in ids}
    bad = [i for i, p in parsed.items() if p is None]
    if bad:
        raise InputError(f"{len(bad)} coded id(s) are not hit ids doc_id:start-end (e.g. {bad[0]!r}); only sheets "
                         "of hits (coding_sheet(unit='hits')) can be compared with or train the context classifier")
    needed = {p[0] for p in parsed.values() if p}
    missing = sorted(needed - set(docs))
    if missing:
        raise InputError(f"coded items come from documents not given: {', '.join(missing[:5])}; pass the "
                         "documents the coding sheet was made from")
    chosen = {d: doc for d, doc in docs.items() if d in needed}
    table = _hits_table(hits, docs, registry) if hits is not None else hits_frame(
        find_hits(list(chosen.values()), registry=registry, score=False))
    table = table[table["doc_id"].isin(needed)].copy()
    table.index = pd.Index([_item_id(d, s, e) for d, s, e in zip(table["doc_id"], table["start"], table["end"])])
    table = table[~table.index.duplicated()]
    unknown = [i for i in ids if i not in table.index]
    if unknown:
        raise InputError(
            f"{len(unknown)} coded id(s) are not codebook hits in these documents (e.g. {unknown[0]!r}); the sheet "
            "was made from other documents or another codebook, or an id was edited; pass hits= the table the "
            "sheet was made from")
    rows = table.loc[list(ids)]
    return pd.DataFrame({
        "text": [docs[d].text for d in rows["doc_id"]], "start": rows["start"].astype(int),
        "end": rows["end"].astype(int), "term": rows["term"], "category": rows["category"],
        "speaker": rows["speaker"] if "speaker" in rows else None,
        "mode": rows["mode"] if "mode" in rows else None,
    }, index=rows.index)


def _decisions(model, ids: Sequence[str], documents, *, hits=None, registry=None) -> pd.Series:
    """The model's 0/1 decision (probability of "loaded" at least 0.5) for each coded hit."""
    X = _contexts(ids, documents, hits=hits, registry=registry)
    proba = model.predict_proba(X)[:, list(model.classes_).index(1)]
    return pd.Series((proba >= 0.5).astype("int64"), index=X.index)


def agreement(coded: pd.DataFrame, *, model=None, documents=None, hits=None, registry=None) -> pd.DataFrame:
    """How far coders agree with each other, and with the context classifier.

    For every pair of coders, on the items both coded: Cohen's kappa
    (:func:`sklearn.metrics.cohen_kappa_score`), Krippendorff's alpha and percent
    agreement. For all coders together: Krippendorff's alpha
    (:class:`nltk.metrics.agreement.AnnotationTask`, binary distance; items fewer
    than two coders coded are left out) and the percent of items on which every
    coder agrees. With ``model`` and ``documents``, the same between each coder
    and the model's decision (loaded when its probability is at least 0.5).

    Parameters
    ----------
    coded : DataFrame
        From :func:`read_coding_sheets` (``id``, ``coder``, ``code``).
    model : ContextClassifier or "bundled", optional
    documents : list of Document, optional
        The documents the sheets were made from (needed with ``model``).
    hits : DataFrame, optional
        The hits the sheet was made from; found again in ``documents`` otherwise.
    registry : SourceRegistry, optional
        As given to :func:`coding_sheet` (who speaks is one of the model's clues).

    Returns
    -------
    DataFrame
        :data:`AGREEMENT_COLUMNS`: ``pair`` ("anna vs ben", "anna vs model",
        "all coders"), ``measure`` (``cohen_kappa``, ``krippendorff_alpha``,
        ``percent_agreement``), ``value`` and ``n``, the number of items compared.
        A value is NaN when it is undefined: no items in common, or every code the
        same (nothing to agree on beyond chance).

    Notes
    -----
    Kappa and alpha are 0 at chance and 1 for perfect agreement. Landis and Koch's
    (1977) bands for kappa: up to 0.20 slight, 0.21-0.40 fair, 0.41-0.60 moderate,
    0.61-0.80 substantial, above 0.80 almost perfect. Krippendorff (2004) advises
    relying on data with alpha of at least 0.800, drawing only tentative
    conclusions from 0.667 to 0.800, and none below.

    Examples
    --------
    >>> coded = pd.DataFrame({"id": ["a", "b", "c", "d"] * 2, "coder": ["anna"] * 4 + ["ben"] * 4,
    ...                       "code": [1, 1, 0, 0, 1, 0, 0, 0]})
    >>> agreement(coded).round(3).values.tolist()
    [['anna vs ben', 'cohen_kappa', 0.5, 4], ['anna vs ben', 'krippendorff_alpha', 0.533, 4], \
['anna vs ben', 'percent_agreement', 75.0, 4], ['all coders', 'krippendorff_alpha', 0.533, 4], \
['all coders', 'percent_agreement', 75.0, 4]]
    """
    df = _check_coded(coded)
    coders = list(dict.fromkeys(df["coder"]))
    if _MODEL in coders and model is not None:
        raise InputError(f"a coder is called {_MODEL!r}; rename that coder (coder=) to compare with the model")
    if len(coders) < 2 and model is None:
        raise InputError(f"agreement needs codes from at least two coders (found: {', '.join(coders) or 'none'}), "
                         "or model= and documents= to compare one coder with the context classifier")
    wide = df.pivot(index="id", columns="coder", values="code").reindex(columns=coders)
    rows = []
    for a, b in combinations(coders, 2):
        rows.extend(_pair_rows(f"{a} vs {b}", wide[a], wide[b]))
    if len(coders) >= 2:
        alpha, n = _alpha(wide)
        several = wide[wide.notna().sum(axis=1) >= 2]
        same = several.apply(lambda r: r.dropna().nunique() == 1, axis=1) if n else pd.Series(dtype=bool)
        rows.append(("all coders", "krippendorff_alpha", alpha, n))
        rows.append(("all coders", "percent_agreement", float(same.mean() * 100) if n else float("nan"), n))
    if model is not None:
        if documents is None:
            raise InputError("agreement(model=...) needs documents=, the documents the coding sheet was made from")
        decided = _decisions(_resolve_model(model), list(wide.index), documents, hits=hits, registry=registry)
        for a in coders:
            rows.extend(_pair_rows(f"{a} vs {_MODEL}", wide[a], decided))
    out = pd.DataFrame(rows, columns=AGREEMENT_COLUMNS)
    out["value"] = out["value"].astype("float64")
    out["n"] = out["n"].astype("int64")
    return out


# --- resolving codes, training, evaluating -----------------------------------------------------------------


def resolve_codes(coded: pd.DataFrame, *, resolve: str = "majority") -> pd.DataFrame:
    """One code per item: the coders' majority, or one coder's codes.

    Parameters
    ----------
    coded : DataFrame
        From :func:`read_coding_sheets`.
    resolve : "majority" or "coder:NAME", default "majority"
        ``"majority"``: the code most coders gave; items with a tie (e.g. two coders
        who disagree) are left out, with a warning. ``"coder:anna"``: anna's codes,
        e.g. after she adjudicated the disagreements.

    Returns
    -------
    DataFrame
        ``id``, ``code``, ``n_coders`` (how many coders coded the item), in order of ``id``.

    Examples
    --------
    >>> coded = pd.DataFrame({"id": ["a", "a", "a", "b", "b"], "coder": ["x", "y", "z", "x", "y"],
    ...                       "code": [1, 1, 0, 1, 0]})
    >>> import warnings; warnings.simplefilter("ignore")
    >>> resolve_codes(coded).values.tolist()
    [['a', 1, 3]]
    >>> resolve_codes(coded, resolve="coder:y").values.tolist()
    [['a', 1, 1], ['b', 0, 1]]
    """
    df = _check_coded(coded)
    if resolve == "majority":
        counts = df.groupby("id")["code"].agg(["sum", "count"])
        ones, total = counts["sum"], counts["count"]
        tie = ones * 2 == total
        if tie.any():
            ties = list(counts.index[tie])
            warnings.warn(f"{len(ties)} item(s) with tied codes left out (e.g. {ties[0]!r}); add a coder, or "
                          "settle them and use resolve='coder:NAME'", FramingWarning, stacklevel=2)
        kept = counts[~tie]
        out = pd.DataFrame({"id": kept.index, "code": (kept["sum"] * 2 > kept["count"]).astype("int64").to_numpy(),
                            "n_coders": kept["count"].astype("int64").to_numpy()})
    elif isinstance(resolve, str) and resolve.startswith("coder:"):
        name = resolve[len("coder:"):]
        coders = sorted(df["coder"].unique())
        if name not in coders:
            raise InputError(f"resolve={resolve!r}: no coder {name!r}; coders: {', '.join(coders) or 'none'}")
        mine = df[df["coder"] == name].sort_values("id")
        out = pd.DataFrame({"id": mine["id"].to_numpy(), "code": mine["code"].to_numpy(), "n_coders": 1})
    else:
        raise InputError(f"resolve={resolve!r}: use 'majority' or 'coder:NAME' (e.g. 'coder:anna')")
    out["n_coders"] = out["n_coders"].astype("int64")
    return out.reset_index(drop=True)


def _base_examples(base) -> tuple[pd.DataFrame, np.ndarray]:
    if base == "bundled":
        return read_context_examples()
    if isinstance(base, (str, Path)):
        return read_context_examples(base)
    raise InputError(f"base={base!r}: use None, 'bundled' or the path of a JSON-lines file of examples")


def retrain_context(
    coded: pd.DataFrame, documents, *, base: str | Path | None = None, resolve: str = "majority", hits=None,
    registry=None, **params,
) -> ContextClassifier:
    """A context classifier trained on coded hits (and optionally the bundled examples).

    Parameters
    ----------
    coded : DataFrame
        From :func:`read_coding_sheets`, for a sheet of hits.
    documents : list of Document
        The documents the sheet was made from.
    base : None, "bundled" or path, default None
        Also train on these examples: ``"bundled"`` for the ones framing ships
        (:func:`~framing.context.read_context_examples`), or a JSON-lines file of
        your own. Your codes then refine a model that has seen many more words.
    resolve : "majority" or "coder:NAME", default "majority"
        How the coders' codes become one code per hit (:func:`resolve_codes`).
    hits : DataFrame, optional
        The hits the sheet was made from; found again in ``documents`` otherwise.
    registry : SourceRegistry, optional
        As given to :func:`coding_sheet`.
    **params
        Passed to :class:`~framing.context.ContextClassifier` (``C``, ``window``, ``class_weight``).
        With ``base="bundled"`` the bundled model's settings are the defaults, so the
        new model differs from it only by what your codes add.

    Returns
    -------
    ContextClassifier
        Fitted. Save it with :func:`framing.persist.save_model`; use it with
        ``find_hits(..., score=model)`` or :func:`~framing.context.score_hits`.

    Examples
    --------
    >>> docs = [Document("d1", "The regime shelled the town."), Document("d2", "The diet regime worked.")]
    >>> coded = pd.DataFrame({"id": ["d1:4-10", "d2:9-15"], "coder": "anna", "code": [1, 0]})
    >>> model = retrain_context(coded, docs)
    >>> evaluate_against(coded, model, docs)["accuracy"]
    1.0
    """
    codes = resolve_codes(coded, resolve=resolve)
    if codes.empty:
        raise InputError("no coded item has a settled code; code some hits (1 or 0) first")
    X = _contexts(list(codes["id"]), documents, hits=hits, registry=registry).reset_index(drop=True)
    y = codes["code"].to_numpy()
    if base is not None:
        bx, by = _base_examples(base)
        X = pd.concat([X, bx[[c for c in (*CONTEXT_COLUMNS, "speaker", "mode") if c in bx.columns]]],
                      ignore_index=True)
        y = np.concatenate([y, by])
    if len(set(y.tolist())) < 2:
        raise InputError(f"every coded hit is {int(y[0])}; the classifier needs examples of both loaded (1) and "
                         "not loaded (0) uses: code more hits, or add base='bundled'")
    # with the bundled examples, start from the bundled model's settings, so that only the new codes differ
    settings = {**(load_context_model().get_params() if base == "bundled" else {}), **params}
    return ContextClassifier(**settings).fit(X, y)


def evaluate_against(coded: pd.DataFrame, model, documents, *, resolve: str = "majority", hits=None,
                     registry=None) -> dict[str, float]:
    """How well a model's decisions match the coders' codes.

    Parameters
    ----------
    coded : DataFrame
        From :func:`read_coding_sheets`, for a sheet of hits.
    model : ContextClassifier or "bundled"
    documents : list of Document
    resolve, hits, registry
        As for :func:`retrain_context`.

    Returns
    -------
    dict
        ``n`` (items with a settled code), ``accuracy``, ``f1`` (for "loaded") and
        ``kappa`` (NaN when undefined), the model deciding "loaded" at a probability
        of at least 0.5.

    Examples
    --------
    >>> docs = [Document("d1", "Iran's proxy militias attacked the base.")]
    >>> coded = pd.DataFrame({"id": ["d1:0-12"], "coder": ["anna"], "code": [1]})
    >>> evaluate_against(coded, "bundled", docs)["accuracy"]
    1.0
    """
    from sklearn.metrics import accuracy_score, f1_score

    codes = resolve_codes(coded, resolve=resolve)
    if codes.empty:
        raise InputError("no coded item has a settled code to evaluate against")
    decided = _decisions(_resolve_model(model), list(codes["id"]), documents, hits=hits, registry=registry)
    truth, pred = codes["code"].to_numpy(), decided.to_numpy()
    return {"n": len(truth), "accuracy": float(accuracy_score(truth, pred)),
            "f1": float(f1_score(truth, pred, zero_division=0.0)), "kappa": _kappa(truth, pred)}

