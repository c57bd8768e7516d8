"""Which frames does an article use? A multi-label classifier trainable on any frame set.

Frames here are article-level labels such as *conflict*, *economic
consequences*, *human interest*, *morality* or *resolution*: a coder reads the
whole article and says yes or no for each. :class:`FrameClassifier` learns
such labels from examples, with one column of 0/1 labels per frame, so it
works with any codebook. Its predictions become one more grouping for the
statistics and charts through :func:`frame_table` (share of articles with each
frame by outlet, with Wilson intervals).

Nothing trained is bundled: frame codebooks differ from study to study, so
train on your own coded articles and persist the model with
:func:`framing.persist.save_model`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy import stats as _st
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin, clone
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, precision_score, recall_score
from sklearn.model_selection import BaseCrossValidator, StratifiedKFold
from sklearn.pipeline import FeatureUnion, make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.validation import check_is_fitted

from .bias import LexiconCategoryCounts
from .errors import FramingError, InputError
from .match import DEFAULT_LEXICONS

__all__ = ["FrameClassifier", "IterativeStratifiedKFold", "TextStats", "cross_val_frames", "frame_table"]

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")
_QUOTE = re.compile(r"[\"“”«»„]")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_MONEY = re.compile(r"[$€£¥]|\b(?:dollars?|euros?|pounds?|billion|million|trillion)\b", re.IGNORECASE)
_FIRST_PERSON = {"i", "me", "my", "mine", "we", "us", "our", "ours"}


# ----------------------------------------------------------------------------- input checks


def _as_texts(texts: Any, what: str = "texts") -> list[str]:
    """A list of strings from a list, tuple, 1-D array or Series; a clear error otherwise."""
    if isinstance(texts, str):
        raise InputError(f"{what}: expected a sequence of article texts, got one string; wrap it in a list")
    if isinstance(texts, pd.DataFrame):
        raise InputError(f"{what}: expected a sequence of article texts, got a DataFrame; pass one column, "
                         f"e.g. df['text']")
    if sp.issparse(texts):
        raise InputError(f"{what}: expected a sequence of article texts, got a sparse {type(texts).__name__}; "
                         f"sparse input is not supported")
    if isinstance(texts, np.ndarray) and texts.ndim != 1:
        raise InputError(f"{what}: expected a 1-D sequence of article texts, got an array of shape {texts.shape}")
    try:
        out = list(texts)
    except TypeError:
        raise InputError(f"{what}: expected a sequence of article texts, got {type(texts).__name__}") from None
    for i, t in enumerate(out):
        if not isinstance(t, str):
            raise InputError(f"{what}[{i}]: expected a string, got {type(t).__name__} ({t!r:.40}); "
                             f"fill or drop missing texts first")
    return out


def _index_of(texts: Any, n: int) -> pd.Index:
    return texts.index if isinstance(texts, pd.Series) else pd.RangeIndex(n)


def _as_labels(Y: Any, n_texts: int) -> tuple[np.ndarray, list[str]]:
    """0/1 label matrix and frame names from a DataFrame or a 2-D array, checked column by column."""
    if isinstance(Y, pd.Series):
        raise InputError("y: expected one column per frame (a DataFrame or a 2-D array), got a Series; "
                         "for a single frame pass y.to_frame()")
    if isinstance(Y, pd.DataFrame):
        frames = [str(c) for c in Y.columns]
        values = Y.to_numpy(dtype=object)
    else:
        values = np.asarray(Y, dtype=object)
        if values.ndim != 2:
            raise InputError(f"y: expected one column per frame (a 2-D array), got shape {values.shape}; "
                             f"for a single frame use y.reshape(-1, 1)")
        frames = [f"frame{j}" for j in range(values.shape[1])]
    if values.shape[1] == 0:
        raise InputError("y has no columns: give one column of 0/1 labels per frame")
    if len(set(frames)) != len(frames):
        dupes = sorted({f for f in frames if frames.count(f) > 1})
        raise InputError(f"y: frame names must be unique; repeated: {', '.join(dupes)}")
    if values.shape[0] != n_texts:
        raise InputError(f"y has {values.shape[0]} rows of labels for {n_texts} texts; give one row per text")
    labels = np.zeros(values.shape, dtype=np.int64)
    for j, frame in enumerate(frames):
        for i, v in enumerate(values[:, j]):
            if isinstance(v, (bool, np.bool_)) or (isinstance(v, (int, float, np.integer, np.floating))
                                                   and v in (0, 1)):
                labels[i, j] = int(v)
            else:
                raise InputError(f"y, frame {frame!r}, row {i}: labels must be 0/1 or True/False, got {v!r}; "
                                 f"code every article for every frame (drop rows with missing labels)")
        n_pos = int(labels[:, j].sum())
        if n_pos in (0, len(labels)):
            only = "1 (yes)" if n_pos else "0 (no)"
            raise InputError(f"y, frame {frame!r}: every one of the {len(labels)} labels is {only}; each frame "
                             f"needs articles with and without it (drop the column or code more articles)")
    return labels, frames


# ----------------------------------------------------------------------------- features


def _text_stats(texts: Sequence[str]) -> np.ndarray:
    rows = []
    for text in texts:
        words = _WORD.findall(text)
        n = max(len(words), 1)
        lower = [w.lower() for w in words]
        rows.append([
            np.log1p(len(words)),
            np.log1p(len(words) / max(len(_SENTENCE_END.findall(text)), 1)),
            len(_QUOTE.findall(text)) / n,
            len(_NUMBER.findall(text)) / n,
            len(_MONEY.findall(text)) / n,
            sum(w in _FIRST_PERSON for w in lower) / n,
            text.count("?") / n,
        ])
    return np.asarray(rows, dtype=float).reshape(len(rows), 7)


class TextStats(TransformerMixin, BaseEstimator):
    """Length and shape of each article: numbers that TF-IDF's length normalisation hides.

    Seven columns: log word count, log mean sentence length, and per word:
    quotation marks, numbers, money words, first-person pronouns, question marks.

    Examples
    --------
    >>> TextStats().fit_transform(["We paid $5 million.", "Why?"]).shape
    (2, 7)
    """

    def fit(self, X, y=None):
        _as_texts(X, "X")
        return self

    def transform(self, X) -> np.ndarray:
        return _text_stats(_as_texts(X, "X"))

    def __sklearn_is_fitted__(self) -> bool:
        return True  # nothing is learned

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        return np.asarray(["log_words", "log_sentence_length", "quotes", "numbers", "money", "first_person",
                           "questions"], dtype=object)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        tags.requires_fit = False
        return tags


# ----------------------------------------------------------------------------- classifier


def _best_f1_threshold(model, Z, y: np.ndarray, folds) -> tuple[float, float]:
    """The probability threshold with the best mean F1 over inner folds, and that F1.

    Like :class:`~sklearn.model_selection.TunedThresholdClassifierCV` with
    ``scoring="f1"`` (F1 curves averaged over folds), but at every distinct
    out-of-fold score, computed in one NumPy pass instead of one scorer call per
    threshold and fold (a hundredfold faster here), and taking the middle of the
    best plateau rather than its lower edge.
    """
    scored = []
    for train, test in folds:
        fitted = clone(model).fit(Z[train], y[train])
        scored.append((y[test], fitted.predict_proba(Z[test])[:, 1]))
    candidates = np.unique(np.concatenate([s for _, s in scored]))
    curves = []
    for truth, s in scored:
        predicted = s[:, None] >= candidates[None, :]
        tp = (predicted & (truth[:, None] == 1)).sum(axis=0)
        curves.append(2 * tp / (predicted.sum(axis=0) + truth.sum()))
    mean = np.mean(curves, axis=0)
    top = np.isclose(mean, mean.max())
    first = int(np.argmax(top))
    last = first + int(np.argmin(np.append(top[first:], False))) - 1
    # any threshold in (candidates[first - 1], candidates[last]] gives the same best predictions: take the middle
    below = candidates[first - 1] if first > 0 else 0.0
    return float((below + candidates[last]) / 2), float(mean.max())


class FrameClassifier(ClassifierMixin, BaseEstimator):
    """Multi-label frame classifier: one balanced linear model and one F1-tuned threshold per frame.

    Texts become TF-IDF word n-grams and character n-grams, optionally joined by
    a few length and shape statistics (:class:`TextStats`) and by the rates of
    the bundled codebook's categories (:class:`~framing.bias.LexiconCategoryCounts`).
    For each frame a class-balanced logistic regression is trained, and its
    decision threshold is the one that maximises that frame's F1, averaged over
    an inner cross-validation on the training texts, so a rare frame is not
    simply never predicted. With ``text_stats="auto"`` the same inner
    cross-validation also decides, frame by frame, how many of the extra blocks
    to add: none, the statistics, or the statistics and the codebook rates
    (article length and money words may tell an economic frame, evaluative and
    intensifying words a human-interest one, and either only add noise to a
    moral one).

    Parameters
    ----------
    word_ngram_range : tuple of int, default (1, 2)
        Word n-grams for the TF-IDF features.
    char_ngram_range : tuple of int or None, default (2, 5)
        Character n-grams inside word boundaries; None leaves them out.
    text_stats : {"auto", True, False}, default "auto"
        Use the :class:`TextStats` columns (and the codebook rates, unless
        ``codebook`` is None) for every frame (True), for none (False), or choose
        per frame by inner cross-validated F1 among: neither, the statistics,
        the statistics and the codebook rates.
    codebook : str, path, Lexicon, list of them, or None, default ("conflict", "cues")
        Codebooks whose category rates (matches per word) are offered as
        features, anything :class:`~framing.bias.LexiconCategoryCounts` takes;
        None leaves them out.
    stats_weight : float, default 0.1
        Scale of the standardised statistics and codebook rates next to the
        TF-IDF blocks (each of unit length); larger values let them weigh more
        against the words.
    min_df : int or float, default 2
        Ignore n-grams in fewer documents than this.
    C : float, default 1.0
        Inverse regularisation strength of each logistic regression.
    class_weight : "balanced" or None, default "balanced"
        "balanced" weighs each frame's rare side up, so that a frame in one
        article of ten still shapes its model.
    cv : int, default 5
        Inner folds for choosing thresholds (fewer when a frame has fewer
        positive or negative examples; at least 2 of each are needed).
    random_state : int or None, default 0
        Shuffles the inner folds (and seeds liblinear).

    Attributes
    ----------
    frames_ : list of str
        Frame names: the columns of ``y`` (``frame0``, ``frame1``, ... for an array).
    features_ : FeatureUnion
        The fitted TF-IDF blocks.
    stats_ : Pipeline or None
        The fitted :class:`TextStats` and scaler (None with ``text_stats=False``).
    codebook_ : Pipeline or None
        The fitted :class:`~framing.bias.LexiconCategoryCounts` and scaler (None
        with ``text_stats=False`` or ``codebook=None``).
    levels_ : ndarray of int, shape (n_frames,)
        Extra blocks each frame's model sees: 0 none, 1 the statistics, 2 the
        statistics and the codebook rates.
    uses_stats_ : ndarray of bool, shape (n_frames,)
        Whether each frame's model sees the statistics.
    uses_codebook_ : ndarray of bool, shape (n_frames,)
        Whether each frame's model sees the codebook rates (only with the statistics).
    estimators_ : list of LogisticRegression
        One fitted model per frame, trained on all texts.
    thresholds_ : ndarray of shape (n_frames,)
        Probability at or above which a frame is predicted.
    threshold_f1_ : ndarray of shape (n_frames,)
        Each frame's inner cross-validated F1 at its threshold.
    classes_ : list of ndarray
        ``array([0, 1])`` for each frame, as in
        :class:`~sklearn.multioutput.MultiOutputClassifier`, so that scikit-learn's
        scorers (``"f1_macro"``, ``"roc_auc"``) treat the output as multi-label.

    Examples
    --------
    >>> texts = ["Tax cuts cost the budget billions.", "Rivals clash over the vote.",
    ...          "Jobs and wages fall as prices rise.", "Senators attack each other in a bitter fight.",
    ...          "The budget deficit grows as tax revenue falls.", "A bitter clash between rival senators."] * 2
    >>> Y = pd.DataFrame({"economic": [1, 0] * 6, "conflict": [0, 1] * 6})
    >>> clf = FrameClassifier(cv=3).fit(texts, Y)
    >>> clf.predict(["Wages and prices rise as the budget grows.", "Rival senators clash in a bitter vote."])
       economic  conflict
    0         1         0
    1         0         1
    >>> clf.thresholds_.shape
    (2,)
    """

    def __init__(self, *, word_ngram_range: tuple[int, int] = (1, 2),
                 char_ngram_range: tuple[int, int] | None = (2, 5), text_stats: str | bool = "auto",
                 codebook: Any = DEFAULT_LEXICONS, stats_weight: float = 0.1, min_df: int | float = 2,
                 C: float = 1.0, class_weight: str | None = "balanced", cv: int = 5, random_state: int | None = 0):
        self.word_ngram_range = word_ngram_range
        self.char_ngram_range = char_ngram_range
        self.text_stats = text_stats
        self.codebook = codebook
        self.stats_weight = stats_weight
        self.min_df = min_df
        self.C = C
        self.class_weight = class_weight
        self.cv = cv
        self.random_state = random_state

    def _make_features(self, n_docs: int) -> FeatureUnion:
        # min_df as a count cannot exceed the corpus; tiny training sets would otherwise have no vocabulary
        min_df = min(self.min_df, n_docs) if isinstance(self.min_df, (int, np.integer)) else self.min_df
        parts: list[tuple[str, Any]] = [
            ("words", TfidfVectorizer(ngram_range=tuple(self.word_ngram_range), min_df=min_df, sublinear_tf=True,
                                      strip_accents="unicode", dtype=np.float64)),
        ]
        if self.char_ngram_range is not None:
            parts.append(("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=tuple(self.char_ngram_range),
                                                   min_df=min_df, sublinear_tf=True, dtype=np.float64)))
        return FeatureUnion(parts)

    def _levels(self, docs: list[str], Z, extras) -> list:
        """The feature matrix at each level: TF-IDF, then with the statistics, then also with the codebook rates."""
        blocks = [Z]
        for extra in extras:
            if extra is not None:
                blocks.append(self.stats_weight * extra.transform(docs))
        return [sp.hstack(blocks[:k + 1], format="csr") if k else Z for k in range(len(blocks))]

    def fit(self, X, y):
        """Learn features, one model per frame and its threshold.

        Parameters
        ----------
        X : sequence of str
            Article texts.
        y : DataFrame or array of shape (n_texts, n_frames)
            0/1 (or True/False) labels, one column per frame; column names are the frame names.

        Returns
        -------
        self
        """
        if y is None:
            raise InputError("FrameClassifier requires y to be passed, but the target y is None; give y, one column "
                             "of 0/1 labels per frame")
        if self.text_stats not in ("auto", True, False):
            raise InputError(f"FrameClassifier: text_stats must be 'auto', True or False, not {self.text_stats!r}")
        docs = _as_texts(X)
        labels, frames = _as_labels(y, len(docs))
        features = self._make_features(len(docs))
        Z = features.fit_transform(docs).tocsr()
        stats = codebook = None
        if self.text_stats is not False:
            stats = make_pipeline(TextStats(), StandardScaler()).fit(docs)
            if self.codebook is not None:
                codebook = make_pipeline(LexiconCategoryCounts(lexicon=self.codebook), StandardScaler()).fit(docs)
        levels = self._levels(docs, Z, (stats, codebook))
        candidates = range(len(levels)) if self.text_stats == "auto" else [len(levels) - 1]
        estimators, thresholds, scores, chosen = [], [], [], []
        for j, frame in enumerate(frames):
            target = labels[:, j]
            n_splits = min(self.cv, int(target.sum()), int(len(target) - target.sum()))
            if n_splits < 2:
                raise InputError(f"y, frame {frame!r}: {int(target.sum())} of {len(target)} articles have it; "
                                 f"choosing a threshold needs at least 2 articles with and 2 without each frame")
            model = LogisticRegression(C=self.C, class_weight=self.class_weight, solver="liblinear",
                                       random_state=self.random_state)
            best = None
            for level in candidates:  # fewest blocks first: a tie keeps the simpler model
                folds = StratifiedKFold(n_splits, shuffle=True, random_state=self.random_state).split(Z, target)
                threshold, score = _best_f1_threshold(model, levels[level], target, folds)
                if best is None or score > best[2]:
                    best = (level, threshold, score)
            level, threshold, score = best
            estimators.append(clone(model).fit(levels[level], target))
            thresholds.append(threshold)
            scores.append(score)
            chosen.append(level)
        self.features_ = features
        self.stats_ = stats
        self.codebook_ = codebook
        self.frames_ = frames
        self.levels_ = np.asarray(chosen, dtype=np.int64)
        self.uses_stats_ = self.levels_ >= 1
        self.uses_codebook_ = self.levels_ >= 2
        self.estimators_ = estimators
        self.thresholds_ = np.asarray(thresholds, dtype=float)
        self.threshold_f1_ = np.asarray(scores, dtype=float)
        self.classes_ = [np.array([0, 1]) for _ in frames]
        return self

    def predict_proba(self, X) -> pd.DataFrame:
        """Probability of each frame: one row per text of ``X``, one column per frame.

        The index is the index of ``X`` when it is a Series, else 0..n-1.
        """
        check_is_fitted(self, "estimators_")
        docs = _as_texts(X)
        proba = np.empty((0, len(self.frames_)))
        if docs:
            Z = self.features_.transform(docs).tocsr()
            # only the blocks some frame's model uses: the codebook rates cost a pass of the matcher
            top = int(self.levels_.max()) if len(self.levels_) else 0
            levels = self._levels(docs, Z, (self.stats_, self.codebook_)[:top])
            proba = np.column_stack([m.predict_proba(levels[level])[:, 1]
                                     for m, level in zip(self.estimators_, self.levels_)])
        return pd.DataFrame(proba, index=_index_of(X, len(docs)), columns=list(self.frames_))

    def predict(self, X) -> pd.DataFrame:
        """0/1 for each frame: probability at or above the frame's threshold."""
        proba = self.predict_proba(X)
        return (proba >= self.thresholds_).astype(np.int64)

    def score(self, X, y, sample_weight=None) -> float:
        """Macro-F1 over the frames (the mean of the per-frame F1 scores)."""
        check_is_fitted(self, "estimators_")
        labels, _ = _as_labels(y, len(_as_texts(X)))
        return float(f1_score(labels, self.predict(X).to_numpy(), average="macro", sample_weight=sample_weight,
                              zero_division=0))

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """Names of the TF-IDF features, then (if fitted) the ``stats__`` and ``codebook__`` names."""
        check_is_fitted(self, "features_")
        names = self.features_.get_feature_names_out()
        if self.stats_ is not None:
            names = np.concatenate([names, "stats__" + TextStats().get_feature_names_out()])
        if self.codebook_ is not None:
            names = np.concatenate([names, "codebook__" + self.codebook_[0].get_feature_names_out()])
        return names

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        tags.target_tags.multi_output = True
        tags.target_tags.single_output = False
        tags.classifier_tags.multi_label = True
        return tags


# ----------------------------------------------------------------------------- evaluation


class IterativeStratifiedKFold(BaseCrossValidator):
    """K folds that keep each label's share close to the whole set's, for multi-label ``Y``.

    Iterative stratification (Sechidis, Tsoumakas and Vlahavas, 2011): the
    rarest label is dealt out first, each of its articles to the fold that
    still needs most of that label, so every fold gets a fair share of rare
    frames, which plain K-fold does not promise.

    Parameters
    ----------
    n_splits : int, default 5
    random_state : int or None, default 0
        Breaks ties between folds and orders articles within a label.

    Examples
    --------
    >>> Y = np.array([[1, 0], [1, 0], [0, 1], [0, 1], [1, 1], [0, 0]])
    >>> [len(test) for _, test in IterativeStratifiedKFold(2).split(np.zeros(6), Y)]
    [3, 3]
    """

    def __init__(self, n_splits: int = 5, *, random_state: int | None = 0):
        self.n_splits = n_splits
        self.random_state = random_state

    def get_n_splits(self, X=None, y=None, groups=None) -> int:
        return self.n_splits

    def _folds(self, Y: np.ndarray) -> np.ndarray:
        n, k = len(Y), self.n_splits
        if k < 2 or k > n:
            raise FramingError(f"IterativeStratifiedKFold: n_splits={k} needs 2 <= n_splits <= {n} (the number "
                               f"of samples)")
        rng = np.random.default_rng(self.random_state)
        folds = np.full(n, -1)
        wanted = np.full(k, n / k)
        wanted_label = np.tile(Y.sum(axis=0) / k, (k, 1)).astype(float)
        left = np.ones(n, dtype=bool)
        while left.any():
            counts = Y[left].sum(axis=0).astype(float)
            if not counts.any():
                # articles without any label: fill the folds that are furthest from their size
                for i in rng.permutation(np.flatnonzero(left)):
                    f = rng.choice(np.flatnonzero(wanted == wanted.max()))
                    folds[i] = f
                    wanted[f] -= 1
                break
            label = int(np.argmin(np.where(counts > 0, counts, np.inf)))
            for i in rng.permutation(np.flatnonzero(left & (Y[:, label] == 1))):
                best = np.flatnonzero(wanted_label[:, label] == wanted_label[:, label].max())
                best = best[wanted[best] == wanted[best].max()]
                f = rng.choice(best)
                folds[i] = f
                left[i] = False
                wanted[f] -= 1
                wanted_label[f] -= Y[i]
        return folds

    def _iter_test_indices(self, X=None, y=None, groups=None):
        if y is None:
            raise FramingError("IterativeStratifiedKFold.split needs the labels: split(X, Y)")
        labels = np.asarray(y)
        if labels.ndim == 1:
            labels = labels.reshape(-1, 1)
        folds = self._folds((labels != 0).astype(np.int64))
        for f in range(self.n_splits):
            yield np.flatnonzero(folds == f)


def cross_val_frames(texts, Y, *, estimator: Any = None, cv: int | Any = 5, random_state: int | None = 0
                     ) -> pd.DataFrame:
    """Cross-validated precision, recall and F1 of each frame.

    Every text is predicted once, by the model trained on the folds it is not
    in; the scores are computed on these pooled out-of-fold predictions.

    Parameters
    ----------
    texts : sequence of str
    Y : DataFrame or array of shape (n_texts, n_frames)
        0/1 labels, one column per frame.
    estimator : estimator, optional
        Anything with ``fit(X, y)`` and ``predict(X)`` (texts, label table) returning one
        column per frame; a fresh :class:`FrameClassifier` by default. It is
        cloned for each fold.
    cv : int or splitter, default 5
        Number of :class:`IterativeStratifiedKFold` folds, or a splitter.
    random_state : int or None, default 0
        Seed of the folds when ``cv`` is an int.

    Returns
    -------
    DataFrame
        One row per frame: ``frame``, ``n_docs``, ``n_frame`` (gold), ``n_predicted``,
        ``precision``, ``recall``, ``f1``; ``attrs["macro_f1"]`` is the mean F1.

    Examples
    --------
    >>> texts = ["Budget costs and taxes.", "A bitter fight in the senate.", "Prices and wages.",
    ...          "Rivals clash again."] * 5
    >>> Y = pd.DataFrame({"economic": [1, 0, 1, 0] * 5, "conflict": [0, 1, 0, 1] * 5})
    >>> res = cross_val_frames(texts, Y, estimator=FrameClassifier(cv=2, char_ngram_range=None))
    >>> res[["frame", "n_frame", "f1"]]
          frame  n_frame   f1
    0  economic       10  1.0
    1  conflict       10  1.0
    """
    docs = _as_texts(texts)
    labels, frames = _as_labels(Y, len(docs))
    splitter = IterativeStratifiedKFold(int(cv), random_state=random_state) if isinstance(cv, (int, np.integer)) else cv
    estimator = FrameClassifier() if estimator is None else estimator
    Y_frame = pd.DataFrame(labels, columns=frames)
    pred = np.zeros_like(labels)
    for train, test in splitter.split(np.zeros(len(docs)), labels):
        model = clone(estimator).fit([docs[i] for i in train], Y_frame.iloc[train])
        pred[test] = np.asarray(model.predict([docs[i] for i in test]), dtype=np.int64)
    rows = [{"frame": frame, "n_docs": len(docs), "n_frame": int(labels[:, j].sum()),
             "n_predicted": int(pred[:, j].sum()),
             "precision": precision_score(labels[:, j], pred[:, j], zero_division=0),
             "recall": recall_score(labels[:, j], pred[:, j], zero_division=0),
             "f1": f1_score(labels[:, j], pred[:, j], zero_division=0)} for j, frame in enumerate(frames)]
    out = pd.DataFrame(rows)
    out.attrs["macro_f1"] = float(out["f1"].mean())
    return out


# ----------------------------------------------------------------------------- tables


def frame_table(predictions: pd.DataFrame, metadata: pd.DataFrame, *, by: str | Sequence[str] = "outlet",
                level: float = 0.95) -> pd.DataFrame:
    """Share of articles with each frame per group, with Wilson intervals: a tidy table for stats and plots.

    Parameters
    ----------
    predictions : DataFrame
        0/1 per article (row) and frame (column), e.g. :meth:`FrameClassifier.predict`
        or hand-coded labels.
    metadata : DataFrame
        One row per article, in the same order as ``predictions``, with the ``by`` columns.
    by : str or list of str, default "outlet"
        Grouping columns of ``metadata``.
    level : float, default 0.95
        Confidence level of the Wilson score interval.

    Returns
    -------
    DataFrame
        ``by`` columns, ``frame``, ``n_docs`` (articles in the group), ``n_frame``
        (articles with the frame), ``share``, ``ci_low``, ``ci_high``; one row
        per group and frame, zeros included. Works with
        :func:`framing.plotting.plot_rates` (``x="share", y="outlet", hue="frame"``)
        and :func:`framing.plotting.plot_category_heatmap` (``y="frame", value="share"``).

    Examples
    --------
    >>> pred = pd.DataFrame({"conflict": [1, 1, 0, 0], "economic": [0, 1, 1, 1]})
    >>> meta = pd.DataFrame({"outlet": ["A", "A", "B", "B"]})
    >>> frame_table(pred, meta).round(3)
      outlet     frame  n_docs  n_frame  share  ci_low  ci_high
    0      A  conflict       2        2    1.0   0.342    1.000
    1      A  economic       2        1    0.5   0.095    0.905
    2      B  conflict       2        0    0.0   0.000    0.658
    3      B  economic       2        2    1.0   0.342    1.000
    """
    keys = [by] if isinstance(by, str) else list(by)
    if not isinstance(predictions, pd.DataFrame) or not isinstance(metadata, pd.DataFrame):
        raise InputError("frame_table: predictions and metadata must both be DataFrames "
                         f"(got {type(predictions).__name__} and {type(metadata).__name__})")
    if len(predictions) != len(metadata):
        raise InputError(f"frame_table: {len(predictions)} rows of predictions for {len(metadata)} rows of "
                         f"metadata; give one metadata row per article, in the same order")
    missing = [k for k in keys if k not in metadata.columns]
    if missing:
        raise InputError(f"frame_table: metadata has no column(s) {', '.join(missing)}; "
                         f"columns: {', '.join(map(str, metadata.columns))}")
    clash = [k for k in keys if k in predictions.columns]
    if clash:
        raise InputError(f"frame_table: {', '.join(clash)} is both a frame and a grouping column; rename one")
    labels, frames = _as_labels_any(predictions)
    wide = pd.concat([metadata[keys].reset_index(drop=True), pd.DataFrame(labels, columns=frames)], axis=1)
    long = wide.melt(id_vars=keys, value_vars=frames, var_name="frame", value_name="has")
    long["frame"] = pd.Categorical(long["frame"], categories=frames)
    out = (long.groupby([*keys, "frame"], observed=True, dropna=False, sort=True)["has"]
           .agg(n_docs="size", n_frame="sum").reset_index())
    out["frame"] = out["frame"].astype(str)
    out["n_frame"] = out["n_frame"].astype("int64")
    out["share"] = out["n_frame"] / out["n_docs"]
    cis = [_st.binomtest(int(k), int(n)).proportion_ci(confidence_level=level, method="wilson")
           for k, n in zip(out["n_frame"], out["n_docs"])]
    out["ci_low"] = [ci.low for ci in cis]
    out["ci_high"] = [ci.high for ci in cis]
    out.attrs.update(ci="wilson", level=level, counted="articles with the frame", by=keys, split="frame")
    return out


def _as_labels_any(predictions: pd.DataFrame) -> tuple[np.ndarray, list[str]]:
    """0/1 values of a predictions table; unlike training labels a frame may be all 0 or all 1."""
    frames = [str(c) for c in predictions.columns]
    values = predictions.to_numpy(dtype=object)
    ok = np.vectorize(lambda v: isinstance(v, (bool, np.bool_, int, float, np.integer, np.floating)) and v in (0, 1),
                      otypes=[bool])(values) if values.size else np.ones(values.shape, dtype=bool)
    if not ok.all():
        i, j = map(int, np.argwhere(~ok)[0])
        raise InputError(f"frame_table: predictions, frame {frames[j]!r}, row {i}: expected 0/1 or True/False, "
                         f"got {values[i, j]!r}")
    return values.astype(np.int64), frames
