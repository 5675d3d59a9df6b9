"""`deckgen serve`: the deck in a browser, drawn from the positioned plan (svg.py) and drawn
again each time the outline or a file it uses changes.

starlette serves the page (static files in ``web/``), the deck as JSON, each slide as SVG and
a server-sent event stream that tells the page a new version is there; uvicorn runs it;
watch.Watcher follows the input files. Nothing is served from the outline's folder: pictures
reach the browser only inside the SVGs, so no request names a file."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
import traceback
from collections.abc import AsyncIterator, Callable, MutableMapping
from dataclasses import field
from pathlib import Path
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from . import svg
from .errors import BuildError, DeckgenError, OutlineError
from .frozen import frozen
from .watch import Outcome, Watcher
from .webhosts import LOCAL_HOSTS, allowed_hosts, host_name, is_loopback

WEB_DIR = Path(__file__).resolve().parent / "web"
PORT_TRIES = 20
PING_SECONDS = 15.0
DEBOUNCE_MS = 100
"""Most time changes are grouped over; watchfiles yields 50 ms after the last change."""
PAGE_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'")
SVG_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
MAX_SLIDE_DIGITS = 6  # a slide number longer than this names no slide: 404 at once

Echo = Callable[[str], None]


@frozen
class SlideView:
    """One slide as the page shows it: its SVG, content hash and the text beside it."""

    number: int
    title: str
    presenter: str
    chapter: str
    notes: str
    seconds: float
    start: float
    svg: str
    hash: str
    stages: tuple[tuple[str, str], ...] = ()  # (svg, hash) after 0, 1, … clicks of its build

    def json(self) -> dict[str, Any]:
        """The slide's entry in /api/deck: ``steps`` is how many clicks build it up, and
        ``stages`` the hash of each picture on the way (``…svg?click=k``)."""
        return {"number": self.number, "title": self.title, "presenter": self.presenter,
                "chapter": self.chapter, "notes": self.notes,
                "minutes": round(self.seconds / 60, 2), "start": round(self.start, 1),
                "end": round(self.start + self.seconds, 1),
                "svg": f"/slides/{self.number}.svg", "hash": self.hash,
                "steps": len(self.stages), "stages": [h for _, h in self.stages]}

    def picture(self, clicks: int | None) -> tuple[str, str] | None:
        """The slide's SVG and hash: whole, or after a number of clicks (None when it has
        no such stage)."""
        if clicks is None or clicks == len(self.stages):
            return self.svg, self.hash
        return self.stages[clicks] if 0 <= clicks < len(self.stages) else None


@frozen
class DeckView:
    """What the page shows: the last good slides, and the errors of the last build."""

    version: int = 0
    title: str = ""
    width: float = 960.0
    height: float = 540.0
    language: str = "en"
    slides: tuple[SlideView, ...] = ()
    timing: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    errors: tuple[dict[str, Any], ...] = ()
    built: float = 0.0  # seconds the last build took, drawing included
    checked: float = 0.0  # of which the pipeline's check (load, validate, plan, lay out)
    started: float = 0.0  # time.perf_counter() when it began

    def json(self) -> dict[str, Any]:
        """/api/deck."""
        return {"version": self.version, "title": self.title, "width": self.width,
                "height": self.height, "language": self.language,
                "slides": [s.json() for s in self.slides], "timing": self.timing,
                "warnings": list(self.warnings), "errors": list(self.errors),
                "built": round(self.built, 3), "checked": round(self.checked, 3)}


def timing_json(timing: Any) -> dict[str, Any]:
    """The timing table: a row per presenter and chapter, a total per presenter, the talk
    against its duration."""
    presenters: dict[str, list[float]] = {}
    for r in timing.rows:
        p = presenters.setdefault(r.presenter, [0, 0.0])
        p[0] += r.slides
        p[1] += r.minutes
    return {"total_minutes": round(timing.total_minutes, 2), "duration": timing.duration,
            "warning": timing.warning,
            "rows": [{"presenter": r.presenter, "chapter": r.chapter, "slides": r.slides,
                      "minutes": round(r.minutes, 2)} for r in timing.rows],
            "presenters": [{"presenter": k, "slides": int(v[0]), "minutes": round(v[1], 2)}
                           for k, v in presenters.items()]}


def _shown(file: str, folder: Path) -> str:
    """A file named in an error, relative to the outline's folder when inside it."""
    path = Path(file)
    if path.is_absolute() and path.is_relative_to(folder):
        return path.relative_to(folder).as_posix()
    return file


def error_json(exc: BaseException, outline: Path) -> tuple[dict[str, Any], ...]:
    """A failed build's errors, each with file (relative to the outline's folder), line,
    column and message."""
    if isinstance(exc, OutlineError):
        return tuple({"file": _shown(p.file, outline.parent), "line": p.line,
                      "column": p.column, "key": p.key, "message": p.message}
                     for p in exc.problems)
    if isinstance(exc, DeckgenError):
        message = exc.format_message()
    else:  # a bug in deckgen: the page says so rather than going blank
        message = f"internal error: {type(exc).__name__}: {exc}"
    return ({"file": outline.name, "line": 0, "column": 0, "key": "", "message": message},)


class Preview:
    """The live deck: rebuilt by a Watcher, read by the web app, pushed to the pages."""

    def __init__(self, outline: Path, *, allow_outside: bool = False,
                 check: Callable[[], Any] | None = None, cache_dir: Path | None = None,
                 echo: Echo | None = None) -> None:
        from . import pipeline

        self.outline = outline.resolve()
        self._check = check or (lambda: pipeline.check(self.outline,
                                                       allow_outside=allow_outside))
        self.assets = svg.Assets(cache_dir or pipeline.cache_dir_for(
            pipeline.default_output(self.outline)))
        self.echo = echo
        self._lock = threading.Lock()
        self._view = DeckView()
        self._subscribers: set[tuple[asyncio.AbstractEventLoop, asyncio.Queue[int | None]]] = set()
        self._closed = False
        self._last_report: Any = None
        self.watcher = Watcher(self.outline, self._timed_check, self.apply,
                               output_dir=self.outline.parent / "output",
                               debounce_ms=DEBOUNCE_MS)
        self._started = self._checked = 0.0

    # -- building --------------------------------------------------------------------------
    def _timed_check(self) -> Any:
        self._started = time.perf_counter()
        try:
            return self._check()
        finally:
            self._checked = time.perf_counter() - self._started

    @property
    def view(self) -> DeckView:
        """The deck as last built."""
        with self._lock:
            return self._view

    def rebuild(self) -> DeckView:
        """Check the outline once and show the result (a failure is shown, never raised)."""
        self.watcher.rebuild()
        return self.view

    def apply(self, outcome: Outcome) -> None:
        """Show one build's outcome: new slides, or the errors over the last good ones."""
        old = self.view
        try:
            if outcome.error is not None:
                raise outcome.error
            new = self._render(outcome.report, old.version + 1)
        except Exception as exc:  # an outline mistake or a bug: the page shows it
            if not isinstance(exc, DeckgenError) and self.echo:
                self.echo("".join(traceback.format_exception(exc)).rstrip())
            new = DeckView(old.version + 1, old.title, old.width, old.height, old.language,
                           old.slides, old.timing, old.warnings, error_json(exc, self.outline),
                           time.perf_counter() - self._started, self._checked, self._started)
        with self._lock:
            self._view = new
        self._publish(new.version)
        if self.echo:
            self.echo(self._summary(new, old, outcome))

    def _render(self, report: Any, version: int) -> DeckView:
        deck, info = report.plan, report.template
        if info is None:
            raise BuildError("the pipeline gave no template description to draw slides on")
        times = {t.number: t for t in report.timing.slides}
        slides = []
        for s in deck.slides:
            text = svg.slide_svg(s, deck, info, self.assets)
            stages = tuple((x, svg.svg_hash(x)) for x in (
                svg.slide_svg(s, deck, info, self.assets, k) for k in range(len(s.steps))))
            t = times.get(s.number)
            slides.append(SlideView(
                s.number, s.title, t.presenter if t else (s.presenter or ""),
                t.chapter if t else "", s.notes, t.seconds if t else 0.0,
                t.start if t else 0.0, text, svg.svg_hash(text), stages))
        missing = tuple(f"chart '{name}': the chart font has no glyph for {' '.join(chars)}; "
                        "those characters show as boxes"
                        for name, chars in sorted(self.assets.missing.items())
                        if any(c.spec.name == name for c in deck.charts))
        self._last_report = report
        return DeckView(version, deck.title, deck.width, deck.height, deck.language,
                        tuple(slides), timing_json(report.timing),
                        (*report.warnings, *missing), (), time.perf_counter() - self._started,
                        self._checked, self._started)

    def redraw(self) -> None:
        """Draw the last good deck again (new layout pictures), as a new version."""
        if self._last_report is not None:
            self._started = time.perf_counter()
            self.apply(Outcome(self._last_report, None))

    def draw_backdrops(self, soffice: str) -> int:
        """Have LibreOffice draw each layout the deck uses, once (cached by the template's
        hash), and draw the slides again on those pictures; returns how many it drew.
        Slow (seconds): never in the edit loop, only once in a thread at start."""
        from .preview import layout_pictures

        report = self._last_report
        if report is None or report.template is None:
            return 0
        deck = report.plan
        try:
            pictures = layout_pictures(deck.drawn_on,
                                       sorted({s.layout for s in deck.slides}),
                                       self.assets.cache_dir, soffice=soffice)
        except Exception as exc:  # LibreOffice failing leaves the drawn backgrounds
            if self.echo:
                self.echo(f"layout pictures skipped ({type(exc).__name__}: {exc}); "
                          "backgrounds are drawn from the template's description")
            return 0
        for role, png in pictures.items():
            self.assets.set_backdrop(report.template.digest, role, png.read_bytes())
        if pictures:
            if self.echo:
                self.echo(f"LibreOffice drew the {len(pictures)} layouts the slides sit on")
            self.redraw()
        return len(pictures)

    def _summary(self, new: DeckView, old: DeckView, outcome: Outcome) -> str:
        from .source import display_name

        stamp = time.strftime("%H:%M:%S")
        why = (f" ({', '.join(display_name(p) for p in outcome.changed)} changed)"
               if outcome.changed else "")
        if new.errors:
            lines = [f"{e['file']}:{e['line']}:{e['column']}: {e['message']}" if e["line"]
                     else f"{e['file']}: {e['message']}" for e in new.errors]
            return f"[{stamp}] not updated{why}; the page shows:\n" + "\n".join(lines)
        before = {s.number: s.hash for s in old.slides}
        changed = sum(before.get(s.number) != s.hash for s in new.slides)
        return (f"[{stamp}] {len(new.slides)} slides in {new.built:.2f} s{why}, "
                f"{changed} redrawn")

    # -- watching --------------------------------------------------------------------------
    def watch(self, stop: threading.Event) -> None:
        """Rebuild on every change of an input file until `stop` is set (builds first when
        nothing was built yet)."""
        self.watcher.run(stop=stop, first=self.view.version == 0)

    # -- pushing to pages ------------------------------------------------------------------
    def subscribe(self) -> asyncio.Queue[int | None]:
        """A queue that receives every new version (None when the server stops)."""
        q: asyncio.Queue[int | None] = asyncio.Queue()
        with self._lock:
            if self._closed:
                q.put_nowait(None)
            self._subscribers.add((asyncio.get_running_loop(), q))
        return q

    def unsubscribe(self, q: asyncio.Queue[int | None]) -> None:
        """Stop sending to a page that went away."""
        with self._lock:
            self._subscribers = {(lp, sq) for lp, sq in self._subscribers if sq is not q}

    def _publish(self, version: int | None) -> None:
        with self._lock:
            subscribers = list(self._subscribers)
        for loop, q in subscribers:
            try:
                loop.call_soon_threadsafe(q.put_nowait, version)
            except RuntimeError:  # its event loop has closed
                self.unsubscribe(q)

    def close(self) -> None:
        """End every event stream, so the server can stop at once."""
        with self._lock:
            self._closed = True
        self._publish(None)


# -------------------------------------------------------------------- the web app


def _event(version: int) -> str:
    return f"event: deck\ndata: {json.dumps({'version': version})}\n\n"


def create_app(preview: Preview, *, hosts: tuple[str, ...] = LOCAL_HOSTS) -> Starlette:
    """The starlette app: the page, the presenter view, the deck's JSON, the slides' SVG
    and the event stream. Only requests naming one of `hosts` ("*": any) are answered, so
    a web page elsewhere cannot read the talk through DNS rebinding."""
    def page(name: str) -> Callable[[Request], Any]:
        async def endpoint(request: Request) -> Response:
            return FileResponse(WEB_DIR / name, media_type="text/html; charset=utf-8",
                                headers={"Content-Security-Policy": PAGE_CSP,
                                         "Cache-Control": "no-cache"})
        return endpoint

    async def deck(request: Request) -> Response:
        return JSONResponse(preview.view.json(), headers={"Cache-Control": "no-store"})

    async def slide(request: Request) -> Response:
        raw = request.path_params["number"]
        slides = preview.view.slides
        # digits only and few of them: int() of a long run of digits is an error, not a 404
        n = int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= MAX_SLIDE_DIGITS else 0
        if not 1 <= n <= len(slides):
            return Response("no such slide", 404, media_type="text/plain")
        click = request.query_params.get("click")
        clicks = (int(click) if click and len(click) < 6 and click.isascii() and
            click.isdigit() else None)
        found = None if click is not None and clicks is None else slides[n - 1].picture(clicks)
        if found is None:
            return Response("no such click", 404, media_type="text/plain")
        text, digest = found
        etag = f'"{digest}"'
        # a URL naming the current hash never changes: the browser keeps it
        cache = ("public, max-age=31536000, immutable" if request.query_params.get("h") == digest
                 else "no-cache")
        headers = {"ETag": etag, "Cache-Control": cache, "Content-Security-Policy": SVG_CSP,
                   "X-Content-Type-Options": "nosniff"}
        if request.headers.get("if-none-match") == etag:
            return Response(status_code=304, headers=headers)
        return Response(text, media_type="image/svg+xml", headers=headers)

    async def events(request: Request) -> Response:
        q = preview.subscribe()

        async def stream() -> AsyncIterator[str]:
            try:
                yield "retry: 1000\n" + _event(preview.view.version)
                while True:
                    try:
                        version = await asyncio.wait_for(q.get(), PING_SECONDS)
                    except asyncio.TimeoutError:
                        yield ": ping\n\n"
                        continue
                    if version is None:
                        return
                    yield _event(version)
            finally:
                preview.unsubscribe(q)

        return StreamingResponse(stream(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store"})

    routes = [
        Route("/", page("index.html")),
        Route("/presenter", page("presenter.html")),
        Route("/api/deck", deck),
        Route("/api/events", events),
        Route("/slides/{number}.svg", slide),
        Mount("/static", StaticFiles(directory=WEB_DIR), name="static"),
    ]
    return _App(routes=routes, hosts=hosts)


class _App(Starlette):
    """The app behind two outermost checks that no route or error page can miss: the Host
    header (DNS rebinding) and the security headers on every response, errors included."""

    def __init__(self, *, routes: list[Any], hosts: tuple[str, ...]) -> None:
        super().__init__(routes=routes)
        self.hosts = frozenset(host_name(h) for h in hosts)

    def build_middleware_stack(self) -> Any:
        inner = super().build_middleware_stack()
        hosts = self.hosts

        async def app(scope: Any, receive: Any, send: Any) -> None:
            if scope["type"] != "http":
                await inner(scope, receive, send)
                return

            async def send_secured(message: MutableMapping[str, Any]) -> None:
                if message["type"] == "http.response.start":
                    have = {k.lower() for k, _ in message.get("headers", [])}
                    extra = [(k, v) for k, v in _SECURITY if k not in have]
                    message = {**message, "headers": [*message.get("headers", []), *extra]}
                await send(message)

            header = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1")
            if "*" not in hosts and host_name(header) not in hosts:
                await Response("Invalid host header", 400, media_type="text/plain")(
                    scope, receive, send_secured)
                return
            await inner(scope, receive, send_secured)

        return app


_SECURITY = ((b"content-security-policy", PAGE_CSP.encode()),
             (b"x-content-type-options", b"nosniff"))


# -------------------------------------------------------------------- running


def bind(host: str, port: int, tries: int = PORT_TRIES) -> socket.socket:
    """A listening-ready socket on `port`, or on the next free one (port 0: any free one)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    last: OSError | None = None
    for p in range(port, port + (tries if port else 1)):
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, p))
        except OSError as exc:
            sock.close()
            last = exc
            continue
        return sock
    raise BuildError(f"cannot listen on {host} ports {port}–{port + tries - 1}: "
                     f"{last.strerror if last else 'busy'}; choose another with --port")


class Server:
    """uvicorn serving the app on a bound socket, in this thread or another."""

    def __init__(self, preview: Preview, sock: socket.socket, host: str, *,
                 soffice: str | None = None, allow_hosts: tuple[str, ...] = ()) -> None:
        self.preview = preview
        self.soffice = soffice  # when set, LibreOffice draws the layouts once, in a thread
        self.sock = sock
        self.port = sock.getsockname()[1]
        shown = f"[{host}]" if ":" in host else host
        self.url = f"http://{shown}:{self.port}/"
        self.hosts = allowed_hosts(host, allow_hosts)
        app = create_app(preview, hosts=self.hosts)
        config = uvicorn.Config(app, log_level="warning", lifespan="off",
                                timeout_graceful_shutdown=1)
        self._server = _Uvicorn(config, preview)
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    @property
    def started(self) -> bool:
        """Whether uvicorn is accepting connections."""
        return bool(self._server.started)

    def _background(self) -> None:
        self._spawn(self.preview.watch, self._stop)
        if self.soffice:
            self._spawn(self.preview.draw_backdrops, self.soffice)

    def start(self) -> None:
        """Serve and watch in background threads (for tests and benchmarks)."""
        self._background()
        self._spawn(self._server.run, [self.sock])

    def run(self, on_started: Callable[[], None] | None = None) -> None:
        """Serve in this thread until Ctrl-C; watch in another."""
        self._background()
        if on_started is not None:
            self._spawn(self._when_started, on_started)
        try:
            self._server.run([self.sock])
        finally:
            self.stop()

    def _when_started(self, then: Callable[[], None]) -> None:
        for _ in range(200):  # at most 10 s
            if self._server.started:
                then()
                return
            time.sleep(0.05)

    def _spawn(self, target: Callable[..., Any], *args: Any) -> None:
        t = threading.Thread(target=target, args=args, daemon=True)
        t.start()
        self._threads.append(t)

    def stop(self) -> None:
        """Stop serving and watching."""
        self._stop.set()
        self.preview.close()
        self._server.should_exit = True
        for t in self._threads:
            if t is not threading.current_thread():
                t.join(timeout=5)
        self.sock.close()


class _Uvicorn(uvicorn.Server):
    """uvicorn's server, ending the pages' event streams when it is asked to stop."""

    def __init__(self, config: Any, preview: Preview) -> None:
        super().__init__(config)
        self.preview = preview

    def handle_exit(self, sig: int, frame: Any) -> None:
        self.preview.close()
        super().handle_exit(sig, frame)


def run(outline: Path, *, host: str = "127.0.0.1", port: int = 8000, open_browser: bool = True,
        allow_outside: bool = False, echo: Echo = print,
        allow_hosts: tuple[str, ...] = ()) -> None:
    """Serve the live preview of an outline until Ctrl-C."""
    import webbrowser

    from .preview import find_soffice

    def open_page() -> None:
        webbrowser.open(server.url)

    sock = bind(host, port)
    used = sock.getsockname()[1]
    if port and used != port:
        echo(f"port {port} is busy; using {used}")
    preview = Preview(outline, allow_outside=allow_outside, echo=echo)
    preview.rebuild()
    server = Server(preview, sock, host, soffice=find_soffice(), allow_hosts=allow_hosts)
    if not is_loopback(host):
        echo(f"warning: serving on {host}: anyone who can reach this machine on port {used} "
             "sees the talk and its notes; pages are answered for "
             f"{', '.join(server.hosts)} (add names with --allow-host NAME)")
    echo(f"live preview of {outline.name} at {server.url} (Ctrl-C to stop)")
    server.run(on_started=open_page if open_browser else None)
