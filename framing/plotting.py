"""Charts for papers and notebooks: one function, one Axes, one tidy table in.

Every ``plot_*`` function follows seaborn's axes-level contract: it takes a tidy
DataFrame and keyword-only column names, draws on ``ax`` (or on a new figure
when ``ax`` is None), passes extra ``**kwargs`` to the matplotlib call that
draws the marks, and returns the Axes. Nothing here calls ``plt.show()``,
saves a file or changes ``matplotlib.rcParams``; colours are passed explicitly
(the colour-blind-safe Okabe-Ito palette, ``cividis`` for heatmaps).

Titles and axis labels say what was counted. They are built from the table's
``attrs`` when the statistics step sets them:

``counted``
    what the hits are, e.g. ``"loaded terms"``;
``per``
    the rate unit, e.g. ``1000`` for "per 1,000 words";
``ci`` and ``level``
    the interval method (``"wilson"`` or ``"bootstrap"``) and its level (0.95);
``comparison``
    for log-odds tables, what each group is compared with (``"rest"``).

The tables are those of :mod:`framing.stats`: a rates table (group columns,
optional ``category`` and ``period``, then ``n_hits``, ``n_words``, ``n_docs``,
``rate``, ``ci_low``, ``ci_high``), a log-odds table (``group``, ``feature``,
``count``, ``total``, ``z``, ``p_adj``, ``significant``, ...) and a naming
table (``referent``, a group column, ``term``, ``loaded``, ``n``, ``share``).
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from adjustText import adjust_text
from matplotlib.axes import Axes
from matplotlib.colors import Colormap, to_rgba
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter, PercentFormatter

from .errors import InputError

__all__ = [
    "OKABE_ITO",
    "plot_category_heatmap",
    "plot_log_odds",
    "plot_naming_choice",
    "plot_overview",
    "plot_rates",
    "plot_timeline",
]

#: The Okabe-Ito palette (orange, sky blue, bluish green, yellow, blue, vermillion, reddish purple, black),
#: distinguishable with the common forms of colour blindness.
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000")

# Order used for dots, lines and segments: yellow last, because it is hard to see as a thin mark on white.
_MARKS = tuple(OKABE_ITO[i] for i in (4, 0, 2, 5, 1, 6, 7, 3))
_NEUTRAL_GREYS = ("#BBBBBB", "#8C8C8C", "#DDDDDD", "#666666")
_GRID = "#E5E5E5"
_MUTED = "#4D4D4D"
_WRAP = 22
_TITLE_WRAP = 56
_Z_CRIT = 1.96
_RATE_COLUMNS = {"n_hits", "n_words", "n_docs", "rate", "ci_low", "ci_high"}


# ----------------------------------------------------------------------------- helpers


def _wrap(label: Any, width: int = _WRAP) -> str:
    """Wrap a tick or legend label at spaces; identifiers such as ``hostile_label`` stay whole."""
    return textwrap.fill(str(label), width, break_long_words=False, break_on_hyphens=False)


def _new_axes(ax: Axes | None, figsize: tuple[float, float]) -> Axes:
    if ax is not None:
        return ax
    _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def _despine(ax: Axes, *sides: str) -> None:
    for side in sides or ("top", "right"):
        ax.spines[side].set_visible(False)


def _set_title(ax: Axes, title: str, rest: str = "") -> None:
    """``title rest`` on one line if it is short, else ``rest`` (e.g. the interval) on a line of its own."""
    text = f"{title} {rest}".strip()
    if len(text) > _TITLE_WRAP:
        text = "\n".join(textwrap.fill(part, _TITLE_WRAP) for part in (title, rest) if part)
    ax.set_title(text)


def _fit_xticklabels(ax: Axes, labels: Sequence[Any]) -> None:
    """Label the x ticks: wrapped and level when they fit side by side, else on one line turned 45 degrees."""
    wrapped = [_wrap(label) for label in labels]
    # a rough estimate from the axes' size before layout: about 0.065 inch per character at 10 pt
    width = ax.bbox.width / ax.figure.dpi * 0.85
    longest = max((len(line) for label in wrapped for line in label.split("\n")), default=0)
    if longest * 0.065 * len(labels) <= width:
        ax.set_xticks(ax.get_xticks(), wrapped)
    else:
        ax.set_xticks(ax.get_xticks(), [str(label) for label in labels], rotation=45, ha="right",
                      rotation_mode="anchor")


def _require(data: pd.DataFrame, columns: Sequence[str | None], func: str) -> None:
    if not isinstance(data, pd.DataFrame):
        raise InputError(f"{func}: expected a pandas DataFrame, got {type(data).__name__}.")
    missing = [c for c in columns if c is not None and c not in data.columns]
    if missing:
        raise InputError(
            f"{func}: data has no column {', '.join(map(repr, missing))} "
            f"(columns: {', '.join(map(str, data.columns))}); name the right columns with the keyword arguments."
        )
    if data.empty:
        raise InputError(f"{func}: data has no rows; there is nothing to draw.")


def _require_unique(data: pd.DataFrame, keys: list[str], func: str, hint: str) -> None:
    dup = data.duplicated(keys, keep=False)
    if dup.any():
        first = data.loc[dup, keys].iloc[0].to_dict()
        cell = ", ".join(f"{k}={v!r}" for k, v in first.items())
        raise InputError(f"{func}: several rows for {cell}; one row per ({', '.join(keys)}) is needed. {hint}")


def _levels(values: pd.Series, order: Sequence[Any] | None = None) -> list[Any]:
    """Levels in the given order, else in categorical order, else in order of first appearance."""
    if order is not None:
        return list(order)
    present = values.dropna()
    if isinstance(values.dtype, pd.CategoricalDtype):
        seen = set(present)
        return [c for c in values.cat.categories if c in seen]
    return list(pd.unique(present))


def _colors(levels: Sequence[Any], palette: Sequence[str] | Mapping[Any, str] | None) -> dict[Any, str]:
    """A colour per level: from ``palette`` (a sequence, cycled, or a mapping), Okabe-Ito for the rest."""
    cycle = list(_MARKS) if palette is None or isinstance(palette, Mapping) else list(palette)
    colors = {lev: cycle[i % len(cycle)] for i, lev in enumerate(levels)}
    if isinstance(palette, Mapping):
        colors.update({lev: palette[lev] for lev in levels if lev in palette})
    return colors


def _text_color(color: Any) -> str:
    """Black or white, whichever contrasts more with ``color`` (WCAG relative luminance)."""
    channels = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgba(color)[:3]]
    luminance = 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]
    return "black" if luminance > 0.179 else "white"


def _counted(attrs: Mapping[Any, Any]) -> str:
    counted = str(attrs.get("counted") or "hits")
    return counted[:1].upper() + counted[1:]


def _value_label(data: pd.DataFrame, value: str) -> str:
    """What a column measures, in words: ``"Loaded terms per 1,000 words"`` for ``rate``."""
    attrs = data.attrs
    if value in ("rate", "ci_low", "ci_high"):
        per = attrs.get("per")
        if per:
            return f"{_counted(attrs)} per {int(per):,} words"
        return f"{_counted(attrs)} (rate)" if "counted" in attrs else "Rate"
    names = {"n_hits": f"{_counted(attrs)} (count)", "n_words": "Words", "n_docs": "Documents", "share": "Share"}
    return names.get(value, value)


def _ci_label(attrs: Mapping[Any, Any]) -> str:
    """``"95% Wilson CI"`` from ``attrs["ci"]`` and ``attrs["level"]``, or ``""`` when unknown."""
    method = attrs.get("ci")
    if not method:
        return ""
    name = {"wilson": "Wilson", "bootstrap": "bootstrap"}.get(str(method).lower(), str(method))
    level = attrs.get("level", 0.95)
    return f"{float(level) * 100:g}% {name} CI"


def _by(*columns: str | None) -> str:
    names = [c for c in columns if c]
    return ", by " + " and ".join(names) if names else ""


# ----------------------------------------------------------------------------- heatmap


def plot_category_heatmap(
    data: pd.DataFrame,
    *,
    x: str = "outlet",
    y: str = "category",
    value: str = "rate",
    ax: Axes | None = None,
    annot: bool = True,
    fmt: str = ".1f",
    cmap: str | Colormap = "cividis",
    **kwargs: Any,
) -> Axes:
    """Heatmap of one value per (``y``, ``x``) cell, e.g. the rate of each category in each outlet.

    Parameters
    ----------
    data : DataFrame
        Rates table with one row per (``y``, ``x``) pair; filter it first if it has more group
        columns (e.g. one speaker). Rows and columns keep their order of appearance (or categorical order).
    x, y : str
        Columns for the heatmap columns and rows.
    value : str
        Column to colour by.
    ax : Axes, optional
        Axes to draw on; a new figure is made when None.
    annot : bool
        Write the value in each cell, in black or white for contrast.
    fmt : str
        Format spec of the annotations.
    cmap : str or Colormap
        A perceptually uniform map; ``"cividis"`` reads well for colour-blind readers and in greyscale.
    **kwargs
        Passed to :meth:`~matplotlib.axes.Axes.pcolormesh` (e.g. ``vmin``, ``vmax``, ``norm``).

    Returns
    -------
    Axes
        The heatmap's Axes; the colourbar gets an Axes of its own. Cells without a row in ``data``
        are left blank (not drawn as zero) and carry no annotation. The colour scale starts at zero
        for non-negative values unless ``vmin`` or ``norm`` is given. Column labels are wrapped at
        about 22 characters; when they would still not fit side by side they are written on one
        line, turned 45 degrees.

    Examples
    --------
    >>> import pandas as pd
    >>> rates = pd.DataFrame({
    ...     "outlet": ["Meridian Wire", "Meridian Wire", "The Frontline Ledger"],
    ...     "category": ["hostile_label", "hedge_doubt", "hostile_label"],
    ...     "rate": [1.2, 3.4, 5.6],
    ... })
    >>> rates.attrs.update(per=1000, counted="loaded terms")
    >>> ax = plot_category_heatmap(rates)
    >>> [t.get_text() for t in ax.texts]
    ['1.2', '5.6', '3.4']
    >>> ax.figure.axes[1].get_ylabel()
    'Loaded terms per 1,000 words'
    >>> plt.close(ax.figure)
    """
    _require(data, [x, y, value], "plot_category_heatmap")
    _require_unique(data, [y, x], "plot_category_heatmap", f"Filter the table to one row per {y} and {x}.")
    rows, cols = _levels(data[y]), _levels(data[x])
    table = data.pivot(index=y, columns=x, values=value).reindex(index=rows, columns=cols)
    values = np.ma.masked_invalid(table.to_numpy(dtype=float))

    ax = _new_axes(ax, (min(2.0 + 1.6 * len(cols), 14.0), min(1.6 + 0.45 * len(rows), 12.0)))
    style = {"cmap": cmap, "edgecolors": "white", "linewidth": 1.0, **kwargs}
    if "norm" not in kwargs and "vmin" not in kwargs and values.count() and values.min() >= 0:
        # counts and rates: zero is the natural bottom of the scale
        style["vmin"] = 0.0
    mesh = ax.pcolormesh(values, **style)
    ax.set_xlim(0, len(cols))
    ax.set_ylim(len(rows), 0)
    ax.set_xticks(np.arange(len(cols)) + 0.5)
    _fit_xticklabels(ax, cols)
    ax.set_yticks(np.arange(len(rows)) + 0.5, [_wrap(r) for r in rows])
    ax.tick_params(length=0)
    _despine(ax, "top", "right", "bottom", "left")
    ax.set_xlabel("")
    ax.set_ylabel("")

    if annot:
        for i, j in zip(*np.nonzero(~np.ma.getmaskarray(values))):
            v = values[i, j]
            ax.text(j + 0.5, i + 0.5, format(v, fmt), ha="center", va="center",
                    color=_text_color(mesh.to_rgba(v)), fontsize="small")

    label = _value_label(data, value)
    cbar = ax.figure.colorbar(mesh, ax=ax, label=label, fraction=0.05, pad=0.02)
    cbar.outline.set_visible(False)
    cbar.ax.tick_params(length=0)
    _set_title(ax, f"{label}{_by(y, x)}")
    return ax


# ----------------------------------------------------------------------------- rates


def plot_rates(
    data: pd.DataFrame,
    *,
    x: str = "rate",
    y: str = "outlet",
    hue: str | None = None,
    ax: Axes | None = None,
    order: Sequence[Any] | None = None,
    hue_order: Sequence[Any] | None = None,
    palette: Sequence[str] | Mapping[Any, str] | None = None,
    annotate_n: bool = True,
    **kwargs: Any,
) -> Axes:
    """Dot plot of rates with horizontal interval bars, one row per ``y`` level.

    Parameters
    ----------
    data : DataFrame
        Rates table with one row per ``y`` (and ``hue``) level. Intervals are drawn from
        ``ci_low``/``ci_high`` when those columns exist.
    x : str
        Column with the rate (horizontal position).
    y : str
        Group column, one row of the chart per level.
    hue : str, optional
        Second group column; its levels are dodged vertically, coloured and listed in a legend.
    ax : Axes, optional
        Axes to draw on; a new figure is made when None.
    order : sequence, optional
        ``y`` levels from top to bottom; by default sorted by ``x`` (mean over ``hue``), largest on top.
    hue_order : sequence, optional
        ``hue`` levels; by default in order of appearance.
    palette : sequence or mapping, optional
        Colours for the ``hue`` levels (the first one is used without ``hue``); Okabe-Ito by default.
    annotate_n : bool
        Write ``n_hits`` next to each dot ("n=3") so that rates from few hits stand out.
    **kwargs
        Passed to :meth:`~matplotlib.axes.Axes.errorbar` (e.g. ``markersize``, ``color`` without ``hue``).

    Returns
    -------
    Axes

    Examples
    --------
    >>> import pandas as pd
    >>> rates = pd.DataFrame({
    ...     "outlet": ["Meridian Wire", "Levant National News Agency"],
    ...     "n_hits": [3, 40], "n_words": [2000, 8000], "n_docs": [2, 3],
    ...     "rate": [1.5, 5.0], "ci_low": [0.5, 3.7], "ci_high": [4.4, 6.8],
    ... })
    >>> rates.attrs.update(per=1000, ci="wilson", level=0.95, counted="loaded terms")
    >>> ax = plot_rates(rates)
    >>> ax.get_title()
    'Loaded terms per 1,000 words, by outlet (95% Wilson CI)'
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['Levant National News\\nAgency', 'Meridian Wire']
    >>> [t.get_text() for t in ax.texts]
    ['n=40', 'n=3']
    >>> plt.close(ax.figure)
    """
    _require(data, [x, y, hue], "plot_rates")
    keys = [y] if hue is None else [y, hue]
    _require_unique(data, keys, "plot_rates",
                    "Filter the table (e.g. to one category) or pass hue= for the second group column.")
    if order is None:
        means = data.groupby(y, sort=False, observed=True)[x].mean().sort_values(ascending=False, kind="stable")
        order = list(means.index)
    rows = list(order)
    hues = _levels(data[hue], hue_order) if hue is not None else [None]
    colors = _colors(hues, palette)
    if hue is None:
        colors[None] = kwargs.pop("color", colors[None])
    has_ci = {"ci_low", "ci_high"} <= set(data.columns)
    has_n = annotate_n and "n_hits" in data.columns

    ax = _new_axes(ax, (6.4, min(1.4 + 0.42 * len(rows) * (1 + 0.35 * (len(hues) - 1)), 12.0)))
    offsets = np.linspace(-0.22, 0.22, len(hues)) if len(hues) > 1 else np.zeros(1)
    position = {level: i for i, level in enumerate(rows)}
    style = {"fmt": "o", "markersize": 6, "elinewidth": 1.6, "capsize": 0, **kwargs}
    right_edges = []
    for offset, level in zip(offsets, hues):
        part = data if hue is None else data[data[hue] == level]
        part = part[part[y].isin(position)].sort_values(y, key=lambda s: s.map(position), kind="stable")
        if part.empty:
            continue
        pos = part[y].map(position).to_numpy(dtype=float) + offset
        xs = part[x].to_numpy(dtype=float)
        xerr = None
        if has_ci:
            low, high = part["ci_low"].to_numpy(dtype=float), part["ci_high"].to_numpy(dtype=float)
            xerr = np.clip(np.vstack([xs - low, high - xs]), 0, None)
            right_edges.append(np.fmax(xs, high))
        else:
            right_edges.append(xs)
        label = None if level is None else _wrap(level)
        ax.errorbar(xs, pos, xerr=xerr, color=colors[level], label=label, **style)
        if has_n:
            for xr, yp, n in zip(right_edges[-1], pos, part["n_hits"]):
                ax.annotate(f"n={n}", (xr, yp), xytext=(5, 0), textcoords="offset points",
                            ha="left", va="center", fontsize="small", color=_MUTED)

    ax.set_yticks(np.arange(len(rows)), [_wrap(r) for r in rows])
    ax.set_ylim(len(rows) - 0.5, -0.5)
    lows = [0.0, *(data["ci_low"].dropna() if has_ci else data[x].dropna())]
    high = float(np.nanmax(np.concatenate(right_edges))) if right_edges else 0.0
    # room on the right for the "n=..." labels
    ax.set_xlim(min(lows), (high if high > 0 else 1.0) * (1.18 if has_n else 1.05))
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="x", color=_GRID, linewidth=0.8)
    ax.set_axisbelow(True)
    _despine(ax, "top", "right", "left")
    ax.set_xlabel(_value_label(data, x))
    ax.set_ylabel("")
    if hue is not None:
        ax.legend(title=hue, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    ci = _ci_label(data.attrs) if has_ci else ""
    _set_title(ax, f"{_value_label(data, x)}{_by(y, hue)}", f"({ci})" if ci else "")
    return ax


# ----------------------------------------------------------------------------- log-odds


def _comparison(attrs: Mapping[Any, Any]) -> str:
    """The "vs ..." part of the title: ``"rest"`` unless ``attrs["comparison"]`` says otherwise."""
    text = str(attrs.get("comparison") or "rest").replace("_", " ").strip()
    for prefix in ("one vs ", "one-vs-", "one versus "):
        if text.lower().startswith(prefix):
            text = text[len(prefix):]
    return text or "rest"


def plot_log_odds(
    data: pd.DataFrame,
    *,
    group: str | None = None,
    x: str = "total",
    y: str = "z",
    label: str = "feature",
    top: int = 10,
    ax: Axes | None = None,
    **kwargs: Any,
) -> Axes:
    """Distinctive features of one group: z-score of the log-odds against frequency.

    Points are coloured when the difference is significant (the ``significant`` column, else
    ``p_adj < 0.05``, else ``|z| > 1.96``): vermillion where the group uses the feature more than
    the comparison ("more frequent"), blue where it uses it less, grey otherwise. Dashed lines mark ``z = ±1.96``.
    The ``top`` features with the largest ``|z|`` are labelled, moved apart with adjustText.

    Parameters
    ----------
    data : DataFrame
        Log-odds table (columns ``group``, ``label``, ``x``, ``y``).
    group : str, optional
        Group to show; needed when the table holds more than one.
    x : str
        Frequency column, drawn on a log scale.
    y : str
        Column with the z-score.
    label : str
        Column with the feature names.
    top : int
        How many features to label.
    ax : Axes, optional
        Axes to draw on; a new figure is made when None.
    **kwargs
        Passed to :meth:`~matplotlib.axes.Axes.scatter` (e.g. ``s``, ``alpha``).

    Returns
    -------
    Axes

    Raises
    ------
    InputError
        (a ``ValueError``) when ``group`` is missing and the table has several groups, or is not in it.

    Examples
    --------
    >>> import pandas as pd
    >>> lo = pd.DataFrame({
    ...     "group": "Meridian Wire", "feature": ["regime", "militants", "Israel", "strike"],
    ...     "total": [12, 30, 80, 45], "z": [3.1, -2.4, 0.3, 1.2], "p_adj": [0.01, 0.04, 0.9, 0.5],
    ...     "significant": [True, True, False, False],
    ... })
    >>> ax = plot_log_odds(lo, top=2)
    >>> sorted(t.get_text() for t in ax.texts)
    ['militants', 'regime']
    >>> ax.get_xscale()
    'log'
    >>> plt.close(ax.figure)
    """
    _require(data, [label, x, y], "plot_log_odds")
    if "group" in data.columns:
        groups = _levels(data["group"])
        if group is None and len(groups) > 1:
            raise InputError(
                f"plot_log_odds: the table has {len(groups)} groups ({', '.join(map(repr, groups))}); "
                "pass group= to choose one."
            )
        if group is not None and group not in groups:
            raise InputError(
                f"plot_log_odds: group {group!r} is not in the table; groups: {', '.join(map(repr, groups))}."
            )
        group = groups[0] if group is None else group
        data = data[data["group"] == group]
    name = "this group" if group is None else str(group)

    if "significant" in data.columns:
        significant = data["significant"].fillna(False).astype(bool).to_numpy()
    elif "p_adj" in data.columns:
        significant = (data["p_adj"] < 0.05).to_numpy()
    else:
        significant = (data[y].abs() > _Z_CRIT).to_numpy()
    xs, zs = data[x].to_numpy(dtype=float), data[y].to_numpy(dtype=float)

    ax = _new_axes(ax, (7.0, 5.0))
    ax.set_xscale("log")
    ax.axhline(0, color=_GRID, linewidth=1, zorder=0)
    for z in (-_Z_CRIT, _Z_CRIT):
        ax.axhline(z, color="#808080", linestyle="--", linewidth=0.8, zorder=1)
    classes = [
        (~significant, "#BBBBBB", "not significant"),
        (significant & (zs > 0), OKABE_ITO[5], "more frequent"),
        (significant & (zs <= 0), OKABE_ITO[4], "less frequent"),
    ]
    style = {"s": 22, "alpha": 0.85, "linewidths": 0, **kwargs}
    for mask, color, text in classes:
        if mask.any():
            ax.scatter(xs[mask], zs[mask], color=color, label=text, zorder=2, **style)

    # symmetric, and always showing the +-1.96 lines
    reach = max(float(np.nanmax(np.abs(zs))) * 1.12 if np.isfinite(zs).any() else 0.0, _Z_CRIT + 0.6)
    ax.set_ylim(-reach, reach)
    positive = xs[xs > 0]
    decades = np.log10(positive.max() / positive.min()) if positive.size else 0.0
    # plain numbers (1, 2, 5, 10, ...) read better than powers of ten for counts
    ax.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0) if decades <= 2.5 else (1.0,)))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    ax.xaxis.set_minor_formatter(NullFormatter())
    _despine(ax)
    ax.set_xlabel("Frequency (count in all groups, log scale)" if x == "total" else x)
    ax.set_ylabel("z-score of the log-odds ratio" if y == "z" else y)
    versus = f"vs {_comparison(data.attrs)}"
    ax.legend(title=_wrap(f"{name} {versus}"), loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    _set_title(ax, f"Distinctive terms: {name}", f"{versus} (log-odds, informative Dirichlet prior)")

    picked = data.assign(_abs=np.abs(zs)).nlargest(max(top, 0), "_abs")
    texts = [ax.text(px, pz, str(t), fontsize="small", color="#1A1A1A", zorder=3)
             for px, pz, t in zip(picked[x], picked[y], picked[label])]
    if texts:
        # last, once legend and title have taken their room: adjustText works in display coordinates;
        # a fixed number of iterations keeps the result the same from one run to the next
        adjust_text(texts, x=xs, y=zs, ax=ax, expand=(1.2, 1.5), iter_lim=500,
                    arrowprops={"arrowstyle": "-", "color": "#808080", "lw": 0.5})
    return ax


# ----------------------------------------------------------------------------- naming


def plot_naming_choice(
    data: pd.DataFrame,
    *,
    referent: str,
    x: str = "outlet",
    ax: Axes | None = None,
    orient: str = "h",
    order: Sequence[Any] | None = None,
    palette: Mapping[Any, str] | None = None,
    **kwargs: Any,
) -> Axes:
    """Which words each group uses for one referent: 100% stacked bars of ``share``.

    Terms keep one order and one colour in every bar: loaded terms first (most frequent first,
    Okabe-Ito colours), neutral terms last (greys). Segments of at least 8% show their percentage;
    each group's tick label gives its number of mentions.

    Parameters
    ----------
    data : DataFrame
        Naming table (columns ``referent``, ``x``, ``term``, ``loaded``, ``n``, ``share``).
    referent : str
        The actor or event whose names are compared, e.g. ``"Israel"``.
    x : str
        Group column, one bar per level.
    ax : Axes, optional
        Axes to draw on; a new figure is made when None.
    orient : {"h", "v"}
        Horizontal bars (groups on the y axis, read top to bottom) or vertical bars.
    order : sequence, optional
        Group order; by default the group with the largest loaded share comes first.
    palette : mapping, optional
        Colour for each term, overriding the defaults.
    **kwargs
        Passed to :meth:`~matplotlib.axes.Axes.barh` or :meth:`~matplotlib.axes.Axes.bar`.

    Returns
    -------
    Axes
        One bar container per term (labelled with the term) in ``ax.containers``.

    Examples
    --------
    >>> import pandas as pd
    >>> naming = pd.DataFrame({
    ...     "referent": "Israel", "outlet": ["Meridian Wire", "Meridian Wire", "The Frontline Ledger"],
    ...     "term": ["Zionist entity", "Israel", "Israel"], "category": ["hostile_label", "neutral", "neutral"],
    ...     "loaded": [True, False, False], "n": [1, 9, 5], "share": [0.1, 0.9, 1.0],
    ... })
    >>> ax = plot_naming_choice(naming, referent="Israel")
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['Zionist entity', 'Israel (neutral)']
    >>> [t.get_text() for t in ax.texts]
    ['10%', '90%', '100%']
    >>> plt.close(ax.figure)
    """
    if orient not in ("h", "v"):
        raise InputError(f"plot_naming_choice: orient must be 'h' or 'v', not {orient!r}.")
    _require(data, ["referent", x, "term", "loaded", "n", "share"], "plot_naming_choice")
    referents = _levels(data["referent"])
    if referent not in referents:
        raise InputError(
            f"plot_naming_choice: referent {referent!r} is not in the table; referents: "
            f"{', '.join(map(repr, referents))}."
        )
    part = data[data["referent"] == referent]
    _require_unique(part, [x, "term"], "plot_naming_choice", "Filter the table to one row per group and term.")

    loaded = part.groupby("term", sort=False)["loaded"].first().astype(bool)
    totals = part.groupby("term", sort=False)["n"].sum()
    terms = sorted(totals.index, key=lambda t: (not loaded[t], -totals[t], str(t)))
    shares = part.pivot(index=x, columns="term", values="share").reindex(columns=terms).fillna(0.0)
    if order is None:
        loaded_share = shares[[t for t in terms if loaded[t]]].sum(axis=1)
        order = list(loaded_share.sort_values(ascending=False, kind="stable").index)
    groups = list(order)
    shares = shares.reindex(index=groups).fillna(0.0)
    n_by_group = part.groupby(x, sort=False)["n"].sum().reindex(groups).fillna(0).astype(int)

    colors = dict(zip([t for t in terms if loaded[t]], [_MARKS[i % len(_MARKS)] for i in range(len(terms))]))
    colors.update(zip([t for t in terms if not loaded[t]], _NEUTRAL_GREYS * (1 + len(terms) // 4)))
    colors.update(palette or {})

    horizontal = orient == "h"
    size = (7.5, min(1.5 + 0.6 * len(groups), 12.0)) if horizontal else (min(3.5 + 1.3 * len(groups), 14.0), 4.8)
    ax = _new_axes(ax, size)
    positions = np.arange(len(groups))
    base = np.zeros(len(groups))
    style = {"edgecolor": "white", "linewidth": 0.8, **kwargs}
    for term in terms:
        widths = shares[term].to_numpy(dtype=float)
        text = _wrap(term) + ("" if loaded[term] else " (neutral)")
        if horizontal:
            bars = ax.barh(positions, widths, left=base, height=0.7, color=colors[term], label=text, **style)
        else:
            bars = ax.bar(positions, widths, bottom=base, width=0.7, color=colors[term], label=text, **style)
        for patch, share, start in zip(bars, widths, base):
            if share >= 0.08:
                mid = start + share / 2
                xy = (mid, patch.get_y() + patch.get_height() / 2) if horizontal else \
                    (patch.get_x() + patch.get_width() / 2, mid)
                ax.text(*xy, f"{share:.0%}", ha="center", va="center", fontsize="small",
                        color=_text_color(colors[term]))
        base = base + widths

    ticks = [f"{_wrap(g, _WRAP if horizontal else 15)}\n(n={n})" for g, n in zip(groups, n_by_group)]
    share_axis = ax.xaxis if horizontal else ax.yaxis
    share_axis.set_major_formatter(PercentFormatter(xmax=1))
    if horizontal:
        ax.set_yticks(positions, ticks)
        ax.set_ylim(len(groups) - 0.5, -0.5)
        ax.set_xlim(0, 1)
        ax.set_xlabel(f"Share of mentions of {referent}")
        _despine(ax, "top", "right", "left")
    else:
        ax.set_xticks(positions, ticks)
        ax.set_ylim(0, 1)
        ax.set_ylabel(f"Share of mentions of {referent}")
        _despine(ax, "top", "right", "bottom")
    ax.tick_params(axis="y" if horizontal else "x", length=0)
    ax.legend(title="Term", loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    _set_title(ax, f"Naming {referent}: share of each term{_by(x)}")
    return ax


# ----------------------------------------------------------------------------- timeline


def plot_timeline(
    data: pd.DataFrame,
    *,
    x: str = "period",
    y: str = "rate",
    hue: str | None = "outlet",
    ax: Axes | None = None,
    hue_order: Sequence[Any] | None = None,
    palette: Sequence[str] | Mapping[Any, str] | None = None,
    band: bool = True,
    **kwargs: Any,
) -> Axes:
    """Rates over time: one line with markers per ``hue`` level, with a shaded interval band.

    Parameters
    ----------
    data : DataFrame
        Rates table with a time column and one row per (``x``, ``hue``) pair.
    x : str
        Time column (Timestamps, datetimes or pandas Periods).
    y : str
        Column with the rate.
    hue : str or None
        Group column, one line each; None for a single line.
    ax : Axes, optional
        Axes to draw on; a new figure is made when None.
    hue_order : sequence, optional
        ``hue`` levels; by default in order of appearance.
    palette : sequence or mapping, optional
        Line colours; Okabe-Ito by default.
    band : bool
        Shade ``ci_low``..``ci_high`` when those columns exist.
    **kwargs
        Passed to :meth:`~matplotlib.axes.Axes.plot` (e.g. ``linewidth``, ``marker``).

    Returns
    -------
    Axes

    Examples
    --------
    >>> import pandas as pd
    >>> tl = pd.DataFrame({
    ...     "outlet": ["Meridian Wire"] * 3,
    ...     "period": pd.to_datetime(["2026-03-09", "2026-03-16", "2026-03-23"]),
    ...     "rate": [2.0, 3.5, 1.0], "ci_low": [1.0, 2.2, 0.4], "ci_high": [3.6, 5.1, 2.3],
    ... })
    >>> ax = plot_timeline(tl)
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['Meridian Wire']
    >>> ax.lines[0].get_ydata().tolist()
    [2.0, 3.5, 1.0]
    >>> plt.close(ax.figure)
    """
    _require(data, [x, y, hue], "plot_timeline")
    keys = [x] if hue is None else [hue, x]
    _require_unique(data, keys, "plot_timeline",
                    "Filter the table to one category (or pass hue= for the column that varies).")
    attrs = dict(data.attrs)
    times = data[x]
    if isinstance(times.dtype, pd.PeriodDtype):
        times = times.dt.to_timestamp()
    data = data.assign(**{x: pd.to_datetime(times)}).sort_values(x, kind="stable")
    hues = _levels(data[hue], hue_order) if hue is not None else [None]
    colors = _colors(hues, palette)
    has_ci = band and {"ci_low", "ci_high"} <= set(data.columns)

    ax = _new_axes(ax, (7.5, 4.2))
    style = {"marker": "o", "markersize": 4, "linewidth": 1.6, **kwargs}
    if hue is None:
        colors[None] = style.pop("color", colors[None])
    for level in hues:
        part = data if level is None else data[data[hue] == level]
        if part.empty:
            continue
        color = colors[level]
        ts = part[x].to_numpy()
        ax.plot(ts, part[y].to_numpy(dtype=float), color=color,
                label=None if level is None else _wrap(level), **style)
        if has_ci:
            ax.fill_between(ts, part["ci_low"].to_numpy(dtype=float), part["ci_high"].to_numpy(dtype=float),
                            color=color, alpha=0.12, linewidth=0)

    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_ylim(bottom=min(0.0, float(np.nanmin(data["ci_low" if has_ci else y]))))
    ax.grid(axis="y", color=_GRID, linewidth=0.8)
    ax.set_axisbelow(True)
    _despine(ax)
    ax.set_xlabel("")
    data.attrs = attrs
    ax.set_ylabel(_value_label(data, y))
    if hue is not None:
        ax.legend(title=hue, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    ci = _ci_label(attrs) if has_ci else ""
    _set_title(ax, f"{_value_label(data, y)} over time{_by(hue)}", f"(bands: {ci})" if ci else "")
    return ax


# ----------------------------------------------------------------------------- overview


def _group_column(table: pd.DataFrame) -> str:
    """The group column of a rates table: ``outlet`` when present, else the first non-measure column."""
    if "outlet" in table.columns:
        return "outlet"
    for column in table.columns:
        if column not in _RATE_COLUMNS and column not in ("category", "period"):
            return str(column)
    raise InputError("plot_overview: the rates table has no group column (e.g. 'outlet' or 'speaker').")


def plot_overview(
    *,
    category_rates: pd.DataFrame,
    outlet_rates: pd.DataFrame | None = None,
    log_odds: pd.DataFrame | None = None,
    naming: pd.DataFrame | None = None,
    timeline: pd.DataFrame | None = None,
    figsize: tuple[float, float] | None = None,
) -> Figure:
    """One figure with a panel for each table given, for a first look at a corpus.

    Panels, in this order: the category heatmap (always, across the whole first row), outlet
    rates, naming choice for the referent with most mentions, distinctive terms of the first
    group of the log-odds table, and the timeline, two to a row (an odd last one spans the row).
    The group column of each rates table is ``outlet`` when present, else its first column that
    is not a measure.

    Parameters
    ----------
    category_rates : DataFrame
        Rates by group and ``category`` (:func:`plot_category_heatmap`).
    outlet_rates : DataFrame, optional
        Rates by group (:func:`plot_rates`).
    log_odds : DataFrame, optional
        Log-odds table (:func:`plot_log_odds`, first group).
    naming : DataFrame, optional
        Naming table (:func:`plot_naming_choice`).
    timeline : DataFrame, optional
        Rates by group and ``period`` (:func:`plot_timeline`).
    figsize : (float, float), optional
        Figure size in inches; by default 7 inches per column and 4.8 per row.

    Returns
    -------
    Figure
        One Axes per panel, plus the heatmap's colourbar.

    Examples
    --------
    >>> import pandas as pd
    >>> rates = pd.DataFrame({"outlet": ["Meridian Wire", "The Frontline Ledger"],
    ...                       "category": "hedge_doubt", "rate": [2.5, 0.5]})
    >>> fig = plot_overview(category_rates=rates)
    >>> fig.get_suptitle(), len(fig.axes)
    ('framing overview', 2)
    >>> plt.close(fig)
    """
    others = [name for name, table in (("rates", outlet_rates), ("naming", naming), ("log_odds", log_odds),
                                       ("timeline", timeline)) if table is not None]
    ncols = 2 if others else 1
    nrows = 1 + math.ceil(len(others) / 2)
    fig = plt.figure(figsize=figsize or (7.0 * ncols, 4.8 * nrows), layout="constrained")
    fig.suptitle("framing overview", fontweight="bold")
    grid = fig.add_gridspec(nrows, ncols)
    # the heatmap takes the whole first row, so long outlet names fit under its columns;
    # an odd last panel spans both columns, so the figure has no empty slot
    axes: dict[str, Axes] = {"heatmap": fig.add_subplot(grid[0, :])}
    for i, name in enumerate(others):
        row, col = 1 + i // 2, i % 2
        alone = i == len(others) - 1 and len(others) % 2
        axes[name] = fig.add_subplot(grid[row, :] if alone else grid[row, col])

    plot_category_heatmap(category_rates, x=_group_column(category_rates), ax=axes["heatmap"])
    if outlet_rates is not None:
        plot_rates(outlet_rates, y=_group_column(outlet_rates), ax=axes["rates"])
    if naming is not None:
        _require(naming, ["referent", "n"], "plot_overview")
        top_referent: Any = naming.groupby("referent", sort=False)["n"].sum().idxmax()
        group = next((c for c in naming.columns if c not in ("referent", "term", "category", "loaded", "n", "share")),
                     "outlet")
        plot_naming_choice(naming, referent=top_referent, x=group, ax=axes["naming"])
    if timeline is not None:
        plot_timeline(timeline, hue=_group_column(timeline), ax=axes["timeline"])
    if log_odds is not None:
        # drawn last: adjustText places labels for the final layout of the other panels
        _require(log_odds, ["group"], "plot_overview")
        plot_log_odds(log_odds, group=_levels(log_odds["group"])[0], ax=axes["log_odds"])
    return fig
