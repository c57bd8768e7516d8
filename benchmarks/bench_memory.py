"""Peak memory of `framing tag` on JSON-lines corpora of growing size: it should stay flat.

Run: ``python benchmarks/bench_memory.py [--sizes 20 100 1000]`` (sizes in MB). Each size is a
generated JSON-lines corpus (news-like articles, see corpus.py) written to a temporary folder;
`framing tag` streams it (documents read, tagged with attribution and written in chunks) in a
child process whose peak resident memory is read from the operating system.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from corpus import make_corpus


def write_corpus(path: Path, megabytes: int) -> int:
    docs = make_corpus(200_000)
    target = megabytes * 1024 * 1024
    written, n = 0, 0
    with path.open("w", encoding="utf-8") as f:
        while written < target:
            for i, text in enumerate(docs):
                line = json.dumps({"doc_id": f"d{n}", "outlet": f"Outlet {i % 4}", "text": text}) + "\n"
                f.write(line)
                written += len(line.encode("utf-8"))
                n += 1
                if written >= target:
                    break
    return n


def peak_rss_of(cmd: list[str]) -> tuple[float, float]:
    """Run a command in a fresh process; return (seconds, peak RSS in MB)."""
    code = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
            "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); "
            "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code, *cmd], check=True, capture_output=True, text=True).stdout
    secs, kb = out.split()
    return float(secs), int(kb) / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[20, 100])
    ap.add_argument("--jobs", type=int, default=1)
    a = ap.parse_args()
    framing = str(Path(sys.executable).with_name("framing"))
    print("| corpus | articles | seconds | peak RSS |")
    print("|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for mb in a.sizes:
            src = Path(tmp) / f"corpus_{mb}.jsonl"
            n = write_corpus(src, mb)
            secs, rss = peak_rss_of([framing, "tag", str(src), "-o", str(Path(tmp) / "hits.csv"), "-q",
                                     "--jobs", str(a.jobs)])
            print(f"| {mb} MB | {n:,} | {secs:.0f} | {rss:.0f} MB |")
            src.unlink()


if __name__ == "__main__":
    main()
