"""What to do: a manual's instruction for a question that asks it (``citeqa.answer.instructions``)."""

from __future__ import annotations

from citeqa.answer.instructions import asks_what_to_do, instruction_span


def _instruction(question: str, sentence: str) -> str | None:
    span = instruction_span(question, sentence, 0, len(sentence))
    assert span is None or span.text == sentence[span.start:span.end]  # the document's own characters
    return span.text if span else None


def test_an_instruction_without_its_list_mark_condition_or_a_clause_restating_the_question() -> None:
    assert _instruction("Apa yang harus dilakukan sebelum pompa dinyalakan pertama kali?",
                        "3. Isi rumah pompa dengan air pancingan sampai penuh sebelum dinyalakan pertama kali."
                        ) == "Isi rumah pompa dengan air pancingan sampai penuh"
    assert _instruction("What should I do if the internet light stays red?",
                        "If the internet light stays red, restart the modem first, then the router."
                        ) == "restart the modem first, then the router"
    assert _instruction("How do I reset the router?", "To reset the router, press and hold the reset button for 10 "
                        "seconds until the power light blinks orange.") == \
        "press and hold the reset button for 10 seconds until the power light blinks orange"
    assert _instruction("Bagaimana cara mereset router?", "Untuk mereset router, tekan tombol reset selama 10 detik."
                        ) == "tekan tombol reset selama 10 detik"
    assert _instruction("Apa yang perlu dilakukan jika pompa berbunyi keras?",
                        "Jika pompa berbunyi keras, periksa apakah ada udara di dalam pipa hisap."
                        ) == "periksa apakah ada udara di dalam pipa hisap"
    # a numbered item as the splitter gives it, the sentence after its number: still an item, not an imperative
    text = "Langkah:\n3. Petugas membuat berita acara dan meminta tanda tangan sopir."
    span = instruction_span("Apa yang harus dilakukan petugas?", text, text.index("Petugas"), len(text))
    assert span is not None and span.text == "Petugas membuat berita acara dan meminta tanda tangan sopir"
    # advice without the imperative: what they are to do
    assert _instruction("Apa yang harus dilakukan pelanggan selama pemadaman?", "Selama pemadaman, pelanggan "
                        "diimbau untuk mencabut peralatan elektronik dari stopkontak.") == \
        "mencabut peralatan elektronik dari stopkontak"
    assert _instruction("What should I do after a power cut?", "After a power cut, users should restart the modem."
                        ) == "restart the modem"
    # the cause first, then the instruction after a semicolon
    assert _instruction("What should I do if a sync stops with AccessDenied?", 'If a sync stops with "AccessDenied", '
                        "the bucket policy does not allow uploads; ask your administrator to grant the permission."
                        ) == "ask your administrator to grant the permission"


def test_descriptions_and_other_questions_are_left_to_the_readers() -> None:
    # an encyclopedia's sentence is no instruction (TyDi's "Bagaimana cara mengobati Tuberkulosis?")
    assert _instruction("Bagaimana cara mengobati Tuberkulosis?",
                        "Pengobatan tuberkulosis menggunakan antibiotik untuk membunuh bakterinya.") is None
    # how something works, what something does, or no question of the kind
    assert not asks_what_to_do("Bagaimana cara kerja BJT?")
    assert not asks_what_to_do("What does phosphorylation do?")
    assert not asks_what_to_do("How do you know?")
    assert _instruction("Kapan saringan dibersihkan?", "Bersihkan saringan setiap tiga bulan.") is None
