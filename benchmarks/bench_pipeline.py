"""The whole pipeline on a corpus file, on one and on two cores.

Run: ``python benchmarks/bench_pipeline.py [--words 2000000] [--jobs 1 2]``.

The corpus is generated news-like text (see corpus.py) written as JSON lines to a
temporary file. Each row reads it from disk, segments, attributes speakers,
tags with the bundled codebooks, scores every hit in context and counts (the
work of :func:`framing.stats.analyze`), in fresh worker processes; the table
gives words per second and the speed-up over one process. Prints Markdown for
the README.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from corpus import make_corpus

from framing.io import iter_documents
from framing.segment import count_words
from framing.stats import analyze


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.machine()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--words", type=int, default=2_000_000)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    docs = make_corpus(a.words)
    n_words = sum(count_words(t) for t in docs)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.jsonl"
        with path.open("w", encoding="utf-8") as f:
            for i, text in enumerate(docs):
                f.write(json.dumps({"doc_id": f"d{i}", "outlet": f"Outlet {i % 4}", "text": text}) + "\n")
        del docs
        rows = []
        for jobs in a.jobs:
            times, n_hits = [], 0
            for _ in range(a.repeat):
                t = time.perf_counter()
                result = analyze(iter_documents(path), n_jobs=jobs)
                times.append(time.perf_counter() - t)
                n_hits = len(result.hits)
            rows.append((jobs, statistics.median(times), n_hits))
    print(f"\nMachine: {_cpu()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"framing {metadata.version('framing')}; corpus {n_words:,} words, "
          f"{rows[0][2]:,} hits; median of {a.repeat} runs.\n")
    print("| processes | seconds | words/s | speed-up |")
    print("|---:|---:|---:|---:|")
    base = rows[0][1]
    for jobs, secs, _ in rows:
        print(f"| {jobs} | {secs:.1f} | {n_words / secs:,.0f} | {base / secs:.2f}× |")


if __name__ == "__main__":
    main()
