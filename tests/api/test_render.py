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
