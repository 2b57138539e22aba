"""Train the bundled model's Indonesian adapter on FacQA train (never on valid or the article's eval set).

Usage::

    python -m citeqa.eval.facqa ../shared/datasets/facqa /tmp/facqa --questions train
    citeqa ingest /tmp/facqa/corpus --index /tmp/facqa/index
    python -m citeqa.eval.train_embedder --set /tmp/facqa/train.jsonl --index /tmp/facqa/index

The bundled MiniLM is English. Here only its biases and LayerNorm weights (about 31,000 numbers, "BitFit") are
trained, so that a question and the passage it was asked about embed close together: each batch of
(question, own passage) pairs is a contrastive task where the other passages of the batch, and one BM25 hard
negative per question (a passage of another document that shares its words), are the negatives.
A tenth of the training questions (grouped by passage) is held out to report dense hit@1/@5 before and after.
The adapter is written as safetensors; indexes built without it must be re-ingested.
"""

from __future__ import annotations

import logging
import random
from pathlib import Path

import numpy as np

from citeqa.core.config import BUNDLED_MODEL, load_settings
from citeqa.eval.runner import EvalItem
from citeqa.eval.training import load_sets, report, start, training_parser
from citeqa.index import store
from citeqa.index.embedder import ADAPTER, SentenceTransformerEmbedder

log = logging.getLogger(__name__)

TRAINED = ("bias", "LayerNorm")  # parameter names that hold a trained tensor


def dense_hits(embedder: SentenceTransformerEmbedder, data: store.IndexData, items: list[EvalItem]) -> dict[str, float]:
    """Dense-only hit@1 and hit@5 of ``items`` (their own passage's source) over every passage of ``data``."""
    passages = embedder.embed([p.text for p in data.passages])
    questions = embedder.embed([item.question for item in items])
    top = np.argsort(-(questions @ passages.T), axis=1)[:, :5]
    sources = [[data.passages[i].source for i in row] for row in top]
    return {"hit@1": float(np.mean([s[0] == item.source for s, item in zip(sources, items, strict=True)])),
            "hit@5": float(np.mean([item.source in s for s, item in zip(sources, items, strict=True)]))}


def split(items: list[EvalItem], dev_share: float, seed: int) -> tuple[list[EvalItem], list[EvalItem]]:
    """(train, dev): whole passages go to dev, so no dev passage is seen in training."""
    sources = sorted({item.source or "" for item in items})
    random.Random(seed).shuffle(sources)
    dev = set(sources[:int(len(sources) * dev_share)])
    return [i for i in items if i.source not in dev], [i for i in items if i.source in dev]


def train(
    embedder: SentenceTransformerEmbedder, data: store.IndexData, items: list[EvalItem],
    epochs: int, lr: float, hard: int = 1, batch: int = 32, seed: int = 0,
) -> list[float]:
    """Fit the adapter's tensors in place with in-batch negatives, plus ``hard`` BM25 negatives per question
    (passages of other documents that share its words: the ones the dense score must tell apart in the fused
    ranking); returns the mean loss of each epoch."""
    import torch
    import torch.nn.functional as F  # noqa: N812

    torch.manual_seed(seed)
    rng = random.Random(seed)
    model = embedder.model
    by_source: dict[str, list[str]] = {}
    for passage in data.passages:
        by_source.setdefault(passage.source, []).append(passage.text)
    pairs = [(item.question, item.source) for item in items if item.source in by_source]
    negatives = {question: _hard_negatives(data, question, source, hard) for question, source in pairs}
    params = []
    for name, param in model.named_parameters():
        param.requires_grad = any(t in name for t in TRAINED)
        if param.requires_grad:
            params.append(param)
    optimizer = torch.optim.AdamW(params, lr=lr)

    def encode(texts: list[str]) -> torch.Tensor:
        features = model.preprocess(texts) if hasattr(model, "preprocess") else model.tokenize(texts)
        return F.normalize(model(features)["sentence_embedding"], dim=-1)

    losses = []
    longest, model.max_seq_length = model.max_seq_length, 128  # FacQA passages fit; halves the training time
    model.train()
    for epoch in range(epochs):
        rng.shuffle(pairs)
        total, steps = 0.0, 0
        for i in range(0, len(pairs), batch):
            chunk = list({source: q for q, source in pairs[i:i + batch]}.items())  # one question per passage
            if len(chunk) < 2:
                continue
            q = encode([question for _, question in chunk])
            p = encode([rng.choice(by_source[source]) for source, _ in chunk]
                       + [text for _, question in chunk for text in negatives[question]])
            loss = F.cross_entropy(q @ p.T * 20.0, torch.arange(len(chunk)))
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total, steps = total + loss.item(), steps + 1
        losses.append(total / max(1, steps))
        log.info("epoch %d of %d: loss %.3f", epoch + 1, epochs, losses[-1])
    model.eval()
    model.max_seq_length = longest
    for param in model.parameters():
        param.requires_grad = False
    return losses


def _hard_negatives(data: store.IndexData, question: str, source: str, n: int) -> list[str]:
    if n <= 0:
        return []
    scores = data.lexical.scores(question)
    out: list[str] = []
    for i in np.argsort(-scores)[:n + 10]:
        if data.passages[int(i)].source != source and len(out) < n:
            out.append(data.passages[int(i)].text)
    return out


def save(embedder: SentenceTransformerEmbedder, out: Path) -> None:
    """Write the trained tensors (biases and LayerNorm weights) as safetensors."""
    from safetensors.torch import save_file

    tensors = {name: param.detach().clone().contiguous() for name, param in embedder.model.named_parameters()
               if any(t in name for t in TRAINED)}
    save_file(tensors, str(out))


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = training_parser(__doc__, ADAPTER)
    parser.add_argument("--epochs", type=int, default=3, help="passes over the training questions (3)")
    parser.add_argument("--lr", type=float, default=2e-3, help="learning rate (2e-3)")
    parser.add_argument("--hard", type=int, default=1, help="BM25 hard negatives per question (1)")
    parser.add_argument("--dev", type=float, default=0.1, help="share of passages held out to report on (0.1)")
    args = start(parser, argv)
    settings = load_settings(index_dir=args.index)
    data = store.load(settings.resolved_index_dir())
    fit_items, dev_items = split(load_sets(args.set, args.per_set, parts=args.parts), args.dev, seed=1)
    embedder = SentenceTransformerEmbedder(BUNDLED_MODEL, settings.batch_size)
    before = dense_hits(embedder, data, dev_items) if dev_items else {}
    losses = train(embedder, data, fit_items, args.epochs, args.lr, args.hard)
    after = dense_hits(embedder, data, dev_items) if dev_items else {}
    save(embedder, args.out)
    return report({"questions": len(fit_items), "dev_questions": len(dev_items), "epoch_loss": losses,
                   "dev_dense_before": before, "dev_dense_after": after, "out": str(args.out)})


if __name__ == "__main__":
    raise SystemExit(main())
