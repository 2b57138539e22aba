"""Whether the cited sentence speaks of another country's thing than the one the question asks about, and whether a
country's name is given for a person asked about by a role.

"Siapa presiden Prancis saat ini?" over the bundled article cited "… Presiden Rusia Vladimir Putin …": the
question's "presiden" and the sentence's "Presiden" match, but the sentence's president is Russia's, and nothing in
it is France's. Whatever span is taken from such a sentence answers another question, so it is not an answer.

The test is narrow on purpose: the country must stand in the question's asked phrase (the first words after the
question word: "Siapa nama presiden Indonesia …", "Who is the current president of France?", "Who is Japan's
foreign minister?"), be missing from the sentence, and the sentence must name another country right beside a word
of that phrase ("Presiden Timor Leste Xanana Gusmao", "the president of Russia", "Russia's president"). Country
names in Indonesian and English are CLDR's (``babel``), so "Korea Selatan" and "South Korea" are one country.

A who-question asking the holder of a role ("Siapa nama menteri luar negeri Jepang?") or an "Apa nama <thing>?"
question is not answered by a country's name alone from a sentence that names neither the role nor the thing
(``country_for_role``): "Korea Selatan" of a sentence on sanctions is no minister. Where the role is a public office
("Siapa wakil presiden Rusia?", "Siapa duta besar Rusia untuk Korea Utara?"), no answer at all is taken from such a
sentence: "Vladimir Putin" of "Presiden Rusia Vladimir Putin" is no vice-president, "Robert King", "mantan utusan
khusus A.S.", no ambassador. Nor is the holder of the office of another organisation (``other_holder``): "Siapa
Sekretaris Jenderal PBB?" had got "Xi Jinping" of "Sekretaris Jenderal Partai Komunis Tiongkok Xi Jinping".
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache

from citeqa.answer.amounts import counts_another
from citeqa.answer.question import names_a_place
from citeqa.index.analyzer import analyze, stem

# the question words an asked phrase follows, and the words between them and it
_ASKING = frozenset({
    "siapa", "siapakah", "apa", "apakah", "kapan", "kapankah", "berapa", "berapakah", "bagaimana", "mengapa",
    "kenapa", "dimana", "dimanakah", "mana", "manakah", "who", "whom", "whose", "what", "which", "when", "where",
    "why", "how",
})
_FILLERS = frozenset({
    "nama", "yang", "adalah", "ialah", "merupakan", "sekarang", "saat", "ini", "kini", "di", "is", "was", "are",
    "were", "the", "a", "an", "current", "present", "many", "much",
})
_LINKS = frozenset({"of", "the", "dari", "negara"})  # "president of France", "presiden dari negara Prancis"
HEAD_WORDS = 3  # words of the asked phrase before its country: "menteri luar negeri Jepang"
# CLDR's two-letter codes that are no country: unions, "unknown region", pseudo-locales
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"})
_TOKEN = re.compile(r"[\w.-]+(?:['’]s\b)?")


@cache
def _countries() -> tuple[re.Pattern[str], dict[str, str]]:
    """A pattern of every country's Indonesian and English name (CLDR), and each name's (case-folded) code."""
    from babel import Locale  # (loaded on first use: only questions naming something need it)

    codes: dict[str, str] = {}
    for language in ("id", "en"):
        for code, name in Locale(language).territories.items():
            if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES:
                codes[name.casefold()] = code
    alternatives = "|".join(re.escape(name) for name in sorted(codes, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE), codes


@cache
def _short_forms() -> dict[str, frozenset[str]]:
    """Each country's shorter forms that CLDR's names imply: their initials ("AS" of "Amerika Serikat", written
    "A.S." too; "US", "UK") and the first word of a name of several ("Amerika", "Inggris" of "Inggris Raya")."""
    _, codes = _countries()
    forms: dict[str, set[str]] = {}
    for name, code in codes.items():
        parts = name.split()
        if len(parts) > 1:
            forms.setdefault(code, set()).update({"".join(p[0] for p in parts).upper(), parts[0]})
    return {code: frozenset(found) for code, found in forms.items()}


def _named_otherwise(code: str, sentence: str, named: list[tuple[int, int, str]]) -> bool:
    """Whether ``sentence`` names the country ``code`` by a shorter form (``_short_forms``) outside the countries
    it names in full ("Korea" of "Korea Utara" is not South Korea's)."""
    blanked = sentence
    for start, end, _ in named:
        blanked = blanked[:start] + " " * (end - start) + blanked[end:]
    tokens = {t.replace(".", "") for t in re.findall(r"[\w.]+", blanked)}
    folded = {t.casefold() for t in tokens}
    forms = _short_forms().get(code, frozenset())
    return any(f in tokens if f.isupper() else f.casefold() in folded for f in forms)


def countries(text: str, ignore_case: bool = False) -> list[tuple[int, int, str]]:
    """Where ``text`` names a country: (start, end, ISO code). Names count only capitalised, as a sentence writes
    them, unless ``ignore_case`` (a question typed in lower case: "siapa presiden prancis?")."""
    pattern, codes = _countries()
    return [(m.start(), m.end(), codes[m.group().casefold()]) for m in pattern.finditer(text)
            if ignore_case or m.group()[:1].isupper()]


def _asked(question: str, named: list[tuple[int, int, str]]) -> list[tuple[list[str], str]]:
    """The country of the question's asked phrase with the words of the phrase that it belongs to ("presiden" of
    "Siapa presiden Prancis …?", "foreign minister" of "Who is Japan's foreign minister?"); empty where none.
    ``named``: the countries the question names (``countries`` in any case)."""
    tokens = list(_TOKEN.finditer(question))
    at = 1 if tokens and tokens[0].group().lower() in _ASKING else 0
    while at < len(tokens) and tokens[at].group().lower() in _FILLERS:
        at += 1
    asked: list[tuple[list[str], str]] = []
    for start, end, code in named:
        before = [t.group() for t in tokens[at:] if t.end() <= start]
        heads = [w for w in before if w.lower() not in _LINKS]
        if len(before) > HEAD_WORDS + 1 or len(heads) > HEAD_WORDS:
            break  # past the asked phrase
        if not heads and question[end:end + 2] in ("'s", "’s"):  # "Japan's foreign minister"
            heads = [t.group() for t in tokens if t.start() > end + 1][:2]
        if heads:
            asked.append((heads, code))
    return asked


def _beside(sentence: str, start: int, end: int) -> list[str]:
    """The words of ``sentence`` that a country's name at ``start:end`` may belong to: up to ``HEAD_WORDS`` before
    it ("Menteri Luar Negeri Korea Selatan", "the president of Russia"), or two after its "'s"."""
    before = [w for w in _TOKEN.findall(sentence[:start])[-HEAD_WORDS - 1:] if w.lower() not in _LINKS]
    after = _TOKEN.findall(sentence[end + 2:])[:2] if sentence[end:end + 2] in ("'s", "’s") else []
    return before[-HEAD_WORDS:] + after


def other_country(question: str, sentence: str, translations: Mapping[str, Sequence[str]] | None = None) -> bool:
    """Whether ``sentence`` speaks of another country's thing than ``question`` asks about: the country of the
    question's asked phrase is missing from it, and another country stands beside a word of that phrase (or of its
    ``translations``, the bridge's for an English question over Indonesian documents: "president" → "presiden")."""
    in_question = countries(question, ignore_case=True)
    asked = _asked(question, in_question)
    if not asked:
        return False
    named = countries(sentence)
    held = {code for _, _, code in named}
    asked_about = {code for _, _, code in in_question}
    for heads, code in asked:
        if code in held or _named_otherwise(code, sentence, named):
            continue
        words = [*heads, *(t for w in heads for t in (translations or {}).get(w.lower(), ()))]
        terms = set(analyze(" ".join(words)))
        for start, end, other in named:
            if other not in asked_about and terms & set(analyze(" ".join(_beside(sentence, start, end)))):
                return True
    return False


# "Siapa (nama) <role> …?", "Who is/was (the) (current) <role> …?", "Who is Japan's <role>?", "Apa nama <thing> …?"
_WHO_ROLE = re.compile(
    r"^\s*(?:siapa(?:kah)?(?:\s+nama)?|apa(?:kah)?\s+nama|who(?:\s+(?:is|was|are|were))(?:\s+(?:the|a|an))?"
    r"(?:\s+(?:current|present|former))?(?:\s+[A-Z][\w.-]*['’]s)?)((?:\s+[a-z][\w-]*){1,3})",
    re.IGNORECASE)
_ENGLISH_ENDS = frozenset({"of", "in", "at", "for", "on", "from", "to", "with", "by", "who", "that"})
_VERBAL = re.compile(r"^(?:me|di|ber|ter)\w{3,}$")  # an Indonesian verb's prefixes: "Siapa yang membangun …" is no role
# public offices, whose holder a sentence names with the office ("Presiden Rusia Vladimir Putin", "Menteri Perhubungan
# Hatta Rajasa"); not roles a sentence may say otherwise ("pendiri": "didirikan oleh", "istri": "menikah dengan")
_PUBLIC_OFFICES = re.compile(
    r"presiden|wakil|menteri|perdana|gubernur|bupati|walikota|camat|kepala|ketua|direktur|sekretaris|sekjen|duta|"
    r"dubes|rektor|dekan|kanselir|panglima|kapolri|kapolda|jaksa|senator|president|vice|minister|premier|governor|"
    r"mayor|head|chairman|chairwoman|chair|director|secretary|ambassador|chancellor|rector|dean|commander",
    re.IGNORECASE)


def asked_noun(question: str) -> str | None:
    """The role a who-question asks the holder of ("menteri" of "Siapa nama menteri luar negeri Jepang?",
    "president" of "Who is the current president of France?"), or the thing an "Apa nama …?" question asks the
    name of ("satelit" of "Apa nama satelit pertama Korea Utara?"); ``None`` for a doer ("Siapa yang …?", "Siapa
    membangun …?", "Who spoke …?") or a place ("Apa nama negara …?", whose name may be a country's)."""
    found = _WHO_ROLE.match(question)
    if found is None:
        return None
    run = found.group(1).split()
    if question.lstrip()[:3].lower() == "who":  # the head comes last in English: "foreign minister", "president"
        run = run[:next((i for i, w in enumerate(run) if w.lower() in _ENGLISH_ENDS), len(run))] or run[:1]
        word = run[-1]
    else:  # and first in Indonesian: "menteri luar negeri"
        word = run[0]
    terms = analyze(word)
    if not terms or word.lower() == "yang" or word[:1].isupper() or names_a_place(word) or (
            _VERBAL.match(word.lower()) and terms[0] != word.lower()):  # "membangun" (stem "bangun"), not "menteri"
        return None
    return word


def country_for_role(question: str, answer: str, sentence: str,
                     translations: Mapping[str, Sequence[str]] | None = None) -> bool:
    """Whether ``question`` asks who holds a role or the name of a thing (``asked_noun``) and ``sentence`` does not
    name the role or thing (nor, for an English question over Indonesian text, one of its ``translations``), where
    ``answer`` is a country's name alone ("Siapa nama menteri luar negeri Jepang?" had got "Korea Selatan" from a
    sentence on sanctions) or the role is a public office (``_PUBLIC_OFFICES``: "Siapa wakil presiden Rusia?" had got
    "Vladimir Putin" of "Presiden Rusia Vladimir Putin")."""
    role = asked_noun(question)
    if role is None:
        return False
    answer = answer.strip()
    named = countries(answer)
    if not _PUBLIC_OFFICES.fullmatch(role) and (len(named) != 1 or named[0][:2] != (0, len(answer))):
        return False
    words = [role, *(translations or {}).get(role.lower(), ())]
    terms = set(analyze(" ".join(words)))
    if terms & _LEADERS:  # "Siapakah ketua Tim …?" of "… tim yang dipimpin Prof Hwang …": one office, said otherwise
        terms |= _LEADERS
    return not terms & set(analyze(sentence))


# who holds an office of something: "Siapa (nama) Sekretaris Jenderal PBB?", "Who is the current president of …?",
# "Siapa yang memimpin CSIS?" (a verb: the one who leads it)
_HOLDER_ASKED = re.compile(r"^\s*(?:siapa(?:kah)?|who\s+(?:is|was|are|were)(?:\s+the)?(?:\s+current)?)\s+(?:nama\s+)?"
                           r"(?:yang\s+)?", re.IGNORECASE)
_LEADS = "pimpin"  # the stem of "memimpin" ("mengetuai", "mengepalai" stem to "tuai", "palai": not read as offices)
_LEADERS = frozenset({"pimpin", "ketua", "kepala", "tuai", "palai"})  # one who leads, as the analyzer stems it
# the words an office's name runs on with ("Sekretaris Jenderal", "menteri luar negeri", "deputy director")
_OFFICE_WORDS = frozenset({"jenderal", "umum", "besar", "luar", "negeri", "utama", "muda", "general", "foreign",
                           "deputy", "dari", "of", "the"})
# what opens an organisation's name ("Partai Komunis Tiongkok", "Badan Intelijen Nasional", "Ministry of …")
_ORGANISATION = re.compile(
    r"(?:Partai|Badan|Dewan|Kementerian|Komisi|Bank|Universitas|Perusahaan|PT|Organisasi|Lembaga|Majelis|Mahkamah|"
    r"Kantor|Dinas|Departemen|Institut|Yayasan|Persatuan|Perserikatan|Federasi|Asosiasi|Liga|Klub|Party|Council|"
    r"Ministry|University|Company|Agency|Institute|Organi[sz]ation|Federation|Association|Commission|Committee|"
    r"Department|Office|Bureau|League|Club|Union|Corporation)\b")
_WORD = re.compile(r"[\w.-]+")


def _holder_asked(question: str) -> tuple[str, list[str]] | None:
    """The stem of the office a who-question asks the holder of, and the words naming what the office is of:
    ("sekretaris", ["PBB"]) of "Siapa Sekretaris Jenderal PBB?", ("pimpin", ["CSIS"]) of "Siapa yang memimpin
    CSIS?"; ``None`` where it asks no such thing, or names nothing the office is of."""
    found = _HOLDER_ASKED.match(question)
    tokens = _WORD.findall(question[found.end():]) if found is not None else []
    if not tokens:
        return None
    office = stem(tokens[0].lower())
    if not _PUBLIC_OFFICES.fullmatch(tokens[0]) and not (tokens[0].lower().startswith("me") and office == _LEADS):
        return None
    rest = tokens[1:]
    at = 0
    while at < len(rest) and (rest[at].lower() in _OFFICE_WORDS or _PUBLIC_OFFICES.fullmatch(rest[at])):
        at += 1
    named = []
    while at < len(rest) and rest[at][:1].isupper():
        named.append(rest[at])
        at += 1
    return (office, named) if named else None


def _names(words: list[str], sentence: str) -> bool:
    """Whether ``sentence`` names what ``words`` name: any of them, dots aside ("P.B.B."), or for an abbreviation a
    run of capitalised words with its initials ("Perserikatan Bangsa-Bangsa" for "PBB")."""
    plain = sentence.replace(".", "").lower()
    if any(re.search(rf"(?<!\w){re.escape(w.replace('.', '').lower())}(?!\w)", plain) for w in words):
        return True
    if len(words) != 1 or not words[0].isupper() or len(words[0]) < 2:
        return False
    for run in re.findall(r"(?:[A-Z]\w*[\s-]+)*[A-Z]\w*", sentence):
        initials = "".join(w[0] for w in re.split(r"[\s-]+", run) if w)
        if words[0] in initials:  # (within a longer run: "Sekretaris Jenderal Perserikatan Bangsa-Bangsa …")
            return True
    return False


def other_holder(question: str, sentence: str) -> bool:
    """Whether ``sentence`` names the holder of the office ``question`` asks about, but of another organisation or
    country than the one asked, which it does not name: "Siapa Sekretaris Jenderal PBB?" of "… Sekretaris Jenderal
    Partai Komunis Tiongkok Xi Jinping …", "Siapa yang memimpin CSIS?" of "… pemimpin Korea Utara Kim Jong Un …"."""
    asked = _holder_asked(question)
    if asked is None or _names(asked[1], sentence):
        return False
    tokens = list(_WORD.finditer(sentence))
    for k, token in enumerate(tokens):
        if stem(token.group().lower()) != asked[0]:
            continue
        at = k + 1  # past the office's other words ("Jenderal" of "Sekretaris Jenderal")
        while at < len(tokens) and (tokens[at].group().lower() in _OFFICE_WORDS
                                    or _PUBLIC_OFFICES.fullmatch(tokens[at].group())):
            at += 1
        after = sentence[tokens[at].start():] if at < len(tokens) else ""
        if _ORGANISATION.match(after) or any(start == 0 for start, _, _ in countries(after[:40])):
            return True
    return False


def about_another(question: str, sentence: str, answer: str | None,
                  translations: Mapping[str, Sequence[str]] | None = None) -> bool:
    """Whether ``sentence`` (and ``answer``, the short answer taken from it) is about another thing than
    ``question`` asks: another country's (``other_country``), another organisation's office holder
    (``other_holder``), a country or any name where the holder of a role is asked and the sentence names no such
    role (``country_for_role``), or the count of another thing than the one asked, which the sentence never names
    (``amounts.counts_another``: "dua upaya" for "Berapa rudal …?")."""
    return other_country(question, sentence, translations) or other_holder(question, sentence) or (
        answer is not None and (country_for_role(question, answer, sentence, translations)
                                or counts_another(question, answer, sentence)))
