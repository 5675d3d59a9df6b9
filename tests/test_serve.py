"""`deckgen serve`'s app: routes, the deck's JSON, slide SVGs, errors over the last good
slides, the event stream, and nothing served from outside deckgen's own files."""

from __future__ import annotations

import asyncio
import json
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from starlette.testclient import TestClient

from deckgen import serve
from deckgen.pipeline import check
from helpers import TEMPLATES, serving

DEADLINE = 10.0
BROKEN = ("type: bar", "type: pei")


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One chart cache for the module: each chart is drawn once."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture
def preview(write_outline: Callable[..., Path], cache: Path) -> serve.Preview:
    p = serve.Preview(write_outline(), cache_dir=cache)
    p.rebuild()
    return p


@pytest.fixture
def client(preview: serve.Preview) -> Iterator[TestClient]:
    with TestClient(serve.create_app(preview), base_url="http://127.0.0.1") as c:
        yield c


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_deck_json_has_every_slide_with_timing(client: TestClient, preview: serve.Preview) -> None:
    r = client.get("/api/deck")
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    deck = r.json()
    report = check(preview.outline)
    assert deck["version"] == 1 and deck["title"] == "中美人工智能领域的竞赛"
    assert deck["errors"] == [] and (deck["width"], deck["height"]) == (960, 540)
    assert [s["title"] for s in deck["slides"]] == [s.title for s in report.plan.slides]
    first = deck["slides"][3]
    t = report.timing.slides[3]
    assert first == {"number": 4, "title": "我们必须赶上", "presenter": "汇报人甲",
                     "chapter": "研究背景和意义", "notes": report.plan.slides[3].notes,
                     "minutes": round(t.seconds / 60, 2), "start": round(t.start, 1),
                     "end": round(t.start + t.seconds, 1), "svg": "/slides/4.svg",
                     "hash": first["hash"], "steps": 0, "stages": []}
    assert len({s["hash"] for s in deck["slides"]}) == len(deck["slides"])
    rows = deck["timing"]["rows"]
    assert {(r["presenter"], r["chapter"]) for r in rows} == {
        (r.presenter, r.chapter) for r in report.timing.rows}
    assert deck["timing"]["total_minutes"] == round(report.timing.total_minutes, 2)
    assert {p["presenter"] for p in deck["timing"]["presenters"]} == {"汇报人甲", "汇报人乙"}
    assert deck["warnings"] == list(report.warnings)


def test_slide_svgs_and_404s(client: TestClient) -> None:
    slides = client.get("/api/deck").json()["slides"]
    for s in slides:
        r = client.get(s["svg"])
        assert r.status_code == 200 and r.headers["content-type"] == "image/svg+xml"
        root = etree.fromstring(r.content)
        assert root.findtext("{http://www.w3.org/2000/svg}title") == s["title"]
        assert r.headers["etag"] == f'"{s["hash"]}"' and r.headers["cache-control"] == "no-cache"
    r = client.get(f"/slides/1.svg?h={slides[0]['hash']}")
    assert "immutable" in r.headers["cache-control"]
    assert client.get("/slides/1.svg", headers={"If-None-Match": f'"{slides[0]["hash"]}"'}
                      ).status_code == 304
    for bad in ("/slides/0.svg", f"/slides/{len(slides) + 1}.svg", "/slides/-1.svg",
                "/slides/x.svg", "/slides/1.png", "/nothing"):
        assert client.get(bad).status_code == 404, bad


def test_pages_and_static_files(client: TestClient) -> None:
    for path in ("/", "/presenter"):
        r = client.get(path)
        assert r.status_code == 200 and "text/html" in r.headers["content-type"]
        assert "script-src 'self'" in r.headers["content-security-policy"]
    assert "/static/deck.js" in client.get("/").text
    assert "/static/presenter.js" in client.get("/presenter").text
    for name in ("deck.js", "presenter.js", "live.js", "deck.css"):
        assert client.get(f"/static/{name}").status_code == 200


def _raw_get(app: Any, path: str) -> tuple[int, bytes]:
    """A GET with its path exactly as given (a client would normalise `..` away)."""
    sent: list[dict[str, Any]] = []
    asked: list[bool] = []
    done = asyncio.Event()

    async def receive() -> dict[str, Any]:
        if not asked:
            asked.append(True)
            return {"type": "http.request", "body": b"", "more_body": False}
        await done.wait()  # the client goes away once the whole response is there
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)
        if message["type"] == "http.response.body" and not message.get("more_body"):
            done.set()

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
             "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
             "root_path": "", "headers": [(b"host", b"127.0.0.1")],
             "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80)}
    async def call() -> None:
        await asyncio.wait_for(app(scope, receive, send), DEADLINE)

    asyncio.run(call())
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    return status, b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")


@pytest.mark.parametrize("path", [
    "/static/../serve.py", "/static/../../../pyproject.toml", "/static/%2e%2e/serve.py",
    "/static/..%2fserve.py", "/static//etc/passwd", "/static/%2Fetc%2Fpasswd",
    "/static/" + str(Path(serve.__file__).resolve()), "/../outline.yaml", "/outline.yaml",
    "/%2e%2e/outline.yaml", "/slides/..%2f..%2foutline.yaml", "/static/web/../../serve.py",
])
def test_nothing_outside_deckgens_files(preview: serve.Preview, path: str) -> None:
    app = serve.create_app(preview)
    status, body = _raw_get(app, path)
    decoded = path.replace("%2e", ".").replace("%2f", "/").replace("%2F", "/")
    status2, body2 = _raw_get(app, decoded)
    for s, b in ((status, body), (status2, body2)):
        assert s in (400, 404), (path, s)
        assert b"import" not in b and b"deck:" not in b and b"root:" not in b


def test_raw_requests_reach_deckgens_own_files(preview: serve.Preview) -> None:
    status, body = _raw_get(serve.create_app(preview), "/static/live.js")
    assert status == 200 and b"EventSource" in body


def test_other_host_names_refused(client: TestClient) -> None:
    # a page elsewhere that rebinds its name to 127.0.0.1 must not read the talk
    assert client.get("/api/deck", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/api/deck", headers={"Host": "localhost:8000"}).status_code == 200


def test_broken_outline_shows_errors_over_the_last_good_slides(
        client: TestClient, preview: serve.Preview) -> None:
    good = client.get("/api/deck").json()
    before = preview.outline.read_bytes()
    _edit(preview.outline, *BROKEN)
    preview.rebuild()
    broken = client.get("/api/deck").json()
    assert broken["version"] == good["version"] + 1
    assert broken["slides"] == good["slides"]  # the last good slides stay
    [error] = broken["errors"]
    lines = preview.outline.read_text(encoding="utf-8").splitlines()
    row = next(i for i, line in enumerate(lines, 1) if "type: pei" in line)
    assert (error["file"], error["line"], error["column"]) == ("outline.yaml", row,
                                                               lines[row - 1].index("pei") + 1)
    assert "'pei' is not a chart type; did you mean 'pie'?" in error["message"]
    assert client.get("/slides/1.svg").status_code == 200
    preview.outline.write_bytes(before)
    preview.rebuild()
    fixed = client.get("/api/deck").json()
    assert fixed["errors"] == [] and fixed["version"] == good["version"] + 2
    assert [s["hash"] for s in fixed["slides"]] == [s["hash"] for s in good["slides"]]


def test_first_build_broken_gives_errors_and_no_slides(write_outline: Callable[..., Path],
                                                       cache: Path) -> None:
    from conftest import MINIMAL

    p = serve.Preview(write_outline(MINIMAL.replace(*BROKEN)), cache_dir=cache)
    deck = p.rebuild().json()
    assert deck["slides"] == [] and deck["errors"][0]["line"] > 0


def test_an_edit_redraws_only_its_slide(client: TestClient, preview: serve.Preview) -> None:
    before = client.get("/api/deck").json()["slides"]
    _edit(preview.outline, "title: 我们必须赶上", "title: 我们一定要赶上")
    preview.rebuild()
    after = client.get("/api/deck").json()["slides"]
    changed = [a["number"] for a, b in zip(after, before) if a["hash"] != b["hash"]]
    assert changed == [4] and after[3]["title"] == "我们一定要赶上"
    assert "我们一定要赶上" in client.get("/slides/4.svg").text


def test_the_server_writes_no_input_file(client: TestClient, preview: serve.Preview) -> None:
    folder = preview.outline.parent
    files = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in folder.rglob("*") if p.is_file()}
    for path in ("/", "/presenter", "/api/deck", "/slides/1.svg", "/slides/5.svg"):
        client.get(path)
    preview.rebuild()
    now = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in folder.rglob("*") if p.is_file()}
    assert {p: v for p, v in now.items() if p in files} == files


def test_event_stream_names_each_new_version(client: TestClient,
                                             preview: serve.Preview) -> None:
    versions: list[int] = []
    with client.stream("GET", "/api/events") as r:
        assert r.headers["content-type"].startswith("text/event-stream")
        for line in r.iter_lines():
            if line.startswith("data:"):
                versions.append(json.loads(line[5:])["version"])
                if len(versions) == 1:
                    preview.rebuild()  # published to the stream from this thread
                else:
                    preview.close()  # ends the stream
    assert versions == [1, 2]


def test_watching_follows_an_edit(preview: serve.Preview) -> None:
    stop = threading.Event()
    thread = threading.Thread(target=preview.watch, args=(stop,), daemon=True)
    thread.start()
    try:
        time.sleep(0.5)  # the watcher is set up
        _edit(preview.outline, "title: 全球算力分布", "title: 全球算力分布图")
        end = time.monotonic() + DEADLINE
        while preview.view.version < 2 and time.monotonic() < end:
            time.sleep(0.05)
    finally:
        stop.set()
        thread.join(DEADLINE)
    assert preview.view.version >= 2
    assert "全球算力分布图" in [s.title for s in preview.view.slides]


def test_busy_port_gives_the_next_one() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        sock = serve.bind("127.0.0.1", port)
        try:
            assert sock.getsockname()[1] > port
        finally:
            sock.close()


def test_run_says_where_and_warns_for_other_hosts(write_outline: Callable[..., Path],
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  cache: Path) -> None:
    monkeypatch.setenv("DECKGEN_CACHE_DIR", str(cache))
    monkeypatch.setattr(serve.Server, "run", lambda self, on_started=None: self.sock.close())
    said: list[str] = []
    serve.run(write_outline(), host="0.0.0.0", port=0, open_browser=False, echo=said.append)
    assert any(s.startswith("warning: serving on 0.0.0.0") for s in said)
    assert any(s.startswith("live preview of outline.yaml at http://0.0.0.0:") for s in said)
    said.clear()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        serve.run(write_outline(), port=port, open_browser=False, echo=said.append)
    assert said[0].startswith(f"port {port} is busy; using ")
    assert not any(s.startswith("warning") for s in said)


@pytest.mark.render
def test_libreoffice_draws_each_layout_once(write_outline: Callable[..., Path], cache: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from conftest import MINIMAL
    from deckgen import preview as lo

    soffice = lo.find_soffice()
    if soffice is None or shutil.which("pdftoppm") is None:
        pytest.skip("LibreOffice (soffice) and pdftoppm are needed to draw layouts")
    outline = write_outline(MINIMAL.replace("  authors:", "  theme: {template: beehive.pptx}\n"
                                            "  authors:"))
    shutil.copy(TEMPLATES / "lo-beehive.pptx", outline.parent / "beehive.pptx")
    p = serve.Preview(outline, cache_dir=cache)
    p.rebuild()
    assert 'data-kind="backdrop"' not in p.view.slides[0].svg
    used = {s.layout for s in p._last_report.plan.slides}
    assert p.draw_backdrops(soffice) == len(used)
    assert p.view.version == 2
    for view in p.view.slides:
        root = etree.fromstring(view.svg.encode())
        [image] = root.findall(".//{http://www.w3.org/2000/svg}image[@data-kind='backdrop']")
        assert image.get("href").startswith("data:image/png;base64,")
        assert root.find(".//{http://www.w3.org/2000/svg}rect[@data-kind='art']") is None
    # the pictures are cached by the template's hash: LibreOffice does not run again
    monkeypatch.setattr(lo, "to_pdf", lambda *a, **k: pytest.fail("LibreOffice ran again"))
    again = serve.Preview(outline, cache_dir=cache)
    again.rebuild()
    assert again.draw_backdrops(soffice) == len(used)


def test_running_server_on_loopback_refuses_traversal(preview: serve.Preview) -> None:
    import http.client

    with serving(preview, "127.0.0.1", (), DEADLINE) as server:
        assert server.sock.getsockname()[0] == "127.0.0.1"

        def get(path: str) -> tuple[int, bytes]:
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=DEADLINE)
            try:
                conn.request("GET", path)  # sent exactly as written
                r = conn.getresponse()
                return r.status, r.read()
            finally:
                conn.close()

        assert get("/static/live.js")[0] == 200
        for path in ("/static/../serve.py", "/static/%2e%2e/serve.py", "/static/..%2fserve.py",
                     "/static/%2e%2e%2f%2e%2e%2f%2e%2e%2fpyproject.toml", "/../outline.yaml",
                     "/static//etc/passwd", "/slides/..%2f..%2foutline.yaml"):
            status, body = get(path)
            assert status in (400, 404), path
            assert b"import" not in body and b"deck:" not in body and b"root:" not in body
