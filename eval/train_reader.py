"""Train the neural span reader (``citeqa.answer.span_model``): LoRA adapters and a start/end head on the bundled
MiniLM, reading a question with one sentence.

Usage (the train sides of ``python -m citeqa.eval.benchsets``, split by document)::

    python -m citeqa.eval.train_reader --set /tmp/bench/facqa-train.jsonl /tmp/bench/tydi-train.jsonl \\
        /tmp/bench/squad-train.jsonl --index /tmp/bench/idx-train --parts 0,1/4 --valid-parts 2/4

Each question whose gold answer lies inside one sentence of its document gives a positive example (that sentence,
the answer's token range) and a negative one (another sentence of the document, marked "no answer" on the
first token). Validation reads the gold sentences of questions from other documents (``--valid-parts``) and
reports the token F1 and exact match of the top span beside the gradient-boosted extractor's on the same
sentences.
"""

from __future__ import annotations

import logging
import random
import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from citeqa.answer import span_model as sm
from citeqa.core.config import load_settings
from citeqa.eval import metrics as m
from citeqa.eval.runner import EvalItem
from citeqa.eval.swaps import name_pool, swapped
from citeqa.eval.training import load_sets, report, sentence_bounds, start, training_parser
from citeqa.index import store
from citeqa.index.analyzer import analyze
from citeqa.index.tokenizer import Tokenizer

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Example:
    """A question over one sentence; ``answer`` is the answer's character range in ``sentence``, or ``None``."""

    question: str
    sentence: str
    answer: tuple[int, int] | None
    golds: tuple[str, ...] = ()


def shared(asked: set[str], text: str, bounds: tuple[int, int]) -> int:
    """How many of the question's terms ``asked`` the sentence ``text[start:end]`` holds."""
    return len(asked & set(analyze(text[bounds[0]:bounds[1]])))


def tempting(data: store.IndexData, item: EvalItem, depth: int = 20) -> str | None:
    """The sentence of another document that a reader would be asked to read when the item's own document is not
    indexed: in BM25's best passage from another document, the sentence sharing the most of the question's terms,
    holding none of the gold answers (``None`` when there is none)."""
    from citeqa.index.data import top_stable

    scores = data.lexical.scores(item.question)
    positions = top_stable(scores, min(depth, len(scores) - 1)) if len(scores) > 1 else np.arange(len(scores))
    asked = set(analyze(item.question))
    for position in sorted(positions.tolist(), key=lambda i: (-scores[i], i)):
        passage = data.passages[int(position)]
        if passage.source == item.source:
            continue
        text = data.documents[passage.source].text
        bounds = [(s, e) for s, e in passage.sentences or ((passage.start, passage.end),)
                  if e - s > 20 and not any(a and a in text[s:e] for a in item.answers)]
        if not bounds:
            return None
        s, e = max(bounds, key=lambda r: (shared(asked, text, r), -r[0]))
        return text[s:e]
    return None


def examples(
    data: store.IndexData, items: list[EvalItem], negatives: float, seed: int = 0, hard: float = 0.0,
    cross: float = 0.0, swaps: float = 0.0,
) -> list[Example]:
    """One positive example per item whose answer lies inside a sentence of its document, and for a seeded
    ``negatives`` share of them one sentence of the same document without it: for a ``hard`` share of those the
    one sharing the most of the question's terms (the sentence a reader would be tempted by), else any. For a
    seeded ``cross`` share, also the ``tempting`` sentence of another document, marked "no answer": what the reader
    reads when the documents do not hold the answer. For a seeded ``swaps`` share, also the answer's own sentence
    with the question's name or number swapped for another question's (``citeqa.eval.swaps``), marked "no
    answer": a question the sentence seems to answer and does not."""
    rng = random.Random(seed)
    swap_rng = random.Random(seed + 1)  # its own stream: the other examples stay those drawn without swaps
    pool = name_pool(item.question for item in items) if swaps else []
    sentences = sentence_bounds(data)
    found: list[Example] = []
    for item in items:
        if not item.answers or item.source not in sentences:
            continue
        text = data.documents[item.source].text
        spans = m.answer_spans(text, item.answers)
        holding = [(s, e, a, b) for a, b in spans for s, e in sentences[item.source] if s <= a and b <= e]
        if not holding:
            continue
        s, e, a, b = holding[0]
        found.append(Example(item.question, text[s:e], (a - s, b - s), item.answers))
        others = [(x, y) for x, y in sentences[item.source]
                  if not any(x <= p and q <= y for p, q in spans) and y - x > 20]
        if others and rng.random() < negatives:
            x, y = rng.choice(others)
            if rng.random() < hard:
                asked = set(analyze(item.question))
                x, y = max(others, key=lambda r: (shared(asked, text, r), rng.random()))
            found.append(Example(item.question, text[x:y], None, item.answers))
        if cross and rng.random() < cross:
            other = tempting(data, item)
            if other is not None:
                found.append(Example(item.question, other, None, item.answers))
        if swaps and swap_rng.random() < swaps:
            question = swapped(item.question, text[s:e], pool, swap_rng, item.answers)
            if question is not None:
                found.append(Example(question, text[s:e], None, item.answers))
    return found


def separation(model: sm.SpanModel, data: store.IndexData, exs: list[Example], items: list[EvalItem]) -> float:
    """How well the reader's margin (best span over "no answer") tells a gold sentence from the ``tempting``
    sentence of another document: the share of (gold, tempting) pairs, over the questions of ``items``, in which
    the gold sentence has the higher margin (an AUC; 0.5 is chance)."""
    by_question = {item.question: item for item in items}
    gold: list[float] = []
    other: list[float] = []
    for ex in exs:
        item = by_question.get(ex.question)
        sentence = tempting(data, item) if item is not None else None
        if sentence is None:
            continue
        for margins, text in ((gold, ex.sentence), (other, sentence)):
            guess = model.read(ex.question, text, 0, len(text))
            margins.append(guess.margin if guess is not None else -np.inf)
    if not gold:
        return float("nan")
    g, o = np.array(gold)[:, None], np.array(other)[None, :]
    return float(((g > o).sum() + 0.5 * (g == o).sum()) / (g.size * o.size))


def swap_separation(model: sm.SpanModel, exs: list[Example], pool: list[str], seed: int = 0) -> float:
    """How well the reader's margin tells a question from the same question with a name or number swapped
    (``citeqa.eval.swaps``), both over the question's own answer sentence: the share of the examples of ``exs``
    that could be swapped in which the question itself has the higher margin (ties count half)."""
    rng = random.Random(seed)
    wins: list[float] = []
    for ex in exs:
        other = swapped(ex.question, ex.sentence, pool, rng, ex.golds)
        if other is None:
            continue
        own, changed = (model.read(q, ex.sentence, 0, len(ex.sentence)) for q in (ex.question, other))
        a = own.margin if own is not None else -np.inf
        b = changed.margin if changed is not None else -np.inf
        wins.append(1.0 if a > b else 0.5 if a == b else 0.0)
    return float(np.mean(wins)) if wins else float("nan")


def tokenized(tokenizer: Tokenizer, batch: list[Example]) -> tuple[tuple[Any, Any, Any], Any, Any]:
    """Padded inputs (ids, mask, token types) and start/end token targets (0, the first token, for "no answer");
    an answer cut off by truncation also targets 0."""
    import torch

    pairs = sm.encode_pairs(tokenizer, [(ex.question, ex.sentence) for ex in batch])
    starts, ends = [], []
    for row, ex in enumerate(batch):
        s_tok = e_tok = 0
        if ex.answer is not None:
            a, b = ex.answer
            inside = [i for i in sm.context_tokens(pairs, row)
                      if pairs.offsets[row, i, 1] > a and pairs.offsets[row, i, 0] < b]
            if inside:
                s_tok, e_tok = inside[0], inside[-1]
        starts.append(s_tok)
        ends.append(e_tok)
    inputs = (torch.from_numpy(pairs.ids), torch.from_numpy(pairs.mask), torch.from_numpy(pairs.types))
    return inputs, torch.tensor(starts), torch.tensor(ends)


def batches(exs: list[Example], size: int, seed: int) -> list[list[Example]]:
    """Batches of examples of similar length (less padding), in a seeded random order."""
    ordered = sorted(exs, key=lambda ex: len(ex.question) + len(ex.sentence))
    chunks = [ordered[i:i + size] for i in range(0, len(ordered), size)]
    random.Random(seed).shuffle(chunks)
    return chunks


def train(net: sm.SpanNet, tokenizer: Tokenizer, exs: list[Example], epochs: int, lr: float, size: int) -> None:
    """Fit the adapters and the head: cross-entropy of the start and end tokens, AdamW, linear decay."""
    import torch

    params = [p for p in net.encoder.parameters() if p.requires_grad] + list(net.head.parameters())
    optimizer = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
    steps = epochs * ((len(exs) + size - 1) // size)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda k: max(0.0, 1.0 - k / steps))
    loss_fn = torch.nn.CrossEntropyLoss()
    net.encoder.train()
    done, began = 0, time.monotonic()
    for epoch in range(epochs):
        for batch in batches(exs, size, seed=epoch):
            inputs, s_target, e_target = tokenized(tokenizer, batch)
            logits = net(*inputs)
            loss = (loss_fn(logits[:, :, 0], s_target) + loss_fn(logits[:, :, 1], e_target)) / 2
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            schedule.step()
            done += 1
            if done % 50 == 0:
                log.info("step %d/%d loss %.3f (%.0f s)", done, steps, loss.item(), time.monotonic() - began)
    net.eval()


def validate(model: sm.SpanModel, exs: list[Example]) -> dict[str, float]:
    """Token F1 and exact match of the top span on the gold sentences of ``exs``."""
    f1s, ems = [], []
    for ex in exs:
        guess = model.read(ex.question, ex.sentence, 0, len(ex.sentence))
        answer = ex.sentence[guess.start:guess.end] if guess else ""
        f1s.append(m.token_f1(answer, ex.golds))
        ems.append(float(m.exact_match(answer, ex.golds)))
    return {"questions": len(exs), "token_f1": float(np.mean(f1s)), "exact_match": float(np.mean(ems))}


def baseline(data: store.IndexData, exs: list[Example]) -> dict[str, float]:
    """The gradient-boosted extractor's top span on the same gold sentences (the figure to beat)."""
    from citeqa.answer.extractor import Extractor, QuestionTerms
    from citeqa.answer.question import analyze_question

    extractor = Extractor.load()
    f1s = []
    for ex in exs:
        q = QuestionTerms.of(ex.question, analyze_question(ex.question), data.lexical.idf)
        best = extractor.best(ex.sentence, 0, len(ex.sentence), q)
        f1s.append(m.token_f1(best.span.text if best else "", ex.golds))
    return {"token_f1": float(np.mean(f1s))}


def save(net: sm.SpanNet, path: Any, r: int, alpha: int) -> None:
    """Write the adapters (named by their base-model layer) and the head, in float16, with r and alpha."""
    from peft import get_peft_model_state_dict
    from safetensors.torch import save_file

    tensors = {k.removeprefix("base_model.model."): v.half().contiguous()
               for k, v in get_peft_model_state_dict(net.encoder).items()}
    tensors["head.weight"] = net.head.weight.detach().half().contiguous()
    tensors["head.bias"] = net.head.bias.detach().half().contiguous()
    save_file(tensors, str(path), metadata={"lora_r": str(r), "lora_alpha": str(alpha)})


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = training_parser(__doc__, sm.WEIGHTS)
    parser.add_argument("--valid-parts", default="2/4", help="document parts to validate on (never trained on)")
    parser.add_argument("--valid-per-set", type=int, default=300, help="validation questions per set")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--negatives", type=float, default=0.5,
                        help="share of questions that also read a sentence without the answer")
    parser.add_argument("--hard", type=float, default=0.0,
                        help="share of those sentences chosen as the one sharing most of the question's terms")
    parser.add_argument("--cross", type=float, default=0.0,
                        help="share of questions that also read the tempting sentence of another document")
    parser.add_argument("--swaps", type=float, default=0.0,
                        help="share of questions that also read their answer's sentence with a name or number "
                             "swapped for another question's, marked no answer")
    parser.add_argument("--lr", type=float, default=5e-4)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--rank", type=int, default=16, help="LoRA rank")
    parser.add_argument("--threads", type=int, default=2)
    args = start(parser, argv)
    import torch
    from peft import LoraConfig, get_peft_model

    torch.manual_seed(0)
    torch.set_num_threads(args.threads)
    data = store.load(load_settings(index_dir=args.index).resolved_index_dir())
    train_exs = examples(data, load_sets(args.set, args.per_set, parts=args.parts), args.negatives, hard=args.hard,
                         cross=args.cross, swaps=args.swaps)
    valid_items = load_sets(args.set, args.valid_per_set, seed=1, parts=args.valid_parts)
    valid_exs = examples(data, valid_items, 0.0)
    log.info("%d training examples, %d validation questions", len(train_exs), len(valid_exs))
    base, tokenizer = sm.load_base()
    config = LoraConfig(r=args.rank, lora_alpha=2 * args.rank, lora_dropout=0.05, target_modules=sm.LORA_TARGETS)
    net = sm.SpanNet(get_peft_model(base, config), base.config["hidden_size"])
    train(net, tokenizer, train_exs, args.epochs, args.lr, args.batch)
    save(net, args.out, args.rank, 2 * args.rank)
    model = sm.SpanModel.load(args.out)
    return report({"examples": len(train_exs), "parts": args.parts, "valid_parts": args.valid_parts,
                   "valid": dict(validate(model, valid_exs),
                                 separation=separation(model, data, valid_exs, valid_items),
                                 swap_separation=swap_separation(model, valid_exs,
                                                                 name_pool(i.question for i in valid_items))),
                   "valid_extractor": baseline(data, valid_exs)}, args.out)


if __name__ == "__main__":
    raise SystemExit(main())
