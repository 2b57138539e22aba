"""What keeping an index up to date costs: a first ingest, a load, one changed document, new documents.

Usage::

    python -m citeqa.eval.store_bench DIR [DIR ...] [--work DIR] [--add 100] [--sample 512]

The documents of the folders (e.g. the FacQA and TyDi documents written by ``python -m citeqa.eval.benchsets``)
are split into a base and ``--add`` new ones (every n-th by name). In one process, with the model loaded once:

1. a bare batch encode of ``--sample`` base passages (the floor, passages/s);
2. the base ingested into an empty index (passages/s, and its ratio to the floor);
3. the index loaded (median of three);
4. one base document changed (a sentence appended) and ingested again (seconds; vectors embedded and reused);
5. the new documents ingested (seconds, against a bare encode of their passages: what is not embedding);
6. the index loaded again.

Timings depend on the machine; the ratios are what to compare between runs.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from citeqa.core.config import load_settings
from citeqa.index import store
from citeqa.index.embedder import load_embedder
from citeqa.ingest.loader import discover, read_document
from citeqa.ingest.pipeline import document_passages, embed_in_batches, ingest

T = TypeVar("T")


def say(line: str) -> None:
    """One line of the report, shown at once."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def timed(call: Callable[[], T]) -> tuple[T, float]:
    """``call()``'s result and the seconds it took."""
    start = time.perf_counter()
    result = call()
    return result, time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="python -m citeqa.eval.store_bench", description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="+", type=Path, help="folders of documents")
    parser.add_argument("--work", type=Path, default=Path("/tmp/citeqa-store-bench"),
                        help="scratch folder (emptied first)")
    parser.add_argument("--add", type=int, default=100, help="documents held back and added at the end")
    parser.add_argument("--sample", type=int, default=512, help="passages in the bare-encode floor")
    args = parser.parse_args(argv)

    settings = load_settings()
    embedder = load_embedder(settings, batch=True)
    found = discover(args.folders)
    if len(found) <= args.add + 1:
        parser.error(f"{len(found)} documents found; need more than --add {args.add} + 1")
    step = len(found) // args.add if args.add else len(found) + 1
    new = [path for i, (path, _) in enumerate(found) if args.add and i % step == step - 1][:args.add]
    base = [path for path, _ in found if path not in set(new)]
    shutil.rmtree(args.work, ignore_errors=True)
    index_dir = args.work / "index"
    size, batch = settings.chunk_size, settings.batch_size

    def passages_of(paths: list[Path]) -> list[str]:
        texts = []
        for path in paths:
            doc = read_document(path, path.name)
            texts += [p.text for p in document_passages(doc.text, doc.source, doc.kind, size)]
        return texts

    sample = passages_of(base[:: max(1, len(base) // 400)])[:args.sample]
    _, floor_s = timed(lambda: embed_in_batches(embedder, sample, batch, progress=False))
    floor = len(sample) / floor_s
    say(f"documents: {len(base)} base + {len(new)} new; bare batch encode {floor:.1f} passages/s "
          f"({len(sample)} passages)")

    report, took = timed(lambda: ingest(base, index_dir, embedder, size, batch, progress=False))
    rate = report.passages / took
    say(f"first ingest: {report.documents} documents, {report.passages} passages in {took:.1f} s = "
          f"{rate:.1f} passages/s ({rate / floor:.2f} x the bare encode)")
    loads = [timed(lambda: store.load(index_dir, expected_model=embedder.name))[1] for _ in range(3)]
    say(f"load: {statistics.median(loads):.2f} s (median of 3)")

    changed = args.work / "changed" / base[len(base) // 2].name
    changed.parent.mkdir(parents=True)
    shutil.copyfile(base[len(base) // 2], changed)
    with changed.open("a", encoding="utf-8") as handle:
        handle.write("\n\nKalimat ini ditambahkan oleh tolok ukur penyimpanan.\n")
    report, took = timed(lambda: ingest([changed], index_dir, embedder, size, batch, progress=False))
    say(f"one changed document ({changed.name}): {took:.2f} s; embedded {report.embedded}, "
          f"reused {report.reused} vectors")

    texts = passages_of(new)
    _, bare = timed(lambda: embed_in_batches(embedder, texts, batch, progress=False))
    report, took = timed(lambda: ingest(new, index_dir, embedder, size, batch, progress=False))
    say(f"{len(new)} new documents: {took:.2f} s; embedded {report.embedded} passages, a bare encode of them "
          f"{bare:.2f} s: {took - bare:.2f} s is not embedding ({took / bare:.2f} x the bare encode)")
    loads = [timed(lambda: store.load(index_dir, expected_model=embedder.name))[1] for _ in range(3)]
    say(f"load after: {statistics.median(loads):.2f} s (median of 3), {report.documents} documents, "
          f"{report.passages} passages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
