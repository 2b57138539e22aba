"""OpenAI-compatible Chat Completions: the last user message is the question, a follow-up resolved with the turns
before it (``citeqa.answer.followup``); answers stream as SSE."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator

from fastapi import APIRouter, Depends, Request
from fastapi.responses import StreamingResponse

from citeqa import prompts
from citeqa.answer.followup import resolve_all
from citeqa.answer.question import detect_language
from citeqa.api.deps import AssistantDep, answering_slot, require_api_key
from citeqa.api.render import chat_markdown
from citeqa.api.schemas import (
    ChatChoice,
    ChatChoiceMessage,
    ChatCompletionRequest,
    ChatCompletionResponse,
    ChatUsage,
    CitationOut,
    CiteqaExtra,
    ModelCard,
    ModelList,
    OpenAIError,
)
from citeqa.core.errors import InvalidQuestionError
from citeqa.core.models import Answer
from citeqa.core.validation import strip

MODEL_ID = "citeqa"
router = APIRouter(prefix="/v1", dependencies=[Depends(require_api_key)], tags=["openai"],
                   responses={401: {"model": OpenAIError, "description": "Missing or wrong API key"}})


def conversation(request: ChatCompletionRequest) -> tuple[list[str], list[str | None]]:
    """The user's questions in order, and the answer citeqa gave to each earlier one (read back from its own
    reply: the first line, before the "[1]" citation marker; ``None`` for an abstention, a question asked back, or
    a reply not from citeqa). ``InvalidQuestionError`` when there is no user message, or the last message is not
    one."""
    questions: list[str] = []
    answers: list[str | None] = []
    for message in request.messages:
        if message.role == "user" and strip(message.text()):  # a blank user message says nothing to answer
            if len(answers) < len(questions):
                answers.append(None)  # two user messages in a row
            questions.append(message.text())
        elif message.role == "assistant" and len(answers) < len(questions):
            first = message.text().strip().split("\n", 1)[0]
            answers.append(first[:-len(" [1]")] if first.endswith(" [1]") else None)
    if not questions:
        raise InvalidQuestionError("messages hold no user message to answer")
    return questions, answers[:len(questions) - 1]


def last_user_message(request: ChatCompletionRequest) -> str:
    """The text of the last ``user`` message; ``InvalidQuestionError`` if there is none."""
    return conversation(request)[0][-1]


@router.get("/models", response_model=ModelList)
def models() -> ModelList:
    """The one model citeqa serves."""
    return ModelList(data=[ModelCard(id=MODEL_ID, created=int(time.time()))])


def _chunks(completion_id: str, created: int, model: str, content: str, extra: CiteqaExtra) -> Iterator[str]:
    def event(delta: dict[str, object], finish: str | None = None, **more: object) -> str:
        body = {"id": completion_id, "object": "chat.completion.chunk", "created": created, "model": model,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}], **more}
        return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"

    yield event({"role": "assistant", "content": ""})
    for i in range(0, len(content), 40):
        yield event({"content": content[i:i + 40]})
    yield event({}, "stop", citeqa=extra.model_dump(), citations=extra.model_dump()["citations"])
    yield "data: [DONE]\n\n"


@router.post("/chat/completions", response_model=ChatCompletionResponse, dependencies=[Depends(answering_slot)],
             responses={200: {"content": {"text/event-stream": {}}},
                        400: {"model": OpenAIError, "description": "A body that is not JSON"},
                        413: {"model": OpenAIError}, 422: {"model": OpenAIError},
                        503: {"model": OpenAIError, "description": "Busy: retry after Retry-After seconds"}})
def chat_completions(
    body: ChatCompletionRequest, assistant: AssistantDep, request: Request
) -> ChatCompletionResponse | StreamingResponse:
    """Answer the last user message; ``stream: true`` returns OpenAI chunk events ending with ``[DONE]``."""
    questions, answers = conversation(body)
    resolution = resolve_all(questions, answers)[-1]
    if resolution.unclear is not None:  # a follow-up that names nothing to resolve it with: ask back
        language = detect_language(questions[-1])
        content = prompts.text("clarify", language, word=resolution.unclear)
        answer = Answer(questions[-1], None, 0.0, (), (), language)
    else:
        answer = assistant.ask(resolution.question)
        content = chat_markdown(answer)
    request.state.answer = answer  # for the access log and the metrics
    citations = [CitationOut(**c.__dict__) for c in answer.citations]
    extra = CiteqaExtra(answer=answer.text, answer_start=answer.answer_start, answer_end=answer.answer_end,
                        confidence=answer.confidence, citations=citations,
                        resolved_question=answer.read_as or (resolution.question if resolution.resolved else None),
                        clarification=content if resolution.unclear is not None else None)
    completion_id = f"chatcmpl-{uuid.uuid4().hex[:24]}"
    created = int(time.time())
    model = body.model or MODEL_ID
    if body.stream:
        return StreamingResponse(_chunks(completion_id, created, model, content, extra),
                                 media_type="text/event-stream")
    prompt_tokens = sum(len(m.text().split()) for m in body.messages)
    completion_tokens = len(content.split())
    return ChatCompletionResponse(
        id=completion_id, created=created, model=model,
        choices=[ChatChoice(message=ChatChoiceMessage(content=content))],
        usage=ChatUsage(prompt_tokens=prompt_tokens, completion_tokens=completion_tokens,
                        total_tokens=prompt_tokens + completion_tokens),
        citations=citations, citeqa=extra,
    )
