"""How the short answer weighs its two readers: token F1 on gold sentences for each ``EXTRACTOR_WEIGHT``.

Usage (the train sides and their index, as written by ``python -m citeqa.eval.benchsets``)::

    python -m citeqa.eval.extractor_weight --set /tmp/bench/{facqa,tydi,squad}-train.jsonl \\
        --index /tmp/bench/idx-train --parts 3/4 --per-set 700

For each question of ``--parts`` whose gold answer lies inside one sentence of its document (the calibrators'
quarter: neither reader trained on it), the extractor's candidate spans of that sentence are scored by the span
reader, and the span with the best span reader score + weight × extractor score is the answer, as
``answer.short_answer.short_span`` chooses it (``best_outside``: spans inside the name the question asks about
left out). Prints
the mean token F1 per domain for each weight, for the extractor alone and for the span reader's own pick. Needs
the span reader (torch).
"""

from __future__ import annotations

import argparse
import logging
import statistics
from collections import defaultdict
from pathlib import Path

from citeqa.answer.assistant import Assistant
from citeqa.answer.fit import AnswerFit
from citeqa.answer.question import analyze_question
from citeqa.answer.short_answer import best_outside
from citeqa.answer.spans import question_name_runs
from citeqa.core.config import load_settings
from citeqa.eval import metrics as m
from citeqa.eval.train_confidence import domain_of
from citeqa.eval.training import load_sets, sentence_bounds

log = logging.getLogger(__name__)
WEIGHTS = (0.0, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--set", type=Path, nargs="+", required=True, help="JSONL question sets (train sides)")
    parser.add_argument("--index", type=Path, required=True, help="index of their documents")
    parser.add_argument("--parts", default="3/4", help="documents whose questions are asked (e.g. 3/4)")
    parser.add_argument("--per-set", type=int, default=700, help="questions per set (a seeded sample)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    assistant = Assistant.load(load_settings(index_dir=args.index))
    if assistant.span_model is None or assistant.extractor is None:
        parser.error("needs the span reader and the extractor (CITEQA_SHORT_ANSWERS and CITEQA_SPAN_READER on)")
    data = assistant.store
    sentences = sentence_bounds(data)
    scores: dict[tuple[str, str], list[float]] = defaultdict(list)
    for item in load_sets(args.set, args.per_set, parts=args.parts):
        if not item.answers or item.source not in sentences:
            continue
        text = data.document(item.source).text
        spans = m.answer_spans(text, item.answers)
        holding = [(s, e) for a, b in spans for s, e in sentences[item.source] if s <= a and b <= e]
        if not holding:
            continue
        s, e = holding[0]
        info = analyze_question(item.question)
        best = AnswerFit(assistant.extractor, assistant.reader, item.question, info, data.idf).candidate(
            item.source, s, e)
        marks = assistant.span_model.marks(item.question, [(text, s, e)])[0]
        if best is None or marks is None:
            continue
        domain = domain_of(item.source)
        runs = question_name_runs(item.question, text, s, e)
        read = marks.score_spans(best.starts, best.ends)
        guess = marks.best
        own = text[guess.start:guess.end] if guess is not None else ""
        scores[(domain, "span reader")].append(m.token_f1(own, item.answers))
        for label, both in [(f"{w:g}", read + w * best.scores) for w in WEIGHTS] + [("extractor", best.scores)]:
            k = best_outside(both, best.starts, best.ends, runs)
            answer = text[int(best.starts[k]):int(best.ends[k])] if k is not None else own
            scores[(domain, label)].append(m.token_f1(answer, item.answers))
    for (domain, weight), values in sorted(scores.items()):
        log.info("%-6s %-12s %4d questions  token F1 %.4f", domain, weight, len(values), statistics.mean(values))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
