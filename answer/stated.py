"""Answers a document states outright, found by rule before the readers read: what an abbreviation stands for
(``answer.acronyms``) and who wrote the document (``answer.byline``). Each is the question as read, the reading of
the sentence that states it and the answer's span; the calibrators weigh it with the ``defined`` signal."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

from citeqa.answer.acronyms import asked_abbreviation, defining_span
from citeqa.answer.byline import asks_author, byline_of
from citeqa.answer.question import QuestionInfo, analyze_question
from citeqa.answer.reader import Reader, Reading
from citeqa.answer.spans import Span
from citeqa.core.models import ScoredPassage
from citeqa.index.contract import PassageStore

# an abbreviation question whose definition the top passages lack: look among this many passages naming it
DEFINITION_SEARCH = 20
Stated = tuple[str, Reading, Span]


def stated(
    question: str, info: QuestionInfo, retrieved: list[ScoredPassage], exclude: frozenset[str], reader: Reader,
    store: PassageStore, search: Callable[[str, int], list[ScoredPassage]],
) -> Stated | None:
    """The document's own statement of what ``question`` asks (``defined``, then ``authored``), or ``None``."""
    return defined(question, retrieved, exclude, reader, search) or authored(question, info, retrieved, reader, store)


def defined(
    question: str, retrieved: list[ScoredPassage], exclude: frozenset[str], reader: Reader,
    search: Callable[[str, int], list[ScoredPassage]],
) -> Stated | None:
    """For a question asking what an abbreviation stands for (or the reverse), the first sentence, among the
    retrieved passages and then among those that ``search`` finds by the abbreviation, that defines it: the question
    read as its subject alone (its frame words, "kepanjangan", "stand for", cover nothing), the reading of that
    sentence and the definition's span. ``None`` for other questions or where no passage defines it."""
    asked = asked_abbreviation(question)
    if asked is None:
        return None

    def pool() -> Iterator[ScoredPassage]:  # the search by the abbreviation alone only when needed
        yield from retrieved
        yield from search(asked.given, DEFINITION_SEARCH)

    info = analyze_question(asked.given)
    for scored in pool():
        source = scored.passage.source
        if source in exclude:
            continue
        text = reader.text(source)
        for s, e in scored.passage.sentences or ((scored.passage.start, scored.passage.end),):
            span = defining_span(asked, text, s, e)
            if span is not None:
                reading = reader.read_sentence(asked.given, info, scored, (s, e))
                return asked.given, replace(reading, span=span), span  # an answer of the type asked
    return None


def authored(question: str, info: QuestionInfo, retrieved: list[ScoredPassage], reader: Reader,
             store: PassageStore) -> Stated | None:
    """For a question asking who wrote the document itself ("Siapa penulis berita ini?"), its byline
    (``answer.byline``): the question, the reading of the byline's sentence and the name's span; ``None`` for other
    questions or where no retrieved document has a byline."""
    found = byline_of(store, retrieved) if asks_author(question) else None
    if found is None:
        return None
    scored, sentence, span = found
    return question, replace(reader.read_sentence(question, info, scored, sentence), span=span), span
