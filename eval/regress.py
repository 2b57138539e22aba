"""Eval as a regression tool: per-question records, a question-by-question diff against a previous run, and a
JUnit XML report (one test case per question) that CI systems show.

All pure functions over ``runner.Prediction`` and the records they make; ``citeqa eval`` wires them to
``--output``, ``--baseline`` and ``--junit``.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from citeqa.core.errors import ConfigError
from citeqa.eval import metrics as m
from citeqa.eval.runner import Prediction, correct


def record(p: Prediction) -> dict[str, Any]:
    """What happened to one question, as kept under its id in ``--output``."""
    citation = None
    if p.cited_at is not None:
        source, passage_id, start, end = p.cited_at
        citation = {"source": source, "passage_id": passage_id, "start": start, "end": end, "text": p.citation}
    return {
        "question": p.item.question, "answerable": p.item.answerable, "answer": p.answer,
        "answer_start": p.answer_span[0] if p.answer_span else None,
        "answer_end": p.answer_span[1] if p.answer_span else None,
        "citation": citation, "confidence": p.confidence, "support": p.extra.get("support"),
        "abstained": p.answer is None, "correct": correct(p), "cited_right": bool(p.cited_right),
        "token_f1": m.token_f1(p.answer, p.item.answers) if p.item.answerable else None,
        "faithful": p.faithful, "latency_ms": round(p.latency_ms, 1),
    }


def records(predictions: list[Prediction]) -> dict[str, dict[str, Any]]:
    """``record`` of every prediction, keyed by its item's id."""
    return {p.item.id: record(p) for p in predictions}


def load_records(path: Path) -> dict[str, dict[str, Any]]:
    """The per-question records of an earlier ``citeqa eval --output`` file; ``ConfigError`` if it has none."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"cannot read baseline {path}: {exc}") from exc
    found = data.get("questions") if isinstance(data, dict) else None
    if not isinstance(found, dict):
        raise ConfigError(f"baseline {path} has no per-question results: write it with 'citeqa eval --output'")
    return found


@dataclass
class Diff:
    """How a run differs from a baseline, question by question: each entry is (id, what changed)."""

    regressed: list[tuple[str, str]] = field(default_factory=list)
    improved: list[tuple[str, str]] = field(default_factory=list)
    changed: list[tuple[str, str]] = field(default_factory=list)
    new: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def _flips(old: dict[str, Any], new: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(what got worse, what got better) between two records of one question."""
    worse, better = [], []
    checks = [("correct", "right", "wrong"), ("faithful", "faithful", "unfaithful"),
              ("cited_right", "cited right", "cited wrong")]
    for key, good, bad in checks:
        if old.get(key) and not new.get(key):
            worse.append(f"{good} -> {bad}")
        elif not old.get(key) and new.get(key):
            better.append(f"{bad} -> {good}")
    if old.get("abstained") != new.get("abstained"):
        flip = "answered -> abstained" if new.get("abstained") else "abstained -> answered"
        # abstaining is right on an unanswerable question and wrong on an answerable one
        (better if bool(new.get("abstained")) != bool(new.get("answerable")) else worse).append(flip)
    return worse, better


def _moved(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    notes = []
    if old.get("answer") != new.get("answer"):
        notes.append(f"answer {old.get('answer')!r} -> {new.get('answer')!r}")
    where = [(c or {}).get(k) for c in (old.get("citation"), new.get("citation")) for k in ("source", "start")]
    if where[:2] != where[2:]:
        notes.append("citation moved")
    return notes


def diff(baseline: dict[str, dict[str, Any]], current: dict[str, dict[str, Any]]) -> Diff:
    """Compare ``current`` records with ``baseline`` ones (both keyed by item id)."""
    result = Diff(new=sorted(set(current) - set(baseline)), missing=sorted(set(baseline) - set(current)))
    for item_id in sorted(set(current) & set(baseline)):
        old, new = baseline[item_id], current[item_id]
        worse, better = _flips(old, new)
        moved = "; ".join(_moved(old, new))
        if worse:
            result.regressed.append((item_id, "; ".join(worse + ([moved] if moved else []))))
        elif better:
            result.improved.append((item_id, "; ".join(better + ([moved] if moved else []))))
        elif moved:
            result.changed.append((item_id, moved))
    return result


def format_diff(found: Diff) -> str:
    """The diff as lines a person reads in a CI log."""
    lines = [f"against the baseline: {len(found.regressed)} regressed, {len(found.improved)} improved, "
             f"{len(found.changed)} changed otherwise, {len(found.new)} new, {len(found.missing)} missing"]
    for title, entries in (("REGRESSED", found.regressed), ("improved", found.improved), ("changed", found.changed)):
        lines.extend(f"  {title} {item_id}: {what}" for item_id, what in entries)
    return "\n".join(lines)


@dataclass(frozen=True)
class Case:
    """One JUnit test case: its name, seconds taken, the failure (``None`` when it passed), and details."""

    name: str
    seconds: float
    failure: str | None
    details: str = ""
    output: str = ""


def junit_tree(suite: str, cases: list[Case]) -> ET.ElementTree:
    """A JUnit XML document holding one test suite of ``cases``."""
    failures = sum(1 for c in cases if c.failure is not None)
    tests, failed = str(len(cases)), str(failures)
    suites = ET.Element("testsuites", name="citeqa", tests=tests, failures=failed)
    element = ET.SubElement(suites, "testsuite", name=suite, tests=tests, failures=failed, errors="0", skipped="0",
                            time=f"{sum(c.seconds for c in cases):.3f}")
    for c in cases:
        case = ET.SubElement(element, "testcase", classname=suite, name=c.name, time=f"{c.seconds:.3f}")
        if c.failure is not None:
            failure = ET.SubElement(case, "failure", message=c.failure[:200], type="AnswerMismatch")
            failure.text = c.details or c.failure
        if c.output:
            ET.SubElement(case, "system-out").text = c.output
    return ET.ElementTree(suites)


def junit(predictions: list[Prediction], suite: str) -> ET.ElementTree:
    """A JUnit XML report: one test case per question, failed when its answer is wrong or unfaithful."""
    cases = []
    for p in predictions:
        reasons = []
        if not p.faithful:
            reasons.append("unfaithful: a citation is not the document's text, or the answer is outside it")
        if not correct(p):
            expected = " | ".join(p.item.answers) if p.item.answerable else "(abstain)"
            reasons.append(f"expected {expected}; got {p.answer if p.answer is not None else '(abstained)'}")
        details = "\n".join(reasons + [f"citation: {p.citation}" if p.citation else "no citation"])
        cases.append(Case(f"{p.item.id}: {p.item.question}", p.latency_ms / 1000, reasons[0] if reasons else None,
                          details, json.dumps(record(p), ensure_ascii=False)))
    return junit_tree(suite, cases)
