"""What a question asks for: its language and the type of answer (date, number, person, place…)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from citeqa.index.analyzer import ENGLISH_STOPWORDS, analyze, is_stopword, words


class AnswerType(StrEnum):
    """The kind of answer a question expects."""

    DATE = "date"
    NUMBER = "number"
    PERSON = "person"
    PLACE = "place"
    ORGANIZATION = "organization"
    NAME = "name"
    OTHER = "other"


# Nouns that ask for a place or an organization before "apa"/"mana" ("Di provinsi mana", "Surat kabar apa").
_PLACES = (r"(negara( bagian)?|kota|pulau|provinsi|propinsi|daerah|wilayah|tempat|kawasan|pelabuhan|benua|desa|"
           r"kabupaten|kecamatan|kelurahan|kampung|lokasi)")
_ORGANIZATIONS = (r"(kelompok|organisasi|lembaga|badan|partai|perusahaan|kantor berita|media|tim|klub|situs( web)?|"
                  r"institusi|instansi|dinas|departemen|kementerian|asosiasi|fraksi|komisi|surat kabar|harian|"
                  r"majalah|koran|lsm|yayasan|maskapai( penerbangan)?|universitas)")
# The earliest match in the question decides, ties going to the first rule: "Apa nama organisasi di mana X
# menjabat" asks for a name, not a place. Indonesian rules apply to every question ("-kah" is dropped first),
# English ones only to English questions, so that "kantor pusat WHO" does not ask for a person.
_ID_RULES: list[tuple[re.Pattern[str], AnswerType]] = [
    (re.compile(r"\b(kapan|bilamana|tanggal berapa|tahun berapa|bulan apa|tahun apa|hari apa|sejak kapan)\b"),
     AnswerType.DATE),
    (re.compile(r"\b(berapa)\b"), AnswerType.NUMBER),
    (re.compile(r"\b(siapa)\b"), AnswerType.PERSON),
    (re.compile(rf"\b(di mana|dimana|ke mana|kemana|dari mana|darimana|{_PLACES} (apa|mana)|mana {_PLACES})\b"),
     AnswerType.PLACE),
    (re.compile(rf"\b({_ORGANIZATIONS} (apa|mana)|mana {_ORGANIZATIONS})\b"), AnswerType.ORGANIZATION),
    (re.compile(r"\b(apa nama|nama .{0,30}apa\b|kepanjangan|singkatan)"), AnswerType.NAME),
]
_EN_RULES: list[tuple[re.Pattern[str], AnswerType]] = [
    (re.compile(r"\b(when|what year|which year|what date|what month)\b"), AnswerType.DATE),
    # "How large is …?", "What is the area of …?" ask a measure, as "Berapa luas …?" does
    (re.compile(r"\b(how many|how much|how long|how old|what number"
                r"|how (?:large|big|tall|high|far|deep|wide|heavy|fast)"
                r"|what (?:is|was|are|were) the (?:area|population|height|length|size|weight|width|depth|distance|"
                r"price|cost|speed|temperature|budget))\b"), AnswerType.NUMBER),
    (re.compile(r"\b(who|whom|whose)\b"), AnswerType.PERSON),
    # "which country" and "which countries" (a word between, "which news agency", chose worse on the article's
    # English dev set: another organization of the sentence)
    (re.compile(r"\b(where|which (countr(y|ies)|cit(y|ies)|islands?|ports?|regions?|places?))\b"), AnswerType.PLACE),
    (re.compile(r"\b((which|what) (groups?|organi[sz]ations?|agenc(y|ies)|compan(y|ies)|part(y|ies)|newspapers?))\b"),
     AnswerType.ORGANIZATION),
    (re.compile(r"\b(what is the name|what was the name|what is .{0,20} called|what does .{0,20} stand for)"),
     AnswerType.NAME),
]
_INDONESIAN_MARKERS = frozenset(
    "apa apakah siapa siapakah kapan kapankah berapa berapakah mana manakah dimana dimanakah bagaimana mengapa kenapa "
    "yang dan di ke dari dengan untuk dalam pada adalah itu ini oleh tidak".split()
)


@dataclass(frozen=True)
class QuestionInfo:
    """A question's language ("id" or "en"), expected answer type and whether it asks for several items."""

    language: str
    answer_type: AnswerType
    wants_list: bool = False  # ``asks_for_list``, read from the question as asked (not the bridge's words)
    yes_no: bool = False  # ``asks_yes_no``: answered with the whole sentence that says it
    foreign: bool = False  # asked over documents in the other language (the bridge took translated words out)


# A title or name in the other language ("Fly to the Sky", "International Institute for Democracy and Electoral
# Assistance") says nothing of the text's own: the words of a run of capitalised words, and the few lowercase ones
# between them, are not counted (a run starting the text is a question or sentence word: "What is the …").
_TITLE = re.compile(r"(?<=\S\s)[A-Z][\w'’.-]*(?:\s+(?:[a-z]+\s+){0,2}[A-Z][\w'’.-]*)+")
# An abbreviation in capitals is a name, not a function word: "AS" (Amerika Serikat), "IT", "ON", "OR" …
_CAPITALS = re.compile(r"\b[A-Z]{2,}\b")


def detect_language(text: str) -> str:
    """"en" when English function words outnumber Indonesian markers, else "id" (titles and names in capitals left
    out: "Kapan Fly to the Sky mulai debut?" is Indonesian; words in capitals too, unless the whole text is written
    so: "AS mengirim pasukan ke IS?" is Indonesian)."""
    text = _TITLE.sub(" ", text)
    if any(c.islower() for c in text):
        text = _CAPITALS.sub(" ", text)
    tokens = words(text)
    english = sum(1 for t in tokens if t in ENGLISH_STOPWORDS and t not in _INDONESIAN_MARKERS)
    indonesian = sum(1 for t in tokens if t in _INDONESIAN_MARKERS)
    return "en" if english > indonesian else "id"


# The question particle "-kah" ("Kapankah", "Tahun berapakah", "Dari manakah") asks the same as the bare word.
_KAH = re.compile(r"\b(kapan|siapa|berapa|mana|apa|bilamana|dimana|darimana|kemana)kah\b")


# "Who is X?" about a name asks what X is, not for another person's name: "Siapa itu Tu Di Gong?", "Siapakah Santo
# George?", "Siapa yang dimaksud dengan orang-orang Majus?", "Who was Genghis Khan?" (TyDi answers them with the
# description: "tentara Romawi asal Yunani …"). Not "Siapakah kompetitor Honda?", "Siapa Presiden Rusia?" or "Who is
# the president of X?": there a common noun or an office after the question word asks for someone's name.
OFFICES = (r"(?:presiden|wakil|menteri|gubernur|wali|walikota|wali kota|bupati|camat|raja|ratu|sultan|kaisar|ketua|"
            r"kepala|direktur|pendiri|perdana|sekretaris|panglima|jenderal|kapten|pelatih|pemimpin|pemilik|penemu|"
            r"pencipta|penulis|pengarang|pelukis|komposer|sutradara|produser|pemain|juara|pemenang|istri|suami|ayah|"
            r"ibu|anak|kakak|adik|paus|uskup|imam|nabi|rektor|dekan|duta|kanselir|khalifah|pangeran|putri|permaisuri|"
            r"gereja|tokoh|kapolri|kapolda|jaksa|hakim|senator|anggota|pahlawan|president|king|queen|prime|chief|director|"
            r"head|minister|secretary|governor|mayor|ceo|founder|leader|captain|coach|general)\b")
_NAME = r"[A-Z][^\s?]*(?:\s+(?:[A-Z0-9(][^\s?]*|bin|binti|van|von|de|der|al-[^\s?]*|of|the))*"
_WHO_IS = re.compile(rf"^\s*(?i:siapa(?:kah)?\s+(?:itu|sebenarnya|yang\s+dimaksud(?:\s+dengan)?)\s+)\S"
                     rf"|^\s*(?i:siapa(?:kah)?\s+(?:sih\s+)?)(?!(?i:{OFFICES})){_NAME}\s*(?i:itu)?\s*\??\s*$"
                     rf"|^\s*(?i:who\s+(?:is|was|were|are)\s+)(?!(?i:{OFFICES})){_NAME}\s*\??\s*$")


def asks_who_is(question: str) -> bool:
    """Whether ``question`` asks who a named person or group is (a description), as "Siapa itu X?" does."""
    return bool(_WHO_IS.match(question))


def answer_type(question: str, language: str | None = None) -> AnswerType:
    """The expected answer type of ``question`` (``language`` as ``detect_language`` gives it, or detected)."""
    if asks_who_is(question):
        return AnswerType.OTHER
    found = _deciding(_lowered(question), question, language)
    return found[2] if found else AnswerType.OTHER


def asked_up_front(question: str, language: str | None = None) -> bool:
    """Whether the phrase that gives ``question`` its answer type opens it (within its first three words: "Kapan
    …", "Pada tahun berapa …", "On what date …") or ends it ("Perang Korea berakhir kapan?"), as against one met
    inside a clause ("What was the color of the jerseys … when Elway won?", which asks for a color)."""
    if asks_who_is(question):
        return False
    lowered = _lowered(question)
    found = _deciding(lowered, question, language)
    if found is None:
        return False
    start, end, _ = found
    return lowered[:start].count(" ") < 3 or end == len(lowered)


def _lowered(question: str) -> str:
    return _KAH.sub(r"\1", " ".join(words(question)))


def _deciding(lowered: str, question: str, language: str | None) -> tuple[int, int, AnswerType] | None:
    """Where in ``lowered`` (``_lowered(question)``) the rule that types ``question`` matched (start, end) and the
    type it gives: the earliest match, ties going to the first rule (``None`` where none matched)."""
    rules = _ID_RULES + (_EN_RULES if (language or detect_language(question)) == "en" else [])
    found = [(match.start(), order, match.end(), kind) for order, (pattern, kind) in enumerate(rules)
             if (match := pattern.search(lowered))]
    if not found:
        return None
    start, _, end, kind = min(found)
    return start, end, kind


def analyze_question(question: str) -> QuestionInfo:
    """Language, answer type and list-ness of ``question``."""
    language = detect_language(question)
    return QuestionInfo(language, answer_type(question, language), asks_for_list(question), asks_yes_no(question))


# an English question opening with an auxiliary asks yes or no, unless it offers a choice ("Was it a failure or a
# success?"); Indonesian "Apakah …?" mostly asks what ("Apakah nama ilmiah Kucing pasir?": 887 of TyDi's questions)
_YES_NO = re.compile(r"\s*(?:is|are|was|were|do|does|did|can|could|will|would|has|have|had|should|shall|must|may)"
                     r"(?:n[o']t)?\b(?!.*\bor\b)", re.IGNORECASE | re.DOTALL)


# an Indonesian "Apakah …?" asks yes or no where it names no thing asked for ("nama", "arti", "yang" …) and its
# predicate is one that holds or not: "Apakah UGD buka 24 jam?", "Apakah cuti melahirkan dibayar?", "Apakah ada
# korban jiwa?" (no TyDi or FacQA question, train or dev, reads so)
_YES_NO_ID = re.compile(
    r"\s*apakah\s+(?!.*\b(?:yang|nama|arti|fungsi|tujuan|maksud|pengertian|definisi|jenis|siapa|apa|mana|berapa|"
    r"kapan|bagaimana|mengapa|atau)\b).*\b(?:ada|bisa|boleh|dapat|harus|perlu|wajib|sudah|masih|akan|pernah|"
    r"termasuk|buka|tutup|dibayar|berlaku|gratis|tersedia|benar)\b", re.IGNORECASE | re.DOTALL)


def asks_yes_no(question: str) -> bool:
    """Whether ``question`` asks yes or no ("Are helmets required?", "Apakah UGD buka 24 jam?"): no word or phrase
    of the sentence answers it, the sentence does."""
    return bool(_YES_NO.match(question) or _YES_NO_ID.match(question))


def asks_for_list(question: str) -> bool:
    """True when the question asks for several items ("negara mana saja", "which countries")."""
    lowered = " ".join(words(question))
    return bool(re.search(r"\b(saja|siapa siapa|apa apa|mana mana|which \w+ies|which \w+s|who are)\b",
                          lowered))


QUESTION_KINDS = ("why", "how", "what", "other")
_KINDS = (
    # a purpose ("untuk apa", "for what purpose") is answered as a reason is: by a clause, not a nearby name
    ("why", re.compile(r"\b(mengapa|kenapa|why|apa sebab|apa alasan|for what reason|untuk apa|guna apa|"
                       r"for what purpose)\b")),
    ("how", re.compile(r"\b(bagaimana|bagaimanakah|gimana|how)\b(?! (many|much|long|old|far|big|large))")),
    ("what", re.compile(r"\b(apa|apakah|apakan|what|which)\b")),
)


def question_kind(question: str) -> str:
    """The descriptive kind of a question: "why", "how" (manner), "what" ("who is X?" too: ``asks_who_is``), or
    "other" (who, when, how many…)."""
    if asks_who_is(question):
        return "what"
    lowered = " ".join(words(question))
    found = [(m.start(), kind) for kind, pattern in _KINDS if (m := pattern.search(lowered))]
    return min(found)[1] if found else "other"


_TOKEN = re.compile(r"[\w.'-]+")


def names_a_place(noun: str) -> bool:
    """Whether ``noun`` is one that asks for a place before "apa"/"mana" ("negara", "kota", "pulau" …)."""
    return re.fullmatch(_PLACES, noun.lower()) is not None


def proper_matches(question: str) -> list[re.Match[str]]:
    """Where the question's capitalised words (not the first) and numbers are: names, dates, figures."""
    return [m for i, m in enumerate(_TOKEN.finditer(question))
            if (i > 0 and m.group()[:1].isupper()) or any(c.isdigit() for c in m.group())]


def proper_tokens(question: str) -> list[str]:
    """Capitalised words (not the first) and numbers of a question: names, dates, figures."""
    return [m.group() for m in proper_matches(question)]


def name_terms(question: str) -> set[str]:
    """The index terms of the question's names and numbers (``proper_tokens``)."""
    return set(analyze(" ".join(proper_tokens(question))))


_WH = frozenset({"apa", "apakah", "mana", "manakah"})
_WHO = frozenset({"siapa", "siapakah", "apa", "apakah"})


def type_nouns_of(question: str) -> set[str]:
    """Words naming the kind of thing asked for: "kantor berita" in "Kantor berita apa ...?", "pencipta" in
    "Siapa pencipta ...?"."""
    tokens = words(question)
    nouns: set[str] = set()
    for i, token in enumerate(tokens):
        if token in _WH and i > 0:
            nouns.update(t for t in tokens[max(0, i - 2):i] if not is_stopword(t))
        if token in _WHO and i + 1 < len(tokens) and not is_stopword(tokens[i + 1]) and tokens[i + 1] != "nama":
            nouns.add(tokens[i + 1])
    return nouns
