"""Transformer spans through framing's speaker normalization (attribute_speakers run_model path)."""
import json, os, sys
import numpy as np
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import DATA, LABELS, Doc, decode, sentence_starts, viterbi
from transformers import AutoTokenizer
from framing.evaluate import evaluate_attribution, load_polnear, merge_continuations
from framing.attribution import _attributor
from framing.types import Document
mdir = sys.argv[1] if len(sys.argv) > 1 else "run1/model"  # a model saved by train.py
tok = AutoTokenizer.from_pretrained(mdir)
dev = load_polnear(DATA, "dev")
z = np.load(os.path.join(os.path.dirname(mdir), "dev_logprobs.npz"))  # written by evaluate_saved.py
class Stub:
    use_rules = True
    def __init__(self, recs): self.recs = recs
    def spans(self, document, rules=None, sentences=None): return self.recs
raw, normed = {}, {}
att = _attributor(None, None)
for did, text, g in dev:
    d = Doc(text, tok, g)
    recs = decode(d, viterbi(z[did]), sentence_starts(text))
    raw[did] = recs
    conv = [{"content_spans": r["content_spans"], "source": (r["speaker_start"], r["speaker_end"]) if r["speaker_start"] is not None else None, "cue": None} for r in recs]
    normed[did] = merge_continuations(att.run_model(Document(did, text), Stub(conv)))
keys = ["content_precision", "content_recall", "content_f1", "attribution_precision", "attribution_recall", "attribution_f1"]
for name, p in (("raw", raw), ("framing-normalized", normed)):
    r = evaluate_attribution(lambda d, t: p[d], dev)
    print(name, json.dumps({k: round(r[k], 4) for k in keys}))
