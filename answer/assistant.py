"""The assistant: retrieve, read, cite — or abstain. One object per loaded index and model."""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np

from citeqa.answer.adjuncts import reason_span, where_span
from citeqa.answer.bridge import Bridge
from citeqa.answer.confidence import SUPPORT_WEIGHTS, Calibrator, Evidence
from citeqa.answer.extractor import Extractor
from citeqa.answer.fit import AnswerFit
from citeqa.answer.gap import definition_span, location_span, object_span
from citeqa.answer.question import AnswerType, QuestionInfo, analyze_question, name_terms
from citeqa.answer.ranker import RERANK_DEPTH, Reranker, window_coverage
from citeqa.answer.reader import READ_PASSAGES, Reader, Reading, asks_for_list, coverage
from citeqa.answer.sentences import SentenceChooser
from citeqa.answer.span_model import Marks, SpanGuess, SpanModel
from citeqa.answer.spans import Span, inside, question_name_runs, with_currency, year_of
from citeqa.answer.spelling import Speller
from citeqa.answer.tables import cell_answer
from citeqa.core import threads
from citeqa.core.config import BUNDLED_CORPUS, Settings
from citeqa.core.models import Answer, Citation, Passage, ScoredPassage
from citeqa.core.validation import validate_question
from citeqa.index import store
from citeqa.index.analyzer import analyze
from citeqa.index.contract import PassageStore
from citeqa.index.embedder import Embedder, load_embedder
from citeqa.index.retriever import HybridRetriever

log = logging.getLogger(__name__)
_WORDS = re.compile(r"\w+")
SENTENCE_WEIGHT = 1.0  # weight of the extractor's best span score in choosing the sentence to cite
# The short answer is the extractor's span with the best span reader score + this × extractor score: chosen on the
# gold sentences of the calibrators' quarter of the train sides (token F1 0.677 FacQA, 0.663 TyDi, 0.661 SQuAD,
# against 0.644/0.599/0.515 for the extractor alone and 0.560/0.577/0.664 for the span reader alone).
EXTRACTOR_WEIGHT = 4.0
# The sentence to cite: the chooser's score + this × the span reader's margin of the sentence's best span over "no
# answer here" (chosen on the calibrators' quarter of the train sides, see README).
SPAN_SENTENCE_WEIGHT = 0.75
NO_TOKENS = -10.0  # the margin of a sentence the span reader has no token of
MarksCache = dict[tuple[str, int, int], Marks | None]


def ensure_index(settings: Settings, embedder: Embedder) -> Path:
    """The index to use; the default index of the bundled article is built on first use."""
    index_dir = settings.resolved_index_dir()
    if not settings.uses_default_index():
        return index_dir
    # the bundled article's index is ours to rebuild: an upgrade or another model needs new vectors
    built = store.exists(index_dir)
    manifest = store.read_manifest(index_dir) if built else {}
    if not built or manifest.get("model") != embedder.name or not store.same_terms(manifest) \
            or not store.same_split(manifest, settings.chunk_size):
        from citeqa.ingest.pipeline import ingest  # (splitters and readers: not imported just to answer)

        log.info("%s the default index of the bundled article at %s for model %s",
                 "rebuilding" if built else "building", index_dir, embedder.name)
        ingest([BUNDLED_CORPUS], index_dir, embedder, settings.chunk_size, settings.batch_size)
    return index_dir


def agreement(span: Span | None, guess: SpanGuess | None) -> float:
    """How much the short answer overlaps the span reader's own pick in the sentence: shared characters over the
    characters of either (0 without one of them). Where the extractor and the span reader agree, the answer is more
    often right (SQuAD dev, confidence 0.6-0.8: 0.81 right when they overlap by half or more, 0.48 otherwise)."""
    if span is None or guess is None:
        return 0.0
    shared = min(span.end, guess.end) - max(span.start, guess.start)
    return max(0, shared) / (max(span.end, guess.end) - min(span.start, guess.start) or 1)


class Assistant:
    """Answers questions about the documents of one index."""

    def __init__(self, passages: PassageStore, embedder: Embedder, settings: Settings) -> None:
        self.store = passages  # answering asks only what the store contract offers (``index.contract``)
        self.embedder = embedder
        self.settings = settings
        self.retriever = HybridRetriever(passages, embedder, settings.lexical_weight, settings.dense_weight)
        self.reranker = Reranker.load(passages.idf) if settings.rerank else None
        # the reranker's first passage is the one to read (it is right more often than the reader's own pick
        # among the top three); without it, the reader chooses among the top three by its rule score
        self.reader = Reader(passages, 1 if self.reranker else READ_PASSAGES)
        # the extractor also feeds the reranker its answer-fit features
        self.extractor = Extractor.load() if settings.short_answers or settings.rerank else None
        self.span_model = SpanModel.shared() if settings.short_answers and settings.span_reader else None
        self.calibrator = Calibrator.load() if settings.calibrate else None
        # the chooser picks among the sentences of the reranker's passage, from the extractor's span scores
        self.chooser = (SentenceChooser.load() if settings.choose_sentences and self.reranker and self.extractor
                        else None)
        self.support = Calibrator.load(SUPPORT_WEIGHTS) if settings.calibrate else None
        self.bridge = Bridge.load()
        self.speller = Speller(passages, lambda q: embedder.embed_queries([q])[0]) if settings.spelling else None

    @classmethod
    def load(cls, settings: Settings, embedder: Embedder | None = None) -> Assistant:
        """Load the model (unless given) and the configured index, building the default one if needed."""
        model = embedder or load_embedder(settings)
        if settings.store:  # the shared PostgreSQL store: read live, nothing to build or load
            from citeqa.index.postgres import PostgresStore

            return cls(PostgresStore(settings.store, model.name, model.dimension), model, settings)
        index_dir = ensure_index(settings, model)
        return cls(store.load(index_dir, expected_model=model.name, expected_chunk_size=settings.chunk_size), model,
                   settings)

    def search(self, query: str, k: int) -> list[ScoredPassage]:
        """Retrieval only: the ``k`` best passages for ``query``."""
        query = validate_question(query, self.settings.max_question_chars)
        info = analyze_question(query)
        query = self._bridged(self._spelled(query, info), info)
        with threads.answering():
            return self._retrieve(query, info, k, self._fit(query, info))

    def _spelled(self, question: str, info: QuestionInfo) -> str:
        """The question with its misspelled words read as the index terms they meant (``answer.spelling``)."""
        return self.speller.corrected(question, info.language)[0] if self.speller is not None else question

    def _bridged(self, question: str, info: QuestionInfo) -> str:
        """The question with the translations of its words that the index lacks and the index holds (the bridge
        between English questions and Indonesian documents, and back)."""
        return self.bridge.expand(question, lambda term: self.store.doc_freq(term) > 0, info.language)

    def _fit(self, question: str, info: QuestionInfo) -> AnswerFit | None:
        if self.extractor is None:
            return None
        return AnswerFit(self.extractor, self.reader, question, info, self.store.idf)

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

    def _boost(
        self, asked: str, cache: MarksCache
    ) -> Callable[[str, tuple[tuple[int, int], ...]], list[float]] | None:
        """The span reader's say in choosing the sentence: ``SPAN_SENTENCE_WEIGHT`` × its margin in each sentence
        (remembered in ``cache`` for the short answer)."""
        if self.span_model is None:  # (loaded only with short answers on)
            return None
        model = self.span_model

        def boost(source: str, sentences: tuple[tuple[int, int], ...]) -> list[float]:
            text = self.reader.text(source)
            margins = []
            for (s, e), marks in zip(sentences, model.marks(asked, [(text, s, e) for s, e in sentences]), strict=True):
                cache[(source, s, e)] = marks
                margins.append(SPAN_SENTENCE_WEIGHT * (marks.best.margin if marks is not None else NO_TOKENS))
            return margins

        return boost

    def _short_span(
        self, question: str, reading: Reading, text: str, fit: AnswerFit | None, asked: str, cache: MarksCache
    ) -> tuple[Span | None, float, float, float]:
        """The answer span inside the chosen sentence, the extractor's score of it, the span reader's margin
        over "no answer here" (0 without the reader) and how much the span overlaps the span reader's own pick
        (``agreement``); ``text`` is the cited document's. The span is the extractor's span that both readers score
        best together, or the object phrase of an "apa yang <verb>" question (``gap.object_span``), or the
        rule-based typed one for enumerations ("negara mana saja"), or the span reader's
        own pick where the extractor has none, or ``None`` to answer with the whole sentence. The span reader
        reads the question as ``asked`` (without the bridge's words)."""
        if fit is None:
            return reading.span, 0.0, 0.0, 0.0
        source = reading.passage.passage.source
        best = fit.candidate(source, *reading.sentence)
        score = best.score if best else 0.0
        key = (source, *reading.sentence)
        if key not in cache and self.span_model is not None:
            cache[key] = self.span_model.marks(asked, [(text, *reading.sentence)])[0]
        marks = cache.get(key)
        guess = marks.best if marks is not None else None
        margin = guess.margin if guess is not None else 0.0
        # "apa yang <verb> …": the object phrase, "apa itu X": the definition; not the readers' nearby name
        span: Span | None = object_span(asked, text, *reading.sentence) \
            or definition_span(asked, text, *reading.sentence) or location_span(asked, text, *reading.sentence) \
            or where_span(asked, text, *reading.sentence) or reason_span(asked, text, *reading.sentence)
        if span is None and reading.span is not None and asks_for_list(question):
            span = reading.span
        elif span is None and marks is not None and best is not None:  # the extractor's spans, weighed by both readers
            both = marks.score_spans(best.starts, best.ends) + EXTRACTOR_WEIGHT * best.scores
            runs = question_name_runs(asked, text, *reading.sentence)  # the one asked about answers nothing
            both[[inside(int(a), int(b), runs) for a, b in zip(best.starts, best.ends, strict=True)]] = -np.inf
            k = int(np.argmax(both))
            if np.isfinite(both[k]):
                a, b = int(best.starts[k]), int(best.ends[k])
                span, score = Span(a, b, text[a:b]), float(best.scores[k])
        if span is None and guess is not None:
            span = Span(guess.start, guess.end, text[guess.start:guess.end])
        if span is None:
            span = best.span if best else reading.span
        span = year_of(asked, span, text)  # "Tahun berapa …?": "1910", not "9 Agustus 1910"
        span = with_currency(span, text, reading.sentence[0])  # "$2.3 million", not "2.3 million"
        return span, score, margin, agreement(span, guess)

    @staticmethod
    def _prefer(fit: AnswerFit | None) -> Callable[[str, int, int], float] | None:
        """How much the extractor's best span of a sentence adds to the reader's choice of that sentence."""
        if fit is None:
            return None

        def prefer(source: str, start: int, end: int) -> float:
            found = fit.candidate(source, start, end)
            return SENTENCE_WEIGHT * found.score if found else -SENTENCE_WEIGHT * 10.0

        return prefer

    def passage(self, passage_id: str) -> Passage:
        """The passage with ``passage_id``; raises ``PassageNotFoundError``."""
        return self.store.passage(passage_id)

    def ask(self, question: str, top_k: int | None = None) -> Answer:
        """Answer ``question`` with a verbatim, cited span, or abstain (``Answer.text is None``)."""
        return self.ask_with_evidence(question, top_k)[0]

    def excluded_terms(self, exclude: frozenset[str]) -> Counter[str]:
        """For each index term, how many passages of the ``exclude``d sources hold it."""
        counts: Counter[str] = Counter()
        for source in exclude:
            for passage in self.store.passages_of(source):
                counts.update(set(analyze(passage.text)))
        return counts

    def ask_with_evidence(
        self, question: str, top_k: int | None = None, exclude: frozenset[str] = frozenset(),
        excluded_terms: Counter[str] | None = None,
    ) -> tuple[Answer, Evidence | None]:
        """``ask``, plus the signals its confidence was computed from (``None`` when nothing was read).

        ``exclude`` names sources to leave out, as if they were not indexed (used to train abstention: a
        question asked without the document that answers it); ``excluded_terms`` is their
        ``excluded_terms(exclude)``, when the caller has it already."""
        question = validate_question(question, self.settings.max_question_chars)
        with threads.answering():
            return self._answer(question, top_k or self.settings.top_k, exclude, excluded_terms)

    def _answer(
        self, question: str, k: int, exclude: frozenset[str], excluded_terms: Counter[str] | None
    ) -> tuple[Answer, Evidence | None]:
        info = analyze_question(question)
        read = self._spelled(question, info)
        query, read_as = self._bridged(read, info), (read if read != question else None)
        fit = self._fit(query, info)
        retrieved = self._retrieve(query, info, max(k, 3), fit, exclude)
        cache: MarksCache = {}
        reading = self.reader.read(query, info, retrieved, self._prefer(fit), self.chooser,
                                   self._boost(question, cache))
        shown = tuple(retrieved[:k])
        if reading is None:
            return Answer(question, None, 0.0, (), shown, info.language, read_as=read_as), None
        passage = reading.passage.passage
        document = self.store.document(passage.source)
        text = document.text
        span, span_score, span_margin, agreed = self._short_span(
            query, reading, text, fit if self.settings.short_answers else None, question, cache)
        if self.settings.short_answers:  # a table row or "key: value" line: the cell the question names
            span = cell_answer(text, *reading.sentence, self.reader.question_terms(query)) or span
        margin = retrieved[0].score - retrieved[1].score if self.reranker and len(retrieved) > 1 else 0.0
        top = retrieved[0].score if self.reranker else 0.0
        if excluded_terms is None:
            excluded_terms = self.excluded_terms(exclude) if exclude else Counter()
        evidence = self._evidence(query, info, reading, excluded_terms, span, span_score, (top, margin), span_margin,
                                  agreed)
        confidence = round(self.calibrator.probability(evidence), 4) if self.calibrator else reading.confidence
        supported = self.support.probability(evidence) if self.support else confidence
        if supported < self.settings.abstain_threshold:
            return Answer(question, None, confidence, (), shown, info.language, support=supported,
                          read_as=read_as), evidence
        s, e = reading.sentence
        citation = Citation(passage.source, passage.id, s, e, text[s:e], document.page_at(s))
        a_start, a_end = (span.start, span.end) if span else (s, e)
        return Answer(question, text[a_start:a_end], confidence, (citation,), shown, info.language, a_start, a_end,
                      supported, read_as), evidence

    def _evidence(
        self, question: str, info: QuestionInfo, reading: Reading, excluded: Counter[str], span: Span | None,
        span_score: float = 0.0, rerank: tuple[float, float] = (0.0, 0.0), span_margin: float = 0.0,
        agreed: float = 0.0,
    ) -> Evidence:
        """The signals behind an answer, for the calibrator. ``rerank`` is the reranker's score of the first passage
        and its margin over the second. Terms found only in ``excluded`` passages (term -> passages holding it) count
        as unknown, as if those passages were not indexed.

        Of the question's unknown terms only its names and numbers count: a question naming what no document
        names ("NATO", "Prancis") is about something else, while a word the documents happen not to use
        ("kepanjangan", or any word of an English question) says little on a small corpus."""
        terms = self.reader.question_terms(question)
        passage_terms = analyze(reading.passage.passage.text)
        names = name_terms(question)
        named = {t: w for t, w in terms.items() if t in names}
        unknown = sum(w for t, w in named.items()
                      if self.store.doc_freq(t) <= excluded.get(t, 0))
        around = self._around(reading.passage.passage.source, span) if span else None
        return Evidence(
            reader=reading.confidence, coverage=reading.coverage,
            window_coverage=window_coverage(terms, passage_terms),
            names_found=len(names & set(passage_terms)) / len(names) if names else 1.0,
            rarest_found=float(max(terms, key=lambda t: terms[t]) in passage_terms) if terms else 0.0,
            unknown_names=unknown / sum(named.values()) if named else 0.0,
            typed=info.answer_type is not AnswerType.OTHER, type_found=reading.span is not None,
            answer_window=coverage(terms, around) if around is not None else reading.coverage,
            answer_score=span_score, rank_margin=rerank[1], span_margin=span_margin, span_agreement=agreed,
            rerank_score=rerank[0],
        )

    def _around(self, source: str, span: Span, width: int = 8) -> set[str]:
        """The terms of the ``width`` words either side of a short answer."""
        text = self.reader.text(source)
        before = _WORDS.findall(text[max(0, span.start - 30 * width):span.start])[-width:]
        after = _WORDS.findall(text[span.end:span.end + 30 * width])[:width]
        return set(analyze(" ".join(before + after)))
