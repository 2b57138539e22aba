"""Training rows for the calibrators from small folders: what a user's own folder of a few dozen passages is like.

The calibrators' main rows (``citeqa.eval.train_confidence``) are asked of the whole training corpus, thousands of
documents. On a folder of one article the reranker's margin means something else: whatever passage shares a word
with the question stands out from the others, so an off-topic question ("Siapa presiden Prancis?" of an article on
Korea) came back with the margin of a right answer. These rows teach the calibrators that case.

Usage (the train sides and their index, as written by ``python -m citeqa.eval.benchsets``)::

    python -m citeqa.eval.small_folders --set /tmp/bench/{facqa,tydi,squad}-train.jsonl \\
        --corpus /tmp/bench/{facqa,tydi,squad}/train --index /tmp/bench/idx-train --parts 3/4 \\
        --work /tmp/small --out /tmp/small/signals.npz
    python -m citeqa.eval.train_confidence ... --signals base.npz --more-signals /tmp/small/signals.npz

Folders: each SQuAD article on its own (one topic, as a report or an article is), and for the one-paragraph
documents of FacQA and TyDi-id seeded groups of ``--folder-size`` documents. Each folder is indexed twice: as it is,
and with the sentences holding the answers of some of its questions cut out (``citeqa.eval.redact``). Only
questions about documents in ``--parts`` are asked (the readers trained on the other parts). Three asks, the
``kinds`` of the rows:

- ``small_whole``: a question about a document of the folder;
- ``small_cut``: the same kind of question, its answer cut out of the folder (the document is silent);
- ``small_foreign``: a question about a document of another folder of the same domain (the folder is off-topic).
"""

from __future__ import annotations

import argparse
import logging
import random
import shutil
from collections import defaultdict
from pathlib import Path

from citeqa.answer.assistant import Assistant
from citeqa.core.config import load_settings
from citeqa.eval.items import EvalItem
from citeqa.eval.redact import redacted
from citeqa.eval.signal_rows import Rows, save_rows
from citeqa.eval.train_confidence import domain_of
from citeqa.eval.training import in_parts, load_sets, sentence_bounds
from citeqa.index import store
from citeqa.index.embedder import Embedder, load_embedder
from citeqa.ingest.pipeline import ingest

log = logging.getLogger(__name__)
KINDS = ("small_whole", "small_cut", "small_foreign")


def folders_of(sources: list[str], size: int, seed: int) -> list[list[str]]:
    """Groups of documents: one per SQuAD article (its paragraphs are named ``squad-<article>-<n>.txt``), and
    seeded groups of ``size`` documents of the other domains."""
    by_domain: dict[str, list[str]] = defaultdict(list)
    for source in sorted(sources):
        by_domain[domain_of(source)].append(source)
    groups: list[list[str]] = []
    for domain, members in sorted(by_domain.items()):
        if domain == "squad":
            articles: dict[str, list[str]] = defaultdict(list)
            for source in members:
                articles[source.rsplit("-", 1)[0]].append(source)
            groups.extend(articles.values())
            continue
        random.Random(seed).shuffle(members)
        groups.extend(members[i:i + size] for i in range(0, len(members) - size + 1, size))
    return groups


def held(item: EvalItem, group: list[str], data: store.IndexData, skip: str = "") -> bool:
    """Whether a document of ``group`` other than ``skip`` holds one of ``item``'s answers (a question of
    another document that this folder answers all the same is no unanswerable question)."""
    return any(answer in data.documents[source].text for source in group if source != skip for answer in item.answers)


def split_own(
    own: list[EvalItem], group: list[str], data: store.IndexData, sentences: dict[str, list[tuple[int, int]]],
    asks: int, rng: random.Random,
) -> tuple[list[EvalItem], dict[str, str], list[EvalItem]]:
    """The folder's own questions (shuffled with ``rng``) split in two: up to ``asks`` to ask as they are, and up
    to half of them (at most ``asks``, one a document) to ask with their answer's sentences cut out, with the cut
    documents' texts (source -> text). A question whose answer another document of the folder holds is not cut."""
    rng.shuffle(own)
    cut: dict[str, str] = {}
    cut_items: list[EvalItem] = []
    for item in own:
        source = item.source or ""
        if len(cut_items) >= min(asks, len(own) // 2) or source in cut:
            continue
        left = redacted(data.documents[source].text, sentences.get(source, []), item.answers)
        if left is not None and not held(item, group, data, skip=source):
            cut[source] = left
            cut_items.append(item)
    return [item for item in own if item not in cut_items][:asks], cut, cut_items


def build(folder: Path, files: dict[str, Path], texts: dict[str, str], embedder: Embedder, chunk_size: int) -> Path:
    """Write ``texts`` (source -> text; the others copied from ``files``) into ``folder`` and index it beside."""
    docs = folder / "docs"
    docs.mkdir(parents=True)
    for source, path in files.items():
        if source in texts:
            (docs / source).write_text(texts[source], encoding="utf-8")
        else:
            shutil.copyfile(path, docs / source)
    ingest([docs], folder / "index", embedder, chunk_size, progress=False)
    return folder / "index"


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--set", type=Path, nargs="+", required=True)
    parser.add_argument("--corpus", type=Path, nargs="+", required=True, help="folders holding the documents")
    parser.add_argument("--index", type=Path, required=True, help="the corpus's index (for its sentence bounds)")
    parser.add_argument("--parts", default="3/4", metavar="I,J/N")
    parser.add_argument("--work", type=Path, required=True, help="where the folders and indexes go (must not exist)")
    parser.add_argument("--out", type=Path, required=True, help="the .npz of rows (train_confidence --more-signals)")
    parser.add_argument("--folder-size", type=int, default=40)
    parser.add_argument("--folders", type=int, default=8, help="folders per domain at most")
    parser.add_argument("--asks", type=int, default=25, help="questions of each kind per folder at most")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if args.work.exists():
        parser.error(f"{args.work} exists")
    files = {path.name: path for corpus in args.corpus for path in sorted(corpus.iterdir()) if path.is_file()}
    data = store.load(args.index)
    sentences = sentence_bounds(data)
    items = [item for item in load_sets(args.set, None) if item.answers and item.source in files]
    asked = [item for item in items if in_parts(item.source or "", args.parts)]
    by_source: dict[str, list[EvalItem]] = defaultdict(list)
    for item in asked:
        by_source[item.source or ""].append(item)
    rng = random.Random(args.seed)
    groups = [g for g in folders_of(list(files), args.folder_size, args.seed) if any(s in by_source for s in g)]
    per_domain: dict[str, int] = defaultdict(int)
    settings = load_settings(calibrate=False, abstain_threshold=0.0)
    batch, query = load_embedder(settings, batch=True), load_embedder(settings)
    rows = Rows()
    for number, group in enumerate(groups):
        domain = domain_of(group[0])
        if per_domain[domain] >= args.folders:
            continue
        per_domain[domain] += 1
        members = set(group)
        own = [item for source in group for item in by_source.get(source, [])]
        whole_items, cut, cut_items = split_own(own, group, data, sentences, args.asks, rng)
        foreign = [item for item in asked if domain_of(item.source or "") == domain and item.source not in members
                   and not held(item, group, data)]
        foreign = rng.sample(foreign, min(args.asks, len(foreign)))
        folder = args.work / f"{number:03d}-{domain}"
        chosen = {source: files[source] for source in group}
        asks = {build(folder / "whole", chosen, {}, batch, settings.chunk_size):
                [(KINDS[0], whole_items, True), (KINDS[2], foreign, False)],
                build(folder / "cut", chosen, cut, batch, settings.chunk_size): [(KINDS[1], cut_items, False)]}
        for index, kinds in asks.items():  # each index loaded once, for every kind of ask made of it
            ask_folder(rows, Assistant.load(settings.model_copy(update={"index_dir": index}), query), kinds, members)
        log.info("folder %s: %d documents; %d own, %d foreign and %d cut-out questions", folder.name, len(group),
                 len(whole_items), len(foreign), len(cut_items))
    save_rows(args.out, rows.arrays())
    log.info("%d rows written to %s", len(rows.x), args.out)
    return 0


def ask_folder(rows: Rows, assistant: Assistant, asks: list[tuple[str, list[EvalItem], bool]],
               members: set[str]) -> None:
    """Ask ``assistant`` (a folder's index) each (kind, questions, answerable) of ``asks`` into ``rows``: an
    answerable question's answer is supported when its cited sentence, in one of the folder's ``members``, holds a
    gold answer; the others' never are, nor right."""
    for kind, questions, answerable in asks:
        for item in questions:
            rows.ask(assistant, item, kind, frozenset(members) if answerable else frozenset(), answerable=answerable)


if __name__ == "__main__":
    raise SystemExit(main())
