"""`deckgen serve` against a real running server on 127.0.0.1, spoken to in raw HTTP: the
Host header is checked whatever --host is (DNS rebinding cannot read the talk), a slide
number of any length is a 404, and every response carries the Content-Security-Policy."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from deckgen import serve
from helpers import serving

DEADLINE = 10.0


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> serve.Preview:
    from conftest import MINIMAL

    folder = tmp_path_factory.mktemp("talk")
    (folder / "outline.yaml").write_text(MINIMAL, encoding="utf-8")
    p = serve.Preview(folder / "outline.yaml", cache_dir=folder / "cache")
    p.rebuild()
    return p


@pytest.fixture(scope="module")
def lan(preview: serve.Preview) -> Iterator[serve.Server]:
    """As with `deckgen serve --host 192.0.2.10 --allow-host talk.lan`."""
    with serving(preview, "192.0.2.10", ("talk.lan",), DEADLINE) as server:
        yield server


@pytest.fixture(scope="module")
def local(preview: serve.Preview) -> Iterator[serve.Server]:
    with serving(preview, "127.0.0.1", (), DEADLINE) as server:
        yield server


def http(server: serve.Server, path: str, host: str | None,
         method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    """Status, headers (lower-case names) and body of one raw request; `host` None sends no
    Host header at all (as HTTP/1.0, which allows that; uvicorn itself refuses an HTTP/1.1
    request without one)."""
    head = f"{method} {path} HTTP/{'1.1' if host is not None else '1.0'}\r\n"
    if host is not None:
        head += f"Host: {host}\r\n"
    head += "Connection: close\r\n\r\n"
    with socket.create_connection(("127.0.0.1", server.port), timeout=DEADLINE) as s:
        s.sendall(head.encode("latin-1"))
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    top, _, body = data.partition(b"\r\n\r\n")
    lines = top.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (x.partition(":") for x in lines[1:])}
    return int(lines[0].split()[1]), headers, body


@pytest.mark.parametrize("host", ["192.0.2.10", "192.0.2.10:8000", "talk.lan", "TALK.LAN.",
                                  "talk.lan:80", "localhost", "127.0.0.1:1", "[::1]:8000"])
def test_the_named_host_and_loopback_names_are_answered(lan: serve.Server, host: str) -> None:
    status, headers, body = http(lan, "/api/deck", host)
    assert status == 200 and b'"slides"' in body
    assert "script-src 'self'" in headers["content-security-policy"]


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "192.0.2.10.evil.example",
                                  "talk.lan.evil.example", "192.0.2.11", "[::2]", "", None])
def test_other_hosts_are_refused(lan: serve.Server, local: serve.Server,
                                 host: str | None) -> None:
    # a page elsewhere whose name was rebound to this machine's address must not read it
    for server in (lan, local):
        for path in ("/api/deck", "/", "/slides/1.svg", "/static/live.js"):
            status, headers, body = http(server, path, host)
            assert (status, body) == (400, b"Invalid host header"), (path, host)
            assert headers["content-security-policy"] == serve.PAGE_CSP


def test_loopback_server_does_not_answer_its_lan_names(local: serve.Server) -> None:
    assert http(local, "/api/deck", "talk.lan")[0] == 400
    assert http(local, "/api/deck", "localhost:8000")[0] == 200


@pytest.mark.parametrize("number", ["99999999999999999999999", "9" * 5000, "0", "00",
                                    "1" + "0" * 6, "%EF%BC%91", "-1", "1.5"])
def test_any_slide_number_that_names_no_slide_is_a_404(local: serve.Server,
                                                       number: str) -> None:
    status, headers, body = http(local, f"/slides/{number}.svg", "127.0.0.1")
    assert status == 404, number
    assert b"Traceback" not in body and headers["content-security-policy"]


def test_every_response_carries_the_csp(local: serve.Server) -> None:
    seen = {}
    for path, method in (("/", "GET"), ("/presenter", "GET"), ("/static/live.js", "GET"),
                         ("/static/deck.css", "GET"), ("/static/nothing.js", "GET"),
                         ("/api/deck", "GET"), ("/nothing", "GET"), ("/api/deck", "POST"),
                         ("/slides/1.svg", "GET")):
        status, headers, _ = http(local, path, "127.0.0.1", method)
        seen[(path, method)] = status
        assert headers.get("content-security-policy"), (path, method, status)
        assert headers.get("x-content-type-options") == "nosniff", (path, method)
    assert seen == {("/", "GET"): 200, ("/presenter", "GET"): 200,
                    ("/static/live.js", "GET"): 200, ("/static/deck.css", "GET"): 200,
                    ("/static/nothing.js", "GET"): 404, ("/api/deck", "GET"): 200,
                    ("/nothing", "GET"): 404, ("/api/deck", "POST"): 405,
                    ("/slides/1.svg", "GET"): 200}
    # the slide keeps its own, stricter policy
    assert http(local, "/slides/1.svg", "127.0.0.1")[1]["content-security-policy"] == \
        serve.SVG_CSP


def test_an_internal_error_has_the_csp_and_no_traceback(
        preview: serve.Preview, monkeypatch: pytest.MonkeyPatch) -> None:
    with serving(preview, "127.0.0.1", (), DEADLINE) as server:
        def broken() -> None:
            raise RuntimeError("a bug")

        monkeypatch.setattr(type(preview), "view", property(lambda self: broken()))
        status, headers, body = http(server, "/api/deck", "127.0.0.1")
        monkeypatch.undo()
        assert status == 500 and b"a bug" not in body and b"Traceback" not in body
        assert headers["content-security-policy"] == serve.PAGE_CSP


def test_loopback_addresses() -> None:
    assert all(serve.is_loopback(h) for h in ("127.0.0.1", "::1", "[::1]", "localhost",
                                               "127.0.0.2", "LOCALHOST"))
    assert not any(serve.is_loopback(h) for h in ("0.0.0.0", "::", "192.168.1.5", "talk.lan"))
    assert serve.allowed_hosts("::1") == ("127.0.0.1", "localhost", "::1")
    assert serve.allowed_hosts("192.168.1.5", ("talk.lan",)) == (
        "127.0.0.1", "localhost", "::1", "talk.lan", "192.168.1.5")
    every = serve.allowed_hosts("0.0.0.0")
    assert "*" not in every and socket.gethostname().lower() in every


def _ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


def test_host_ipv6_loopback_is_bound_there_without_a_warning(
        write_outline: Callable[..., Path], monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    if not _ipv6_loopback():
        pytest.skip("this machine has no IPv6 loopback (::1) to bind")
    monkeypatch.setenv("DECKGEN_CACHE_DIR", str(tmp_path / "cache"))
    bound = []

    def record(self: serve.Server, on_started: object = None) -> None:
        bound.append((self.sock.family, self.sock.getsockname()[0], self.url, self.hosts))
        self.sock.close()

    monkeypatch.setattr(serve.Server, "run", record)
    said: list[str] = []
    serve.run(write_outline(), host="::1", port=0, open_browser=False, echo=said.append)
    ((family, address, url, hosts),) = bound
    assert family == socket.AF_INET6 and address == "::1"
    assert url.startswith("http://[::1]:") and hosts == ("127.0.0.1", "localhost", "::1")
    assert not any(s.startswith("warning") for s in said)
