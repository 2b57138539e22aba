"""Whether a sentence can answer a when-, how-many or how-much question at all: it must hold a time, a quantity, a
sum of money or a share (and one on a birth or a death must speak of it).

"Kapan Perang Korea berakhir?" cited a sentence about the war in Ukraine that holds no time of any kind, and
"Berapa jumlah penduduk Zona Ekonomi Khusus Rason?" one that names the zone and holds no number: whatever span is
taken from such a sentence, it cannot be the answer. The test is wide on purpose (any digit, number word,
month, day or word of time, "setelah", "during" …), so that it only rules out sentences with none at all, and it
applies only where the question's kind is asked up front (``question.asked_up_front``), not where a "when" inside
a clause typed it ("What was the color … when Elway won?"). A question asking a sum of money ("Berapa biaya
peluncuran …?", "What is the price of …?", ``amounts.asks_money``) needs a currency or "gratis"/"free" in the
sentence: "dua upaya" of a sentence on two launch attempts is no cost; one asking a share ("Berapa persen …?",
``amounts.asks_share``) a percentage or a fraction word ("117 kasus" is no share); one asking how long ("Berapa lama
…?", "How long did … last?") a word of duration or a number (a reign's years answer it: "1368 - 1644").

The answer itself must be of the kind asked (``unlike_answer``): a how-many or how-much question is not answered
with words that hold no number ("Rive Droite Seine" for "Berapa luas Museum Louvre?"), nor with a date ("20-29
September" for "Berapa negara yang akan mengikuti …?"); a how-long one not with words that hold neither a number nor
a word of duration ("pep rally" for "How long will the event … last?").
"""

from __future__ import annotations

import re
from functools import lru_cache

from citeqa.answer.amounts import asks_money, asks_share
from citeqa.answer.question import AnswerType, QuestionInfo, asked_up_front

_NUMBER_WORDS = (
    r"satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|\w*puluh\w*|\w*belas\w*|\w*ratus\w*|"
    r"\w*ribu\w*|\w*juta\w*|\w*miliar\w*|\w*milyar\w*|\w*triliun\w*|setengah|separuh|seperempat|sepertiga|"
    r"beberapa|banyak|sedikit|sejumlah|puluhan|ganda|tunggal|kedua|ketiga|keempat|kelima|pertama|"
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w*teen|twenty|thirty|forty|fifty|sixty|"
    r"seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|trillions?|dozens?|half|quarter|third|"
    r"several|many|few|double|twice|single|first|second|percent|persen"
)
_TIME_WORDS = (
    r"januari|februari|pebruari|maret|april|mei|juni|juli|agustus|september|oktober|november|nopember|desember|"
    r"january|february|march|may|june|july|august|october|december|senin|selasa|rabu|kamis|jumat|sabtu|minggu|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|abad|tahun|bulan|hari|pekan|jam|pukul|masa|era|"
    r"zaman|jaman|periode|dinasti|milenium|dekade|musim|pagi|siang|sore|malam|kemarin|besok|lusa|sekarang|kini|"
    r"dulu|dahulu|lalu|silam|ketika|saat|waktu|sejak|sebelum|sebelumnya|sesudah|setelah|selama|hingga|sampai|"
    r"awal|akhir|pertengahan|masehi|sm|century|centuries|years?|months?|weeks?|days?|hours?|era|age|period|"
    r"dynasty|decades?|millennium|season|morning|afternoon|evening|night|today|yesterday|tomorrow|now|ago|when|"
    r"while|during|after|before|since|until|early|late|mid|spring|summer|autumn|fall|winter|bc|ad|bce|ce"
)
_MONEY = re.compile(r"\bRp\b|\bRp\.?\s?\d|rupiah|US\$|\$|€|£|¥|\b(?:dolar|dollars?|euros?|yen|ringgit|won|yuan|"
                    r"renminbi|pounds?|sterling|rupees?|pesos?|francs?|frank|dinars?|riyal|reals?|baht|usd|idr|eur|sgd|"
                    r"gratis|cuma-cuma|free)\b", re.IGNORECASE)
_SHARE = re.compile(r"%|\b(?:persen|prosen|percent|per\s+cent|setengah|separuh|sepertiga|seperempat|mayoritas|"
                    r"sebagian|half|third|quarter|majority|most)\b", re.IGNORECASE)
# a question on when or where someone was born or died, and what a sentence needs to say so: the event's word in
# either language, or a life span ("Anne Boleyn (sekitar 1501 - 19 Mei 1536)", "Juni 1040 – 29 Juni 1109")
_LIFE = (
    (re.compile(r"\b(?:lahir|dilahirkan|kelahiran|born|birth)\b", re.IGNORECASE),
     re.compile(r"lahir|\bborn\b|\bbirth|\bnée\b", re.IGNORECASE)),
    (re.compile(r"\b(?:meninggal|wafat|tewas|mangkat|mati|died|die|death)\b", re.IGNORECASE),
     re.compile(r"meninggal|wafat|tewas|mangkat|gugur|\bmati\b|bunuh|eksekusi|\bdied\b|\bdeath|\bdies\b|\bkilled\b|"
                r"\bexecuted\b|\bmurdered\b|\bassassinated\b|passed away|\bdead\b", re.IGNORECASE)),
)
# how long something lasted ("Berapa lama …?", "How long did/will … ?", "… for how long?"; not "How long is the
# river?", a length), and the words a sentence that answers it must hold one of
_ASKS_DURATION = re.compile(r"\bberapa(?:kah)?\s+lama\b|\bhow\s+long\s+(?:did|does|do|will|would|has|have|had|can|"
                            r"could|should|must)\b|\bfor\s+how\s+long\b", re.IGNORECASE)
_DURATION = re.compile(r"tahun|bulan|minggu|pekan|hari|jam|menit|detik|dekade|dasawarsa|abad|windu|masa|periode|"
                       r"selama|sejak|hingga|sampai|seumur|year|month|week|day|hour|minute|second|decade|centur|"
                       r"lifetime|term|until|since|overnight|permanent|selamanya|forever", re.IGNORECASE)
_MONTHS = (r"januari|februari|pebruari|maret|april|mei|juni|juli|agustus|september|oktober|november|nopember|"
           r"desember|january|february|march|may|june|july|august|october|december")
_MONTH = re.compile(rf"\b(?:{_MONTHS})\b", re.IGNORECASE)
# a year as a sentence writes a date ("tahun 2017", "September 2023", "since 1978"), no count ("2000 guests")
_YEAR = re.compile(r"(?:(?:tahun|year)\s+)?(?:1[5-9]|20)\d\d(?![\d.,]\d)")
# a question asking a count or an amount (not "How far …?", "How large …?": their answers may be a place, a name)
_ASKS_COUNT = re.compile(r"\bberapa(?:kah)?\b|\bhow\s+(?:many|much)\b", re.IGNORECASE)
_ASKS_DURATION_ID = re.compile(r"\bberapa(?:kah)?\s+lama\b", re.IGNORECASE)  # (English "how long" may ask a length)
_COUNT_THEN_WORD = re.compile(rf"(?P<count>(?<![\w.,])[\d.,]*\d[\d.,]*|\b(?:{_NUMBER_WORDS})\b)\s+"
                              r"(?P<word>[a-zA-Z]\w*)", re.IGNORECASE)
_JOINING = frozenset({"dan", "atau", "hingga", "sampai", "to", "and", "or", "until"})
# the day of a date: what follows "29" of "29 Desember", "20" of "20-29 September"
_AFTER_DAY = re.compile(rf"(?:\s*[-–]\s*\d{{1,2}})?\s+(?:{_MONTHS})\b", re.IGNORECASE)
_BEFORE_YEAR = re.compile(rf"(?:\b(?:tahun|year|in|since|sejak|pada|{_MONTHS})\s+)$", re.IGNORECASE)
_LIFE_SPAN = re.compile(r"\d{3,4}\s*[–—-]\s*(?:\S+\s+){0,4}?\S*\d{3,4}")
_HOLDS = {
    AnswerType.NUMBER: re.compile(rf"\d|\b(?:{_NUMBER_WORDS})\b", re.IGNORECASE),
    AnswerType.DATE: re.compile(rf"\d|\b(?:{_TIME_WORDS}|{_NUMBER_WORDS})\b", re.IGNORECASE),
}


def cannot_answer(question: str, info: QuestionInfo, sentence: str) -> bool:
    """Whether ``sentence`` holds nothing of the kind ``question`` asks for up front: no time for a when-question,
    no number or quantity word for a how-many one (a when-question's answer may be a year alone, so numbers count
    for it too), no currency for one asking a sum of money, no percentage or fraction for one asking a share,
    neither a word of duration nor a number for one asking how long. ``False`` for every other question. A question
    on when or where someone was born or died needs a sentence that speaks of a birth or a death, or gives a life
    span: "Kapan Kim Jong Un lahir?" had got "November 2023" from a sentence on his plans, "Where was Kim Jong Un
    born?" a name from one on a treaty."""
    if info.answer_type in (AnswerType.DATE, AnswerType.PLACE) and any(
            asked.search(question) and not said.search(sentence) for asked, said in _LIFE) \
            and not _LIFE_SPAN.search(sentence):
        return True
    if asks_money(question):  # ("gratis" answers it without a number)
        return not _MONEY.search(sentence)
    if asks_share(question):
        return not _SHARE.search(sentence)
    if _ASKS_DURATION.search(question) and asked_up_front(question, info.language):
        # a word of duration ("a week", "overnight": no number needed) or a number ("1368 - 1644": a reign's years)
        return not _DURATION.search(sentence) and not _HOLDS[AnswerType.NUMBER].search(sentence)
    holds = _HOLDS.get(info.answer_type)
    if holds is None or holds.search(sentence) or not asked_up_front(question, info.language):
        return False
    return True


def unlike_answer(question: str, info: QuestionInfo, text: str, start: int, end: int) -> bool:
    """Whether the answer ``text[start:end]`` is not of the kind ``question`` asks for up front: for a how-many or
    how-much question ("Berapa …?", "How many …?"; not "How far west …?", whose answer may be a place), words that
    hold no number, or a date (a month's name, or a year as ``text`` writes one: "tahun 2017", "2023" of "September
    2023"); for a how-long one, words that hold neither a number nor a word of duration ("pep rally"), or, for
    "Berapa lama …?", the count of another thing ("42 anggota"; a date or a year may answer it: "1368 - 1644").
    ``False`` for every other question."""
    asked = _number_asked(question, info.language, info.answer_type)
    if asked is None:
        return False
    duration, duration_id, count = asked
    answer = text[start:end].strip()
    counted = bool(_HOLDS[AnswerType.NUMBER].search(answer))
    if duration:
        if _DURATION.search(answer) or _MONTH.search(answer):
            return False
        return not counted or (duration_id and _counts_another(text, start, end))
    if not count:
        return False
    year = _YEAR.match(answer)  # (a year opening the answer: "2017, mewajibkan …")
    return not counted or bool(_MONTH.search(answer)) or (year is not None and (
        " " in year.group() or bool(_BEFORE_YEAR.search(text[max(0, start - 12):start])))) \
        or bool(_AFTER_DAY.match(text, end, end + 16))  # (the day of a date: "29" of "29 Desember 1937")


@lru_cache(maxsize=256)
def _number_asked(question: str, language: str, answer_type: AnswerType) -> tuple[bool, bool, bool] | None:
    """For a question asking a number up front: whether it asks how long, "Berapa lama …?" in particular, and a
    count or an amount; ``None`` for any other (read once a question: ``fits_kind`` asks of every candidate span)."""
    if answer_type != AnswerType.NUMBER or not asked_up_front(question, language):
        return None
    return (bool(_ASKS_DURATION.search(question)), bool(_ASKS_DURATION_ID.search(question)),
            bool(_ASKS_COUNT.search(question)))


def _counts_another(text: str, start: int, end: int) -> bool:
    """Whether the first count (not a year) of ``text[start:end]`` is followed, in it or right after it, by a word
    that is no word of time nor a joining word: "42 anggota", "dihadiri 42 anggota", or "42" of "42 anggota"."""
    found = _COUNT_THEN_WORD.search(text, start, min(len(text), end + 30))
    if found is None or found.start("count") >= end:
        return False
    count = found.group("count")
    if _YEAR.fullmatch(count) or not (count[-1].isdigit() or _HOLDS[AnswerType.NUMBER].fullmatch(count)):
        return False
    word = found.group("word").lower()
    return not _DURATION.search(word) and not _MONTH.fullmatch(word) and word not in _JOINING


# a count's opening: digits or a cardinal word (not "pertama", "kedua" …: an order is no count)
_LEADS_NUMBER = re.compile(r"\d|(?:satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|se\w*puluh|"
                           r"se\w*ratus|se\w*ribu|\w+\s+(?:puluh|belas|ratus|ribu|juta|miliar)|ratusan|ribuan|"
                           r"puluhan|jutaan|beberapa|sejumlah|one|two|three|four|five|six|seven|eight|nine|ten|"
                           r"eleven|twelve|\w+teen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds|"
                           r"thousands|millions|dozens|several|a\s+(?:few|dozen|hundred|thousand|million))\b",
                           re.IGNORECASE)
MAX_REPLACEMENT_WORDS = 4


def fits_kind(question: str, info: QuestionInfo, text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` may stand in for an answer not of the kind ``question`` asks (``unlike_answer``):
    of that kind, at most ``MAX_REPLACEMENT_WORDS`` words, and, unless a duration is asked, opening with a count
    the question does not write itself ("tiga kapal", "two"; not "pertama di Paris", nor "15" of the question's
    "15th International … Conference")."""
    phrase = text[start:end].strip()
    if unlike_answer(question, info, text, start, end) or len(phrase.split()) > MAX_REPLACEMENT_WORDS:
        return False
    if _ASKS_DURATION.search(question):
        return True
    lead = _LEADS_NUMBER.match(phrase)
    return lead is not None and not _YEAR.fullmatch(phrase) \
        and not re.search(rf"(?<![\w.,]){re.escape(lead.group())}", question, re.IGNORECASE)
