from __future__ import annotations

from citeqa.ingest.cleaning import content_regions
from citeqa.ingest.formats import html_text


def _kept(text: str, kind: str = "text") -> str:
    return "\n".join(text[s:e] for s, e in content_regions(text, kind))


def test_article_furniture_is_dropped(article_text: str) -> None:
    kept = _kept(article_text)
    for furniture in ("Asia Timur LautKonflik", "Artikel Terkait", "Tinggalkan Balasan", "Alamat email Anda",
                      "Back to top button"):
        assert furniture not in kept
    assert "Dalam pertemuan dengan pemimpin Korea Utara Kim Jong Un pada September 2023" in kept
    assert "senjata pemusnah masal." in kept


def test_regions_point_into_the_original(article_text: str) -> None:
    for start, end in content_regions(article_text):
        assert article_text[start:end].strip() == article_text[start:end]


def test_html_keeps_text_and_drops_markup_and_scripts() -> None:
    html = ("<html><head><title>t</title><style>p{}</style></head><body><nav>Home / News</nav>"
            "<p>Kalimat pertama di sini.</p><script>alert(1)</script><p>Kedua &amp; terakhir.</p>"
            "<footer>Back to top</footer></body></html>")
    text = html_text(html)
    assert text == "Kalimat pertama di sini.\n\nKedua & terakhir."
    assert _kept(text, "html") == "Kalimat pertama di sini.\n\nKedua & terakhir."


def test_inline_markup_stays_in_its_sentence_and_entities_are_decoded() -> None:
    html = ('<div class="crumbs">Beranda &raquo; Nasional</div><article><h1>Bendungan Sukamaju</h1>'
            "<p>Pembangunan bendungan dikerjakan oleh <b>PT Wijaya Karya</b>\n bersama "
            '<a href="/x">PT Hutama Karya</a>.</p><p>&quot;Selesai setahun,&quot; kata Bupati.</p>'
            "<table><tr><th>Paket</th><th>Harga</th></tr><tr><td>Standard</td><td>Rp 2.500.000</td></tr></table>"
            "</article>")
    text = html_text(html)
    kept = _kept(text, "html")
    assert "Pembangunan bendungan dikerjakan oleh PT Wijaya Karya bersama PT Hutama Karya." in kept
    assert '"Selesai setahun," kata Bupati.' in kept
    assert "Paket | Harga\nStandard | Rp 2.500.000" in kept
    assert "Beranda" not in kept  # a breadcrumb before the content
