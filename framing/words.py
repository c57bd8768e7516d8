"""Find loaded words the codebook lacks.

Two tools for growing a codebook from data:

* :class:`LoadedWordTagger` learns, from sentences whose biased words were
  annotated (the BABE/MBIC ``biased_words`` column), to mark loaded words in new
  text. It looks at each word, its suffixes, casing, neighbours, whether a
  codebook already lists it, and how often it was marked in training (a
  smoothed "bias rate" learned out-of-fold, so the model cannot simply memorise
  its training words).
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
from sklearn.base import BaseEstimator
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold
from sklearn.utils.validation import check_is_fitted

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
said says say saying told tells tell also according
""".split())

_stemmer = PorterStemmer()


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
    if value is None or (isinstance(value, float) and math.isnan(value)):
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


@lru_cache(maxsize=8)
def _cached_matcher(key: tuple[str, ...]) -> LexiconMatcher:
    return LexiconMatcher(list(key), neutral=True)


def _matcher(lexicon) -> LexiconMatcher | None:
    if lexicon is None or (not isinstance(lexicon, (str, Path, Lexicon)) and not list(lexicon)):
        return None
    if isinstance(lexicon, (str, Path)):
        return _cached_matcher((str(lexicon),))
    if isinstance(lexicon, Lexicon):
        return LexiconMatcher(lexicon, neutral=True)
    items = list(lexicon)
    if all(isinstance(x, (str, Path)) for x in items):
        return _cached_matcher(tuple(str(x) for x in items))
    return LexiconMatcher(items, neutral=True)


def _codebook_marks(text: str, matcher: LexiconMatcher | None) -> list[tuple[int, int, str, str]]:
    """(start, end, category, lexicon) of every codebook match in ``text``."""
    if matcher is None:
        return []
    return [(m.start, m.end, m.entry.category, m.entry.lexicon) for m in matcher.find(text)]


def _as_texts(X, what: str = "sentences") -> list[str]:
    if isinstance(X, str):
        raise InputError(f"expected a list of {what}, got one string; wrap it in a list")
    if isinstance(X, pd.DataFrame):
        if "text" not in X.columns:
            raise InputError(f"a DataFrame of {what} needs a 'text' column (have: {', '.join(map(str, X.columns))})")
        X = X["text"]
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
    """How often each word (and stem) was seen and marked: the smoothed bias rate."""

    def __init__(self, prior: float, smoothing: float):
        self.n: Counter[str] = Counter()
        self.pos: Counter[str] = Counter()
        self.prior = prior
        self.smoothing = smoothing

    def add(self, key: str, label: int) -> None:
        self.n[key] += 1
        self.pos[key] += label

    def rate(self, key: str) -> tuple[float, int]:
        n = self.n.get(key, 0)
        return (self.pos.get(key, 0) + self.smoothing * self.prior) / (n + self.smoothing), n


def _token_features(tokens, marks, word_counts: _Counts | None, stem_counts: _Counts | None,
                    window: int) -> list[dict[str, float]]:
    lows = [t[2].lower() for t in tokens]
    stems = [_stemmer.stem(w) for w in lows]
    cats: list[list[str]] = [[] for _ in tokens]
    k = 0
    for s, e, cat, lexname in sorted(marks):
        while k < len(tokens) and tokens[k][1] <= s:
            k += 1
        j = k
        while j < len(tokens) and tokens[j][0] < e:
            cats[j].append(cat)
            j += 1
    feats = []
    n = len(tokens)
    for i, (_s, _e, w) in enumerate(tokens):
        low = lows[i]
        f: dict[str, float] = {"bias": 1.0, f"w={low}": 1.0, f"stem={stems[i]}": 1.0,
                               f"suf3={low[-3:]}": 1.0, f"suf4={low[-4:]}": 1.0, f"suf2={low[-2:]}": 1.0,
                               f"pre3={low[:3]}": 1.0, f"shape={_shape(w)}": 1.0,
                               f"len={min(len(low), 12) // 3}": 1.0}
        if i == 0:
            f["first"] = 1.0
        if "-" in low:
            f["hyphen"] = 1.0
            f[f"hpre={low.split('-', 1)[0]}"] = 1.0
        if low in STOPWORDS:
            f["stop"] = 1.0
        if _NUMBER.match(low):
            f["number"] = 1.0
        for cat in cats[i]:
            f["codebook"] = 1.0
            f[f"codebook={cat}"] = 1.0
        for d in range(1, window + 1):
            f[f"L{d}={lows[i - d] if i - d >= 0 else '<s>'}"] = 1.0
            f[f"R{d}={lows[i + d] if i + d < n else '</s>'}"] = 1.0
        if word_counts is not None:
            r, cnt = word_counts.rate(low)
            f["rate"] = r
            f["logit_rate"] = math.log(r / (1 - r))
            f["log_n"] = math.log1p(cnt)
            if cnt == 0:
                f["unseen"] = 1.0
        if stem_counts is not None:
            r, cnt = stem_counts.rate(stems[i])
            f["stem_rate"] = r
            f["stem_logit_rate"] = math.log(r / (1 - r))
        feats.append(f)
    return feats


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

    Each word of a sentence becomes a feature dict (the word, its stem, suffixes
    and prefix, shape, its neighbours, a stopword flag, whether a codebook
    matches it and its category, and the smoothed rate at which the training
    annotators marked the word and its stem). A logistic regression with
    balanced class weights scores every word; words at or above ``threshold_``
    are predicted loaded.

    The bias rates of the training words are computed out-of-fold (each
    sentence's rates come from the other folds), so the model learns how far to
    trust a rate for a word it has not seen marked in that very sentence,
    which is the situation of every new text. The threshold is tuned for
    word-level F1 on the same out-of-fold predictions.

    Parameters
    ----------
    lexicon : str, list or Lexicon, default ("conflict", "cues")
        Codebooks whose matches become features (anything
        :func:`~framing.lexicon.load_lexicon` accepts, ``None`` for none).
    window : int, default 1
        Neighbouring words on each side used as features.
    C : float, default 0.5
        Inverse regularisation strength of the logistic regression.
    smoothing : float, default 2.0
        Pseudo-count pulling a word's bias rate towards the overall rate.
    threshold : float or "auto", default "auto"
        Probability at or above which a word is loaded; ``"auto"`` tunes it by
        inner cross-validation for word-level F1.
    cv : int, default 5
        Folds (over sentences) for the out-of-fold rates and the threshold.
    class_weight : "balanced" or None, default "balanced"
    random_state : int, default 0
        Seed of the fold assignment.

    Attributes
    ----------
    vectorizer_ : DictVectorizer
    model_ : LogisticRegression
    threshold_ : float
    word_counts_, word_marked_ : dict
        How often each lower-cased training word was seen and marked.
    stem_counts_, stem_marked_ : dict
        The same for Porter stems.
    prior_ : float
        The share of training words that were marked.

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

    def __init__(self, *, lexicon=DEFAULT_LEXICONS, window: int = 1, C: float = 0.5, smoothing: float = 2.0,
                 threshold: float | str = "auto", cv: int = 5, class_weight: str | None = "balanced",
                 random_state: int = 0):
        self.lexicon = lexicon
        self.window = window
        self.C = C
        self.smoothing = smoothing
        self.threshold = threshold
        self.cv = cv
        self.class_weight = class_weight
        self.random_state = random_state

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        tags.target_tags.required = True
        return tags

    def _counts(self, rows, prior: float) -> tuple[_Counts, _Counts]:
        wc, sc = _Counts(prior, self.smoothing), _Counts(prior, self.smoothing)
        for lows, stems, labels in rows:
            for w, s, lab in zip(lows, stems, labels):
                wc.add(w, lab)
                sc.add(s, lab)
        return wc, sc

    def _stored_counts(self) -> tuple[_Counts, _Counts]:
        wc, sc = _Counts(self.prior_, self.smoothing), _Counts(self.prior_, self.smoothing)
        wc.n.update(self.word_counts_)
        wc.pos.update(self.word_marked_)
        sc.n.update(self.stem_counts_)
        sc.pos.update(self.stem_marked_)
        return wc, sc

    def fit(self, X, y):
        """Learn from sentences ``X`` and the loaded words ``y`` of each.

        Parameters
        ----------
        X : list of str, or DataFrame with a ``text`` column
            Sentences (or short passages).
        y : list of list of str, or of ``"['word', ...]"`` strings
            The annotated loaded words of each sentence, matched case-insensitively
            to the sentence's words.

        Returns
        -------
        self
        """
        texts = _as_texts(X)
        if y is None:
            raise InputError("LoadedWordTagger.fit needs the annotated words of each sentence (y)")
        words = [read_biased_words(v) for v in y]
        if len(words) != len(texts):
            raise InputError(f"{len(words)} lists of biased words for {len(texts)} sentences")
        if not texts:
            raise InputError("no sentences to learn from")
        if self.threshold != "auto" and not (isinstance(self.threshold, (int, float)) and 0 <= self.threshold <= 1):
            raise InputError(f"threshold must be 'auto' or a probability, got {self.threshold!r}")
        matcher = _matcher(self.lexicon)
        toks = [_tokens(t) for t in texts]
        marks = [_codebook_marks(t, matcher) for t in texts]
        labels = [_labels(tk, w) for tk, w in zip(toks, words)]
        rows = [([t[2].lower() for t in tk], [_stemmer.stem(t[2].lower()) for t in tk], lab)
                for tk, lab in zip(toks, labels)]
        flat = np.fromiter((v for lab in labels for v in lab), dtype=int)
        if flat.size == 0 or flat.min() == flat.max():
            raise InputError("the training sentences need both marked and unmarked words")
        prior = float(flat.mean())
        n_splits = min(self.cv, len(texts))
        if n_splits < 2:
            raise InputError(f"cv={self.cv}: need at least 2 folds and 2 sentences")
        folds = np.empty(len(texts), dtype=int)
        kf = KFold(n_splits, shuffle=True, random_state=self.random_state)
        for k, (_, test) in enumerate(kf.split(np.arange(len(texts)))):
            folds[test] = k
        feats: list[dict[str, float]] = []
        tok_fold, tok_sent = [], []
        for k in range(n_splits):
            wc, sc = self._counts([r for r, f in zip(rows, folds) if f != k], prior)
            for i in np.flatnonzero(folds == k):
                fs = _token_features(toks[i], marks[i], wc, sc, self.window)
                feats.extend(fs)
                tok_fold.extend([k] * len(fs))
                tok_sent.extend([i] * len(fs))
        ylab = np.fromiter((v for k in range(n_splits) for i in np.flatnonzero(folds == k) for v in labels[i]),
                           dtype=int)
        self.vectorizer_ = DictVectorizer()
        Z = self.vectorizer_.fit_transform(feats)
        tok_fold_a = np.asarray(tok_fold)
        if self.threshold == "auto":
            probs = np.zeros(len(ylab))
            for k in range(n_splits):
                tr, te = tok_fold_a != k, tok_fold_a == k
                if ylab[tr].min() == ylab[tr].max():
                    continue
                m = self._new_model().fit(Z[tr], ylab[tr])
                probs[te] = m.predict_proba(Z[te])[:, 1]
            keys_words = [rows[i][0][j] for i in dict.fromkeys(tok_sent) for j in range(len(rows[i][0]))]
            keys = pd.factorize(pd.Series(tok_sent).astype(str) + "\x00" + pd.Series(keys_words))[0]
            n_gold = sum(len({w.lower() for w in ws}) for ws in words)
            self.threshold_ = _best_threshold(probs, ylab, keys, n_gold)
        else:
            self.threshold_ = float(self.threshold)
        self.model_ = self._new_model().fit(Z, ylab)
        wc, sc = self._counts(rows, prior)
        self.prior_ = prior
        self.word_counts_, self.word_marked_ = dict(wc.n), {k: v for k, v in wc.pos.items() if v}
        self.stem_counts_, self.stem_marked_ = dict(sc.n), {k: v for k, v in sc.pos.items() if v}
        self.n_sentences_ = len(texts)
        return self

    def _new_model(self) -> LogisticRegression:
        return LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=3000)

    def _token_probs(self, texts: Sequence[str]) -> list[list[WordSpan]]:
        check_is_fitted(self, "model_")
        matcher = _matcher(self.lexicon)
        wc, sc = self._stored_counts()
        toks = [_tokens(t) for t in texts]
        feats = [f for t, tk in zip(texts, toks) for f in _token_features(tk, _codebook_marks(t, matcher), wc, sc,
                                                                          self.window)]
        probs = self.model_.predict_proba(self.vectorizer_.transform(feats))[:, 1] if feats else np.empty(0)
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
        if not isinstance(text, str):
            raise InputError(f"predict_spans takes one text, got {type(text).__name__}")
        cut = self.threshold_ if threshold is None else threshold
        return [s for s in self._token_probs([text])[0] if s.probability >= cut]

    def predict_proba_words(self, X) -> list[list[WordSpan]]:
        """Every word of every text with its probability of being loaded."""
        return self._token_probs(_as_texts(X))

    def predict(self, X) -> list[list[str]]:
        """The loaded words of each sentence, each word once, as written, in text order."""
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
