"""Shared pieces: tokenization into word-piece sequences, BIO labels, windows, decoding."""
from __future__ import annotations

import os
import re
import sys
from bisect import bisect_right

from pathlib import Path

import numpy as np

_REPO = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(_REPO))  # framing from this checkout

from framing.attribution_model import _label_spans as label_runs  # noqa: E402

LABELS = ["O", "B-SRC", "I-SRC", "B-CUE", "I-CUE", "B-CON", "I-CON"]
L2I = {l: i for i, l in enumerate(LABELS)}
ROLES = (("source", "SRC"), ("cue", "CUE"), ("content", "CON"))
PARA = re.compile(r"[^\n]+")
# PolNeAR from ../shared beside the repository, or $POLNEAR
DATA = os.environ.get("POLNEAR", str(_REPO.parent / "shared" / "data" / "polnear"))


class Doc:
    """One article as a flat word-piece sequence; paragraphs joined by [SEP]."""

    def __init__(self, text, tok, gold=None):
        self.text = text
        ids, word_of, words, para_of_word = [], [], [], []  # word_of: word index per piece or -1
        self.paras = []
        for m in PARA.finditer(text):
            p0 = m.start()
            ptxt = m.group()
            if not ptxt.strip():
                continue
            enc = tok(ptxt, add_special_tokens=False, return_offsets_mapping=True)
            wids = enc.word_ids()
            if not enc["input_ids"]:
                continue
            if ids:
                ids.append(tok.sep_token_id)
                word_of.append(-1)
            pw0 = len(words)
            prev = None
            for tid, w, (s, e) in zip(enc["input_ids"], wids, enc["offset_mapping"]):
                if w != prev:  # first piece of a new word
                    words.append([p0 + s, p0 + e])
                    para_of_word.append(len(self.paras))
                    word_of.append(len(words) - 1)
                else:
                    words[-1][1] = p0 + e
                    word_of.append(-1 - 1_000_000)  # continuation piece marker
                ids.append(tid)
                prev = w
            self.paras.append((pw0, len(words)))
        self.ids = np.array(ids, dtype=np.int64)
        wo = np.array(word_of, dtype=np.int64)
        self.first = wo >= 0  # pieces that carry a word label
        self.piece_word = np.where(wo >= 0, wo, -1)
        self.words = words
        self.para_of_word = para_of_word
        self.word_labels = None
        if gold is not None:
            self.word_labels = gold_word_labels(text, words, gold)
            lab = np.full(len(ids), -100, dtype=np.int64)
            lab[self.first] = [L2I[l] for l in self.word_labels]
            self.labels = lab


def gold_word_labels(text, words, gold):
    n = len(text)
    role = np.zeros(n, dtype=np.int8)  # 0 none, 1 SRC, 2 CUE, 3 CON
    attr = np.full(n, -1, dtype=np.int32)
    for k, g in enumerate(gold):
        for r, (name, _) in enumerate(ROLES, start=1):
            for s, e in getattr(g, name):
                role[s:e] = r
                attr[s:e] = k
    out = []
    prev = (0, -1)
    tags = {1: "SRC", 2: "CUE", 3: "CON"}
    for s, e in words:
        seg = role[s:e]
        nz = np.nonzero(seg)[0]
        if len(nz) == 0:
            out.append("O")
            prev = (0, -1)
            continue
        c = s + nz[0]
        cur = (int(role[c]), int(attr[c]))
        out.append(("I-" if cur == prev else "B-") + tags[cur[0]])
        prev = cur
    return out


def windows(n, size, stride, offset=0):
    """Start positions of windows of `size` covering range(n)."""
    if n <= size:
        return [0]
    starts = list(range(offset, max(n - size, 0) + 1, stride))
    if offset > 0:
        starts = [0] + starts
    if starts[-1] + size < n:
        starts.append(n - size)
    return starts


# ------------------------------------------------------------------------------ decoding

_ALLOWED = np.ones((7, 7), dtype=bool)  # prev -> cur
for j, l in enumerate(LABELS):
    if l.startswith("I-"):
        for i, p in enumerate(LABELS):
            _ALLOWED[i, j] = p[2:] == l[2:]
_START_OK = np.array([not l.startswith("I-") for l in LABELS])


def viterbi(logp):
    """Best label sequence under BIO constraints; logp: (n, 7) log-probs."""
    n = len(logp)
    if n == 0:
        return []
    trans = np.where(_ALLOWED, 0.0, -1e9)
    score = logp[0] + np.where(_START_OK, 0.0, -1e9)
    back = np.zeros((n, 7), dtype=np.int64)
    for t in range(1, n):
        cand = score[:, None] + trans
        back[t] = cand.argmax(0)
        score = cand.max(0) + logp[t]
    path = [int(score.argmax())]
    for t in range(n - 1, 0, -1):
        path.append(int(back[t, path[-1]]))
    return [LABELS[i] for i in path[::-1]]


def decode(doc, labels, sent_starts_char, cont_gap_paras=1):
    """Word labels -> attribution dicts for the evaluator.

    Per paragraph: each CUE run starts an attribution; CON and SRC runs go to the
    nearest cue in the sentences they touch (else nearest cue in the paragraph for SRC);
    CON with no cue in its sentence(s) continues the previous attribution; an
    attribution without SRC borrows the previous attribution's source in the paragraph.
    """
    words = doc.words
    wsent = [bisect_right(sent_starts_char, s) for s, _ in words]
    found = []
    last = None
    for pi, (w0, w1) in enumerate(doc.paras):
        runs = [(r, w0 + i, w0 + j) for r, i, j in label_runs(labels[w0:w1])]
        made = [{"cue": (i, j), "content": [], "source": [], "sent": wsent[i], "para": pi}
                for r, i, j in runs if r == "CUE"]
        loose = []
        for r, i, j in runs:
            if r == "CUE":
                continue
            s0, s1 = wsent[i], wsent[j - 1]
            near = [m for m in made if s0 <= m["sent"] <= s1]
            if not near and r == "SRC":
                near = made
            if near:
                best = min(near, key=lambda m: min(abs(i - m["cue"][1]), abs(m["cue"][0] - j)))
            elif r == "CON" and last is not None and pi - last["para"] <= cont_gap_paras:
                best = last
            elif r == "CON" and made:
                best = min(made, key=lambda m: min(abs(i - m["cue"][1]), abs(m["cue"][0] - j)))
            else:
                if r == "CON":  # content without any cue: attribution of its own
                    best = {"cue": None, "content": [], "source": [], "sent": s0, "para": pi}
                    loose.append(best)
                else:
                    continue
            best["content" if r == "CON" else "source"].append((i, j))
            if r == "CON":
                last = best
        prev_src = None
        for m in sorted(made + loose, key=lambda m: (m["content"][0] if m["content"] else (m["cue"] or (0, 0)))):
            if m["source"]:
                prev_src = m["source"]
            elif prev_src is not None:
                m["source"] = prev_src
            if m["content"] and all(m is not f for f in found):
                found.append(m)
    out = []
    seen = set()
    for m in found:
        if id(m) in seen:
            continue
        seen.add(id(m))
        spans = [(words[i][0], words[j - 1][1]) for i, j in sorted(m["content"])]
        rec = {"content_spans": spans, "start": spans[0][0], "end": spans[-1][1],
               "speaker_start": None, "speaker_end": None}
        if m["source"]:
            # the source run closest to the cue (or first)
            src = m["source"]
            if m["cue"]:
                ci, cj = m["cue"]
                i, j = min(src, key=lambda x: min(abs(x[0] - cj), abs(ci - x[1])))
            else:
                i, j = src[0]
            rec["speaker_start"], rec["speaker_end"] = words[i][0], words[j - 1][1]
        out.append(rec)
    out.sort(key=lambda r: r["start"])
    return out


_SEG = None


def sentence_starts(text):
    global _SEG
    from framing.segment import Segmenter
    if _SEG is None:
        _SEG = Segmenter()
    return sorted(s for s, _ in _SEG.boundaries(text))
