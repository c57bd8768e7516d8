"""Peak memory of `framing tag` on JSON-lines corpora of growing size: it should stay flat.

Run: ``python benchmarks/bench_memory.py [--sizes 20 100 1000]`` (sizes in MB). Each size is a
generated JSON-lines corpus (news-like articles, see corpus.py) written to a temporary folder;
`framing tag` streams it (documents read, tagged with attribution and written in chunks) in a
child process. Peak resident memory is read from the operating system: for the largest process
(``ru_maxrss``) and, sampled every 0.2 s from /proc, for all processes together (with ``--jobs N``
the workers each hold their own matcher and models).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
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


def _tree_rss(pid: int) -> int:
    """Resident memory (kB) of a process and all its descendants, from /proc (Linux)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
                    break
            for task in Path(f"/proc/{p}/task").iterdir():
                todo.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, ValueError):
            continue
    return total


def peak_rss_of(cmd: list[str]) -> tuple[float, float, float | None]:
    """Run a command; return (seconds, peak RSS of its largest process in MB, peak total RSS of the
    process tree in MB, sampled every 0.2 s; None where /proc is not available)."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    peak_total = 0
    while proc.poll() is None:
        peak_total = max(peak_total, _tree_rss(proc.pid))
        time.sleep(0.2)
    secs = time.perf_counter() - t
    if proc.returncode:
        raise SystemExit(f"{cmd[0]} failed with exit status {proc.returncode}")
    largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return secs, largest, (peak_total / 1024 if Path("/proc/self/status").exists() else None)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[20, 100])
    ap.add_argument("--jobs", type=int, default=1)
    a = ap.parse_args()
    framing = str(Path(sys.executable).with_name("framing"))
    print(f"framing tag --jobs {a.jobs}\n")
    print("| corpus | articles | seconds | peak RSS, largest process | peak RSS, all processes |")
    print("|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for mb in a.sizes:
            src = Path(tmp) / f"corpus_{mb}.jsonl"
            n = write_corpus(src, mb)
            secs, rss, total = peak_rss_of([framing, "tag", str(src), "-o", str(Path(tmp) / "hits.csv"), "-q",
                                            "--jobs", str(a.jobs)])
            shown = f"{total:.0f} MB" if total is not None else "n/a"
            print(f"| {mb} MB | {n:,} | {secs:.0f} | {rss:.0f} MB | {shown} |", flush=True)
            src.unlink()


if __name__ == "__main__":
    main()
