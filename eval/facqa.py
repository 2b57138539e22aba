"""Convert FacQA (IndoNLU) CSVs into a citeqa corpus folder and an eval set.

Every unique passage of the given splits becomes its own document (``facqa-<hash>.txt``; passages that differ
only in case, spacing or punctuation count as one, the first in sorted order); the questions of the
eval split become JSONL items whose gold answer is the BIO-tagged span and whose gold source is the passage's
document. Usage::

    python -m citeqa.eval.facqa ../shared/datasets/facqa /tmp/facqa
    citeqa ingest /tmp/facqa/corpus --index /tmp/facqa/index
    citeqa eval --set /tmp/facqa/valid.jsonl --index /tmp/facqa/index --thresholds ''
"""

from __future__ import annotations

import argparse
import ast
import csv
import hashlib
import json
import logging
import re
from pathlib import Path

log = logging.getLogger(__name__)


def _tokens(cell: str) -> list[str]:
    value = ast.literal_eval(cell)
    if not isinstance(value, list):
        raise ValueError(f"expected a list literal, got {cell[:40]!r}")
    return [str(v) for v in value]


def gold_spans(tokens: list[str], labels: list[str]) -> list[str]:
    """The token runs tagged B/I, joined with single spaces."""
    spans: list[list[str]] = []
    for token, label in zip(tokens, labels, strict=False):
        if label == "B" or (label == "I" and not spans):
            spans.append([token])
        elif label == "I":
            spans[-1].append(token)
    return [" ".join(s) for s in spans]


def document_name(passage: str) -> str:
    """A stable file name for a passage."""
    return f"facqa-{hashlib.sha1(passage.encode()).hexdigest()[:12]}.txt"


def _same_passage_key(passage: str) -> str:
    """Passages that differ only in case, spacing or punctuation ("23,5" / "23 , 5", a stray "?") are one."""
    return re.sub(r"\W+", "", passage).casefold()


def convert(data_dir: Path, out_dir: Path, corpus_splits: tuple[str, ...] = ("train", "valid"),
            question_split: str = "valid") -> tuple[int, int]:
    """Write ``out_dir/corpus/*.txt`` and ``out_dir/<question_split>.jsonl``; returns (documents, questions)."""
    corpus = out_dir / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    passages: set[str] = set()
    items: list[tuple[str, dict[str, object]]] = []
    for split in corpus_splits + ((question_split,) if question_split not in corpus_splits else ()):
        with (data_dir / f"{split}.csv").open(encoding="utf-8") as handle:
            for number, row in enumerate(csv.DictReader(handle), start=1):
                tokens = _tokens(row["passage"])
                passage = " ".join(tokens)
                passages.add(passage)
                if split == question_split:
                    answers = gold_spans(tokens, _tokens(row["seq_label"]))
                    items.append((passage, {
                        "id": f"facqa-{split}-{number}", "question": " ".join(_tokens(row["question"])),
                        "answers": answers, "evidence": None, "source": None, "answerable": True, "language": "id",
                    }))
    kept: dict[str, str] = {}
    for passage in sorted(passages):
        kept.setdefault(_same_passage_key(passage), passage)
    for passage in kept.values():
        (corpus / document_name(passage)).write_text(passage + "\n", encoding="utf-8")
    with (out_dir / f"{question_split}.jsonl").open("w", encoding="utf-8") as handle:
        for passage, item in items:
            item["source"] = document_name(kept[_same_passage_key(passage)])
            handle.write(json.dumps(item, ensure_ascii=False) + "\n")
    return len(kept), len(items)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data_dir", type=Path, help="folder with train.csv and valid.csv")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--questions", default="valid", help="split whose questions form the eval set")
    args = parser.parse_args(argv)
    docs, questions = convert(args.data_dir, args.out_dir, question_split=args.questions)
    log.warning("wrote %d documents and %d questions under %s", docs, questions, args.out_dir)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
