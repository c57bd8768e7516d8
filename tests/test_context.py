import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_val_score

from framing.context import ContextClassifier, load_context_model, read_context_examples, score_hits
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
