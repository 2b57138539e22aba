"""A value that changed: the new one, unless the question asks for the earlier.

A report or a meeting's minutes say "Iuran wajib naik dari Rp 50.000 menjadi Rp 75.000 per bulan mulai April
2025" or "Revenue rose from 1.8 to 2.1 billion rupiah". Asked "Berapa iuran wajib mulai April 2025?", the readers
took the first amount of the sentence, the old one. Where the short answer lies in the old value of such a change
and the question neither asks for the earlier value ("sebelumnya", "semula", "previously" …) nor names what
stands beside the old value ("Pada tahun berapa … tiga juta orang?" of "dari tiga juta orang pada tahun 2001
menjadi …"), the answer is taken from the new value. A range is no change: "dari 1988 sampai 1995", "from 1954 to
1956" are left as they are (the question then asks for either end).

A date or time that was moved ("The review planned for Tuesday 14 October has been moved to Thursday 16
October", "diundur dari 12 Mei ke 19 Mei") is answered alike with where it was moved to, where the readers' answer
lies before it and is of its kind.

A question about the change itself ("How much did revenue grow?", "Berapa persen kenaikan pendapatan?") asks for
its amount, not where the value ended: of "Revenue grew by 14 percent to 2.1 billion rupiah" or "Pendapatan naik 14
persen menjadi Rp 2,1 miliar" the answer is "14 percent", wherever in the change the readers put it.
"""

from __future__ import annotations

import re

from citeqa.index.analyzer import analyze

# English verbs of change (stems: "increas" for "increased"), those of "from X to Y" and those of an amount
_CHANGE_VERBS = r"increas|decreas|rise|rose|risen|grew|grow|fell|fall|drop|declin|jump|climb"
_VERBS_EN = rf"(?:{_CHANGE_VERBS}|gain|shr[iu]nk|slid|slump|surg|soar)"
_VERBS_ID = r"(?:naik|turun|meningkat|menurun|bertambah|berkurang|tumbuh|melonjak|anjlok|merosot|susut|menyusut)"
# Indonesian: "dari X menjadi Y" (a change, never a range); English: a verb of change, then "from X to Y"
# (a comma between digits is a decimal comma: "3,5 juta")
_PART = r"(?:[^,;]|,(?=\d))"
_CHANGE = re.compile(
    rf"\bdari\s+(?P<old>{_PART}{{1,60}}?)\s+menjadi\s+(?P<new>{_PART}{{1,80}})"
    rf"|\b(?:{_CHANGE_VERBS}|chang|rais|reduc|went)"
    rf"\w*\s+(?:\w+\s+){{0,2}}?from\s+(?P<old_en>{_PART}{{1,60}}?)\s+to\s+(?P<new_en>{_PART}{{1,80}})",
    re.IGNORECASE)
# where the new value ends: a clause mark, a full stop (not a decimal or thousands point) or a word that opens an
# adjunct ("per bulan", "mulai April", "in 2024")
_NEW_END = re.compile(r"[;:()]|,(?!\d)|\.(?!\d)|\s(?:per|mulai|sejak|pada|di|untuk|dan|yang|sehingga|karena|in|on|at|"
                      r"for|since|starting|after|by|and|which|each)\b", re.IGNORECASE)
_ASKS_BEFORE = re.compile(r"\b(?:sebelum(?:nya)?|semula|awal(?:nya)?|mula-mula|dulu(?:nya)?|dahulu|lama|"
                          r"previous(?:ly)?|before|original(?:ly)?|initial(?:ly)?|old|earlier|from)\b", re.IGNORECASE)
# a change with its amount: "grew by 14 percent to 2.1 billion", "naik 14 persen menjadi Rp 2,1 miliar"
_AMOUNT = re.compile(
    rf"\b{_VERBS_EN}\w*\s+(?!from\b)(?:by\s+)?(?P<by>{_PART}{{1,40}}?)\s+to\s+(?P<to>\S)"
    rf"|\b{_VERBS_ID}\s+(?!dari\b)(?:sebesar\s+|sebanyak\s+|sekitar\s+|hampir\s+)?(?P<by_id>{_PART}{{1,40}}?)\s+"
    r"(?:menjadi|hingga|ke)\s+(?P<to_id>\S)",
    re.IGNORECASE)
# a change's amount with no value it ended at: "naik 12 persen dibandingkan tahun sebelumnya", "rose 3 points"
_AMOUNT_ALONE = re.compile(
    rf"\b(?:{_VERBS_EN}\w*|{_VERBS_ID})\s+(?:(?:sebesar|sebanyak|sekitar|hampir|by|about|nearly|almost)\s+)?"
    r"(?P<amount>(?:Rp\s?|US\$\s?|\$\s?)?\d[\d.,]*\d?(?:\s?%|\s(?:persen|percent|per\s+cent|kali\s+lipat|poin|"
    r"points?|juta|miliar|ribu|triliun|million|billion|thousand)\b)*)",
    re.IGNORECASE)
_NUMBER = re.compile(r"\d|\b(?:satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|seratus|seribu|"
                     r"setengah|separuh|one|two|three|four|five|six|seven|eight|nine|ten|half|double|twice)\b",
                     re.IGNORECASE)
# a question about the change itself: "how much did … grow", "by how much", "berapa (persen) kenaikan …",
# "naik berapa", "seberapa besar … meningkat"
_ASKS_AMOUNT = re.compile(
    rf"\bby\s+how\s+much\b|\bby\s+what\s+(?:percent|percentage|amount|margin|factor)\b"
    rf"|\bhow\s+(?:much|many\s+\w+|many)\s+(?:did|does|do|has|have|had|will|would)\b.*\b{_VERBS_EN}"
    r"|\bhow\s+(?:much|large|big)\s+(?:was|is|were)\s+the\s+(?:increase|rise|growth|gain|drop|fall|decline|"
    r"decrease|loss|jump)\b"
    r"|\bberapa(?:kah)?\s+(?:besar\s+|persen\s+|banyak\s+)?(?:kenaikan|penurunan|peningkatan|pertumbuhan|"
    r"pertambahan|pengurangan|penambahan|lonjakan)\b"
    rf"|\b{_VERBS_ID}\s+(?!dari\b)(?:sebesar\s+|sebanyak\s+)?berapa\b"
    rf"|\bseberapa\s+(?:besar|banyak|jauh)\b.*\b{_VERBS_ID}\b"
    rf"|\bberapa(?:kah)?\s+(?:persen|banyak)\b.*\b{_VERBS_ID}\b",
    re.IGNORECASE)
# a question that names a change or a share at all may ask for the amount: the answer there stays where it is
_NAMES_CHANGE = re.compile(rf"\b(?:{_VERBS_EN}|{_VERBS_ID}|kenaikan|penurunan|peningkatan|pertumbuhan|pertambahan|"
                           r"pengurangan|penambahan|lonjakan|change|growth|persen\w*|percent\w*|per\s+cent)|%",
                           re.IGNORECASE)
# a date, time or place moved: "has been moved to Thursday 16 October", "diundur dari 12 Mei ke 19 Mei"
_MOVED = re.compile(
    r"\b(?:moved|postponed|rescheduled|delayed|brought\s+forward|pushed\s+back|put\s+back|shifted|relocated|"
    r"dipindahkan|dipindah|diundur|dimajukan|ditunda|digeser|direlokasi)\s+(?:from\s+|dari\s+)?"
    r"(?:(?P<old>[^,;.]{1,60}?)\s+)?(?:to|ke|menjadi|hingga|sampai)\s+(?P<new>\S[^;]{0,80})", re.IGNORECASE)
_ASKS_PLANNED = re.compile(r"\b(?:traditional(?:ly)?|usual(?:ly)?|normal(?:ly)?|norm|planned|scheduled|biasanya|"
                           r"rencana(?:nya)?|direncanakan|dijadwalkan|jadwal\s+awal)\b", re.IGNORECASE)
_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}\b")
_DAY_OR_MONTH = re.compile(r"\b(?:senin|selasa|rabu|kamis|jumat|sabtu|minggu|monday|tuesday|wednesday|thursday|"
                           r"friday|saturday|sunday|januari|februari|maret|april|mei|juni|juli|agustus|september|"
                           r"oktober|november|desember|january|february|march|may|june|july|august|october|"
                           r"december|1[5-9]\d\d|20\d\d)\b", re.IGNORECASE)
MAX_NEW_WORDS = 6  # a new value taken whole (no reader's span inside it) is at most this many words


def _old_new(found: re.Match[str]) -> tuple[str, str]:
    """The names of the old and new value groups of a ``_CHANGE`` match (its Indonesian or English side)."""
    return ("old", "new") if found.group("old") is not None else ("old_en", "new_en")


def _by_to(found: re.Match[str]) -> tuple[str, str]:
    """The names of the amount and new value groups of an ``_AMOUNT`` match (its English or Indonesian side)."""
    return ("by", "to") if found.group("by") is not None else ("by_id", "to_id")


def _value_end(text: str, start: int, end: int) -> int:
    """Where a value starting at ``start`` ends (``_NEW_END``), ``end`` at the latest."""
    stop = _NEW_END.search(text, start, end)
    return stop.start() if stop is not None else end


def new_value(question: str, text: str, start: int, end: int, answer: tuple[int, int]) -> tuple[int, int] | None:
    """The character range of the new value of a change in the sentence ``text[start:end]`` when the ``answer``
    range holds (part of) its old value and the question asks for neither the earlier value nor what stands beside
    it; else ``None``."""
    if _ASKS_BEFORE.search(question):
        return None
    asked = set(analyze(question))
    for found in _CHANGE.finditer(text, start, end):
        old, new = _old_new(found)
        if not (answer[0] < found.end(old) and answer[1] > found.start(old)):
            continue  # (an answer holding the old value and more, "820 orang menjadi 910 orang", moves too)
        beside = set(analyze(text[found.start(old):answer[0]] + " " + text[answer[1]:found.end(old)]))
        if beside & asked:  # the question names what stands beside the old value: it asks about the old one
            return None
        new_end = _value_end(text, found.start(new), found.end(new))
        return (found.start(new), new_end) if new_end > found.start(new) else None
    return _moved_to(question, text, start, end, answer)


def _kind(value: str) -> str:
    """What a value is, to tell a move's new value of the answer's kind: a time, a date, a number or a name (where
    a name was moved to, the readers' answer before it is too often something else: "Budapest" of "moved to
    Budapest to work under Ferenc Puskás")."""
    if _TIME.search(value):
        return "time"
    if _DAY_OR_MONTH.search(value):
        return "date"
    return "number" if any(c.isdigit() for c in value) else "name"


def _moved_to(question: str, text: str, start: int, end: int, answer: tuple[int, int]) -> tuple[int, int] | None:
    """The range of when something was moved to, in the sentence ``text[start:end]``, when the ``answer`` lies
    before it (the planned date or time) and is of its kind ("Tuesday 14 October" of "planned for
    Tuesday 14 October has been moved to Thursday 16 October"; not "1990" of "founded in 1990, moved to Jakarta");
    else ``None``."""
    if _ASKS_PLANNED.search(question):
        return None  # "As a norm, what day is Media Day held?" asks when it was before the move
    for found in _MOVED.finditer(text, start, end):
        if answer[1] > found.start("new"):
            continue
        new_end = _value_end(text, found.start("new"), end)
        kind = _kind(text[answer[0]:answer[1]])
        if new_end > found.start("new") and kind in ("date", "time") and _kind(
                text[found.start("new"):new_end]) == kind:
            return found.start("new"), new_end
    return None


def change_amount(question: str, text: str, start: int, end: int, answer: tuple[int, int]) -> tuple[int, int] | None:
    """The character range of a change's amount ("14 percent" of "grew by 14 percent to 2.1 billion") in the
    sentence ``text[start:end]`` when the question asks how much something changed and the ``answer`` range lies
    in that change but not in its amount, or the sentence gives an amount alone ("naik 12 persen dibandingkan …")
    and the answer lies elsewhere; else ``None``."""
    if not _ASKS_AMOUNT.search(question):
        return None
    for found in _AMOUNT.finditer(text, start, end):
        by, _ = _by_to(found)
        if not _NUMBER.search(found.group(by)):
            continue
        if found.start(by) <= answer[0] and answer[1] <= found.end(by):
            return None  # the answer is the amount already
        if found.start() <= answer[0] < _value_end(text, found.end(), end):
            return found.start(by), found.end(by)
    alone = _AMOUNT_ALONE.search(text, start, end)
    if alone is not None and not (alone.start("amount") <= answer[0] and answer[1] <= alone.end("amount")):
        return alone.start("amount"), alone.end("amount")  # (also where the answer runs on: "12% as export …")
    return None


def earlier_value(question: str, text: str, start: int, end: int, answer: tuple[int, int]) -> tuple[int, int] | None:
    """The character range of the old value of a change in the sentence ``text[start:end]`` when the question asks
    for the earlier value and the ``answer`` range holds both the old value and the new ("rise from $120 to $150"
    for "What was the fee before?"); else ``None``."""
    if not _ASKS_BEFORE.search(question):
        return None
    for found in _CHANGE.finditer(text, start, end):
        old, new = _old_new(found)
        if answer[0] <= found.start(old) + 1 and answer[1] > found.start(new):
            return found.start(old), found.end(old)
    return None


# a value compared with an earlier one that is given alone: "naik dari sekitar 11.000 pengunjung pada tahun lalu",
# "up from 11,000 last year", "dibandingkan 11.000 pada 2024"
_COMPARED = re.compile(r"\b(?:(?:naik|turun|meningkat|menurun|bertambah|berkurang)\s+dari|(?:up|down)\s+from|"
                       r"dibanding(?:kan)?(?:\s+dengan)?|compared\s+(?:with|to))\s+(?P<old>[^,;]{1,60})",
                       re.IGNORECASE)
# (not "lama", "from" or "old" of ``_ASKS_BEFORE``: "Berapa lama …?", "Where does … come from?")
_ASKS_COMPARED = re.compile(r"\b(?:tahun\s+(?:lalu|sebelumnya|kemarin)|sebelumnya|semula|last\s+year|previous(?:ly)?|"
                            r"the\s+(?:year|time)\s+before|a\s+year\s+(?:earlier|before)|earlier|before)\b",
                            re.IGNORECASE)


def compared_value(question: str, text: str, start: int, end: int, answer: tuple[int, int]) -> tuple[int, int] | None:
    """The character range of the earlier value a sentence compares its value with ("11.000 pengunjung" of
    "menargetkan 15.000 pengunjung, naik dari sekitar 11.000 pengunjung pada tahun lalu") when the question asks
    for the earlier one (``_ASKS_COMPARED``: "Berapa jumlah pengunjung festival tahun lalu?") and the ``answer``
    range lies outside it; else ``None``."""
    if not _ASKS_COMPARED.search(question):
        return None
    for found in _COMPARED.finditer(text, start, end):
        old = re.match(r"(?:(?:sekitar|hampir|about|around|nearly)\s+)?", text[found.start("old"):end])
        old_start = found.start("old") + (old.end() if old else 0)
        old_end = _value_end(text, old_start, end)
        when = _ASKS_COMPARED.search(text, old_start, old_end)  # "$38 million last year": the value without when
        old_end = when.start() if when is not None else old_end
        while old_end > old_start and text[old_end - 1].isspace():
            old_end -= 1
        if old_end > old_start and _NUMBER.search(text[old_start:old_end]) \
                and not (answer[0] < old_end and answer[1] > old_start):
            return old_start, old_end
    return None


def value_after(question: str, text: str, start: int, end: int, answer: tuple[int, int]) -> tuple[int, int] | None:
    """The character range of the value a change ended at ("Rp 2,1 miliar" of "naik 14 persen menjadi Rp 2,1
    miliar") in the sentence ``text[start:end]`` when the ``answer`` range starts in the change's amount and the
    question names neither a change nor a share ("Berapa pendapatan koperasi pada 2024?"); else ``None``."""
    if _NAMES_CHANGE.search(question):
        return None
    for found in _AMOUNT.finditer(text, start, end):
        by, to = _by_to(found)
        if not (_NUMBER.search(found.group(by)) and found.start(by) <= answer[0] < found.end(by)):
            continue  # (an answer from the amount on, "8% to $42 million", moves too)
        new_end = _value_end(text, found.start(to), end)
        return (found.start(to), new_end) if new_end > found.start(to) else None
    return None


def short_enough(text: str, region: tuple[int, int]) -> bool:
    """Whether the new value ``text[region]`` is short enough to be the answer whole."""
    return 0 < len(text[region[0]:region[1]].split()) <= MAX_NEW_WORDS
