"""The signals behind one answer (``confidence.Evidence``), measured from what the assistant read."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from citeqa.answer.bridge import Bridge
from citeqa.answer.confidence import Evidence
from citeqa.answer.question import AnswerType, QuestionInfo, name_terms
from citeqa.answer.ranker import window_coverage
from citeqa.answer.reader import Reader, Reading, coverage
from citeqa.answer.span_model import SpanGuess
from citeqa.answer.spans import Span
from citeqa.index.analyzer import analyze, words
from citeqa.index.contract import PassageStore

_WORDS = re.compile(r"\w+")


def agreement(span: Span | None, guess: SpanGuess | None) -> float:
    """How much the short answer overlaps the span reader's own pick in the sentence: shared characters over the
    characters of either (0 without one of them). Where the extractor and the span reader agree, the answer is more
    often right (SQuAD dev, confidence 0.6-0.8: 0.81 right when they overlap by half or more, 0.48 otherwise)."""
    if span is None or guess is None:
        return 0.0
    shared = min(span.end, guess.end) - max(span.start, guess.start)
    return max(0, shared) / (max(span.end, guess.end) - min(span.start, guess.start) or 1)


def gather(
    store: PassageStore, reader: Reader, question: str, info: QuestionInfo, reading: Reading, excluded: Counter[str],
    span: Span | None, span_score: float = 0.0, rerank: tuple[float, float] = (0.0, 0.0),
    span_margin: float = 0.0, agreed: float = 0.0, defined: bool = False, bridge: Bridge | None = None,
    foreign: bool = False, ruled: bool = False,
) -> Evidence:
    """The signals behind an answer, for the calibrator. ``rerank`` is the reranker's score of the first passage
    and its margin over the second; ``defined``: the answer is the sentence's definition of the abbreviation asked
    about (``answer.acronyms``); ``foreign``: the bridge took the question's translated words out of it (the
    documents are in another language, see ``unknown_words``); ``ruled``: the short answer is a rule's phrase
    (``short_answer.short_span``). Terms found only in ``excluded`` passages (term ->
    passages holding it) count as unknown, as if those passages were not indexed.

    Two signals count the question's terms that no indexed passage holds. ``unknown_names``: only its names and
    numbers, IDF-weighted; a question naming what no document names ("NATO", "Prancis") is about something else.
    ``unknown_words``: all of its words, where a word that ``bridge`` translates into one the documents use is
    known (English questions over Indonesian documents); on a folder of one report, a question in words the report
    never uses ("harga minyak bumi per barel") is seldom answered by it, while on a large corpus most words are
    known and the signal says less."""
    terms = reader.question_terms(question)
    passage_terms = analyze(reading.passage.passage.text)
    names = name_terms(question)
    named = {t: w for t, w in terms.items() if t in names}

    def known(term: str) -> bool:
        return store.doc_freq(term) > excluded.get(term, 0)

    unknown = sum(w for t, w in named.items() if not known(t))
    around = _around(reader.text(reading.passage.passage.source), span) if span else None
    return Evidence(
        reader=reading.confidence, coverage=reading.coverage,
        window_coverage=window_coverage(terms, passage_terms),
        names_found=len(names & set(passage_terms)) / len(names) if names else 1.0,
        rarest_found=float(max(terms, key=lambda t: terms[t]) in passage_terms) if terms else 0.0,
        unknown_names=unknown / sum(named.values()) if named else 0.0,
        typed=info.answer_type is not AnswerType.OTHER, type_found=reading.span is not None,
        answer_window=coverage(terms, around) if around is not None else reading.coverage,
        answer_score=span_score, rank_margin=rerank[1], span_margin=span_margin, span_agreement=agreed,
        rerank_score=rerank[0], defined=defined, unknown_words=unknown_words(question, known, bridge, foreign),
        ruled=ruled,
    )


# the noun of a question's asking phrase: "Jam berapa …?", "Tahun berapa …?", "Pada hari apa …?", "What time …?"
_ASKED_KIND = re.compile(r"\b(jam|pukul|tahun|tanggal|hari|bulan|abad|usia|umur)\s+(?:berapa|apa)(?:kah)?\b"
                         r"|\b(?:what|which)\s+(time|year|date|day|month|century|age)\b", re.IGNORECASE)


def unknown_words(question: str, known: Callable[[str], bool], bridge: Bridge | None, foreign: bool = False) -> float:
    """The share of the question's words (those with a term of the question's own analysis; each word once) whose
    terms are not all ``known`` and that ``bridge`` translates into no known word either way (0 without such
    words). A word read alone keeps terms the question's analysis drops: its reference to the document itself
    ("menurut artikel ini", "according to the text"), which no document uses and which asks about nothing.

    Over documents in another language (``foreign``: the bridge took the question's translated words out of it),
    a word the dictionary has no entry for is not counted: that the documents lack it says only that the dictionary
    does ("envoy", "latest"), where a word whose translations they lack ("price": "harga") is still unknown."""
    asked = set(analyze(question))
    kind = {(m.group(1) or m.group(2)).lower() for m in _ASKED_KIND.finditer(question)}
    counted = unknown = 0
    for word in dict.fromkeys(words(question)):
        terms = [t for t in analyze(word) if t in asked]
        if word in kind:
            continue  # "jam" of "Jam berapa ujian dimulai?" says what kind of answer is asked, not what about
        if not terms:
            continue
        counted += 1
        if all(known(t) for t in terms):
            continue
        if bridge is not None and (bridge.translations(word, known) or bridge.to_english(word, known)):
            continue
        if foreign and bridge is not None and not bridge.has_entry(word):
            counted -= 1
            continue
        unknown += 1
    return unknown / counted if counted else 0.0


def _around(text: str, span: Span, width: int = 8) -> set[str]:
    """The terms of the ``width`` words either side of a short answer."""
    before = _WORDS.findall(text[max(0, span.start - 30 * width):span.start])[-width:]
    after = _WORDS.findall(text[span.end:span.end + 30 * width])[:width]
    return set(analyze(" ".join(before + after)))
