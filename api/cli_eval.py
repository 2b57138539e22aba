"""The ``citeqa eval`` and ``citeqa verify`` commands: answers measured, quotes checked."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from citeqa.api.cli_common import check_index, settings_of
from citeqa.core.errors import ConfigError


def cmd_eval(args: argparse.Namespace) -> int:
    from citeqa.answer.assistant import Assistant
    from citeqa.eval import regress, runner

    settings = settings_of(args)
    items = runner.load_set(Path(args.set))
    check_index(settings)
    # the bundled gate's bounds apply to the bundled gate set; any other set is gated only when asked
    bounds = args.thresholds if args.thresholds is not None else (
        str(runner.DEFAULT_THRESHOLDS) if Path(args.set).resolve() == runner.DEFAULT_SET.resolve() else "")
    thresholds = runner.load_thresholds(Path(bounds)) if bounds else {}
    baseline = regress.load_records(Path(args.baseline)) if args.baseline else None
    if not 0.0 <= args.tolerance < 1.0:
        raise ConfigError(f"--tolerance is a share of the questions, from 0 to below 1; got {args.tolerance}")
    assistant = Assistant.load(settings)
    documents = {s: assistant.store.document(s).text for s in assistant.store.sources()}
    predictions = runner.predict(lambda q: assistant.ask(q), documents, items)
    summary = runner.summarize(predictions)
    current = regress.records(predictions)
    print(runner.format_table(summary))
    if args.output:
        Path(args.output).write_text(json.dumps({**summary, "questions": current}, indent=2, ensure_ascii=False))
        print(f"\nwrote {args.output}")
    if args.junit:
        regress.junit(predictions, Path(args.set).stem).write(args.junit, encoding="utf-8", xml_declaration=True)
        print(f"wrote {args.junit}")
    failures = runner.check_thresholds(summary, thresholds)
    if baseline is not None:
        found = regress.diff(baseline, current)
        print("\n" + regress.format_diff(found))
        allowed = int(args.tolerance * len(predictions))
        if len(found.regressed) > allowed:
            failures.append(f"{len(found.regressed)} questions regressed against {args.baseline}; "
                            f"--tolerance {args.tolerance} allows {allowed}")
    for failure in failures:
        print(f"FAIL {failure}", file=sys.stderr)
    if thresholds and not failures:
        print(f"\nall thresholds of {bounds} met")
    return 1 if failures else 0


def cmd_verify(args: argparse.Namespace) -> int:
    from citeqa.eval import verify
    from citeqa.index import store

    answers = verify.load_answers(Path(args.answers))
    index_dir = settings_of(args).resolved_index_dir()
    if not store.exists(index_dir):
        raise ConfigError(f"no index at {index_dir}: run 'citeqa ingest' on the documents the answers quote")
    corpus = verify.Corpus({s: d.text for s, d in store.load_documents(index_dir).items()})
    reports = [verify.check(line, corpus) for line in answers]
    unfaithful = [r for r in reports if not r["faithful"]]
    for report in reports:
        matches = ", ".join(q["match"] for q in report["quotes"])
        print(f"{'ok  ' if report['faithful'] else 'FAIL'} {report['id']}: quotes {matches}"
              + ("" if report["answer_in_quote"] else "; the answer is in none of them"))
    print(f"\n{len(reports) - len(unfaithful)} of {len(reports)} answers faithful to {index_dir}")
    if args.output:
        Path(args.output).write_text(json.dumps(reports, indent=2, ensure_ascii=False), encoding="utf-8")
        print(f"wrote {args.output}")
    if args.junit:
        verify.junit(reports, Path(args.answers).stem).write(args.junit, encoding="utf-8", xml_declaration=True)
        print(f"wrote {args.junit}")
    return 1 if unfaithful else 0
