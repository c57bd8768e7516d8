"""The source registry: who a speaker is, across a corpus.

A registry is a YAML file (the bundled starter set is
``framing/data/sources.yaml``, written by the framing contributors)::

    name: my_sources
    version: "1"
    types:
      state_media: News agencies owned or controlled by a government.
    sources:
      - name: SANA
        aliases: [Syrian Arab News Agency, Syrian state news agency]
        type: state_media
        affiliation: Syrian government
        country: Syria
        note: Official news agency of the Syrian government.

:func:`load_sources` loads the bundled registry and any files you add; later
files extend and override earlier ones, so adding a source is a few lines of YAML.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

from .errors import LexiconError

__all__ = ["Source", "SourceRegistry", "load_sources"]

_SOURCE_FIELDS = {"name", "aliases", "type", "affiliation", "country", "note"}
_META_FIELDS = {"name", "version", "description", "license", "authors", "types", "sources"}


@dataclass(frozen=True, slots=True)
class Source:
    """A known source: canonical name, aliases, type and affiliation."""

    name: str
    type: str | None = None
    affiliation: str | None = None
    country: str | None = None
    aliases: tuple[str, ...] = ()
    note: str = ""


def _key(name: str) -> str:
    name = " ".join(name.replace("’", "'").replace("\u2011", "-").split()).strip(" .,:;\"“”")
    low = name.lower()
    for art in ("the ", "a ", "an "):
        if low.startswith(art):
            low = low[len(art):]
    return low.replace(".", "") if len(low) <= 12 else low


@dataclass
class SourceRegistry:
    """Look sources up by any alias (case-insensitive, a leading "the" ignored).

    Examples
    --------
    >>> reg = load_sources()
    >>> src = reg.lookup("the Syrian Observatory for Human Rights")
    >>> src.name, src.type
    ('SOHR', 'monitor')
    """

    sources: dict[str, Source] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)
    _index: dict[str, str] = field(default_factory=dict, repr=False)

    def add(self, source: Source) -> None:
        """Add or replace a source (its aliases point to it from now on)."""
        old = self.sources.get(source.name)
        if old is not None:
            for alias in (old.name, *old.aliases):
                self._index.pop(_key(alias), None)
        self.sources[source.name] = source
        for alias in (source.name, *source.aliases):
            self._index[_key(alias)] = source.name

    def lookup(self, name: str) -> Source | None:
        """The source a name refers to, or None."""
        hit = self._index.get(_key(name))
        return self.sources[hit] if hit is not None else None

    def __len__(self) -> int:
        return len(self.sources)

    def __contains__(self, name: str) -> bool:
        return self.lookup(name) is not None

    def to_frame(self):
        """The registry as a DataFrame (one row per source)."""
        import pandas as pd

        return pd.DataFrame(
            [{"name": s.name, "type": s.type, "affiliation": s.affiliation, "country": s.country,
              "aliases": "|".join(s.aliases), "note": s.note} for s in self.sources.values()],
            columns=["name", "type", "affiliation", "country", "aliases", "note"],
        )


def _read_registry(text: str, file: str, into: SourceRegistry) -> None:
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise LexiconError(f"{file}: invalid YAML{where}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("sources"), list):
        raise LexiconError(f"{file}: a source registry needs a 'sources' list")
    problems = [f"{file}: unknown field {k!r}" for k in doc if k not in _META_FIELDS]
    types = doc.get("types") or {}
    into.types.update({str(k): str(v or "") for k, v in types.items()})
    for i, rec in enumerate(doc["sources"], start=1):
        if not isinstance(rec, dict) or not str(rec.get("name") or "").strip():
            problems.append(f"{file}, source {i}: needs a name")
            continue
        for k in rec:
            if k not in _SOURCE_FIELDS:
                problems.append(f"{file}, source {i} ({rec['name']!r}), field {k!r}: unknown field; "
                                f"known: {', '.join(sorted(_SOURCE_FIELDS))}")
        typ = rec.get("type")
        if typ is not None and into.types and typ not in into.types:
            problems.append(f"{file}, source {i} ({rec['name']!r}), field 'type': unknown type {typ!r}; "
                            f"declared: {', '.join(sorted(into.types))}")
        aliases = rec.get("aliases") or []
        if not isinstance(aliases, list):
            problems.append(f"{file}, source {i} ({rec['name']!r}), field 'aliases': must be a list")
            aliases = []
        into.add(Source(name=str(rec["name"]).strip(), type=typ, affiliation=rec.get("affiliation"),
                        country=rec.get("country"), aliases=tuple(str(a) for a in aliases),
                        note=str(rec.get("note") or "")))
    if problems:
        raise LexiconError(problems[0] if len(problems) == 1 else
                           f"{file}: {len(problems)} problems:\n  " + "\n  ".join(problems))


def load_sources(*paths: str | Path, bundled: bool = True) -> SourceRegistry:
    """The bundled starter registry, extended by your own registry files.

    Parameters
    ----------
    *paths : str or Path
        YAML files of the same shape as the bundled one; later files override
        earlier entries of the same name.
    bundled : bool, default True
        Start from the bundled registry.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "mine.yaml")
    >>> _ = open(p, "w").write("sources:\\n  - name: Tell Qasr Council\\n    aliases: [the local council]\\n"
    ...                        "    type: government\\n")
    >>> load_sources(p).lookup("the local council").name
    'Tell Qasr Council'
    """
    reg = SourceRegistry()
    if bundled:
        text = resources.files("framing").joinpath("data/sources.yaml").read_text(encoding="utf-8")
        _read_registry(text, "sources.yaml (bundled)", reg)
    for p in _flatten(paths):
        try:
            text = Path(p).read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise LexiconError(f"{p}: cannot read source registry ({exc.strerror})") from None
        _read_registry(text, str(p), reg)
    return reg


def _flatten(paths: Iterable) -> list:
    out = []
    for p in paths:
        if isinstance(p, (list, tuple)):
            out.extend(p)
        else:
            out.append(p)
    return out
