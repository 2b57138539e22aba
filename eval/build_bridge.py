"""Build the English→Indonesian word table that bridges English questions to Indonesian documents.

Usage::

    apt-get download dict-freedict-eng-ind && dpkg -x dict-freedict-eng-ind_*.deb /tmp/freedict
    python -m citeqa.eval.build_bridge --freedict /tmp/freedict/usr/share/dictd/freedict-eng-ind \\
        --nusax ../shared/datasets/nusax/lexicon-id-en.csv

Sources, both CC BY-SA: the FreeDict English–Indonesian dictionary (WikDict, from Wiktionary; about 10,000
headwords) and the NusaX Indonesian→English lexicon (2,443 pairs, read in reverse). Each English headword of one
word is keyed by its English Snowball stem, so that "reported" finds "report"; its Indonesian translations of at
most three words are kept in dictionary order. Writes ``answer/weights/bridge-en-id.tsv`` (stem, tab, translations
joined by "|") and a ``.meta.json`` beside it, and the same table read backwards, ``bridge-id-en.tsv`` (Indonesian
term, tab, English stems; ``answer.bridge.invert``), for Indonesian questions over English documents. Only the
backwards table, from the shipped one: ``python -m citeqa.eval.build_bridge --backwards-only``.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import re
from pathlib import Path

from citeqa.answer.bridge import BACKWARDS, MODEL, invert, read_table, write_table
from citeqa.eval.training import report
from citeqa.index.analyzer import english_stem

_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_SENSE = re.compile(r"^\s*\d+\.\s+(.+)$")
_TRAILING_SENSE = re.compile(r"\s+\d+\.\s*$")
_INDONESIAN_WORD = re.compile(r"^[a-z][a-z-]*$")
MAX_TRANSLATIONS = 6


def _number(code: str) -> int:
    value = 0
    for char in code:
        value = value * 64 + _B64.index(char)
    return value


def freedict_entries(base: Path) -> dict[str, list[str]]:
    """English headword (lower case) -> Indonesian translations, from a dictd ``.index`` and ``.dict.dz``."""
    with gzip.open(base.with_suffix(".dict.dz")) as handle:
        raw = handle.read()
    found: dict[str, list[str]] = {}
    for line in base.with_suffix(".index").read_text(encoding="utf-8").splitlines():
        headword, offset, length = line.split("\t")
        if headword.startswith("00-") or " " in headword.strip():
            continue
        start = _number(offset)
        lines = raw[start:start + _number(length)].decode("utf-8").splitlines()[1:]
        # the first line after the header holds the first sense's translations; later senses are numbered
        first = [_SENSE.sub(r"\1", line) for line in lines[:1]]
        candidates = first + [m.group(1) for m in map(_SENSE.match, lines[1:]) if m]
        for candidate in candidates:
            for translation in _TRAILING_SENSE.sub("", candidate).split(","):
                words = translation.strip().lower().split()
                if 0 < len(words) <= 3 and all(_INDONESIAN_WORD.match(w) for w in words):
                    found.setdefault(headword.lower(), []).append(" ".join(words))
    return found


def nusax_entries(path: Path) -> dict[str, list[str]]:
    """English word -> Indonesian words, from the NusaX lexicon (``,indonesian,english`` rows)."""
    found: dict[str, list[str]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            english, indonesian = row["english"].strip().lower(), row["indonesian"].strip().lower()
            if english and " " not in english and _INDONESIAN_WORD.match(indonesian):
                found.setdefault(english, []).append(indonesian)
    return found


def build(sources: list[dict[str, list[str]]]) -> dict[str, list[str]]:
    """English stem -> up to ``MAX_TRANSLATIONS`` distinct translations, sources in order of preference."""
    table: dict[str, list[str]] = {}
    for source in sources:
        for english, translations in sorted(source.items()):
            kept = table.setdefault(english_stem(english), [])
            for translation in translations:
                if translation not in kept and len(kept) < MAX_TRANSLATIONS:
                    kept.append(translation)
    return {stem: kept for stem, kept in table.items() if kept}


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--freedict", type=Path, help="path of the dictd files without suffix (…/freedict-eng-ind)")
    parser.add_argument("--nusax", type=Path, help="NusaX lexicon-id-en.csv")
    parser.add_argument("--out", type=Path, default=MODEL)
    parser.add_argument("--backwards-only", action="store_true",
                        help="only write the backwards table (Indonesian -> English) from the table at --out")
    args = parser.parse_args(argv)
    backwards_out = args.out.with_name(BACKWARDS.name)
    if args.backwards_only:
        backwards = invert(read_table(args.out))
        write_table(backwards, backwards_out)
        return report({"from": args.out.name, "indonesian_terms": len(backwards)}, backwards_out)
    if args.freedict is None or args.nusax is None:
        parser.error("--freedict and --nusax are required (or --backwards-only)")
    freedict, nusax = freedict_entries(args.freedict), nusax_entries(args.nusax)
    table = build([freedict, nusax])
    write_table(table, args.out)
    backwards = invert({stem: tuple(kept) for stem, kept in table.items()})
    write_table(backwards, backwards_out)
    return report({"freedict_headwords": len(freedict), "nusax_words": len(nusax), "stems": len(table),
                   "indonesian_terms": len(backwards),
                   "licence": "CC BY-SA 3.0 (FreeDict eng-ind, WikDict) and CC BY-SA 4.0 (NusaX)"}, args.out)


if __name__ == "__main__":
    raise SystemExit(main())
