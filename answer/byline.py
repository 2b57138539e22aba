"""Questions about who wrote the document itself ("Siapa yang menulis artikel ini?", "Who wrote this report?", "Who
sent this email?"), answered from its byline: a line near its top that names its author ("Oleh Rina Marlina —
Senin, 10 Februari 2025", "By Jane Doe, staff reporter", "Penulis: Andi Saputra", "From: Marta Kowalski <…>",
"Staf FORUM").

No sentence answers such a question in words it shares with the question: the byline says only a name, and the
readers, which look for the question's words around an answer, cite a name from the text instead (a source quoted,
an agency). Only a question about the document (this article, the report) is read so: "Siapa penulis novel Laskar
Pelangi?" asks about a book the text names, and is answered from the text.
"""

from __future__ import annotations

import re

from citeqa.answer.spans import Span
from citeqa.core.models import ScoredPassage
from citeqa.index.contract import PassageStore

_DOCUMENT = (r"(?:artikel|berita|tulisan|laporan|dokumen|naskah|catatan|liputan|opini|esai|surat|surel|email|e-mail|"
             r"pesan|memo|article|report|story|post|piece|document|paper|essay|news\s+item|news|column|write-?up|"
             r"letter|message|note)")
_TOPIC = r"(?:\s+[\w-]+){0,3}?"  # what the document is about: "berita banjir ini", "the flood report"
_UNTITLED = r"(?!\s*[\"“'‘])"  # "the column \"Soeharto or Suharto?\"": a work the text names, not the text
_ASKS = [re.compile(p, re.IGNORECASE) for p in (
    # Indonesian: "Siapa (yang) menulis artikel ini?", "Siapa penulis berita tersebut?", "Artikel ini ditulis oleh
    # siapa?"; "Siapa penulis berita festival kopi?" without "ini" where the document's topic ends the question (not
    # a letter's addressee: "Siapa penulis surat kepada Presiden?")
    rf"\bsiapa(?:kah)?\s+(?:yang\s+)?(?:menulis|mengarang|melaporkan|meliput|menyusun|mengirim(?:kan)?)\s+"
    rf"{_DOCUMENT}{_TOPIC}\s+(?:ini|itu|tersebut)\b",
    rf"\b(?:penulis|pengarang|wartawan|reporter|penyusun|pewarta|pengirim)\s+{_DOCUMENT}{_TOPIC}\s+(?:ini|itu|tersebut)\b",
    rf"^\s*siapa(?:kah)?\s+(?:penulis|pengarang|wartawan|reporter|penyusun|pewarta|pengirim)\s+{_DOCUMENT}"
    rf"(?:\s+(?!kepada\b|untuk\b|bagi\b|ke\b)[\w-]+){{0,3}}\s*\?*\s*$",
    rf"\b{_DOCUMENT}{_TOPIC}\s+(?:ini|itu|tersebut)\s+(?:di)?tulis(?:kan)?\s+oleh\s+siapa\b",
    # English: "Who wrote this article?", "Who is the author of the report?", "Who wrote the story about …?"
    rf"\bwho\s+(?:wrote|authored|penned|reported|filed|sent)\s+(?:this|the){_TOPIC}\s+{_DOCUMENT}\b{_UNTITLED}",
    rf"\b(?:author|writer|reporter|sender)s?\s+of\s+(?:this|the){_TOPIC}\s+{_DOCUMENT}\b{_UNTITLED}",
    rf"\b(?:this|the){_TOPIC}\s+{_DOCUMENT}\s+(?:was\s+)?(?:written|authored|reported)\s+by\s+whom\b",
    rf"\bby\s+whom\s+(?:was|is)\s+(?:this|the){_TOPIC}\s+{_DOCUMENT}\b",
)]
# "Oleh Rina Marlina — Senin, …", "By Jane Doe, staff reporter", "Penulis: Andi Saputra | Editor: …": the name runs
# to a dash, bar, bullet, comma, bracket or the line's end
_LABELLED = re.compile(
    r"(?m)^[ \t]*(?i:oleh|ditulis\s+oleh|penulis|pewarta|reporter|wartawan|by|written\s+by|words\s+by|"
    r"reported\s+by|authors?)[ \t]*:?[ \t]+(?P<name>[A-Z][^\n—–|•·,(]*?)[ \t]*(?:[—–|•·,(]|[ \t]-[ \t]|$)")
# a message's sender: "From: Marta Kowalski <marta@…>", "Dari: Bagian SDM"
_SENDER = re.compile(r"(?m)^[ \t]*(?i:from|dari|pengirim|sender)[ \t]*:[ \t]*(?P<name>[A-Z][^\n<\[(,;|]*?)[ \t]*"
                     r"(?:[<\[(,;|]|$)")
# a line that is only a desk's name: "Staf FORUM", "Tim Redaksi", "Redaksi Kabar Sukamaju"
_DESK = re.compile(r"(?m)^[ \t]*(?P<name>(?i:staf|staff|tim|redaksi)\b(?:[ \t]+[A-Z][\w.&-]*){0,4})[ \t]*$")
# a line that says when, not who: "By Monday, all forms …", "Oleh Senin …"
_NOT_NAMES = re.compile(r"(?i)(?:senin|selasa|rabu|kamis|jumat|sabtu|minggu|monday|tuesday|wednesday|thursday|"
                        r"friday|saturday|sunday|january|february|march|april|may|june|july|august|september|"
                        r"october|november|december|the|then|now|law|default|far|hand)\b")
BYLINE_DOCUMENTS = 3  # the byline is looked for in the documents of this many retrieved passages, in their order
_TOP_LINES = 8  # a byline is among a document's first non-empty lines (a title, a breadcrumb, a date before it)
_NAME_WORDS = 6


def asks_author(question: str) -> bool:
    """Whether ``question`` asks who wrote the document itself (this article, the report)."""
    return any(p.search(question) for p in _ASKS)


def byline(text: str) -> Span | None:
    """The author's name in the byline among the first lines of ``text`` (a labelled one first: "Oleh …", "By …",
    "Penulis: …"; else a desk's name alone on its line), or ``None``."""
    top = _top(text)
    for pattern in (_LABELLED, _SENDER, _DESK):
        for found in pattern.finditer(text, 0, top):
            name = found.group("name").rstrip(" .")
            line_end = text.find("\n", found.end())
            line = text[text.rfind("\n", 0, found.start()) + 1:line_end if line_end >= 0 else len(text)].strip()
            if not name or len(name.split()) > _NAME_WORDS or _NOT_NAMES.match(name) or line.endswith(("?", "!")) \
                    or (line.endswith(".") and len(line.split()) > _NAME_WORDS):
                continue  # (a sentence that opens with "By …", not a byline)
            start = found.start("name")
            return Span(start, start + len(name), name)
    return None


def byline_of(store: PassageStore, retrieved: list[ScoredPassage]
              ) -> tuple[ScoredPassage, tuple[int, int], Span] | None:
    """The byline of the first document among the top ``BYLINE_DOCUMENTS`` retrieved passages' that has one: the
    passage holding it (as retrieved, or unscored), the sentence and the name's span."""
    for source in dict.fromkeys(p.passage.source for p in retrieved[:BYLINE_DOCUMENTS]):
        span = byline(store.document(source).text)
        if span is None:
            continue
        for passage in store.passages_of(source):
            for s, e in passage.sentences or ((passage.start, passage.end),):
                if s <= span.start and span.end <= e:
                    scored = next((p for p in retrieved if p.passage.id == passage.id), ScoredPassage(passage, 0.0))
                    return scored, (s, e), span
    return None


def _top(text: str) -> int:
    """Where the document's first ``_TOP_LINES`` non-empty lines end."""
    seen = 0
    for line in re.finditer(r"[^\n]*\S[^\n]*", text):
        seen += 1
        if seen == _TOP_LINES:
            return line.end()
    return len(text)
