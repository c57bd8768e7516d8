"""Tagging throughput: framing against a plain regex alternation and spaCy.

Run: ``python benchmarks/bench_tagging.py [--words 5000000]``. One process,
articles in memory. For each engine: words per second for segmenting into
sentences and tagging with a 1,000-entry codebook (the regex engine only
tags). Prints a Markdown table for the README.
"""

from __future__ import annotations

import argparse
import platform
import re
import statistics
import sys
import time
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from corpus import make_codebook, make_corpus

from framing.match import LexiconMatcher, find_hits
from framing.segment import Segmenter, count_words
from framing.types import Document


def _time(fn, repeat):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def bench_framing(docs, lex, repeat, *, attribute=False, score=False):
    matcher = LexiconMatcher(lex, neutral=False)
    seg = Segmenter()
    documents = [Document(f"d{i}", t) for i, t in enumerate(docs)]

    def run():
        return len(find_hits(documents, matcher, segmenter=seg, attribute=attribute, score=score))

    return _time(run, repeat)


def bench_regex(docs, lex, repeat):
    forms = sorted({f for e in lex.entries if e.loaded for f in e.forms}, key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(f) for f in forms) + r")\b", re.IGNORECASE)

    def run():
        return sum(1 for t in docs for _ in pattern.finditer(t))

    return _time(run, repeat)


def bench_spacy(docs, lex, repeat):
    import spacy
    from spacy.matcher import PhraseMatcher

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    forms = sorted({f for e in lex.entries if e.loaded for f in e.forms})
    matcher.add("TERMS", list(nlp.tokenizer.pipe(forms)))

    def run():
        n = 0
        for doc in nlp.pipe(docs, batch_size=64):
            n += len(matcher(doc)) + 0 * sum(1 for _ in doc.sents)
        return n

    return _time(run, repeat)


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return f"{line.split(':', 1)[1].strip()} ({platform.machine()})"
    except OSError:
        pass
    return platform.machine()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--words", type=int, default=5_000_000)
    ap.add_argument("--regex-words", type=int, default=500_000, help="the regex engine is slow: a sample")
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    lex = make_codebook(1000)
    docs = make_corpus(a.words)
    n_words = sum(count_words(t) for t in docs)
    print(f"corpus: {len(docs)} articles, {n_words:,} words; codebook: {len(lex)} entries "
          f"({sum(' ' in e.term for e in lex.entries) / len(lex):.0%} multi-word)")
    rows = []
    secs, hits = bench_framing(docs, lex, a.repeat)
    rows.append(("framing: sentences + matching (`find_hits(attribute=False, score=False)`)", n_words / secs, hits,
                 n_words))
    secs, hits = bench_framing(docs, lex, 1, attribute=True)
    rows.append(("framing: + speaker attribution (`score=False`)", n_words / secs, hits, n_words))
    secs, hits = bench_framing(docs, lex, 1, attribute=True, score=True)
    rows.append(("framing: + attribution + context score (`find_hits()` defaults)", n_words / secs, hits, n_words))
    sample, sw = [], 0
    for t in docs:
        if sw >= a.regex_words:
            break
        sample.append(t)
        sw += count_words(t)
    secs, hits = bench_regex(sample, lex, 1)
    rows.append(("Python re alternation, \\b...\\b, IGNORECASE (tagging only)", sw / secs, hits, sw))
    try:
        secs, hits = bench_spacy(docs, lex, 1)
        rows.append((f"spaCy {metadata.version('spacy')} blank('en') + sentencizer + PhraseMatcher(LOWER)",
                     n_words / secs, hits, n_words))
    except ImportError:
        print("spaCy not installed (pip install 'framing[spacy]'): skipped", file=sys.stderr)
    base = rows[0][1]
    print(f"\nMachine: {_cpu()}, Python {platform.python_version()}, "
          f"framing {metadata.version('framing')}, one process, median of {a.repeat} runs for framing.\n")
    print("| engine | words | words/s | framing is ... x faster | hits |")
    print("|---|---:|---:|---:|---:|")
    for name, wps, hits, nw in rows:
        print(f"| {name} | {nw:,} | {wps:,.0f} | {base / wps:.1f} | {hits:,} |")


if __name__ == "__main__":
    main()
