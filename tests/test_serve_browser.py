"""`deckgen serve` in a real browser: Debian's chromium and chromedriver through selenium.

The page shows every slide, follows an edit of the outline (fetching only the changed slide
and keeping the scroll position), shows a broken outline's errors as a banner and clears it,
moves with the keyboard; the presenter view shows the current and next slide and notes."""

from __future__ import annotations

import math
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from deckgen import serve

pytestmark = pytest.mark.render

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
WAIT = 10.0  # seconds any change may take to show
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--window-size=1440,900")

if not (CHROMIUM and CHROMEDRIVER):
    pytest.skip("chromium and chromedriver are not installed (Debian: apt-get install chromium "
                "chromium-driver)", allow_module_level=True)
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


def _serving(outline: Path, cache: Path) -> Iterator[serve.Server]:
    """A started server for an outline, stopped afterwards."""
    preview = serve.Preview(outline, cache_dir=cache)
    preview.rebuild()
    s = serve.Server(preview, serve.bind("127.0.0.1", 0), "127.0.0.1")
    s.start()
    try:
        _wait_for(lambda: s.started, "the server to start")
        yield s
    finally:
        s.stop()


@pytest.fixture
def server(write_outline: Callable[..., Path], cache: Path) -> Iterator[serve.Server]:
    yield from _serving(write_outline(), cache)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path / 'chromium-profile'}")
    options.binary_location = CHROMIUM
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.set_page_load_timeout(WAIT * 3)
    try:
        yield driver
    finally:
        driver.quit()


def _wait_for(ok: Callable[[], Any], what: str) -> None:
    import time

    end = time.monotonic() + WAIT
    while time.monotonic() < end:
        if ok():
            return
        time.sleep(0.05)
    raise AssertionError(f"gave up after {WAIT:g} s waiting for {what}")


def _until(driver: Any, ok: Callable[[Any], Any], what: str) -> Any:
    return WebDriverWait(driver, WAIT, poll_frequency=0.05).until(ok, message=what)


def _js(driver: Any, script: str) -> Any:
    return driver.execute_script(script)


def _open(driver: Any, server: serve.Server, path: str = "") -> int:
    driver.get(server.url + path)
    n = len(server.preview.view.slides)
    _until(driver, lambda d: _js(d, "return document.body.dataset.version") == "1",
           "the deck to load")
    return n


def _images_loaded(driver: Any) -> bool:
    return bool(_js(driver, "return [...document.querySelectorAll('.slide img')]"
                            ".every(i => i.complete && i.naturalWidth > 0)"))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_page_shows_every_slide(server: serve.Server, browser: Any, tmp_path: Path) -> None:
    n = _open(browser, server)
    rows = browser.find_elements(By.CSS_SELECTOR, "article.slide")
    assert len(rows) == n > 3
    _until(browser, _images_loaded, "every slide's SVG to load")
    titles = [r.find_element(By.CSS_SELECTOR, ".title").text for r in rows]
    assert titles == [s.title for s in server.preview.view.slides]
    notes = rows[3].find_element(By.CSS_SELECTOR, ".notes").text
    assert notes == server.preview.view.slides[3].notes.strip()
    assert "汇报人甲" in browser.find_element(By.ID, "timing").text
    assert browser.find_element(By.ID, "banner").get_attribute("hidden") is not None
    browser.save_screenshot(str(tmp_path / "page.png"))


def test_page_follows_an_edit_fetching_only_that_slide(server: serve.Server, browser: Any,
                                                      tmp_path: Path) -> None:
    _open(browser, server)
    _until(browser, _images_loaded, "every slide's SVG to load")
    _js(browser, "document.getElementById('slide-5').scrollIntoView({block: 'start'})")
    scrolled = _js(browser, "return window.scrollY")
    assert scrolled > 0
    _js(browser, "performance.clearResourceTimings()")
    _edit(server.preview.outline, "title: 我们必须赶上", "title: 我们一定要赶上")
    _until(browser, lambda d: d.find_element(By.CSS_SELECTOR, "#slide-4 .title").text
           == "我们一定要赶上", "the page to show the edited title")
    _until(browser, _images_loaded, "the changed slide's SVG to load")
    fetched = _js(browser, "return performance.getEntriesByType('resource')"
                           ".map(e => new URL(e.name).pathname).filter(p => p.startsWith('/slides/'))")
    assert fetched == ["/slides/4.svg"]
    assert _js(browser, "return window.scrollY") == scrolled
    browser.save_screenshot(str(tmp_path / "edited.png"))


def test_banner_shows_errors_and_clears(server: serve.Server, browser: Any,
                                        tmp_path: Path) -> None:
    n = _open(browser, server)
    outline = server.preview.outline
    good = outline.read_bytes()
    _edit(outline, "type: bar", "type: pei")
    banner = browser.find_element(By.ID, "banner")
    _until(browser, lambda d: banner.is_displayed(), "the error banner")
    line = next(i for i, t in enumerate(outline.read_text(encoding="utf-8").splitlines(), 1)
                if "pei" in t)
    assert f"outline.yaml:{line}:" in banner.text and "'pei' is not a chart type" in banner.text
    assert len(browser.find_elements(By.CSS_SELECTOR, "article.slide")) == n  # slides stay
    browser.save_screenshot(str(tmp_path / "banner.png"))
    outline.write_bytes(good)
    _until(browser, lambda d: not banner.is_displayed(), "the banner to clear")


def test_keyboard_moves_the_current_slide(server: serve.Server, browser: Any) -> None:
    n = _open(browser, server)
    body = browser.find_element(By.TAG_NAME, "body")

    def current() -> int:
        return int(_js(browser, "return document.body.dataset.current"))

    for keys, expected in (("j", 2), (Keys.ARROW_DOWN, 3), ("k", 2), (Keys.END, n),
                           (Keys.HOME, 1), (Keys.PAGE_DOWN, 2), (Keys.PAGE_UP, 1),
                           ("3" + Keys.ENTER, 3)):
        body.send_keys(keys)
        _until(browser, lambda d, e=expected: current() == e, f"slide {expected}")
    top = _js(browser, "return document.getElementById('slide-3').getBoundingClientRect().top")
    bar = _js(browser, "return document.querySelector('.bar').getBoundingClientRect().bottom")
    assert bar - 1 <= top <= bar + 40  # scrolled to just under the header
    assert "current" in browser.find_element(By.ID, "slide-3").get_attribute("class")


def test_presenter_view_shows_current_next_and_notes(server: serve.Server, browser: Any,
                                                     tmp_path: Path) -> None:
    slides = server.preview.view.slides
    _open(browser, server, "presenter#2")
    now, nxt = browser.find_element(By.ID, "now"), browser.find_element(By.ID, "next")
    _until(browser, lambda d: "/slides/2.svg" in now.get_attribute("src"), "slide 2")
    assert "/slides/3.svg" in nxt.get_attribute("src")
    assert browser.find_element(By.ID, "notes").text == slides[1].notes.strip()
    s = slides[1]
    window = browser.find_element(By.ID, "window").text
    assert window.endswith(f"{_clock(s.start)}–{_clock(s.start + s.seconds)}")
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.ARROW_RIGHT)
    _until(browser, lambda d: "/slides/3.svg" in now.get_attribute("src"), "slide 3")
    assert browser.find_element(By.ID, "notes").text == slides[2].notes.strip()
    # the first move starts the talk's timer
    assert browser.find_element(By.ID, "timer").text.startswith(("pause", "暂停"))
    browser.save_screenshot(str(tmp_path / "presenter.png"))


def _clock(seconds: float) -> str:
    s = max(0, math.floor(seconds + 0.5))  # JavaScript's Math.round
    return f"{s // 60:02d}:{s % 60:02d}"


@pytest.fixture
def revealing(write_outline: Callable[..., Path], cache: Path) -> Iterator[serve.Server]:
    """A server whose first content slide (slide 4) reveals its two bullets on click."""
    from conftest import MINIMAL

    text = MINIMAL.replace("      - title: 我们必须赶上\n",
                           "      - title: 我们必须赶上\n        reveal: true\n")
    yield from _serving(write_outline(text), cache)


def _shown_text(driver: Any, image_id: str) -> str:
    """The text of the SVG an <img> of the page shows, fetched as the browser fetched it."""
    return str(driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        f"fetch(document.getElementById('{image_id}').src).then(r => r.text())"
        ".then(t => done(new DOMParser().parseFromString(t, 'image/svg+xml')"
        ".documentElement.textContent))"))


def test_presenter_view_steps_through_the_reveal(revealing: serve.Server, browser: Any,
                                                 tmp_path: Path) -> None:
    first, second = "中国：这一轮科技革命不容错过", "人工智能：正在重塑生产"
    view = revealing.preview.view.slides[3]
    assert len(view.stages) == 2  # two top-level bullets: two clicks
    _open(browser, revealing, "presenter#4")
    body = browser.find_element(By.TAG_NAME, "body")
    now = browser.find_element(By.ID, "now")

    def state() -> tuple[int, int]:
        return (int(_js(browser, "return document.body.dataset.current")),
                int(_js(browser, "return document.body.dataset.shown")))

    _until(browser, lambda d: "/slides/4.svg?click=0" in now.get_attribute("src"),
           "slide 4 before its first click")
    text = _shown_text(browser, "now")
    assert "我们必须赶上" in text and first not in text and second not in text
    assert "click=1" in browser.find_element(By.ID, "next").get_attribute("src")
    body.send_keys(Keys.ARROW_RIGHT)  # → shows the first bullet, not the next slide
    _until(browser, lambda d: state() == (4, 1), "the first bullet")
    _until(browser, lambda d: "click=1" in now.get_attribute("src"), "its picture")
    text = _shown_text(browser, "now")
    assert first in text and second not in text and "子要点一" not in text
    browser.save_screenshot(str(tmp_path / "click-1.png"))
    body.send_keys(Keys.ARROW_RIGHT)  # the second bullet with its sub-bullets: all shown
    _until(browser, lambda d: state() == (4, 2), "the second bullet")
    _until(browser, lambda d: "click" not in now.get_attribute("src"), "the whole slide")
    text = _shown_text(browser, "now")
    assert first in text and second in text and "子要点一" in text
    assert "/slides/5.svg" in browser.find_element(By.ID, "next").get_attribute("src")
    body.send_keys(Keys.ARROW_RIGHT)
    _until(browser, lambda d: state() == (5, 0), "the next slide")
    body.send_keys(Keys.ARROW_LEFT)  # back: the previous slide as it was left, whole
    _until(browser, lambda d: state() == (4, 2), "slide 4 whole again")
    body.send_keys(Keys.ARROW_LEFT)
    _until(browser, lambda d: state() == (4, 1), "slide 4's second bullet hidden again")
    assert "click 1 of 2" in browser.find_element(By.ID, "position").text or \
        "单击 1 / 2" in browser.find_element(By.ID, "position").text
    # the deck page shows every slide whole
    browser.get(revealing.url)
    _until(browser, lambda d: _js(d, "return document.body.dataset.version") == "1",
           "the deck page")
    src = browser.find_element(By.CSS_SELECTOR, "#slide-4 img").get_attribute("src")
    assert "click" not in src
