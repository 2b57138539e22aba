"""One pydantic model per wire shape."""

from __future__ import annotations

from citeqa.core.models import Answer, ScoredPassage
from pydantic import BaseModel, ConfigDict, Field, StrictStr, field_validator

MAX_QUESTION = 2000


class AskRequest(BaseModel):
    """A question, and optionally how many passages to return."""

    model_config = ConfigDict(extra="forbid")
    question: StrictStr = Field(..., min_length=1, max_length=MAX_QUESTION,
                                description="The question, in Indonesian or English.")
    top_k: int | None = Field(default=None, ge=1, le=50, description="Passages to return.")

    @field_validator("question")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("question is empty (only whitespace)")
        return value


class CitationOut(BaseModel):
    """A verbatim quote: ``text == source_text[start:end]``."""

    source: str = Field(..., description="Document name.")
    passage_id: str
    start: int = Field(..., ge=0)
    end: int = Field(..., ge=0)
    text: str


class PassageOut(BaseModel):
    """A retrieved passage and its fused score."""

    passage_id: str
    source: str
    start: int = Field(..., ge=0)
    end: int = Field(..., ge=0)
    score: float
    text: str

    @classmethod
    def of(cls, scored: ScoredPassage) -> PassageOut:
        """Wire shape of a retrieved passage."""
        p = scored.passage
        return cls(passage_id=p.id, source=p.source, start=p.start, end=p.end, score=round(scored.score, 4),
                   text=p.text)


class AskResponse(BaseModel):
    """An answer (a verbatim span, or null when the document does not say) with its citations."""

    question: str
    answer: str | None = Field(..., description="Verbatim span of citations[0].text, or null (abstained).")
    confidence: float = Field(..., ge=0.0, le=1.0)
    citations: list[CitationOut]
    passages: list[PassageOut]

    @classmethod
    def of(cls, answer: Answer) -> AskResponse:
        """Wire shape of an ``Answer``."""
        return cls(
            question=answer.question, answer=answer.text, confidence=answer.confidence,
            citations=[CitationOut(**c.__dict__) for c in answer.citations],
            passages=[PassageOut.of(p) for p in answer.passages],
        )


class SearchResponse(BaseModel):
    """Retrieval only."""

    query: str
    passages: list[PassageOut]


class PassageResponse(BaseModel):
    """One passage by id."""

    passage_id: str
    source: str
    start: int = Field(..., ge=0)
    end: int = Field(..., ge=0)
    text: str
    sentences: list[tuple[int, int]]


class HealthResponse(BaseModel):
    """What the server has loaded."""

    status: str = "ok"
    model: str
    dimension: int
    passages: int
    documents: int


class ErrorResponse(BaseModel):
    """An error message."""

    detail: str
