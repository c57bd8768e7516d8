"""Find loaded words the codebook lacks.

Two tools for growing a codebook from data:

* :class:`LoadedWordTagger` learns, from sentences whose biased words were
  annotated (the BABE/MBIC ``biased_words`` column), to mark loaded words in new
  text. It looks at each word, its suffixes, casing, place in the sentence,
  neighbours, whether a codebook already lists it, how often it (and it next to
  each neighbour) was marked in training, and what its spelling has in common
  with the marked words (character n-grams), and how loaded the sentence as a
  whole looks. The rates and the two models' scores are learned out-of-fold, so
  the model cannot simply memorise its training words.
* :func:`suggest_terms` ranks words and two-word phrases that are *not* in the
  codebook by how unevenly the sources use them (log-odds with an informative
  Dirichlet prior), with example contexts and, given a tagger, how loaded they
  look. :func:`suggestions_yaml` turns the candidates into codebook entries to
  review.

Nothing here ships a trained model or a word list: train the tagger on your own
annotated sentences (or a public data set such as BABE) and save it with
:func:`framing.persist.save_model`.
"""

from __future__ import annotations

import ast
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
from nltk.stem.porter import PorterStemmer
from scipy.sparse import issparse
from sklearn.base import BaseEstimator
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold
from sklearn.pipeline import make_pipeline
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits

from .errors import FramingError, InputError
from .lexicon import Lexicon
from .match import DEFAULT_LEXICONS, LexiconMatcher
from .types import Document

__all__ = [
    "STOPWORDS",
    "LoadedWordTagger",
    "WordSpan",
    "read_biased_words",
    "suggest_terms",
    "suggestions_yaml",
    "word_scores",
]

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_NUMBER = re.compile(r"^[\d.,:/'’-]*\d[\d.,:/'’-]*(?:st|nd|rd|th|s|m|k|bn|pc)?$", re.IGNORECASE)

#: Function words that are never suggested and get their own feature in the tagger.
STOPWORDS = frozenset("""
a about above after again against all almost also although always am among an and another any anyone
anything are around as at be became because become been before being below between both but by can
cannot could did do does doing done down during each either else even ever every few for from further
get gets got had has have having he her here hers herself him himself his how however i if in into is
it its itself just least less let like many may me might more most much must my myself near neither
no nor not now of off often on once one only or other others otherwise our ours ourselves out over own
per perhaps quite rather same several shall she should since so some such than that the their theirs
them themselves then there these they this those though through thus to too toward towards under until
up upon us very via was we were what whatever when where whether which while who whom whose why will
with within without would yet you your yours yourself yourselves mr mrs ms dr s t
said says say saying told tells tell according
""".split())

_stemmer = PorterStemmer()


@lru_cache(maxsize=100_000)
def _stem(word: str) -> str:
    return _stemmer.stem(word)


class WordSpan(NamedTuple):
    """A tagged word: offsets into the text (end exclusive), the word as written, its probability."""

    start: int
    end: int
    word: str
    probability: float


def read_biased_words(value: Any) -> list[str]:
    """The annotated words of one sentence, from the BABE/MBIC ``biased_words`` format.

    Accepts a Python-list string (``"['belated', 'birtherism']"``), a list, a
    ``|`` or ``;`` separated string, or nothing (``None``, ``NaN``, ``""``).

    Examples
    --------
    >>> read_biased_words("['belated', 'birtherism']")
    ['belated', 'birtherism']
    >>> read_biased_words("[]"), read_biased_words(None), read_biased_words("slammed|radical")
    ([], [], ['slammed', 'radical'])
    """
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return []
    if isinstance(value, str):
        s = value.strip()
        if not s:
            return []
        if s.startswith("["):
            try:
                value = ast.literal_eval(s)
            except (ValueError, SyntaxError):
                raise InputError(f"cannot read the biased words {value!r}: expected a list like "
                                 "\"['word', 'other']\"") from None
        else:
            value = re.split(r"\s*[|;]\s*", s)
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if not isinstance(value, (list, tuple, set)):
        raise InputError(f"cannot read the biased words {value!r}: expected a list of words")
    return [str(w).strip() for w in value if str(w).strip()]


def _tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]


def _shape(word: str) -> str:
    if word.isupper() and len(word) > 1:
        return "upper"
    if word[:1].isupper():
        return "title"
    if any(c.isdigit() for c in word):
        return "digit"
    return "lower"


@lru_cache(maxsize=16)
def _cached_matcher(name_or_path: str) -> LexiconMatcher:
    return LexiconMatcher(name_or_path, neutral=True)


def _matchers(lexicon) -> list[LexiconMatcher]:
    """One matcher per codebook, so that a word listed in two codebooks gets both categories."""
    if lexicon is None:
        return []
    items = [lexicon] if isinstance(lexicon, (str, Path, Lexicon)) else list(lexicon)
    return [_cached_matcher(str(x)) if isinstance(x, (str, Path)) else LexiconMatcher(x, neutral=True)
            for x in items]


def _codebook_marks(text: str, matchers: list[LexiconMatcher]) -> list[tuple[int, int, str, str]]:
    """(start, end, category, lexicon) of every codebook match in ``text``."""
    return [(m.start, m.end, m.entry.category, m.entry.lexicon) for matcher in matchers for m in matcher.find(text)]


def _as_texts(X, what: str = "sentences") -> list[str]:
    if isinstance(X, str):
        raise InputError(f"expected a list of {what}, got one string; wrap it in a list")
    if issparse(X):
        raise InputError(f"expected a list of {what}, got a sparse matrix: sparse input is not supported, "
                         "the tagger reads raw text")
    if isinstance(X, pd.DataFrame):
        if "text" in X.columns:
            X = X["text"]
        elif X.shape[1] == 1:
            X = X.iloc[:, 0]
        else:
            raise InputError(f"a DataFrame of {what} needs a 'text' column (have: {', '.join(map(str, X.columns))})")
    elif isinstance(X, np.ndarray) and X.ndim == 2 and X.shape[1] == 1:
        # one column of text, as a ColumnTransformer passes it
        X = X[:, 0]
    elif isinstance(X, np.ndarray) and X.ndim != 1:
        raise InputError(f"expected a list of {what}, got an array of shape {X.shape}; pass one column of text")
    out = []
    for i, x in enumerate(X):
        if isinstance(x, Document):
            out.append(x.text)
        elif isinstance(x, str):
            out.append(x)
        else:
            raise InputError(f"{what} item {i}: expected text, got {type(x).__name__}")
    return out


class _Counts:
    """How often each word was seen and marked, and its smoothed bias rate."""

    def __init__(self, n: Counter[str], marked: Counter[str], prior: float, smoothing: float):
        self.n, self.marked, self.prior, self.smoothing = n, marked, prior, smoothing

    @classmethod
    def of(cls, keys: Iterable[Sequence[str]], labels: Iterable[Sequence[int]], prior: float,
           smoothing: float) -> _Counts:
        n: Counter[str] = Counter()
        marked: Counter[str] = Counter()
        for ks, ls in zip(keys, labels):
            n.update(ks)
            marked.update(k for k, lab in zip(ks, ls) if lab)
        return cls(n, marked, prior, smoothing)

    def __sub__(self, other: _Counts) -> _Counts:
        return _Counts(self.n - other.n, self.marked - other.marked, self.prior, self.smoothing)

    def rate(self, key: str, prior: float | None = None) -> tuple[float, int]:
        n = self.n.get(key, 0)
        p = self.prior if prior is None else prior
        return (self.marked.get(key, 0) + self.smoothing * p) / (n + self.smoothing), n


_KINDS = ("word", "stem", "left", "right")


def _keys(lows: list[str]) -> dict[str, list[str]]:
    """The keys under which each token's bias rate is counted."""
    n = len(lows)
    return {"word": lows, "stem": [_stem(w) for w in lows],
            "left": [f"{lows[i - 1] if i else '<s>'} {lows[i]}" for i in range(n)],
            "right": [f"{lows[i]} {lows[i + 1] if i + 1 < n else '</s>'}" for i in range(n)]}


def _token_features(tokens, marks, tables: dict[str, _Counts], window: int, char_logit: dict[str, float] | None,
                    text_logit: float | None) -> list[dict[str, float]]:
    """One feature dict per token: what it is, where it stands, what is around it, how often it was marked,
    and how loaded the whole text looks."""
    lows = [t[2].lower() for t in tokens]
    keys = _keys(lows)
    cats: list[list[tuple[str, str]]] = [[] for _ in tokens]
    k = 0
    for s, e, cat, lexname in sorted(marks):
        while k < len(tokens) and tokens[k][1] <= s:
            k += 1
        j = k
        while j < len(tokens) and tokens[j][0] < e:
            cats[j].append((cat, lexname))
            j += 1
    n = len(tokens)
    feats = []
    for i, (_s, _e, w) in enumerate(tokens):
        low = lows[i]
        f: dict[str, float] = {"bias": 1.0, f"w={low}": 1.0, f"stem={keys['stem'][i]}": 1.0,
                               f"suf2={low[-2:]}": 1.0, f"suf3={low[-3:]}": 1.0, f"suf4={low[-4:]}": 1.0,
                               f"pre3={low[:3]}": 1.0, f"shape={_shape(w)}": 1.0,
                               f"len={min(len(low), 12) // 3}": 1.0,
                               # where in the sentence, and how long it is: leads and long sentences differ
                               f"pos={5 * i // n}": 1.0, f"slen={min(n, 60) // 10}": 1.0}
        if i == 0:
            f["first"] = 1.0
        elif w[:1].isupper():
            f["capital_inside"] = 1.0
        if "-" in low:
            f["hyphen"] = 1.0
            f[f"hpre={low.split('-', 1)[0]}"] = 1.0
        if low in STOPWORDS:
            f["stop"] = 1.0
        if _NUMBER.match(low):
            f["number"] = 1.0
        for cat, lexname in cats[i]:
            f["codebook"] = 1.0
            f[f"codebook={lexname}"] = 1.0
            f[f"category={cat}"] = 1.0
        for d in range(1, window + 1):
            f[f"L{d}={lows[i - d] if i - d >= 0 else '<s>'}"] = 1.0
            f[f"R{d}={lows[i + d] if i + d < n else '</s>'}"] = 1.0
        r, cnt = tables["word"].rate(low)
        f["rate"] = r
        f["logit_rate"] = _logit(r)
        f["log_n"] = math.log1p(cnt)
        if cnt == 0:
            f["unseen"] = 1.0
        rs, _ = tables["stem"].rate(keys["stem"][i])
        f["stem_rate"] = rs
        f["stem_logit_rate"] = _logit(rs)
        # the same word next to this neighbour: "white supremacist" is marked, "White House" is not
        for side in ("left", "right"):
            rb, nb = tables[side].rate(keys[side][i], prior=r)
            f[f"{side}_logit"] = _logit(rb) - _logit(r)
            f[f"{side}_log_n"] = math.log1p(nb)
        if char_logit is not None:
            f["char_logit"] = char_logit[low]
        if text_logit is not None:
            f["sentence_logit"] = text_logit
        feats.append(f)
    return feats


def _fit_sentence_model(texts: list[str], marked: list[int], C: float):
    """Word and word-pair TF-IDF and a logistic regression: does a text have any marked word?"""
    if len(set(marked)) < 2:
        return None
    vectorizer = TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), min_df=2 if len(texts) >= 100 else 1)
    model = make_pipeline(vectorizer, LogisticRegression(C=C, max_iter=1000))
    with threadpool_limits(1, user_api="blas"):
        return model.fit(texts, marked)


def _sentence_logits(model, texts: list[str]) -> list[float | None]:
    if model is None or not texts:
        return [None] * len(texts)
    return model.decision_function(texts).tolist()


def _logit(p: float) -> float:
    return math.log(p / (1 - p))


def _char_logits(model, words: Iterable[str]) -> dict[str, float] | None:
    """The character n-gram model's log-odds that each (lower-cased) word is marked."""
    if model is None:
        return None
    unique = sorted(set(words))
    return dict(zip(unique, model.decision_function(unique).tolist())) if unique else {}


def _fit_char_model(tab: _Counts, C: float):
    """A character n-gram model of which word types get marked, fitted on a table of counts.

    Each word type is one marked and one unmarked example, weighted by how often
    it was (not) marked. It carries what the training words teach about words
    never seen: "hysteric" after "hysterical", "bashing" after "bashed".
    """
    types = sorted(w for w, n in tab.n.items() if n > 0)
    pos = np.array([tab.marked.get(w, 0) for w in types], float)
    neg = np.array([tab.n[w] for w in types], float) - pos
    weight = np.log1p(np.r_[pos, neg])
    keep = weight > 0
    X = [w for w, k in zip(types + types, keep) if k]
    y = np.r_[np.ones(len(types)), np.zeros(len(types))][keep]
    if len(set(y)) < 2:
        return None
    # an n-gram of one word type only is that word again, which the bias rates already carry
    min_df = 2 if len(types) >= 100 else 1
    model = make_pipeline(TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=min_df),
                          LogisticRegression(C=C, max_iter=1000))
    with threadpool_limits(1, user_api="blas"):
        return model.fit(X, y, logisticregression__sample_weight=weight[keep])


#: The numeric token features the second stage reads, besides the first stage's score.
_STACK_KEYS = ("rate", "logit_rate", "log_n", "unseen", "stem_rate", "stem_logit_rate", "left_logit", "left_log_n",
               "right_logit", "right_log_n", "char_logit", "sentence_logit", "stop", "number", "codebook", "first",
               "capital_inside", "hyphen")
_SHAPES = ("upper", "title", "digit", "lower")


def _stack_features(feats: list[dict[str, float]], toks: list[list[tuple[int, int, str]]],
                    probs: np.ndarray) -> np.ndarray:
    """The second stage's view of each token: its numeric features, the first stage's log-odds and where
    that stands among the sentence's words (highest, mean, rank, the neighbours' log-odds), and how much
    more often the word was seen in training than its neighbours.

    ``feats`` and ``probs`` run over the tokens of ``toks``, one sentence after the other.
    """
    dense = np.array([[f.get(k, 0.0) for k in _STACK_KEYS] for f in feats], float).reshape(len(feats),
                                                                                           len(_STACK_KEYS))
    where = np.array([(i, len(tk), len(w), _SHAPES.index(_shape(w))) for tk in toks for i, (_, _, w) in enumerate(tk)],
                     float).reshape(len(feats), 4)
    sent = np.repeat(np.arange(len(toks)), [len(tk) for tk in toks])
    p = np.clip(probs, 1e-6, 1 - 1e-6)
    logit = np.log(p / (1 - p))
    by_sent = pd.Series(logit).groupby(sent)
    top, mean = by_sent.transform("max").to_numpy(), by_sent.transform("mean").to_numpy()
    spread = by_sent.transform("std").fillna(0).to_numpy()
    rank = by_sent.rank(ascending=False).to_numpy()
    first = np.r_[True, sent[1:] != sent[:-1]] if len(sent) else np.zeros(0, bool)
    last = np.r_[sent[1:] != sent[:-1], True] if len(sent) else np.zeros(0, bool)
    left, right = np.r_[np.nan, logit[:-1]], np.r_[logit[1:], np.nan]
    left[first], right[last] = -10.0, -10.0
    seen = dense[:, _STACK_KEYS.index("log_n")]
    seen_left, seen_right = np.r_[0.0, seen[:-1]], np.r_[seen[1:], 0.0]
    seen_left[first], seen_right[last] = 0.0, 0.0
    return np.c_[dense, where, logit, top, logit - top, rank, mean, spread, logit - mean, left, right,
                 seen - (seen_left + seen_right) / 2]


def _blend(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """The mean of the two stages' log-odds, as a probability: the trees alone scored lower than the mean."""
    p = np.clip(np.c_[first, second], 1e-6, 1 - 1e-6)
    return 1 / (1 + np.exp(-np.log(p / (1 - p)).mean(axis=1)))


def _fit_stack_model(F: np.ndarray, y: np.ndarray) -> HistGradientBoostingClassifier:
    model = HistGradientBoostingClassifier(max_iter=200, learning_rate=0.05, max_leaf_nodes=15, min_samples_leaf=40,
                                           l2_regularization=1.0, early_stopping=False, random_state=0)
    return model.fit(F, y)


def _labels(tokens, words: Iterable[str]) -> list[int]:
    gold = {w.lower() for w in words}
    return [int(t[2].lower() in gold) for t in tokens]


def _best_threshold(probs: np.ndarray, labels: np.ndarray, keys: np.ndarray, n_gold: int) -> float:
    """The probability cut-off with the best word-level F1 (one decision per word and sentence)."""
    order = np.lexsort((-probs, keys))
    first = np.ones(len(order), bool)
    first[1:] = keys[order][1:] != keys[order][:-1]
    p, lab = probs[order][first], labels[order][first]
    idx = np.argsort(-p, kind="stable")
    p, lab = p[idx], lab[idx]
    tp = np.cumsum(lab)
    npred = np.arange(1, len(p) + 1)
    f1 = 2 * tp / (npred + max(n_gold, 1))
    # only cut between distinct probabilities
    last = np.r_[p[1:] != p[:-1], True]
    k = int(np.argmax(np.where(last, f1, -1)))
    return float(p[k] + p[k + 1]) / 2 if k + 1 < len(p) else float(p[k])


class LoadedWordTagger(BaseEstimator):
    """Mark loaded words in text, learned from sentences with annotated biased words.

    Each word of a sentence becomes a feature dict: the word, its stem, suffixes
    and prefix, shape, its position in the sentence and the sentence's length,
    two neighbours on each side, a stopword flag, whether a codebook matches it
    and its category, and the smoothed rates at which the training annotators
    marked the word, its stem and the word next to each neighbour. A character
    n-gram model of which word types were marked (``char_C``) adds what the
    training words teach about words never seen, and a word-and-word-pair model
    of which sentences have any marked word (``sentence_C``) adds how loaded the
    whole text looks. A logistic regression scores every word, a second stage
    of gradient-boosted trees (``stack``) rescores it in the light of the other
    words of its sentence, and the two scores are averaged (as log-odds); words
    at or above ``threshold_`` are predicted loaded.

    The bias rates and both models' scores of the training words are computed
    out-of-fold (each sentence's come from the other folds), so the model
    learns how far to trust them for a word it has not seen marked in that very
    sentence, which is the situation of every new text. The second stage
    learns from the logistic regression's out-of-fold scores over the same
    folds, and the threshold is tuned for word-level F1 on the blended
    out-of-fold scores of both stages.

    Parameters
    ----------
    lexicon : str, list or Lexicon, default ("conflict", "cues")
        Codebooks whose matches become features (anything
        :func:`~framing.lexicon.load_lexicon` accepts, ``None`` for none).
    window : int, default 2
        Neighbouring words on each side used as features.
    C : float, default 0.1
        Inverse regularisation strength of the logistic regression.
    char_C : float or None, default 1.0
        Inverse regularisation strength of the character n-gram model of word
        types; ``None`` leaves that model out.
    sentence_C : float or None, default 1.0
        Inverse regularisation strength of the model of whether a text has any
        loaded word; ``None`` leaves it out. It scores each input text as a
        whole: tag sentences (as it was trained) rather than whole articles
        when the position of a word matters.
    smoothing : float, default 2.0
        Pseudo-count pulling a word's bias rate towards the overall rate (and a
        word-and-neighbour rate towards the word's).
    threshold : float or "auto", default "auto"
        Probability at or above which a word is loaded; ``"auto"`` tunes it by
        inner cross-validation for word-level F1.
    cv : int, default 5
        Folds (over sentences) for the out-of-fold rates and the threshold.
    class_weight : "balanced" or None, default None
        Class weights of the logistic regression. The tuned threshold already
        trades precision for recall; with it, unweighted fits scored higher.
    stack : bool, default True
        Rescore each word with a second stage, gradient-boosted trees
        (:class:`~sklearn.ensemble.HistGradientBoostingClassifier`) over the
        logistic regression's out-of-fold log-odds, where they stand among the
        sentence's words (highest, mean, rank, the neighbours'), and the numeric
        features (bias rates, model scores, position, length). A word's
        probability is then the mean of the two stages' log-odds. ``False``
        keeps the logistic regression's probabilities.
    random_state : int, RandomState or None, default 0
        Seed of the fold assignment.

    Attributes
    ----------
    vectorizer_ : DictVectorizer
    model_ : LogisticRegression
    char_model_ : Pipeline or None
        TF-IDF of character 2-5-grams and a logistic regression, over word types.
    sentence_model_ : Pipeline or None
        TF-IDF of words and word pairs and a logistic regression, over texts.
    stack_model_ : HistGradientBoostingClassifier or None
        The second stage (``stack=True``).
    threshold_ : float
    counts_, marked_ : dict of dict
        How often each key was seen and marked in training, per kind of key:
        ``"word"`` (lower-cased), ``"stem"`` (Porter), ``"left"`` and ``"right"``
        (the word with its left or right neighbour).
    prior_ : float
        The share of training words that were marked.
    n_sentences_ : int

    Notes
    -----
    On MBIC (Spinde et al. 2021), 5-fold cross-validation over sentences, the
    default tagger reaches a word-level F1 of about 0.50 (0.507 on the
    reported split, 0.504 averaged over five fold seeds, 0.499 to 0.508; 0.502
    without the second stage), against 0.28 for matching the MPQA
    strong-subjective clues (``benchmarks/eval_mbic.py``).
    Annotated multi-word expressions are out of reach of a word tagger.

    Examples
    --------
    >>> X = ["The radical mob stormed the hall.", "The committee met in the hall.",
    ...      "A radical scheme, critics said.", "The mob left the square.",
    ...      "Officials met on Monday.", "A radical plan was shelved."] * 3
    >>> y = [["radical", "mob"], [], ["radical"], ["mob"], [], ["radical"]] * 3
    >>> tagger = LoadedWordTagger(cv=3).fit(X, y)
    >>> tagger.predict(["Another radical idea."])
    [['radical']]
    >>> text = "Police say a radical mob gathered."
    >>> [(s.start, s.end, s.word) for s in tagger.predict_spans(text)]
    [(13, 20, 'radical'), (21, 24, 'mob')]
    """

    def __init__(self, *, lexicon=DEFAULT_LEXICONS, window: int = 2, C: float = 0.1, char_C: float | None = 1.0,
                 sentence_C: float | None = 1.0, smoothing: float = 2.0, threshold: float | str = "auto", cv: int = 5,
                 class_weight: str | None = None, stack: bool = True, random_state=0):
        self.lexicon = lexicon
        self.window = window
        self.C = C
        self.char_C = char_C
        self.sentence_C = sentence_C
        self.smoothing = smoothing
        self.threshold = threshold
        self.cv = cv
        self.class_weight = class_weight
        self.stack = stack
        self.random_state = random_state

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        # a list of texts, or one column of text (a DataFrame column, an (n, 1) array)
        tags.input_tags.two_d_array = True
        tags.input_tags.string = True
        tags.target_tags.required = True
        return tags

    def _stored_counts(self) -> dict[str, _Counts]:
        return {kind: _Counts(Counter(self.counts_[kind]), Counter(self.marked_[kind]), self.prior_, self.smoothing)
                for kind in self.counts_}

    def _check_params(self) -> None:
        if self.threshold != "auto" and not (isinstance(self.threshold, (int, float)) and 0 <= self.threshold <= 1):
            raise InputError(f"threshold must be 'auto' or a probability, got {self.threshold!r}")
        if not (isinstance(self.window, int) and self.window >= 0):
            raise InputError(f"window must be a whole number of words (0 or more), got {self.window!r}")
        optional = tuple(name for name in ("char_C", "sentence_C") if getattr(self, name) is not None)
        for name in ("C", "smoothing", *optional):
            value = getattr(self, name)
            if not (isinstance(value, (int, float)) and value > 0):
                raise InputError(f"{name} must be a positive number, got {value!r}")
        if self.class_weight not in ("balanced", None):
            raise InputError(f"class_weight must be 'balanced' or None, got {self.class_weight!r}")
        if not isinstance(self.stack, (bool, np.bool_)):
            raise InputError(f"stack must be True or False, got {self.stack!r}")
        if not (isinstance(self.cv, int) and self.cv >= 2):
            raise InputError(f"cv must be a whole number of folds, at least 2, got {self.cv!r}")
        check_random_state(self.random_state)

    def fit(self, X, y, *, tune_sentences=None):
        """Learn from sentences ``X`` and the loaded words ``y`` of each.

        Parameters
        ----------
        X : list of str, DataFrame with a ``text`` column, or one column of text
            Sentences (or short passages).
        y : list of list of str, or of ``"['word', ...]"`` strings
            The annotated loaded words of each sentence, matched case-insensitively
            to the sentence's words.
        tune_sentences : array-like of int or bool, optional
            The sentences whose out-of-fold predictions tune the threshold (all by
            default). When training data from another annotation project is added,
            tune on the sentences annotated like the texts you will tag: projects
            differ in how many words they mark per sentence.

        Returns
        -------
        self
        """
        if y is None:
            raise InputError("LoadedWordTagger requires y to be passed, but the target y is None: give the "
                             "annotated loaded words of each sentence")
        texts = _as_texts(X)
        words = [read_biased_words(v) for v in y]
        if len(words) != len(texts):
            raise InputError(f"{len(words)} lists of biased words for {len(texts)} sentences")
        if not texts:
            raise InputError("no sentences to learn from")
        self._check_params()
        tune = np.ones(len(texts), bool)
        if tune_sentences is not None:
            sel = np.asarray(tune_sentences)
            tune = sel.astype(bool) if sel.dtype == bool else np.isin(np.arange(len(texts)), sel)
            if tune.shape != (len(texts),) or not tune.any():
                raise InputError("tune_sentences must select at least one sentence (indices or a mask over X)")
        n_splits = min(self.cv, len(texts))
        if n_splits < 2:
            raise InputError(f"cv={self.cv}: need at least 2 folds and 2 sentences")
        matchers = _matchers(self.lexicon)
        toks = [_tokens(t) for t in texts]
        labels = [_labels(tk, w) for tk, w in zip(toks, words)]
        lows = [[t[2].lower() for t in tk] for tk in toks]
        keys = [_keys(ws) for ws in lows]
        n_marked = sum(map(sum, labels))
        n_tokens = sum(map(len, labels))
        if n_marked in (0, n_tokens):
            raise InputError("the training sentences need both marked and unmarked words")
        prior = n_marked / n_tokens
        folds = np.empty(len(texts), dtype=int)
        splitter = KFold(n_splits, shuffle=True, random_state=self.random_state)
        for k, (_, part) in enumerate(splitter.split(texts)):
            folds[part] = k
        # each sentence's bias rates and character scores come from the other folds: the model
        # must learn how far to trust them for a word whose own label it has not seen, as on new text
        tables_all = {kind: _Counts.of([ks[kind] for ks in keys], labels, prior, self.smoothing) for kind in _KINDS}
        feats: list[dict[str, float]] = []
        order: list[int] = []
        tok_fold: list[int] = []
        tok_key: list[tuple[int, str]] = []
        ylab: list[int] = []
        for k in range(n_splits):
            members = np.flatnonzero(folds == k)
            out = ([keys[i] for i in members], [labels[i] for i in members])
            tables = {kind: tab - _Counts.of([ks[kind] for ks in out[0]], out[1], prior, 0)
                      for kind, tab in tables_all.items()}
            chars = (_char_logits(_fit_char_model(tables["word"], self.char_C),
                                  (w for i in members for w in lows[i])) if self.char_C is not None else None)
            rest = np.flatnonzero(folds != k)
            sentence_model = (_fit_sentence_model([texts[i] for i in rest], [int(any(labels[i])) for i in rest],
                                                  self.sentence_C) if self.sentence_C is not None else None)
            text_logits = _sentence_logits(sentence_model, [texts[i] for i in members])
            for i, text_logit in zip(members, text_logits):
                feats += _token_features(toks[i], _codebook_marks(texts[i], matchers), tables, self.window, chars,
                                         text_logit)
                order.append(int(i))
                tok_fold += [k] * len(toks[i])
                tok_key += [(int(i), w) for w in lows[i]]
                ylab += labels[i]
        self.vectorizer_ = DictVectorizer()
        Z = self.vectorizer_.fit_transform(feats)
        y_tok = np.asarray(ylab)
        fold_of = np.asarray(tok_fold)
        # the second stage learns from the first stage's out-of-fold scores, as it will see scores of
        # words the first stage has not been fitted on
        probs = self._out_of_fold(lambda tr: self._fit_model(Z[tr], y_tok[tr]), Z, y_tok, fold_of, n_splits) \
            if self.threshold == "auto" or self.stack else None
        self.stack_model_ = None
        if self.stack:
            F = _stack_features(feats, [toks[i] for i in order], probs)
            if self.threshold == "auto":
                probs = _blend(probs, self._out_of_fold(lambda tr: _fit_stack_model(F[tr], y_tok[tr]), F, y_tok,
                                                        fold_of, n_splits))
            self.stack_model_ = _fit_stack_model(F, y_tok)
        if self.threshold == "auto":
            sent_of = np.fromiter((i for i, _ in tok_key), dtype=int, count=len(tok_key))
            use = tune[sent_of] & ~np.isnan(probs)
            word_ids = pd.factorize(pd.Series(tok_key, dtype=object)[use])[0]
            n_gold = sum(len({w.lower() for w in words[i]}) for i in np.flatnonzero(tune))
            self.threshold_ = _best_threshold(probs[use], y_tok[use], word_ids, n_gold)
        else:
            self.threshold_ = float(self.threshold)
        self.model_ = self._fit_model(Z, y_tok)
        self.char_model_ = _fit_char_model(tables_all["word"], self.char_C) if self.char_C is not None else None
        self.sentence_model_ = (_fit_sentence_model(texts, [int(any(lab)) for lab in labels], self.sentence_C)
                                if self.sentence_C is not None else None)
        self.prior_ = prior
        self.counts_ = {kind: dict(tab.n) for kind, tab in tables_all.items()}
        self.marked_ = {kind: dict(tab.marked) for kind, tab in tables_all.items()}
        self.n_sentences_ = len(texts)
        return self

    @staticmethod
    def _out_of_fold(fit, Z, y: np.ndarray, fold_of: np.ndarray, n_splits: int) -> np.ndarray:
        """Each token's probability from a model fitted on the other folds (NaN where those hold one class)."""
        probs = np.full(len(y), np.nan)
        for k in range(n_splits):
            tr, te = fold_of != k, fold_of == k
            if te.any() and y[tr].min() != y[tr].max():
                probs[te] = fit(tr).predict_proba(Z[te])[:, 1]
        return probs

    def _fit_model(self, Z, y) -> LogisticRegression:
        model = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=1000, solver="newton-cg")
        # the features are sparse: multi-threaded BLAS on the dense vectors gains nothing and,
        # on a busy machine, spinning BLAS threads make the fit several times slower
        with threadpool_limits(1, user_api="blas"):
            return model.fit(Z, y)

    def _token_probs(self, texts: Sequence[str]) -> list[list[WordSpan]]:
        matchers = _matchers(self.lexicon)
        tables = self._stored_counts()
        toks = [_tokens(t) for t in texts]
        chars = _char_logits(self.char_model_, (w.lower() for tk in toks for _, _, w in tk))
        text_logits = _sentence_logits(self.sentence_model_, list(texts))
        feats = [f for t, tk, text_logit in zip(texts, toks, text_logits)
                 for f in _token_features(tk, _codebook_marks(t, matchers), tables, self.window, chars, text_logit)]
        probs = self.model_.predict_proba(self.vectorizer_.transform(feats))[:, 1] if feats else np.empty(0)
        if self.stack_model_ is not None and feats:
            probs = _blend(probs, self.stack_model_.predict_proba(_stack_features(feats, toks, probs))[:, 1])
        out, k = [], 0
        for tk in toks:
            out.append([WordSpan(s, e, w, float(p)) for (s, e, w), p in zip(tk, probs[k:k + len(tk)])])
            k += len(tk)
        return out

    def predict_spans(self, text: str, *, threshold: float | None = None) -> list[WordSpan]:
        """The loaded words of ``text`` with offsets: ``text[span.start:span.end] == span.word``.

        Parameters
        ----------
        text : str
            Any text (a sentence or a whole article).
        threshold : float, optional
            Probability cut-off; ``threshold_`` by default (``0`` returns every word).

        Returns
        -------
        list of WordSpan
            ``(start, end, word, probability)`` in text order.
        """
        check_is_fitted(self, "model_")
        if not isinstance(text, str):
            raise InputError(f"predict_spans takes one text, got {type(text).__name__}")
        cut = self.threshold_ if threshold is None else threshold
        return [s for s in self._token_probs([text])[0] if s.probability >= cut]

    def word_probabilities(self, X) -> list[list[WordSpan]]:
        """Every word of every text with its probability of being loaded.

        Returns
        -------
        list of list of WordSpan
            For each text, all its words in order.
        """
        check_is_fitted(self, "model_")
        return self._token_probs(_as_texts(X))

    def predict(self, X) -> list[list[str]]:
        """The loaded words of each sentence, each word once, as written, in text order.

        Returns
        -------
        list of list of str
        """
        check_is_fitted(self, "model_")
        out = []
        for spans in self._token_probs(_as_texts(X)):
            seen: dict[str, str] = {}
            for s in spans:
                if s.probability >= self.threshold_:
                    seen.setdefault(s.word.lower(), s.word)
            out.append(list(seen.values()))
        return out

    def score(self, X, y) -> float:
        """Word-level F1 of :meth:`predict` against the annotated words ``y`` (micro over sentences)."""
        return word_scores(self.predict(X), y)["f1"]

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """Names of the token features the model weighs."""
        check_is_fitted(self, "vectorizer_")
        return self.vectorizer_.get_feature_names_out()


def word_scores(predicted, annotated) -> dict[str, float]:
    """Word-level precision, recall and F1, micro-averaged over sentences.

    Within a sentence words are compared case-insensitively and each counts once.
    Precision is the share of predicted words that are annotated; recall the
    share of annotated words that were predicted.

    Examples
    --------
    >>> word_scores([["radical", "mob"], []], [["Radical"], ["slammed"]])
    {'precision': 0.5, 'recall': 0.5, 'f1': 0.5, 'n_predicted': 2, 'n_annotated': 2}
    """
    tp = npred = ngold = 0
    pred_list, gold_list = list(predicted), list(annotated)
    if len(pred_list) != len(gold_list):
        raise InputError(f"{len(pred_list)} predictions for {len(gold_list)} annotated sentences")
    for p, g in zip(pred_list, gold_list):
        ps = {w.lower() for w in read_biased_words(p)}
        gs = {w.lower() for w in read_biased_words(g)}
        tp += len(ps & gs)
        npred += len(ps)
        ngold += len(gs)
    prec = tp / npred if npred else 0.0
    rec = tp / ngold if ngold else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"precision": prec, "recall": rec, "f1": f1, "n_predicted": npred, "n_annotated": ngold}


# --------------------------------------------------------------------------- candidate terms

_SUGGEST_COLUMNS = ["term", "group", "count", "count_other", "z", "tagger_score", "example_1", "example_2"]
_KWIC_WIDTH = 40


def _documents(documents) -> list[Document]:
    if isinstance(documents, Document):
        return [documents]
    if isinstance(documents, str):
        raise InputError("suggest_terms needs documents (framing.Document) with a source to compare, "
                         "not one string; read them with framing.read_documents")
    docs = list(documents)
    for i, d in enumerate(docs):
        if not isinstance(d, Document):
            raise InputError(f"document {i}: expected a framing.Document, got {type(d).__name__}")
    return docs


def _group_of(doc: Document, by: str) -> str:
    value = getattr(doc, by) if by in Document.__dataclass_fields__ and by != "meta" else doc.meta.get(by)
    return "(none)" if value is None or value == "" else str(value)


def _kwic(text: str, start: int, end: int, width: int = _KWIC_WIDTH) -> str:
    """``…left [match] right…`` on one line."""
    left = " ".join(text[max(0, start - 3 * width):start].split())
    right = " ".join(text[end:end + 3 * width].split())
    if len(left) > width:
        left = "…" + left[-width:].split(" ", 1)[-1]
    if len(right) > width:
        right = right[:width].rsplit(" ", 1)[0] + "…"
    gap_l = " " if text[start - 1:start].isspace() else ""
    gap_r = " " if text[end:end + 1].isspace() else ""
    return f"{left}{gap_l}[{' '.join(text[start:end].split())}]{gap_r}{right}".strip()


_OPENERS = " \t“\"‘'([{—–-"


_TITLE_BEFORE = re.compile(r"\b(?:mr|mrs|ms|dr|prof|gen|col|lt|maj|capt|sgt|sen|rep|gov|st)\.$", re.IGNORECASE)


def _sentence_initial(text: str, start: int) -> bool:
    """True when only spaces, opening quotes or brackets stand between ``start`` and a sentence or line end."""
    i = start
    while i > 0 and text[i - 1] in _OPENERS:
        i -= 1
    if i > 0 and text[i - 1] == "." and _TITLE_BEFORE.search(text, max(0, i - 6), i):
        return False
    return i == 0 or text[i - 1] in ".!?…:\n\r"


def _candidate_ok(low: str) -> bool:
    return (low not in STOPWORDS and not _NUMBER.match(low) and sum(c.isalpha() for c in low) >= 2
            and not low.endswith(("'s", "’s")))


def _log_odds_vs_rest(counts: np.ndarray) -> np.ndarray:
    """z-scores of each feature (rows) in each group (columns) against all other groups.

    Monroe, Colaresi & Quinn (2008), informative Dirichlet prior from the corpus
    counts: ``a_w`` is the feature's corpus count and ``a0`` their sum.
    """
    alpha = counts.sum(axis=1, keepdims=True).astype(float)
    a0 = float(alpha.sum())
    yi = counts.astype(float)
    yj = alpha - yi
    ni = yi.sum(axis=0, keepdims=True)
    nj = yj.sum(axis=0, keepdims=True)
    delta = np.log((yi + alpha) / (ni + a0 - yi - alpha)) - np.log((yj + alpha) / (nj + a0 - yj - alpha))
    var = 1.0 / (yi + alpha) + 1.0 / (yj + alpha)
    return delta / np.sqrt(var)


def suggest_terms(documents, lexicon=DEFAULT_LEXICONS, *, by: str = "outlet", min_count: int = 2, top: int = 30,
                  tagger: LoadedWordTagger | None = None, bigrams: bool = True, names: bool = False) -> pd.DataFrame:
    """Words and two-word phrases the codebook lacks, ranked by how unevenly the sources use them.

    Every word of the documents that is not a stopword, a number or part of a
    codebook match, and every pair of such adjacent words (``bigrams=True``), is
    counted per group (``by``). For each group against all the others, the
    log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn
    2008) is

    .. math::

        \\delta_w = \\log\\frac{y_w^i + a_w}{n^i + a_0 - y_w^i - a_w}
                  - \\log\\frac{y_w^j + a_w}{n^j + a_0 - y_w^j - a_w},
        \\qquad \\sigma^2_w = \\frac{1}{y_w^i + a_w} + \\frac{1}{y_w^j + a_w}

    with :math:`a_w` the term's count in the whole corpus and :math:`a_0` the sum
    of those counts; ``z`` is :math:`\\delta_w / \\sigma_w`. A term is listed under
    the group that uses it more often than the rest (``z > 0``), at most ``top``
    per group.

    Parameters
    ----------
    documents : list of Document
    lexicon : str, list, Lexicon or LexiconMatcher, default ("conflict", "cues")
        The codebook whose terms (neutral labels included) are left out.
    by : str, default "outlet"
        A :class:`~framing.types.Document` field or ``meta`` key naming each document's group.
    min_count : int, default 2
        Fewest uses within the group for a term to be listed.
    top : int, default 30
        Terms per group.
    tagger : LoadedWordTagger, optional
        A fitted tagger; ``tagger_score`` is then its mean probability over the
        term's uses in the group (the highest word of a phrase counts).
    bigrams : bool, default True
        Also count two-word phrases.
    names : bool, default False
        Also list names: terms written with a capital letter in most of their
        uses inside a sentence (people, places, outlets, datelines).

    Returns
    -------
    DataFrame
        ``term``, ``group``, ``count`` (uses in the group), ``count_other`` (uses
        elsewhere), ``z``, ``tagger_score`` (NaN without a tagger), ``example_1``
        and ``example_2`` (keyword in context, the term in brackets); sorted by
        group, then ``z`` descending.

    Examples
    --------
    >>> from framing.datasets import load_sample
    >>> cands = suggest_terms(load_sample(), top=3)
    >>> list(cands.columns)
    ['term', 'group', 'count', 'count_other', 'z', 'tagger_score', 'example_1', 'example_2']
    >>> bool((cands.z > 0).all()) and bool((cands["count"] >= 2).all())
    True
    """
    docs = _documents(documents)
    if min_count < 1 or top < 1:
        raise InputError(f"min_count and top must be at least 1 (got {min_count} and {top})")
    groups = [_group_of(d, by) for d in docs]
    groups_ = sorted(set(groups))
    if len(groups_) < 2:
        raise FramingError(f"suggest_terms compares groups of documents by {by!r}, but found "
                           f"{len(groups_)} ({', '.join(groups_) or 'none'}); give documents from at least two")
    matcher = lexicon if isinstance(lexicon, LexiconMatcher) else LexiconMatcher(lexicon, neutral=True)
    gidx = {g: k for k, g in enumerate(groups_)}
    probs = tagger.word_probabilities([d.text for d in docs]) if tagger is not None else None
    counts: dict[str, np.ndarray] = {}
    examples: dict[tuple[str, int], list[str]] = defaultdict(list)
    scores: dict[tuple[str, int], list[float]] = defaultdict(list)
    capitalised: Counter[str] = Counter()
    inside: Counter[str] = Counter()

    def add(term: str, g: int, text: str, s: int, e: int, score: float | None) -> None:
        row = counts.get(term)
        if row is None:
            row = counts[term] = np.zeros(len(groups_), dtype=np.int64)
        row[g] += 1
        if not _sentence_initial(text, s):
            inside[term] += 1
            capitalised[term] += any(c.isupper() for c in text[s:e])
        if len(examples[term, g]) < 2:
            examples[term, g].append(_kwic(text, s, e))
        if score is not None:
            scores[term, g].append(score)

    for n, (doc, group) in enumerate(zip(docs, groups)):
        text, g = doc.text, gidx[group]
        toks = _tokens(text)
        blocked = np.zeros(len(toks), bool)
        starts = np.fromiter((t[0] for t in toks), dtype=np.int64, count=len(toks))
        ends = np.fromiter((t[1] for t in toks), dtype=np.int64, count=len(toks))
        for m in matcher.find(text):
            blocked[(starts < m.end) & (ends > m.start)] = True
        p = [s.probability for s in probs[n]] if probs is not None else None
        ok = [not blocked[i] and _candidate_ok(t[2].lower()) for i, t in enumerate(toks)]
        for i, (s, e, w) in enumerate(toks):
            if not ok[i]:
                continue
            add(w.lower(), g, text, s, e, p[i] if p is not None else None)
            if bigrams and i + 1 < len(toks) and ok[i + 1] and text[e:toks[i + 1][0]] == " ":
                e2 = toks[i + 1][1]
                add(f"{w.lower()} {toks[i + 1][2].lower()}", g, text, s, e2,
                    max(p[i], p[i + 1]) if p is not None else None)
    if not names:
        for term in [t for t in counts if capitalised[t] * 2 > inside[t]]:
            del counts[term]
    if not counts:
        return pd.DataFrame(columns=_SUGGEST_COLUMNS)
    terms = list(counts)
    table = np.vstack([counts[t] for t in terms])
    z = _log_odds_vs_rest(table)
    total = table.sum(axis=1)
    rows = []
    for g, name in enumerate(groups_):
        cand = np.flatnonzero((table[:, g] >= min_count) & (z[:, g] > 0))
        for k in cand[np.argsort(-z[cand, g], kind="stable")][:top]:
            term = terms[k]
            ex = [*examples[term, g], "", ""]
            sc = scores.get((term, g))
            rows.append({"term": term, "group": name, "count": int(table[k, g]),
                         "count_other": int(total[k] - table[k, g]), "z": float(z[k, g]),
                         "tagger_score": float(np.mean(sc)) if sc else np.nan, "example_1": ex[0],
                         "example_2": ex[1]})
    out = pd.DataFrame(rows, columns=_SUGGEST_COLUMNS)
    out.attrs.update(by=by, lexicon=matcher.lexicon.name, n_groups=len(groups_),
                     method="log-odds ratio, informative Dirichlet prior (Monroe, Colaresi & Quinn 2008), "
                            "one group against the rest")
    return out


def suggestions_yaml(frame: pd.DataFrame, category: str = "candidate", *, name: str = "suggested") -> str:
    """Codebook YAML for candidate terms from :func:`suggest_terms`, to review before use.

    Each term becomes one entry (``term``, ``category``, ``note``); a term listed
    for several groups is written once, with its highest ``z``. Load the file
    with :func:`~framing.lexicon.load_lexicon`, review it, then move the entries
    you keep into your codebook with a proper category and note.

    Parameters
    ----------
    frame : DataFrame
        With at least ``term``, ``group`` and ``z`` columns.
    category : str, default "candidate"
        The category every entry gets (lower_snake_case).
    name : str, default "suggested"
        The codebook's name.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"term": ["hardliners"], "group": ["Wire"], "z": [2.514]})
    >>> print(suggestions_yaml(frame).split("entries:")[1].strip())
    - term: hardliners
      category: candidate
      note: 'suggested: more frequent in Wire (z=2.51); review before use'
    """
    import yaml

    from .lexicon import _CATEGORY

    missing = [c for c in ("term", "group", "z") if c not in frame.columns]
    if missing:
        raise InputError(f"suggestions_yaml needs the column(s) {', '.join(missing)} (from suggest_terms)")
    if not _CATEGORY.match(category):
        raise InputError(f"bad category {category!r}: use lower_snake_case, e.g. 'candidate'")
    if frame.empty:
        raise InputError("no candidate terms to write: suggest_terms found none (try a lower min_count)")
    best = frame.sort_values("z", ascending=False, kind="stable").drop_duplicates("term")
    entries = [{"term": str(r.term), "category": category,
                "note": f"suggested: more frequent in {r.group} (z={r.z:.2f}); review before use"}
               for r in best.itertuples()]
    doc = {"name": name, "version": "0.1.0",
           "description": "Candidate terms suggested by framing.words.suggest_terms: words and phrases used "
                          "unevenly across sources that the codebook did not list. Unreviewed.",
           "authors": [], "license": "", "categories": {category: "Suggested by suggest_terms; not yet reviewed."},
           "entries": entries}
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)
