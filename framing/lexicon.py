"""Codebooks of loaded terms: loading, validating, combining and importing.

A codebook (lexicon) is a reviewed YAML file::

    name: conflict
    version: "1.0.0"
    description: ...
    authors: ["framing contributors"]
    license: CC-BY-4.0
    categories:
      hostile_label: Hostile or dehumanising labels for an actor.
    entries:
      - term: Israeli enemy
        variants: [Zionist enemy]
        category: hostile_label
        refers_to: Israel
        note: Casts a state as a permanent enemy rather than naming it.
        neutral: Israel

A CSV with the entry fields as columns (``variants`` separated by ``|``) is read
too. Plain word lists, LIWC-style ``.dic`` files and MPQA ``.tff`` files are
imported with :func:`read_wordlist`, :func:`read_liwc_dic` and :func:`read_mpqa_tff`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .errors import LexiconError

__all__ = [
    "NEUTRAL",
    "Lexicon",
    "LexiconEntry",
    "LexiconProblem",
    "bundled_lexicons",
    "load_lexicon",
    "read_liwc_dic",
    "read_mpqa_tff",
    "read_wordlist",
    "validate_lexicon",
]

#: The category of neutral reference labels ("Israel", "airstrike"): matched so that
#: naming choices can be compared, but not loaded language.
NEUTRAL = "neutral"

_ENTRY_FIELDS = {
    "term": "the word or phrase, as it is usually written",
    "variants": "other surface forms of the same label (a list)",
    "category": "one of the codebook's categories",
    "refers_to": "the actor or event the label names",
    "note": "why the term is loaded",
    "neutral": "a neutral alternative wording",
    "case_sensitive": "true for acronyms that collide with ordinary words",
    "inflect": "false to turn off automatic plurals and verb forms",
    "in_compounds": "true to match inside hyphenated compounds too",
    "wildcard": "true when the last word is a prefix (word list `abus*`)",
}
_META_FIELDS = {"name", "version", "description", "authors", "license", "categories", "entries", "url"}
_CATEGORY = re.compile(r"^[a-z][a-z0-9_]*$")
_BOOL_FIELDS = ("case_sensitive", "inflect", "in_compounds", "wildcard")


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    """One codebook entry. See the module docstring for the file format."""

    term: str
    category: str
    note: str = ""
    variants: tuple[str, ...] = ()
    refers_to: str | None = None
    neutral: str | None = None
    case_sensitive: bool = False
    inflect: bool = True
    in_compounds: bool = False
    wildcard: bool = False
    lexicon: str = ""

    @property
    def forms(self) -> tuple[str, ...]:
        """The term and its variants."""
        return (self.term, *self.variants)

    @property
    def loaded(self) -> bool:
        """False for neutral reference labels."""
        return self.category != NEUTRAL


@dataclass(frozen=True, slots=True)
class LexiconProblem:
    """One validation problem: where it is and what is wrong."""

    file: str
    entry: int | None
    term: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.entry is not None:
            where.append(f"entry {self.entry}" + (f" ({self.term!r})" if self.term else ""))
        if self.field:
            where.append(f"field {self.field!r}")
        return f"{', '.join(where)}: {self.message}"


@dataclass(frozen=True)
class Lexicon:
    """A codebook: metadata, declared categories and entries.

    Examples
    --------
    >>> lex = load_lexicon("conflict")
    >>> lex.name, len(lex) >= 200
    ('conflict', True)
    >>> lex.entry("Israeli enemy").category
    'hostile_label'
    """

    name: str
    entries: tuple[LexiconEntry, ...]
    version: str = "0"
    description: str = ""
    authors: tuple[str, ...] = ()
    license: str = ""
    categories: dict[str, str] = field(default_factory=dict)
    path: str | None = None

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self):
        return iter(self.entries)

    def entry(self, term: str) -> LexiconEntry:
        """The entry whose term or variant is ``term`` (case-insensitive)."""
        key = term.casefold()
        for e in self.entries:
            if any(f.casefold() == key for f in e.forms):
                return e
        raise KeyError(term)

    def to_frame(self):
        """The entries as a DataFrame (one row per entry)."""
        import pandas as pd

        rows = [
            {
                "term": e.term,
                "category": e.category,
                "refers_to": e.refers_to,
                "neutral": e.neutral,
                "variants": "|".join(e.variants),
                "note": e.note,
                "case_sensitive": e.case_sensitive,
                "lexicon": e.lexicon,
            }
            for e in self.entries
        ]
        return pd.DataFrame(rows, columns=["term", "category", "refers_to", "neutral", "variants", "note",
                                           "case_sensitive", "lexicon"])

    def _repr_html_(self) -> str:
        from html import escape

        head = f"<p><strong>{escape(self.name)}</strong> {escape(self.version)} · {len(self)} entries</p>"
        return head + self.to_frame().head(50).to_html(index=False, escape=True)

    def combine(self, *others: Lexicon) -> Lexicon:
        """Several codebooks as one; where two define the same form, the first wins."""
        lexes = (self, *others)
        cats: dict[str, str] = {}
        for lex in lexes:
            for k, v in lex.categories.items():
                cats.setdefault(k, v)
        return Lexicon(
            name="+".join(lex.name for lex in lexes),
            entries=tuple(e for lex in lexes for e in lex.entries),
            version="+".join(lex.version for lex in lexes),
            description="Combined: " + ", ".join(lex.name for lex in lexes),
            authors=tuple(dict.fromkeys(a for lex in lexes for a in lex.authors)),
            license=", ".join(dict.fromkeys(lex.license for lex in lexes if lex.license)),
            categories=cats,
        )

    def to_yaml(self, path: str | Path | None = None) -> str:
        """Write the codebook in the reviewed YAML format (and return the text)."""
        entries = []
        for e in self.entries:
            d: dict[str, Any] = {"term": e.term}
            if e.variants:
                d["variants"] = list(e.variants)
            d["category"] = e.category
            for key in ("refers_to", "note", "neutral"):
                if getattr(e, key):
                    d[key] = getattr(e, key)
            for key, default in (("case_sensitive", False), ("inflect", True),
                                 ("in_compounds", False), ("wildcard", False)):
                if getattr(e, key) != default:
                    d[key] = getattr(e, key)
            entries.append(d)
        doc = {
            "name": self.name,
            "version": self.version,
            "description": self.description,
            "authors": list(self.authors),
            "license": self.license,
            "categories": dict(self.categories) or {c: "" for c in sorted({e.category for e in self.entries})},
            "entries": entries,
        }
        text = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text


@lru_cache(maxsize=1)
def _bundled_names() -> tuple[str, ...]:
    root = resources.files("framing").joinpath("lexicons")
    return tuple(sorted(p.name[: -len(".yaml")] for p in root.iterdir() if p.name.endswith(".yaml")))


def bundled_lexicons() -> list[str]:
    """Names of the codebooks that ship with framing.

    Examples
    --------
    >>> "conflict" in bundled_lexicons() and "cues" in bundled_lexicons()
    True
    """
    return list(_bundled_names())


def _as_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in {"true", "yes", "1", "y"}:
        return True
    if isinstance(value, str) and value.strip().lower() in {"false", "no", "0", "n", ""}:
        return False
    return None


def _entries_from_records(
    records: Sequence[Any], *, file: str, lexicon: str, categories: dict[str, str] | None
) -> tuple[list[LexiconEntry], list[LexiconProblem]]:
    """Validate raw entry records; collect every problem rather than stop at the first."""
    problems: list[LexiconProblem] = []
    entries: list[LexiconEntry] = []
    seen: dict[str, int] = {}

    def problem(i, term, fld, msg):
        problems.append(LexiconProblem(file, i, term, fld, msg))

    for i, rec in enumerate(records, start=1):
        if not isinstance(rec, dict):
            problem(i, None, None, f"an entry must be a mapping of fields, got {type(rec).__name__}")
            continue
        term = rec.get("term")
        shown = term if isinstance(term, str) else None
        for key in rec:
            if key not in _ENTRY_FIELDS:
                problem(i, shown, str(key), f"unknown field; known fields: {', '.join(_ENTRY_FIELDS)}")
        if not isinstance(term, str) or not term.strip():
            problem(i, None, "term", "empty or missing term")
            continue
        term = " ".join(term.split())
        variants_raw = rec.get("variants") or []
        if isinstance(variants_raw, str):
            variants_raw = [v for v in variants_raw.split("|")]
        if not isinstance(variants_raw, list):
            problem(i, term, "variants", "must be a list of strings")
            variants_raw = []
        variants = []
        for v in variants_raw:
            if not isinstance(v, str) or not v.strip():
                problem(i, term, "variants", f"empty or non-text variant {v!r}")
            else:
                variants.append(" ".join(v.split()))
        category = rec.get("category")
        if not isinstance(category, str) or not category.strip():
            problem(i, term, "category", "missing category")
            category = ""
        elif categories:
            if category not in categories:
                problem(i, term, "category",
                        f"unknown category {category!r}; declared: {', '.join(sorted(categories))}")
        elif not _CATEGORY.match(category):
            problem(i, term, "category", f"bad category {category!r}: use lower_snake_case")
        for key in ("note", "refers_to", "neutral"):
            if rec.get(key) is not None and not isinstance(rec.get(key), str):
                problem(i, term, key, "must be text")
        flags = {}
        for key in _BOOL_FIELDS:
            if key in rec and rec[key] is not None:
                b = _as_bool(rec[key])
                if b is None:
                    problem(i, term, key, f"must be true or false, got {rec[key]!r}")
                else:
                    flags[key] = b
        wildcard = flags.get("wildcard", False)
        for form in [term, *variants]:
            if "*" in form:
                if form.endswith("*") and "*" not in form[:-1] and len(form) > 2:
                    wildcard = True
                else:
                    problem(i, term, "term", f"{form!r}: only one trailing * wildcard is supported, "
                                             "after at least two characters")
            if not any(c.isalnum() for c in form):
                problem(i, term, "term", f"{form!r} has no letters or digits")
            key = form.rstrip("*").casefold()
            if key in seen and (flags.get("case_sensitive") is not True):
                problem(i, term, "term", f"duplicate: {form!r} is already entry {seen[key]}")
            seen.setdefault(key, i)
        entries.append(
            LexiconEntry(
                term=term.rstrip("*") if wildcard else term,
                category=category,
                note=(rec.get("note") or "") if isinstance(rec.get("note"), str) else "",
                variants=tuple(v.rstrip("*") for v in variants) if wildcard else tuple(variants),
                refers_to=rec.get("refers_to") if isinstance(rec.get("refers_to"), str) else None,
                neutral=rec.get("neutral") if isinstance(rec.get("neutral"), str) else None,
                case_sensitive=flags.get("case_sensitive", False),
                inflect=flags.get("inflect", not wildcard),
                in_compounds=flags.get("in_compounds", False),
                wildcard=wildcard,
                lexicon=lexicon,
            )
        )
    return entries, problems


_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: 20x faster


def _parse_yaml(text: str, file: str) -> tuple[Lexicon | None, list[LexiconProblem]]:
    try:
        doc = yaml.load(text, Loader=_YAML_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, [LexiconProblem(file, None, None, None, f"invalid YAML{where}: {reason}")]
    if not isinstance(doc, dict):
        return None, [LexiconProblem(file, None, None, None,
                                     "a codebook must be a mapping with 'name' and 'entries'")]
    problems = [
        LexiconProblem(file, None, None, str(k), f"unknown field; known: {', '.join(sorted(_META_FIELDS))}")
        for k in doc
        if k not in _META_FIELDS
    ]
    name = str(doc.get("name") or Path(file).stem)
    cats = doc.get("categories") or {}
    if isinstance(cats, list):
        cats = {str(c): "" for c in cats}
    if not isinstance(cats, dict):
        problems.append(LexiconProblem(file, None, None, "categories", "must map category names to descriptions"))
        cats = {}
    for c in cats:
        if not _CATEGORY.match(str(c)):
            problems.append(LexiconProblem(file, None, None, "categories",
                                           f"bad category name {c!r}: use lower_snake_case"))
    records = doc.get("entries")
    if not isinstance(records, list) or not records:
        problems.append(LexiconProblem(file, None, None, "entries", "missing or empty list of entries"))
        records = []
    entries, more = _entries_from_records(records, file=file, lexicon=name, categories=cats or None)
    problems += more
    authors = doc.get("authors") or []
    lex = Lexicon(
        name=name,
        entries=tuple(entries),
        version=str(doc.get("version", "0")),
        description=str(doc.get("description") or ""),
        authors=tuple(authors) if isinstance(authors, list) else (str(authors),),
        license=str(doc.get("license") or ""),
        categories={str(k): str(v or "") for k, v in cats.items()},
        path=file,
    )
    return lex, problems


def _parse_csv(text: str, file: str) -> tuple[Lexicon | None, list[LexiconProblem]]:
    dialect = "excel-tab" if file.endswith(".tsv") else "excel"
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    if not reader.fieldnames or "term" not in reader.fieldnames:
        return None, [LexiconProblem(file, None, None, "term",
                                     f"no 'term' column (columns: {', '.join(reader.fieldnames or [])})")]
    records = [{k: v for k, v in row.items() if k is not None and v not in (None, "")} for row in reader]
    name = Path(file).stem
    entries, problems = _entries_from_records(records, file=file, lexicon=name, categories=None)
    return Lexicon(name=name, entries=tuple(entries), path=file), problems


def _read_source(name_or_path: str | Path) -> tuple[str, str]:
    """Return (text, file label) for a bundled name or a path."""
    p = Path(name_or_path)
    if p.suffix.lower() in {".yaml", ".yml", ".csv", ".tsv"} or p.exists():
        try:
            return p.read_text(encoding="utf-8-sig"), str(p)
        except FileNotFoundError:
            raise LexiconError(f"{p}: no such codebook file") from None
        except UnicodeDecodeError as exc:
            raise LexiconError(f"{p}: not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
        except OSError as exc:
            raise LexiconError(f"{p}: cannot read ({exc.strerror})") from None
    name = str(name_or_path)
    if name in bundled_lexicons():
        res = resources.files("framing").joinpath(f"lexicons/{name}.yaml")
        return res.read_text(encoding="utf-8"), f"{name}.yaml (bundled)"
    raise LexiconError(
        f"{name!r} is neither a codebook file nor a bundled codebook; bundled: {', '.join(bundled_lexicons())}"
    )


def _parse(name_or_path: str | Path) -> tuple[Lexicon | None, list[LexiconProblem]]:
    if isinstance(name_or_path, str) and name_or_path in bundled_lexicons():
        return _parse_bundled(name_or_path)
    return _parse_uncached(name_or_path)


@lru_cache(maxsize=8)
def _parse_bundled(name: str) -> tuple[Lexicon | None, list[LexiconProblem]]:
    """Bundled codebooks never change while running: parse each once."""
    return _parse_uncached(name)


def _parse_uncached(name_or_path: str | Path) -> tuple[Lexicon | None, list[LexiconProblem]]:
    text, file = _read_source(name_or_path)
    if file.lower().endswith((".csv", ".tsv")):
        return _parse_csv(text, file)
    return _parse_yaml(text, file)


def validate_lexicon(name_or_path: str | Path) -> list[LexiconProblem]:
    """Every problem in a codebook file (empty list: it is valid).

    Examples
    --------
    >>> validate_lexicon("conflict")
    []
    """
    return _parse(name_or_path)[1]


def load_lexicon(name_or_path: str | Path | Lexicon | Iterable[str | Path | Lexicon]) -> Lexicon:
    """Load a bundled codebook by name, a YAML/CSV file, or several combined.

    Parameters
    ----------
    name_or_path : str, Path, Lexicon or list of them
        ``"conflict"``, ``"cues"``, a path to ``.yaml``/``.csv``, a word list
        (``.txt``), LIWC ``.dic`` or MPQA ``.tff``. A list is combined in order:
        where two codebooks define the same form, the first wins.

    Raises
    ------
    LexiconError
        Listing every problem found (file, entry, field).

    Examples
    --------
    >>> both = load_lexicon(["conflict", "cues"])
    >>> both.name
    'conflict+cues'
    """
    if isinstance(name_or_path, Lexicon):
        return name_or_path
    if not isinstance(name_or_path, (str, Path)):
        lexes = [load_lexicon(x) for x in name_or_path]
        if not lexes:
            raise LexiconError("no codebook given")
        return lexes[0].combine(*lexes[1:]) if len(lexes) > 1 else lexes[0]
    suffix = Path(name_or_path).suffix.lower()
    if suffix == ".dic":
        return read_liwc_dic(name_or_path)
    if suffix == ".tff":
        return read_mpqa_tff(name_or_path)
    if suffix == ".txt":
        return read_wordlist(name_or_path)
    lex, problems = _parse(name_or_path)
    if len(problems) == 1:
        raise LexiconError(str(problems[0]), problems)
    if problems or lex is None:
        shown = "\n  ".join(str(p) for p in problems[:20])
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise LexiconError(
            f"{problems[0].file}: {len(problems)} problem(s) in the codebook:\n  {shown}{more}", problems
        )
    return lex


def _read_lines(path: str | Path, encoding: str) -> list[str]:
    try:
        return Path(path).read_text(encoding=encoding).splitlines()
    except FileNotFoundError:
        raise LexiconError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise LexiconError(f"{path}: not {encoding} text (byte {exc.start}); pass encoding=") from None


def read_wordlist(
    path: str | Path, *, category: str | None = None, name: str | None = None, encoding: str = "utf-8-sig"
) -> Lexicon:
    """Import a plain word list: one term per line, ``#`` comments, trailing ``*`` wildcards.

    Every term gets ``category`` (default: the file name in lower_snake_case).
    Repeated lines are kept once.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "hedges.txt")
    >>> _ = open(p, "w").write("# my hedges\\nreportedly\\nalleg*\\nreportedly\\n")
    >>> [(e.term, e.wildcard) for e in read_wordlist(p)]
    [('reportedly', False), ('alleg', True)]
    """
    stem = Path(path).stem
    category = category or _snake(stem)
    name = name or stem
    records, seen = [], set()
    for line in _read_lines(path, encoding):
        term = line.split("#", 1)[0].strip()
        if not term or term.casefold() in seen:
            continue
        seen.add(term.casefold())
        records.append({"term": term, "category": category, "note": f"imported from {Path(path).name}"})
    entries, problems = _entries_from_records(records, file=str(path), lexicon=name, categories=None)
    if problems:
        raise LexiconError(f"{path}: {len(problems)} problem(s): {problems[0]}", problems)
    return Lexicon(name=name, entries=tuple(entries), description=f"Imported word list {Path(path).name}",
                   categories={category: ""}, path=str(path))


def _snake(s: str) -> str:
    s = re.sub(r"[^0-9a-zA-Z]+", "_", s).strip("_").lower()
    return s if s and s[0].isalpha() else f"c_{s}"


def read_liwc_dic(path: str | Path, *, name: str | None = None, encoding: str = "utf-8-sig") -> Lexicon:
    """Import a LIWC-style ``.dic`` file.

    The file opens with a ``%``-delimited block of ``number<TAB>category`` lines,
    then one ``word<TAB>number...`` line per word; ``*`` ends a prefix. A word in
    several categories becomes one entry per category, so each category counts it.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "mini.dic")
    >>> _ = open(p, "w").write("%\\n1\\tthreat\\n2\\tblame\\n%\\nmenac*\\t1\\nculprit\\t1\\t2\\n")
    >>> [(e.term, e.category, e.wildcard) for e in read_liwc_dic(p)]
    [('menac', 'threat', True), ('culprit', 'threat', False), ('culprit', 'blame', False)]
    """
    lines = _read_lines(path, encoding)
    stem = Path(path).stem
    marks = [i for i, line in enumerate(lines) if line.strip() == "%"]
    if len(marks) < 2:
        raise LexiconError(f"{path}: not a LIWC .dic file: expected a %-delimited category block at the top")
    cats: dict[str, str] = {}
    for n, line in enumerate(lines[marks[0] + 1 : marks[1]], start=marks[0] + 2):
        parts = line.split()
        if not parts:
            continue
        if len(parts) < 2:
            raise LexiconError(f"{path}, line {n}: expected 'number<TAB>category', got {line!r}")
        cats[parts[0]] = _snake(" ".join(parts[1:]))
    entries = []
    for n, line in enumerate(lines[marks[1] + 1 :], start=marks[1] + 2):
        parts = line.split()
        if not parts:
            continue
        # the category numbers come last; what precedes them is the word or phrase
        k = len(parts)
        while k > 1 and parts[k - 1].isdigit():
            k -= 1
        word, nums = " ".join(parts[:k]), parts[k:]
        wildcard = word.endswith("*")
        for num in nums:
            if num not in cats:
                raise LexiconError(f"{path}, line {n}: category number {num} of {word!r} is not declared")
            entries.append(LexiconEntry(term=word.rstrip("*"), category=cats[num],
                                        note=f"imported from {Path(path).name}", inflect=False,
                                        wildcard=wildcard, lexicon=name or stem))
    return Lexicon(name=name or stem, entries=tuple(entries), description=f"Imported LIWC-style dictionary {Path(path).name}",
                   categories={c: "" for c in cats.values()}, path=str(path))


_TFF_FIELD = re.compile(r"(\w+)=(\S+)")


def read_mpqa_tff(path: str | Path, *, name: str | None = None, encoding: str = "utf-8-sig") -> Lexicon:
    """Import an MPQA subjectivity-clue ``.tff`` file.

    Each line holds ``key=value`` fields (``type``, ``word1``, ``pos1``,
    ``stemmed1``, ``priorpolarity``). The category is ``type_polarity``, e.g.
    ``strongsubj_negative``; ``stemmed1=y`` turns on inflection. A word listed with
    several parts of speech is kept once per category.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "clues.tff")
    >>> _ = open(p, "w").write("type=strongsubj len=1 word1=brutal pos1=adj stemmed1=n priorpolarity=negative\\n")
    >>> e = read_mpqa_tff(p).entries[0]
    >>> e.term, e.category, e.inflect
    ('brutal', 'strongsubj_negative', False)
    """
    entries, seen, cats = [], set(), {}
    stem = Path(path).stem
    for n, line in enumerate(_read_lines(path, encoding), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        f = dict(_TFF_FIELD.findall(line))
        if "word1" not in f or "type" not in f:
            raise LexiconError(f"{path}, line {n}: not an MPQA clue (needs type= and word1=): {line.strip()!r}")
        category = _snake(f"{f['type']}_{f.get('priorpolarity', 'unknown')}")
        key = (f["word1"].casefold(), category)
        if key in seen:
            continue
        seen.add(key)
        cats[category] = f"MPQA {f['type']}, prior polarity {f.get('priorpolarity', 'unknown')}"
        entries.append(LexiconEntry(term=f["word1"], category=category, inflect=f.get("stemmed1") == "y",
                                    note=f"MPQA clue ({f.get('pos1', 'anypos')})", lexicon=name or stem))
    if not entries:
        raise LexiconError(f"{path}: no MPQA clues found")
    return Lexicon(name=name or stem, entries=tuple(entries), description=f"Imported MPQA clues {Path(path).name}",
                   categories=cats, path=str(path))


