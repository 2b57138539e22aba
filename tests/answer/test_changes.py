"""The new value of a change, not the old one (``citeqa.answer.changes``, ``short_answer.changed_value``)."""

from __future__ import annotations

import numpy as np

from citeqa.answer.changes import change_amount, compared_value, earlier_value, new_value, value_after
from citeqa.answer.extractor import Candidate
from citeqa.answer.short_answer import changed_value
from citeqa.answer.spans import Span

FEE = "Iuran wajib anggota naik dari Rp 50.000 menjadi Rp 75.000 per bulan mulai April 2025."


def _new(question: str, sentence: str, answer: str) -> str | None:
    at = sentence.index(answer)
    found = new_value(question, sentence, 0, len(sentence), (at, at + len(answer)))
    return sentence[found[0]:found[1]] if found else None


def test_the_old_value_of_a_change_gives_way_to_the_new_one() -> None:
    assert _new("Berapa iuran wajib anggota mulai April 2025?", FEE, "Rp 50.000") == "Rp 75.000"
    assert _new("What was the revenue in 2024?", "Revenue rose from 1.8 billion to 2.1 billion rupiah in 2024.",
                "1.8 billion") == "2.1 billion rupiah"
    # a decimal comma is no clause mark
    assert _new("Berapa jumlah penganggur?", "Jumlah penganggur naik dari tiga juta menjadi 3,5 juta orang.",
                "tiga juta") == "3,5 juta orang"


def test_the_old_value_stays_where_it_is_asked_for_or_the_sentence_gives_a_range() -> None:
    assert _new("Berapa iuran wajib anggota sebelumnya?", FEE, "Rp 50.000") is None
    assert _new("What was the revenue previously?", "Revenue rose from 1.8 to 2.1 billion.", "1.8") is None
    # the question names what stands beside the old value: it asks about that one
    sentence = "Jumlah penganggur naik dari tiga juta orang pada tahun 2001 menjadi 3,5 juta orang."
    assert _new("Pada tahun berapakah jumlah penganggur sekitar tiga juta orang?", sentence, "tahun 2001") is None
    # ranges, not changes
    assert _new("Kapan serial itu tayang?", "Serial itu tayang dari 1988 sampai 1995.", "1988") is None
    assert _new("When did ABC begin broadcasting it?", "ABC broadcast it from 1954 to 1956.", "1954") is None
    # the answer already the new value, or outside the change
    assert _new("Berapa iuran wajib anggota?", FEE, "Rp 75.000") is None
    assert _new("Kapan iuran naik?", FEE, "April 2025") is None


def test_the_short_answer_moves_to_the_extractor_s_best_span_inside_the_new_value() -> None:
    old, new, month = (FEE.index(s) for s in ("Rp 50.000", "Rp 75.000", "April 2025"))
    starts, ends = np.array([old, new, month]), np.array([old + 9, new + 9, month + 10])
    best = Candidate(Span(old, old + 9, "Rp 50.000"), 2.0, np.zeros(1), starts, ends, np.array([2.0, 1.5, 0.5]))
    question = "Berapa iuran wajib anggota mulai April 2025?"
    span, score = changed_value(question, FEE, (0, len(FEE)), best.span, 2.0, best, None)
    assert (span.text, score) == ("Rp 75.000", 1.5)
    # without a span of the extractor's inside it, the new value whole, where it is short
    span, score = changed_value(question, FEE, (0, len(FEE)), best.span, 2.0, None, None)
    assert (span.text, score) == ("Rp 75.000", 2.0)
    # asked for the old value: unchanged
    span, _ = changed_value("Berapa iuran sebelumnya?", FEE, (0, len(FEE)), best.span, 2.0, best, None)
    assert span == best.span


REVENUE = "Revenue grew by 14 percent to 2.1 billion rupiah in 2024."
PENDAPATAN = "Pendapatan koperasi naik 14 persen menjadi Rp 2,1 miliar pada 2024."


def _amount(question: str, sentence: str, answer: str) -> str | None:
    at = sentence.index(answer)
    found = change_amount(question, sentence, 0, len(sentence), (at, at + len(answer)))
    return sentence[found[0]:found[1]] if found else None


def test_a_question_about_the_change_itself_is_answered_with_its_amount() -> None:
    assert _amount("How much did revenue grow?", REVENUE, "2.1 billion rupiah") == "14 percent"
    assert _amount("By how much did revenue grow in 2024?", REVENUE, "2.1 billion") == "14 percent"
    assert _amount("How much did revenue grow?", "Revenue grew 14% to 2.1 billion rupiah.", "2.1 billion") == "14%"
    assert _amount("Berapa persen kenaikan pendapatan koperasi?", PENDAPATAN, "Rp 2,1 miliar") == "14 persen"
    assert _amount("Pendapatan koperasi naik berapa persen?", PENDAPATAN, "Rp 2,1 miliar") == "14 persen"
    assert _amount("Seberapa besar pendapatan koperasi meningkat?", PENDAPATAN, "Rp 2,1 miliar") == "14 persen"


def test_the_amount_is_not_taken_where_the_question_asks_the_value_or_the_sentence_has_none() -> None:
    assert _amount("What was revenue in 2024?", REVENUE, "2.1 billion rupiah") is None
    assert _amount("Berapa pendapatan koperasi pada 2024?", PENDAPATAN, "Rp 2,1 miliar") is None
    assert _amount("Berapa kenaikan pendapatan?", PENDAPATAN, "14 persen") is None  # the amount already
    # "dari X menjadi Y" and "from X to Y" name no amount: the old value is none
    assert _amount("Berapa kenaikan iuran?", FEE, "Rp 75.000") is None
    assert _amount("How much did revenue rise?", "Revenue rose from 1.8 to 2.1 billion.", "2.1 billion") is None
    # words that are no number: "rose sharply to $5"
    assert _amount("How much did the price rise?", "The price rose sharply to $5 in May.", "$5") is None


def test_the_short_answer_moves_to_the_amount_whole() -> None:
    at = REVENUE.index("2.1 billion rupiah")
    span, score = changed_value("How much did revenue grow?", REVENUE, (0, len(REVENUE)),
                                Span(at, at + 18, "2.1 billion rupiah"), 1.0, None, None)
    assert (span.text, score) == ("14 percent", 1.0)
    assert REVENUE[span.start:span.end] == span.text


def test_a_question_about_the_value_is_not_answered_with_the_amount_of_its_change() -> None:
    def after(question: str, sentence: str, answer: str) -> str | None:
        at = sentence.index(answer)
        found = value_after(question, sentence, 0, len(sentence), (at, at + len(answer)))
        return sentence[found[0]:found[1]] if found else None

    assert after("Berapa pendapatan koperasi pada 2024?", PENDAPATAN, "14 persen") == "Rp 2,1 miliar"
    assert after("What was revenue in 2024?", REVENUE, "14 percent") == "2.1 billion rupiah"
    # a question naming a change or a share may ask for the amount; an answer outside the amount is not moved
    assert after("Berapa persen pendapatan koperasi pada 2024?", PENDAPATAN, "14 persen") is None
    assert after("Berapa kenaikan pendapatan?", PENDAPATAN, "14 persen") is None
    assert after("How much did revenue grow?", REVENUE, "14 percent") is None
    assert after("What was revenue in 2024?", REVENUE, "2.1 billion rupiah") is None


def test_an_amount_given_alone_and_an_answer_running_into_the_new_value() -> None:
    profit = "Pada tahun 2024 laba bersih perusahaan mencapai Rp 45 miliar, naik 12 persen dibandingkan tahun lalu."
    assert _amount("Berapa persen kenaikan laba bersih?", profit, "2024") == "12 persen"
    assert _amount("Berapa persen kenaikan laba bersih?", profit, "12 persen") is None  # the amount already
    assert _amount("Berapa laba bersih pada 2024?", profit, "2024") is None  # the change is not asked
    headline = "Harbour Foods profit rises 12% as export sales recover"
    assert _amount("By how much did profit rise?", headline, "12% as export sales recover") == "12%"  # runs on
    staff = "Jumlah karyawan bertambah dari 820 orang menjadi 910 orang."
    assert _new("Berapa jumlah karyawan sekarang?", staff, "820 orang menjadi 910 orang") == "910 orang"
    assert _new("Berapa jumlah karyawan sebelumnya?", staff, "820 orang menjadi 910 orang") is None


def test_an_answer_holding_old_and_new_gives_the_one_asked() -> None:
    fee = "The annual membership fee will rise from $120 to $150, effective 1 July 2025."
    assert _new("What will the new membership fee be?", fee, "rise from $120 to $150") == "$150"
    at = fee.index("rise from")
    whole = (at, at + len("rise from $120 to $150"))
    found = earlier_value("What was the membership fee before?", fee, 0, len(fee), whole)
    assert found is not None and fee[found[0]:found[1]] == "$120"
    assert earlier_value("What will the fee be?", fee, 0, len(fee), whole) is None  # the earlier is not asked
    sales = "Sales fell 8% to $42 million, mainly because of weaker demand in Europe."
    at = sales.index("8%")
    found = value_after("What were sales in Q3 2025?", sales, 0, len(sales), (at, at + len("8% to $42 million")))
    assert found is not None and sales[found[0]:found[1]] == "$42 million"


def test_a_date_or_time_that_was_moved_is_answered_with_where_it_was_moved_to() -> None:
    moved = ("The quarterly review that was planned for Tuesday 14 October has been moved to Thursday 16 October, "
             "from 10:00 to 12:30.")
    assert _new("When is the quarterly review?", moved, "Tuesday 14 October") == "Thursday 16 October"
    assert _new("Kapan rapat diadakan?", "Rapat yang semula pukul 09.00 diundur ke pukul 13.00 karena hujan.",
                "09.00") == "pukul 13.00"
    # asked when it was planned, or a value of another kind before the move ("founded in 1990, moved to Jakarta")
    assert _new("When was the review planned?", moved, "Tuesday 14 October") is None
    assert _new("Where was the company founded?", "The company, founded in Bandung, moved to Jakarta in 2005.",
                "Bandung") is None
    assert _new("As a norm, what day is Media Day held?", "Media Day, traditionally held on Tuesday afternoon, was "
                "moved to Monday evening.", "Tuesday afternoon") is None


def test_an_iso_date_is_a_date_whole() -> None:
    from citeqa.answer.spans import whole_iso_date

    text = "## 3.2.0 (2025-06-02)"
    assert whole_iso_date(Span(10, 14, "2025"), text) == Span(10, 20, "2025-06-02")
    assert whole_iso_date(Span(3, 8, "3.2.0"), text) == Span(3, 8, "3.2.0")


def test_a_value_compared_with_last_year_s_is_answered_with_last_year_s_when_asked() -> None:
    visitors = "Festival tahun ini menargetkan 15.000 pengunjung, naik dari sekitar 11.000 pengunjung pada tahun lalu."
    this_year = (visitors.index("15.000"), visitors.index("15.000") + len("15.000"))

    def compared(question: str) -> str | None:
        found = compared_value(question, visitors, 0, len(visitors), this_year)
        return visitors[found[0]:found[1]] if found else None

    assert compared("Berapa jumlah pengunjung festival tahun lalu?") == "11.000 pengunjung"
    assert compared("Berapa pengunjung sebelumnya?") == "11.000 pengunjung"
    assert compared("Berapa target pengunjung festival tahun ini?") is None  # last year's is not asked
    assert compared("Berapa lama festival digelar?") is None  # "lama": how long, not the old value
    sales = "Sales reached $42 million, up from $38 million last year."
    at = sales.index("$42")
    found = compared_value("What were sales last year?", sales, 0, len(sales), (at, at + 11))
    assert found is not None and sales[found[0]:found[1]] == "$38 million"
