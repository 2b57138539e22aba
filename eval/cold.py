"""Cold-start benchmark of the CLI: ``citeqa ask`` from a new process, as a user runs it, against the floors of the
same run (a bare Python start and importing torch, which the span reader needs), and how fast bad input is refused.

    python -m citeqa.eval.cold [--runs 7] [--index DIR]

Prints one JSON object: wall seconds of each run, their median and maximum, the floors' medians, and whether the
answer came back. The first run is untimed (it may build the bundled article's index, export the question encoder
and compile the extractor's trees once, which a user's first question pays once).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

QUESTION = "Kapan Kim Jong Un bertemu dengan Vladimir Putin?"  # the README's question


def timed(command: list[str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    """Wall seconds of ``command`` in a new process, and its result."""
    began = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    return time.perf_counter() - began, done


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--index", type=Path, default=None, help="index to ask (default: the bundled article's)")
    args = parser.parse_args(argv)
    ask = [sys.executable, "-m", "citeqa.api.cli", "ask"]
    where = ["--index", str(args.index)] if args.index else []
    _, first = timed([*ask, QUESTION, *where])
    if first.returncode != 0:
        parser.error(f"citeqa ask failed: {first.stderr.strip()[-500:]}")
    walls, answers, pythons, torches, refusals = [], [], [], [], []
    for _ in range(args.runs):  # interleaved, so that a busy moment of the machine weighs on every figure alike
        wall, done = timed([*ask, QUESTION, *where])
        walls.append(wall)
        answers.append(done.stdout.splitlines()[0] if done.returncode == 0 and done.stdout else done.stderr.strip())
        pythons.append(timed([sys.executable, "-c", "pass"])[0])
        torches.append(timed([sys.executable, "-c", "import torch"])[0])
        refusals.append(timed([*ask, "   ", *where])[0])
    report = {
        "runs": args.runs, "ask_wall_s": [round(w, 2) for w in walls],
        "ask_median_s": round(statistics.median(walls), 2), "ask_max_s": round(max(walls), 2),
        "answers": sorted(set(answers)),
        "python_start_median_s": round(statistics.median(pythons), 3),
        "import_torch_median_s": round(statistics.median(torches), 2),
        "ratio_to_import_torch": round(statistics.median(walls) / statistics.median(torches), 2),
        "empty_question_refused_median_s": round(statistics.median(refusals), 2),
    }
    sys.stdout.write(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
