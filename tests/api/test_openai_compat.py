from __future__ import annotations

import openai
import pytest

from citeqa.api.app import create_app
from tests.api.conftest import live_server

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client(assistant):
    with live_server(create_app(assistant.settings, assistant)) as url:
        yield openai.OpenAI(base_url=f"{url}/v1", api_key="unused", max_retries=0, timeout=30)


def test_models_lists_citeqa(client) -> None:
    assert [m.id for m in client.models.list().data] == ["citeqa"]


def test_chat_completion_answers_with_citations(client, article_text: str) -> None:
    completion = client.chat.completions.create(
        model="citeqa",
        messages=[{"role": "system", "content": "Jawab singkat."},
                  {"role": "user", "content": "Siapa dia?"},
                  {"role": "assistant", "content": "..."},
                  {"role": "user", "content": "Kapan Kim Jong Un bertemu dengan Vladimir Putin?"}],
    )
    content = completion.choices[0].message.content
    assert content.startswith("September 2023 [1]")
    assert "**Sumber**" in content and "[1] “Dalam pertemuan" in content
    extra = completion.model_extra
    cite = extra["citations"][0]
    assert article_text[cite["start"]:cite["end"]] == cite["text"]
    assert extra["citeqa"]["answer"] == "September 2023"
    assert article_text[extra["citeqa"]["answer_start"]:extra["citeqa"]["answer_end"]] == "September 2023"


def test_streaming_ends_with_the_whole_answer(client) -> None:
    stream = client.chat.completions.create(
        model="citeqa", stream=True,
        messages=[{"role": "user", "content": [{"type": "text", "text": "When did Kim Jong Un meet Vladimir Putin?"}]}],
    )
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    assert text.startswith("September 2023 [1]") and "**Sources**" in text
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert chunks[-1].model_extra["citeqa"]["citations"][0]["source"] == "000_9a73aa4c586333e4.txt"


def test_abstention_says_not_in_the_document(client) -> None:
    completion = client.chat.completions.create(
        model="citeqa", messages=[{"role": "user", "content": "Di mana markas besar NATO berada?"}])
    assert completion.choices[0].message.content == "Maaf, jawabannya tidak ada di dalam dokumen."
    assert completion.model_extra["citations"] == []


def test_no_user_message_is_a_422(client) -> None:
    with pytest.raises(openai.UnprocessableEntityError):
        client.chat.completions.create(model="citeqa", messages=[{"role": "system", "content": "hi"}])


def test_a_follow_up_is_resolved_with_the_conversation(client) -> None:
    completion = client.chat.completions.create(model="citeqa", messages=[
        {"role": "user", "content": "Siapa yang bertemu dengan Kim Jong Un pada September 2023?"},
        {"role": "assistant", "content": "Presiden Rusia Vladimir Putin [1]\n\n**Sumber**\n[1] “…”"},
        {"role": "user", "content": "Apa yang dia janjikan kepada Korea Utara?"},
    ])
    extra = completion.model_extra["citeqa"]
    assert extra["resolved_question"] == "Apa yang Presiden Rusia Vladimir Putin janjikan kepada Korea Utara?"
    assert extra["clarification"] is None


def test_a_misspelled_question_says_how_it_was_read(client) -> None:
    completion = client.chat.completions.create(model="citeqa", messages=[
        {"role": "user", "content": "Kapan Kim Jong Un bertemu dengan Vladimir Puttin?"}])
    read, _, answer = completion.choices[0].message.content.partition("\n\n")
    assert read == "_(Dipahami sebagai: Kapan Kim Jong Un bertemu dengan Vladimir Putin?)_"  # the chat says so too
    assert answer.startswith("September 2023 [1]")
    assert completion.model_extra["citeqa"]["resolved_question"] == "Kapan Kim Jong Un bertemu dengan Vladimir Putin?"


def test_a_follow_up_with_nothing_to_resolve_is_asked_back(client) -> None:
    completion = client.chat.completions.create(
        model="citeqa", messages=[{"role": "user", "content": "Kapan dia lahir?"}])
    content = completion.choices[0].message.content
    assert content == "Siapa atau apa yang Anda maksud dengan “dia”? Sebutkan namanya dalam pertanyaan."
    assert completion.model_extra["citeqa"]["clarification"] == content
    assert completion.model_extra["citations"] == []
