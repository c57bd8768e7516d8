import matplotlib
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PolyCollection
from matplotlib.colors import to_hex
from matplotlib.container import ErrorbarContainer
from matplotlib.figure import Figure

from framing.errors import InputError
from framing.plotting import (
    OKABE_ITO,
    plot_category_heatmap,
    plot_log_odds,
    plot_naming_choice,
    plot_overview,
    plot_rates,
    plot_timeline,
)

LNNA = "Levant National News Agency"
OCP = "Observatory for Civilian Protection"
WIRE = "Meridian Wire"
LEDGER = "The Frontline Ledger"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _attrs(df, **extra):
    df.attrs.update({"per": 1000, "ci": "wilson", "level": 0.95, "counted": "loaded terms", **extra})
    return df


@pytest.fixture
def category_rates():
    rows = [
        (LNNA, "hostile_label", 40, 4.0), (OCP, "hostile_label", 2, 0.5), (WIRE, "hostile_label", 3, 0.3),
        (LNNA, "hedge_doubt", 1, 0.1), (OCP, "hedge_doubt", 4, 1.0), (WIRE, "hedge_doubt", 24, 2.4),
        # no (OCP, proxy_framing) row: that cell must stay blank, not read as zero
        (LNNA, "proxy_framing", 22, 2.2), (WIRE, "proxy_framing", 5, 0.5),
    ]
    df = pd.DataFrame(rows, columns=["outlet", "category", "n_hits", "rate"])
    df["n_words"], df["n_docs"] = 10_000, 8
    df["ci_low"], df["ci_high"] = df["rate"] * 0.7, df["rate"] * 1.4
    return _attrs(df)


@pytest.fixture
def outlet_rates():
    df = pd.DataFrame({
        "outlet": [WIRE, LNNA, OCP, LEDGER],
        "n_hits": [120, 400, 3, 250], "n_words": [60_000, 40_000, 2_000, 30_000], "n_docs": [40, 30, 2, 20],
        "rate": [2.0, 10.0, 1.5, 8.3], "ci_low": [1.7, 9.1, 0.5, 7.3], "ci_high": [2.4, 11.0, 4.4, 9.4],
    })
    return _attrs(df)


@pytest.fixture
def log_odds():
    rows = []
    for group, step in ((WIRE, 7), (LNNA, 11)):
        for i in range(30):
            z = ((i * step) % 30 - 14.7) / 3.5  # from -4.2 to 4.1, no two |z| alike
            rows.append({"group": group, "feature": f"term {i}", "count": 5 + i, "count_other": 10, "total": 15 + i * 3,
                         "log_odds": z / 3, "se": 1 / 3, "z": z, "p": 0.5, "p_adj": 0.01 if abs(z) > 3 else 0.5,
                         "significant": abs(z) > 3})
    df = pd.DataFrame(rows)
    df.attrs.update(alpha0=100.0, comparison="rest")
    return df


@pytest.fixture
def naming():
    usage = {
        LNNA: {"Zionist enemy": 31, "occupation state": 18, "Israel": 11},
        WIRE: {"Israel": 88, "Israeli forces": 20, "Zionist enemy": 2},
        LEDGER: {"occupation state": 8, "Israel": 30, "Israeli forces": 2},
    }
    rows = []
    for outlet, terms in usage.items():
        total = sum(terms.values())
        for term, n in terms.items():
            neutral = term in ("Israel", "Israeli forces")
            rows.append({"referent": "Israel", "outlet": outlet, "term": term,
                         "category": "neutral" if neutral else "hostile_label", "loaded": not neutral, "n": n,
                         "share": n / total})
    rows.append({"referent": "Hezbollah", "outlet": WIRE, "term": "Hezbollah", "category": "neutral",
                 "loaded": False, "n": 4, "share": 1.0})
    return pd.DataFrame(rows)


@pytest.fixture
def timeline():
    periods = pd.to_datetime(["2026-03-02", "2026-03-09", "2026-03-16", "2026-03-23"])
    df = pd.DataFrame({
        "outlet": [WIRE] * 4 + [LEDGER] * 4,
        "period": list(periods) * 2,
        "n_hits": [4, 6, 2, 8, 10, 12, 9, 11], "n_words": 2000, "n_docs": 3,
        "rate": [2.0, 3.0, 1.0, 4.0, 5.0, 6.0, 4.5, 5.5],
    })
    df["ci_low"], df["ci_high"] = df["rate"] - 0.8, df["rate"] + 1.0
    return _attrs(df)


def _legend_texts(ax):
    return [t.get_text() for t in ax.get_legend().get_texts()]


def _ticks(axis):
    return [t.get_text() for t in axis.get_ticklabels()]


# ----------------------------------------------------------------------------- heatmap


def test_heatmap_values_equal_pivot_with_blank_missing_cell(category_rates):
    ax = plot_category_heatmap(category_rates)
    mesh = ax.collections[0]
    nan = np.nan
    expected = np.array([[4.0, 0.5, 0.3], [0.1, 1.0, 2.4], [2.2, nan, 0.5]])
    np.testing.assert_array_equal(np.ma.filled(mesh.get_array(), nan), expected)
    assert np.ma.getmaskarray(mesh.get_array()).sum() == 1


def test_heatmap_annotations_ticks_and_colourbar(category_rates):
    ax = plot_category_heatmap(category_rates)
    texts = [t.get_text() for t in ax.texts]
    assert texts == ["4.0", "0.5", "0.3", "0.1", "1.0", "2.4", "2.2", "0.5"]  # none for the missing cell
    assert _ticks(ax.xaxis) == ["Levant National News\nAgency", "Observatory for\nCivilian Protection", WIRE]
    assert _ticks(ax.yaxis) == ["hostile_label", "hedge_doubt", "proxy_framing"]
    colourbar = ax.figure.axes[1]
    assert colourbar.get_ylabel() == "Loaded terms per 1,000 words"
    assert ax.get_title() == "Loaded terms per 1,000 words, by category and outlet"
    assert ax.collections[0].norm.vmin == 0


def test_heatmap_text_colour_contrasts_with_cell(category_rates):
    ax = plot_category_heatmap(category_rates)
    colours = {t.get_text(): t.get_color() for t in ax.texts}
    # cividis runs from dark blue (small values) to light yellow (large ones)
    assert colours["4.0"] == "black"
    assert colours["0.1"] == "white"


def test_heatmap_fmt_and_no_annotations(category_rates):
    ax = plot_category_heatmap(category_rates, fmt=".2f")
    assert ax.texts[0].get_text() == "4.00"
    _, other = plt.subplots()
    assert len(plot_category_heatmap(category_rates, annot=False, ax=other).texts) == 0


def test_heatmap_rejects_several_rows_per_cell(category_rates):
    doubled = pd.concat([category_rates.assign(speaker="a"), category_rates.assign(speaker="b")])
    with pytest.raises(InputError, match="several rows for category='hostile_label'"):
        plot_category_heatmap(doubled)


def test_heatmap_turns_long_labels_on_a_narrow_axes(category_rates):
    _, ax = plt.subplots(figsize=(3, 3))
    plot_category_heatmap(category_rates, ax=ax)
    assert {t.get_rotation() for t in ax.get_xticklabels()} == {45.0}
    assert _ticks(ax.xaxis) == [LNNA, OCP, WIRE]  # turned labels stay on one line
    _, wide = plt.subplots(figsize=(10, 3))
    plot_category_heatmap(category_rates, ax=wide)
    assert {t.get_rotation() for t in wide.get_xticklabels()} == {0.0}


# ----------------------------------------------------------------------------- rates


def _errorbars(ax):
    return [c for c in ax.containers if isinstance(c, ErrorbarContainer)]


def test_rates_errorbars_span_the_interval_sorted_descending(outlet_rates):
    ax = plot_rates(outlet_rates)
    (bars,) = _errorbars(ax)
    dots = bars.lines[0]
    segments = bars.lines[2][0].get_segments()
    expected = outlet_rates.sort_values("rate", ascending=False)
    np.testing.assert_allclose(dots.get_xdata(), expected["rate"])
    np.testing.assert_allclose(dots.get_ydata(), [0, 1, 2, 3])
    np.testing.assert_allclose([s[0][0] for s in segments], expected["ci_low"])
    np.testing.assert_allclose([s[1][0] for s in segments], expected["ci_high"])
    assert _ticks(ax.yaxis) == ["Levant National News\nAgency", LEDGER, WIRE, "Observatory for\nCivilian Protection"]
    assert ax.yaxis_inverted()  # first row on top


def test_rates_counts_title_and_labels(outlet_rates):
    ax = plot_rates(outlet_rates)
    assert [t.get_text() for t in ax.texts] == ["n=400", "n=250", "n=120", "n=3"]
    assert ax.get_title() == "Loaded terms per 1,000 words, by outlet (95% Wilson CI)"
    assert ax.get_xlabel() == "Loaded terms per 1,000 words"
    assert ax.get_xlim()[0] == 0
    assert not ax.spines["top"].get_visible() and not ax.spines["right"].get_visible()


def test_rates_order_and_no_counts(outlet_rates):
    ax = plot_rates(outlet_rates, order=[WIRE, OCP], annotate_n=False)
    assert _ticks(ax.yaxis) == [WIRE, "Observatory for\nCivilian Protection"]
    (bars,) = _errorbars(ax)
    np.testing.assert_allclose(bars.lines[0].get_xdata(), [2.0, 1.5])
    assert len(ax.texts) == 0


def test_rates_bootstrap_interval_in_title(outlet_rates):
    outlet_rates.attrs.update(ci="bootstrap", level=0.9)
    assert plot_rates(outlet_rates).get_title().endswith("(90% bootstrap CI)")
    plain = outlet_rates.copy()
    plain.attrs = {}
    assert plot_rates(plain).get_title() == "Rate, by outlet"


def test_rates_hue_dodges_with_legend(outlet_rates):
    both = pd.concat([outlet_rates.assign(speaker="officials"), outlet_rates.assign(speaker="witnesses", rate=1.0)])
    both.attrs = outlet_rates.attrs
    ax = plot_rates(both, hue="speaker")
    assert _legend_texts(ax) == ["officials", "witnesses"]
    officials, witnesses = _errorbars(ax)
    np.testing.assert_allclose(witnesses.lines[0].get_ydata() - officials.lines[0].get_ydata(), 0.44)
    assert to_hex(officials.lines[0].get_color()) != to_hex(witnesses.lines[0].get_color())
    assert ax.get_title() == "Loaded terms per 1,000 words, by outlet and speaker\n(95% Wilson CI)"


def test_rates_needs_one_row_per_group(outlet_rates):
    both = pd.concat([outlet_rates.assign(speaker="officials"), outlet_rates.assign(speaker="witnesses")])
    with pytest.raises(InputError, match="pass hue="):
        plot_rates(both)


def test_missing_column_is_named(outlet_rates):
    with pytest.raises(InputError, match="no column 'speaker'"):
        plot_rates(outlet_rates, y="speaker")


# ----------------------------------------------------------------------------- log-odds


def test_log_odds_labels_the_top_features(log_odds):
    ax = plot_log_odds(log_odds, group=WIRE, top=7)
    labels = [t.get_text() for t in ax.texts]
    wire = log_odds[log_odds.group == WIRE]
    assert len(labels) == 7
    assert set(labels) == set(wire.assign(a=wire.z.abs()).nlargest(7, "a")["feature"])
    assert ax.get_xscale() == "log"
    assert sorted(line.get_ydata()[0] for line in ax.lines if line.get_linestyle() == "--") == [-1.96, 1.96]


def test_log_odds_colours_significant_points(log_odds):
    ax = plot_log_odds(log_odds, group=WIRE, top=0)
    wire = log_odds[log_odds.group == WIRE]
    drawn = {to_hex(c.get_facecolor()[0]): len(c.get_offsets()) for c in ax.collections}
    assert drawn[OKABE_ITO[5].lower()] == (wire.significant & (wire.z > 0)).sum()
    assert drawn[OKABE_ITO[4].lower()] == (wire.significant & (wire.z <= 0)).sum()
    assert sum(drawn.values()) == len(wire)
    assert len(ax.texts) == 0
    assert "not significant" in _legend_texts(ax)


def test_log_odds_title_and_comparison(log_odds):
    ax = plot_log_odds(log_odds, group=LNNA)
    assert ax.get_title().replace("\n", " ") == (
        f"Distinctive terms: {LNNA} vs rest (log-odds, informative Dirichlet prior)")
    other = log_odds.copy()
    other.attrs = {"comparison": "all other outlets"}
    ax = plot_log_odds(other, group=WIRE)
    assert "Meridian Wire vs all other outlets" in ax.get_title().replace("\n", " ")
    assert ax.get_legend().get_title().get_text() == "Meridian Wire vs all\nother outlets"


def test_log_odds_needs_a_group_when_ambiguous(log_odds):
    with pytest.raises(ValueError, match=r"Meridian Wire.*Levant National News Agency.*group="):
        plot_log_odds(log_odds)
    with pytest.raises(ValueError, match="'Nobody' is not in the table"):
        plot_log_odds(log_odds, group="Nobody")


def test_log_odds_single_group_needs_no_name(log_odds):
    one = log_odds[log_odds.group == LNNA]
    ax = plot_log_odds(one, top=3)
    assert len(ax.texts) == 3
    assert LNNA in ax.get_title()


# ----------------------------------------------------------------------------- naming


def test_naming_bar_widths_are_the_shares(naming):
    ax = plot_naming_choice(naming, referent="Israel")
    israel = naming[naming.referent == "Israel"]
    groups = [LNNA, LEDGER, WIRE]  # largest loaded share first
    assert [c.get_label() for c in ax.containers] == [
        "Zionist enemy", "occupation state", "Israel (neutral)", "Israeli forces (neutral)"]
    for container, term in zip(ax.containers, ["Zionist enemy", "occupation state", "Israel", "Israeli forces"]):
        shares = israel[israel.term == term].set_index("outlet")["share"].reindex(groups).fillna(0)
        np.testing.assert_allclose([p.get_width() for p in container], shares)
    left = np.zeros(3)
    for container in ax.containers:  # segments are stacked and each bar reaches 100%
        np.testing.assert_allclose([p.get_x() for p in container], left)
        left += [p.get_width() for p in container]
    np.testing.assert_allclose(left, 1.0)


def test_naming_legend_ticks_and_percentages(naming):
    ax = plot_naming_choice(naming, referent="Israel")
    assert _legend_texts(ax) == ["Zionist enemy", "occupation state", "Israel (neutral)", "Israeli forces (neutral)"]
    assert _ticks(ax.yaxis) == ["Levant National News\nAgency\n(n=60)", f"{LEDGER}\n(n=40)", f"{WIRE}\n(n=110)"]
    # segments under 8% (Meridian Wire's 2% "Zionist enemy", the Ledger's 5% "Israeli forces") stay unlabelled
    assert [t.get_text() for t in ax.texts] == ["52%", "30%", "20%", "18%", "75%", "80%", "18%"]
    legend = ax.get_legend()
    assert legend.get_bbox_to_anchor().x0 > ax.get_window_extent().x1  # outside the axes


def test_naming_vertical_bars_and_order(naming):
    ax = plot_naming_choice(naming, referent="Israel", orient="v", order=[WIRE, LNNA])
    assert [p.get_height() for p in ax.containers[2]] == pytest.approx([88 / 110, 11 / 60])
    assert _ticks(ax.xaxis) == [f"{WIRE}\n(n=110)", "Levant National\nNews Agency\n(n=60)"]


def test_naming_unknown_referent(naming):
    with pytest.raises(InputError, match="'Iran' is not in the table; referents: 'Israel', 'Hezbollah'"):
        plot_naming_choice(naming, referent="Iran")


# ----------------------------------------------------------------------------- timeline


def test_timeline_lines_bands_and_dates(timeline):
    ax = plot_timeline(timeline)
    assert _legend_texts(ax) == [WIRE, LEDGER]
    assert [list(line.get_ydata()) for line in ax.lines] == [[2.0, 3.0, 1.0, 4.0], [5.0, 6.0, 4.5, 5.5]]
    assert mdates.num2date(ax.lines[0].get_xdata(orig=False)[0]).date().isoformat() == "2026-03-02"
    bands = [c for c in ax.collections if isinstance(c, PolyCollection)]
    assert len(bands) == 2
    low, high = bands[0].get_paths()[0].vertices[:, 1].min(), bands[0].get_paths()[0].vertices[:, 1].max()
    assert (low, high) == pytest.approx((0.2, 5.0))
    assert isinstance(ax.xaxis.get_major_formatter(), mdates.ConciseDateFormatter)
    assert ax.get_ylabel() == "Loaded terms per 1,000 words"


def test_timeline_without_interval_or_hue(timeline):
    one = timeline[timeline.outlet == WIRE].drop(columns=["ci_low", "ci_high"])
    ax = plot_timeline(one, hue=None, color="black")
    assert len(ax.lines) == 1 and ax.get_legend() is None
    assert not [c for c in ax.collections if isinstance(c, PolyCollection)]
    assert to_hex(ax.lines[0].get_color()) == "#000000"


def test_timeline_accepts_periods(timeline):
    monthly = timeline.groupby("outlet", as_index=False).first().assign(period=pd.Period("2026-03", "M"))
    ax = plot_timeline(monthly)
    assert mdates.num2date(ax.lines[0].get_xdata(orig=False)[0]).date().isoformat() == "2026-03-01"


# ----------------------------------------------------------------------------- overview


def test_overview_all_panels(category_rates, outlet_rates, log_odds, naming, timeline):
    fig = plot_overview(category_rates=category_rates, outlet_rates=outlet_rates, log_odds=log_odds,
                        naming=naming, timeline=timeline)
    assert isinstance(fig, Figure)
    assert fig.get_suptitle() == "framing overview"
    assert len(fig.axes) == 6  # five panels and the heatmap's colourbar
    titles = [ax.get_title().replace("\n", " ") for ax in fig.axes]
    assert any(t.startswith("Naming Israel") for t in titles)  # the referent with most mentions
    assert any(t.startswith(f"Distinctive terms: {WIRE} vs rest") for t in titles)  # the first group
    assert fig.get_layout_engine() is not None


@pytest.mark.parametrize(("extra", "n_axes"), [({}, 2), ({"outlet_rates": True}, 3), ({"naming": True}, 3)])
def test_overview_only_given_tables(category_rates, outlet_rates, naming, extra, n_axes):
    tables = {"outlet_rates": outlet_rates, "naming": naming}
    fig = plot_overview(category_rates=category_rates, **{k: tables[k] for k in extra})
    assert len(fig.axes) == n_axes


# ----------------------------------------------------------------------------- contract


def _all_calls(category_rates, outlet_rates, log_odds, naming, timeline):
    return [
        lambda ax: plot_category_heatmap(category_rates, ax=ax),
        lambda ax: plot_rates(outlet_rates, ax=ax),
        lambda ax: plot_log_odds(log_odds, group=WIRE, ax=ax),
        lambda ax: plot_naming_choice(naming, referent="Israel", ax=ax),
        lambda ax: plot_timeline(timeline, ax=ax),
    ]


def test_draws_on_the_given_axes(category_rates, outlet_rates, log_odds, naming, timeline):
    for call in _all_calls(category_rates, outlet_rates, log_odds, naming, timeline):
        fig, ax = plt.subplots()
        n_figures = len(plt.get_fignums())
        assert call(ax) is ax
        assert len(plt.get_fignums()) == n_figures
        assert ax.has_data()
        plt.close(fig)


def test_no_show_no_savefig_no_rcparams(monkeypatch, category_rates, outlet_rates, log_odds, naming, timeline):
    def forbidden(*args, **kwargs):
        raise AssertionError("plotting functions must not show or save figures")

    monkeypatch.setattr(plt, "show", forbidden)
    monkeypatch.setattr(Figure, "savefig", forbidden)
    before = matplotlib.rcParams.copy()
    for call in _all_calls(category_rates, outlet_rates, log_odds, naming, timeline):
        call(None)
    plot_overview(category_rates=category_rates, outlet_rates=outlet_rates, log_odds=log_odds, naming=naming,
                  timeline=timeline)
    assert matplotlib.rcParams == before
    assert dict(matplotlib.rcParams) == dict(before)
