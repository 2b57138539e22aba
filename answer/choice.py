"""What the learned readers add to the reader's choice of the sentence to cite (``Reader.read``'s ``prefer`` and
``boost``): the extractor's best span score in each sentence, and the span reader's margin of answer over "no
answer here" in each sentence of a passage."""

from __future__ import annotations

from collections.abc import Callable

from citeqa.answer.adjuncts import asks_reason, reason_span
from citeqa.answer.fit import AnswerFit
from citeqa.answer.short_answer import MarksCache
from citeqa.answer.span_model import SpanModel
from citeqa.answer.tables import key_value, table_cell, table_line
from citeqa.index.analyzer import analyze

SENTENCE_WEIGHT = 1.0  # weight of the extractor's best span score in choosing the sentence to cite
# The sentence to cite: the chooser's score + this × the span reader's margin of the sentence's best span over "no
# answer here" (chosen on the calibrators' quarter of the train sides, see README; in the ninth session 400 of
# SQuAD's quarter over the training index were cited right 0.728 at 0.75, 0.733 at 0.4, 0.723 at 1.5, 0.718 at 3).
SPAN_SENTENCE_WEIGHT = 0.75
NO_TOKENS = -10.0  # the margin of a sentence the span reader has no token of

Preference = Callable[[str, int, int], float]
Boost = Callable[[str, tuple[tuple[int, int], ...]], list[float]]


def extractor_preference(fit: AnswerFit | None) -> Preference | None:
    """How much the extractor's best span of a sentence (``source``, start, end) adds to the reader's choice of
    that sentence (``None`` without the extractor)."""
    if fit is None:
        return None

    def prefer(source: str, start: int, end: int) -> float:
        found = fit.candidate(source, start, end)
        return SENTENCE_WEIGHT * found.score if found else -SENTENCE_WEIGHT * 10.0

    return prefer


def span_boost(
    span_model: SpanModel | None, text_of: Callable[[str], str], asked: str, cache: MarksCache
) -> Boost | None:
    """The span reader's say in choosing the sentence: ``SPAN_SENTENCE_WEIGHT`` × its margin in each sentence of a
    passage, read in one batch with the question as ``asked`` (the marks remembered in ``cache`` for the short
    answer); ``None`` without the span reader. A table's line has no say (0): the reader reads a row without its
    header, and took "Tugas | Penanggung jawab" for the answer to "Siapa penanggung jawab konsumsi?" over
    "Konsumsi | Ibu Wati"; the reader's rule knows a row by its header's words too. A "key: value" line whose key
    the question names has none either ("**Notulis:** Ibu Desi Kartika" for "Siapa notulis rapat?", margin -4.5,
    lost to "Rapat dihadiri 34 kepala keluarga …", +0.3). A row or "key: value" line whose cell or value the
    question names gets the passage's highest boost (at least 0), so that no other sentence of its passage is
    boosted past it: "BCG | 1 bulan | Senin minggu pertama" (under "Vaksin | Usia anak | Jadwal") lost "Kapan
    jadwal vaksin BCG?" to a sentence about fever where the reader found "pada hari itu" (+1.7). Nor has it a say
    against a sentence that gives a cause, for a question asking why (``adjuncts.reason_span``): trained on
    factoids, it finds no span in "Hujan deras sejak Minggu malam menyebabkan Sungai Cikaso meluap …" (margin
    -5.7) and a name in the byline above it (0), for "Apa penyebab banjir?"."""
    if span_model is None:  # (loaded only with short answers on)
        return None

    why = asks_reason(asked)
    asked_terms = dict.fromkeys(analyze(asked), 1.0)

    def boost(source: str, sentences: tuple[tuple[int, int], ...]) -> list[float]:
        text = text_of(source)
        margins: list[float] = []
        cells: list[int] = []  # lines whose cell the question names: no sentence of the passage is boosted past them
        read = span_model.marks(asked, [(text, s, e) for s, e in sentences])
        for (s, e), marks in zip(sentences, read, strict=True):
            cache[(source, s, e)] = marks
            if table_cell(text, s, e, asked_terms, asked) is not None or key_value(text, s, e, asked_terms) is not None:
                cells.append(len(margins))
                margins.append(0.0)
            elif table_line(text, s, e) or (why and reason_span(asked, text, s, e) is not None):
                margins.append(0.0)
            else:
                margins.append(SPAN_SENTENCE_WEIGHT * (marks.best.margin if marks is not None else NO_TOKENS))
        top = max(margins, default=0.0)
        return [max(top, 0.0) if i in cells else m for i, m in enumerate(margins)]

    return boost
