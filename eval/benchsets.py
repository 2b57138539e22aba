"""Build the benchmarks' corpora and question sets, every split by document, never by question.

One command writes them all under one folder::

    python -m citeqa.eval.benchsets ../shared/datasets /tmp/bench

It writes, for each benchmark, a ``train`` and a ``dev`` corpus (one document per passage or paragraph) and
question set (``<name>-train.jsonl``, ``<name>-dev.jsonl``):

- ``facqa``: FacQA train and valid pooled and re-split by passage (a passage and every question about it go to
  the same side; about 15% of passages to dev, chosen by a hash of the passage), so that no dev passage was
  ever trained on. The dev corpus is asked as an open corpus together with the train passages (distractors).
- ``tydi``: TyDi QA GoldP Indonesian, its own train and valid splits (no paragraph is in both).
- ``squad``: the 13 SQuAD v1.1 articles split by article: seven to train, six to evaluate (every other title in
  sorted order).

Each item carries its gold document (``source``); ``citeqa eval --set`` and ``citeqa.eval.bench`` read them.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from citeqa.eval.facqa import _tokens, gold_spans

log = logging.getLogger(__name__)
FACQA_DEV_SHARE = 0.15


@dataclass
class Split:
    """The documents (name -> text) and question items of one side of a benchmark."""

    documents: dict[str, str] = field(default_factory=dict)
    items: list[dict[str, object]] = field(default_factory=list)


def _digest(text: str, n: int = 12) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:n]


def _item(id_: str, question: str, answers: Iterable[str], source: str, language: str) -> dict[str, object]:
    unique = list(dict.fromkeys(a for a in answers if a.strip()))
    return {"id": id_, "question": " ".join(question.split()), "answers": unique, "evidence": None,
            "source": source, "answerable": True, "language": language}


def _passage_key(passage: str) -> str:
    """Passages that differ only in case, spacing or punctuation are one."""
    return re.sub(r"\W+", "", passage).casefold()


def facqa(data_dir: Path, dev_share: float = FACQA_DEV_SHARE) -> dict[str, Split]:
    """FacQA train+valid re-split by passage: ``{"train": ..., "dev": ...}``."""
    splits = {"train": Split(), "dev": Split()}
    canonical: dict[str, str] = {}
    rows: list[tuple[str, str, list[str], str]] = []
    for split in ("train", "valid"):
        with (data_dir / f"{split}.csv").open(encoding="utf-8") as handle:
            for number, row in enumerate(csv.DictReader(handle), start=1):
                tokens = _tokens(row["passage"])
                passage = " ".join(tokens)
                key = _passage_key(passage)
                canonical[key] = min(canonical.get(key, passage), passage)
                answers = gold_spans(tokens, _tokens(row["seq_label"]))
                rows.append((key, " ".join(_tokens(row["question"])), answers, f"facqa-{split}-{number}"))
    for key, passage in canonical.items():
        side = "dev" if int(_digest(key, 8), 16) / 16**8 < dev_share else "train"
        splits[side].documents[f"facqa-{_digest(passage)}.txt"] = passage
    for key, question, answers, id_ in rows:
        passage = canonical[key]
        name = f"facqa-{_digest(passage)}.txt"
        side = "dev" if name in splits["dev"].documents else "train"
        found = [a for a in answers if a in passage]
        if found:
            splits[side].items.append(_item(id_, question, found, name, "id"))
    return splits


def tydi(data_dir: Path) -> dict[str, Split]:
    """TyDi QA GoldP Indonesian: its train and valid splits (``{"train": ..., "dev": ...}``)."""
    splits = {}
    for side, file in (("train", "train.json"), ("dev", "valid.json")):
        split = Split()
        for paragraph in json.loads((data_dir / file).read_text(encoding="utf-8")):
            context = paragraph["context"]
            name = f"tydi-{_digest(context)}.txt"
            split.documents[name] = context
            for qa in paragraph["qas"]:
                if qa.get("is_impossible"):
                    continue
                split.items.append(_item(qa["id"], qa["question"], (a["text"] for a in qa["answers"]), name, "id"))
        splits[side] = split
    return splits


def squad(path: Path) -> dict[str, Split]:
    """SQuAD v1.1 articles split by article: every other title (sorted) to dev, the rest to train."""
    articles = sorted(json.loads(path.read_text(encoding="utf-8"))["data"], key=lambda a: a["title"])
    splits = {"train": Split(), "dev": Split()}
    for number, article in enumerate(articles):
        split = splits["dev" if number % 2 else "train"]
        for p, paragraph in enumerate(article["paragraphs"]):
            name = f"squad-{_digest(article['title'], 6)}-{p:03d}.txt"
            split.documents[name] = paragraph["context"]
            for qa in paragraph["qas"]:
                split.items.append(_item(qa["id"], qa["question"], (a["text"] for a in qa["answers"]), name, "en"))
    return splits


def write(out_dir: Path, name: str, splits: dict[str, Split]) -> dict[str, tuple[int, int]]:
    """Write ``out_dir/<name>/<side>/*.txt`` and ``out_dir/<name>-<side>.jsonl``; (documents, questions) per side."""
    counts = {}
    for side, split in splits.items():
        folder = out_dir / name / side
        folder.mkdir(parents=True, exist_ok=True)
        for doc, text in split.documents.items():
            (folder / doc).write_text(text + "\n", encoding="utf-8")
        with (out_dir / f"{name}-{side}.jsonl").open("w", encoding="utf-8") as handle:
            for item in split.items:
                handle.write(json.dumps(item, ensure_ascii=False) + "\n")
        counts[side] = (len(split.documents), len(split.items))
    return counts


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("datasets", type=Path, help="the shared datasets folder (facqa/, tydiqa-id/, squad-en/)")
    parser.add_argument("out_dir", type=Path)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    built = {
        "facqa": facqa(args.datasets / "facqa"),
        "tydi": tydi(args.datasets / "tydiqa-id"),
        "squad": squad(args.datasets / "squad-en" / "squad11-dev-13articles.json"),
    }
    for name, splits in built.items():
        for side, (docs, questions) in write(args.out_dir, name, splits).items():
            log.info("%s %s: %d documents, %d questions", name, side, docs, questions)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
