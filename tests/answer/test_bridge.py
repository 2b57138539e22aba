from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from citeqa.answer.bridge import Bridge, Bridging, borrowed, lent
from citeqa.answer.languages import Languages
from citeqa.core.errors import ConfigError
from citeqa.eval import build_bridge
from citeqa.index.analyzer import analyze

INDONESIAN = set(analyze("Kantor Berita Yonhap melaporkan satelit pertama Korea Utara mencapai orbit. Sanksi baru."))


def test_the_shipped_bridge_translates_an_english_question_into_words_the_documents_use() -> None:
    bridge = Bridge.load()
    extra = bridge.translations("Which news agency reported North Korea's first satellite?", INDONESIAN.__contains__)
    assert {"berita", "satelit", "pertama", "utara"} <= set(extra)
    assert all(set(analyze(t)) <= INDONESIAN for t in extra)  # only what the index holds


def test_an_english_question_over_indonesian_documents_is_asked_in_their_words() -> None:
    # each word the index lacks and translates is replaced by its translations; names the index holds, and the
    # words without a translation it holds, stay where they are
    question = "Which news agency reported North Korea's first satellite launch?"
    expanded = Bridge.load().expand(question, INDONESIAN.__contains__)
    kept, _, added = expanded.partition("?")
    assert kept == "Which agency Korea's launch"  # (no translation of "agency" or "launch" is held)
    assert {"berita", "satelit", "pertama", "utara"} <= set(added.split())
    assert all(set(analyze(word)) <= INDONESIAN for word in added.split())


def test_a_translated_word_is_read_in_the_alternative_the_retrieved_passages_use() -> None:
    # "countries" may be "negara" or "bangsa": the passages retrieved say "negara", so the question is reranked and
    # read with "negara" alone; a word none of whose alternatives they hold keeps them all
    bridging = Bridging("Which condemned the?", {"countries": ["negara", "bangsa"], "agreement": ["sepakat", "janji"],
                                                 "fleet": ["armada", "kapal"]}, True)
    passages = [set(analyze(text)) for text in (
        "Tiga negara mengecam perjanjian itu.", "Negara-negara Barat menolak perjanjian.", "Bangsa itu bersatu.")]
    narrowed = bridging.narrowed(passages)
    assert narrowed == {"countries": ["negara"], "agreement": ["janji"], "fleet": ["armada", "kapal"]}
    assert bridging.with_translations(narrowed) == "Which condemned the? negara janji armada kapal"
    assert bridging.query == "Which condemned the? negara bangsa sepakat janji armada kapal"
    # on a tie the dictionary's first sense is kept
    assert bridging.narrowed([set(analyze("negara bangsa"))])["countries"] == ["negara"]


def test_a_name_kept_beside_its_translation_is_read_in_the_form_the_retrieved_passages_use() -> None:
    # asked again in Indonesian words over an index of both languages, "General" and "Secretary" stay beside their
    # translations (the English documents hold them); the Indonesian passages found use the translations, so the
    # question is read without the English words. "Cape Town" is what they say: it stays, "tanjung" goes.
    held = set(analyze("General Secretary sekretaris jenderal umum Cape Town tanjung kota"))
    bridge = Bridge({"general": ("umum", "jenderal"), "secretari": ("sekretaris",), "cape": ("tanjung",),
                     "town": ("kota",)}, {})
    bridging = bridge.bridging("Who is the General Secretary?", held.__contains__, "en", documents="id")
    assert bridging.kept == "Who is the General Secretary?" and set(bridging.beside) == {"general", "secretary"}
    passages = [set(analyze(text)) for text in (
        "Sekretaris Jenderal partai itu bertemu Presiden.", "Jenderal itu pensiun.", "Secara umum, rapat berjalan.")]
    assert bridging.narrowed_query(passages) == "Who is the ? jenderal sekretaris"
    cape = bridge.bridging("Where is Cape Town?", held.__contains__, "en", documents="id")
    passages = [set(analyze(text)) for text in ("Cape Town adalah kota di Afrika Selatan.", "Cape Town didirikan.")]
    assert cape.narrowed_query(passages) == "Where is Cape Town? tanjung kota"
    # with no passage to tell, nothing is narrowed
    assert bridging.narrowed_query([]) == bridging.query


def test_a_kept_name_without_a_translation_the_index_holds_is_beside_nothing() -> None:
    # "siapakah yang membangun Gedung Reichstag?" asked again in English words over an index of both languages:
    # "gedung" has no English word the index holds; narrowing raised ValueError (an /ask answered 500) until then
    bridging = Bridging("siapakah yang Gedung Reichstag?", {"membangun": ["build", "builder"], "gedung": []}, True,
                        ("gedung",))
    passages = [set(analyze("Reichstag building was built by Paul Wallot")), set(analyze("Gedung Reichstag"))]
    assert bridging.narrowed_query(passages) == "siapakah yang Gedung Reichstag? build"
    held = set(analyze("Gedung Reichstag build"))
    # "gedung" translates to "build", which "membangun" brought already: no English word of its own
    bridge = Bridge({"build": ("membangun", "gedung")}, {"bangun": ("build",), "gedung": ("build",)})
    asked = bridge.bridging("siapakah yang membangun Gedung Reichstag?", held.__contains__, "id", documents="en")
    assert "gedung" not in asked.beside and "Gedung" in asked.kept


def test_the_bridged_question_is_the_kept_words_and_every_translation() -> None:
    question = "Which news agency reported North Korea's first satellite launch?"
    bridging = Bridge.load().bridging(question, INDONESIAN.__contains__)
    assert bridging.taken_out and bridging.query == Bridge.load().expand(question, INDONESIAN.__contains__)
    assert bridging.kept == "Which agency Korea's launch?"


def test_the_documents_language_is_the_one_all_but_a_misread_one_are_in() -> None:
    indonesian = "Pemerintahan Jepang adalah sebuah monarki konstitusional yang di dalamnya terdapat kuasa dari kaisar."
    english = "The government of Japan is a constitutional monarchy in which the power of the emperor is limited."
    assert Languages.of([indonesian] * 10).whole == "id"
    assert Languages.of([english] * 10).whole == "en"
    assert Languages.of([indonesian] * 63 + [english]).whole == "id"  # one of a full sample: read amiss, or a stray
    # a few real English documents (one in twenty, 6 of 64): an English question may be about them, and is asked
    # in its own words (with a second pass in Indonesian where its answer is weak), not put wholly into Indonesian
    assert Languages.of([indonesian] * 19 + [english]).whole is None
    assert Languages.of([indonesian] * 58 + [english] * 6).whole is None
    assert Languages.of([indonesian] * 6 + [english] * 4).whole is None  # both: the question's words decide
    assert Languages.of([]).whole is None


def test_over_documents_all_in_the_other_language_the_words_they_hold_in_asides_are_translated_too() -> None:
    # an Indonesian paragraph's aside ("government" once, in brackets) holds the English word: with the index
    # known to be Indonesian the word is translated and taken out all the same; a name it holds stays beside
    # its translation
    held = set(analyze("pemerintahan sistem Jepang Japan government"))
    bridge = Bridge({"govern": ("pemerintahan",), "system": ("sistem",), "japan": ("Jepang",)}, {})
    question = "What is the system of government in Japan?"
    # not known: the words the index holds stay, the one it lacks gets its translation beside it
    assert bridge.bridging(question, held.__contains__, "en").query == f"{question} sistem"
    bridging = bridge.bridging(question, held.__contains__, "en", documents="id")
    assert bridging.taken_out and bridging.query == "What is the of in Japan? sistem pemerintahan Jepang"
    # documents in the question's own language: nothing is taken out
    assert not bridge.bridging(question, held.__contains__, "en", documents="en").taken_out


def test_an_english_question_over_english_documents_is_asked_as_it_is() -> None:
    english = set(analyze("The news agency reported the first satellite launch."))
    question = "Which news agency reported the first satellite?"
    assert Bridge.load().expand(question, english.__contains__) == question


def test_an_english_question_over_english_and_indonesian_documents_translates_only_what_english_ones_lack() -> None:
    # one index of both languages: the English words the documents use are not translated (their Indonesian
    # translations, also held, would pull the Indonesian documents in); the others still are
    mixed = INDONESIAN | set(analyze("The news agency reported the launch."))
    extra = Bridge.load().translations("Which news agency reported North Korea's first satellite?", mixed.__contains__)
    assert "berita" not in extra and {"satelit", "pertama"} <= set(extra)


def test_a_malformed_table_is_a_clear_error(tmp_path: Path) -> None:
    table = tmp_path / "bridge.tsv"
    table.write_text("satellit\tsatelit\nno tab here\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bridge.tsv:2"):
        Bridge.load(table)
    with pytest.raises(ConfigError, match="cannot read"):
        Bridge.load(tmp_path / "missing.tsv")
    table.write_text("satellit\tsatelit\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="cannot read"):  # the backwards table is missing
        Bridge.load(table, tmp_path / "missing-backwards.tsv")


def test_an_indonesian_question_over_english_documents_gets_the_english_words_it_lacks() -> None:
    english = set(analyze("The Broncos wore white pants. The climate of Newcastle is oceanic."))
    bridge = Bridge.load()
    extra = bridge.to_english("Celana warna apa yang dipakai Broncos? Seperti apa iklim di Newcastle?",
                              english.__contains__)
    assert {"pant", "climat"} <= set(extra) and set(extra) <= english  # only what the index holds
    question = "Seperti apa iklim di Newcastle?"
    # the word the index lacks is replaced by its English one (kept beside, it was the question's rarest term,
    # one no sentence covers), the others stay where they are
    assert bridge.expand(question, english.__contains__, "id") == "Seperti apa di Newcastle? climat"
    # over Indonesian documents, which use the words themselves, it is asked as it is
    assert bridge.expand(question, INDONESIAN.union(analyze(question)).__contains__, "id") == question


def test_a_question_in_the_documents_language_keeps_the_words_they_do_not_use() -> None:
    # most of its words are the documents' own: the one they lack ("lembaga") is something they do not say, not
    # another language's word for what they say, so it stays (an English word for it is still added)
    indonesian = set(analyze("Seri web Capital Cable dibuat oleh Central Intelligence Agency."))
    question = "Lembaga apa yang membuat seri web Capital Cable?"
    bridge = Bridge.load()
    assert not bridge.foreign(question, indonesian.__contains__)
    assert bridge.expand(question, indonesian.__contains__, "id") == f"{question} agenc"
    assert bridge.foreign("Who made the Capital Cable web series?", INDONESIAN.__contains__)


@pytest.mark.parametrize(("english", "indonesian"), [
    ("munitions", "munisi"), ("ballistic", "balistik"), ("analyst", "analis"), ("proclamation", "proklamasi"),
    ("aggressive", "agresif"), ("technology", "teknologi"), ("satellite", "satelit"), ("sanctions", "sanksi"),
    ("military", "militer"), ("destabilization", "destabilisasi"),
])
def test_an_english_word_is_respelled_as_indonesian_borrows_it(english: str, indonesian: str) -> None:
    assert indonesian in borrowed(english)


def test_borrowed_spellings_are_asked_only_of_documents_in_another_language() -> None:
    indonesian = set(analyze("Pengapalan munisi ke Rusia melalui pelabuhan Najin."))
    question = "Which port shipped munitions?"  # neither word in the dictionary's held translations but "port"
    expanded = Bridge.load().expand(question, indonesian.__contains__)
    assert "munisi" in expanded.split() and "munitions" not in expanded
    # an English folder that lacks the word: no Indonesian spelling of it is looked for
    english = set(analyze("The port shipped munisi crates and other cargo."))
    assert "munisi" not in Bridge.load().expand(question, english.__contains__).split()


@pytest.mark.parametrize(("indonesian", "english"), [
    ("renovasi", "renovation"), ("konstitusi", "constitution"), ("publik", "public"), ("universitas", "university"),
    ("kualitas", "quality"), ("teknologi", "technology"), ("organisasi", "organization"), ("mekanik", "mechanic"),
])
def test_an_indonesian_word_is_respelled_as_the_english_it_was_borrowed_from(indonesian: str, english: str) -> None:
    assert english in lent(indonesian)


def test_lent_spellings_are_asked_only_of_documents_in_another_language() -> None:
    english = set(analyze("The renovation of the library cost $8.4 million."))
    question = "Berapa biaya renovasi perpustakaan?"
    bridging = Bridge.load().bridging(question, english.__contains__, "id", "en")
    assert "renovasi" in bridging.translations and bridging.translations["renovasi"] == ["renov"]
    # Indonesian documents that lack the word: no English spelling of it is looked for
    indonesian = set(analyze("Biaya perpustakaan itu renov besar.")) | english
    assert "renovasi" not in Bridge.load().bridging(question, indonesian.__contains__, "id", "id").translations


def test_the_shipped_backwards_table_is_the_forward_one_inverted() -> None:
    from citeqa.answer.bridge import MODEL, invert, read_table

    assert Bridge.load().backwards == invert(read_table(MODEL))


def _dictd(folder: Path, entries: list[str]) -> Path:
    """A dictd dictionary (``.index`` with base64 offsets, gzip ``.dict.dz``) holding ``entries``."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

    def b64(n: int) -> str:
        out = ""
        while True:
            out = alphabet[n % 64] + out
            n //= 64
            if not n:
                return out

    body, index, at = b"", [], 0
    for entry in entries:
        data = entry.encode()
        index.append(f"{entry.split()[0]}\t{b64(at)}\t{b64(len(data))}")
        body, at = body + data, at + len(data)
    base = folder / "eng-ind"
    base.with_suffix(".index").write_text("\n".join(index) + "\n", encoding="utf-8")
    with gzip.open(base.with_suffix(".dict.dz"), "wb") as handle:
        handle.write(body)
    return base


def test_the_build_reads_numbered_senses_and_keeps_short_indonesian_translations(tmp_path: Path) -> None:
    base = _dictd(tmp_path, [
        "news //n(j)uːz// <n>\n1. berita, kabar\nnew information\n2. berita\nreports of current events\n",
        "agency //ˈeɪ.d͡ʒən.si// <n>\nlembaga 2.\ncapacity of acting\n 3.\ngovernment office\n",
        "reported //x// <v>\nmelaporkan, memberi laporan (resmi)\n",
    ])
    lexicon = tmp_path / "lexicon.csv"
    lexicon.write_text(",indonesian,english\n0,warta,news\n1,Kabar Baik!,news\n", encoding="utf-8")
    table = build_bridge.build([build_bridge.freedict_entries(base), build_bridge.nusax_entries(lexicon)])
    assert table["news"] == ["berita", "kabar", "warta"]
    assert table["agenc"] == ["lembaga"]
    assert table["report"] == ["melaporkan"]  # "memberi laporan (resmi)" is not a plain translation
    out = tmp_path / "bridge-en-id.tsv"
    assert build_bridge.main(["--freedict", str(base), "--nusax", str(lexicon), "--out", str(out)]) == 0
    backwards = Bridge.load(out, out.with_name("bridge-id-en.tsv")).backwards
    assert backwards["berita"] == ("news",) and "agenc" in backwards["lembaga"]


@pytest.mark.parametrize(("english", "lemma_of"), [("wrote", "write"), ("held", "hold"), ("oldest", "old"),
                                                  ("countries", "country"), ("discovered", "discover")])
def test_an_inflected_english_word_is_looked_up_by_its_dictionary_form(english: str, lemma_of: str) -> None:
    from citeqa.answer.lemmas import lemmas

    bridge = Bridge.load()
    assert lemma_of in lemmas(english)
    assert bridge.entry(english) == bridge.entry(lemma_of)
    if bridge.entry(lemma_of):
        assert bridge.has_entry(english)


def test_an_irregular_past_is_translated_into_the_documents_words() -> None:
    documents = set(analyze("Staf redaksi menulis artikel itu. Pemerintah menahan tiga orang."))
    bridge = Bridge.load()
    assert "menulis" in bridge.translated("Who wrote the article?", documents.__contains__).get("wrote", [])
    assert bridge.translated("Who held the prisoners?", documents.__contains__).get("held")
