"""Questions about what an abbreviation stands for, and the document's own definition that answers them.

"Apa kepanjangan dari GPS?", "What does AFC stand for?" ask for the long form a document gives beside the short one
("Global Positioning System (GPS)", "RoIP (singkatan dari Radio Over Internet Protocol)", "International Rice
Research Institute atau IRRI"); "Apakah singkatan dari Lembaga Bantuan Hukum?" asks the other way. The readers,
trained on factoids, answer such a question with a name near the acronym ("Kepala LIPI, Prof Umar A Jenie"), and
its frame words ("kepanjangan", "stand for") cover nothing in the sentence that defines it, so the definition often
goes unread.

A long form is accepted as in Schwartz & Hearst (2003): the short form's letters occur in it in order, its first
letter starts the long form's first word, and the long form has at most ``min(len + 5, 2 × len)`` words. This
also matches Indonesian syllabic acronyms ("Puskopad": Pusat Koperasi Angkatan Darat). The PyPI package
``abbreviations`` implements the same test, but it configures the root logger when imported and finds only the
"long form (SHORT)" pattern, so the test is written here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from citeqa.answer.spans import Span

_SHORT = r"[\"“]?(?P<x>[\w&./-]+?)[\"”]?"
_ASK_LONG = (
    # "Apa(kah) (itu) kepanjangan (dari) X?", "Apa singkatan dari MIDI?", "Kepanjangan dari X adalah?"
    re.compile(rf"^\s*(?:apa(?:kah)?\s+(?:itu\s+)?)?(?:kepanjangan|kependekan|akronim|singkatan)\s+(?:dari\s+)?"
               rf"(?:kata\s+)?{_SHORT}\s*(?:adalah|ialah)?(?:\s+(?:menurut|dalam|di|pada)\s+[^?]*)?\s*\??\s*$",
               re.IGNORECASE),
    # "What does (the acronym) X stand for?", "What did the LMP acronym stand for …?", "That does TARDIS stand for?"
    re.compile(rf"\b(?:does|did|do)\s+(?:the\s+)?(?:(?:acronym|abbreviation|initials?|letters)\s+)?{_SHORT}\s+"
               r"(?:(?:acronym|abbreviation)\s+)?stand\s+for\b", re.IGNORECASE),
    # "What is (the) X short for?", "X stands for what?"
    re.compile(rf"^\s*what\s+(?:is|was)\s+(?:the\s+)?{_SHORT}\s+(?:short|an\s+abbreviation)\s+for\b", re.IGNORECASE),
    re.compile(rf"^\s*{_SHORT}\s+stands?\s+for\s+what\b", re.IGNORECASE),
)
_ASK_SHORT = (
    # "Apakah singkatan (dari) Lembaga Bantuan Hukum?": several words, so the long form is given
    re.compile(r"^\s*(?:apa(?:kah)?\s+)?(?:singkatan|akronim)\s+(?:dari\s+)?(?:kata\s+)?(?P<x>\S+(?:\s+\S+)+?)"
               r"\s*\??\s*$", re.IGNORECASE),
    # "What is X abbreviated as?", "What is an abbreviation for X?", "What is the acronym for X?"
    re.compile(r"^\s*what\s+(?:is|was|are)\s+(?:the\s+)?(?P<x>.+?)\s+(?:abbreviated|shortened)\s+(?:as|to)\b",
               re.IGNORECASE),
    re.compile(r"^\s*what\s+(?:is|was)\s+(?:an?|the)\s+(?:abbreviation|acronym|short\s+form)\s+(?:for|of)\s+"
               r"(?:the\s+)?(?P<x>.+?)\s*\??\s*$", re.IGNORECASE),
)
# what puts a long form after its short one: "X (singkatan dari …)", "X, kependekan dari …", "X stands for …",
# 'X – "…" –'
_LEAD_IN = re.compile(r"\s*(?P<mark>(?:\(|[–—]|-\s)\s*[\"“]?\s*)?(?P<words>,?\s*(?:yang\s+)?"
                      r"(?:(?:adalah|merupakan|ialah)\s+)?(?:(?:singkatan|kependekan|akronim|kepanjangan)(?:\s+dari)?|stands?\s+for|short\s+for|or|atau|"
                      r"yaitu|yakni|alias|bahasa\s+\w+\s*:))?\s*", re.IGNORECASE)
_WORD = re.compile(r"[^\s()\[\],;:\"“”]+")
_BREAK = re.compile(r"[,;:()\[\]\"“”]|\s(?:yang|which|who|adalah|merupakan|is|was)\s", re.IGNORECASE)


@dataclass(frozen=True)
class Asked:
    """What an abbreviation question gives: the short form (``wants_long``) or the long form."""

    given: str
    wants_long: bool


def asked_abbreviation(question: str) -> Asked | None:
    """The abbreviation or long form ``question`` asks about, or ``None`` for other questions."""
    for pattern in _ASK_LONG:
        found = pattern.search(question)
        if found is not None and len(found.group("x")) >= 2:
            given = found.group("x").strip(".")
            if " " not in given:
                return Asked(given, True)
    for number, pattern in enumerate(_ASK_SHORT):
        found = pattern.search(question)
        if found is not None and len(found.group("x").split()) >= 2:
            given = found.group("x").strip(" ?\"“”")
            capitals = [w for w in given.split() if sum(c.isupper() for c in w) >= 2]
            if number == 0 and len(capitals) == 1 and all(w.islower() for w in given.split() if w not in capitals):
                return Asked(capitals[0], True)  # "Apakah singkatan hama GAS?": GAS is the abbreviation
            return Asked(given, False)
    return None


def _most_words(short: str) -> int:
    """The most words a long form of ``short`` may have: ``min(len + 5, 2 × len)`` of its letters and digits."""
    letters = sum(1 for c in short if c.isalnum())
    return min(letters + 5, 2 * letters)


def stands_for(short: str, long: str) -> bool:
    """Whether ``long`` can spell ``short``: its letters in order, the first starting ``long``'s first word,
    at most ``min(len + 5, 2 × len)`` words (Schwartz & Hearst); not a word of ``long`` itself."""
    letters = [c.lower() for c in short if c.isalnum()]
    parts = long.split()
    if len(letters) < 2 or len(parts) < 2 and "-" not in long or len(parts) > _most_words(short):
        return False
    if not long[:1].isalnum() or long[0].lower() != letters[0] or short.lower() in (p.lower() for p in parts):
        return False
    return _in_order("".join(letters[1:]), long[1:])


def _key_words(short: str, long: str) -> bool:
    """Whether ``long`` has as many words starting with the first letter of ``short`` as ``short`` has of that
    letter (Schwartz & Hearst's choice of where a long form starts: "Konsil Kedokteran Indonesia" for KKI, not
    "Kedokteran Indonesia")."""
    key = short[0].lower()
    return sum(1 for w in re.split(r"[\s-]+", long) if w[:1].lower() == key) >= short.lower().count(key)


def _long_before(text: str, floor: int, end: int, short: str) -> Span | None:
    """The run of the words just before ``end`` (not before ``floor`` or a break) that spells ``short``: the
    shortest with enough words starting with its first letter (``_key_words``), else the shortest."""
    breaks = [m.end() for m in _BREAK.finditer(text, max(floor, end - 400), end)]
    lo = max([floor, end - 400, *breaks])  # (a long form is at most 2 × 10 words: no need to look further back)
    words = list(_WORD.finditer(text, lo, end))[-_most_words(short):]
    spelled = [Span(words[i].start(), words[-1].end(), text[words[i].start():words[-1].end()])
               for i in range(len(words) - 1, -1, -1) if stands_for(short, text[words[i].start():words[-1].end()])]
    return next((span for span in spelled if _key_words(short, span.text)), spelled[0] if spelled else None)


def _long_after(text: str, start: int, ceiling: int, short: str) -> Span | None:
    """The words from ``start`` (after an opening bracket or a lead-in such as "singkatan dari") up to the next
    break, where they spell ``short``."""
    lead = _LEAD_IN.match(text, start, ceiling)
    if lead is None or not (lead.group("mark") or lead.group("words")):
        return None  # "X (…)" or "X, singkatan dari …": not any words that follow X
    s = lead.end()
    stop = _BREAK.search(text, s, ceiling)
    words = list(_WORD.finditer(text, s, stop.start() if stop is not None else ceiling))
    if words and stands_for(short, text[s:words[-1].end()]):
        return Span(s, words[-1].end(), text[s:words[-1].end()])
    return None


def long_form(short: str, text: str, start: int, end: int) -> Span | None:
    """The long form that ``text[start:end]`` gives for ``short``, beside one of its mentions: before it ("Global
    Positioning System (GPS)", "… Institute atau IRRI", "(Central Intelligence Agency – CIA)") or after it ("RoIP
    (singkatan dari …)", 'TARDIS – "Time and Relative Dimension in Space"'); ``None`` if
    the sentence defines it nowhere."""
    for mention in re.finditer(rf"(?<![\w-]){re.escape(short)}(?![\w-])", text[start:end]):
        a, b = start + mention.start(), start + mention.end()
        connector = re.search(r"(?:\(\s*|\b(?:atau|or)\s+|\s[–—-]\s*)$", text[max(start, a - 8):a])
        if connector is not None:
            found = _long_before(text, start, a - len(connector.group(0)), short)
            if found is not None:
                return found
        found = _long_after(text, b, end, short)
        if found is not None:
            return found
    return None


def _in_order(short: str, long: str) -> bool:
    """Whether the letters of ``short`` occur in ``long`` in order ("Polsek": KePOLisian SEKtor)."""
    rest = iter(long.lower())
    return all(c in rest for c in short.lower() if c.isalnum())


def short_form(long: str, text: str, start: int, end: int) -> Span | None:
    """The abbreviation ``text[start:end]`` gives for ``long``: "Lembaga Bantuan Hukum (LBH)", "Internet of Things,
    atau dikenal juga dengan singkatan IoT", "LBH (Lembaga Bantuan Hukum)"; ``None`` if none is given. Right after
    the long form in brackets, an abbreviation need only keep its letters in order ("Kepolisian Sektor (Polsek)")."""
    spaced = r"\s+".join(re.escape(w) for w in long.split())
    for mention in re.finditer(rf"(?<!\w){spaced}(?!\w)", text[start:end], re.IGNORECASE):
        a, b = start + mention.start(), start + mention.end()
        said = mention.group(0)
        bracketed = re.match(r"\s*\(\s*(?P<x>[\w&.-]{2,10})\s*\)", text[b:end])
        if bracketed is not None and any(c.isupper() for c in bracketed.group("x")) \
                and _in_order(bracketed.group("x"), said):
            s = b + bracketed.start("x")
            return Span(s, s + len(bracketed.group("x")), bracketed.group("x"))
        # "…, atau dikenal juga dengan singkatan IoT"
        for token in list(_WORD.finditer(text, b, min(end, b + 120)))[:8]:
            x = token.group(0).rstrip(".")
            connected = re.search(r"(?:\(|\batau|\bor|singkatan|disingkat|menjadi|\bas)\s*$", text[b:token.start()])
            if connected is not None and any(c.isupper() for c in x) and stands_for(x, said):
                return Span(token.start(), token.start() + len(x), x)
        lo = max(start, a - 20)
        before = re.search(r"(?P<x>[\w&.-]{2,10})\s*\(\s*$", text[lo:a])
        if before is not None and stands_for(before.group("x"), said):
            s = lo + before.start("x")
            return Span(s, s + len(before.group("x")), before.group("x"))
    return None


def defining_span(asked: Asked, text: str, start: int, end: int) -> Span | None:
    """The answer to ``asked`` that the sentence ``text[start:end]`` gives, or ``None``."""
    if asked.wants_long:
        return long_form(asked.given, text, start, end)
    return short_form(asked.given, text, start, end)
