"""An amount by itself (``citeqa.answer.amounts``)."""

from __future__ import annotations

import pytest

from citeqa.answer.amounts import counts_another, money_asked, named_amount
from citeqa.answer.spans import Span


def _named(question: str, sentence: str) -> str | None:
    span = named_amount(question, sentence, 0, len(sentence))
    assert span is None or span.text == sentence[span.start:span.end]
    return span.text if span else None


def test_the_amount_after_the_words_the_question_names_it_by() -> None:
    assert _named("What is the late fee?", "A late fee of €10 is charged for every started hour.") == "€10"
    assert _named("What was the association's balance at the end of 2024?",
                  "The association ended the year with a balance of $41,200.") == "$41,200"
    assert _named("Berapa biaya fotokopi soal?", "Biaya fotokopi soal sebesar Rp 25.000 per siswa dibayarkan.") \
        == "Rp 25.000"
    assert _named("Berapa luas kebun itu?", "Kebun itu memiliki luas sebesar 2,5 hektare.") == "2,5 hektare"
    assert _named("How much is the deposit?", "Deposit: $150, refundable.") == "$150"
    assert _named("Berapa luas Kabupaten Donggala?", "Kabupaten ini memiliki luas sebesar 4275,08km² dan …") \
        == "4275,08km²"
    assert _named("Berapa kenaikan tarif tol?", "Tarif tol naik sebesar 15-16 persen sejak 24/8.") == "15-16 persen"
    # another kind of question, or no amount right after the question's word
    assert _named("Who charged the late fee?", "A late fee of €10 is charged.") is None
    assert _named("What is the late fee?", "The fee is waived for members; others pay €10.") is None
    assert _named("What are the warehouse shifts?", "Staff work in two shifts: 06:00 to 14:00 and 14:00 to 22:00.") \
        is None  # times of day, not an amount


def test_a_count_is_the_number_before_the_noun_the_question_counts() -> None:
    from citeqa.answer.amounts import count_of
    from citeqa.answer.spans import Span

    text = '"Kami sudah mengerahkan enam perahu karet untuk mengevakuasi warga," kata Kepala BPBD.'
    k = text.index("warga")
    found = count_of("Berapa perahu karet yang dikerahkan?", Span(k, k + 5, "warga"), text, 0, len(text))
    assert found is not None and found.text == "enam"
    text = "In 1952 there were 108 existing television stations and two radio networks."
    found = count_of("How many television stations were there?", None, text, 0, len(text))
    assert found is not None and found.text == "108"
    # the readers' number counts something else: the count of the noun asked ("2½ sacks" for fumbles)
    k = text.index("two")
    found = count_of("How many television stations were there?", Span(k, k + 3, "two"), text, 0, len(text))
    assert found is not None and found.text == "108"
    # the answer counts the noun itself or holds the number, two such numbers, a date asked or no count: as it is
    held = Span(text.index("108"), text.index(" and"), "108 existing television stations")
    assert count_of("How many television stations were there?", held, text, 0, len(text)) == held
    yards = "Norwood returned a punt 61-yard to the 14 and gained 45 yards later."
    k = yards.index("61-yard")
    assert count_of("How many yards did Norwood return the punt?", Span(k, k + 7, "61-yard"), yards, 0, len(yards)) \
        == Span(k, k + 7, "61-yard")
    assert count_of("Pada tanggal berapakah wahana itu diluncurkan?", None, "Dua wahana diluncurkan.", 0, 22) is None
    rare = "Ada 10 jenis tumbuhan langka dan 8 satwa langka di pegunungan itu."
    found = count_of("Berapa jenis satwa yang langka?", None, rare, 0, len(rare))  # a classifier before the noun
    assert found is not None and found.text == "8"
    two = "Ada 3 warga di desa A dan 5 warga di desa B."
    assert count_of("Berapa warga di desa itu?", None, two, 0, len(two)) is None
    assert count_of("Berapa lama banjir?", None, text, 0, len(text)) is None


def test_a_sum_of_money_asked_is_the_sentence_s_one_sum_not_the_date_beside_the_question_s_words() -> None:
    text = "- Saldo kas RT per 28 Februari 2025 adalah Rp 7.850.000."

    def asked(question: str, readers: str) -> str | None:
        at = text.index(readers)
        span = money_asked(question, Span(at, at + len(readers), readers), text, 0, len(text))
        assert span is not None and text[span.start:span.end] == span.text
        return span.text

    assert asked("Berapa saldo kas RT?", "28 Februari 2025") == "Rp 7.850.000"
    assert asked("What was the balance of the fund?", "28 Februari 2025") == "Rp 7.850.000"
    assert asked("Kapan saldo kas dihitung?", "28 Februari 2025") == "28 Februari 2025"  # not a sum asked
    assert asked("Berapa saldo kas RT?", "7.850.000") == "7.850.000"  # a part of the sum: the currency comes later
    assert asked("Berapa kas RT?", "28 Februari 2025") == "Rp 7.850.000"  # cash, profit … are sums of money too
    assert asked("How much cash does the fund hold?", "28 Februari 2025") == "Rp 7.850.000"
    assert asked("What are the principal cash crops of RT?", "28 Februari 2025") == "28 Februari 2025"  # no sum
    two = "Iuran naik dari Rp 30.000 menjadi Rp 40.000 per bulan mulai April 2025."
    span = money_asked("Berapa iuran?", Span(60, 70, two[60:70]), two, 0, len(two))
    assert span is not None and span.text == two[60:70]  # two sums: which one is not for this rule to say


def test_a_share_asked_is_the_sentence_s_one_percentage() -> None:
    from citeqa.answer.amounts import share_asked

    def asked(question: str, sentence: str, readers: str) -> str | None:
        at = sentence.index(readers)
        span = share_asked(question, Span(at, at + len(readers), readers), sentence, 0, len(sentence))
        assert span is not None and sentence[span.start:span.end] == span.text
        return span.text

    one = "It is believed that between 500 and 2,000 people, about 1% of the city's population, were Muslims."
    assert asked("What percentage of the city's population were Muslims?", one, "500 and 2,000") == "1%"
    assert asked("Berapa persen suara yang diperoleh Mubarak?", "Mubarak meraih 6.316 suara atau 88,6 persen.",
                 "6.316") == "88,6 persen"
    assert asked("How many people were Muslims?", one, "500 and 2,000") == "500 and 2,000"  # no share asked
    two = "Total income was £1.42 million, of which 61% came from donors and 27% from grants."
    assert asked("What share of income came from grants?", two, "£1.42 million") == "£1.42 million"  # two: no choice
    assert asked("What percent live on the coast?", "Sixty percent live on the coast; 12% inland.", "Sixty") \
        == "Sixty"  # a number word's share


@pytest.mark.parametrize(("question", "answer", "sentence", "expected"), [
    ("Berapa rudal yang diluncurkan Korea Utara pada tahun 2023?", "dua upaya",
     "Korea Utara berhasil meluncurkan satelit pengintai setelah dua upaya yang gagal.", True),
    ("How many missiles were launched?", "two attempts", "The launch succeeded after two failed attempts.", True),
    # the count of the thing asked, or a word that counts anything
    ("Berapa rudal yang diluncurkan?", "tiga rudal", "Korea Utara meluncurkan tiga rudal.", False),
    ("Berapa lahan yang terbakar?", "205.000 hektar", "Kebakaran menghanguskan 205.000 hektar.", False),
    ("Berapa korban yang tewas?", "12 orang", "Banjir menewaskan 12 orang.", False),
    # the sentence names the thing asked: the answer may count it otherwise
    ("Berapa rudal yang diluncurkan?", "dua peluncuran", "Rudal itu diuji dalam dua peluncuran.", False),
    ("Berapa lama perjalanan itu?", "tiga pekan", "Perjalanan itu berlangsung tiga pekan.", False),  # no count asked
])
def test_a_count_of_another_thing(question: str, answer: str, sentence: str, expected: bool) -> None:
    assert counts_another(question, answer, sentence) is expected
