"""Beyond one machine: tag a Dask DataFrame partition by partition and aggregate counts.

Optional: ``pip install "framing[dask]"``. Each partition is tagged and
attributed where it lives; only counts travel back (hits per group, words per
group), so the statistics need no table of every token.

Running on a cluster::

    from dask.distributed import Client
    client = Client("tcp://scheduler:8786")        # a real cluster
    import dask.dataframe as dd
    articles = dd.read_parquet("s3://bucket/articles/")   # columns: doc_id, text, outlet, date
    from framing.dask import analyze_dask
    hits, words = analyze_dask(articles)            # lazy Dask DataFrames
    from framing.stats import rates
    rates(hits.compute(), words.compute(), by="outlet")

Every worker needs framing installed (the same version); nothing is downloaded.
"""

from __future__ import annotations

import pandas as pd

from .match import DEFAULT_LEXICONS
from .stats import WORD_COLUMNS

__all__ = ["analyze_dask", "hit_counts"]

_HIT_META = {"doc_id": "object", "outlet": "object", "sentence": "int64", "start": "int64", "end": "int64",
             "text": "object", "term": "object", "category": "object", "refers_to": "object",
             "lexicon": "object", "speaker": "object", "mode": "object", "score": "float64", "source": "object",
             "voice": "object", "loaded": "bool", "speaker_type": "object", "date": "object"}


def _analyze_partition(part: pd.DataFrame, text_column: str, lexicon, registry, which: str) -> pd.DataFrame:
    from .io import read_documents
    from .stats import analyze

    if part.empty:
        cols = list(_HIT_META) if which == "hits" else WORD_COLUMNS
        return pd.DataFrame({c: pd.Series(dtype=_HIT_META.get(c, "object")) for c in cols}) if which == "hits" \
            else pd.DataFrame({c: pd.Series(dtype="int64" if c == "n_words" else "object") for c in cols})
    docs = read_documents(part, text_column=text_column, id_column="doc_id" if "doc_id" in part else None)
    a = analyze(docs, lexicon, registry=registry)
    if which == "hits":
        out = a.hits.reindex(columns=list(_HIT_META))
        return out.astype({c: t for c, t in _HIT_META.items() if t != "object"})
    return a.words.reindex(columns=WORD_COLUMNS)


def analyze_dask(frame, *, text_column: str = "text", lexicon=DEFAULT_LEXICONS, registry=None):
    """Hits and words tables of a Dask DataFrame of articles, as lazy Dask DataFrames.

    Parameters
    ----------
    frame : dask.dataframe.DataFrame
        One row per article: ``text_column`` plus ``doc_id`` (recommended, so ids
        are unique across partitions), ``outlet``, ``date``, ``title``.
    text_column : str
    lexicon, registry : as for :func:`framing.stats.analyze`

    Returns
    -------
    (hits, words) : tuple of dask.dataframe.DataFrame
        The same columns as ``Analysis.hits`` and ``Analysis.words``.
    """
    hits_meta = pd.DataFrame({c: pd.Series(dtype=t) for c, t in _HIT_META.items()})
    words_meta = pd.DataFrame({c: pd.Series(dtype="int64" if c == "n_words" else "object") for c in WORD_COLUMNS})
    hits = frame.map_partitions(_analyze_partition, text_column, lexicon, registry, "hits", meta=hits_meta)
    words = frame.map_partitions(_analyze_partition, text_column, lexicon, registry, "words", meta=words_meta)
    return hits, words


def hit_counts(hits, words, *, by: str | list[str] = "outlet", split: str | None = "category") -> pd.DataFrame:
    """Counts aggregated on the cluster: hits and words per group, then rates per 1,000 words.

    Only the loaded hits count. Returns a small pandas DataFrame with the group
    columns, ``split``, ``n_hits``, ``n_words`` and ``rate``.
    """
    keys = [by] if isinstance(by, str) else list(by)
    loaded = hits[hits["loaded"]]
    h = loaded.groupby([*keys] + ([split] if split else [])).size().compute().rename("n_hits").reset_index()
    w = words.groupby(keys)["n_words"].sum().compute().reset_index()
    out = w.merge(h, on=keys, how="left") if split is None else w.merge(h, on=keys, how="right")
    out["n_hits"] = out["n_hits"].fillna(0).astype("int64")
    out["rate"] = out["n_hits"] / out["n_words"] * 1000
    return out.sort_values([*keys] + ([split] if split else []), ignore_index=True)
