"""The ``citeqa`` command: ingest | ls | rm | ask | serve | eval | verify. Only here do errors become exit messages."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from citeqa import prompts
from citeqa.api.cli_common import check_index, check_port, settings_of, waiting_for
from citeqa.api.cli_eval import cmd_eval, cmd_verify
from citeqa.api.render import flat, quote, read_as
from citeqa.core.errors import CiteqaError, ConfigError, DocumentError
from citeqa.core.models import Answer
from citeqa.core.validation import validate_question

EXIT_ERROR = 2


def format_answer(answer: Answer) -> str:
    """Human output: the answer, then the quoted sentence with its source and offsets (first, the question as read
    when a misspelled word of it was read as an index term)."""
    lang = answer.language
    read = [f"({read_as(answer)})"] if answer.read_as else []
    if answer.text is None:
        confidence = prompts.text("confidence", lang, confidence=f"{answer.confidence:.2f}")
        return "\n".join([*read, prompts.text("no_answer", lang), f"  ({confidence})"])
    cite = answer.citations[0]
    lines = [
        *read,
        f"{prompts.text('answer_heading', lang)}: {flat(answer.text)}",
        "  " + quote(cite, lang),
        "  " + prompts.text("confidence", lang, confidence=f"{answer.confidence:.2f}"),
    ]
    return "\n".join(lines)


def answer_json(answer: Answer, indent: int | None = 2) -> str:
    """The same JSON shape as ``POST /ask``."""
    from citeqa.api.schemas import AskResponse

    return AskResponse.of(answer).model_dump_json(indent=indent)


def cmd_ingest(args: argparse.Namespace) -> int:
    from citeqa.core.config import redacted
    from citeqa.index.embedder import load_embedder
    from citeqa.ingest.shared import ingest_configured

    settings = settings_of(args)
    index_dir = redacted(settings.store) if settings.store else settings.resolved_index_dir()
    embedder = load_embedder(settings, batch=True)

    def skipped(error: DocumentError) -> None:
        print(f"skipped {error.path}: {error.reason}", file=sys.stderr)

    report = ingest_configured(settings, [Path(p) for p in args.paths], embedder, on_skip=skipped,
                               wait=not args.no_wait, on_wait=waiting_for(settings.resolved_index_dir()),
                               sync=args.sync)
    for source in report.removed:
        print(f"removed {source} (no longer in the folders given)")
    print(f"indexed {report.documents} document(s), {report.passages} passages into {index_dir}")
    print(f"  added {len(report.added)}, updated {len(report.updated)}, unchanged {len(report.unchanged)}, "
          f"skipped {len(report.skipped)}; embedded {report.embedded}, reused {report.reused} vectors")
    return 0


def cmd_ls(args: argparse.Namespace) -> int:
    from citeqa.ingest.manage import listing, listing_of

    settings = settings_of(args)
    if settings.store:
        from citeqa.core.config import redacted
        from citeqa.index.postgres import PostgresStore

        found = listing_of(PostgresStore(settings.store))
        where = redacted(settings.store)
    else:
        check_index(settings)
        found = listing(settings.resolved_index_dir())
        where = str(settings.resolved_index_dir())
    for doc in found:
        print(f"{doc.source}\t{doc.kind}\t{doc.passages} passages\t{doc.chars} characters")
    print(f"{len(found)} document(s), {sum(d.passages for d in found)} passages in {where}",
          file=sys.stderr)
    return 0


def cmd_rm(args: argparse.Namespace) -> int:
    from citeqa.ingest.shared import remove_configured

    settings = settings_of(args)
    check_index(settings)
    index_dir = settings.resolved_index_dir()
    gone = remove_configured(settings, args.sources, wait=not args.no_wait, on_wait=waiting_for(index_dir))
    for source in gone:
        print(f"removed {source}")
    return 0


def lean_imports(args: argparse.Namespace) -> None:
    """For a command that only answers, in a process of its own: LightGBM without its scikit-learn estimators."""
    if getattr(args, "own_process", False):
        from citeqa.answer.model import skip_scikit_learn

        skip_scikit_learn()


def cmd_ask(args: argparse.Namespace) -> int:
    settings = settings_of(args)
    if (args.question is None) == (args.file is None):
        raise ConfigError("give a question, or --file with one question per line ('-' for standard input)")
    if args.question is not None:
        questions = [validate_question(args.question, settings.max_question_chars)]
    else:
        try:
            source = sys.stdin if args.file == "-" else Path(args.file).open(encoding="utf-8")  # noqa: SIM115
            with source:
                questions = [line.strip() for line in source if line.strip()]
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot read questions from {args.file}: {exc}") from exc
        for number, question in enumerate(questions, start=1):  # every line checked before the model loads
            try:
                validate_question(question, settings.max_question_chars)
            except CiteqaError as exc:
                raise ConfigError(f"{args.file}:{number}: {exc}") from exc
    check_index(settings)
    lean_imports(args)
    from citeqa.answer.assistant import Assistant  # heavy (torch, LightGBM): only once the input is known good

    assistant = Assistant.load(settings)  # once, for every question
    for number, question in enumerate(questions):
        answer = assistant.ask(question, args.top_k)
        if args.json:
            print(answer_json(answer, None if args.file else 2))
        else:
            print(("\n" if number else "") + (f"? {question}\n" if args.file else "") + format_answer(answer))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    settings = settings_of(args)
    check_index(settings)
    check_port(args.host, args.port)
    lean_imports(args)
    from citeqa.api.app import create_app

    uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level="info")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``citeqa`` command."""
    from citeqa.eval.runner import DEFAULT_SET, DEFAULT_THRESHOLDS

    parser = argparse.ArgumentParser(prog="citeqa", description="Cited, extractive answers from your documents.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress details")
    # the same flag after the subcommand ("citeqa ask -v ..."); SUPPRESS keeps one given before it
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS,
                        help="log progress details")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", parents=[common], help="index .txt/.md/.html/.pdf/.docx files and folders")
    p.add_argument("paths", nargs="+", help="files or folders (searched recursively)")
    p.add_argument("--index", help="index folder (default: the default index in CITEQA_DATA_DIR)")
    p.add_argument("--no-wait", action="store_true",
                   help="fail at once when another ingest is writing to the index (default: wait for it)")
    p.add_argument("--sync", action="store_true",
                   help="also remove indexed documents that are no longer in the paths given")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("ls", parents=[common], help="list the documents of an index")
    p.add_argument("--index", help="index folder (default: the default index)")
    p.set_defaults(func=cmd_ls)

    p = sub.add_parser("rm", parents=[common], help="remove documents from an index by their source names")
    p.add_argument("sources", nargs="+", help="source names, as 'citeqa ls' shows them")
    p.add_argument("--index", help="index folder (default: the default index)")
    p.add_argument("--no-wait", action="store_true", help="fail at once when another ingest is writing")
    p.set_defaults(func=cmd_rm)

    p = sub.add_parser("ask", parents=[common], help="answer a question with a cited, verbatim span")
    p.add_argument("question", nargs="?", help="the question (or --file)")
    p.add_argument("--file", help="ask every line of this file ('-': standard input), loading the model once")
    p.add_argument("--index", help="index folder (default: the bundled article, built on first use)")
    p.add_argument("--json", action="store_true",
                   help="print the JSON shape of POST /ask (one line per question with --file)")
    p.add_argument("--top-k", type=int, default=None, help="passages to return")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("serve", parents=[common], help="serve the HTTP API")
    p.add_argument("--index")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("eval", parents=[common], help="measure retrieval, answers and faithfulness on an eval set")
    p.add_argument("--set", default=str(DEFAULT_SET), help="JSONL eval set")
    p.add_argument("--index")
    p.add_argument("--thresholds", default=None,
                   help="JSON bounds on the metrics; exit 1 when one is missed (default: the bundled gate's "
                        f"{DEFAULT_THRESHOLDS.name} for the bundled gate set, none for any other set; '' for none)")
    p.add_argument("--output", help="write all metrics and every question's result (under its id) as JSON here")
    p.add_argument("--baseline", help="an earlier --output file: list what regressed and improved, question by "
                                      "question, and exit 1 when more regressed than --tolerance allows")
    p.add_argument("--tolerance", type=float, default=0.0,
                   help="share of the questions allowed to regress against --baseline (default 0)")
    p.add_argument("--junit", help="write a JUnit XML report here, one test case per question")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("verify", parents=[common],
                       help="check that answers from any assistant quote the indexed documents verbatim")
    p.add_argument("answers", help='JSONL: {"id", "question", "answer", "quotes": [text or {source, start, end}]}')
    p.add_argument("--index", help="index of the documents the answers quote (default: the default index)")
    p.add_argument("--output", help="write one JSON report per answer here")
    p.add_argument("--junit", help="write a JUnit XML report here, one test case per answer")
    p.set_defaults(func=cmd_verify)
    return parser


def main(argv: list[str] | None = None, own_process: bool = False) -> int:
    """Run one ``citeqa`` command. ``own_process``: this process runs nothing else (the console script, ``python
    -m``), so a command that only answers (``ask``, ``serve``) may import LightGBM without its scikit-learn
    estimators (``skip_scikit_learn``: a second off a cold ``citeqa ask``); a caller in a process that may train
    later (a test run) leaves it off."""
    args = build_parser().parse_args(argv)
    args.own_process = own_process
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("citeqa.progress").setLevel(logging.INFO)  # long work is never silent, piped or not
    if getattr(args, "top_k", None) is not None and args.top_k < 1:
        print("citeqa: error: --top-k must be at least 1", file=sys.stderr)
        return EXIT_ERROR
    try:
        return int(args.func(args))
    except CiteqaError as exc:
        print(f"citeqa: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("citeqa: interrupted", file=sys.stderr)
        return 130


def run() -> int:
    """Entry point of the ``citeqa`` console script: ``main`` in a process of its own."""
    return main(own_process=True)


if __name__ == "__main__":
    sys.exit(run())
