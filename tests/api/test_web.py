from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from citeqa.api.app import create_app
from tests.api.conftest import live_server

pytestmark = pytest.mark.slow
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def page(assistant):
    with live_server(create_app(assistant.settings, assistant)) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        context = browser.new_context(viewport={"width": 420, "height": 860})  # a phone-sized screen
        tab = context.new_page()
        tab.goto(url + "/")
        yield tab
        browser.close()


def test_question_gets_a_highlighted_cited_answer(page) -> None:
    page.get_by_label("Pertanyaan").fill("Kapan Kim Jong Un bertemu dengan Vladimir Putin?")
    page.keyboard.press("Enter")
    expect(page.locator("#answer-span")).to_have_text("September 2023", timeout=20000)
    expect(page.locator("#quote")).to_contain_text("Dalam pertemuan dengan pemimpin Korea Utara")
    expect(page.locator("#citation")).to_contain_text("000_9a73aa4c586333e4.txt [713:994]")
    page.locator("#toggle-passages").click()
    expect(page.locator("#passages")).to_be_visible()
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "answer.png"), full_page=True)
    assert (SCREENSHOTS / "answer.png").stat().st_size > 1000


def test_unanswerable_shows_not_in_document(page) -> None:
    page.get_by_label("Pertanyaan").fill("Di mana markas besar NATO berada?")
    page.get_by_role("button", name="Tanya").click()
    expect(page.locator("#no-answer")).to_contain_text("tidak ada di dalam dokumen", timeout=20000)


def test_page_loads_no_external_assets(page) -> None:
    html = page.content()
    assert "http://" not in html.replace("http://127.0.0.1", "") and "https://" not in html
