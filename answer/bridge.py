"""A word bridge for English questions over Indonesian documents, and back.

Names, numbers and dates carry over between the languages as they are; the other words of an English question
have nothing to match in an Indonesian document. The bridge adds the Indonesian translations of those words (from
the FreeDict English–Indonesian dictionary and the NusaX lexicon, built by ``python -m citeqa.eval.build_bridge``)
that the index actually holds, so that retrieval, the reranker and the reader see "satelit", "sanksi" and
"penasihat keamanan" in "Which satellite…", "the latest sanction", "security advisers". Translations the index
does not hold are left out, so an English question over English documents is asked as it is. The same table read
backwards gives an Indonesian question over English documents the English words of its own ("pesan" -> "order").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from citeqa.answer.lemmas import lemmas
from citeqa.core.errors import ConfigError
from citeqa.index.analyzer import ENGLISH_STOPWORDS, WORD, analyze, english_stem, words

MODEL = Path(__file__).resolve().parent / "weights" / "bridge-en-id.tsv"
# the same table read backwards (``invert``), written beside it by ``build_bridge``: Indonesian term -> English stems
BACKWARDS = MODEL.with_name("bridge-id-en.tsv")
PER_WORD = 3  # translations kept per English word, in dictionary order


def invert(table: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """Indonesian term -> the English stems it translates, in table order: from the one-word translations, and
    only stems that are their own index term, so that added to a question they analyze to themselves."""
    found: dict[str, list[str]] = {}
    for english, translations in table.items():
        if analyze(english) != [english]:
            continue
        for translation in translations:
            terms = analyze(translation)
            if len(terms) == 1 and english not in found.setdefault(terms[0], []):
                found[terms[0]].append(english)
    return {term: tuple(stems) for term, stems in found.items()}


def read_table(path: Path) -> dict[str, tuple[str, ...]]:
    """A word table, one ``word<TAB>translation|…`` per line; raises ``ConfigError`` when it is missing or
    malformed."""
    table: dict[str, tuple[str, ...]] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ConfigError(f"cannot read the word bridge {path}: {exc}") from exc
    for number, line in enumerate(lines, start=1):
        stem, tab, translations = line.partition("\t")
        if not tab or not stem or not translations:
            raise ConfigError(f"{path}:{number}: expected 'stem<TAB>translation|…', got {line[:60]!r}")
        table[stem] = tuple(translations.split("|"))
    return table


def write_table(table: dict[str, tuple[str, ...]] | dict[str, list[str]], path: Path) -> None:
    """Write ``table`` as ``read_table`` reads it, sorted by word."""
    lines = [f"{word}\t{'|'.join(kept)}" for word, kept in sorted(table.items())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _names(question: str) -> list[str]:
    """The question's capitalised words after the first (names: "Cape Town", "Israfil")."""
    return [m.group(0) for i, m in enumerate(WORD.finditer(question)) if i > 0 and m.group(0)[:1].isupper()]


def _one(terms: list[str]) -> str | None:
    return terms[0] if len(terms) == 1 else None


def _held(terms: list[str], known: Callable[[str], bool]) -> bool:
    return bool(terms) and all(known(t) for t in terms)


def _holding(terms: list[str], passages: Sequence[set[str]]) -> int:
    """How many of ``passages`` (their terms) hold all of ``terms``."""
    return sum(1 for held in passages if all(t in held for t in terms))


_DOUBLE = re.compile(r"([bdfgklmnprstz])\1")
# English endings as Indonesian spells them when it borrows the word, the first that fits
_ENDINGS = (("ization", "isasi"), ("isation", "isasi"), ("ation", "asi"), ("ition", "isi"), ("ution", "usi"),
            ("tion", "si"), ("sion", "si"), ("ical", "is"), ("ity", "itas"), ("ism", "isme"), ("ist", "is"),
            ("yst", "is"), ("ive", "if"), ("ary", "er"), ("ic", "ik"), ("ogy", "ogi"), ("y", "i"))


def borrowed(word: str) -> list[str]:
    """Spellings an English word may have been borrowed into Indonesian with ("munitions" -> "munisi", "ballistic"
    -> "balistik", "analyst" -> "analis"): its singular, its ending respelled, c as k or s, ph as f, ch as k, x as
    ks, y as i, double consonants single; with and without a final e. The dictionaries miss many such words."""
    bases = [word]
    if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        bases += [word[:-1]] + ([word[:-2]] if word.endswith("es") else [])
    found: list[str] = []
    for base in bases:
        head, tail = base, ""
        for ending, spelled in _ENDINGS:
            if base.endswith(ending):
                head, tail = base[:-len(ending)], spelled
                break
        for english, indonesian in (("ph", "f"), ("th", "t"), ("ch", "k"), ("ck", "k"), ("qu", "kw"), ("x", "ks")):
            head = head.replace(english, indonesian)
        head = _DOUBLE.sub(r"\1", re.sub(r"c(?=[eiy])", "s", head).replace("c", "k").replace("y", "i"))
        spelled_word = head + tail
        for candidate in (spelled_word, spelled_word[:-1] if spelled_word.endswith("e") else ""):
            if candidate and candidate != word and candidate not in found:
                found.append(candidate)
    return found


# the same endings read back, Indonesian to English, every one that fits (a borrowed word's English form is checked
# against the index, so a wrong guess costs nothing)
_BACK = (("isasi", "ization"), ("asi", "ation"), ("isi", "ition"), ("usi", "ution"), ("si", "sion"), ("si", "tion"),
         ("itas", "ity"), ("isme", "ism"), ("is", "ist"), ("is", "ic"), ("is", "ical"), ("if", "ive"), ("ik", "ic"),
         ("ogi", "ogy"), ("er", "ary"), ("i", "y"))


def lent(word: str) -> list[str]:
    """English words an Indonesian ``word`` may have been borrowed from ("renovasi" -> "renovation", "konstitusi"
    -> "constitution", "publik" -> "public"): ``borrowed`` read backwards, its ending respelled (every way that
    fits) and k as c, qu or ch, or as it is. The dictionaries miss many such words."""
    found: list[str] = []
    endings = [(word[:-len(ending)], english) for ending, english in _BACK if word.endswith(ending)] + [(word, "")]
    for head, tail in endings:
        respelled = (head.replace("k", "c"), head.replace("ku", "qu").replace("k", "c"), head.replace("k", "ch"))
        for spelled in (head, *respelled):
            candidate = spelled + tail
            if candidate != word and len(candidate) > 3 and candidate not in found:
                found.append(candidate)
    return found


@dataclass(frozen=True)
class Bridging:
    """A question put into the documents' words: what is kept of it, each word the bridge translates with its
    translations (alternatives: the documents need use only one), and whether the translated words were taken out
    of the question (the documents are in another language, ``Bridge.foreign``)."""

    kept: str
    translations: dict[str, list[str]]
    taken_out: bool
    beside: tuple[str, ...] = ()  # translated words kept in ``kept`` as names the index holds (lowercased)

    @property
    def query(self) -> str:
        """The kept question followed by every translation, once each."""
        return self.with_translations(self.translations)

    def with_translations(self, translations: dict[str, list[str]]) -> str:
        """The kept question followed by ``translations`` (of the same words), once each."""
        added = " ".join(dict.fromkeys(t for ts in translations.values() for t in ts))
        return f"{self.kept} {added}" if added else self.kept

    def narrowed(self, passages: Sequence[set[str]]) -> dict[str, list[str]]:
        """The translations with each word's alternatives narrowed to the one most of ``passages`` (their
        terms) hold, the first in dictionary order on a tie; a word none of whose alternatives they hold keeps
        them all."""
        narrowed: dict[str, list[str]] = {}
        for word, alternatives in self.translations.items():
            held = [_holding(analyze(a), passages) for a in alternatives]
            best = max(held, default=0)
            narrowed[word] = [alternatives[held.index(best)]] if best else alternatives
        return narrowed

    def narrowed_query(self, passages: Sequence[set[str]]) -> str:
        """The question with ``narrowed`` translations, and without each name kept ``beside`` its translation
        that fewer of ``passages`` (best first) hold than hold the translation, unless the first holds it: of
        "Japan" and "Jepang" the one the passages use, and "General Motors" where the first passage names the
        company. In an index of both languages, a question asked again in the other one's words keeps "General" and
        "Secretary" beside "jenderal" and "sekretaris" (its English documents hold them); the Indonesian passages
        it finds hold only the translations, and the kept words made them look as if they missed half of it."""
        translations = self.narrowed(passages)

        def gives_way(word: str) -> bool:  # (a name with no translation held has nothing to give way to)
            name = analyze(word)
            used = max((_holding(analyze(t), passages) for t in translations.get(word, ())), default=0)
            return _holding(name, passages) < used and not _holding(name, passages[:1])

        dropped = {word for word in self.beside if gives_way(word)}
        kept = WORD.sub(lambda m: "" if m.group(0).lower() in dropped else m.group(0), self.kept)
        return replace(self, kept=" ".join(kept.split())).with_translations(translations)


class Bridge:
    """English word stem -> Indonesian translations, and Indonesian term -> English stems."""

    def __init__(self, table: dict[str, tuple[str, ...]], backwards: dict[str, tuple[str, ...]] | None = None) -> None:
        self.table = table
        self.backwards = invert(table) if backwards is None else backwards

    @classmethod
    def load(cls, path: Path = MODEL, backwards: Path = BACKWARDS) -> Bridge:
        """Read the shipped tables; raises ``ConfigError`` when one is missing or malformed."""
        return cls(read_table(path), read_table(backwards))

    def has_entry(self, word: str) -> bool:
        """Whether the dictionary translates the English ``word`` at all."""
        return bool(self.entry(word.lower()))

    def entry(self, word: str) -> tuple[str, ...]:
        """The translations of the lowercase English ``word``: its stem's, else its first lemma's with any
        ("wrote": "write", ``lemmas``)."""
        return self.table.get(english_stem(word)) or next(
            (found for lemma in lemmas(word) if (found := self.table.get(english_stem(lemma)))), ())

    def translations(self, question: str, known: Callable[[str], bool]) -> list[str]:
        """Indonesian translations of the question's English content words that the index does not hold
        themselves (``known`` rejects their terms), where ``known`` accepts the translation's terms; at most
        ``PER_WORD`` per word, without repeats."""
        found: list[str] = []
        for kept in self.translated(question, known).values():
            found.extend(t for t in kept if t not in found)
        return found

    def translated(
        self, question: str, known: Callable[[str], bool], borrow: bool = False, held_too: bool = False
    ) -> dict[str, list[str]]:
        """Each English content word of the question (lowercased) that the index does not hold itself, with the
        translations of it that the index holds (at most ``PER_WORD``, in dictionary order; else, with ``borrow``,
        the first of its ``borrowed`` spellings the index holds); words without such a translation are left out.
        With ``held_too`` (the documents are all in the other language), a word the index holds is translated as
        well: "government" in an aside of an Indonesian paragraph does not make the paragraphs English."""
        found: dict[str, list[str]] = {}
        for word in words(question):
            if word in found or word in ENGLISH_STOPWORDS or not word.isalpha():
                continue
            own = analyze(word)
            if own and all(known(t) for t in own) and not held_too:
                continue  # the documents use the word itself: an English one among English documents
            kept = [t for t in self.entry(word) if _held(analyze(t), known)] \
                or [t for t in (borrowed(word) if borrow else ()) if _held(analyze(t), known)][:1]
            if kept:
                found[word] = kept[:PER_WORD]
        return found

    def to_english(self, question: str, known: Callable[[str], bool]) -> list[str]:
        """English words for an Indonesian question's content words that the index does not hold itself, where
        ``known`` accepts them; at most ``PER_WORD`` per word, without repeats."""
        found: list[str] = []
        for stems in self.english_of(question, known).values():
            found.extend(stem for stem in stems if stem not in found)
        return found

    def english_of(
        self, question: str, known: Callable[[str], bool], held_too: bool = False, borrow: bool = False
    ) -> dict[str, list[str]]:
        """Each content word of an Indonesian question (lowercased) that the index does not hold itself, with the
        English stems it translates that the index holds (at most ``PER_WORD`` new ones; else, with ``borrow``, the
        first stem of the English words it may be borrowed from that the index holds, ``lent``); words without one
        are left out. ``held_too``: as in ``translated``."""
        found: dict[str, list[str]] = {}
        seen: set[str] = set()
        for word in words(question):
            terms = analyze(word)
            if word in found or len(terms) != 1 or (known(terms[0]) and not held_too):
                continue  # a stopword, or a word the documents use
            held = [stem for stem in self.backwards.get(terms[0], ()) if known(stem)] \
                or [t for t in (_one(analyze(c)) for c in (lent(word) if borrow else ())) if t and known(t)][:1]
            if held:  # (stems an earlier word brought already are not repeated; the word is replaced all the same)
                found[word] = [stem for stem in held if stem not in seen][:PER_WORD]
                seen.update(found[word])
        return found

    def expand(self, question: str, known: Callable[[str], bool], language: str = "en") -> str:
        """``question`` as ``bridging`` puts it (its ``query``)."""
        return self.bridging(question, known, language).query

    def bridging(
        self, question: str, known: Callable[[str], bool], language: str = "en", documents: str | None = None
    ) -> Bridging:
        """``question`` followed by its ``translations`` (``to_english`` for an Indonesian one, ``language``
        "id"); where the documents are in another language than the question (``foreign``), the words so
        translated are taken out of it; the question itself when there are none. Also whether words were taken
        out.

        Taken out, not kept beside: a word no document holds weighs most in every measure of how much of the
        question a sentence covers (the rarer a term, the more it counts), so kept it made the right sentence look
        as if it missed most of the question, and most English questions over the bundled article abstained
        (``README``, "English questions over Indonesian documents"). A question in the documents' own language
        keeps its words: one the documents do not use ("Lembaga apa …?") is something they do not say.

        ``documents``: the language all the indexed documents are in, where one is (``languages.Languages``); a
        question in the other is foreign, and its words the index holds as well are translated (``held_too``).
        Without it (documents in both languages, or not known), the question's own words decide (``foreign``)."""
        whole = documents is not None and documents != language
        foreign = whole or (documents is None and self.foreign(question, known))
        # over documents in another language, a word also by the spelling the other language lent or borrowed it with
        replaced = self.translated(question, known, borrow=foreign, held_too=whole) if language == "en" \
            else self.english_of(question, known, held_too=whole, borrow=foreign)
        if not any(replaced.values()):
            return Bridging(question, {}, False)
        if not foreign:
            return Bridging(question, replaced, False)
        # a name the documents hold stays beside its translation ("Japan" and "Jepang", "Cape Town" and "tanjung")
        names = {w.lower() for w in _names(question) if _held(analyze(w), known)} if whole else set()
        kept = WORD.sub(lambda m: "" if (w := m.group(0).lower()) in replaced and w not in names else m.group(0),
                         question)
        translated = {w for w, ts in replaced.items() if ts}  # "Gedung" with no English word held is beside nothing
        return Bridging(" ".join(kept.split()), replaced, True, tuple(sorted(names & translated)))

    @staticmethod
    def foreign(question: str, known: Callable[[str], bool]) -> bool:
        """Whether the documents are in another language than the question: at least half of its words with an
        index term (its stopwords have none; names and numbers count) have a term no document holds."""
        content = [terms for word in dict.fromkeys(words(question)) if (terms := analyze(word))]
        unknown = sum(1 for terms in content if not all(known(t) for t in terms))
        return bool(content) and 2 * unknown >= len(content)
