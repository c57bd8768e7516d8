"""Is this use loaded? A classifier for codebook hits in context.

A codebook flags "proxy" in "proxy militias" and in "proxy server" alike.
:class:`ContextClassifier` looks at the words around each hit, the term, its
category, its casing and who says it, and gives the probability that this use
is loaded. The bundled model (``framing/data/context_model.json``, plain
parameters, no pickle) was trained only on examples written by the framing
contributors (``framing/data/context_examples.jsonl``); train your own on coded
hits with :meth:`ContextClassifier.fit` or ``framing train context``.
"""

from __future__ import annotations

import json
import re
import weakref
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, column_or_1d

from .errors import FramingError, InputError

__all__ = [
    "CONTEXT_COLUMNS",
    "ContextClassifier",
    "ContextFeatures",
    "load_context_model",
    "read_context_examples",
    "score_hits",
]

#: Columns a table of hit contexts needs (``speaker`` and ``mode`` are optional).
CONTEXT_COLUMNS = ["text", "start", "end", "term", "category"]
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_OPEN_QUOTES = "“\"«„"


def _as_frame(X) -> pd.DataFrame:
    if isinstance(X, pd.DataFrame):
        df = X
    elif sparse.issparse(X):
        raise InputError(f"expected a DataFrame of hit contexts with columns {', '.join(CONTEXT_COLUMNS)}, got a "
                         f"sparse {type(X).__name__}; sparse input is not supported")
    elif isinstance(X, list) and X and isinstance(X[0], dict):
        df = pd.DataFrame(X)
    else:
        raise InputError(f"expected a DataFrame of hit contexts with columns {', '.join(CONTEXT_COLUMNS)}, "
                         f"got {type(X).__name__}")
    missing = [c for c in CONTEXT_COLUMNS if c not in df.columns]
    if missing:
        raise InputError(f"hit contexts need the column(s) {', '.join(missing)} "
                         f"(have: {', '.join(map(str, df.columns))})")
    return df


def _check_labels(y) -> np.ndarray:
    """Hit labels as a 1-D array of at least two classes, checked before ``X`` (as scikit-learn does)."""
    if y is None:
        raise InputError("ContextClassifier requires y to be passed, but the target y is None; "
                         "give one label (1 loaded, 0 not) per hit")
    y = column_or_1d(y, warn=True)
    check_classification_targets(y)
    classes = np.unique(y)
    if len(classes) < 2:
        found = f"y has only one class ({classes.tolist()[0]!r})" if len(classes) else "no labels given"
        raise InputError(f"ContextClassifier: {found}; a classifier needs hits of at least two classes "
                         "(loaded and not)")
    return y


def _features(text: str, start: int, end: int, term: str, category: str, speaker: Any, mode: Any,
              window: int) -> dict[str, float]:
    left = [w.lower() for w in _WORD.findall(text[max(0, start - 120):start])][-window:]
    right = [w.lower() for w in _WORD.findall(text[end:end + 120])][:window]
    surface = text[start:end]
    f: dict[str, float] = {f"term={term.lower()}": 1.0, f"cat={category}": 1.0,
                           f"form={surface.lower()}": 1.0}
    for i, w in enumerate(reversed(left), start=1):
        f[f"L={w}"] = 1.0
        if i <= 2:
            f[f"L{i}={w}"] = 1.0
            f[f"L{i}|{term.lower()}={w}"] = 1.0
    for i, w in enumerate(right, start=1):
        f[f"R={w}"] = 1.0
        if i <= 2:
            f[f"R{i}={w}"] = 1.0
            f[f"R{i}|{term.lower()}={w}"] = 1.0
    if surface.isupper() and len(surface) > 1:
        f["case=upper"] = 1.0
    elif surface[:1].isupper():
        f["case=title"] = 1.0
    before = text[max(0, start - 2):start]
    if start == 0 or (before.strip() in ("", *_OPEN_QUOTES) and (start < 2 or text[start - 2] in ".\n!?")):
        f["sentence_start"] = 1.0
    # a headline: most words capitalised
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = line_end if line_end >= 0 else len(text)
    if line_end - line_start <= 200:  # headlines are short lines; long ones are paragraphs
        words = _WORD.findall(text, line_start, line_end)
        if len(words) >= 4 and sum(w[:1].isupper() for w in words) / len(words) > 0.7:
            f["headline"] = 1.0
    # the words themselves in quotation marks: often a mention ("the phrase “Israeli enemy”"), not a use
    if text[max(0, start - 1):start] in _OPEN_QUOTES + "‘'" and text[end:end + 1] in "”\"»’'":
        f["in_marks"] = 1.0
    if isinstance(mode, str) and mode:
        f[f"mode={mode}"] = 1.0
    quoted = isinstance(speaker, str) and bool(speaker)
    f["quoted" if quoted else "own_voice"] = 1.0
    return f


class ContextFeatures(TransformerMixin, BaseEstimator):
    """Turn hit contexts into feature dicts: words around the hit, term, category, casing, voice.

    Parameters
    ----------
    window : int, default 4
        Words on each side of the hit.

    Examples
    --------
    >>> X = pd.DataFrame({"text": ["A proxy server failed."], "start": [2], "end": [7], "term": ["proxy"],
    ...                   "category": ["proxy_framing"]})
    >>> sorted(ContextFeatures().fit_transform(X)[0])[:3]
    ['L1=a', 'L1|proxy=a', 'L=a']
    """

    def __init__(self, *, window: int = 4):
        self.window = window

    def fit(self, X, y=None):
        """Check the input; the features learn nothing from data."""
        _as_frame(X)
        return self

    def transform(self, X) -> list[dict[str, float]]:
        """One feature dict per hit (the input of a :class:`~sklearn.feature_extraction.DictVectorizer`)."""
        df = _as_frame(X)
        speakers = df["speaker"] if "speaker" in df.columns else [None] * len(df)
        modes = df["mode"] if "mode" in df.columns else [None] * len(df)
        return [_features(str(t), int(s), int(e), str(term), str(cat), sp, md, self.window)
                for t, s, e, term, cat, sp, md in zip(df["text"], df["start"], df["end"], df["term"],
                                                      df["category"], speakers, modes)]

    def __sklearn_is_fitted__(self) -> bool:
        return True  # nothing is learned

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.requires_fit = False
        tags.transformer_tags.preserves_dtype = []  # the output is feature dicts, not an array
        return tags


class ContextClassifier(ClassifierMixin, BaseEstimator):
    """The probability that a codebook hit is loaded in its context.

    A logistic regression over :class:`ContextFeatures`. ``X`` is a DataFrame
    with one row per hit: ``text`` (the document or sentence), ``start``,
    ``end`` (the hit's offsets in ``text``), ``term``, ``category``, and
    optionally ``speaker`` and ``mode``; ``y`` is 1 (loaded) or 0.

    Parameters
    ----------
    window : int, default 4
    C : float, default 1.0
        Inverse regularisation strength of the logistic regression.
    class_weight : "balanced" or None, default "balanced"

    Examples
    --------
    >>> X = pd.DataFrame({"text": ["proxy militias fired", "the proxy server", "Iran's proxy militias",
    ...                            "a proxy server crashed"], "start": [0, 4, 7, 2], "end": [5, 9, 12, 7],
    ...                   "term": ["proxy"] * 4, "category": ["proxy_framing"] * 4})
    >>> clf = ContextClassifier().fit(X, [1, 0, 1, 0])
    >>> clf.predict(X).tolist()
    [1, 0, 1, 0]
    """

    def __init__(self, *, window: int = 4, C: float = 1.0, class_weight: str | None = "balanced"):
        self.window = window
        self.C = C
        self.class_weight = class_weight

    def fit(self, X, y):
        """Learn the vocabulary of context features and the logistic regression.

        Parameters
        ----------
        X : DataFrame or list of dict
            One row per hit, with the columns :data:`CONTEXT_COLUMNS` (``speaker`` and ``mode`` optional).
        y : array-like of shape (n_hits,)
            1 (loaded) or 0, or any two or more class labels.

        Returns
        -------
        self
        """
        y = _check_labels(y)
        df = _as_frame(X)
        if len(y) != len(df):
            raise InputError(f"{len(y)} labels for {len(df)} hits; give one label per row of X")
        self.features_ = ContextFeatures(window=self.window)
        self.vectorizer_ = DictVectorizer()
        Z = self.vectorizer_.fit_transform(self.features_.transform(df))
        self.model_ = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=2000)
        self.model_.fit(Z, y)
        self.classes_ = self.model_.classes_
        return self

    def _z(self, X):
        check_is_fitted(self, "model_")
        return self.vectorizer_.transform(self.features_.transform(X))

    def predict_proba(self, X) -> np.ndarray:
        Z = self._z(X)
        return self.model_.predict_proba(Z)

    def predict(self, X) -> np.ndarray:
        Z = self._z(X)
        return self.model_.predict(Z)

    def proba_loaded(self, rows: list[tuple]) -> np.ndarray:
        """P(loaded) for ``(text, start, end, term, category, speaker, mode)`` tuples, without pandas.

        The fast path used when tagging: one call per document.
        """
        check_is_fitted(self, "model_")
        window = self.features_.window  # as fitted, even if set_params changed window since
        feats = [_features(t, s, e, term, cat, sp, md, window) for t, s, e, term, cat, sp, md in rows]
        weights = _linear_weights(self.vectorizer_, self.model_)
        if weights is None:
            return self.model_.predict_proba(self.vectorizer_.transform(feats))[:, list(self.classes_).index(1)]
        # a two-class logistic regression on 0/1 features: the sum of the present features' weights,
        # through the logistic function (what predict_proba computes, without its per-call overhead)
        coef, intercept, positive = weights
        z = np.array([intercept + sum([coef[k] for k in f if k in coef]) for f in feats], dtype=float)
        p = 1.0 / (1.0 + np.exp(-z))
        return p if positive else 1.0 - p

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        check_is_fitted(self, "vectorizer_")
        return self.vectorizer_.get_feature_names_out()

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        return tags

    def to_json(self, path: str | Path | None = None, **meta) -> dict:
        """Plain parameters (vocabulary, coefficients) as JSON: no pickle, readable by any tool."""
        check_is_fitted(self, "model_")
        if len(self.classes_) != 2:
            raise FramingError("only a two-class model can be written as JSON")
        names = self.vectorizer_.get_feature_names_out().tolist()
        coef = self.model_.coef_[0].tolist()
        doc = {"format": "framing.ContextClassifier/1", "params": self.get_params(),
               "classes": [int(c) for c in self.classes_], "intercept": float(self.model_.intercept_[0]),
               "features": {n: round(c, 6) for n, c in zip(names, coef) if abs(c) > 1e-9}, **meta}
        if path is not None:
            from .io import _atomic_write

            _atomic_write(Path(path), json.dumps(doc, indent=0, sort_keys=True))
        return doc

    @classmethod
    def from_json(cls, source: str | Path | dict) -> ContextClassifier:
        """A fitted classifier from parameters written by :meth:`to_json`."""
        doc = source if isinstance(source, dict) else json.loads(Path(source).read_text(encoding="utf-8"))
        if doc.get("format") != "framing.ContextClassifier/1":
            raise InputError(f"{source}: not a framing context model")
        clf = cls(**doc["params"])
        names = sorted(doc["features"])
        clf.features_ = ContextFeatures(window=clf.window)
        clf.vectorizer_ = DictVectorizer()
        clf.vectorizer_.fit([{n: 1.0 for n in names}])
        model = LogisticRegression(C=clf.C)
        model.classes_ = np.array(doc["classes"])
        model.coef_ = np.array([[doc["features"][n] for n in clf.vectorizer_.get_feature_names_out()]])
        model.intercept_ = np.array([doc["intercept"]])
        model.n_features_in_ = len(names)
        clf.model_ = model
        clf.classes_ = model.classes_
        return clf


_WEIGHTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _linear_weights(vectorizer: DictVectorizer, model: LogisticRegression):
    """(feature -> weight, intercept, whether class 1 is the positive class) of a fitted two-class
    model, kept while the model lives; None for other models."""
    coef_ = getattr(model, "coef_", None)
    if coef_ is None or coef_.shape[0] != 1 or len(model.classes_) != 2 or 1 not in list(model.classes_):
        return None
    cached = _WEIGHTS.get(model)
    if cached is not None and cached[0] is coef_ and cached[1] is vectorizer.vocabulary_:
        return cached[2]
    row = coef_[0]
    weights = ({name: float(row[j]) for name, j in vectorizer.vocabulary_.items() if row[j] != 0.0},
               float(model.intercept_[0]), list(model.classes_).index(1) == 1)
    _WEIGHTS[model] = (coef_, vectorizer.vocabulary_, weights)
    return weights


def read_context_examples(path: str | Path | None = None) -> tuple[pd.DataFrame, np.ndarray]:
    """Labelled hit contexts (JSON lines of text, start, end, term, label), e.g. the bundled ones."""
    if path is None:
        raw = resources.files("framing").joinpath("data/context_examples.jsonl").read_text(encoding="utf-8")
        where = "context_examples.jsonl (bundled)"
    else:
        raw = Path(path).read_text(encoding="utf-8")
        where = str(path)
    rows = []
    for n, line in enumerate(raw.splitlines(), start=1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise InputError(f"{where}, line {n}: broken JSON ({exc.msg})") from None
    df = pd.DataFrame(rows)
    if "category" not in df.columns:
        from .lexicon import load_lexicon

        lex = load_lexicon(["conflict", "cues"])
        cats = {e.term: e.category for e in lex.entries}
        df["category"] = df["term"].map(cats).fillna("unknown")
    return df, df["label"].to_numpy(dtype=int)


@lru_cache(maxsize=1)
def load_context_model() -> ContextClassifier:
    """The bundled context model (trained on examples we wrote)."""
    return ContextClassifier.from_json(json.loads(
        resources.files("framing").joinpath("data/context_model.json").read_text(encoding="utf-8")))


def score_hits(hits: pd.DataFrame, documents, *, model: ContextClassifier | None = None) -> pd.DataFrame:
    """A copy of a hits table with ``score``: the probability that each use is loaded.

    Examples
    --------
    >>> from framing.types import Document
    >>> from framing.match import find_hits, hits_frame
    >>> doc = Document("d", "Iran's proxy militias attacked. The proxy server was down.")
    >>> scored = score_hits(hits_frame(find_hits(doc, "conflict")), [doc])
    >>> scored["score"].between(0, 1).all()
    np.True_
    """
    from .match import _as_documents

    model = model or load_context_model()
    texts = {d.doc_id: d.text for d in _as_documents(documents)}
    out = hits.copy()
    if out.empty:
        out["score"] = pd.Series(dtype="float64")
        return out
    missing = set(out["doc_id"]) - set(texts)
    if missing:
        raise InputError(f"hits of documents not given: {', '.join(sorted(missing)[:5])}")
    X = pd.DataFrame({"text": out["doc_id"].map(texts), "start": out["start"], "end": out["end"],
                      "term": out["term"], "category": out["category"],
                      "speaker": out["speaker"] if "speaker" in out else None,
                      "mode": out["mode"] if "mode" in out else None})
    out["score"] = model.predict_proba(X)[:, list(model.classes_).index(1)]
    return out
