"""The scale benchmark's distractors (``citeqa.eval.scale_bench``): passages composed of whole sentences of the
train sides, with vectors composed of their sentences' vectors and terms composed of their sentences' terms."""

from __future__ import annotations

import hashlib
import random
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

DOCUMENT_PASSAGES = 8  # distractor passages per distractor document
SHORTEST, LONGEST = 300, 580  # a distractor passage's length in characters (drawn uniformly)


def say(line: str) -> None:
    """Progress and figures, to stdout at once."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def pool_sentences(folders: list[Path], chunk_size: int) -> list[str]:
    """The sentences (30 to 400 characters, unique, in order) of every document in ``folders``, as the ingest
    splitter ends them."""
    from citeqa.ingest.pipeline import document_passages

    seen: dict[str, None] = {}
    for folder in folders:
        for path in sorted(folder.iterdir()):
            text = path.read_text(encoding="utf-8")
            for passage in document_passages(text, path.name, "text", chunk_size):
                for start, end in passage.sentences:
                    sentence = text[start:end].strip()
                    if 30 <= len(sentence) <= 400:
                        seen.setdefault(sentence, None)
    return list(seen)


def encode_pool(sentences: list[str], embedder: Any, cache: Path) -> np.ndarray:
    """The sentences' vectors (passage encoding, batches sorted by length), cached in ``cache`` by a digest of the
    sentences and the model's name."""
    digest = hashlib.blake2b("\n".join([embedder.name, *sentences]).encode(), digest_size=12).hexdigest()
    path = cache / f"pool-{digest}.npy"
    if path.is_file():
        return np.load(path)
    order = sorted(range(len(sentences)), key=lambda i: len(sentences[i]))
    vectors = np.zeros((len(sentences), embedder.dimension or 384), dtype=np.float32)
    started = time.perf_counter()
    for at in range(0, len(order), 256):
        rows = order[at:at + 256]
        vectors[rows] = embedder.embed([sentences[i] for i in rows])
        if at % 5120 == 0:
            say(f"  encoded {at + len(rows)}/{len(sentences)} pool sentences ({time.perf_counter() - started:.0f} s)")
    np.save(path, vectors)
    return vectors


def distractors(count: int, sentences: list[str], vectors: np.ndarray, terms: list[list[str]], seed: int) -> tuple[
        list[Any], list[Any], np.ndarray, dict[str, list[str]]]:
    """``count`` distractor passages in documents of ``DOCUMENT_PASSAGES``: (documents, passages, vectors, terms
    by passage id)."""
    from citeqa.core.models import Passage
    from citeqa.index.store import StoredDocument

    rng = random.Random(seed)
    documents: list[StoredDocument] = []
    passages: list[Passage] = []
    known: dict[str, list[str]] = {}
    out = np.zeros((count, vectors.shape[1]), dtype=np.float32)
    made = 0
    while made < count:
        source = f"distractor-{len(documents):07d}.txt"
        parts: list[tuple[int, int, tuple[tuple[int, int], ...], list[int]]] = []
        texts: list[str] = []
        at = 0
        for _ in range(min(DOCUMENT_PASSAGES, count - made)):
            target, length = rng.randint(SHORTEST, LONGEST), -1
            chosen: list[int] = []
            while True:
                pick = rng.randrange(len(sentences))
                if chosen and length + 1 + len(sentences[pick]) > LONGEST:
                    break
                chosen.append(pick)
                length += 1 + len(sentences[pick])
                if length >= target:
                    break
            start, bounds = at, []
            for pick in chosen:
                bounds.append((at, at + len(sentences[pick])))
                at += len(sentences[pick]) + 1
            text = " ".join(sentences[pick] for pick in chosen)
            parts.append((start, start + len(text), tuple(bounds), chosen))
            texts.append(text)
            at = start + len(text) + 2
        full = "\n\n".join(texts)
        for start, end, spans, chosen in parts:
            passage = Passage(source, start, end, full[start:end], spans)
            passages.append(passage)
            known[passage.id] = [t for pick in chosen for t in terms[pick]]
            mean = vectors[chosen].mean(axis=0)
            out[made] = mean / max(float(np.linalg.norm(mean)), 1e-12)
            made += 1
        documents.append(StoredDocument(source, hashlib.sha256(full.encode()).hexdigest(), "text", full))
    return documents, passages, out, known
