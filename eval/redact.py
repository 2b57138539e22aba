"""Unanswerable questions about a document that is there: each chosen question's document with every sentence that
holds its answer taken out.

Usage (a benchmark side written by ``python -m citeqa.eval.benchsets`` and its index)::

    python -m citeqa.eval.redact --set /tmp/bench/tydi-dev.jsonl --index /tmp/bench/idx-tydi-dev \\
        --corpus /tmp/bench/tydi/dev --out /tmp/bench/tydi/dev-redacted --questions 100
    citeqa ingest /tmp/bench/tydi/dev-redacted --index /tmp/bench/idx-tydi-dev-redacted

It writes a copy of the corpus in which, for up to ``--questions`` sampled questions (at most one per document),
the sentences of the question's document that hold a gold answer are cut out, and beside it the set
``<out>-unanswerable.jsonl``: those questions, unanswerable. Asking them of the copy is what a user's question about a
report that does not say is like: the document on the question's topic is indexed, its answer is not, and its other
sentences still share the question's words. (Leaving the whole gold document out, ``citeqa.eval.bench
--left-out``, asks a folder that is silent on the topic.) ``citeqa.eval.bench --set <out>-unanswerable.jsonl
--index <the copy's index>`` measures how often citeqa abstains on them (README, "Benchmarks").
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
from pathlib import Path

from citeqa.eval import metrics as m
from citeqa.eval.items import EvalItem, load_set
from citeqa.eval.training import in_parts, sentence_bounds
from citeqa.index import store

UNANSWERABLE = "unanswerable.jsonl"


def redacted(text: str, sentences: list[tuple[int, int]], answers: tuple[str, ...]) -> str | None:
    """``text`` without the sentences that hold an occurrence of any of ``answers`` (``None`` when an answer
    also lies outside every sentence, or when nothing else would be left)."""
    spans = m.answer_spans(text, answers)
    if not spans:
        return None
    cut = sorted({(s, e) for a, b in spans for s, e in sentences if s < b and a < e})
    kept: list[str] = []
    at = 0
    for s, e in cut:
        kept.append(text[at:s])
        at = max(at, e)
    kept.append(text[at:])
    left = "".join(kept)
    if any(a and a in left for a in answers) or len(left.split()) < 5:
        return None
    return left


def choose(items: list[EvalItem], seed: int) -> list[EvalItem]:
    """The answerable items in an order shuffled with ``seed``, the first of each document only."""
    pool = [item for item in items if item.answerable and item.answers and item.source]
    random.Random(seed).shuffle(pool)
    chosen: dict[str, EvalItem] = {}
    for item in pool:
        chosen.setdefault(item.source or "", item)
    return list(chosen.values())


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--set", type=Path, required=True)
    parser.add_argument("--index", type=Path, required=True, help="the corpus's index (for its sentence bounds)")
    parser.add_argument("--corpus", type=Path, required=True, help="the corpus folder, one file per document")
    parser.add_argument("--out", type=Path, required=True, help="where to write the redacted copy (must not exist)")
    parser.add_argument("--questions", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--parts", default=None, metavar="I,J/N",
                        help="only questions whose document is in these parts (as the training scripts' --parts)")
    args = parser.parse_args(argv)
    if args.out.exists():
        parser.error(f"{args.out} exists")
    if not args.corpus.is_dir():
        parser.error(f"{args.corpus} is not a folder")
    data = store.load(args.index)
    sentences = sentence_bounds(data)
    shutil.copytree(args.corpus, args.out)
    written: list[dict[str, object]] = []
    items = [item for item in load_set(args.set) if in_parts(item.source or item.id, args.parts)]
    for item in choose(items, args.seed):
        if len(written) >= args.questions:
            break
        source = item.source or ""
        path = args.out / source
        if source not in data.documents or not path.is_file():
            continue
        left = redacted(data.documents[source].text, sentences.get(source, []), item.answers)
        if left is None:
            continue
        path.write_text(left, encoding="utf-8")
        written.append({"id": f"{item.id}-redacted", "question": item.question, "answers": [], "evidence": None,
                        "source": source, "answerable": False, "language": item.language})
    (args.out.parent / f"{args.out.name}-{UNANSWERABLE}").write_text(
        "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in written), encoding="utf-8")
    sys.stdout.write(f"{len(written)} documents redacted into {args.out}; questions in "
                     f"{args.out.parent / f'{args.out.name}-{UNANSWERABLE}'}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
