"""The assistant: retrieve, read, cite — or abstain. One object per loaded index and model."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from citeqa.answer.asked_kind import cannot_answer, unlike_answer
from citeqa.answer.bridge import Bridge, Bridging
from citeqa.answer.choice import extractor_preference, span_boost
from citeqa.answer.confidence import SUPPORT_WEIGHTS, Calibrator, Evidence
from citeqa.answer.contrast import about_another
from citeqa.answer.evidence import agreement, gather
from citeqa.answer.extractor import Extractor
from citeqa.answer.fit import AnswerFit
from citeqa.answer.languages import IndexLanguage, Languages, better_supported, own_words_pass, second_pass_into
from citeqa.answer.manner import instead_of_entity
from citeqa.answer.question import QuestionInfo, analyze_question
from citeqa.answer.ranker import RERANK_DEPTH, Reranker
from citeqa.answer.reader import READ_PASSAGES, Reader
from citeqa.answer.sections import heading_answer
from citeqa.answer.sentences import SentenceChooser
from citeqa.answer.short_answer import MarksCache, cached_marks, short_span
from citeqa.answer.span_model import SpanModel
from citeqa.answer.spelling import Speller
from citeqa.answer.stated import stated
from citeqa.answer.tables import cell_answer
from citeqa.answer.their_words import in_their_words
from citeqa.core import threads
from citeqa.core.config import Settings
from citeqa.core.models import Answer, Citation, Passage, ScoredPassage
from citeqa.core.validation import validate_question
from citeqa.index import store
from citeqa.index.analyzer import analyze
from citeqa.index.contract import PassageStore
from citeqa.index.embedder import Embedder, load_embedder
from citeqa.index.retriever import HybridRetriever
from citeqa.ingest.default_index import ensure_index

# the reranker's first two passages this close in score: the reader chooses a sentence from both (chosen on the
# article's dev sets, where two questions' right passages lost by 0.03 and 0.06; README, "How it works", step 3)
RERANK_TIE = 0.1


class Assistant:
    """Answers questions about the documents of one index."""

    def __init__(self, passages: PassageStore, embedder: Embedder, settings: Settings) -> None:
        self.store = passages  # answering asks only what the store contract offers (``index.contract``)
        self.embedder = embedder
        self.settings = settings
        self.retriever = HybridRetriever(passages, embedder, settings.lexical_weight, settings.dense_weight)
        self.reranker = Reranker.load(passages.idf) if settings.rerank else None
        # the reader chooses among the top three passages by its rule score, or among those ``_to_read`` gives it
        self.reader = Reader(passages, READ_PASSAGES)
        # the extractor also feeds the reranker its answer-fit features
        compiled_in = settings.data_dir / "models" if settings.trees == "compiled" else None
        self.extractor = Extractor.load(compiled_in=compiled_in) if settings.short_answers or settings.rerank else None
        self.span_model = SpanModel.shared() if settings.short_answers and settings.span_reader else None
        self.calibrator = Calibrator.load() if settings.calibrate else None
        # the chooser picks among the sentences of the reranker's passage, from the extractor's span scores
        self.chooser = (SentenceChooser.load() if settings.choose_sentences and self.reranker and self.extractor
                        else None)
        self.support = Calibrator.load(SUPPORT_WEIGHTS) if settings.calibrate else None
        self.bridge = Bridge.load()
        self.language = IndexLanguage(passages)  # the languages its documents are in
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
        bridging = self._bridged(self._spelled(query, info), info, self.language().whole)
        with threads.answering():
            return self._retrieve(bridging, info, k)[1]

    def _spelled(self, question: str, info: QuestionInfo) -> str:
        """The question with its misspelled words read as the index terms they meant (``answer.spelling``)."""
        return self.speller.corrected(question, info.language)[0] if self.speller is not None else question

    def _bridged(self, question: str, info: QuestionInfo, documents: str | None) -> Bridging:
        """The question with the translations of its words that the index lacks and the index holds (the bridge
        between English questions and Indonesian documents, and back), the words so translated taken out of it
        where the documents are in another language (all of them, in ``documents``, or as the question's words
        tell, ``Bridge.bridging``)."""
        return self.bridge.bridging(question, lambda term: self.store.doc_freq(term) > 0, info.language, documents)

    def _fit(self, question: str, info: QuestionInfo) -> AnswerFit | None:
        if self.extractor is None:
            return None
        return AnswerFit(self.extractor, self.reader, question, info, self.store.idf)

    def _retrieve(
        self, bridging: Bridging, info: QuestionInfo, k: int, exclude: frozenset[str] = frozenset()
    ) -> tuple[str, list[ScoredPassage], AnswerFit | None]:
        """Hybrid retrieval, then the learned reranker over the top passages (when enabled): the question as the
        reranker and the reader read it, the passages, and the extractor's fit of answers to that question.

        A question the bridge put into the documents' words is retrieved with every translation of each word, and
        reranked and read with the one of them that most of the retrieved passages use (``Bridging.narrowed``):
        "countries" is "negara" or "bangsa", and a sentence that says "negara" covers the word as well as a
        native question's sentence would."""
        depth = max(k, RERANK_DEPTH) if self.reranker else k
        retrieved = self.retriever.search(bridging.query, depth + (4 * len(exclude) if exclude else 0))
        retrieved = [p for p in retrieved if p.passage.source not in exclude][:depth]
        question = bridging.query
        if bridging.taken_out:
            question = bridging.narrowed_query([set(analyze(p.passage.text)) for p in retrieved])
        fit = self._fit(question, info)
        if self.reranker is None:
            return question, retrieved, fit
        return question, self.reranker.rerank(question, info, retrieved, fit)[:k], fit

    def _to_read(self, retrieved: list[ScoredPassage]) -> list[ScoredPassage]:
        """The passages the reader chooses the sentence from: the reranker's first (it is right more often than
        the reader's own pick among the top three), and its second as well when their scores are within
        ``RERANK_TIE`` (then the reranker cannot tell them apart, and the sentences can); without the reranker,
        all of them (the reader reads the top ``READ_PASSAGES``)."""
        if self.reranker is None:
            return retrieved
        tie = len(retrieved) > 1 and retrieved[0].score - retrieved[1].score < RERANK_TIE
        return retrieved[:2 if tie else 1]

    def _rerank_of(self, passage_id: str, retrieved: list[ScoredPassage]) -> tuple[float, float]:
        """The reranker's score of the passage ``passage_id`` and its margin over the next passage, or, below the
        first, over the first ((0, 0) without the reranker or where it is not among ``retrieved``)."""
        at = next((i for i, p in enumerate(retrieved) if p.passage.id == passage_id), None)
        if self.reranker is None or at is None:
            return 0.0, 0.0
        other = 1 if at == 0 else 0
        score = retrieved[at].score
        return score, score - retrieved[other].score if other < len(retrieved) else 0.0

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
        read_as = read if read != question else None
        languages = self.language()  # (read once a question: the shared store's version is a query)
        bridging = self._bridged(read, info, languages.whole)
        found = self._answer_as(question, info, bridging, read_as, k, exclude, excluded_terms, languages.whole)
        other = self._other_language(read, info, bridging, languages, found[0].support or 0.0)
        if other is None:
            return found
        # an index of both languages: the question asked also as if all its documents were in the other one, and
        # that answer kept where its support, discounted, is the higher ("In which web series did Sue Mi Terry give
        # her views?" among English and Indonesian documents: its English words draw the English ones, its
        # translation the article); or, in an index nearly all in the other language, asked in its own words
        second = self._answer_as(question, info, other, read_as, k, exclude, excluded_terms, languages.whole)
        return better_supported(found, second, self.settings.abstain_threshold)

    def _other_language(
        self, read: str, info: QuestionInfo, bridging: Bridging, languages: Languages, support: float
    ) -> Bridging | None:
        """The question asked again after a first answer of ``support`` (``None``: not again): wholly in the other
        language's words (``second_pass_into``), where that differs from ``bridging`` (which may have put a few of
        its words into the other language already: those no document uses, "cuti" of "Berapa hari cuti tahunan?"
        where Indonesian documents say "hari" and "tahunan"); or, where ``bridging`` put it wholly into the
        language of all but a few documents, in its own words where they are the index's (``own_words_pass``: one
        English paragraph among a hundred Indonesian ones)."""
        into = second_pass_into(languages, info.language, support)
        if into is not None:
            other = self._bridged(read, info, into)
            return other if other.taken_out and other.query != bridging.query else None
        if own_words_pass(languages, info.language, support) and bridging.taken_out:
            other = self._bridged(read, info, None)
            return None if other.taken_out else other
        return None

    def _answer_as(
        self, question: str, info: QuestionInfo, bridging: Bridging, read_as: str | None, k: int,
        exclude: frozenset[str], excluded_terms: Counter[str] | None, documents: str | None = None,
    ) -> tuple[Answer, Evidence | None]:
        """The answer to ``question`` asked as ``bridging`` puts it; ``documents``: the one language of (nearly) all
        the indexed documents, ``None`` for an index of both (``Languages.whole``)."""
        read, translated = read_as or question, bridging.taken_out
        info = replace(info, foreign=translated)
        query, retrieved, fit = self._retrieve(bridging, info, max(k, 3), exclude)
        # what the span reader reads: an English question over Indonesian documents as the bridge put it in their
        # words (read in English beside an Indonesian sentence, it marked a nearby name); an Indonesian one over
        # English documents in English words as they write them (``their_words``: in the bridge's stems it read
        # them worse); any other as asked
        english_words = translated and info.language != "en"  # an Indonesian question over English documents
        asked = in_their_words(question, bridging, [p.passage.text for p in retrieved]) if english_words \
            else query if translated else question
        cache: MarksCache = {}
        shown = tuple(retrieved[:k])
        defined = stated(read, info, retrieved, exclude, self.reader, self.store, self.retriever.search) \
            if self.settings.short_answers else None
        if defined is not None:  # "Apa kepanjangan dari GPS?", "Siapa penulis berita ini?": the document says
            query, reading, span = defined
            passage = reading.passage.passage
            document = self.store.document(passage.source)
            text = document.text
            marks = cached_marks(self.span_model, question, text, passage.source, reading.sentence, cache)
            guess = marks.best if marks is not None else None
            span_score, span_margin, ruled = 0.0, guess.margin if guess is not None else 0.0, False
            agreed = agreement(span, guess)
        else:
            found = self.reader.read(query, info, self._to_read(retrieved), extractor_preference(fit), self.chooser,
                                     span_boost(self.span_model, self.reader.text, asked, cache))
            if found is None:
                return Answer(question, None, 0.0, (), shown, info.language, read_as=read_as), None
            reading, passage = found, found.passage.passage
            document = self.store.document(passage.source)
            text = document.text
            span, span_score, span_margin, agreed, ruled = short_span(
                self.span_model, query, reading, text, fit if self.settings.short_answers else None, asked, cache,
                info.wants_list, info.yes_no,
                (question, bridging.translations) if translated and info.language == "en" else None)
            if english_words and documents != "en":
                # among documents of both languages an Indonesian question that meets an English one may have missed
                # its answer, which the Indonesian ones would hold: the support takes the margin of the question as
                # asked, as it learned, which doubts it. Over English documents alone that is where its answer is:
                # the margin read in their words stands (as asked, the reader, which never met such a pair, gave
                # right answers -3 on average against +5 for English questions; the support was half the share
                # right on ``squad-dev-indonesian``, README "Language")
                own = cached_marks(self.span_model, question, text, passage.source, reading.sentence, {})
                span_margin = own.best.margin if own is not None else span_margin
            if self.settings.short_answers:  # a table row or "key: value" line: the cell the question names
                span = cell_answer(text, *reading.sentence, self.reader.question_terms(query), query,
                                   info.answer_type) or span
        rerank = self._rerank_of(passage.id, retrieved)  # (read without a definition: the reranker's first passage)
        if excluded_terms is None:
            excluded_terms = self.excluded_terms(exclude) if exclude else Counter()
        evidence = gather(self.store, self.reader, query, info, reading, excluded_terms, span, span_score, rerank,
                          span_margin, agreed, defined is not None, self.bridge, translated, ruled)
        confidence = round(self.calibrator.probability(evidence), 4) if self.calibrator else reading.confidence
        supported = self.support.probability(evidence) if self.support else confidence
        s, e = reading.sentence
        headed = heading_answer(question, info, text, (passage.start, passage.end), (s, e), span) \
            if self.settings.short_answers else None
        if headed is not None:  # "Which version added a dark theme?": its section's "## 3.1.0 (2025-02-10)"
            span, (s, e) = headed
        if cannot_answer(question, info, text[s:e]):  # (what would be cited: a heading's date counts)
            supported = 0.0  # "Kapan …?" of a sentence that holds no time (``asked_kind``)
        elif span is not None and unlike_answer(question, info, text, span.start, span.end):
            supported = 0.0  # "Berapa luas …?" answered "Rive Droite Seine" (``asked_kind``)
        elif about_another(read, text[s:e], text[span.start:span.end] if span else None,
                           bridging.translations if translated else None):
            supported = 0.0  # "Siapa presiden Prancis?" of "Presiden Rusia Vladimir Putin" (``contrast``)
        if supported < self.settings.abstain_threshold:
            return Answer(question, None, confidence, (), shown, info.language, support=supported,
                          read_as=read_as), evidence
        citation = Citation(passage.source, passage.id, s, e, text[s:e], document.page_at(s))
        # (the readers' name, number or date for a how- or why-question: its means or the whole sentence, ``manner``)
        a_start, a_end = (s, e) if span is None else (span.start, span.end) if ruled else instead_of_entity(
            read, span, text, s, e)
        return Answer(question, text[a_start:a_end], confidence, (citation,), shown, info.language, a_start, a_end,
                      supported, read_as), evidence
