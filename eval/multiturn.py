"""Multi-turn eval: conversations whose follow-ups name nothing ("Kapan dia lahir?", "Dan Rusia?").

Usage::

    python -m citeqa.eval.multiturn --set eval/sets/multiturn-article.jsonl
    python -m citeqa.eval.multiturn --set eval/sets/multiturn-tydi.jsonl --index /tmp/bench/idx-tydi-dev

Each conversation is asked turn by turn, every follow-up resolved with the turns before it and citeqa's own
answers to them (``citeqa.answer.followup``), as the chat route and the web page do. A follow-up is right when its
answer reaches token F1 0.5 against the gold answers, or, where the set says ``"clarify": true``, when citeqa asks
whom or what is meant; it is cited right when the sentence it cites holds a gold answer. Printed beside it: the
same follow-ups asked as they are, without the conversation. "wrong after right" counts follow-ups answered
wrongly although the turn before was right (the wrong one's facts, or the right one's wrong fact); "of them cited
elsewhere" those whose cited sentence does not hold the answer (the right sentence with the wrong span is not
counted there).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from citeqa.answer.assistant import Assistant
from citeqa.answer.followup import Turn, resolve
from citeqa.core.config import load_settings
from citeqa.eval import metrics as m
from citeqa.eval.items import parse_lines
from citeqa.eval.runner import RIGHT_F1


class GoldTurn(BaseModel):
    """One question of a conversation and what should come back."""

    model_config = ConfigDict(extra="forbid", strict=True)
    question: str = Field(min_length=1)
    answers: list[str] = Field(default_factory=list)
    clarify: bool = False


class Conversation(BaseModel):
    """A conversation of an eval set."""

    model_config = ConfigDict(extra="forbid", strict=True)
    id: str
    source: str | None = None
    turns: list[GoldTurn] = Field(min_length=1)


def load(path: Path) -> list[Conversation]:
    """Read a multi-turn set; ``ConfigError`` naming the line that is wrong."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [row for _, row in parse_lines(path, lines, Conversation, "conversation", str)]


def run(assistant: Assistant, conversations: list[Conversation], follow: bool = True) -> list[dict[str, Any]]:
    """Ask every conversation; one record per turn. ``follow=False`` asks each question as it is."""
    records = []
    for conversation in conversations:
        history: list[Turn] = []
        for number, gold in enumerate(conversation.turns):
            resolution = resolve(gold.question, history) if follow else None
            asked_back = resolution is not None and resolution.unclear is not None
            asked = resolution.question if resolution is not None else gold.question
            reply = None if asked_back else assistant.ask(asked)
            answer = reply.text if reply is not None else None
            f1 = m.token_f1(answer, tuple(gold.answers)) if gold.answers else 0.0
            right = asked_back if gold.clarify else (answer is not None and f1 >= RIGHT_F1)
            quoted = reply is not None and answer is not None and any(a in reply.citations[0].text
                                                                      for a in gold.answers)
            records.append({"conversation": conversation.id, "turn": number, "question": gold.question,
                            "asked": asked, "asked_back": asked_back, "answer": answer, "token_f1": f1,
                            "right": right, "cited_right": asked_back if gold.clarify else quoted,
                            "follow_up": number > 0 or gold.clarify})
            history.append(Turn(asked, answer))
    return records


def summary(records: list[dict[str, Any]]) -> dict[str, float]:
    """Shares over the follow-ups: right or rightly asked back, abstained, answered wrongly (and of those, after a
    previous turn that was right: the wrong person's facts)."""
    follow = [r for r in records if r["follow_up"]]
    by_turn = {(r["conversation"], r["turn"]): r for r in records}
    wrong = [r for r in follow if not r["right"] and r["answer"] is not None]
    after_right = [r for r in wrong if r["turn"] > 0 and by_turn[(r["conversation"], r["turn"] - 1)]["right"]]
    elsewhere = [r for r in after_right if not r["cited_right"]]
    n = max(1, len(follow))
    return {"follow_ups": len(follow), "right_or_asked_back": sum(r["right"] for r in follow) / n,
            "cited_right_or_asked_back": sum(r["cited_right"] for r in follow) / n,
            "abstained": sum(r["answer"] is None and not r["asked_back"] for r in follow) / n,
            "answered_wrong": len(wrong) / n, "wrong_after_a_right_turn": len(after_right),
            "cited_elsewhere_after_a_right_turn": len(elsewhere)}


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--set", type=Path, required=True)
    parser.add_argument("--index", type=Path, default=None, help="default: the bundled article's index")
    parser.add_argument("--output", type=Path, default=None)
    args = parser.parse_args(argv)
    assistant = Assistant.load(load_settings(index_dir=args.index))
    conversations = load(args.set)
    records = run(assistant, conversations)
    plain = summary(run(assistant, conversations, follow=False))
    resolved = summary(records)
    sys.stdout.write(f"{args.set.name}: {len(conversations)} conversations, {resolved['follow_ups']} follow-ups\n")
    sys.stdout.write(f"{'':<22}{'right/asked back':>18}{'cited right/a.b.':>18}{'abstained':>11}{'wrong':>8}"
                     f"{'wrong after right':>19}{'of them cited elsewhere':>25}\n")
    for name, row in (("with the conversation", resolved), ("as asked", plain)):
        sys.stdout.write(f"{name:<22}{row['right_or_asked_back']:>18.3f}{row['cited_right_or_asked_back']:>18.3f}"
                         f"{row['abstained']:>11.3f}"
                         f"{row['answered_wrong']:>8.3f}{row['wrong_after_a_right_turn']:>19}"
                         f"{row['cited_elsewhere_after_a_right_turn']:>25}\n")
    if args.output:
        args.output.write_text(json.dumps({"summary": resolved, "as_asked": plain, "turns": records}, indent=1,
                                          ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
