"""Follow-up questions in a conversation: "Kapan dia lahir?", "Dan Putin?", "What about Russia?".

A follow-up that names nothing is rewritten with the previous turn before retrieval: a pronoun ("dia", "ia",
"beliau", "mereka", "-nya", "he", "she", "it", "they", "his"…) becomes the previous answer when that is a name,
else the first name of the previous question, else (an Indonesian question that names no one) its subject noun
phrase ("Kapan penasihat keamanan ketiga negara bertemu?" makes "mereka" the advisers). A noun with a demonstrative
("pelabuhan itu", "kantor berita tersebut") becomes the noun with the name it had in the previous question
("pelabuhan Najin"), or with the previous answer where that question asked which one ("Kantor berita apa …?" →
"Yonhap"). An elliptical question ("Dan X?", "Bagaimana dengan X?", "Kalau X?", "And X?", "What about X?") is the
previous question with its first name (most often its subject) replaced by X, the two swapped where X is already
in it ("Dan Rusia?" after "Apa yang diperoleh Korea Utara dari Rusia?"); "Dan ibunya?" replaces the noun before
the name ("Siapa ayah Budi?" → "Siapa ibu Budi?"). When there is nothing to resolve with, the resolution says
so, and the interface asks the user whom or what they mean instead of guessing. Pure string work over the
conversation; no model.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from citeqa.answer.question import AnswerType, answer_type, asks_who_is
from citeqa.index.analyzer import is_stopword

_ELLIPSIS = re.compile(
    r"^\s*(?:dan|lalu|terus|kalau|kalo|bagaimana dengan|gimana dengan|bagaimana kalau|and|what about|how about)"
    r"\s+(?P<rest>[^?]{1,60}?)\s*\??\s*$", re.IGNORECASE)
_PRONOUNS = frozenset({"dia", "ia", "beliau", "he", "she", "him", "his", "her", "hers",
                       "mereka", "they", "them", "their", "it", "its"})
_NOT_REFERENTS = frozenset({AnswerType.PLACE, AnswerType.DATE, AnswerType.NUMBER})
# Words ending in "-nya" that are not a possessive of something named before.
_NYA_WORDS = frozenset("hanya punya bahwanya karenanya sebenarnya akhirnya selanjutnya sebelumnya sesudahnya "
                       "setelahnya biasanya misalnya umumnya khususnya lainnya seharusnya sepertinya rupanya "
                       "agaknya nyanya tanya bertanya pertanyaan satunya semuanya masing-masingnya "
                       "sehingganya adanya".split())
_WORD = re.compile(r"[\w'’-]+")
_NAME = re.compile(r"(?<![\w-])(?:[A-Z][\w'’.-]*|\d[\w.,/-]*)(?:\s+(?:[A-Z][\w'’.-]*|\d[\w.,/-]*|of|bin|van|de))*")
_MONTHS = frozenset("januari februari maret april mei juni juli agustus september oktober november desember "
                     "january february march may june july august october december".split())
_DEMONSTRATIVE = re.compile(r"\b(?P<noun>[a-z][\w-]*(?:\s+[a-z][\w-]*)?)\s+(?:itu|tersebut)\b")
_VERB_PREFIXES = ("me", "ber", "di", "ter")
_QUESTION_WORDS = frozenset("apa apakah siapa siapakah kapan berapa mana di dimana bagaimana mengapa kenapa "
                            "who what when where which how why whose whom is are was were did does do".split())


@dataclass(frozen=True)
class Turn:
    """One earlier exchange: the question as it was asked (resolved) and the answer given (``None``: none)."""

    question: str
    answer: str | None


@dataclass(frozen=True)
class Resolution:
    """The question to ask; whether it was rewritten; the word that could not be resolved (then ask back)."""

    question: str
    resolved: bool = False
    unclear: str | None = None


def names(text: str) -> list[str]:
    """Runs of capitalised words or numbers in ``text``, the first word left out unless it is a name after it."""
    found = []
    for match in _NAME.finditer(text):
        name = match.group(0).strip()
        if match.start() == len(text) - len(text.lstrip()):  # the sentence's first word is capitalised anyway
            first, _, rest = name.partition(" ")
            if first.lower() in _QUESTION_WORDS:
                name = rest
            elif not rest:
                continue
        name = name.rstrip(".,;:")
        if name and not all(w.lower() in _MONTHS or w[:1].isdigit() for w in name.split()):
            found.append(name)  # dates and figures are not what a pronoun or "Dan X?" refers to
    return found


def _looks_like_name(answer: str | None) -> bool:
    if not answer:
        return False
    words = answer.split()
    return len(words) <= 6 and answer[:1].isupper() and not any(c.isdigit() for c in answer)


def _antecedent(previous: Turn) -> str | None:
    """What a pronoun refers to: the previous answer when the previous question asked for someone or something
    named and the answer is a name (but not when it asked who a named one is: "Siapa Robert King?" makes "dia"
    Robert King; nor when it asked where or when: "Di mana mereka bertemu?" → "Korea Selatan" is not "mereka"),
    else the previous question's first name."""
    asked = names(previous.question)
    describes = asks_who_is(previous.question)
    kind = answer_type(previous.question)
    if _looks_like_name(previous.answer) and not describes and kind not in _NOT_REFERENTS:
        return previous.answer
    return asked[0] if asked else subject(previous.question)


def _demonstratives(question: str, previous: Turn) -> str:
    """``question`` with each "<noun> itu/tersebut" named as in ``previous`` ("pelabuhan itu" → "pelabuhan
    Najin"; after "Kantor berita apa …?" answered "Yonhap", "kantor berita itu" → "kantor berita Yonhap")."""
    def named(match: re.Match[str]) -> str:
        head = match.group("noun")
        for noun in (head, head.split()[-1]):
            before = re.search(rf"(?i)\b{re.escape(noun)}\s+(?:di\s+)?(?P<name>{_NAME.pattern})", previous.question)
            if before is not None and before.group("name") in names(previous.question):
                return f"{head[:len(head) - len(noun)]}{noun} {before.group('name')}"
            which = re.search(rf"(?i)\b{re.escape(noun)}\s+(?:apa|mana)\b", previous.question)
            if which is not None and _looks_like_name(previous.answer):
                return f"{head[:len(head) - len(noun)]}{noun} {previous.answer}"
        return match.group(0)
    return _DEMONSTRATIVE.sub(named, question)


def _ellipsis(rest: str, previous: Turn) -> Resolution:
    """"Dan X?": the previous question with its first name replaced by X (swapped where X is in it already), or
    for "Dan ibunya?" the noun before that name replaced."""
    before = names(previous.question)
    first = before[0]  # most often the subject: "Apa yang dijanjikan Xi Jinping kepada Korea Utara?"
    at = previous.question.find(first)
    head, tail = previous.question[:at], previous.question[at + len(first):]
    if _possessive(rest) and " " not in rest:
        noun = rest[:-3]
        relation = re.search(r"(\w+)\s+$", head)
        if relation and relation.group(1).islower() and not is_stopword(relation.group(1)) \
                and not _verb_like(relation.group(1)) and relation.group(1).lower() not in _QUESTION_WORDS:
            return Resolution(f"{head[:relation.start(1)]}{noun} {first}{tail}", resolved=True)
        return Resolution(f"{head}{noun} {first}{tail}", resolved=True)
    if rest in before[1:]:
        at_rest = tail.find(rest)
        tail = tail[:at_rest] + first + tail[at_rest + len(rest):]
    return Resolution(head + rest + tail, resolved=True)


def _possessive(word: str, first: bool = True) -> bool:
    """"kantornya": a word with the possessive "-nya"; capitalised ("Mitranya") only as the question's first word,
    since elsewhere it is a name or a phrase quoted from the document."""
    lower = word.lower()
    return lower.endswith("nya") and len(lower) >= 6 and lower not in _NYA_WORDS and (first or word[:1].islower())


def _verb_like(word: str) -> bool:
    return len(word) > 5 and word.startswith(_VERB_PREFIXES)


def subject(question: str) -> str | None:
    """The subject noun phrase of an Indonesian question that names no one: the words after the question words
    up to the first verb or function word ("Kapan penasihat keamanan ketiga negara bertemu?" → "penasihat keamanan
    ketiga negara"), or ``None``."""
    found: list[str] = []
    for word in _WORD.findall(question):
        lower = word.lower()
        if not found and lower in _QUESTION_WORDS | {"yang"}:
            continue
        if not word.islower() or is_stopword(lower) or _verb_like(lower) or lower in _QUESTION_WORDS:
            break
        found.append(word)
    return " ".join(found) if found else None


def resolve(question: str, history: Sequence[Turn]) -> Resolution:
    """``question`` made self-contained with the last turn of ``history`` (see the module docstring)."""
    previous = history[-1] if history else None
    ellipsis = _ELLIPSIS.match(question)
    if ellipsis and not any(w.lower() in _PRONOUNS for w in _WORD.findall(ellipsis.group("rest"))):
        rest = ellipsis.group("rest").strip()
        if previous is None or not names(previous.question):
            return Resolution(question, unclear=rest)
        return _ellipsis(rest, previous)
    asked = question
    if previous is not None:
        question = _demonstratives(question, previous)
    words = list(_WORD.finditer(question))
    pronouns = [m for m in words if m.group(0).lower() in _PRONOUNS or _possessive(m.group(0), m.start() == 0)]
    if not pronouns:
        return Resolution(question, resolved=question != asked)
    target = _antecedent(previous) if previous else None
    if target is None:
        word = pronouns[0].group(0)
        return Resolution(question, unclear=word if not _possessive(word) else word[:-3] + "-nya")
    out, cursor = [], 0
    for match in pronouns:
        word = match.group(0)
        replacement = f"{word[:-3]} {target}" if _possessive(word) else target
        out.extend([question[cursor:match.start()], replacement])
        cursor = match.end()
    out.append(question[cursor:])
    return Resolution("".join(out), resolved=True)


def resolve_all(questions: Sequence[str], answers: Sequence[str | None]) -> list[Resolution]:
    """Resolve each of a conversation's questions with the turns before it (``answers[i]`` answered
    ``questions[i]``; a question without an answer yet is the last)."""
    turns: list[Turn] = []
    found = []
    for i, question in enumerate(questions):
        resolution = resolve(question, turns)
        found.append(resolution)
        turns.append(Turn(resolution.question, answers[i] if i < len(answers) else None))
    return found
