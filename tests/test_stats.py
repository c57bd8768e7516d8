import math

import numpy as np
import pandas as pd
import pytest

from framing.datasets import load_sample, sample_sources
from framing.errors import FramingError, FramingWarning
from framing.stats import analyze, category_table, log_odds, naming_choice, rates, term_table


@pytest.fixture(scope="module")
def sample():
    return analyze(load_sample(), registry=sample_sources())


def _hand_delta(yi, ni, yj, nj, a_w, a0):
    return (math.log((yi + a_w) / (ni + a0 - yi - a_w)) - math.log((yj + a_w) / (nj + a0 - yj - a_w)))


def test_log_odds_matches_monroe_formulas_by_hand():
    # group A: x=5, y=1, z=0; group B: x=1, y=5, z=2
    hits = pd.DataFrame({"outlet": ["A"] * 6 + ["B"] * 8, "term": list("xxxxxy") + list("xyyyyyzz")})
    res = log_odds(hits).set_index(["group", "feature"])
    totals = {"x": 6, "y": 6, "z": 2}
    a0 = 14.0  # the prior is the corpus: alpha0 = all hits, alpha_w = the feature's count
    for group, counts, n in (("A", {"x": 5, "y": 1, "z": 0}, 6), ("B", {"x": 1, "y": 5, "z": 2}, 8)):
        for w, yi in counts.items():
            a_w = a0 * totals[w] / 14
            yj, nj = totals[w] - yi, 14 - n
            delta = _hand_delta(yi, n, yj, nj, a_w, a0)
            se = math.sqrt(1 / (yi + a_w) + 1 / (yj + a_w))
            row = res.loc[(group, w)]
            assert row["log_odds"] == pytest.approx(delta)
            assert row["se"] == pytest.approx(se)
            assert row["z"] == pytest.approx(delta / se)
            assert row["p"] == pytest.approx(2 * (1 - 0.5 * (1 + math.erf(abs(delta / se) / math.sqrt(2)))))
            assert (row["count"], row["count_other"], row["total"]) == (yi, yj, totals[w])
    # worked by hand for A, x: alpha_x = 6, so log(11/9) - log(7/15)
    assert res.loc[("A", "x"), "log_odds"] == pytest.approx(0.9628107, abs=1e-6)


def test_log_odds_pairwise_prior_and_alpha0():
    hits = pd.DataFrame({"outlet": ["A"] * 4 + ["B"] * 4 + ["C"] * 2, "term": list("xxxy") + list("xyyy") + list("yy")})
    res = log_odds(hits, pairwise=True, alpha0=2.0).set_index(["group", "other", "feature"])
    # alpha_w = 2 * share: x 4/10, y 6/10
    a_x = 2.0 * 4 / 10
    delta = _hand_delta(3, 4, 1, 4, a_x, 2.0)
    assert res.loc[("A", "B", "x"), "log_odds"] == pytest.approx(delta)
    assert res.loc[("B", "A", "x"), "log_odds"] == pytest.approx(-delta)
    prior = pd.Series({"x": 1.0, "y": 1.0})
    res2 = log_odds(hits, prior=prior, alpha0=10.0).set_index(["group", "feature"])
    a_w = 5.0  # uniform prior
    assert res2.loc[("A", "x"), "log_odds"] == pytest.approx(_hand_delta(3, 4, 1, 6, a_w, 10.0))


def test_benjamini_hochberg_by_hand():
    hits = pd.DataFrame({"outlet": ["A"] * 30 + ["B"] * 30,
                         "term": list("a" * 20 + "b" * 5 + "c" * 5) + list("a" * 5 + "b" * 5 + "c" * 20)})
    res = log_odds(hits)
    a = res[res.group == "A"].sort_values("p").reset_index(drop=True)
    m = len(a)
    adj = [min(1.0, min(a.loc[j, "p"] * m / (j + 1) for j in range(i, m))) for i in range(m)]
    assert a["p_adj"].tolist() == pytest.approx(adj)
    assert a["significant"].tolist() == [x < 0.05 for x in adj]


def test_log_odds_needs_two_groups():
    with pytest.raises(FramingError, match="at least two values"):
        log_odds(pd.DataFrame({"outlet": ["A"], "term": ["x"]}))


def test_rates_wilson_by_hand():
    hits = pd.DataFrame({"outlet": ["A"] * 3, "doc_id": ["a1", "a1", "a2"]})
    words = pd.DataFrame({"outlet": ["A", "A", "B"], "doc_id": ["a1", "a2", "b1"], "n_words": [600, 400, 50]})
    r = rates(hits, words).set_index("outlet")
    k, n, z = 3, 1000, 1.959963984540054
    centre = (k + z * z / 2) / (n + z * z)
    half = z * math.sqrt(k * (n - k) / n + z * z / 4) / (n + z * z)
    assert r.loc["A", "rate"] == pytest.approx(3.0)
    assert r.loc["A", "ci_low"] == pytest.approx((centre - half) * 1000)
    assert r.loc["A", "ci_high"] == pytest.approx((centre + half) * 1000)
    # a group with no hits is shown with zero, not dropped
    assert (r.loc["B", "n_hits"], r.loc["B", "rate"], r.loc["B", "ci_low"]) == (0, 0.0, 0.0)
    assert r.loc["A", "n_docs"] == 2
    assert r.attrs["ci"] == "wilson" and r.attrs["per"] == 1000


def test_rates_bootstrap_is_reproducible_and_over_documents():
    hits = pd.DataFrame({"outlet": ["A"] * 6, "doc_id": ["a1"] * 5 + ["a2"]})
    words = pd.DataFrame({"outlet": ["A", "A", "A"], "doc_id": ["a1", "a2", "a3"], "n_words": [100, 100, 100]})
    one = rates(hits, words, ci="bootstrap", seed=1)
    two = rates(hits, words, ci="bootstrap", seed=1)
    pd.testing.assert_frame_equal(one, two)
    lo, hi = one.loc[0, ["ci_low", "ci_high"]]
    # articles are resampled: the extremes are 0 hits (a3, a3, a3) and 50 per 1,000 (a1, a1, a1)
    assert 0 <= lo < 20 < hi <= 50
    with pytest.raises(FramingError, match="ci must be"):
        rates(hits, words, ci="normal")


def test_rates_split_by_category_keeps_zero_cells():
    hits = pd.DataFrame({"outlet": ["A", "A", "B"], "doc_id": ["a", "a", "b"], "category": ["x", "y", "x"]})
    words = pd.DataFrame({"outlet": ["A", "B"], "doc_id": ["a", "b"], "n_words": [500, 1000]})
    r = rates(hits, words, split="category")
    assert r[["outlet", "category", "n_hits", "rate"]].values.tolist() == [
        ["A", "x", 1, 2.0], ["A", "y", 1, 2.0], ["B", "x", 1, 1.0], ["B", "y", 0, 0.0]]
    table = category_table(hits, words)
    assert table.loc["y", "B"] == 0.0 and table.loc["x", "A"] == 2.0


def test_rates_by_period():
    hits = pd.DataFrame({"outlet": ["A", "A"], "doc_id": ["a1", "a2"], "date": ["2026-03-10", "2026-03-11"]})
    words = pd.DataFrame({"outlet": ["A", "A"], "doc_id": ["a1", "a2"], "date": ["2026-03-10", "2026-03-11"],
                          "n_words": [100, 200]})
    r = rates(hits, words, period="D")
    assert r["period"].dt.day.tolist() == [10, 11]
    assert r["rate"].tolist() == [10.0, 5.0]


def test_unknown_columns_are_explained():
    with pytest.raises(FramingError, match="no column"):
        rates(pd.DataFrame({"x": [1]}), pd.DataFrame({"n_words": [1], "doc_id": ["a"]}), by="outlet")


def test_term_table_and_naming_choice():
    hits = pd.DataFrame({"outlet": ["A", "A", "A", "B"], "refers_to": ["Israel"] * 4,
                         "term": ["Israeli enemy", "Israeli enemy", "Israel", "IDF"],
                         "category": ["hostile_label", "hostile_label", "neutral", "neutral"]})
    assert term_table(hits).loc["Israeli enemy"].tolist() == [2, 0]
    n = naming_choice(hits)
    assert n.groupby("outlet")["share"].sum().tolist() == pytest.approx([1.0, 1.0])
    a = n[n.outlet == "A"].set_index("term")
    assert a.loc["Israeli enemy", "share"] == pytest.approx(2 / 3) and bool(a.loc["Israeli enemy", "loaded"])
    with pytest.warns(FramingWarning, match="no neutral labels"):
        naming_choice(hits[hits.category != "neutral"])


def test_analyze_sample_denominators_are_the_words_each_source_spoke(sample):
    docs = load_sample()
    from framing.segment import count_words

    assert sample.words["n_words"].sum() == sum(count_words(d.text) for d in docs)
    per_doc = sample.words.groupby("doc_id")["n_words"].sum()
    assert (per_doc == sample.documents.set_index("doc_id")["n_words"]).all()
    assert set(sample.words["voice"]) == {"own", "quoted"}
    # every loaded hit's source has words in the same article
    keys = set(zip(sample.words["doc_id"], sample.words["source"]))
    assert all((d, s) in keys for d, s in zip(sample.hits["doc_id"], sample.hits["source"]))


def test_rates_by_voice_and_speaker_type_on_sample(sample):
    r = sample.rates(by=["outlet", "voice"])
    assert len(r) == 8  # 4 outlets x own/quoted
    assert (r["n_words"] > 0).all()
    state = sample.rates(by="speaker_type")
    assert "state_media" in set(state["speaker_type"].dropna())
    lo = sample.log_odds(by="outlet")
    assert set(lo["group"]) == {d.outlet for d in load_sample()}
    assert np.isfinite(lo["z"]).all()
    naming = sample.naming_choice()
    assert {"Israel", "the strikes"} <= set(naming["referent"])


def test_analyze_in_chunks_gives_the_same_tables(monkeypatch):
    import framing.stats as stats
    from framing.datasets import load_sample

    whole = stats.analyze(load_sample())
    monkeypatch.setattr(stats, "_HIT_CHUNK", 7)
    chunked = stats.analyze(load_sample())
    pd.testing.assert_frame_equal(whole.hits, chunked.hits)
    pd.testing.assert_frame_equal(whole.words, chunked.words)
