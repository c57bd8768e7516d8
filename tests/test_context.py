
import numpy as np
import pandas as pd
import pytest
from scipy import sparse
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_val_score
from sklearn.utils.estimator_checks import parametrize_with_checks
from sklearn_checks import DATA_CHECKS, exception_chain, failed_checks, run_check

from framing.context import ContextClassifier, ContextFeatures, load_context_model, read_context_examples, score_hits
from framing.errors import InputError
from framing.match import find_hits, hits_frame
from framing.persist import load_model, save_model
from framing.types import Document


@pytest.fixture(scope="module")
def examples():
    return read_context_examples()


def test_bundled_examples_are_ours_and_balanced(examples):
    X, y = examples
    assert len(X) >= 500
    assert 0.4 < y.mean() < 0.6
    assert all(t[s:e] for t, s, e in zip(X["text"], X["start"], X["end"]))
    both = X.groupby("term")["label"].nunique()
    assert (both == 2).sum() >= 50  # many terms appear in both senses


def test_estimator_contract(examples):
    X, y = examples
    clf = ContextClassifier(C=2.0, window=3)
    assert clf.get_params() == {"C": 2.0, "window": 3, "class_weight": "balanced"}
    with pytest.raises(NotFittedError):
        clf.predict(X.head(2))
    fitted = clf.fit(X, y)
    assert fitted is clf and list(clf.classes_) == [0, 1]
    assert clone(clf).get_params() == clf.get_params() and not hasattr(clone(clf), "model_")
    proba = clf.predict_proba(X.head(5))
    assert proba.shape == (5, 2) and np.allclose(proba.sum(axis=1), 1)
    assert len(clf.get_feature_names_out()) > 100
    with pytest.raises(InputError, match="need the column"):
        clf.predict(pd.DataFrame({"text": ["x"]}))


def test_grid_search_and_cross_validation_work(examples):
    X, y = examples
    grid = GridSearchCV(ContextClassifier(), {"C": [0.5, 2.0]}, cv=3).fit(X, y)
    assert grid.best_params_["C"] in (0.5, 2.0)
    scores = cross_val_score(ContextClassifier(), X, y, cv=StratifiedKFold(5, shuffle=True, random_state=0))
    assert scores.mean() > 0.7  # well above the majority class (about 0.51)


def test_json_and_skops_round_trips(tmp_path, examples):
    X, y = examples
    clf = ContextClassifier().fit(X, y)
    again = ContextClassifier.from_json(clf.to_json(tmp_path / "m.json"))
    assert np.allclose(again.predict_proba(X.head(50)), clf.predict_proba(X.head(50)), atol=1e-5)
    path = save_model(clf, tmp_path / "m.skops")
    assert np.allclose(load_model(path).predict_proba(X.head(20)), clf.predict_proba(X.head(20)))
    (tmp_path / "bad.skops").write_bytes(b"not a model")
    with pytest.raises(InputError, match="not a framing model"):
        load_model(tmp_path / "bad.skops")


@pytest.mark.parametrize(
    ("text", "term_text", "loaded"),
    [
        ("Iran's proxy militias shelled the base.", "proxy militias", True),
        ("The office proxy server went down again on Monday.", "proxy", False),
        ("Assad regime forces shelled the town.", "regime", True),
        ("The new tax regime starts in April.", "regime", False),
    ],
)
def test_bundled_model_separates_senses(text, term_text, loaded):
    hits = [h for h in find_hits(Document("d", text)) if term_text.lower() in h.text.lower()]
    if not hits:
        pytest.skip(f"{term_text!r} is not a codebook hit here")
    assert (hits[0].score >= 0.5) is loaded


def test_score_hits_adds_probabilities():
    doc = Document("d", "Iran's proxy militias attacked. The proxy server was down.")
    hf = hits_frame(find_hits(doc, score=False))
    assert hf["score"].isna().all()
    scored = score_hits(hf, [doc], model=load_context_model())
    assert scored["score"].between(0, 1).all()
    with pytest.raises(InputError, match="documents not given"):
        score_hits(hf, [Document("other", "x")])


# --- scikit-learn's estimator checks ----------------------------------------------------------------
#
# Both estimators take a table of hit contexts (text, offsets, term, category): two-dimensional,
# with strings, so scikit-learn yields its whole suite. The checks that fit or transform build a
# numeric array with make_blobs, which has none of those columns and is rightly rejected; those
# are expected failures (strict: a listed check that starts to pass fails, so the list stays true;
# test_expected_failures_are_refused_inputs checks that each fails because its input was refused),
# and the same contracts are tested with hit contexts in test_contract_with_hit_contexts.

NUMERIC_X = "takes a table of hit contexts (text, start, end, term, category), not the check's numeric array"
# the data checks both estimators fail; each adds its own below
_BOTH = [c for c in DATA_CHECKS if c not in ("check_complex_data", "check_fit2d_1sample")]
EXPECTED_FAILED_CHECKS = {
    "ContextClassifier": dict.fromkeys(
        [*_BOTH, "check_class_weight_classifiers", "check_classifier_data_not_an_array", "check_classifiers_classes",
         "check_classifiers_train", "check_supervised_y_2d"], NUMERIC_X),
    "ContextFeatures": dict.fromkeys(
        [*_BOTH, "check_complex_data", "check_fit2d_1sample", "check_transformer_data_not_an_array",
         "check_transformer_general", "check_transformers_unfitted_stateless"], NUMERIC_X),
}


@pytest.mark.filterwarnings("ignore:invalid value encountered in cast:RuntimeWarning")  # inf labels, in sklearn
@pytest.mark.filterwarnings("error::FutureWarning")  # a deprecated API use shows up as a failure
@parametrize_with_checks([ContextClassifier(), ContextFeatures()],
                         expected_failed_checks=lambda est: EXPECTED_FAILED_CHECKS[type(est).__name__],
                         xfail_strict=True)
def test_sklearn_estimator_checks(estimator, check, request):
    run_check(estimator, check, request)


@pytest.mark.parametrize("estimator", [ContextClassifier(), ContextFeatures()], ids=lambda e: type(e).__name__)
def test_expected_failures_are_refused_inputs(estimator):
    # strict xfail says that the listed checks fail; this says why: the estimator refused the check's input
    failed = failed_checks(estimator)
    assert set(failed) == set(EXPECTED_FAILED_CHECKS[type(estimator).__name__])
    for name, exc in failed.items():
        refused = any(isinstance(e, InputError) for e in exception_chain(exc))
        assert refused, f"{name} failed for another reason: {exc!r}"


def test_contract_with_hit_contexts(examples):
    X, y = examples
    X, y = X.iloc[:300].reset_index(drop=True), y[:300]
    clf = ContextClassifier()
    params = clf.get_params()
    X_before = X.copy()
    assert clf.fit(X, y) is clf
    assert clf.get_params() == params
    pd.testing.assert_frame_equal(X, X_before)
    assert sorted(k for k in vars(clf) if k.endswith("_") and not k.startswith("_")) == [
        "classes_", "features_", "model_", "vectorizer_"]
    first = clf.predict_proba(X)
    np.testing.assert_allclose(clf.fit(X, y).predict_proba(X), first)  # refitting gives the same model
    order = np.random.default_rng(0).permutation(len(X))
    np.testing.assert_allclose(clf.predict_proba(X.iloc[order]), first[order])
    np.testing.assert_allclose(clf.predict_proba(X.iloc[10:20]), first[10:20])
    np.testing.assert_allclose(clf.predict_proba(X.to_dict("records")), first)  # a list of dicts works too
    assert clf.predict(X).tolist() == clf.classes_[first.argmax(axis=1)].tolist()


def test_features_are_stateless():
    X = pd.DataFrame({"text": ["A proxy server failed."], "start": [2], "end": [7], "term": ["proxy"],
                      "category": ["proxy_framing"]})
    features = ContextFeatures(window=1)
    assert features.transform(X) == features.fit(X).transform(X)  # nothing to fit: usable unfitted
    row = features.transform(X)[0]
    assert "L=a" in row and "R=server" in row and "R=failed" not in row  # one word each side


@pytest.mark.parametrize(
    ("y", "match"),
    [
        (None, "requires y to be passed"),
        ([0.5, 1.5, 2.5, 3.5], "Unknown label type"),
        ([1, 1, 1, 1], r"only one class \(1\)"),
        ([0, 1, 0], "3 labels for 4 hits"),
        ([[0, 1], [1, 0], [0, 1], [1, 0]], "y should be a 1d array"),
    ],
)
def test_labels_are_checked(y, match):
    X = pd.DataFrame({"text": ["proxy war", "proxy server", "proxy war", "proxy server"], "start": [0] * 4,
                      "end": [5] * 4, "term": ["proxy"] * 4, "category": ["proxy_framing"] * 4})
    with pytest.raises(ValueError, match=match):
        ContextClassifier().fit(X, y)


@pytest.mark.parametrize("bad", [sparse.csr_matrix(np.eye(3)), np.zeros((3, 5)), ["text"]])
def test_inputs_that_are_not_hit_contexts_are_refused(bad):
    with pytest.raises(InputError, match="DataFrame of hit contexts"):
        ContextClassifier().fit(bad, [0, 1, 0])


def test_window_is_the_fitted_one_after_set_params(examples):
    X, y = examples
    clf = ContextClassifier(window=2).fit(X.head(200), y[:200])
    rows = [(t, s, e, term, cat, None, None) for t, s, e, term, cat in
            zip(X["text"][:20], X["start"][:20], X["end"][:20], X["term"][:20], X["category"][:20])]
    before = clf.proba_loaded(rows)
    clf.set_params(window=6)  # a parameter for the next fit; the fitted model keeps its own
    np.testing.assert_allclose(clf.proba_loaded(rows), before)
    np.testing.assert_allclose(clf.predict_proba(X.head(20))[:, 1], before)


def test_features_persist_with_skops(tmp_path):
    features = ContextFeatures(window=2)
    again = load_model(save_model(features, tmp_path / "features.skops"))
    assert type(again) is ContextFeatures and again.get_params() == {"window": 2}


def test_proba_loaded_equals_predict_proba_and_follows_a_refit():
    import numpy as np

    from framing.context import CONTEXT_COLUMNS, ContextClassifier, read_context_examples

    X, y = read_context_examples()
    X, y = X.iloc[:400], y[:400]
    clf = ContextClassifier().fit(X, y)
    cols = [*CONTEXT_COLUMNS, "speaker", "mode"]
    rows = [tuple(r.get(c) for c in cols) for r in X.to_dict("records")]
    expected = clf.predict_proba(X)[:, list(clf.classes_).index(1)]
    np.testing.assert_allclose(clf.proba_loaded(rows), expected, rtol=0, atol=1e-12)
    # refitted on other data, the next call uses the new weights
    clf.set_params(C=0.01).fit(X.iloc[:200], y[:200])
    np.testing.assert_allclose(clf.proba_loaded(rows), clf.predict_proba(X)[:, 1], rtol=0, atol=1e-12)
