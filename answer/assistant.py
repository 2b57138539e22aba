"""The assistant: retrieve, read, cite — or abstain. One object per loaded index and model."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from citeqa.answer.confidence import Calibrator, Evidence
from citeqa.answer.extractor import Extractor
from citeqa.answer.fit import AnswerFit
from citeqa.answer.question import AnswerType, QuestionInfo, analyze_question, name_terms
from citeqa.answer.ranker import RERANK_DEPTH, Reranker, window_coverage
from citeqa.answer.reader import READ_PASSAGES, Reader, Reading, asks_for_list, coverage
from citeqa.answer.spans import Span
from citeqa.core.config import BUNDLED_CORPUS, Settings
from citeqa.core.errors import InvalidQuestionError, PassageNotFoundError
from citeqa.core.models import Answer, Citation, Passage, ScoredPassage
from citeqa.index import store
from citeqa.index.analyzer import analyze
from citeqa.index.embedder import Embedder, load_embedder
from citeqa.index.retriever import HybridRetriever
from citeqa.ingest.pipeline import ingest

log = logging.getLogger(__name__)
_WORDS = re.compile(r"\w+")


def validate_question(question: object, max_chars: int) -> str:
    """Return the question stripped, or raise ``InvalidQuestionError`` saying what is wrong."""
    if not isinstance(question, str):
        raise InvalidQuestionError(f"question must be a string, got {type(question).__name__}")
    stripped = question.strip()
    if not stripped:
        raise InvalidQuestionError("question is empty")
    if len(stripped) > max_chars:
        raise InvalidQuestionError(f"question is {len(stripped)} characters; the limit is {max_chars}")
    return stripped


def ensure_index(settings: Settings, embedder: Embedder) -> Path:
    """The index to use; the default index of the bundled article is built on first use."""
    index_dir = settings.resolved_index_dir()
    if not settings.uses_default_index():
        return index_dir
    # the bundled article's index is ours to rebuild: an upgrade or another model needs new vectors
    built = store.exists(index_dir)
    if not built or store.read_manifest(index_dir).get("model") != embedder.name:
        log.info("%s the default index of the bundled article at %s for model %s",
                 "rebuilding" if built else "building", index_dir, embedder.name)
        ingest([BUNDLED_CORPUS], index_dir, embedder, settings.chunk_size, settings.batch_size)
    return index_dir


class Assistant:
    """Answers questions about the documents of one index."""

    def __init__(self, data: store.IndexData, embedder: Embedder, settings: Settings) -> None:
        self.data = data
        self.embedder = embedder
        self.settings = settings
        self.retriever = HybridRetriever(data, embedder, settings.lexical_weight, settings.dense_weight)
        self.reranker = Reranker.load(data.lexical.idf) if settings.rerank else None
        # the reranker's first passage is the one to read (it is right more often than the reader's own pick
        # among the top three); without it, the reader chooses among the top three by its rule score
        self.reader = Reader(data.lexical, {s: d.text for s, d in data.documents.items()},
                             1 if self.reranker else READ_PASSAGES)
        # the extractor also feeds the reranker its answer-fit features
        self.extractor = Extractor.load() if settings.short_answers or settings.rerank else None
        self.calibrator = Calibrator.load() if settings.calibrate else None

    @classmethod
    def load(cls, settings: Settings, embedder: Embedder | None = None) -> Assistant:
        """Load the model (unless given) and the configured index, building the default one if needed."""
        model = embedder or load_embedder(settings)
        index_dir = ensure_index(settings, model)
        return cls(store.load(index_dir, expected_model=model.name), model, settings)

    def search(self, query: str, k: int) -> list[ScoredPassage]:
        """Retrieval only: the ``k`` best passages for ``query``."""
        query = validate_question(query, self.settings.max_question_chars)
        info = analyze_question(query)
        return self._retrieve(query, info, k, self._fit(query, info))

    def _fit(self, question: str, info: QuestionInfo) -> AnswerFit | None:
        if self.extractor is None:
            return None
        return AnswerFit(self.extractor, self.reader, question, info, self.data.lexical.idf)

    def _retrieve(
        self, question: str, info: QuestionInfo, k: int, fit: AnswerFit | None, exclude: frozenset[str] = frozenset()
    ) -> list[ScoredPassage]:
        """Hybrid retrieval, then the learned reranker over the top passages (when enabled)."""
        depth = max(k, RERANK_DEPTH) if self.reranker else k
        retrieved = self.retriever.search(question, depth + (4 * len(exclude) if exclude else 0))
        retrieved = [p for p in retrieved if p.passage.source not in exclude][:depth]
        if self.reranker is None:
            return retrieved
        return self.reranker.rerank(question, info, retrieved, fit)[:k]

    @staticmethod
    def _short_span(question: str, reading: Reading, fit: AnswerFit | None) -> Span | None:
        """The answer span inside the chosen sentence: the learned extractor's pick, or the rule-based typed one
        for enumerations ("negara mana saja") and for English questions (the extractor learned from Indonesian
        questions), or ``None`` to answer with the whole sentence."""
        if fit is None or (reading.span is not None and (asks_for_list(question) or fit.info.language == "en")):
            return reading.span
        best = fit.candidate(reading.passage.passage.source, *reading.sentence)
        return best.span if best else reading.span

    def passage(self, passage_id: str) -> Passage:
        """The passage with ``passage_id``; raises ``PassageNotFoundError``."""
        index = self.data.by_id.get(passage_id)
        if index is None:
            raise PassageNotFoundError(f"no passage with id {passage_id!r}")
        return self.data.passages[index]

    def ask(self, question: str, top_k: int | None = None) -> Answer:
        """Answer ``question`` with a verbatim, cited span, or abstain (``Answer.text is None``)."""
        return self.ask_with_evidence(question, top_k)[0]

    def ask_with_evidence(
        self, question: str, top_k: int | None = None, exclude: frozenset[str] = frozenset()
    ) -> tuple[Answer, Evidence | None]:
        """``ask``, plus the signals its confidence was computed from (``None`` when nothing was read).

        ``exclude`` names sources to leave out, as if they were not indexed (used to train abstention: a
        question asked without the document that answers it)."""
        question = validate_question(question, self.settings.max_question_chars)
        k = top_k or self.settings.top_k
        info = analyze_question(question)
        fit = self._fit(question, info)
        retrieved = self._retrieve(question, info, max(k, 3), fit, exclude)
        reading = self.reader.read(question, info, retrieved)
        shown = tuple(retrieved[:k])
        if reading is None:
            return Answer(question, None, 0.0, (), shown, info.language), None
        span = self._short_span(question, reading, fit if self.settings.short_answers else None)
        evidence = self._evidence(question, info, reading, exclude, span)
        confidence = round(self.calibrator.probability(evidence), 4) if self.calibrator else reading.confidence
        if confidence < self.settings.abstain_threshold:
            return Answer(question, None, confidence, (), shown, info.language), evidence
        passage = reading.passage.passage
        text = self.data.documents[passage.source].text
        s, e = reading.sentence
        citation = Citation(passage.source, passage.id, s, e, text[s:e])
        a_start, a_end = (span.start, span.end) if span else (s, e)
        answer = Answer(question, text[a_start:a_end], confidence, (citation,), shown, info.language, a_start, a_end)
        return answer, evidence

    def _evidence(
        self, question: str, info: QuestionInfo, reading: Reading, exclude: frozenset[str], span: Span | None
    ) -> Evidence:
        """The signals behind an answer, for the calibrator. Terms found only in ``exclude``d documents count as
        unknown, as if those documents were not indexed.

        Of the question's unknown terms only its names and numbers count: a question naming what no document
        names ("NATO", "Prancis") is about something else, while a word the documents happen not to use
        ("kepanjangan", or any word of an English question) says little on a small corpus."""
        terms = self.reader.question_terms(question)
        left_out = [set(analyze(self.data.documents[s].text)) for s in exclude]
        passage_terms = analyze(reading.passage.passage.text)
        names = name_terms(question)
        named = {t: w for t, w in terms.items() if t in names}
        unknown = sum(w for t, w in named.items()
                      if self.data.lexical.doc_freq.get(t, 0) <= sum(1 for found in left_out if t in found))
        around = self._around(reading.passage.passage.source, span) if span else None
        return Evidence(
            reader=reading.confidence, coverage=reading.coverage,
            window_coverage=window_coverage(terms, passage_terms),
            names_found=len(names & set(passage_terms)) / len(names) if names else 1.0,
            rarest_found=float(max(terms, key=lambda t: terms[t]) in passage_terms) if terms else 0.0,
            unknown_names=unknown / sum(named.values()) if named else 0.0,
            typed=info.answer_type is not AnswerType.OTHER, type_found=reading.span is not None,
            answer_window=coverage(terms, around) if around is not None else reading.coverage,
        )

    def _around(self, source: str, span: Span, width: int = 8) -> set[str]:
        """The terms of the ``width`` words either side of a short answer."""
        text = self.data.documents[source].text
        before = _WORDS.findall(text[max(0, span.start - 30 * width):span.start])[-width:]
        after = _WORDS.findall(text[span.end:span.end + 30 * width])[:width]
        return set(analyze(" ".join(before + after)))
