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
