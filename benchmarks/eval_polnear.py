"""Speaker attribution measured against PolNeAR (annotated US election news, 2016).

Run: ``python benchmarks/eval_polnear.py [--split dev] [--limit N] [--shared PATH] [--baseline quotes]
[--model MODEL | --train [--save MODEL]]``.

Scores :func:`framing.attribution.attribute_speakers` (or, with ``--baseline
quotes``, a direct-quotation-only baseline defined here) with
:func:`framing.evaluate.evaluate_attribution`: content and attribution
precision, recall and F1, micro-averaged; precision by predicted ``mode``; and
recall by whether the gold content is a direct quotation. Prints Markdown.

``--model`` scores a learned :class:`framing.attribution_model.AttributionModel`
(``framing train attribution --data <shared>/data/polnear -o MODEL``) instead of
the rules alone; ``--train`` first trains one on the train split (about five
minutes on one core; needs ``framing[crf]``), ``--save`` keeps it.

PolNeAR is read from ``<shared>/data/polnear`` (default ``<shared>`` is the
``shared`` folder next to the repository). Use the dev split while developing;
keep the test split for a final number.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from framing.evaluate import GoldAttribution, evaluate_attribution, load_polnear

DEFAULT_SHARED = Path(__file__).resolve().parents[2] / "shared"

# ----------------------------------------------------------------------------- quotes baseline

_QUOTE = re.compile(r"“([^“”\n]+)”|\"([^\"\n]+)\"")
_VERB = (r"(?:said|says|say|told|tells|added|adds|asked|asks|wrote|writes|explained|noted|stated|argued|"
         r"saying|insisted|declared|continued|recalled|responded|replied|tweeted|warned|claimed|according\s+to)")
_NAME = r"(?:[A-Z][a-z]{1,4}\.\s+)?[A-Z][\w'’-]+(?:\s+(?:[A-Z]\.|[A-Z][\w'’-]+))*"
_APPOSITIVE = r"(?:,[^,.“”\"\n]{1,60},)?"  # "Jane Roe, a spokeswoman, said"
_AFTER = re.compile(rf"[\s,—–-]*(?:{_VERB}\s+(?P<a>{_NAME})|(?P<b>{_NAME}){_APPOSITIVE}\s+{_VERB}\b)")
_BEFORE = re.compile(rf"(?P<b>{_NAME}){_APPOSITIVE}\s+{_VERB}\b[^.“”\"\n]{{0,40}}[,:]\s*\Z")
_NOT_NAMES = {
    "He", "She", "They", "It", "We", "I", "You", "The", "A", "An", "But", "And", "This", "That", "Then",
    "In", "On", "At", "As", "When", "While", "Asked", "Later", "One", "His", "Her", "Their", "Our",
}
_WINDOW = 120


def _name_ok(m: re.Match[str], group: str) -> bool:
    return m.group(group).split()[0] not in _NOT_NAMES


def quotes_baseline(doc_id: str, text: str) -> list[dict[str, Any]]:
    """Direct quotations of 4+ words, with the nearest capitalised name next to a said-type verb.

    The content is the quotation with its marks; the speaker is a capitalised
    name right after the quote and a said-type verb (``”, said Jane Roe`` or
    ``” Jane Roe said``) or right before one that introduces it (``Jane Roe
    said: “``), whichever is nearer; pronouns give no speaker.
    """
    out = []
    for q in _QUOTE.finditer(text):
        inner = q.group(1) or q.group(2)
        if len(re.findall(r"\w+", inner)) < 4:
            continue
        candidates = []
        after = _AFTER.match(text, q.end(), min(len(text), q.end() + _WINDOW))
        if after:
            g = "a" if after.group("a") else "b"
            if _name_ok(after, g):
                candidates.append((after.start(g) - q.end(), after.start(g), after.end(g)))
        lo = max(0, q.start() - _WINDOW)
        before = _BEFORE.search(text[lo:q.start()])
        if before and _name_ok(before, "b"):
            start, end = lo + before.start("b"), lo + before.end("b")
            candidates.append((q.start() - end, start, end))
        speaker = min(candidates)[1:] if candidates else (None, None)
        out.append({"start": q.start(), "end": q.end(), "speaker_start": speaker[0],
                    "speaker_end": speaker[1], "mode": "direct"})
    return out


# ----------------------------------------------------------------------------- reporting

_QUOTE_CHARS = "\"“”"


def quote_kind(text: str, gold: GoldAttribution) -> str:
    """``direct`` (the content is a quotation), ``partial`` (it contains one) or ``none``."""
    s, e = gold.content[0][0], gold.content[-1][1]
    body = " ".join(text[a:b] for a, b in gold.content).strip()
    starts = body[:1] in _QUOTE_CHARS or text[s - 1:s] in _QUOTE_CHARS
    ends = any(c in _QUOTE_CHARS for c in (body.rstrip(".,;:!? ")[-1:], body[-1:], text[e:e + 1]))
    if starts and ends:
        return "direct"
    return "partial" if any(c in body for c in _QUOTE_CHARS) else "none"


def _pct(x: float) -> str:
    return f"{100 * x:.1f}"


def report(res: dict[str, Any], docs: list, title: str) -> str:
    lines = [f"### {title}", ""]
    lines += [
        f"{res['n_docs']} articles, {res['n_gold']} gold attributions with content "
        f"({res['n_gold_no_source']} without a source; {res['n_gold_no_content']} without content, ignored), "
        f"{res['n_pred']} predicted.",
        "",
        "| match | precision | recall | F1 | matched |",
        "|---|---:|---:|---:|---:|",
    ]
    for kind in ("content", "attribution"):
        lines.append(f"| {kind} | {_pct(res[f'{kind}_precision'])} | {_pct(res[f'{kind}_recall'])} | "
                     f"{_pct(res[f'{kind}_f1'])} | {res[f'{kind}_matched']} |")
    preds = res["predictions"]
    if len(preds):
        lines += ["", "| predicted mode | n | content precision | attribution precision | with speaker |",
                  "|---|---:|---:|---:|---:|"]
        for mode, grp in preds.groupby(preds["mode"].fillna("(none)").astype(str), sort=True):
            lines.append(f"| {mode} | {len(grp)} | {_pct(grp['content_match'].mean())} | "
                         f"{_pct(grp['attribution_match'].mean())} | "
                         f"{_pct(grp['speaker_start'].notna().mean())} |")
    gold = res["gold"]
    gold = gold[gold["has_content"]].copy()
    texts = {doc_id: text for doc_id, text, _ in docs}
    gold["quote"] = [quote_kind(texts[d], GoldAttribution(content=c))
                     for d, c in zip(gold["doc_id"], gold["content"], strict=True)]
    lines += ["", "| gold content | n | share | content recall | attribution recall |",
              "|---|---:|---:|---:|---:|"]
    for kind in ("direct", "partial", "none"):
        grp = gold[gold["quote"] == kind]
        if len(grp):
            label = "no quotation" if kind == "none" else f"{kind} quotation"
            lines.append(f"| {label} | {len(grp)} | {_pct(len(grp) / len(gold))} | "
                         f"{_pct(grp['content_match'].mean())} | {_pct(grp['attribution_match'].mean())} |")
    lines += ["", "(direct: the content is a quotation; partial: it contains quoted words; "
              "Jaccard threshold 0.5 on word-token positions)"]
    return "\n".join(lines)


def _load_predictor(baseline: str | None, model: Any = None) -> tuple[Callable[[str, str], Any], str]:
    if baseline == "quotes":
        return quotes_baseline, "quotes baseline"
    try:
        from framing.attribution import attribute_speakers
    except ImportError as exc:
        if getattr(exc, "name", None) == "framing.attribution":
            msg = "framing.attribution does not exist yet"
        else:
            msg = f"framing.attribution could not be imported: {exc}"
        print(f"eval_polnear: {msg}. Run with --baseline quotes for the reference baseline.", file=sys.stderr)
        raise SystemExit(2) from None
    from framing.evaluate import merge_continuations
    from framing.types import Document

    def predict(doc_id: str, text: str) -> Any:
        return merge_continuations(attribute_speakers(Document(doc_id, text), model=model))

    if model is not None:
        return predict, "framing.attribution.attribute_speakers with a learned AttributionModel"
    return predict, "framing.attribution.attribute_speakers"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", default="dev", help="PolNeAR split (default: dev)")
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles")
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED,
                    help=f"folder holding data/polnear (default: {DEFAULT_SHARED})")
    ap.add_argument("--baseline", choices=["quotes"], default=None,
                    help="score a baseline written here instead of framing.attribution")
    ap.add_argument("--threshold", type=float, default=0.5, help="token Jaccard for a content match")
    ap.add_argument("--lenient-unsourced", action="store_true",
                    help="let a prediction without speaker match a gold attribution without source")
    ap.add_argument("--model", type=Path, default=None, help="a trained attribution model (JSON) to score")
    ap.add_argument("--train", action="store_true", help="train an attribution model on the train split first")
    ap.add_argument("--save", type=Path, default=None, help="with --train: where to keep the model")
    args = ap.parse_args(argv)

    root = args.shared / "data" / "polnear"
    if not root.is_dir():
        print(f"eval_polnear: PolNeAR not found at {root}; pass --shared", file=sys.stderr)
        return 2
    model = None
    if args.train:
        from framing.attribution_model import AttributionModel

        train = load_polnear(root, "train")
        t = time.perf_counter()
        model = AttributionModel().fit([text for _, text, _ in train], [gold for _, _, gold in train])
        print(f"trained on {len(train)} articles of the train split in {time.perf_counter() - t:.0f} s",
              file=sys.stderr)
        if args.save:
            model.save(args.save)
    elif args.model:
        from framing.attribution_model import AttributionModel

        model = AttributionModel.load(args.model)
    predict, name = _load_predictor(args.baseline, model)
    docs = load_polnear(root, args.split)[: args.limit]
    t = time.perf_counter()
    res = evaluate_attribution(predict, docs, threshold=args.threshold,
                               match_unsourced=args.lenient_unsourced)
    secs = time.perf_counter() - t
    print(report(res, docs, f"{name} on PolNeAR {args.split}"))
    print(f"\n{secs:.1f} s for {len(docs)} articles.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
