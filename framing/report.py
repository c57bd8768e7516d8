"""One self-contained HTML report: charts, tables, highlighted articles and a methods paragraph.

The file embeds its images (PNG, base64) and styles, loads nothing from the
network and opens offline in any browser. All article text is escaped.
"""

from __future__ import annotations

import base64
import io
from html import escape
from pathlib import Path

import pandas as pd

from .match import DEFAULT_LEXICONS
from .stats import Analysis, analyze, log_odds, term_table

__all__ = ["build_report", "methods_text", "source_terms", "write_report"]

_CSS = """
body{font-family:Georgia,'Times New Roman',serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;
line-height:1.45}
h1,h2,h3{font-family:Helvetica,Arial,sans-serif;color:#111}
h2{border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;font-family:Helvetica,Arial,sans-serif;font-size:.85em;margin:.6em 0}
th,td{border-bottom:1px solid #e3e3e3;padding:.25em .6em;text-align:left;vertical-align:top}
th{background:#f4f4f4}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.summary{font-family:Helvetica,Arial,sans-serif;background:#f7f7f2;padding:.8em 1em;border-radius:6px}
.methods{background:#f4f6fb;padding:1em;border-left:4px solid #0072B2}
details{margin:.4em 0}summary{cursor:pointer;font-family:Helvetica,Arial,sans-serif}
img{max-width:100%}
"""


def _table(df: pd.DataFrame, *, floats: str = "{:.2f}", max_rows: int | None = None) -> str:
    """An escaped HTML table with right-aligned numbers."""
    if max_rows is not None:
        df = df.head(max_rows)
    head = "".join(f"<th>{escape(str(c))}</th>" for c in df.columns)
    rows = []
    for _, r in df.iterrows():
        cells = []
        for v in r.tolist():
            if isinstance(v, bool):
                cells.append(f"<td>{'yes' if v else ''}</td>")
            elif isinstance(v, float):
                cells.append(f"<td class='num'>{'' if pd.isna(v) else escape(floats.format(v))}</td>")
            elif isinstance(v, int):
                cells.append(f"<td class='num'>{v:,}</td>")
            else:
                cells.append(f"<td>{'' if v is None or (isinstance(v, float) and pd.isna(v)) else escape(str(v))}"
                             "</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _figure_png(fig) -> str:
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def source_terms(analysis: Analysis, *, top: int = 8) -> pd.DataFrame:
    """Each source's loaded terms, most used first: the outlet's own voice and every quoted source apart.

    Examples
    --------
    >>> from framing.types import Document
    >>> a = analyze([Document("d", "“The Israeli enemy struck,” SANA said. The proxy militias fled.", outlet="W")])
    >>> source_terms(a)[["source", "voice", "terms"]].values.tolist()
    [['SANA', 'quoted', 'Israeli enemy (1)'], ['W', 'own', 'proxy militia (1)']]
    """
    h = analysis.loaded_hits
    if h.empty:
        return pd.DataFrame(columns=["source", "voice", "speaker_type", "n_hits", "terms"])
    rows = []
    for (source, voice), grp in h.groupby(["source", "voice"], sort=True):
        counts = grp["term"].value_counts()
        typ = grp["speaker_type"].dropna().iloc[0] if grp["speaker_type"].notna().any() else None
        terms = ", ".join(f"{t} ({n})" for t, n in counts.head(top).items())
        rows.append({"source": source, "voice": voice, "speaker_type": typ, "n_hits": len(grp), "terms": terms})
    out = pd.DataFrame(rows)
    return out.sort_values(["n_hits", "source"], ascending=[False, True], ignore_index=True)


def methods_text(analysis: Analysis, *, ci: str = "wilson", level: float = 0.95) -> str:
    """A methods paragraph for a paper: what was counted, denominators, statistics, caveats."""
    d = analysis.documents
    n_docs, n_words = len(d), int(analysis.words["n_words"].sum())
    n_hits = int(analysis.hits["loaded"].sum()) if len(analysis.hits) else 0
    outlets = sorted(map(str, d["outlet"].dropna().unique()))
    dates = pd.to_datetime(d["date"], errors="coerce").dropna()
    span = f" published {dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d}" if len(dates) else ""
    quoted = analysis.words.loc[analysis.words["voice"] == "quoted", "n_words"].sum()
    ci_text = ("Wilson score intervals, treating each word as a trial (this understates uncertainty when an "
               "article repeats a term)" if ci == "wilson" else
               "percentile bootstrap intervals from resampling articles within each group")
    return (
        f"We analysed {n_docs} articles{span} from {len(outlets)} outlet(s) ({', '.join(outlets) or 'none given'}), "
        f"{n_words:,} words in all. Loaded terms were tagged with the codebook {analysis.lexicon} "
        "(case-insensitive whole-word matching, with automatic inflections and hyphen variants; neutral "
        "reference labels are counted only for naming-choice tables). "
        f"Each sentence's speaker was attributed with framing's rule-based attribution (quotations, reported "
        f"speech, 'according to', continuations); {quoted / n_words:.0%} of the words were attributed to quoted "
        "sources and the rest to the outlet's own voice. "
        f"{n_hits:,} loaded-term hits were found. Rates are hits per 1,000 words spoken by each group: a quoted "
        f"source's rate is over the words attributed to it, an outlet's own rate over its unattributed words; "
        f"{level:.0%} confidence intervals are {ci_text}. Distinctive terms are log-odds ratios with an "
        "informative Dirichlet prior (Monroe, Colaresi & Quinn 2008; prior: the corpus's own term counts), each "
        "outlet against the rest, with z-scores and Benjamini-Hochberg adjusted p-values. No minimum-frequency "
        "cut was applied; small counts are reported as they are. Caveats: the codebook finds listed terms only "
        "(uses in other senses are counted unless a context classifier filters them), and attribution is "
        "automatic: on PolNeAR it finds about 40% of attributions with about 73% precision (see the framing "
        "README), so some quoted words are counted as the outlet's own."
    )


def build_report(
    documents,
    *,
    lexicon=DEFAULT_LEXICONS,
    registry=None,
    title: str = "framing report",
    by: str = "outlet",
    ci: str = "wilson",
    max_articles: int = 50,
    analysis: Analysis | None = None,
    n_jobs: int | None = 1,
    progress: bool | None = False,
    attribution_model=None,
) -> str:
    """The report as one HTML string (see :func:`write_report`)."""
    from . import plotting
    from .attribution import attribute_speakers
    from .match import _as_documents
    from .views import highlight

    docs = list(_as_documents(documents))
    a = analysis if analysis is not None else analyze(docs, lexicon, registry=registry, n_jobs=n_jobs,
                                                      progress=progress, attribution_model=attribution_model)
    hits = a.loaded_hits
    cat = a.rates(by=by, split="category", ci=ci)
    by_outlet = a.rates(by=by, ci=ci)
    by_voice = a.rates(by=[by, "voice"], ci=ci)
    by_source = a.rates(by="source", ci=ci).sort_values("n_hits", ascending=False)
    lo = log_odds(hits, by=by) if hits[by].nunique() >= 2 else None
    named = (a.hits["category"] == "neutral") & a.hits["refers_to"].notna()
    naming = a.naming_choice(by=by) if named.any() else None
    if naming is not None and naming.empty:
        naming = None
    if lo is not None and lo.empty:
        lo = None
    dates = pd.to_datetime(a.documents["date"], errors="coerce")
    timeline = a.rates(by=by, period="D", ci=ci) if dates.notna().sum() >= 2 and dates.nunique() >= 2 else None

    parts = [f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{escape(title)}</title>"
             f"<style>{_CSS}</style></head><body><h1>{escape(title)}</h1>"]
    n_hits = len(hits)
    parts.append(
        f"<p class='summary'>{len(a.documents)} articles · {a.documents[by].nunique()} {escape(by)}s · "
        f"{int(a.words['n_words'].sum()):,} words · {n_hits:,} loaded-term hits · codebook "
        f"{escape(a.lexicon)}</p>")
    parts.append("<h2>Overview</h2>")
    if n_hits:
        fig = plotting.plot_overview(category_rates=cat, outlet_rates=by_outlet, log_odds=lo, naming=naming,
                                     timeline=timeline)
        parts.append(f"<img alt='overview charts' src='{_figure_png(fig)}'>")
    else:
        parts.append("<p>No loaded terms were found.</p>")
    per = cat.attrs.get("per", 1000)
    parts.append(f"<h2>Rates by {escape(by)}</h2><p>Loaded-term hits per {per:,} words, with "
                 f"{cat.attrs.get('level', 0.95):.0%} {escape(ci)} intervals.</p>")
    parts.append(_table(by_outlet))
    parts.append("<h3>The outlet's own voice and the sources it quotes</h3>"
                 "<p>Rates over the words each voice spoke: <em>own</em> is the outlet's narration, "
                 "<em>quoted</em> is everyone it quotes or reports.</p>")
    parts.append(_table(by_voice))
    parts.append("<h3>Who uses which loaded terms</h3>")
    parts.append(_table(source_terms(a)))
    parts.append("<h3>By source</h3>")
    parts.append(_table(by_source, max_rows=40))
    parts.append("<h3>Categories</h3>")
    parts.append(_table(cat.pivot(index="category", columns=by, values="rate").reset_index()))
    if lo is not None:
        parts.append("<h2>Distinctive terms</h2><p>Log-odds ratio with informative Dirichlet prior, each "
                     f"{escape(by)} against the rest; top terms by z (|z| &gt; 1.96 is about p &lt; .05 "
                     "before correction; <em>significant</em> uses Benjamini-Hochberg adjusted p).</p>")
        top = lo[lo["count"] > 0].groupby("group", group_keys=False).head(8)
        parts.append(_table(top[["group", "feature", "count", "count_other", "log_odds", "z", "p_adj",
                                 "significant"]], floats="{:.3g}"))
    if naming is not None:
        parts.append("<h2>Naming choices</h2><p>For each referent, the share of each label a source uses "
                     "(neutral labels included).</p>")
        parts.append(_table(naming, floats="{:.0%}"))
    parts.append("<h2>Terms by outlet</h2>")
    parts.append(_table(term_table(hits, by=by).reset_index()))
    parts.append("<h2>Articles</h2><p>Loaded terms are coloured by category; quoted sources are marked "
                 "with their name.</p>")
    by_doc = {k: g for k, g in hits.groupby("doc_id")}
    for doc in docs[:max_articles]:
        h = by_doc.get(doc.doc_id, hits.iloc[0:0])
        view = highlight(doc, h, attribute_speakers(doc, registry=registry, model=attribution_model))
        label = " · ".join(escape(str(x)) for x in (doc.outlet, doc.date, doc.title or doc.doc_id) if x)
        parts.append(f"<details><summary>{label} ({len(h)} hits)</summary>{view.html}</details>")
    if len(docs) > max_articles:
        parts.append(f"<p>{len(docs) - max_articles} more articles not shown.</p>")
    parts.append(f"<h2>Methods</h2><p class='methods'>{escape(methods_text(a, ci=ci))}</p>")
    parts.append("</body></html>")
    return "\n".join(parts)


def write_report(documents, path: str | Path, **kwargs) -> Path:
    """Write the self-contained HTML report.

    Parameters
    ----------
    documents : documents to analyse
    path : where to write (``.html``)
    **kwargs : see :func:`build_report` (``lexicon``, ``registry``, ``title``, ``by``, ``ci``,
        ``attribution_model``)
    """
    from .io import _atomic_write

    inputs = kwargs.pop("inputs", ())
    html = build_report(documents, **kwargs)
    return _atomic_write(Path(path), html, inputs=inputs)
