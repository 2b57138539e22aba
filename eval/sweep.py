"""Abstention threshold sweep over benchmark outputs (``citeqa.eval.bench --output``), to choose the threshold on
dev sets. Confidences are recorded by the bench whatever the threshold it ran with, so one run per set serves
every threshold (for answers it gave; a question abstained at the run's threshold stays abstained).

Usage::

    python -m citeqa.eval.sweep /tmp/bench/out-*.json --from 0.05 --to 0.4 --step 0.01

Per threshold and set: false abstention (answerable questions abstained), abstention on unanswerable questions,
and cited right.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def sweep(questions: list[dict[str, Any]], threshold: float) -> dict[str, float]:
    """False abstention, unanswerable abstained and cited right if answers below ``threshold`` abstained."""
    answerable = [q for q in questions if q["answerable"]]
    unanswerable = [q for q in questions if not q["answerable"]]

    def abstains(q: dict[str, Any]) -> bool:
        score = q.get("support")  # abstention follows the support where the run recorded one
        return q["answer"] is None or float(q["confidence"] if score is None else score) < threshold

    return {
        "false_abstention": sum(abstains(q) for q in answerable) / max(1, len(answerable)),
        "unanswerable_abstained": sum(abstains(q) for q in unanswerable) / len(unanswerable) if unanswerable
        else float("nan"),
        "cited_right": sum(float(q["cited_right"]) for q in answerable if not abstains(q)) / max(1, len(answerable)),
    }


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("outputs", type=Path, nargs="+")
    parser.add_argument("--from", dest="low", type=float, default=0.05)
    parser.add_argument("--to", dest="high", type=float, default=0.40)
    parser.add_argument("--step", type=float, default=0.01)
    args = parser.parse_args(argv)
    runs = {path.stem: json.loads(path.read_text(encoding="utf-8"))["questions"] for path in args.outputs}
    header = "threshold " + "".join(f"{name[:22]:>24}" for name in runs)
    lines = [header, " " * 10 + "".join(f"{'f.abst unans cited':>24}" for _ in runs)]
    steps = int(round((args.high - args.low) / args.step)) + 1
    for k in range(steps):
        t = args.low + k * args.step
        cells = []
        for questions in runs.values():
            r = sweep(questions, t)
            cells.append(f"{r['false_abstention']:>8.3f}{r['unanswerable_abstained']:>7.2f}{r['cited_right']:>9.3f}")
        lines.append(f"{t:<10.2f}" + "".join(cells))
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
