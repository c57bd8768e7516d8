"""Comparing sources: rates with intervals, distinctive terms, naming choices.

Everything here takes tidy DataFrames and returns tidy DataFrames.

The counts come from :func:`analyze`: ``hits`` (one row per use of a codebook
term, with who used it) and ``words`` (how many words each source spoke in
each article). A source's *rate* is its hits per 1,000 of the words **it**
spoke: a quoted source's words for a quoted source, the outlet's own words for
the outlet. Two columns name the source of every hit and every word:

``source``
    the speaker's name, or the outlet's name for the outlet's own voice;
``voice``
    ``"own"`` (the outlet's narration) or ``"quoted"`` (someone the outlet
    quotes or reports).

Statistics, with their assumptions:

- **Wilson interval** (default) for a rate: hits are treated as successes among
  the group's words (a binomial count); fast, but it assumes words are
  independent, which understates the uncertainty when one article repeats a
  term. ``ci="bootstrap"`` resamples **articles** within the group instead
  (percentile interval, ``n_boot`` resamples, seeded): wider and more honest
  for small corpora.
- **Log-odds ratio with an informative Dirichlet prior** (Monroe, Colaresi &
  Quinn 2008, eq. 16-22), one group against the rest or pairwise, with z-scores
  and Benjamini-Hochberg adjusted p-values.
- No minimum-frequency cut: small counts are shown as small counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .errors import FramingError
from .lexicon import NEUTRAL, load_lexicon
from .match import DEFAULT_LEXICONS, LexiconMatcher, _as_documents, _hit_row, _rows_frame, doc_hits
from .segment import _default_segmenter, count_words

__all__ = [
    "OWN",
    "QUOTED",
    "Analysis",
    "analyze",
    "category_table",
    "log_odds",
    "naming_choice",
    "rates",
    "speaker_words",
    "term_table",
]

NO_OUTLET = "(outlet)"
OWN = "own"
QUOTED = "quoted"
WORD_COLUMNS = ["doc_id", "outlet", "date", "speaker", "speaker_type", "source", "voice", "n_words"]


@dataclass
class Analysis:
    """The counts behind every table and chart of a corpus.

    Attributes
    ----------
    documents : DataFrame
        One row per article (doc_id, outlet, date, title, n_words).
    hits : DataFrame
        One row per hit (the columns of :func:`~framing.match.hits_frame` plus
        ``source``, ``voice`` and ``loaded``); neutral reference labels are
        included (``loaded`` False) for naming-choice tables.
    words : DataFrame
        Words spoken per article and source (``WORD_COLUMNS``).
    lexicon : str
        Name and version of the codebook(s) used.
    """

    documents: pd.DataFrame
    hits: pd.DataFrame
    words: pd.DataFrame
    lexicon: str = ""
    categories: dict[str, str] = field(default_factory=dict)

    @property
    def loaded_hits(self) -> pd.DataFrame:
        """Hits of loaded terms only (neutral reference labels left out)."""
        return self.hits[self.hits["loaded"]]

    def rates(self, **kwargs) -> pd.DataFrame:
        """:func:`rates` of the loaded hits over these words."""
        return rates(self.loaded_hits, self.words, **kwargs)

    def log_odds(self, **kwargs) -> pd.DataFrame:
        """:func:`log_odds` of the loaded hits."""
        return log_odds(self.loaded_hits, **kwargs)

    def naming_choice(self, **kwargs) -> pd.DataFrame:
        """:func:`naming_choice` over all hits, neutral labels included."""
        return naming_choice(self.hits, **kwargs)

    def _repr_html_(self) -> str:
        from html import escape

        n_docs, n_hits = len(self.documents), int(self.hits["loaded"].sum()) if len(self.hits) else 0
        return (f"<p><strong>framing analysis</strong>: {n_docs} articles, {int(self.words['n_words'].sum()):,} words, "
                f"{n_hits:,} loaded-term hits; codebook {escape(self.lexicon)}</p>")


def _with_source(df: pd.DataFrame) -> pd.DataFrame:
    df = df.copy()
    quoted = df["speaker"].notna() & (df["speaker"].astype("object") != "")
    outlet = df["outlet"].astype("object").where(df["outlet"].notna(), "(outlet)")
    df["source"] = df["speaker"].astype("object").where(quoted, outlet)
    df["voice"] = np.where(quoted, QUOTED, OWN)
    return df


def speaker_words(document, attributions) -> list[dict[str, Any]]:
    """Words spoken by each source in one document (the outlet's own voice included).

    Examples
    --------
    >>> from framing.types import Document
    >>> from framing.attribution import attribute_speakers
    >>> doc = Document("d", "Strikes hit the town. “We were asleep,” a resident said.", outlet="Wire")
    >>> [(r["source"], r["voice"], r["n_words"]) for r in speaker_words(doc, attribute_speakers(doc))]
    [('Wire', 'own', 7), ('resident', 'quoted', 3)]
    """
    text = document.text
    by: dict[tuple[str, str | None], int] = {}
    quoted = 0
    for a in attributions:
        n = count_words(text, a.start, a.end)
        key = (a.speaker, a.speaker_type)
        by[key] = by.get(key, 0) + n
        quoted += n
    own = count_words(text) - quoted
    base = {"doc_id": document.doc_id, "outlet": document.outlet, "date": document.date}
    rows = [{**base, "speaker": None, "speaker_type": None, "source": document.outlet or "(outlet)", "voice": OWN,
             "n_words": max(own, 0)}]
    for (speaker, typ), n in by.items():
        rows.append({**base, "speaker": speaker, "speaker_type": typ, "source": speaker, "voice": QUOTED,
                     "n_words": n})
    return rows


def analyze(documents, lexicon=DEFAULT_LEXICONS, *, registry=None, progress: bool | None = False,
            n_jobs: int | None = 1, attribution_model=None) -> Analysis:
    """Tag, attribute and count a corpus, one document at a time.

    Only counts are kept (one row per hit and per article × source), so a corpus
    larger than memory can stream through.

    Parameters
    ----------
    documents : iterable of Document (or anything :func:`~framing.io.iter_documents` yields)
    lexicon : codebook name(s), path(s) or Lexicon; default the bundled ``conflict`` and ``cues``
    registry : SourceRegistry, optional
    progress : bool or None
        Show a progress bar (``None``: only on a terminal).
    n_jobs : int, default 1
        Worker processes (``-1``: all cores); the result does not depend on it.
    attribution_model : AttributionModel, optional
        A trained :class:`~framing.attribution_model.AttributionModel` to find who
        speaks instead of the rules alone.

    Examples
    --------
    >>> from framing.datasets import load_sample
    >>> a = analyze(load_sample())
    >>> sorted(a.words["voice"].unique()), bool(a.hits["loaded"].any())
    (['own', 'quoted'], True)
    """
    from .parallel import imap_documents

    lex = lexicon.lexicon if isinstance(lexicon, LexiconMatcher) else load_lexicon(lexicon)
    hits, words, docs = [], [], []
    frames = []  # hit rows become tables in chunks: a table row takes far less memory than a tuple
    for doc_hits_, rows, doc_row in imap_documents(_analyze_worker, (lex, registry, attribution_model),
                                                   _as_documents(documents),
                                                   n_jobs=n_jobs, progress=progress, desc="analyzing"):
        hits.extend(doc_hits_)
        if len(hits) >= _HIT_CHUNK:
            frames.append(_rows_frame(hits))
            hits = []
        words.extend(rows)
        docs.append(doc_row)
    wf = pd.DataFrame(words, columns=WORD_COLUMNS)
    wf["n_words"] = wf["n_words"].astype("int64")
    if hits or not frames:
        frames.append(_rows_frame(hits))
    hf = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    # documents without an outlet are grouped under one label rather than dropped
    hf["outlet"] = hf["outlet"].astype("object").where(hf["outlet"].notna(), NO_OUTLET)
    wf["outlet"] = wf["outlet"].astype("object").where(wf["outlet"].notna(), NO_OUTLET)
    hf = _with_source(hf)
    hf["loaded"] = hf["category"] != NEUTRAL
    types = wf.loc[wf["voice"] == QUOTED, ["doc_id", "speaker", "speaker_type"]].drop_duplicates(["doc_id", "speaker"])
    hf = hf.merge(types, on=["doc_id", "speaker"], how="left")
    hf["date"] = hf["doc_id"].map({d["doc_id"]: d["date"] for d in docs})
    return Analysis(documents=pd.DataFrame(docs, columns=["doc_id", "outlet", "date", "title", "n_words"]),
                    hits=hf, words=wf, lexicon=f"{lex.name} {lex.version}", categories=dict(lex.categories))


_HIT_CHUNK = 20_000  # hit rows (see match._hit_row) turned into a table at a time


def _analyze_worker(lex, registry, attribution_model=None):
    from .attribution import attribute_speakers
    from .context import load_context_model

    matcher = LexiconMatcher(lex, neutral=True)
    seg = _default_segmenter()
    model = load_context_model()

    def run(doc):
        attrs = attribute_speakers(doc, registry=registry, model=attribution_model)
        found = [_hit_row(h) for h in doc_hits(doc, matcher, seg, neutral=True, attributions=attrs, model=model)]
        rows = speaker_words(doc, attrs)
        return found, rows, {"doc_id": doc.doc_id, "outlet": doc.outlet or NO_OUTLET, "date": doc.date,
                             "title": doc.title, "n_words": sum(r["n_words"] for r in rows)}

    return run


def _as_list(by) -> list[str]:
    return [by] if isinstance(by, str) else list(by)


def _check_columns(df: pd.DataFrame, cols: Sequence[str], what: str) -> None:
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise FramingError(f"{what} has no column(s) {', '.join(missing)}; columns: {', '.join(map(str, df.columns))}")


def _add_period(df: pd.DataFrame, freq: str | None) -> pd.DataFrame:
    if freq is None:
        return df
    df = df.copy()
    dates = pd.to_datetime(df["date"], errors="coerce")
    if dates.isna().all():
        raise FramingError("period= needs dates: no document has a readable 'date'")
    df["period"] = dates.dt.to_period(freq).dt.start_time
    return df


def _wilson(k: np.ndarray, n: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray]:
    from scipy import stats as _st  # imported when needed: it takes a while

    lo = np.full(len(k), np.nan)
    hi = np.full(len(k), np.nan)
    for i, (kk, nn) in enumerate(zip(k, n)):
        if nn > 0:
            ci = _st.binomtest(int(kk), int(nn)).proportion_ci(confidence_level=level, method="wilson")
            lo[i], hi[i] = ci.low, ci.high
    return lo, hi


def rates(
    hits: pd.DataFrame,
    words: pd.DataFrame,
    *,
    by: str | Sequence[str] = "outlet",
    split: str | None = None,
    period: str | None = None,
    per: int = 1000,
    ci: str = "wilson",
    level: float = 0.95,
    n_boot: int = 2000,
    seed: int = 0,
) -> pd.DataFrame:
    """Hits per ``per`` words for each group, with confidence intervals.

    Parameters
    ----------
    hits : DataFrame
        One row per hit (``Analysis.loaded_hits``).
    words : DataFrame
        Words per article and source (``Analysis.words``): the denominators.
    by : str or list of str, default "outlet"
        Grouping columns present in both tables: ``outlet``, ``source``,
        ``speaker``, ``speaker_type``, ``voice``, ``doc_id``, or your own.
    split : str, optional
        A hit column to split the counts by, e.g. ``"category"`` or ``"term"``;
        every group gets a row for every value, zeros included.
    period : str, optional
        Bin dates into periods (``"D"``, ``"W"``, ``"M"``) and add ``period``.
    per : int, default 1000
    ci : {"wilson", "bootstrap"}
        Wilson score interval on the binomial count, or a percentile bootstrap
        resampling articles within each group.
    level : float, default 0.95

    Returns
    -------
    DataFrame
        ``by`` columns, ``split`` column, ``n_hits``, ``n_words``, ``n_docs``,
        ``rate``, ``ci_low``, ``ci_high``; ``attrs`` records ``per``, ``ci``,
        ``level`` and what was counted.

    Examples
    --------
    >>> hits = pd.DataFrame({"outlet": ["A", "A", "B"], "doc_id": ["a1", "a1", "b1"]})
    >>> words = pd.DataFrame({"outlet": ["A", "B"], "doc_id": ["a1", "b1"], "n_words": [1000, 500]})
    >>> rates(hits, words)[["outlet", "n_hits", "rate"]].values.tolist()
    [['A', 2, 2.0], ['B', 1, 2.0]]
    """
    keys = _as_list(by)
    if period is not None:
        hits, words = _add_period(hits, period), _add_period(words, period)
        keys = [*keys, "period"] if "period" not in keys else keys
    _check_columns(words, [*keys, "n_words", "doc_id"], "the words table")
    _check_columns(hits, keys + ([split] if split else []), "the hits table")
    if ci not in ("wilson", "bootstrap"):
        raise FramingError(f"ci must be 'wilson' or 'bootstrap', not {ci!r}")
    # words and hits per article and group: the article is the unit the bootstrap resamples
    split_cols = [split] if split else []
    wd = words.groupby([*keys, "doc_id"], dropna=False)["n_words"].sum().reset_index()
    if split:
        values = pd.DataFrame({split: sorted(hits[split].dropna().unique().tolist())})
        wd = wd.merge(values, how="cross")
    hd = hits.groupby([*keys, "doc_id", *split_cols], dropna=False).size().rename("h").reset_index()
    merged = wd.merge(hd, on=[*keys, "doc_id", *split_cols], how="left")
    merged["h"] = merged["h"].fillna(0).astype("int64")
    rows = []
    rng = np.random.default_rng(seed)
    for gkey, grp in merged.groupby([*keys, *split_cols], dropna=False, sort=True):
        gkey = gkey if isinstance(gkey, tuple) else (gkey,)
        h = grp["h"].to_numpy(dtype=float)
        w = grp["n_words"].to_numpy(dtype=float)
        n_hits, n_words = int(h.sum()), int(w.sum())
        row = dict(zip([*keys, *split_cols], gkey))
        row.update(n_hits=n_hits, n_words=n_words, n_docs=int((w > 0).sum()))
        row["rate"] = n_hits / n_words * per if n_words else np.nan
        row["ci_low"] = row["ci_high"] = np.nan
        if ci == "bootstrap" and n_words and len(h) > 1:
            idx = rng.integers(0, len(h), size=(n_boot, len(h)))
            den = w[idx].sum(axis=1)
            boot = h[idx].sum(axis=1) / np.where(den > 0, den, np.nan) * per
            row["ci_low"], row["ci_high"] = np.nanpercentile(boot, [(1 - level) / 2 * 100, (1 + level) / 2 * 100])
        rows.append(row)
    out = pd.DataFrame(rows, columns=[*keys, *split_cols, "n_hits", "n_words", "n_docs", "rate", "ci_low",
                                      "ci_high"])
    if ci == "wilson" and len(out):
        lo, hi = _wilson(out["n_hits"].to_numpy(), out["n_words"].to_numpy(), level)
        out["ci_low"], out["ci_high"] = lo * per, hi * per
    # "counted" names what is counted; plots add "per 1,000 words, by ..." themselves
    out.attrs.update(per=per, ci=ci, level=level, counted="loaded terms", by=keys, split=split)
    return out


def category_table(hits: pd.DataFrame, words: pd.DataFrame, *, by: str = "outlet", value: str = "rate",
                   **kwargs) -> pd.DataFrame:
    """Category × source table of rates (or ``value="n_hits"`` for counts).

    Examples
    --------
    >>> hits = pd.DataFrame({"outlet": ["A", "A", "B"], "doc_id": ["a", "a", "b"], "category": ["x", "y", "x"]})
    >>> words = pd.DataFrame({"outlet": ["A", "B"], "doc_id": ["a", "b"], "n_words": [1000, 1000]})
    >>> category_table(hits, words).values.tolist()
    [[1.0, 1.0], [1.0, 0.0]]
    """
    r = rates(hits, words, by=by, split="category", **kwargs)
    table = r.pivot(index="category", columns=by, values=value)
    table.attrs.update(r.attrs)
    return table


def term_table(hits: pd.DataFrame, *, by: str = "outlet", feature: str = "term") -> pd.DataFrame:
    """Counts of each term (or category) by source, every term and source kept.

    Examples
    --------
    >>> hits = pd.DataFrame({"outlet": ["A", "A", "B"], "term": ["x", "y", "x"]})
    >>> term_table(hits).to_dict()
    {'A': {'x': 1, 'y': 1}, 'B': {'x': 1, 'y': 0}}
    """
    _check_columns(hits, [by, feature], "the hits table")
    return pd.crosstab(hits[feature], hits[by].astype("object").fillna("(none)")).rename_axis(index=feature,
                                                                                               columns=by)


def _log_odds_pair(yi, yj, alpha, a0):
    ni, nj = yi.sum(), yj.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = (np.log((yi + alpha) / (ni + a0 - yi - alpha)) - np.log((yj + alpha) / (nj + a0 - yj - alpha)))
        var = 1.0 / (yi + alpha) + 1.0 / (yj + alpha)
    se = np.sqrt(var)
    z = delta / se
    from scipy import stats as _st

    p = 2 * _st.norm.sf(np.abs(z))
    return delta, se, z, p


def log_odds(
    hits: pd.DataFrame,
    *,
    by: str = "outlet",
    feature: str = "term",
    alpha0: float | None = None,
    prior: pd.Series | None = None,
    pairwise: bool = False,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Distinctive terms (or categories): log-odds ratios with an informative Dirichlet prior.

    For a feature *w*, group *i* and the comparison group *j* (the rest of the
    corpus, or another group with ``pairwise=True``), Monroe, Colaresi & Quinn
    (2008) estimate

    .. math::

        \\hat\\delta_w^{(i-j)} = \\log\\frac{y_w^i + \\alpha_w}{n^i + \\alpha_0 - y_w^i - \\alpha_w}
                               - \\log\\frac{y_w^j + \\alpha_w}{n^j + \\alpha_0 - y_w^j - \\alpha_w},
        \\qquad \\sigma^2 \\approx \\frac{1}{y_w^i + \\alpha_w} + \\frac{1}{y_w^j + \\alpha_w}

    where *y* are counts, *n* the groups' total counts over the features, and
    :math:`\\alpha_w = \\alpha_0 \\pi_w` the prior. By default the prior is the
    corpus itself: :math:`\\pi_w` is the feature's share of all hits and
    :math:`\\alpha_0` the total number of hits (pass ``prior=`` counts from a
    background corpus, or ``alpha0=`` to weaken or strengthen it). ``z`` is
    :math:`\\hat\\delta / \\sigma`; ``p`` two-sided from the normal distribution;
    ``p_adj`` Benjamini-Hochberg within each comparison; ``significant`` is
    ``p_adj < alpha``.

    Returns
    -------
    DataFrame
        ``group``, ``other``, ``feature``, ``count``, ``count_other``, ``total``,
        ``log_odds``, ``se``, ``z``, ``p``, ``p_adj``, ``significant``; sorted by
        group then z descending.

    Examples
    --------
    >>> hits = pd.DataFrame({"outlet": ["A"] * 6 + ["B"] * 6, "term": list("xxxxxy") + list("xyyyyy")})
    >>> lo = log_odds(hits)
    >>> lo.loc[(lo.group == "A") & (lo.feature == "x"), "z"].round(2).item()
    1.87
    """
    _check_columns(hits, [by, feature], "the hits table")
    counts = pd.crosstab(hits[feature], hits[by].astype("object").fillna("(none)"))
    if counts.shape[1] < 2:
        raise FramingError(f"log-odds needs at least two values of {by!r}; found {counts.shape[1]}")
    features = counts.index.to_numpy()
    total = counts.sum(axis=1).to_numpy(dtype=float)
    if prior is not None:
        pri = prior.reindex(counts.index, fill_value=0).to_numpy(dtype=float)
    else:
        pri = total
    a0 = float(alpha0) if alpha0 is not None else float(pri.sum())
    alpha_w = a0 * pri / pri.sum()
    rows = []
    groups = list(counts.columns)
    pairs = ([(g, h) for g in groups for h in groups if g != h] if pairwise else [(g, None) for g in groups])
    for g, h in pairs:
        yi = counts[g].to_numpy(dtype=float)
        yj = counts[h].to_numpy(dtype=float) if h is not None else total - yi
        delta, se, z, p = _log_odds_pair(yi, yj, alpha_w, a0)
        from scipy import stats as _st

        p_adj = _st.false_discovery_control(np.nan_to_num(p, nan=1.0), method="bh")
        for k, f in enumerate(features):
            rows.append({"group": g, "other": h if h is not None else "rest", "feature": f, "count": int(yi[k]),
                         "count_other": int(yj[k]), "total": int(total[k]), "log_odds": delta[k], "se": se[k],
                         "z": z[k], "p": p[k], "p_adj": p_adj[k], "significant": bool(p_adj[k] < alpha)})
    out = pd.DataFrame(rows).sort_values(["group", "other", "z"], ascending=[True, True, False], ignore_index=True)
    out.attrs.update(alpha0=a0, comparison="pairwise" if pairwise else "one-vs-rest", feature=feature, by=by,
                     method="log-odds ratio, informative Dirichlet prior (Monroe, Colaresi & Quinn 2008)")
    return out


def naming_choice(hits: pd.DataFrame, *, by: str = "outlet", referents: Sequence[str] | None = None) -> pd.DataFrame:
    """For each referent, the share of each label each source uses.

    Neutral reference labels count too (hits from ``find_hits(neutral=True)``
    or :func:`analyze`), so "Israeli enemy" is compared with "Israel" and "IDF".

    Returns
    -------
    DataFrame
        ``referent``, ``by``, ``term``, ``category``, ``loaded``, ``n``, ``share``
        (``n`` over all labels of that referent used by that source).

    Examples
    --------
    >>> hits = pd.DataFrame({"outlet": ["A", "A", "B"], "refers_to": ["Israel"] * 3,
    ...                      "term": ["Israeli enemy", "Israel", "Israel"],
    ...                      "category": ["hostile_label", "neutral", "neutral"]})
    >>> naming_choice(hits)[["outlet", "term", "share"]].values.tolist()
    [['A', 'Israeli enemy', 0.5], ['A', 'Israel', 0.5], ['B', 'Israel', 1.0]]
    """
    _check_columns(hits, [by, "refers_to", "term", "category"], "the hits table")
    h = hits[hits["refers_to"].notna()]
    if referents is not None:
        h = h[h["refers_to"].isin(list(referents))]
    if not (h["category"] == NEUTRAL).any():
        import warnings

        from .errors import FramingWarning

        warnings.warn("no neutral labels among the hits: tag with neutral=True (or use analyze()) so naming "
                      "choices are compared with the neutral baseline", FramingWarning, stacklevel=2)
    g = (h.assign(**{by: h[by].astype("object").fillna("(none)")})
         .groupby(["refers_to", by, "term", "category"], dropna=False).size().rename("n").reset_index())
    g["share"] = g["n"] / g.groupby(["refers_to", by])["n"].transform("sum")
    g["loaded"] = g["category"] != NEUTRAL
    g = g.rename(columns={"refers_to": "referent"})
    g = g.sort_values(["referent", by, "loaded", "n"], ascending=[True, True, False, False], ignore_index=True)
    return g[["referent", by, "term", "category", "loaded", "n", "share"]]
