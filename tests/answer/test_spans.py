from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pytest

from citeqa.answer.question import AnswerType
from citeqa.answer.spans import Span, candidates, inside, question_name_runs


def _adjusted(adjust: Callable[[Span, str], Span | None], text: str, answer: str) -> str | None:
    """``answer`` (at its first place in ``text``) as ``adjust`` leaves it, checked to be the document's own
    characters still."""
    k = text.index(answer)
    span = adjust(Span(k, k + len(answer), answer), text)
    assert span is None or span.text == text[span.start:span.end]
    return span.text if span else None


TEXT = ("Bhiksu YM Mahasthawira Vajragiri terlahir dengan nama The Tjing San. "
        "Ayahnya bernama The Tjai Gwan dan ibunya Liem Kiat Nio.")


def test_the_name_asked_about_is_found_whole_in_the_sentence() -> None:
    runs = question_name_runs("Siapa ibu Bhiksu Vajragiri?", TEXT, 0, len(TEXT))
    assert [TEXT[a:b].strip() for a, b in runs] == ["YM Mahasthawira"]
    start = TEXT.index("YM Mahasthawira")
    assert inside(start, start + len("YM Mahasthawira"), runs)
    start = TEXT.index("Liem Kiat Nio")
    assert not inside(start, start + len("Liem Kiat Nio"), runs)


def test_a_run_that_only_starts_with_the_question_s_words_may_hold_the_answer() -> None:
    text = "Sekretaris Jenderal Partai Komunis Tiongkok Xi Jinping menegaskan itu."
    runs = question_name_runs("Siapa Sekretaris Jenderal Partai Komunis Tiongkok?", text, 0, len(text))
    start = text.index("Xi Jinping")
    assert not inside(start, start + len("Xi Jinping"), runs)


def test_the_question_s_first_word_and_function_words_name_nothing() -> None:
    assert question_name_runs("Ayahnya siapa?", TEXT, 0, len(TEXT)) == []
    assert question_name_runs("Siapa The Beatles?", TEXT, 0, len(TEXT)) == []


def test_a_question_for_a_year_is_answered_with_the_year_alone() -> None:
    from citeqa.answer.spans import Span, year_of

    text = "Huo Yuanjia meninggal pada 9 Agustus 1910 di Shanghai, 250 hari setelah pertandingan 1909."
    date = Span(27, 41, text[27:41])
    assert year_of("Tahun berapakah Huo Yuanjia meninggal?", date, text) == Span(37, 41, "1910")
    assert year_of("In what year did he die?", date, text) == Span(37, 41, "1910")
    assert year_of("Kapan Huo Yuanjia meninggal?", date, text) == date  # a date is asked: the whole date
    both = Span(27, len(text) - 1, text[27:-1])  # two years: which one is not for this rule to say
    assert year_of("Tahun berapa?", both, text) == both
    assert year_of("Tahun berapa?", None, text) is None


def test_an_amount_keeps_the_currency_written_before_it() -> None:
    from citeqa.answer.spans import Span, with_currency

    widened = partial(_adjusted, with_currency)

    assert widened("The renovation cost $2.3 million.", "2.3 million") == "$2.3 million"
    assert widened("Harga paket Rp 58.000.000 per unit.", "58.000.000") == "Rp 58.000.000"
    assert widened("Utang sebesar US$ 160 juta.", "160 juta") == "US$ 160 juta"
    assert widened("Sisa anggaran Rp120 juta.", "120 juta") == "Rp120 juta"
    # no currency, or letters that only end like one
    assert widened("Daya 5 kW.", "5 kW") == "5 kW"
    assert widened("Kapal Tarp 12 tenggelam.", "12") == "12"
    assert with_currency(None, "x") is None
    text = "Harganya $ 5 juta."  # a currency before where the cited sentence starts stays out
    assert with_currency(Span(10, 16, "5 juta"), text, floor=10) == Span(10, 16, "5 juta")


@pytest.mark.parametrize(("text", "date"), [
    ("Chilperic II dibunuh oleh saudaranya pada tahun 493, dan istrinya ditenggelamkan.", "tahun 493"),
    ("Musa diangkat menjadi nabi sekitar 1450 SM.", "1450 SM"),
    ("Burung tersebut telah punah pada abad ke-17 akibat penggundulan hutan.", "abad ke-17"),
    ("The movement began in the mid-18th century within the Church of England.", "18th century"),
    ("Pada tahun 1999 lalu kota itu dibangun kembali.", "tahun 1999"),
    ("Festival digelar pada 23–24 Agustus 2025 di Lapangan Desa Wonokerto.", "23–24 Agustus 2025"),  # days' range
    ("Ujian dilaksanakan pada 9 sampai 12 Juni 2025.", "9 sampai 12 Juni 2025"),
    ("The fair runs from 9 to 12 June.", "9 to 12 June"),
])
def test_years_before_1500_and_centuries_are_dates(text: str, date: str) -> None:
    # a "Kapan …?" question over a history paragraph: a year said as one ("tahun 493", "1450 SM") or a century is
    # an answer of the asked type, as "tahun 1999" always was
    assert date in [span.text for span in candidates(AnswerType.DATE, text, 0, len(text))]


def test_a_count_of_years_is_no_date() -> None:
    text = "Sebanyak 2.500 orang hadir, dan 300 di antaranya anak-anak."
    assert candidates(AnswerType.DATE, text, 0, len(text)) == []


def test_a_share_keeps_its_percent_and_a_time_its_half_of_the_day() -> None:
    from citeqa.answer.spans import with_unit

    widened = partial(_adjusted, with_unit)

    assert widened("Harga minyak naik 26 persen selama 2005.", "26") == "26 persen"
    assert widened("Enrollment increased by about 70%.", "about 70") == "about 70%"
    assert widened("Sekitar 85 % warga memilih.", "85") == "85 %"
    assert widened("Tarif naik 15-16 persen.", "15-16") == "15-16 persen"
    assert widened("It rose 3 percentage points.", "3") == "3"  # points of a percentage are not a percent
    assert widened("Daya 5 kW.", "5 kW") == "5 kW"
    assert widened("Sebanyak 26 persenan.", "26") == "26"
    assert widened("The meeting closed at 8:45 p.m.", "8:45") == "8:45 p.m."
    assert widened("Ujian dimulai pukul 07.30 WIB.", "07.30") == "07.30 WIB"
    assert widened("Open 9 AM to 5 PM daily.", "9 AM to 5") == "9 AM to 5 PM"
    assert widened("He was 8 amazing years old.", "8") == "8"
    assert with_unit(None, "x") is None


def test_an_amount_without_the_words_that_name_it() -> None:
    from citeqa.answer.amounts import amount_alone

    alone = partial(_adjusted, amount_alone)

    assert alone("A refundable deposit of €150 is taken.", "of €150") == "€150"
    assert alone("The year ended with a balance of $41,200.", "a balance of $41,200") == "$41,200"
    assert alone("Dikenakan denda sebesar Rp 50.000 per hari.", "denda sebesar Rp 50.000") == "Rp 50.000"
    assert alone("The full value of the bike (€900) is charged.", "full value of the bike (€900") == \
        "full value of the bike (€900"  # what follows "of" is no amount
    assert alone("A total of 3 goals.", "3 goals") == "3 goals"
    assert alone("Ketinggian air di beberapa titik mencapai 1,5 meter.", "titik mencapai 1,5 meter") == "1,5 meter"
    assert amount_alone(None, "x") is None


def test_an_answer_in_a_code_span_is_the_code_span_whole() -> None:
    from citeqa.answer.spans import whole_code

    whole = partial(_adjusted, lambda span, text: whole_code(span, text, 0, len(text)))

    assert whole("The log file is written to `~/.ledgerly/ledgerly.log`.", "ledgerly/ledgerly.log") == \
        "~/.ledgerly/ledgerly.log"
    assert whole("To upgrade, run `pip install --upgrade ledgerly`.", "run `pip") == \
        "run `pip install --upgrade ledgerly`"
    assert whole("Run `ledgerly init` to create the file.", "the file") == "the file"


def test_a_time_from_now_is_a_date() -> None:
    text = "Menurut dia, banjir diperkirakan surut dalam dua hari jika hujan berhenti. Claims are paid within 30 days."
    assert [s.text for s in candidates(AnswerType.DATE, text, 0, len(text))] == ["dalam dua hari", "within 30 days"]


def test_an_answer_that_introduces_a_colon_is_what_follows_it() -> None:
    from citeqa.answer.spans import Span, what_follows

    text = "Staff in the warehouse work in two shifts: 06:00 to 14:00 and 14:00 to 22:00."
    k = text.index("two shifts")
    span = Span(k, k + len("two shifts"), "two shifts")
    found = what_follows("What are the warehouse shifts?", span, text, 0, len(text))
    assert found is not None and found.text == "06:00 to 14:00 and 14:00 to 22:00"
    assert what_follows("How many shifts are there?", span, text, 0, len(text)) == span
    k = text.index("Staff")
    assert what_follows("Who works in shifts?", Span(k, k + 5, "Staff"), text, 0, len(text)) == Span(k, k + 5, "Staff")
    aside = "Negara mikro (bahasa Inggris: European microstates) adalah negara yang sangat kecil."
    k = aside.index("Inggris")
    assert what_follows("Apa itu negara mikro?", Span(k, k + 7, "Inggris"), aside, 0, len(aside)).text == "Inggris"


def test_a_weekday_s_hours_for_a_question_asking_when_on_that_day() -> None:
    from citeqa.answer.hours import day_hours

    text = "Puskesmas buka Senin sampai Kamis pukul 07.30–14.00, Jumat pukul 07.30–11.00, dan Sabtu pukul 07.30–12.00."
    for question, hours in [("Kapan Puskesmas buka pada hari Jumat?", "07.30–11.00"),
                            ("Jam berapa Puskesmas buka hari Sabtu?", "07.30–12.00")]:
        span = day_hours(question, None, text, 0, len(text))
        assert span is not None and span.text == hours == text[span.start:span.end]
    english = "Open Monday to Friday 9 a.m. to 6 p.m. and Saturday from 9 a.m. to 8 p.m."
    span = day_hours("What are the opening hours on Saturdays?", None, english, 0, len(english))
    assert span is not None and span.text == "9 a.m. to 8 p.m."
    kept = Span(0, 9, "Puskesmas")
    assert day_hours("Siapa yang buka hari Jumat?", kept, text, 0, len(text)) is kept  # not asking when


@pytest.mark.parametrize(("question", "text", "answer", "expected"), [
    ("Jam berapa layanan dibuka?", "Layanan untuk anak di bawah dua tahun dibuka mulai pukul 08.00 sampai 11.00.",
     "dua tahun", "08.00 sampai 11.00"),
    ("What time did the meeting close?", "The meeting closed at 20:05.", "meeting", "20:05"),
    ("What time does it open on Sundays?", "Open between 13:00 and 17:00 on Sundays.", "Sundays", "13:00 and 17:00"),
    ("Jam berapa kas dihitung?", "Kas Rp 3.45 juta dihitung kemarin.", "kemarin", "kemarin"),  # an amount, no time
    ("Di mana rapat dimulai?", "Rapat dimulai pukul 09.00 di balai.", "balai", "balai"),  # not asking the time
    # asking when over a sentence that gives a time and no date; not where it gives a date
    ("When can I call support?", "Call 5550 1234 on weekdays between 09:00 and 17:00 WIB.", "Call",
     "09:00 and 17:00 WIB"),
    ("When did the meeting close?", "The meeting closed at 20:05 on 3 June.", "3 June", "3 June"),
    ("What time is the talk?", "The talk at 10:00 follows the 11:30 lunch.", "talk", "talk"),  # two times: left be
    ("Jam berapa air dialirkan?", "Air hanya dialirkan pukul 05.00–09.00 dan 16.00–20.00 mulai 1 September.",
     "05.00", "05.00–09.00 dan 16.00–20.00"),  # times joined by "dan": all of them
])
def test_a_question_asking_the_time_of_day_gets_the_sentence_s_one_clock_time(
        question: str, text: str, answer: str, expected: str) -> None:
    from citeqa.answer.hours import time_asked

    at = text.index(answer)
    span = time_asked(question, Span(at, at + len(answer), answer), text, 0, len(text))
    assert span is not None and span.text == expected == text[span.start:span.end]


def test_an_answer_inside_an_email_or_web_address_is_the_address_whole() -> None:
    from citeqa.answer.spans import whole_code

    text = "Write to support@kiosko.example or see https://kiosko.example/help."
    for part, whole in [("kiosko", "support@kiosko.example"), ("kiosko.example/help", "https://kiosko.example/help")]:
        at = text.index(part, text.index(whole))
        span = whole_code(Span(at, at + len(part), part), text, 0, len(text))
        assert span is not None and span.text == whole == text[span.start:span.end]
    at = text.index("Write")
    assert whole_code(Span(at, at + 5, "Write"), text, 0, len(text)) == Span(at, at + 5, "Write")


def test_remembered_candidates_are_the_same_and_a_caller_cannot_change_them() -> None:
    text = "Rapat digelar di Bandung pada 3 Maret 2025. Hadir Ibu Wati dan Pak Budi dari Jakarta."
    end = text.index(".") + 1
    first = candidates(AnswerType.DATE, text, 0, end, text)
    assert [s.text for s in first] == ["3 Maret 2025"]
    first.clear()  # a caller's list is its own
    assert [s.text for s in candidates(AnswerType.DATE, text, 0, end)] == ["3 Maret 2025"]
    # another document decides the first word differently: not taken from what was remembered for ``text``
    names = [s.text for s in candidates(AnswerType.PERSON, text, end + 1, len(text), text)]
    other = [s.text for s in candidates(AnswerType.PERSON, text, end + 1, len(text), text + " hadir sekali.")]
    assert names[0] == "Hadir Ibu Wati" and other[0] == "Ibu Wati"
