"""A learned attribution tagger: who says what, tagged token by token by a linear-chain CRF.

The rules in :mod:`framing.attribution` find the common shapes of attribution
with high precision, but annotated corpora such as PolNeAR mark a long tail of
cues ("X railed against", "X hopes to", "polls show") whose status depends on
context. :class:`AttributionModel` learns that tail from annotations: every
token gets one of the labels ``B-``/``I-`` + ``SRC`` (the source mention),
``CUE`` or ``CON`` (the content), or ``O``; the features are the token's words
and their neighbours, the cue lexicon (the bundled one and cue words learned
from the annotations), quotation marks, position, and what the rules said about
the token (so the model learns when to trust them).

Training needs the optional ``crf`` extra (``pip install "framing[crf]"``,
sklearn-crfsuite). A trained model is saved as plain JSON (optionally gzipped):
its feature weights and label transitions. Tagging with a saved model needs
no extra (numpy and scipy, as the core install has); the best label sequence is found with the
Viterbi algorithm.

Train one on annotations in brat format (PolNeAR's) with
``framing train attribution --data FOLDER -o model.json.gz`` and use it with
``framing attribute --model model.json.gz`` or
``attribute_speakers(doc, model=AttributionModel.load(path))``; speaker names
are normalized as with the rules (acronyms, titles, pronouns, the registry).
No model trained on others' annotations ships with framing.
"""

from __future__ import annotations

import gzip
import json
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator

from .errors import InputError
from .types import Document

FORMAT = "framing.attribution_model"
VERSION = 1
LABELS = ("O", "B-SRC", "I-SRC", "B-CUE", "I-CUE", "B-CON", "I-CON")
_ROLES = (("source", "SRC"), ("cue", "CUE"), ("content", "CON"))
_TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")
_PRONOUNS = frozenset("he she they i we it you".split())
_OPENING = "“\"«'"  # marks that open a quotation (a paragraph opening with one continues it)


# --- tokens and features -------------------------------------------------------------------------

def _tokens(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _token_range(starts: list[int], s: int, e: int) -> range:
    """The tokens (by index) that start inside the characters ``s:e``."""
    return range(bisect_left(starts, s), bisect_left(starts, e))


def _lemma(w: str) -> str:
    """A crude stem that lets "claims", "claimed", "claiming" share weights."""
    for suf, rep in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            return w[: len(w) - len(suf)] + rep
    return w


def _shape(w: str) -> str:
    c = w[0]
    if c.isupper():
        return "XX" if w.isupper() and len(w) > 1 else "Xx"
    if c.isdigit():
        return "d"
    if c.isalpha():
        return "x"
    return w


def _quote_states(text: str, toks: list[tuple[int, int]]) -> list[str]:
    """Per token: an opening/closing/straight quotation mark, or inside/outside a quotation."""
    out, inside = [], False
    for s, _e in toks:
        ch = text[s]
        if ch in "“«":
            inside = True
            out.append("QO")
        elif ch in "”»":
            inside = False
            out.append("QC")
        elif ch == '"':
            inside = not inside
            out.append("QX")
        else:
            out.append("in" if inside else "out")
    return out


@lru_cache(maxsize=1)
def _cue_forms() -> dict[str, str]:
    """Every form of the bundled cues (inflections included) and its kind."""
    from .attribution import _cue_tables, _inflections

    _, kinds, nouns, prep, _ = _cue_tables()
    forms: dict[str, str] = {}
    for lemma, kind in kinds.items():
        if " " in lemma:
            continue
        forms[lemma] = kind
        for f in _inflections(lemma):
            forms.setdefault(f, kind)
    for f in prep:
        forms.setdefault(f, "prep")
    for n in nouns:
        forms.setdefault(n, "noun")
    return forms


def _rule_roles(attributions: Iterable[Any], starts: list[int], n: int) -> list[str | None]:
    """What the rules said about each token: ``Bcon-reported``, ``Isrc``, ``Bcue`` ..."""
    roles: list[str | None] = [None] * n
    for a in attributions:
        for tag, s, e in (("con", a.start, a.end), ("src", a.speaker_start, a.speaker_end),
                          ("cue", a.cue_start, a.cue_end)):
            if s is None or e is None:
                continue
            rng = _token_range(starts, s, e)
            for i in rng:
                roles[i] = ("B" if i == rng.start else "I") + tag + ("-" + a.mode if tag == "con" else "")
    return roles


class _Sequences:
    """One document cut into token sequences (paragraphs) with the features of every token."""

    def __init__(self, text: str, sentences: list[tuple[int, int]], rule_attributions: Iterable[Any],
                 cue_forms: dict[str, str], learned: dict[str, str] | None = None):
        self.text = text
        self.toks = toks = _tokens(text)
        starts = [s for s, _ in toks]
        self.starts = starts
        n = len(toks)
        quotes = _quote_states(text, toks)
        roles = _rule_roles(rule_attributions, starts, n)
        low = [text[s:e].lower() for s, e in toks]
        shapes = [_shape(text[s:e]) for s, e in toks]
        cues = [cue_forms.get(w) or learned.get(_lemma(w)) for w in low] if learned else \
            [cue_forms.get(w) for w in low]
        # sentences as token ranges, grouped into paragraphs
        self.spans: list[tuple[int, int]] = []  # token range of each sequence
        sent_ranges = [(r.start, r.stop) for r in (_token_range(starts, s, e) for s, e in sentences) if r]
        self.sentence_starts = [i for i, _ in sent_ranges]
        self.features: list[list[dict[str, Any]]] = []
        for i, j in sent_ranges:
            new_para = not self.spans or "\n" in text[toks[self.spans[-1][1] - 1][1]:toks[i][0]]
            feats = self._sentence(i, j, low, shapes, cues, quotes, roles)
            if new_para:
                if feats:
                    feats[0]["para"] = 1.0
                self.spans.append((i, j))
                self.features.append(feats)
            else:
                self.spans[-1] = (self.spans[-1][0], j)
                self.features[-1].extend(feats)

    @staticmethod
    def _sentence(i0, j0, low, shapes, cues, quotes, roles) -> list[dict[str, Any]]:
        n = j0 - i0
        cue_at = [k for k in range(n) if cues[i0 + k]]
        quote_at = [k for k in range(n) if quotes[i0 + k][0] == "Q"]
        out = []
        for k in range(n):
            t = i0 + k
            w = low[t]
            f: dict[str, Any] = {"b": 1.0, "w": w, "sh": shapes[t], "suf": w[-3:], "pre": w[:4], "lem": _lemma(w),
                                 "q": quotes[t]}
            if k == 0:
                f["S0"] = 1.0
            if k == n - 1:
                f["Sn"] = 1.0
            if cues[t]:
                f["cue"] = cues[t]
            ctx = {}
            for d in (-3, -2, -1, 1, 2, 3):
                j = k + d
                if 0 <= j < n:
                    ctx[d] = low[t + d]
                    f[f"w{d}"] = low[t + d]
                    f[f"sh{d}"] = shapes[t + d]
                    if cues[t + d]:
                        f[f"cue{d}"] = cues[t + d]
                else:
                    ctx[d] = f[f"w{d}"] = "BOS" if j < 0 else "EOS"
            f["w-1|w"] = ctx[-1] + "|" + w
            f["w|w1"] = w + "|" + ctx[1]
            f["w1|w2"] = ctx[1] + "|" + ctx[2]
            f["w-2|w-1"] = ctx[-2] + "|" + ctx[-1]
            f["l-1"] = _lemma(ctx[-1])
            f["l1"] = _lemma(ctx[1])
            left = bisect_left(cue_at, k)
            right = bisect_right(cue_at, k)
            f["cueL"] = min(4, left)
            f["cueR"] = min(4, len(cue_at) - right)
            if left:
                c = cue_at[left - 1]
                f["nearL"] = low[i0 + c]
                f["dL"] = str(min(8, (k - c).bit_length()))
            if right < len(cue_at):
                c = cue_at[right]
                f["nearR"] = low[i0 + c]
                f["dR"] = str(min(8, (c - k).bit_length()))
            f["qL"] = str(min(3, bisect_left(quote_at, k)))
            f["qR"] = str(min(3, len(quote_at) - bisect_right(quote_at, k)))
            f["pos"] = str(min(8, k.bit_length()))
            f["rpos"] = str(min(8, (n - 1 - k).bit_length()))
            if w in _PRONOUNS:
                f["pron"] = 1.0
            r = roles[t]
            f["r"] = r or "none"
            f["r-1"] = (roles[t - 1] or "none") if k else "BOS"
            f["r+1"] = (roles[t + 1] or "none") if k + 1 < n else "EOS"
            if r:
                f["r|w"] = r[:4] + "|" + w
            out.append(f)
        return out


def _gold_labels(starts: list[int], gold: Iterable[Any]) -> list[str]:
    """BIO labels for every token from annotated attributions (objects with content/source/cue spans)."""
    n = len(starts)
    labels = ["O"] * n
    for g in gold:
        for role, tag in _ROLES:
            for a, b in getattr(g, role):
                rng = _token_range(starts, a, b)
                for i in rng:
                    labels[i] = ("B-" if i == rng.start else "I-") + tag
    return labels


def _cue_counts(text: str, gold: Iterable[Any]) -> tuple[Counter, Counter]:
    """How often each word stem occurs in a document, and how often inside an annotated cue."""
    toks = _tokens(text)
    labels = _gold_labels([s for s, _ in toks], gold)
    seen: Counter = Counter()
    cue: Counter = Counter()
    for (s, e), lab in zip(toks, labels, strict=True):
        if not text[s].isalpha():
            continue
        stem = _lemma(text[s:e].lower())
        seen[stem] += 1
        if lab.endswith("CUE"):
            cue[stem] += 1
    return seen, cue


def _cue_words(counts: Iterable[tuple[Counter, Counter]], min_count: int = 3,
               min_rate: float = 0.2) -> dict[str, str]:
    """Stems the annotations mark as cues often enough: ``"often"`` (half their uses) or ``"sometimes"``."""
    seen: Counter = Counter()
    cue: Counter = Counter()
    for s, c in counts:
        seen.update(s)
        cue.update(c)
    out = {}
    for stem, n in cue.items():
        if n >= min_count and n / seen[stem] >= min_rate:
            out[stem] = "often" if n / seen[stem] >= 0.5 else "sometimes"
    return dict(sorted(out.items()))


# --- decoding labels into attributions -----------------------------------------------------------

def _label_spans(labels: Sequence[str]) -> list[list]:
    """Runs of one role: [role, first token, end token]; an ``I-`` after another role opens a run."""
    out: list[list] = []
    for k, lab in enumerate(labels):
        if lab == "O":
            continue
        bio, role = lab.split("-")
        if bio == "B" or not out or out[-1][0] != role or out[-1][2] != k:
            out.append([role, k, k + 1])
        else:
            out[-1][2] = k + 1
    return out


def _decode(seqs: _Sequences, labels: list[list[str]]) -> list[dict[str, Any]]:
    """Tagged tokens as attributions: each cue with the content and source runs nearest to it.

    A run goes to the nearest cue among the sentences it touches, else to the
    nearest cue of its paragraph. Content in a paragraph without a cue continues
    the previous attribution when it opens with a quotation mark (a quotation
    running over paragraphs); otherwise a source or content with no cue makes an
    attribution of its own, one per sentence.
    """
    toks = seqs.toks
    sent_starts = seqs.sentence_starts
    found: list[dict[str, Any]] = []
    last = None
    for (i0, _j0), labs in zip(seqs.spans, labels, strict=True):
        runs = [(role, i0 + i, i0 + j) for role, i, j in _label_spans(labs)]
        made = [{"cue": (i, j), "content": [], "source": [], "sent": bisect_right(sent_starts, i)}
                for role, i, j in runs if role == "CUE"]
        loose: dict[int, dict[str, Any]] = {}  # per sentence: an attribution without cue
        for role, i, j in runs:
            if role == "CUE":
                continue
            first, lastsent = bisect_right(sent_starts, i), bisect_right(sent_starts, j - 1)
            near = [m for m in made if first <= m["sent"] <= lastsent] or made
            if near:
                best = min(near, key=lambda m: min(abs(i - m["cue"][1]), abs(m["cue"][0] - j)))
            elif role == "CON" and last is not None and i - last["end"] < 80 and seqs.text[toks[i][0]] in _OPENING:
                best = last  # a new paragraph opening with a quotation mark: the quotation goes on
            else:
                best = loose.setdefault(first, {"cue": None, "content": [], "source": [], "sent": first})
            best["content" if role == "CON" else "source"].append((i, j))
            if role == "CON":
                best["end"] = max(best.get("end", 0), j)
        for m in sorted([*made, *loose.values()], key=lambda m: m["content"][0] if m["content"] else (0, 0)):
            if m["content"]:
                found.append(m)
                if last is None or m["end"] >= last["end"]:
                    last = m
    out = []
    for m in found:
        rec: dict[str, Any] = {
            "content_spans": [(toks[i][0], toks[j - 1][1]) for i, j in sorted(m["content"])],
            "source": None, "cue": None,
        }
        if m["source"]:
            i, j = m["source"][0]
            rec["source"] = (toks[i][0], toks[j - 1][1])
        if m["cue"]:
            i, j = m["cue"]
            rec["cue"] = (toks[i][0], toks[j - 1][1])
        out.append(rec)
    out.sort(key=lambda r: r["content_spans"][0])
    return out


# --- the estimator --------------------------------------------------------------------------------

def _as_document(x: Any) -> Document:
    if isinstance(x, Document):
        return x
    if isinstance(x, str):
        return Document("text", x)
    raise InputError(f"AttributionModel takes texts or Documents, not {type(x).__name__}")


class AttributionModel(BaseEstimator):
    """Tag sources, cues and contents of attributions with a linear-chain CRF learned from annotations.

    Parameters
    ----------
    c1, c2 : float
        L1 and L2 regularization of the CRF (L-BFGS training).
    max_iterations : int
        L-BFGS iterations.
    use_rules : bool
        Give the model what :func:`framing.attribution.attribute_speakers`'s
        rules found as features (recommended: the model learns when they are right).
    learn_cues : bool
        Also count as cue words those the annotations often mark as cues (at
        least 3 uses, at least 20% of them cues), beyond the bundled cue list:
        features such as "the nearest cue to the left" then reach the corpus's
        long tail ("railed", "touted"). While fitting, each document sees the
        words learned from the other folds (5-fold), so the feature is as
        reliable in training as on new text.

    Attributes
    ----------
    labels_ : list of str
    weights_ : dict of str to numpy.ndarray
        One weight per label for every feature the model kept.
    transitions_ : numpy.ndarray
        ``transitions_[a, b]``: the weight of label ``b`` following label ``a``.
    cue_words_ : dict of str to str
        The learned cue words (crude stems) and how often they are cues (``"often"``: at least
        half of their uses, ``"sometimes"``).

    Examples
    --------
    Fitting needs ``sklearn-crfsuite`` (``pip install "framing[crf]"``); a
    fitted model tags without it:

    >>> from framing.evaluate import GoldAttribution
    >>> text = "Ann Lee said the dam broke."
    >>> gold = [GoldAttribution(content=((13, 26),), source=((0, 7),), cue=((8, 12),))]
    >>> model = AttributionModel(max_iterations=30).fit([text] * 3, [gold] * 3)  # doctest: +SKIP
    >>> model.predict([text])[0][0]["content_spans"]  # doctest: +SKIP
    [(13, 26)]
    """

    def __init__(self, c1: float = 0.05, c2: float = 0.05, max_iterations: int = 150, use_rules: bool = True,
                 learn_cues: bool = True):
        self.c1 = c1
        self.c2 = c2
        self.max_iterations = max_iterations
        self.use_rules = use_rules
        self.learn_cues = learn_cues

    # ----- features
    def _sequences(self, doc: Document, rules: list | None = None, sentences: list | None = None,
                   learned: dict[str, str] | None = None) -> _Sequences:
        from .attribution import _attributor
        from .segment import _default_segmenter

        if not self.use_rules:
            rules = []
        elif rules is None:
            rules = _attributor(None, None).run(doc)
        if sentences is None:
            sentences = _default_segmenter().boundaries(doc.text)
        if learned is None:
            learned = getattr(self, "cue_words_", None)
        return _Sequences(doc.text, sentences, rules, _cue_forms(), learned)

    def fit(self, X: Iterable[Any], y: Iterable[Iterable[Any]], *, progress: bool | None = False) -> AttributionModel:
        """Learn from documents ``X`` and, for each, its annotated attributions ``y``.

        Each annotation needs ``content``, ``source`` and ``cue`` attributes, tuples
        of character spans (as :class:`framing.evaluate.GoldAttribution` from
        :func:`framing.evaluate.load_brat`); tokens outside all are ``O``.
        ``progress`` shows a bar while the documents are read (``None``: on a terminal).
        """
        docs = [_as_document(x) for x in X]
        golds = list(y)
        if len(docs) != len(golds):
            raise InputError(f"AttributionModel.fit: {len(docs)} documents but {len(golds)} annotation lists")
        if not docs:
            raise InputError("AttributionModel.fit: no documents to learn from")
        try:
            import sklearn_crfsuite
        except ImportError:
            raise ImportError('training an AttributionModel needs sklearn-crfsuite: pip install "framing[crf]"') \
                from None
        if self.learn_cues:
            counts = [_cue_counts(doc.text, gold) for doc, gold in zip(docs, golds, strict=True)]
            folds = [k % 5 for k in range(len(docs))]
            held_out = [_cue_words([c for c, f in zip(counts, folds, strict=True) if f != k]) for k in range(5)]
            cue_words = _cue_words(counts)
        else:
            held_out, folds, cue_words = [{}] * 5, [0] * len(docs), {}
        from tqdm.auto import tqdm

        from .parallel import progress_disabled

        xs, ys = [], []
        bar = tqdm(zip(docs, golds, folds, strict=True), total=len(docs), desc="reading annotations", unit="doc",
                   disable=progress_disabled(progress), leave=False)
        for doc, gold, fold in bar:
            seqs = self._sequences(doc, learned=held_out[fold])
            labels = _gold_labels(seqs.starts, gold)
            for (i, j), feats in zip(seqs.spans, seqs.features, strict=True):
                xs.append(feats)
                ys.append(labels[i:j])
        crf = sklearn_crfsuite.CRF(algorithm="lbfgs", c1=self.c1, c2=self.c2, max_iterations=self.max_iterations,
                                   all_possible_transitions=True)
        crf.fit(xs, ys)
        self._from_crf(crf)
        self.cue_words_ = cue_words
        return self

    def _from_crf(self, crf) -> None:
        labels = list(LABELS)
        index = {lab: i for i, lab in enumerate(labels)}
        weights: dict[str, np.ndarray] = {}
        for (attr, lab), w in crf.state_features_.items():
            weights.setdefault(attr, np.zeros(len(labels)))[index[lab]] = w
        trans = np.zeros((len(labels), len(labels)))
        for (a, b), w in crf.transition_features_.items():
            trans[index[a], index[b]] = w
        self._set(labels, weights, trans)

    def _set(self, labels: list[str], weights: dict[str, np.ndarray], transitions: np.ndarray) -> None:
        self.labels_ = labels
        self.weights_ = weights
        self.transitions_ = transitions
        self._vocab = {a: k for k, a in enumerate(weights)}
        self._matrix = np.array(list(weights.values()), dtype=np.float64).reshape(len(weights), len(labels))

    # ----- tagging
    def _check_fitted(self) -> None:
        if not hasattr(self, "weights_"):
            from sklearn.exceptions import NotFittedError

            raise NotFittedError("this AttributionModel is not fitted yet: call fit() or AttributionModel.load()")

    def _emissions(self, feats: list[dict[str, Any]]) -> np.ndarray:
        """Each token's score for each label: the sum of its features' weights (a sparse product)."""
        from scipy.sparse import csr_matrix

        vocab = self._vocab
        cols = np.fromiter((vocab.get(f"{k}:{v}" if v.__class__ is str else k, -1)
                            for f in feats for k, v in f.items()), dtype=np.intp)
        vals = np.fromiter((1.0 if v.__class__ is str else v for f in feats for v in f.values()), dtype=np.float64,
                           count=len(cols))
        rows = np.repeat(np.arange(len(feats)), [len(f) for f in feats])
        keep = cols >= 0
        x = csr_matrix((vals[keep], (rows[keep], cols[keep])), shape=(len(feats), len(vocab)))
        return np.asarray(x @ self._matrix)

    def _best_path(self, emit: np.ndarray) -> list[str]:
        """The Viterbi path through one sequence's emission scores and the label transitions."""
        n = len(emit)
        trans = self.transitions_
        score = emit[0].copy()
        back = np.zeros(emit.shape, dtype=np.intp)
        for t in range(1, n):
            cand = score[:, None] + trans
            back[t] = cand.argmax(axis=0)
            score = cand.max(axis=0) + emit[t]
        best = [int(score.argmax())]
        for t in range(n - 1, 0, -1):
            best.append(int(back[t, best[-1]]))
        return [self.labels_[k] for k in reversed(best)]

    def _viterbi(self, feats: list[dict[str, Any]]) -> list[str]:
        return self._best_path(self._emissions(feats))

    def _label_all(self, seqs: _Sequences) -> list[list[str]]:
        """The best labels of every sequence of a document (one sparse product for all)."""
        flat = [f for feats in seqs.features for f in feats]
        if not flat:
            return []
        emit = self._emissions(flat)
        out, at = [], 0
        for feats in seqs.features:
            out.append(self._best_path(emit[at:at + len(feats)]))
            at += len(feats)
        return out

    def tag(self, document: Document | str) -> list[tuple[int, int, str]]:
        """Every token of the document as ``(start, end, label)``."""
        self._check_fitted()
        seqs = self._sequences(_as_document(document))
        out = []
        for (i, _j), labels in zip(seqs.spans, self._label_all(seqs), strict=True):
            for k, lab in enumerate(labels):
                out.append((*seqs.toks[i + k], lab))
        return out

    def spans(self, document: Document | str, *, rules: list | None = None,
              sentences: list | None = None) -> list[dict[str, Any]]:
        """The attributions of one document as character spans.

        Returns a list of dicts with ``content_spans`` (list of ``(start, end)``),
        ``source`` and ``cue`` (``(start, end)`` or None), in text order.
        ``rules`` (the rules' attributions) and ``sentences`` (boundaries) are
        computed when not given.
        """
        self._check_fitted()
        seqs = self._sequences(_as_document(document), rules, sentences)
        return _decode(seqs, self._label_all(seqs))

    def predict(self, X: Iterable[Any]) -> list[list[dict[str, Any]]]:
        """:meth:`spans` for every document."""
        return [self.spans(x) for x in X]

    # ----- persistence (plain JSON, optionally gzipped)
    def to_dict(self) -> dict[str, Any]:
        self._check_fitted()
        return {"format": FORMAT, "version": VERSION, "params": self.get_params(), "labels": self.labels_,
                "transitions": self.transitions_.round(6).tolist(), "cue_words": getattr(self, "cue_words_", {}),
                "weights": {a: [round(float(w), 6) for w in ws] for a, ws in self.weights_.items()}}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AttributionModel:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise InputError(f"not a framing attribution model (expected format {FORMAT!r})")
        if data.get("version") != VERSION:
            raise InputError(f"attribution model version {data.get('version')!r}; this framing reads {VERSION}")
        labels = list(data["labels"])
        model = cls(**data.get("params", {}))
        weights = {a: np.asarray(w, dtype=np.float64) for a, w in data["weights"].items()}
        if any(w.shape != (len(labels),) for w in weights.values()):
            raise InputError("attribution model: every weight vector needs one weight per label")
        model._set(labels, weights, np.asarray(data["transitions"], dtype=np.float64))
        model.cue_words_ = dict(data.get("cue_words", {}))
        return model

    def save(self, path: str | Path, *, inputs: Iterable[str | Path] = ()) -> Path:
        """Write the model as JSON (gzipped when the name ends in ``.gz``), never over one of ``inputs``."""
        from .io import _atomic_write_bytes

        path = Path(path)
        payload = json.dumps(self.to_dict(), separators=(",", ":")).encode("utf-8")
        if path.suffix == ".gz":
            payload = gzip.compress(payload, mtime=0)
        return _atomic_write_bytes(path, payload, inputs=inputs)

    @classmethod
    def load(cls, path: str | Path) -> AttributionModel:
        path = Path(path)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise InputError(f"{path}: cannot read the attribution model ({exc.strerror or exc})") from None
        try:
            if raw[:2] == b"\x1f\x8b":
                raw = gzip.decompress(raw)
            data = json.loads(raw.decode("utf-8"))
        except (OSError, ValueError, EOFError) as exc:
            raise InputError(f"{path}: not a JSON attribution model ({exc})") from None
        try:
            return cls.from_dict(data)
        except InputError as exc:
            raise InputError(f"{path}: {exc}") from None

