from __future__ import annotations

from citeqa.api.render import slack_blocks
from citeqa.core.models import Answer, Citation

TEXT = "Rusia membantu Rusia."


def test_slack_bolds_the_cited_occurrence_of_the_answer_not_the_first() -> None:
    second = TEXT.rindex("Rusia")
    answer = Answer("Siapa dibantu?", "Rusia", 0.6, (Citation("a.txt", "p1", 0, len(TEXT), TEXT),), (), "id",
                    second, second + len("Rusia"))
    _, blocks = slack_blocks(answer)
    assert blocks[1]["text"]["text"] == "> Rusia membantu *Rusia*."


def test_chat_and_slack_say_how_a_misspelled_question_was_read() -> None:
    from citeqa.api.render import chat_markdown

    cite = Citation("a.txt", "p1", 0, len(TEXT), TEXT)
    read = Answer("Siapa dibantu Rusai?", "Rusia", 0.6, (cite,), (), "id", 0, 5, read_as="Siapa dibantu Rusia?")
    assert chat_markdown(read).splitlines()[0] == "_(Dipahami sebagai: Siapa dibantu Rusia?)_"
    text, blocks = slack_blocks(read)
    assert blocks[0] == {"type": "context", "elements": [
        {"type": "mrkdwn", "text": "_Dipahami sebagai: Siapa dibantu Rusia?_"}]}
    assert text == "Jawaban: Rusia"
    abstained = Answer("Siapa Rusai?", None, 0.1, (), (), "id", read_as="Siapa Rusia?")
    assert chat_markdown(abstained).startswith("_(Dipahami sebagai: Siapa Rusia?)_\n")
    assert slack_blocks(abstained)[1][0]["type"] == "context"
    # a question read as asked gets no such line
    plain = Answer("Siapa dibantu?", "Rusia", 0.6, (cite,), (), "id", 0, 5)
    assert not chat_markdown(plain).startswith("_(") and slack_blocks(plain)[1][0]["type"] == "section"


def test_an_answer_over_a_line_break_is_shown_on_one_line_and_kept_verbatim_in_json() -> None:
    from citeqa.api.cli import answer_json, format_answer
    from citeqa.api.render import chat_markdown

    text = "If a sync stops, the policy does not allow it; ask your\nadministrator to grant the permission."
    at = text.index("ask")
    said = "ask your\nadministrator to grant the permission"
    answer = Answer("What should I do?", said, 0.6, (Citation("README.md", "p1", 0, len(text), text),), (), "en",
                    at, at + len(said))
    shown = format_answer(answer)
    assert "Answer: ask your administrator to grant the permission" in shown
    assert "your\nadministrator" not in shown
    assert chat_markdown(answer).splitlines()[0] == "ask your administrator to grant the permission [1]"
    fallback, blocks = slack_blocks(answer)
    assert fallback.endswith("ask your administrator to grant the permission")
    assert blocks[1]["text"]["text"] == ("> If a sync stops, the policy does not allow it; *ask your administrator to "
                                         "grant the permission*.")
    assert f'"answer": "{said}"'.replace("\n", "\\n") in answer_json(answer)  # the document's characters
