"""One pydantic model per wire shape."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr, field_validator

from citeqa.core.models import Answer, ScoredPassage
from citeqa.core.validation import strip

MAX_QUESTION = 2000


MAX_TURNS = 20


class HistoryTurn(BaseModel):
    """An earlier turn of a conversation: the question as citeqa understood it, and its answer (null: none)."""

    model_config = ConfigDict(extra="forbid")
    question: StrictStr = Field(..., min_length=1, max_length=MAX_QUESTION)
    answer: StrictStr | None = Field(default=None, max_length=MAX_QUESTION)


class AskRequest(BaseModel):
    """A question, and optionally how many passages to return and the conversation so far."""

    model_config = ConfigDict(extra="forbid")
    question: StrictStr = Field(..., min_length=1, max_length=MAX_QUESTION, pattern=r"\S",
                                description="The question, in Indonesian or English (not only spaces).")
    top_k: int | None = Field(default=None, ge=1, le=50, description="Passages to return.")
    history: list[HistoryTurn] | None = Field(
        default=None, max_length=MAX_TURNS,
        description="Earlier turns, oldest first: given, a follow-up (\"Kapan dia lahir?\", \"Dan Putin?\") is "
        "resolved with the last one, or asked back when it cannot be.")

    @field_validator("top_k", mode="before")
    @classmethod
    def _a_number_not_a_boolean(cls, value: object) -> object:
        # JSON Schema's integer: 3 and 3.0, never true or "3"
        if isinstance(value, bool) or isinstance(value, str):
            raise ValueError("Input should be a valid integer")
        return value

    @field_validator("question", mode="before")
    @classmethod
    def _not_blank(cls, value: object) -> object:
        if isinstance(value, str) and value and not strip(value):
            raise ValueError("question is empty (only whitespace)")
        return value


class CitationOut(BaseModel):
    """A verbatim quote: ``text == source_text[start:end]``."""

    source: str = Field(..., description="Document name.")
    passage_id: str
    start: int = Field(..., ge=0)
    end: int = Field(..., ge=0)
    text: str
    page: int | None = Field(default=None, ge=1, description="The PDF page the quote starts on (null: no pages).")


class PassageOut(BaseModel):
    """A retrieved passage and its score (the reranker's; the fused retrieval score when reranking is off)."""

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
    confidence: float = Field(..., ge=0.0, le=1.0, description="Probability that the answer is right.")
    support: float | None = Field(
        default=None, ge=0.0, le=1.0,
        description="Probability that the cited sentence holds the answer at all; citeqa abstains below "
        "CITEQA_ABSTAIN_THRESHOLD. Null when the confidence is not calibrated or nothing was read.",
    )
    answer_start: int | None = Field(default=None, ge=0, description="Offset of the answer in its document.")
    answer_end: int | None = Field(default=None, ge=0, description="End offset of the answer in its document.")
    citations: list[CitationOut]
    passages: list[PassageOut]
    resolved_question: str | None = Field(
        default=None, description="The question as asked after resolving a follow-up with the history, or as "
        "read with a misspelled word read as the index term it meant; null when it was asked as written.")
    clarification: str | None = Field(
        default=None, description="Set when a follow-up names nothing citeqa can resolve: whom or what is meant.")

    @classmethod
    def of(cls, answer: Answer, resolved_question: str | None = None,
           clarification: str | None = None) -> AskResponse:
        """Wire shape of an ``Answer``."""
        return cls(
            resolved_question=answer.read_as or resolved_question, clarification=clarification,
            question=answer.question, answer=answer.text, confidence=answer.confidence,
            answer_start=answer.answer_start, answer_end=answer.answer_end,
            support=None if answer.support is None else round(answer.support, 4),
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
    sentences: list[Annotated[list[int], Field(min_length=2, max_length=2)]] = Field(
        ..., description="The passage's sentences as [start, end] offsets into the document.")


class HealthResponse(BaseModel):
    """What the server has loaded."""

    status: str = "ok"
    model: str
    dimension: int
    passages: int
    documents: int
    index_version: str | None = Field(default=None, description="The index version being served (live reload).")


class ErrorResponse(BaseModel):
    """An error message."""

    detail: str


class ChatMessage(BaseModel):
    """An OpenAI chat message; ``content`` is text or a list of content parts."""

    model_config = ConfigDict(extra="allow")
    role: str = Field(..., description="system, user, assistant or tool")
    content: str | list[dict[str, object]] | None = None

    def text(self) -> str:
        """The message's text, joining text parts."""
        if isinstance(self.content, str):
            return self.content
        if not self.content:
            return ""
        return " ".join(str(part.get("text", "")) for part in self.content if part.get("type") == "text")


class ChatCompletionRequest(BaseModel):
    """The subset of OpenAI's Chat Completions request citeqa reads; other fields are accepted and ignored."""

    model_config = ConfigDict(extra="allow")
    model: str = Field(default="citeqa")
    messages: list[ChatMessage] = Field(
        ..., min_length=1, description="The conversation; the last user message is answered.",
        json_schema_extra={"contains": {"type": "object", "required": ["role", "content"],
                                        "properties": {"role": {"const": "user"},
                                                       "content": {"type": "string", "pattern": "\\S"}}}},
    )
    stream: StrictBool = False


class ChatChoiceMessage(BaseModel):
    """The assistant's reply."""

    role: str = "assistant"
    content: str


class ChatChoice(BaseModel):
    """One completion choice."""

    index: int = 0
    message: ChatChoiceMessage
    finish_reason: str = "stop"


class ChatUsage(BaseModel):
    """Token counts (whitespace words; citeqa runs no language model)."""

    prompt_tokens: int = Field(..., ge=0)
    completion_tokens: int = Field(..., ge=0)
    total_tokens: int = Field(..., ge=0)


class CiteqaExtra(BaseModel):
    """citeqa's structured answer inside a chat completion."""

    answer: str | None
    answer_start: int | None = Field(default=None, ge=0, description="Offset of the answer in its document.")
    answer_end: int | None = Field(default=None, ge=0, description="End offset of the answer in its document.")
    confidence: float = Field(..., ge=0.0, le=1.0)
    citations: list[CitationOut]
    resolved_question: str | None = Field(
        default=None, description="The question as asked after resolving a follow-up with the conversation, or as "
        "read with a misspelled word read as the index term it meant.")
    clarification: str | None = Field(
        default=None, description="Set when a follow-up names nothing citeqa can resolve: whom or what is meant.")


class ChatCompletionResponse(BaseModel):
    """OpenAI's chat.completion object, plus ``citations`` and ``citeqa`` fields."""

    id: str
    object: str = "chat.completion"
    created: int
    model: str
    choices: list[ChatChoice]
    usage: ChatUsage
    citations: list[CitationOut]
    citeqa: CiteqaExtra


class ModelCard(BaseModel):
    """One entry of ``GET /v1/models``."""

    id: str
    object: str = "model"
    created: int
    owned_by: str = "citeqa"


class ModelList(BaseModel):
    """``GET /v1/models``."""

    object: str = "list"
    data: list[ModelCard]


class OpenAIErrorBody(BaseModel):
    """The inside of an OpenAI-shaped error."""

    message: str
    type: str
    param: str | None = None
    code: str | None = None


class OpenAIError(BaseModel):
    """An error on the ``/v1`` routes, in OpenAI's shape."""

    error: OpenAIErrorBody
