"""Run an eval set through the assistant, compute metrics, compare with thresholds."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from citeqa.core.errors import ConfigError
from citeqa.core.models import Answer
from citeqa.eval import metrics as m
from citeqa.eval.items import EvalItem as EvalItem
from citeqa.eval.items import load_set as load_set

SETS_DIR = Path(__file__).resolve().parent / "sets"
# The gate set: questions on the bundled article written after the models and settings were chosen, never used to
# choose anything (``article.jsonl`` is the article's dev set, on which earlier thresholds were chosen).
DEFAULT_SET = SETS_DIR / "article-gate.jsonl"
DEFAULT_THRESHOLDS = Path(__file__).resolve().parent / "thresholds.json"
_QUESTION_WORDS = ("siapa", "kapan", "berapa", "di mana", "dimana", "mana", "apa", "mengapa", "kenapa",
                   "bagaimana", "who", "when", "how many", "how much", "where", "which", "what", "why", "how")


@dataclass
class Prediction:
    """What the assistant did with one eval item."""

    item: EvalItem
    answer: str | None
    confidence: float
    rank: int | None
    faithful: bool
    latency_ms: float
    citation: str | None = None
    cited_right: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)
    answer_span: tuple[int, int] | None = None  # the answer's offsets in the cited document
    cited_at: tuple[str, str, int, int] | None = None  # the first citation: source, passage id, start, end


def is_faithful(answer: Answer, documents: dict[str, str]) -> bool:
    """Every citation quotes its source exactly and a non-null answer lies inside the first citation."""
    for citation in answer.citations:
        text = documents.get(citation.source)
        if text is None or text[citation.start:citation.end] != citation.text:
            return False
    if answer.text is not None:
        return bool(answer.citations) and answer.text in answer.citations[0].text
    return True


def predict(ask: Callable[..., Answer], documents: dict[str, str], items: list[EvalItem],
            with_ids: bool = False) -> list[Prediction]:
    """Ask every item's question (``ask(question)``, or ``ask(question, item_id)`` ``with_ids``); time it; check
    faithfulness and retrieval rank."""
    out = []
    for item in items:
        started = time.perf_counter()
        answer = ask(item.question, item.id) if with_ids else ask(item.question)
        latency = (time.perf_counter() - started) * 1000
        passages = [(p.passage.source, p.passage.text) for p in answer.passages]
        rank = None
        if item.answerable and (item.evidence or item.source):
            rank = m.retrieval_rank(passages, item.evidence or "", item.source)
        cited = 0.0
        if answer.citations and answer.text is not None and answer.citations[0].source == item.source:
            first = answer.citations[0]
            cited = m.cited_right(documents.get(first.source), first.start, first.end, item.answers)
        first_citation = answer.citations[0] if answer.citations else None
        span = (answer.answer_start, answer.answer_end) if answer.answer_start is not None \
            and answer.answer_end is not None else None
        out.append(Prediction(
            item, answer.text, answer.confidence, rank, is_faithful(answer, documents), latency,
            first_citation.text if first_citation else None, cited, {"support": answer.support}, span,
            (first_citation.source, first_citation.passage_id, first_citation.start, first_citation.end)
            if first_citation else None))
    return out


def question_word(question: str) -> str:
    """The question word a question uses ("other" if none)."""
    lowered = " " + " ".join(question.lower().replace("?", " ").split()) + " "
    for word in _QUESTION_WORDS:
        if f" {word} " in lowered or f" {word}kah " in lowered:
            return word.replace("dimana", "di mana")
    return "other"


def _answerable_metrics(preds: list[Prediction]) -> dict[str, float]:
    ranks = [p.rank for p in preds]
    return {
        "cited_right": m.mean([p.cited_right for p in preds]),
        "hit@1": m.hit_at(ranks, 1), "hit@5": m.hit_at(ranks, 5), "mrr": m.mean_reciprocal_rank(ranks),
        "exact_match": m.mean([m.exact_match(p.answer, p.item.answers) for p in preds]),
        "token_f1": m.mean([m.token_f1(p.answer, p.item.answers) for p in preds]),
        "contains_gold": m.mean([m.contains_gold(p.answer, p.item.answers) for p in preds]),
        "false_abstention": m.mean([1.0 if p.answer is None else 0.0 for p in preds]),
    }


RIGHT_F1 = 0.5  # an answer counts as right for calibration and coverage when its token F1 reaches this


def correct(p: Prediction) -> bool:
    """Right: an answerable item answered with token F1 >= ``RIGHT_F1``, an unanswerable one abstained."""
    if not p.item.answerable:
        return p.answer is None
    return p.answer is not None and m.token_f1(p.answer, p.item.answers) >= RIGHT_F1


def summarize(preds: list[Prediction]) -> dict[str, Any]:
    """All metrics of a run: overall, by language and question word, calibration and coverage."""
    answerable = [p for p in preds if p.item.answerable]
    unanswerable = [p for p in preds if not p.item.answerable]
    latencies = [p.latency_ms for p in preds]
    summary: dict[str, Any] = {
        "questions": len(preds), "answerable": len(answerable), "unanswerable": len(unanswerable),
        **_answerable_metrics(answerable),
        "faithfulness": m.mean([1.0 if p.faithful else 0.0 for p in preds]),
        "abstained_unanswerable": sum(1 for p in unanswerable if p.answer is None),
        "abstention_rate_unanswerable": m.mean([1.0 if p.answer is None else 0.0 for p in unanswerable]),
        "latency_p50_ms": m.percentile(latencies, 50), "latency_p95_ms": m.percentile(latencies, 95),
    }
    groups: dict[str, dict[str, list[Prediction]]] = {"by_language": {}, "by_question_word": {}}
    for p in answerable:
        groups["by_language"].setdefault(p.item.language, []).append(p)
        groups["by_question_word"].setdefault(question_word(p.item.question), []).append(p)
    for name, parts in groups.items():
        summary[name] = {key: {"n": len(v), **_answerable_metrics(v)} for key, v in sorted(parts.items())}
    buckets: dict[str, list[bool]] = {}
    for p in preds:
        if p.answer is None:
            continue  # the confidence of an answer given: is it about as often right as it says?
        low = min(int(p.confidence * 5), 4) / 5
        buckets.setdefault(f"{low:.1f}-{low + 0.2:.1f}", []).append(correct(p))
    summary["calibration"] = {k: {"n": len(v), "accuracy": m.mean([float(x) for x in v])}
                              for k, v in sorted(buckets.items())}
    curve = []
    for threshold in [i / 20 for i in range(20)]:
        answered = [p for p in answerable + unanswerable if p.confidence >= threshold]
        good = [p for p in answered if p.item.answerable and m.token_f1(p.answer, p.item.answers) >= RIGHT_F1]
        curve.append({"threshold": threshold, "coverage": len(answered) / max(len(preds), 1),
                      "accuracy": len(good) / len(answered) if answered else 1.0})
    summary["accuracy_coverage"] = curve
    return summary


def check_thresholds(summary: dict[str, Any], thresholds: dict[str, dict[str, float]]) -> list[str]:
    """Failures as readable lines: ``{"min": {...}, "max": {...}}`` bounds on summary metrics."""
    failures = []
    for metric, bound in thresholds.get("min", {}).items():
        if float(summary.get(metric, 0.0)) < bound:
            failures.append(f"{metric} = {summary.get(metric, 0.0):.3f} is below the minimum {bound}")
    for metric, bound in thresholds.get("max", {}).items():
        if float(summary.get(metric, 0.0)) > bound:
            failures.append(f"{metric} = {summary.get(metric, 0.0):.3f} is above the maximum {bound}")
    return failures


def load_thresholds(path: Path) -> dict[str, dict[str, float]]:
    """Read a thresholds file; raises ``ConfigError`` if it is not valid JSON."""
    try:
        data: dict[str, dict[str, float]] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(f"cannot read thresholds {path}: {exc}") from exc
    return data


def format_table(summary: dict[str, Any]) -> str:
    """A plain-text table of the headline metrics and the per-language / per-question-word breakdown."""
    keys = ["cited_right", "hit@1", "hit@5", "mrr", "exact_match", "token_f1", "contains_gold", "false_abstention"]
    lines = [
        f"questions {summary['questions']} (answerable {summary['answerable']}, "
        f"unanswerable {summary['unanswerable']})",
        f"{'metric':<28}{'value':>10}",
    ]
    for key in keys + ["faithfulness", "abstention_rate_unanswerable"]:
        lines.append(f"{key:<28}{summary[key]:>10.3f}")
    lines.append(f"{'abstained_unanswerable':<28}{summary['abstained_unanswerable']:>6} of {summary['unanswerable']}")
    lines.append(f"{'latency_p50_ms':<28}{summary['latency_p50_ms']:>10.1f}")
    lines.append(f"{'latency_p95_ms':<28}{summary['latency_p95_ms']:>10.1f}")
    for group in ("by_language", "by_question_word"):
        lines.append("")
        lines.append(f"{group:<16}{'n':>5}" + "".join(f"{k:>10}" for k in ["cited", "hit@1", "em", "f1", "contains"]))
        for name, row in summary[group].items():
            lines.append(f"{name:<16}{row['n']:>5}{row['cited_right']:>10.3f}{row['hit@1']:>10.3f}{row['exact_match']:>10.3f}"
                         f"{row['token_f1']:>10.3f}{row['contains_gold']:>10.3f}")
    lines.append("")
    lines.append(f"{'confidence':<16}{'n':>5}{'accuracy':>10}   (answers given; right: token F1 >= {RIGHT_F1})")
    for name, row in summary["calibration"].items():
        lines.append(f"{name:<16}{row['n']:>5}{row['accuracy']:>10.3f}")
    return "\n".join(lines)
