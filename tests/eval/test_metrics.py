from __future__ import annotations

from citeqa.eval import metrics as m
from citeqa.eval.runner import DEFAULT_SET, check_thresholds, load_set, question_word


def test_normalization_and_exact_match() -> None:
    assert m.normalize_answer("  The  September, 2023! ") == "september 2023"
    assert m.exact_match("September 2023.", ["september 2023"]) == 1.0
    assert m.exact_match(None, ["x"]) == 0.0


def test_token_f1_takes_the_best_gold() -> None:
    assert m.token_f1("Kim Jong Un", ["Jong Un", "Xi"]) == 0.8
    assert m.token_f1("Beijing", ["Xi Jinping"]) == 0.0


def test_retrieval_rank_and_hits() -> None:
    passages = [("a", "satu dua"), ("b", "tiga   empat lima")]
    assert m.retrieval_rank(passages, "empat lima") == 2
    assert m.retrieval_rank(passages, "empat", source="a") is None
    assert m.hit_at([1, 2, None], 1) == 1 / 3
    assert m.mean_reciprocal_rank([1, 2, None]) == 0.5


def test_percentile() -> None:
    assert m.percentile([1, 2, 3, 4], 50) == 2.5
    assert m.percentile([], 95) == 0.0


def test_thresholds_report_each_failure() -> None:
    failures = check_thresholds({"hit@1": 0.5, "false_abstention": 0.2},
                                {"min": {"hit@1": 0.85}, "max": {"false_abstention": 0.1}})
    assert len(failures) == 2 and "hit@1" in failures[0]


def test_the_article_gate_set_is_well_formed(article_text: str) -> None:
    items = load_set(DEFAULT_SET)
    assert DEFAULT_SET.name == "article-gate.jsonl"  # the gate asks questions that chose nothing
    answerable = [i for i in items if i.answerable]
    assert len(answerable) >= 30 and len([i for i in answerable if i.language == "en"]) >= 5
    assert len([i for i in items if not i.answerable]) >= 10
    kinds = {question_word(i.question) for i in answerable}
    assert {"mengapa", "bagaimana", "apa"} <= kinds  # descriptive questions, not only factoids
    for item in answerable:
        assert item.evidence and item.evidence in article_text
        assert all(a in article_text for a in item.answers)


def test_question_word() -> None:
    assert question_word("Di manakah dia?") == "di mana"
    assert question_word("Siapa dia?") == "siapa"


def test_answer_spans_gives_every_occurrence_of_every_answer() -> None:
    from citeqa.eval.metrics import answer_spans

    text = "Siti Aminah memimpin; Siti juga menutup."
    assert answer_spans(text, ["Siti", "Aminah", ""]) == [(0, 4), (22, 26), (5, 11)]
    assert answer_spans(text, ["Bandung"]) == []
