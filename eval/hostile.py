"""Hostile documents: how long reading, cleaning, splitting and analyzing take, and the peak memory, per class.

Usage::

    python -m citeqa.eval.hostile [--work DIR] [--classes tags oneword words big] [--embed]

Each class is written into ``--work`` and read in a fresh process (``--embed``: also embedded, the whole ingest
into a throwaway index), which prints its seconds per stage, its passages and its peak RSS:

- ``tags``: an 8 MB HTML page of 1,000,000 ``<b>x</b>`` tags;
- ``oneword``: 2 MB of one letter, without a space;
- ``words``: 2 MB of short words without a sentence end or a line break;
- ``big``: a 49 MB text file (just under the 50 MB a file may have).

Embedding costs the same per passage whatever the document (about 60 passages/s on 2 cores), so without
``--embed`` the figures are what the document itself costs.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

SENTENCE = "Bendungan Sukamaju mengairi empat ribu hektare sawah di Sleman. "
CLASSES = {
    "tags": ("tags.html", lambda: "<html><body><p>" + "<b>x</b>" * 1_000_000 + "</p></body></html>"),
    "oneword": ("oneword.txt", lambda: "a" * 2_000_000),
    "words": ("words.txt", lambda: "kota desa " * 200_000),
    "big": ("big.txt", lambda: (SENTENCE * 780_000)[:49_000_000]),
}

# Run in a fresh process, so that its peak RSS is the document's: path, whether to embed, the index folder.
_CHILD = """
import json, sys, time
from pathlib import Path

def peak_rss_mb():  # VmHWM: this program's own peak (ru_maxrss would keep the forking parent's, across exec)
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")

from citeqa.index.analyzer import analyze
from citeqa.ingest.loader import read_document
from citeqa.ingest.pipeline import document_passages
path, embed, index = Path(sys.argv[1]), sys.argv[2] == "1", Path(sys.argv[3])
started = time.perf_counter()
doc = read_document(path, path.name)
read = time.perf_counter()
passages = document_passages(doc.text, doc.source, doc.kind, 600)
assert all(doc.text[p.start:p.end] == p.text for p in passages)
split = time.perf_counter()
for p in passages:
    analyze(p.text)
analyzed = time.perf_counter()
if embed:
    from citeqa.core.config import load_settings
    from citeqa.index.embedder import load_embedder
    from citeqa.ingest.pipeline import ingest
    settings = load_settings()
    ingest([path], index, load_embedder(settings, batch=True), 600, settings.batch_size, progress=False)
done = time.perf_counter()
print(json.dumps({"chars": len(doc.text), "passages": len(passages), "read_s": read - started,
                  "split_s": split - read, "analyze_s": analyzed - split,
                  "ingest_s": done - analyzed if embed else None,
                  "peak_rss_mb": peak_rss_mb()}))
"""


def measure(path: Path, embed: bool, index: Path, timeout: float = 3600) -> dict[str, float]:
    """Read (and with ``embed``, ingest) ``path`` in a fresh process; its figures."""
    done = subprocess.run([sys.executable, "-c", _CHILD, str(path), "1" if embed else "0", str(index)],
                          capture_output=True, text=True, timeout=timeout, check=True)
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="python -m citeqa.eval.hostile", description=__doc__.split("\n")[0])
    parser.add_argument("--work", type=Path, default=None, help="where to write the documents (default: temporary)")
    parser.add_argument("--classes", nargs="+", choices=sorted(CLASSES), default=sorted(CLASSES))
    parser.add_argument("--embed", action="store_true", help="ingest each one whole, embedding included")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="citeqa-hostile-") as scratch:
        work = args.work or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        sys.stdout.write(f"{'class':8} {'MB':>6} {'passages':>8} {'read s':>7} {'split s':>7} {'analyze s':>9} "
                         f"{'ingest s':>8} {'peak RSS MB':>11}\n")
        for name in args.classes:
            file_name, make = CLASSES[name]
            path = work / file_name
            path.write_text(make(), encoding="utf-8")
            f = measure(path, args.embed, work / f"index-{name}")
            ingest_s = f"{f['ingest_s']:8.1f}" if f.get("ingest_s") is not None else f"{'-':>8}"
            sys.stdout.write(f"{name:8} {path.stat().st_size / 1e6:6.1f} {f['passages']:8.0f} {f['read_s']:7.2f} "
                             f"{f['split_s']:7.2f} {f['analyze_s']:9.2f} {ingest_s} {f['peak_rss_mb']:11.0f}\n")
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
