"""An amount by itself: the value a question names, not the words around it ("€150" of "a deposit of €150")."""

from __future__ import annotations

import re

from citeqa.answer.spans import Span
from citeqa.index.analyzer import is_stopword, stem, words

_CURRENCY = r"(?:Rp\.?\s?|US\$\s?|(?:S|A|C|HK)?\$\s?|[€£¥]\s?)"
# a number or range with its currency, scale and unit: "€150", "Rp 25.000", "$8.4 million", "1,2 kilometer",
# "15-16 persen"
# (not a time of day's hour: "06:00")
_UNITS = (r"(?:\s?(?:km²|km2|km|m²|m2|kg)(?!\w)|\s(?:persen|percent|meter|kilometer|kilogram|ton|liter|hektare|"
          r"ha|orang|jiwa|people|hari|days?|jam|hours?|menit|minutes?|bulan|months?|tahun|years?)\b|\s?%)")
_NUMBER = r"\d(?:[\d.,]*\d)?"
_AMOUNT = (rf"{_CURRENCY}?{_NUMBER}(?:\s?[-–]\s?{_NUMBER})?(?:\s(?:ribu|juta|miliar|triliun|thousand|million|billion))?"
           rf"{_UNITS}?(?![\d:])")
# the words that introduce an amount after its name: "a deposit of €150", "denda sebesar Rp 50.000"
_NAMERS = r"of|sebesar|senilai|seharga|sejumlah|sebanyak"
_AFTER_NAME = re.compile(rf"\s+(?:{_NAMERS})\s+(?P<amount>{_AMOUNT})"
                         rf"|\s*:\s*(?P<listed>{_AMOUNT})", re.IGNORECASE)
# the words that name an amount before it: "a balance of", "titik mencapai"
_NAMED_AMOUNT = re.compile(
    rf"(?:[^\W\d][\w'’-]*\s+){{0,4}}(?:{_NAMERS}|mencapai|reached|total(?:l?ed|l?ing))"
    rf"\s+(?={_CURRENCY}?\d)", re.IGNORECASE)
# a question asking a value: "What is the late fee?", "How much is the deposit?", "Berapa biaya fotokopi soal?"
_ASKS_VALUE = re.compile(r"^\s*(?:what\s+(?:is|was|are|were|will\s+be)|how\s+(?:much|many|high|large|big|long))\b"
                         r"|\bberapa(?:kah)?\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d][\w'’-]*")
# a count the question asks of a noun: "Berapa warga yang mengungsi?", "How many people were evacuated?"
_ASKS_COUNT = re.compile(
    r"(?<!tanggal )(?<!tahun )(?<!pukul )(?<!jam )(?<!abad )(?<!nomor )(?<!bulan )(?<!hari )\bberapa(?:kah)?\s+"
    r"(?:banyak\s+|jumlah\s+)?(?P<id>[^\W\d]+)(?:\s+(?P<then>[^\W\d]+))?|\bhow\s+many\s+(?P<en>[^\W\d]+)",
    re.IGNORECASE)
# a classifier before the noun counted: "Berapa jenis satwa …?" counts "satwa"
_CLASSIFIERS = frozenset({"jenis", "macam", "buah", "ekor", "orang", "unit", "biji", "lembar", "batang"})
_NOT_COUNTED = frozenset({"banyak", "jumlah", "lama", "besar", "jauh", "luas", "tinggi", "persen", "kah", "yang", "of",
                          "more", "other"})
_YEAR = re.compile(r"1[5-9]\d\d|20\d\d")
_NUMBER_WORD = (r"(?:satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|seratus|seribu|one|two|"
                r"three|four|five|six|seven|eight|nine|ten|eleven|twelve)")
_COUNT = re.compile(rf"(?<![\w.,])(?:\d+(?:[.,]\d+)*|{_NUMBER_WORD})(?:\s+(?:ribu|juta|miliar|thousand|million|"
                    r"billion))?(?=[\s-])", re.IGNORECASE)


# a question asking a sum of money: "Berapa saldo kas RT?", "How much does a one-day rental cost?", "What was the
# deposit?"
_MONEY = (r"biaya|harga|saldo|dana|anggaran|gaji|upah|iuran|denda|tarif|ongkos|pendapatan|penghasilan|kerugian|"
          r"modal|pajak|utang|hutang|tabungan|honor|uang|sewa|cicilan|kas|laba|keuntungan|omzet|price|cost|fee|fees|"
          r"balance|budget|salary|wage|income|revenue|deposit|fine|charge|rent|dues")
_ASKS_MONEY = re.compile(
    rf"\bberapa(?:kah)?\s+(?:(?:besar|jumlah|total|nilai)\s+)?(?:{_MONEY})\b"
    rf"|\bhow\s+much\s+(?:(?:is|was|are|were|will\s+be)\s+)?(?:the\s+|a\s+|an\s+)?(?:\w+\s+)?(?:{_MONEY})\b"
    r"|\bhow\s+much\b.*\b(?:cost|costs|pay|paid|charge|charged|spend|spent|earn|earned|raise|raised)\b"
    r"|\bhow\s+much\s+(?:\w+\s+)?(?:cash|profit)\b"  # (not "what are the cash crops …?")
    rf"|\bwhat\s+(?:is|was|are|were|will\s+be)\s+the\s+(?:[\w'’-]+\s+){{0,3}}(?:{_MONEY})\b", re.IGNORECASE)
_MONEY_AMOUNT = re.compile(rf"{_CURRENCY}{_NUMBER}(?:\s?[-–]\s?{_CURRENCY}?{_NUMBER})?"
                           r"(?:\s(?:ribu|juta|miliar|triliun|thousand|million|billion))?(?![\d:])", re.IGNORECASE)


def asks_money(question: str) -> bool:
    """Whether ``question`` asks a sum of money ("Berapa biaya …?", "How much did … cost?", "What is the price …?")."""
    return bool(_ASKS_MONEY.search(question))


def money_asked(question: str, span: Span | None, text: str, start: int, end: int) -> Span | None:
    """For a question asking a sum of money, the one sum the sentence ``text[start:end]`` writes with its currency
    ("Rp 7.850.000" of "Saldo kas RT per 28 Februari 2025 adalah Rp 7.850.000." for "Berapa saldo kas RT?", where
    the readers took the date beside the question's words), where the readers' answer is no part of it; any other
    answer as it is."""
    if span is None or not asks_money(question):
        return span
    found = list(_MONEY_AMOUNT.finditer(text, start, end))
    if len(found) != 1 or any(m.start() < span.end and span.start < m.end() for m in found):
        return span  # (the readers' answer is that sum, or a part of it: "125 per month" of "$125 per month")
    return Span(found[0].start(), found[0].end(), found[0].group())


# a question asking a share: "What share of income came from grants?", "Berapa persen warga …?"
_ASKS_SHARE = re.compile(r"\b(?:what|which)\s+(?:share|percentage|proportion|percent)\b|\bhow\s+many\s+percent\b"
                         r"|\bberapa(?:kah)?\s+persen\b|\bpersentase\b", re.IGNORECASE)
_PERCENT = re.compile(rf"{_NUMBER}(?:\s?%|\s(?:persen|percent|per\s+cent)\b)", re.IGNORECASE)
_OF_PERCENT = re.compile(r"\s?(?:%|persen\b|percent\b|per\s+cent\b)", re.IGNORECASE)


def asks_share(question: str) -> bool:
    """Whether ``question`` asks a share ("Berapa persen warga …?", "What percentage of …?")."""
    return bool(_ASKS_SHARE.search(question))


def share_asked(question: str, span: Span | None, text: str, start: int, end: int) -> Span | None:
    """For a question asking a share, the one percentage of the sentence ``text[start:end]`` ("1%" of "… between 500
    and 2,000 people, about 1% of the city's population" for "What percentage of Newcastle's population …?"), where
    the readers' answer is no part of it; any other answer as it is. Of two or more the rule does not choose."""
    if span is None or not asks_share(question) or _OF_PERCENT.match(text, span.end):
        return span  # ("Sixty" of "Sixty percent": a number word's share)
    found = list(_PERCENT.finditer(text, start, end))
    if len(found) != 1 or (found[0].start() < span.end and span.start < found[0].end()):
        return span
    return Span(found[0].start(), found[0].end(), found[0].group())


def amount_alone(span: Span | None, text: str) -> Span | None:
    """An answer that opens with the words naming an amount, the amount alone ("a deposit of €150" -> "€150");
    any other answer as it is."""
    if span is None:
        return span
    found = _NAMED_AMOUNT.match(text, span.start, span.end)
    if found is None:
        return span
    return Span(found.end(), span.end, text[found.end():span.end])


def named_amount(question: str, text: str, start: int, end: int) -> Span | None:
    """For a question asking a value, the amount the sentence ``text[start:end]`` gives right after a word of the
    question and "of", "sebesar" … or a colon ("€10" of "A late fee of €10 is charged for every started hour" for
    "What is the late fee?"; the short answer where the readers' holds no number); ``None`` for other questions or
    where no such amount follows."""
    if not _ASKS_VALUE.search(question):
        return None
    asked = {stem(w) for w in words(question) if not is_stopword(w) or len(w) > 3}  # "soal" is a stopword
    for word in _WORD.finditer(text, start, end):
        if stem(word.group().lower()) not in asked:
            continue
        found = _AFTER_NAME.match(text, word.end(), end)
        if found is not None:
            group = "amount" if found.group("amount") is not None else "listed"
            return Span(found.start(group), found.end(group), found.group(group))
    return None


def _counted_noun(question: str) -> str | None:
    """The noun a question asks the count of, lower-cased ("rudal" of "Berapa rudal …?", "satwa" of "Berapa jenis
    satwa …?", "people" of "How many people …?"), or ``None`` where it asks no count."""
    asked = _ASKS_COUNT.search(question)
    if asked is None:
        return None
    noun = (asked.group("id") or asked.group("en")).lower()
    return asked.group("then").lower() if noun in _CLASSIFIERS and asked.group("then") else noun


def count_of(question: str, span: Span | None, text: str, start: int, end: int) -> Span | None:
    """For a question asking how many of a noun ("How many fumbles did Von Miller force?"), the number written just
    before that noun (one word may stand between) where the sentence ``text[start:end]`` writes one such number
    and the answer neither overlaps it nor counts the noun itself ("two" of "two forced fumbles", not "2½ sacks";
    "enam" of "mengerahkan enam perahu karet", not "warga"); any other answer as it is."""
    noun = _counted_noun(question)
    if noun is None or noun in _NOT_COUNTED:
        return span
    wanted = stem(noun)
    found = _counts(text, start, end, wanted)
    if len(found) != 1 or (span is not None and (_counts(text, span.start, span.end, wanted)
                                                 or (span.start < found[0].end() and found[0].start() < span.end))):
        return span  # (the readers' answer counts the noun, or holds the number: theirs)
    number = found[0]
    return Span(number.start(), number.end(), number.group())


def _counts(text: str, start: int, end: int, wanted: str) -> list[re.Match[str]]:
    """The numbers in ``text[start:end]`` (a year aside) written just before a word whose stem is ``wanted``."""
    found = []
    for number in _COUNT.finditer(text, start, end):
        if _YEAR.fullmatch(number.group()):
            continue
        following = list(_WORD.finditer(text, number.end(), min(end, number.end() + 60)))[:2]
        if any(stem(w.group().lower()) == wanted for w in following) and \
                text[number.end():following[-1].start()].count(" ") <= 2:
            found.append(number)
    return found


# words after a number that count or measure anything: "lima orang", "205.000 hektar", "tiga kali", "two times"
_MEASURES = frozenset("""orang jiwa buah ekor unit biji lembar batang kali kg kilogram gram ton meter m km kilometer cm
mm hektar hektare ha persen rupiah rp dolar euro yen keluarga kk kepala tahun bulan minggu pekan hari jam menit detik
liter kubik mil kaki inci derajat mw kw watt volt juta ribu miliar triliun ratus puluh belas kursi suara medali gol
poin butir pucuk set pasang jenis macam people persons times percent per years months weeks days hours minutes seconds
dollars euros pounds miles meters metres feet foot inches tons tonnes million billion thousand hundred dozen kinds
types""".split())
_LEADING_COUNT = re.compile(rf"\s*(?:\d+(?:[.,]\d+)*|{_NUMBER_WORD})\s+(?P<word>[^\W\d][\w'’-]*)", re.IGNORECASE)


def counts_another(question: str, answer: str, sentence: str) -> bool:
    """Whether ``answer`` counts another thing than the one the question asks the count of, in a ``sentence`` that
    never names the thing asked: "dua upaya" for "Berapa rudal yang diluncurkan Korea Utara pada tahun 2023?" from
    "… setelah dua upaya yang gagal". A word that counts anything ("lima orang", "205.000 hektar") is no other
    thing."""
    noun = _counted_noun(question)
    counted = _LEADING_COUNT.match(answer)
    if noun is None or counted is None:
        return False
    word = counted.group("word").lower()
    if noun in _NOT_COUNTED or noun.endswith("kah") or word in _MEASURES or stem(word) == stem(noun):
        return False
    said = {w.lower() for w in _WORD.findall(sentence)}
    return noun not in said and stem(noun) not in {stem(w) for w in said}
