"""The short answer inside the cited sentence: the span both learned readers score best, or a rule's phrase."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from citeqa.answer.adjuncts import purpose_span, reason_span, where_span
from citeqa.answer.amounts import amount_alone, count_of, money_asked, named_amount, share_asked
from citeqa.answer.appositives import apposition, bracketed_role, described_person, office_holder
from citeqa.answer.asked_kind import fits_kind, unlike_answer
from citeqa.answer.changes import (
    change_amount,
    compared_value,
    earlier_value,
    new_value,
    short_enough,
    value_after,
)
from citeqa.answer.doers import agent_span, conjoined_doers, doer_span, whom_span
from citeqa.answer.english_object import english_object
from citeqa.answer.evidence import agreement
from citeqa.answer.extractor import Candidate
from citeqa.answer.fit import AnswerFit
from citeqa.answer.gap import after_span, definition_span, location_span, object_span
from citeqa.answer.hours import day_hours, time_asked
from citeqa.answer.instructions import instruction_span
from citeqa.answer.manner import manner_span
from citeqa.answer.question import analyze_question, detect_language
from citeqa.answer.reader import Reading
from citeqa.answer.span_model import Marks, SpanModel
from citeqa.answer.spans import (
    Span,
    inside,
    question_name_runs,
    what_follows,
    whole_code,
    whole_iso_date,
    with_currency,
    with_unit,
    year_of,
)
from citeqa.answer.speech import said_span, speaker_span

# The short answer is the extractor's span with the best span reader score + this × extractor score: chosen on the
# gold sentences of the calibrators' quarter of the train sides (``python -m citeqa.eval.extractor_weight``; token
# F1 0.676 FacQA, 0.681 TyDi, 0.644 SQuAD, against 0.636/0.623/0.501 for the extractor alone and 0.558/0.577/0.652
# for the span reader alone). An English question read beside an English sentence does best at a lower weight, the
# span reader being the better reader of English (SQuAD 0.663 at 0.5, 0.659 at 1, 0.657 at 0.25); Indonesian ones
# at 2 to 4 (FacQA 0.676 at 2, TyDi 0.675).
EXTRACTOR_WEIGHT = 4.0
ENGLISH_EXTRACTOR_WEIGHT = 0.5
MarksCache = dict[tuple[str, int, int], Marks | None]  # (source, sentence start, end) -> the span reader's marks


def cached_marks(
    span_model: SpanModel | None, asked: str, text: str, source: str, sentence: tuple[int, int], cache: MarksCache
) -> Marks | None:
    """The span reader's marks of ``sentence`` in ``source`` (whose text is ``text``), remembered in ``cache``;
    ``None`` without a span reader."""
    key = (source, *sentence)
    if key not in cache and span_model is not None:
        cache[key] = span_model.marks(asked, [(text, *sentence)])[0]
    return cache.get(key)


def extractor_weight(asked: str, text: str, start: int, end: int) -> float:
    """The extractor's weight beside the span reader's in the short answer to ``asked`` (the question as the span
    reader reads it) from the sentence ``text[start:end]``: lower where both are in English."""
    if detect_language(asked) == "en" and detect_language(text[start:end]) == "en":
        return ENGLISH_EXTRACTOR_WEIGHT
    return EXTRACTOR_WEIGHT


def best_outside(
    scores: np.ndarray, starts: np.ndarray, ends: np.ndarray, runs: list[tuple[int, int]],
    keep: np.ndarray | None = None,
) -> int | None:
    """The index of the best of the candidate spans ``starts[k]:ends[k]`` by ``scores``, leaving out those inside
    ``runs`` (the name the question asks about answers nothing, ``spans.question_name_runs``) and, given ``keep``,
    those it does not hold for; ``None`` where no other scores finitely."""
    asked = np.array([inside(int(a), int(b), runs) for a, b in zip(starts, ends, strict=True)], dtype=bool)
    return best_where(scores, ~asked if keep is None else ~asked & keep)


def both_readers(asked: str, text: str, sentence: tuple[int, int], best: Candidate, marks: Marks | None) -> np.ndarray:
    """The extractor's candidate spans of ``sentence`` scored by both readers: the span reader's score (none without
    ``marks``) plus the extractor's, weighed by ``extractor_weight``."""
    read = marks.score_spans(best.starts, best.ends) if marks is not None else 0.0
    return read + extractor_weight(asked, text, *sentence) * best.scores


def best_where(scores: np.ndarray, keep: np.ndarray) -> int | None:
    """The index of the best of ``scores`` where ``keep`` holds; ``None`` where none of those scores finitely."""
    masked = np.where(keep, scores, -np.inf)
    if not len(masked):
        return None
    k = int(np.argmax(masked))
    return k if np.isfinite(masked[k]) else None


def changed_value(
    asked: str, text: str, sentence: tuple[int, int], span: Span, score: float, best: Candidate | None,
    marks: Marks | None,
) -> tuple[Span, float]:
    """``span`` and its extractor ``score``, or: the amount of a change whole where the question asks how much
    something changed and ``span`` lies elsewhere in the change (``changes.change_amount``), or the old value
    whole where the question asks for it and ``span`` holds old and new (``changes.earlier_value``) or the
    sentence compares with an earlier value given alone (``changes.compared_value``); where
    ``span`` holds the old value or the amount of a change the question does not ask for (``changes.new_value``,
    ``changes.value_after``), the extractor's best span inside the new value (by the extractor's score, plus the
    span reader's score of it from ``marks`` when given), else the new value whole when it is short."""
    amount = change_amount(asked, text, *sentence, (span.start, span.end)) \
        or earlier_value(asked, text, *sentence, (span.start, span.end)) \
        or compared_value(asked, text, *sentence, (span.start, span.end))
    if amount is not None:
        return Span(amount[0], amount[1], text[amount[0]:amount[1]]), score
    region = new_value(asked, text, *sentence, (span.start, span.end)) \
        or value_after(asked, text, *sentence, (span.start, span.end))
    if region is None:
        return span, score
    if best is not None:  # (the span reader's scores read only here: most answers hold no change)
        read = marks.score_spans(best.starts, best.ends) if marks is not None else 0.0
        k = best_where(best.scores + read, (best.starts >= region[0]) & (best.ends <= region[1]))
        if k is not None:
            a, b = int(best.starts[k]), int(best.ends[k])
            return Span(a, b, text[a:b]), float(best.scores[k])
    if short_enough(text, region):
        return Span(region[0], region[1], text[region[0]:region[1]]), score
    return span, score


def of_the_kind(
    asked: str, span: Span | None, text: str, sentence: tuple[int, int], best: Candidate | None, marks: Marks | None
) -> Span | None:
    """``span``, or where it is not of the kind ``asked`` asks up front (``asked_kind.unlike_answer``: "pep rally"
    for "How long will the event … last?"), the extractor's span of the sentence that both readers score best among
    those that may stand in for it (``asked_kind.fits_kind``: "a week"); ``span`` where the extractor has none."""
    if span is None or best is None:
        return span
    info = analyze_question(asked)
    if not unlike_answer(asked, info, text, span.start, span.end):
        return span
    keep = np.array([fits_kind(asked, info, text, int(a), int(b)) for a, b in zip(best.starts, best.ends, strict=True)],
                    dtype=bool)
    k = best_outside(both_readers(asked, text, sentence, best, marks), best.starts, best.ends,
                     question_name_runs(asked, text, *sentence), keep)
    return span if k is None else Span(int(best.starts[k]), int(best.ends[k]), text[best.starts[k]:best.ends[k]])


def short_span(
    span_model: SpanModel | None, question: str, reading: Reading, text: str, fit: AnswerFit | None, asked: str,
    cache: MarksCache, wants_list: bool = False, yes_no: bool = False,
    english: tuple[str, Mapping[str, list[str]]] | None = None,
) -> tuple[Span | None, float, float, float, bool]:
    """The answer span inside the chosen sentence, the extractor's score of it, the span reader's margin
    over "no answer here" (0 without the reader) and how much the span overlaps the span reader's own pick
    (``agreement``); ``text`` is the cited document's. The span is the extractor's span that both readers score
    best together, or the object phrase of an "apa yang <verb>" question (``gap.object_span``), or the
    rule-based typed one for enumerations ("negara mana saja", ``wants_list``), or the span reader's
    own pick where the extractor has none, or ``None`` to answer with the whole sentence (as a question asking
    yes or no is, ``yes_no``). The span reader reads the question as ``asked`` (``Assistant._answer`` says which
    words that is). ``english``: an English question over Indonesian documents as asked, with the bridge's
    translations of its words, for the object it asks for (``english_object``). Last, whether the span is a
    rule's phrase (the object, definition, apposition … rules above) rather than one the readers scored."""
    if fit is None:
        return (None if yes_no else reading.span), 0.0, 0.0, 0.0, False
    if yes_no:
        return None, 0.0, 0.0, 0.0, False
    source = reading.passage.passage.source
    best = fit.candidate(source, *reading.sentence)
    score = best.score if best else 0.0
    marks = cached_marks(span_model, asked, text, source, reading.sentence, cache)
    guess = marks.best if marks is not None else None
    margin = guess.margin if guess is not None else 0.0
    # "apa yang <verb> …": the object phrase, "apa itu X": the definition; not the readers' nearby name
    span: Span | None = said_span(asked, text, *reading.sentence) or speaker_span(asked, text, *reading.sentence) \
        or (speaker_span(english[0], text, *reading.sentence, True, english[1]) if english is not None else None) \
        or bracketed_role(asked, text, *reading.sentence) \
        or object_span(asked, text, *reading.sentence) \
        or (english_object(*english, text, *reading.sentence) if english is not None else None) \
        or after_span(asked, text, *reading.sentence) \
        or definition_span(asked, text, *reading.sentence) or apposition(asked, text, *reading.sentence) \
        or location_span(asked, text, *reading.sentence) \
        or where_span(asked, text, *reading.sentence) or reason_span(asked, text, *reading.sentence) \
        or purpose_span(asked, text, *reading.sentence) or instruction_span(asked, text, *reading.sentence) \
        or manner_span(asked, text, *reading.sentence) \
        or doer_span(asked, text, *reading.sentence) or agent_span(asked, text, *reading.sentence) \
        or whom_span(asked, text, *reading.sentence)
    ruled = span is not None
    if span is None and reading.span is not None and wants_list:
        span = reading.span
    elif span is None and marks is not None and best is not None:  # the extractor's spans, weighed by both readers
        both = both_readers(asked, text, reading.sentence, best, marks)
        k = best_outside(both, best.starts, best.ends, question_name_runs(asked, text, *reading.sentence))
        if k is not None:
            a, b = int(best.starts[k]), int(best.ends[k])
            span, score = Span(a, b, text[a:b]), float(best.scores[k])
    if span is None and guess is not None:
        span = Span(guess.start, guess.end, text[guess.start:guess.end])
    if span is None:
        span = best.span if best else reading.span
    if not ruled:  # "How long will the event … last?": "a week", not "pep rally"
        span = of_the_kind(asked, span, text, reading.sentence, best, marks)
    if span is not None:  # "naik dari Rp 50.000 menjadi Rp 75.000": the new value, unless the old is asked
        span, score = changed_value(asked, text, reading.sentence, span, score, best, marks)
    if span is None or not any(c.isdigit() for c in span.text):  # "What is the late fee?": "€10", not "every hour"
        span = named_amount(asked, text, *reading.sentence) or span
    span = count_of(asked, span, text, *reading.sentence)  # "Berapa warga …?": "2.340" of "2.340 warga"
    span = money_asked(asked, span, text, *reading.sentence)  # "Berapa saldo kas?": "Rp 7.850.000", not the date
    span = share_asked(asked, span, text, *reading.sentence)  # "What share … from grants?": "27%"
    span = office_holder(asked, span, text, reading.sentence[1])  # "Siapa …?": "Siti Rahayu", not "Ketua Koperasi"
    span = described_person(asked, span, text, reading.sentence[0])  # "Siapa pakar Korea …?": "Sue Mi Terry"
    span = conjoined_doers(english[0] if english else asked, span, text, reading.sentence[0])  # "RRT dan Rusia"
    span = year_of(asked, span, text)  # "Tahun berapa …?": "1910", not "9 Agustus 1910"
    span = amount_alone(span, text)  # "€150", not "of €150" or "a balance of $41,200"
    span = with_currency(span, text, reading.sentence[0])  # "$2.3 million", not "2.3 million"
    span = with_unit(span, text)  # "26 persen", "8:45 p.m.", not "26", "8:45"
    span = whole_code(span, text, *reading.sentence)  # "~/.ledgerly/data", not "ledgerly/data"
    span = whole_iso_date(span, text)  # "2025-06-02", not "2025"
    span = day_hours(asked, span, text, *reading.sentence)  # "Kapan … buka pada hari Jumat?": Friday's hours
    span = time_asked(asked, span, text, *reading.sentence)  # "Jam berapa …?": "08.00 sampai 11.00"
    span = what_follows(asked, span, text, *reading.sentence)  # "two shifts: 06:00 to 14:00 …": what follows
    return span, score, margin, agreement(span, guess), ruled

