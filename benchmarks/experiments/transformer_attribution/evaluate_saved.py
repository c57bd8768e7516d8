"""Load a saved tagger, compute dev log-probs once (cached), score decoding variants with framing's evaluator."""
import json
import os
import sys
import time

import numpy as np
import torch

from common import DATA, LABELS, Doc, decode, sentence_starts, viterbi, windows

torch.set_num_threads(2)
from transformers import AutoModelForTokenClassification, AutoTokenizer  # noqa: E402
from framing.evaluate import evaluate_attribution, load_polnear  # noqa: E402

mdir = sys.argv[1]
cache = os.path.join(os.path.dirname(mdir), "dev_logprobs.npz")
tok = AutoTokenizer.from_pretrained(mdir)
dev = load_polnear(DATA, "dev")
docs = {d: Doc(x, tok, g) for d, x, g in dev}
W = 254

if os.path.exists(cache):
    z = np.load(cache)
    lps = {d: z[d] for d in docs}
else:
    model = AutoModelForTokenClassification.from_pretrained(mdir).eval()
    CLS, SEP, PAD = tok.cls_token_id, tok.sep_token_id, tok.pad_token_id
    lps = {}
    t = time.time()
    nw = 0
    with torch.no_grad():
        for did, d in docs.items():
            n = len(d.ids)
            acc = np.zeros((n, 7), np.float32)
            cnt = np.zeros(n, np.float32)
            starts = windows(n, W, W // 2)
            for b0 in range(0, len(starts), 16):
                ss = starts[b0:b0 + 16]
                L = max(min(W, n - s) for s in ss) + 2
                x = torch.full((len(ss), L), PAD)
                m = torch.zeros((len(ss), L), dtype=torch.long)
                for k, s in enumerate(ss):
                    seg = d.ids[s:s + W]
                    x[k, 0] = CLS
                    x[k, 1:len(seg) + 1] = torch.from_numpy(seg)
                    x[k, len(seg) + 1] = SEP
                    m[k, :len(seg) + 2] = 1
                with torch.autocast("cpu", dtype=torch.bfloat16):
                    lg = model(input_ids=x, attention_mask=m).logits
                lp = torch.log_softmax(lg.float(), -1).numpy()
                for k, s in enumerate(ss):
                    Lk = min(W, n - s)
                    pos = np.arange(Lk)
                    w = np.minimum(pos + 1, Lk - pos).astype(np.float32) if len(starts) > 1 else np.ones(Lk, np.float32)
                    acc[s:s + Lk] += lp[k, 1:Lk + 1] * w[:, None]
                    cnt[s:s + Lk] += w
            lps[did] = (acc / cnt[:, None])[d.first]
            nw += len(d.words)
    el = time.time() - t
    print(f"inference {el:.1f}s, {nw / el:.0f} words/s", flush=True)
    np.savez(cache, **lps)

keys = ["content_precision", "content_recall", "content_f1",
        "attribution_precision", "attribution_recall", "attribution_f1", "n_pred", "n_gold"]


def run(name, **kw):
    preds = {}
    for did, text, _ in dev:
        d = docs[did]
        labs = viterbi(lps[did]) if kw.get("viterbi", True) else [LABELS[i] for i in lps[did].argmax(1)]
        preds[did] = decode(d, labs, sentence_starts(text), cont_gap_paras=kw.get("gap", 1))
    r = evaluate_attribution(preds, dev)
    print(name, json.dumps({k: round(r[k], 4) for k in keys}), flush=True)
    return r


run("viterbi")
run("argmax", viterbi=False)
run("viterbi gap0", gap=0)
run("viterbi gap2", gap=2)
