"""Reading articles and writing tables.

:func:`read_documents` takes a path, a list of paths, a folder (searched
recursively), or a pandas DataFrame, and returns :class:`~framing.types.Document`
objects with stable ``doc_id`` values:

- ``.txt`` (and ``.md`` when named; folders skip it): the whole file is one article; an optional header block of
  ``key: value`` lines (``outlet:``, ``date:``, ``title:``, ``url:`` ...) ended by a
  blank line becomes metadata and the body is the text. ``doc_id``: the file name
  without extension (with its folder, relative to the folder given, when read
  from a folder).
- ``.csv`` / ``.tsv``: one article per row. ``.jsonl``: one JSON object per
  line. ``.json``: a list of objects (or ``{"documents": [...]}``). ``doc_id``:
  the id column if there is one, else ``<file stem>:<row or line number>``.

Text is decoded as UTF-8 (a byte-order mark is dropped) unless ``encoding=``
says otherwise; Windows line ends become ``\\n``, as Python's text mode does.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
import tempfile
import warnings
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from .errors import FramingWarning, InputError
from .types import Document

__all__ = ["TABLE_SUFFIXES", "TEXT_SUFFIXES", "documents_frame", "iter_documents", "read_documents", "write_table"]

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
TABLE_SUFFIXES = {".csv", ".tsv", ".jsonl", ".ndjson", ".json"}
# Markdown is read when named, but not picked up from folders (where it is usually a README).
_FOLDER_SUFFIXES = {".txt", ".text"} | HTML_SUFFIXES | TABLE_SUFFIXES
_KNOWN_HEADER_KEYS = {
    "outlet", "source", "publisher", "date", "published", "title", "headline", "url", "link",
    "author", "byline", "id", "doc_id", "section", "language", "lang",
}
_ID_COLUMNS = ("doc_id", "id")


def _decode(raw: bytes, path: Path, encoding: str) -> str:
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        hint = "pass encoding='cp1252' (or the file's encoding) / --encoding"
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            hint = "it looks like UTF-16: pass encoding='utf-16' / --encoding utf-16"
        raise InputError(
            f"{path}: not valid {encoding} at byte {exc.start} (line {line}); {hint}"
        ) from None
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}; use a Python codec name such as 'utf-8' or 'cp1252'") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _is_utf8(encoding: str) -> bool:
    return encoding.lower().replace("-", "").replace("_", "") in {"utf8", "utf8sig"}


def _open_binary(path: Path):
    """A file opened for reading bytes, or an InputError that names the file and says why."""
    try:
        return path.open("rb")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None


def _read_bytes(path: Path) -> bytes:
    """A file's bytes, or an InputError that names the file and says why."""
    with _open_binary(path) as f:
        return f.read()


def _read_text_file(path: Path, encoding: str) -> str:
    raw = _read_bytes(path)
    if _is_utf8(encoding):
        encoding = "utf-8"
        if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise InputError(f"{path}: looks like a binary file, not text; give text, CSV or JSON files")
    return _decode(raw, path, encoding)


def _split_header(text: str) -> tuple[dict[str, str], str, int]:
    """Split an optional ``key: value`` header block from the body."""
    head, sep, _ = text.partition("\n\n")
    if not sep:
        return {}, text, 0
    meta: dict[str, str] = {}
    for line in head.split("\n"):
        key, colon, value = line.partition(":")
        key = key.strip().lower()
        if not colon or not key or len(key) > 30 or not key.replace("_", "").replace("-", "").isalnum():
            return {}, text, 0
        meta[key] = value.strip()
    if not (set(meta) & _KNOWN_HEADER_KEYS):
        return {}, text, 0
    # the body starts after the header and any further blank lines
    body_start = len(head) + 2
    while body_start < len(text) and text[body_start] == "\n":
        body_start += 1
    return meta, text[body_start:], body_start


def _make_document(doc_id: str, text: str, meta: dict[str, Any], path: str | None, columns: dict[str, str]) -> Document:
    def take(*keys):
        for k in keys:
            v = meta.pop(k, None)
            if v is not None and str(v).strip() and str(v).lower() != "nan":
                return str(v).strip()
        return None

    outlet = take(columns["outlet"], "outlet", "source", "publisher")
    date = take(columns["date"], "date", "published")
    title = take(columns["title"], "title", "headline")
    url = take("url", "link")
    return Document(doc_id=doc_id, text=text, outlet=outlet, date=date, title=title, url=url, meta=meta, path=path)


class _HTMLText(HTMLParser):
    """Visible text of an HTML page: block elements become paragraphs; scripts and styles are dropped."""

    _BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "article",
               "section", "header", "footer", "pre", "ul", "ol", "table", "figcaption"}
    _SKIP = {"script", "style", "noscript", "template", "svg", "head"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        if tag in self._SKIP:
            self._skip += 1
        elif tag == "title":
            self._in_title = True
        elif tag in self._BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag in self._SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag == "title":
            self._in_title = False
        elif tag in self._BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if self._in_title:
            self.title.append(data)
        elif not self._skip:
            self.parts.append(data)

    def text(self) -> str:
        raw = "".join(self.parts)
        paras = [" ".join(p.split()) for p in re.split(r"\n\s*\n", raw)]
        return "\n\n".join(p for p in paras if p)


def _html_documents(path: Path, doc_id: str, encoding: str, columns: dict[str, str]) -> Iterator[Document]:
    parser = _HTMLText()
    parser.feed(_read_text_file(path, encoding))
    parser.close()
    body = parser.text()
    if not body.strip():
        warnings.warn(f"{path}: no visible text in the HTML page, skipped", FramingWarning, stacklevel=4)
        return
    title = " ".join("".join(parser.title).split()) or None
    yield _make_document(doc_id, body, {"title": title} if title else {}, str(path), columns)


def _text_documents(path: Path, doc_id: str, encoding: str, columns: dict[str, str]) -> Iterator[Document]:
    text = _read_text_file(path, encoding)
    if not text.strip():
        warnings.warn(f"{path}: empty file, skipped", FramingWarning, stacklevel=4)
        return
    meta, body, _ = _split_header(text)
    if not body.strip():
        warnings.warn(f"{path}: header but no text, skipped", FramingWarning, stacklevel=4)
        return
    doc_id = str(meta.pop("doc_id", None) or meta.pop("id", None) or doc_id)
    yield _make_document(doc_id, body, meta, str(path), columns)


def _record_documents(
    records: Iterable[tuple[str, dict[str, Any]]], where: str, stem: str, columns: dict[str, str],
    bad: list[str] | None = None,
) -> Iterator[Document]:
    """Documents from records; with ``bad`` a list, bad records are noted there and skipped."""
    if bad is None:
        yield from _records_strict(records, where, stem, columns)
        return
    it = iter(records)
    while True:
        try:
            loc, rec = next(it)
        except StopIteration:
            return
        except InputError as exc:
            bad.append(str(exc))
            return  # the file itself cannot be read on (a ragged CSV row, undecodable bytes)
        try:
            yield from _records_strict([(loc, rec)], where, stem, columns)
        except InputError as exc:
            bad.append(str(exc))


def _records_strict(
    records: Iterable[tuple[str, dict[str, Any]]], where: str, stem: str, columns: dict[str, str]
) -> Iterator[Document]:
    text_col, id_col = columns["text"], columns["id"]
    for loc, rec in records:
        if isinstance(rec, _BrokenRecord):
            raise InputError(rec.message)
        if text_col not in rec:
            keys = ", ".join(map(str, rec)) or "none"
            raise InputError(
                f"{where}, {loc}: no text field {text_col!r} (fields: {keys}); "
                "pass text_column= (--text-column) to say which holds the article text"
            )
        text = rec.pop(text_col)
        if text is None or (isinstance(text, float) and text != text):
            text = ""
        if not isinstance(text, str):
            raise InputError(f"{where}, {loc}: field {text_col!r} is {type(text).__name__}, not text")
        ident = None
        for key in ([id_col] if id_col else list(_ID_COLUMNS)):
            if key in rec and rec[key] is not None and str(rec[key]).strip():
                ident = str(rec.pop(key)).strip()
                break
        if id_col and ident is None:
            raise InputError(f"{where}, {loc}: no id field {id_col!r}")
        if not text.strip():
            warnings.warn(f"{where}, {loc}: empty text, skipped", FramingWarning, stacklevel=5)
            continue
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        number = loc.split()[-1]
        yield _make_document(ident or f"{stem}:{number}", text, rec, where, columns)


def _csv_records(path: Path, encoding: str, sep: str | None) -> Iterator[tuple[str, dict[str, Any]]]:
    """Stream CSV rows: one record in memory at a time (quoted fields may hold newlines)."""
    codec = "utf-8-sig" if _is_utf8(encoding) else encoding
    with _open_binary(path) as f:
        head = f.read(4096)
        f.seek(0)
        if codec == "utf-8-sig":
            if head.startswith((b"\xff\xfe", b"\xfe\xff")):
                raise InputError(f"{path}: it looks like UTF-16: pass encoding='utf-16' / --encoding utf-16")
            if b"\x00" in head:
                raise InputError(f"{path}: looks like a binary file, not text; give text, CSV or JSON files")
        try:
            ascii_safe = "\n,a".encode(codec.removesuffix("-sig")) == b"\n,a"
        except LookupError:
            raise InputError(f"unknown encoding {encoding!r}; use a Python codec name such as 'utf-8' or "
                             "'cp1252'") from None
        # byte lines decoded one by one, so a bad byte is reported on its line; UTF-16/32 need a text stream
        stream = _decoded_lines(f, codec, path) if ascii_safe else io.TextIOWrapper(f, encoding=codec, newline="")
        delimiter = sep or ("\t" if path.suffix.lower() == ".tsv" else ",")
        csv.field_size_limit(sys.maxsize)
        reader = csv.DictReader(stream, delimiter=delimiter)
        any_row = False
        blank_header = True
        try:
            blank_header = not any(name.strip() for name in reader.fieldnames or ())  # reads the header line
            for i, row in enumerate(reader, start=1):
                if None in row:
                    raise InputError(
                        f"{path}, line {reader.line_num}: more fields than the header has columns; "
                        "check quoting, or the separator (--sep)"
                    )
                if blank_header and not any((v or "").strip() for v in row.values()):
                    continue  # a file of whitespace
                any_row = True
                yield f"row {i}", dict(row)
        except csv.Error as exc:
            raise InputError(f"{path}, line {reader.line_num}: broken CSV ({exc})") from None
        except UnicodeDecodeError:
            raise InputError(f"{path}: not valid {encoding} near line {reader.line_num + 1}; pass "
                             "encoding='cp1252' (or the file's encoding) / --encoding") from None
        if not any_row and blank_header:
            warnings.warn(f"{path}: empty file, skipped", FramingWarning, stacklevel=5)


def _decoded_lines(f, codec: str, path: Path) -> Iterator[str]:
    for n, raw in enumerate(f, start=1):
        try:
            yield raw.decode(codec)
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: not valid {codec.removesuffix('-sig')} at line {n} (byte {exc.start} of the "
                             "line); pass encoding='cp1252' (or the file's encoding) / --encoding") from None


class _BrokenRecord(dict):
    """A record that could not be parsed; raising is left to the reader, so it can skip it."""

    def __init__(self, message: str):
        super().__init__()
        self.message = message


def _jsonl_records(path: Path, encoding: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Stream JSON lines: one line in memory at a time, whatever the file's size."""
    f = _open_binary(path)
    codec = "utf-8" if _is_utf8(encoding) else encoding
    any_text = False
    offset = 0
    with f:
        for n, raw in enumerate(f, start=1):
            if n == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                line = raw.decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(f"{path}: not valid {codec} at byte {offset + exc.start} (line {n}); pass "
                                 "encoding= (--encoding) with the file's encoding") from None
            except LookupError:
                raise InputError(f"unknown encoding {encoding!r}; use a Python codec name such as 'utf-8'") from None
            offset += len(raw)
            if not line.strip():
                continue
            any_text = True
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                rec = _BrokenRecord(f"{path}, line {n}: broken JSON ({exc.msg} at column {exc.colno}); "
                                    "fix the line, or pass skip_bad=True (--skip-bad) to skip bad records")
            if not isinstance(rec, (dict, _BrokenRecord)):
                rec = _BrokenRecord(f"{path}, line {n}: expected a JSON object, got {type(rec).__name__}")
            yield f"line {n}", rec
    if not any_text:
        warnings.warn(f"{path}: empty file, skipped", FramingWarning, stacklevel=5)


def _json_records(path: Path, encoding: str) -> Iterator[tuple[str, dict[str, Any]]]:
    text = _read_text_file(path, encoding)
    if not text.strip():
        warnings.warn(f"{path}: empty file, skipped", FramingWarning, stacklevel=5)
        return
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}, line {exc.lineno}: broken JSON ({exc.msg} at column {exc.colno})") from None
    if isinstance(data, dict):
        data = data.get("documents", data.get("articles", [data]))
    if not isinstance(data, list):
        raise InputError(f"{path}: expected a list of objects or {{'documents': [...]}}")
    for n, rec in enumerate(data, start=1):
        if not isinstance(rec, dict):
            raise InputError(f"{path}, record {n}: expected a JSON object, got {type(rec).__name__}")
        yield f"record {n}", rec


def _frame_records(df) -> Iterator[tuple[str, dict[str, Any]]]:
    for idx, row in zip(df.index, df.to_dict(orient="records")):
        yield f"row {idx}", row


def _expand(paths: Iterable[str | Path]) -> Iterator[tuple[Path, str]]:
    """Files to read, each with its doc_id base (stem, or relative path in a folder)."""
    for p in paths:
        p = Path(p)
        if p.is_dir():
            found = sorted(
                f for f in p.rglob("*")
                if f.is_file() and f.suffix.lower() in _FOLDER_SUFFIXES
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
            if not found:
                warnings.warn(f"{p}: folder has no .txt, .csv, .tsv, .jsonl or .json files", FramingWarning,
                              stacklevel=4)
            for f in found:
                rel = f.relative_to(p).with_suffix("")
                yield f, rel.as_posix()
        elif p.exists():
            yield p, p.stem
        else:
            raise InputError(f"{p}: no such file or folder")


def iter_documents(
    source,
    *,
    text_column: str = "text",
    id_column: str | None = None,
    outlet_column: str = "outlet",
    date_column: str = "date",
    title_column: str = "title",
    encoding: str = "utf-8",
    sep: str | None = None,
    skip_bad: bool = False,
) -> Iterator[Document]:
    """Yield documents one at a time (see :func:`read_documents`)."""
    columns = {"text": text_column, "id": id_column, "outlet": outlet_column, "date": date_column,
               "title": title_column}
    if hasattr(source, "to_dict") and hasattr(source, "columns"):
        if text_column not in source.columns:
            raise InputError(
                f"DataFrame: no text column {text_column!r} (columns: {', '.join(map(str, source.columns))}); "
                "pass text_column="
            )
        bad: list[str] | None = [] if skip_bad else None
        yield from _record_documents(_frame_records(source), "DataFrame", "row", columns, bad)
        _report_skipped(bad)
        return
    if isinstance(source, Document):
        yield source
        return
    paths = [source] if isinstance(source, (str, Path)) else list(source)
    seen: dict[str, str] = {}
    bad = [] if skip_bad else None
    for path, base in _expand(paths):
        suffix = path.suffix.lower()
        if suffix in TEXT_SUFFIXES:
            docs = _text_documents(path, base, encoding, columns)
        elif suffix in HTML_SUFFIXES:
            docs = _html_documents(path, base, encoding, columns)
        elif suffix in {".csv", ".tsv"}:
            docs = _record_documents(_csv_records(path, encoding, sep), str(path), base, columns, bad)
        elif suffix in {".jsonl", ".ndjson"}:
            docs = _record_documents(_jsonl_records(path, encoding), str(path), base, columns, bad)
        elif suffix == ".json":
            docs = _record_documents(_json_records(path, encoding), str(path), base, columns, bad)
        else:
            docs = _text_documents(path, base, encoding, columns)
        for doc in docs:
            if doc.doc_id in seen:
                raise InputError(
                    f"{path}: doc_id {doc.doc_id!r} is already used by {seen[doc.doc_id]}; "
                    "give documents unique ids (an id column, or unique file names)"
                )
            seen[doc.doc_id] = str(path)
            yield doc
    _report_skipped(bad)


def _report_skipped(bad: list[str] | None) -> None:
    if bad:
        shown = "; ".join(bad[:3]) + (f"; and {len(bad) - 3} more" if len(bad) > 3 else "")
        warnings.warn(f"skipped {len(bad)} bad record(s): {shown}", FramingWarning, stacklevel=3)


def read_documents(source, **kwargs) -> list[Document]:
    """Read articles with their metadata.

    Parameters
    ----------
    source : path, list of paths, folder, or pandas.DataFrame
    text_column : str, default "text"
        Column or field with the article text (CSV, JSON, DataFrame).
    id_column : str, optional
        Column with the document id; by default ``doc_id`` or ``id`` if present.
    outlet_column, date_column, title_column : str
        Columns holding that metadata (``outlet``, ``date``, ``title`` by default).
    encoding : str, default "utf-8"
    sep : str, optional
        CSV separator (default ``,``; ``\\t`` for ``.tsv``).
    skip_bad : bool, default False
        Skip records that cannot be read (a broken JSON line, a missing text
        field) and warn with their count and where they are, instead of stopping.

    Returns
    -------
    list of Document

    Raises
    ------
    InputError
        Naming the file, the line or row, and what to do.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"text": ["The regime said so."], "outlet": ["Wire"]})
    >>> [(d.doc_id, d.outlet) for d in read_documents(df)]
    [('row:0', 'Wire')]
    """
    return list(iter_documents(source, **kwargs))


def documents_frame(documents: Iterable[Document]):
    """One row per document: doc_id, outlet, date, title, url, n_chars, text.

    Examples
    --------
    >>> documents_frame([Document("a", "Text.", outlet="Wire")]).loc[0, "outlet"]
    'Wire'
    """
    import pandas as pd

    rows = [
        {"doc_id": d.doc_id, "outlet": d.outlet, "date": d.date, "title": d.title, "url": d.url,
         "n_chars": len(d.text), "text": d.text, **{k: v for k, v in d.meta.items() if isinstance(k, str)}}
        for d in documents
    ]
    return pd.DataFrame(rows)


def write_table(df, path: str | Path | None, *, format: str = "csv", inputs: Iterable[str | Path] = ()) -> None:
    """Write a DataFrame as csv, jsonl or an aligned text table.

    Files are written to a temporary file and then renamed, so a failed write
    never leaves half a file; a path that is one of ``inputs`` is refused.
    """
    if format == "csv":
        text = df.to_csv(index=False)
    elif format == "jsonl":
        text = df.to_json(orient="records", lines=True, force_ascii=False)
        if text and not text.endswith("\n"):
            text += "\n"
    elif format == "table":
        text = (df.fillna("").to_string(index=False) if len(df) else "(no rows)") + "\n"
    else:
        raise InputError(f"unknown format {format!r}; use csv, jsonl or table")
    if path is None or str(path) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    _atomic_write(Path(path), text, inputs=inputs)


def stream_table(frames: Iterable, path: str | Path | None, *, format: str = "csv",
                 inputs: Iterable[str | Path] = ()) -> None:
    """Write DataFrames one after another as one CSV or JSON-lines table, without holding them all.

    The file is written to a temporary name and renamed at the end, like :func:`write_table`.
    """
    if format not in ("csv", "jsonl"):
        raise InputError(f"unknown streaming format {format!r}; use csv or jsonl")

    def chunks():
        header = True
        for df in frames:
            if format == "csv":
                if header or len(df):
                    yield df.to_csv(index=False, header=header)
                    header = False
            elif len(df):
                text = df.to_json(orient="records", lines=True, force_ascii=False)
                yield text if text.endswith("\n") else text + "\n"

    if path is None or str(path) == "-":
        for text in chunks():
            sys.stdout.write(text)
        sys.stdout.flush()
        return
    path = Path(path)
    target = _check_target(path, inputs)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=target.parent)
    except OSError as exc:
        raise InputError(f"{path}: cannot write there ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            for text in chunks():
                f.write(text)
        _finish(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _check_target(path: Path, inputs: Iterable[str | Path]) -> Path:
    target = path.resolve()
    for src in inputs:
        src = Path(src).resolve()
        if target == src or (src.is_dir() and src in target.parents and target.suffix.lower()
                             in TEXT_SUFFIXES | TABLE_SUFFIXES):
            raise InputError(f"{path}: refusing to write over (or into the folder of) an input; choose another --out")
    if not target.parent.is_dir():
        raise InputError(f"{path}: folder {path.parent} does not exist")
    return target


def _finish(tmp: str, target: Path) -> None:
    # mkstemp makes the file private; give it the permissions a new file normally gets
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    os.replace(tmp, target)


def _atomic_write(path: Path, text: str, *, inputs: Iterable[str | Path] = ()) -> Path:
    """Write ``text`` to a temporary file beside ``path``, then rename it; never over an input."""
    return _atomic_write_bytes(path, text.encode("utf-8"), inputs=inputs)


def _atomic_write_bytes(path: Path, data: bytes, *, inputs: Iterable[str | Path] = ()) -> Path:
    """Write ``data`` to a temporary file beside ``path``, then rename it; never over an input."""
    path = Path(path)
    target = _check_target(path, inputs)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=target.parent)
    except OSError as exc:
        raise InputError(f"{path}: cannot write there ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        _finish(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(f"{path}: cannot write ({exc.strerror})") from None
    return target
