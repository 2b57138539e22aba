"""The extractive reader: choose the sentence that answers and, for factoid questions, the short span.

Everything returned is an offset range of the source text, so an answer can never be invented.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from citeqa.answer.adjuncts import asks_reason, reason_span
from citeqa.answer.gap import object_instead
from citeqa.answer.manner import verb_instead
from citeqa.answer.question import AnswerType, QuestionInfo, name_terms, type_nouns_of
from citeqa.answer.sentences import SentenceChooser, SentenceSignals, sentence_rows
from citeqa.answer.spans import Span, candidates, expand_list, place_bonus
from citeqa.answer.tables import header_of, labels, table_cell
from citeqa.core.models import ScoredPassage
from citeqa.index.analyzer import analyze, is_stopword, stem, words
from citeqa.index.contract import PassageStore

READ_PASSAGES = 3  # sentences are read from this many top passages when nothing reranked them


@dataclass(frozen=True)
class Reading:
    """The reader's choice: a sentence of a passage, an optional short span inside it, and a confidence."""

    passage: ScoredPassage
    sentence: tuple[int, int]
    span: Span | None
    confidence: float
    coverage: float


def coverage(terms: dict[str, float], present: set[str]) -> float:
    """The IDF-weighted share of the question's ``terms`` found in ``present``."""
    total = sum(terms.values())
    if total <= 0:
        return 0.0
    return sum(w for t, w in terms.items() if t in present) / total


def is_question(text: str, start: int, end: int) -> bool:
    """Whether the sentence ``text[start:end]`` is a question (it asks; it does not answer)."""
    return text[start:end].rstrip(" \"'”’)]").endswith("?")


ASKED_ALIKE = 0.8  # a question in the document that covers this much of the question asks the same


def answer_under(chosen: Reading, read: list[tuple[str, Reading]]) -> Reading:
    """The first sentence after a question in the document that covers the question asked as much as ``ASKED_ALIKE``
    and more than ``chosen`` does (an FAQ's "Apa saja syarat berobat dengan BPJS?" for "Apa syarat berobat dengan
    BPJS?"), where ``chosen`` is not already under it: the answer an FAQ gives is the text under its question,
    which need not repeat the question's words ("Pasien BPJS cukup membawa KTP …"); ``chosen`` otherwise."""
    for i, (text, reading) in enumerate(read):
        if reading.coverage < max(ASKED_ALIKE, chosen.coverage + 1e-9) or not is_question(text, *reading.sentence):
            continue
        after = next(((t, r) for t, r in read[i + 1:] if r.passage is reading.passage
                      and not is_question(t, *r.sentence)), None)
        if after is None or after[1] is chosen:
            return chosen
        return after[1]
    return chosen


CAUSE_COVERAGE = 0.5  # a sentence giving a cause is cited instead when it covers this much of a why-question


def cause_instead(question: str, chosen: Reading, read: list[tuple[str, Reading]]) -> Reading:
    """For a question asking why, where ``chosen`` gives no cause (``adjuncts.reason_span``), the first of the
    sentences ``read`` that gives one and covers the question as well or at least ``CAUSE_COVERAGE`` of it: an
    email's "Subject: Quarterly review moved to Thursday" covers "Why was the review moved?" whole and says nothing
    of why, where its body's "… has been moved to Thursday 16 October, because the finance director is travelling"
    does; ``chosen`` otherwise."""
    if not asks_reason(question):
        return chosen
    chosen_text = next((text for text, reading in read if reading is chosen), "")
    if reason_span(question, chosen_text, *chosen.sentence) is not None:
        return chosen
    for text, reading in read:
        if reading.coverage >= min(chosen.coverage, CAUSE_COVERAGE) and not is_question(text, *reading.sentence) \
                and reason_span(question, text, *reading.sentence) is not None:
            return reading
    return chosen


def row_instead(question: str, kind: AnswerType, chosen: Reading, read: list[tuple[str, Reading]]) -> Reading:
    """The table row among the sentences ``read`` that covers the question most (its header's words counted), where
    it covers it as much as ``chosen`` at least, the question names it (a word of its own cells, not only of its
    header: "Berapa lama setiap mata pelajaran berlangsung?" names no row) and it has a cell the question asks for
    (``tables.table_cell``: "Rabu | 11 Juni 2025 | IPA" under "Hari | Tanggal | Mata pelajaran" for "Mata
    pelajaran apa yang diujikan pada hari Rabu?", where the sentence chooser, which learnt on prose, put "Ujian
    dimulai pukul 07.30 dan setiap mata pelajaran berlangsung 90 menit." first); ``chosen`` otherwise."""
    terms = dict.fromkeys(analyze(question), 1.0)
    floor = max(chosen.coverage, 1e-9)
    rows = [r for text, r in read if r.coverage >= floor and "|" in text[r.sentence[0]:r.sentence[1]]
            and terms.keys() & set(analyze(text[r.sentence[0]:r.sentence[1]]))  # the row itself is named
            and table_cell(text, *r.sentence, terms, question, kind) is not None]
    return max(rows, key=lambda r: r.coverage) if rows else chosen


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


class Reader:
    """Scores sentences of retrieved passages against a question and extracts the answer span."""

    def __init__(self, store: PassageStore, passages: int = READ_PASSAGES) -> None:
        self.store = store
        self.passages = passages

    def text(self, source: str) -> str:
        """The canonical text of the document ``source``."""
        return self.store.document(source).text

    def question_terms(self, question: str) -> dict[str, float]:
        """Analyzed question terms weighted by IDF (unknown terms weigh most)."""
        return {t: self.store.idf(t) for t in analyze(question)}

    def focus_terms(self, question: str, info: QuestionInfo) -> dict[str, float]:
        """The terms that must match. For English questions, and for Indonesian ones over English documents
        (``info.foreign``), the words the indexed documents use and the names and numbers (which carry over); the
        other words of a question over documents in the other language have nothing to match (an Indonesian one
        the bridge could not translate, "pita" of "Kapan kebiasaan menghapus pita rekaman berhenti?", weighed most
        of all and covered nothing)."""
        terms = self.question_terms(question)
        if info.language != "en" and not info.foreign:
            return terms
        names = name_terms(question)
        focus = {t: w for t, w in terms.items() if t in names or self.store.doc_freq(t) > 0}
        return focus or terms

    def unseen_names(self, question: str) -> int:
        """How many names or numbers of the question never occur in the indexed documents."""
        return sum(1 for t in name_terms(question) if self.store.doc_freq(t) == 0)

    def read(
        self, question: str, info: QuestionInfo, retrieved: list[ScoredPassage],
        prefer: Callable[[str, int, int], float] | None = None, chooser: SentenceChooser | None = None,
        boost: Callable[[str, tuple[tuple[int, int], ...]], list[float]] | None = None,
    ) -> Reading | None:
        """The best answering sentence among the top passages, or ``None`` when there is nothing to read.
        ``prefer(source, start, end)`` adds to a sentence's rule score (the extractor's best span score);
        ``chooser``, when given, picks the sentence of each passage from the rule's signals instead, and
        ``boost(source, sentences)`` adds to its score of each sentence (the span reader's evidence)."""
        terms = self.focus_terms(question, info)
        unseen = self.unseen_names(question)
        names = name_terms(question) if chooser else set()
        best: tuple[float, Reading] | None = None
        asking: tuple[float, Reading] | None = None  # the best of the sentences that ask or label, answering nothing
        read: list[tuple[str, Reading]] = []  # every sentence read, with its document's text
        for rank, scored in enumerate(retrieved[:self.passages]):
            text = self.text(scored.passage.source)
            readings, signals, analyzed = self._sentences(question, info, terms, unseen, rank, scored, text, prefer)
            if chooser is not None:
                rows = sentence_rows(question, info.answer_type, terms, names, signals, analyzed)
                scores = chooser.scores(rows)
                if boost is not None:
                    scores = scores + np.asarray(boost(scored.passage.source, tuple(r.sentence for _, r in readings)))
                readings = [(float(c), r) for c, (_, r) in zip(scores, readings, strict=True)]
            for score, reading in readings:
                read.append((text, reading))
                if is_question(text, *reading.sentence) or labels(text, *reading.sentence):
                    if asking is None or score > asking[0]:
                        asking = (score, reading)
                elif best is None or score > best[0]:
                    best = (score, reading)
        # a question in the document (an FAQ's "How long is the warranty?") or a table's header row ("Region | Hotel
        # limit per night": each row below carries its words, ``header_of``) is cited only where nothing else was read
        best = best or asking
        if best is None:
            return None
        chosen = object_instead(question, cause_instead(question, answer_under(best[1], read), read), read)
        chosen = verb_instead(question, chosen, read)
        return row_instead(question, info.answer_type, chosen, read)

    def read_sentence(self, question: str, info: QuestionInfo, scored: ScoredPassage, sentence: tuple[int, int]
                      ) -> Reading:
        """The reading of ``sentence``, one of the sentences of ``scored`` (as ``read`` measures it, the passage
        first)."""
        terms = self.focus_terms(question, info)
        readings = self._sentences(question, info, terms, self.unseen_names(question), 0, scored,
                                   self.text(scored.passage.source), None)[0]
        return {r.sentence: r for _, r in readings}[sentence]

    def _sentences(
        self, question: str, info: QuestionInfo, terms: dict[str, float], unseen: int, rank: int,
        scored: ScoredPassage, text: str, prefer: Callable[[str, int, int], float] | None,
    ) -> tuple[list[tuple[float, Reading]], list[SentenceSignals], list[list[str]]]:
        """Each sentence of the passage ``scored`` (at ``rank``; ``text`` is its document's) with its rule score and
        reading, the signals the chooser reads, and its terms."""
        passage = scored.passage
        sentences = passage.sentences or ((passage.start, passage.end),)
        analyzed = [analyze(text[s:e]) for s, e in sentences]
        # a table row also says its header's words ("Harga", "Daya")
        sentence_terms = [set(terms_of).union(analyze(header_of(text, s, e)))
                          for terms_of, (s, e) in zip(analyzed, sentences, strict=True)]
        passage_cov = coverage(terms, set().union(*sentence_terms))
        readings, signals = [], []
        for i, (s, e) in enumerate(sentences):
            sent_cov = coverage(terms, sentence_terms[i])
            window_cov = coverage(terms, set().union(*sentence_terms[max(0, i - 1):i + 2]))
            span = self.typed_span(question, info, text, s, e, terms)
            typed = info.answer_type is not AnswerType.OTHER
            type_ok = 1.0 if span is not None else 0.0
            score = (0.55 * sent_cov + 0.2 * window_cov + 0.15 * passage_cov + 0.1 / (1 + rank)
                     + (0.15 * type_ok if typed else 0.0) + 0.05 * scored.dense)
            preferred = prefer(passage.source, s, e) if prefer is not None else 0.0
            confidence = self._confidence(sent_cov, window_cov, info.answer_type, type_ok, unseen)
            readings.append((score + preferred, Reading(scored, (s, e), span, confidence, sent_cov)))
            signals.append(SentenceSignals(score, sent_cov, window_cov, passage_cov, span is not None,
                                           preferred, frozenset(sentence_terms[i])))
        return readings, signals, analyzed

    @staticmethod
    def _confidence(
        sent_cov: float, window_cov: float, kind: AnswerType, type_ok: float, unseen: int
    ) -> float:
        """Map evidence to [0, 1]: how much of the question the sentence covers, whether it has an answer
        of the asked type, and whether the question names something the documents never mention."""
        evidence = 0.6 * sent_cov + 0.4 * window_cov
        if unseen:
            evidence *= 0.5
        typed = kind is not AnswerType.OTHER
        x = 8.0 * (evidence - 0.5) + (0.8 * (type_ok - 0.5) if typed else 0.0)
        confidence = round(_sigmoid(x), 4)
        if kind in (AnswerType.DATE, AnswerType.NUMBER) and not type_ok:
            confidence = round(confidence * 0.3, 4)  # a date/number question, and no date/number here
        return confidence

    def typed_span(
        self, question: str, info: QuestionInfo, text: str, start: int, end: int, terms: dict[str, float]
    ) -> Span | None:
        """The short span of the expected type nearest to the question's words, or ``None``."""
        if info.answer_type is AnswerType.OTHER:
            return None
        question_stems = {stem(w) for w in words(question)} | set(words(question))
        type_nouns = type_nouns_of(question)
        raw = candidates(info.answer_type, text, start, end, text)
        found: list[tuple[Span, float]] = []
        for span in raw:
            trimmed = _strip_question_words(text, span, question_stems)
            if trimmed is None:
                continue
            stripped = text[span.start:trimmed.start] + " " + text[trimmed.end:span.end]
            penalty = 0.0
            if trimmed != span and len(trimmed.text.split()) == 1 and len(span.text.split()) > 1 \
                    and not (type_nouns & set(words(stripped))):
                penalty += 4.0  # a fragment of a longer name the question already gives
            if type_nouns & set(words(text[max(start, span.start - 30):trimmed.start])):
                penalty -= 2.0  # "pelabuhan Najin", "Kantor Berita Yonhap": the asked-for kind names it
            if info.answer_type is AnswerType.PLACE:
                penalty -= 2.0 * place_bonus(text, trimmed)
            else:
                penalty += 2.0 * place_bonus(text, trimmed)
            found.append((trimmed, penalty))
        if not found:
            return None
        anchors = [(start + m.start(), start + m.end()) for m in re.finditer(r"\w+", text[start:end])
                   if stem(m.group(0).lower()) in terms or m.group(0).lower() in terms]

        def distance(span: Span) -> float:
            gaps = []
            for a_start, a_end in anchors:
                if span.start <= a_start and a_end <= span.end:
                    continue
                after = a_end <= span.start  # Indonesian puts the title first: "Presiden Rusia Vladimir Putin"
                lo, hi = (a_end, span.start) if after else (span.end, a_start)
                gaps.append(sum(1 for w in words(text[lo:hi]) if not is_stopword(w)) + (0.0 if after else 0.5))
            return float(min(gaps)) if gaps else 0.0

        best = min(found, key=lambda c: (distance(c[0]) + c[1], c[0].start))[0]
        if info.wants_list:
            best = expand_list(text, best, raw + [best])
        return best


def _strip_question_words(text: str, span: Span, question_stems: set[str]) -> Span | None:
    """Remove leading/trailing words the question already says; ``None`` if nothing new is left."""
    tokens = [(span.start + m.start(), span.start + m.end()) for m in re.finditer(r"[^\s]+", span.text)]

    def known(tok: tuple[int, int]) -> bool:
        parts = words(text[tok[0]:tok[1]])
        return bool(parts) and all(w in question_stems or stem(w) in question_stems for w in parts)

    while tokens and known(tokens[0]):
        tokens.pop(0)
    while tokens and known(tokens[-1]):
        tokens.pop()
    if not tokens:
        return None
    s, e = tokens[0][0], tokens[-1][1]
    return Span(s, e, text[s:e])
