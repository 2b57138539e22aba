"""An Indonesian-aware analyzer for the lexical index: case folding, punctuation, stopwords, stemming."""

from __future__ import annotations

import re
import threading
from functools import lru_cache

import Stemmer
from Sastrawi.Stemmer.StemmerFactory import StemmerFactory
from Sastrawi.StopWordRemover.StopWordRemoverFactory import StopWordRemoverFactory

WORD = re.compile(r"\w+", re.UNICODE)  # a word as ``words`` reads it, before lowercasing

# English function words, so that English questions over Indonesian text keep only what carries over.
ENGLISH_STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have
    having he her here hers him his how i if in into is it its itself just me more most my no nor not now
    of off on once only or other our out over own same she should so some such than that the their them
    then there these they this those through to too under until up very was we were what when where which
    while who whom why will with would you your yours many much did does""".split()
)
# Sastrawi's list drops words that carry meaning in questions about news; keep these. The second group (analyzer 3)
# are the content words of its list that a question names its topic by ("Kepada siapa pertanyaan dapat
# disampaikan?" had no index term at all; "Di mana Robert King bekerja?" was covered by any sentence naming him);
# words that frame a question rather than name its topic stay out ("tempat", "keadaan", "berlangsung", "dimulai",
# "berakhir": the sentence that answers seldom repeats them, and kept, TyDi's dev side abstained on four more right
# answers; eval/EXPERIMENTS.md).
_KEEP = frozenset({"tahun", "bulan", "hari", "awal", "akhir", "pertama", "kedua", "ketiga", "baru", "lalu",
                   "dua", "tiga", "empat", "lima", "sepuluh", "seratus", "ribu", "juta", "miliar", "negara",
                   "bapak", "ibu", "mata", "bagian", "kasus", "masalah", "persoalan", "pertanyaan", "jawaban", "kerja",
                   "bekerja", "besar", "kecil", "panjang", "jauh", "dekat", "penting", "khusus", "luar", "masuk",
                   "keluar", "naik", "disampaikan", "menyampaikan", "sampaikan", "diberikan", "memberikan", "diberi",
                   "memberi", "digunakan", "menggunakan", "dipergunakan", "mempergunakan", "dibuat", "membuat",
                   "diminta", "meminta", "ditunjuk", "menunjuk", "mendapat", "mendapatkan", "diperlukan", "memerlukan",
                   "pukul", "terakhir"})


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    indonesian = frozenset(StopWordRemoverFactory().get_stop_words()) - _KEEP
    return indonesian | ENGLISH_STOPWORDS


@lru_cache(maxsize=1)
def _stemmer():  # type: ignore[no-untyped-def]
    return StemmerFactory().create_stemmer()


# The analyzer's name in an index manifest: an index built with another analyzer must be rebuilt.
ANALYZER = "sastrawi+snowball-english/3"
_english = threading.local()  # PyStemmer's stemmers are not thread-safe: one per thread


def english_stem(word: str) -> str:
    """The English Snowball stem of one lowercase word."""
    stemmer = getattr(_english, "stemmer", None)
    if stemmer is None:
        stemmer = _english.stemmer = Stemmer.Stemmer("english")
    return str(stemmer.stemWord(word))


# Stems an index recorded for the words of its passages (``learn``): answering then never waits on Sastrawi (about
# 0.3 ms a word) for a word of a passage, however many passages the index holds.
_learned: dict[str, str] = {}


def learn(stems: dict[str, str]) -> None:
    """Remember ``stems`` (word -> ``stem(word)``, as ``stems_of`` gave them), for ``stem`` to look up first."""
    _learned.update(stems)


def stems_of(texts: list[str]) -> dict[str, str]:
    """Every stemmable word of ``texts`` (not a stopword, longer than three letters) with its stem."""
    found: set[str] = set()
    for text in texts:
        found.update(words(text))
    return {w: stem(w) for w in found if len(w) > 3 and w.isalpha() and not _is_stop(w)}


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Stem of one lowercase word (cached); digits and short words stay as they are.

    Indonesian first: Sastrawi's stem when it strips an affix or knows the word as a root. Any other word
    (English, or a name) gets the English Snowball stem, so "investigated" and "investigate" meet. The choice
    depends on the word alone, never on the text around it, so a document and a question always agree."""
    if len(word) <= 3 or not word.isalpha():
        return word
    learned = _learned.get(word)
    if learned is not None:
        return learned
    stemmer = _stemmer()
    indonesian = str(stemmer.stem(word)) or word
    if indonesian != word or stemmer.delegatedStemmer.dictionary.contains(word):
        return indonesian
    return english_stem(word) or word


def indonesian_root(word: str) -> str | None:
    """The root of the lower-case ``word`` in Sastrawi's dictionary of Indonesian roots ("homeostasis" has none,
    "dikonsumsi" has "konsumsi"), or ``None`` when the dictionary knows none."""
    stemmer = _stemmer()
    dictionary = stemmer.delegatedStemmer.dictionary
    if dictionary.contains(word):
        return word
    root = str(stemmer.stem(word))
    return root if root and dictionary.contains(root) else None


_INITIALISM = re.compile(r"\b(?:[A-Za-z]\.){2,}")


def words(text: str) -> list[str]:
    """Lowercased word tokens of ``text`` (punctuation dropped; "P.B.B." becomes "pbb")."""
    text = _INITIALISM.sub(lambda m: m.group(0).replace(".", "") + " ", text)
    return [w.lower() for w in WORD.findall(text)]


# Question words written fused: the particle -kah ("manakah", "lamakah") and a preposition before "mana" or
# "berapa" ("dimana", "kemanakah", "keberapa"). Without this, Sastrawi stems them to "mana" and the like, which
# then count as rare query terms.
_FUSED_QUESTION = re.compile(r"^(?:di|ke|dari)(mana|berapa)$")


def bare(word: str) -> str:
    """``word`` without a question particle or a fused preposition: "dimanakah" -> "mana"."""
    if word.endswith("kah") and len(word) > 5:
        word = word[:-3]
    fused = _FUSED_QUESTION.match(word)
    return fused.group(1) if fused else word


# A question about "the article" refers to the document, not to its content: "Apa kepanjangan CIA menurut
# artikel?". The reference is no term to look for, and no document says "artikel" about itself.
_SELF_REFERENCE = re.compile(
    r"\b(?:menurut\s+(?:artikel|dokumen|teks|tulisan)\b(?:\s+(?:ini|tersebut|itu)\b)?"
    r"|(?:dalam|di|pada|dari)\s+(?:artikel|dokumen|teks|tulisan)(?:\s+(?:ini|tersebut|itu)\b|\s*(?=[?.!,]|$))"
    r"|(?:according to|in|from)\s+(?:the|this)\s+(?:article|document|text)\b)", re.IGNORECASE)


def analyze(text: str, stemming: bool = True) -> list[str]:
    """Index terms of ``text``: case-folded, references to the document itself ("menurut artikel ini") and
    stopwords removed (also when fused, see ``bare``), stemmed."""
    return list(_analyzed(text, stemming))


@lru_cache(maxsize=16384)
def _analyzed(text: str, stemming: bool) -> tuple[str, ...]:
    # remembered: answering analyzes the same passages and sentences for question after question
    terms = [w for w in words(_SELF_REFERENCE.sub(" ", text)) if not _is_stop(w)]
    return tuple(stem(w) for w in terms) if stemming else tuple(terms)


def _is_stop(word: str) -> bool:
    stop = _stopwords()
    return word in stop or bare(word) in stop


def is_stopword(word: str) -> bool:
    """True for Indonesian or English function words, also fused ("manakah", "dimana")."""
    return _is_stop(word.lower())
