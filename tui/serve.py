"""``briefing-tui serve``: the reader in a web browser, one app process per tab (textual-serve).

- It listens on 127.0.0.1 unless another address is given; there is no login, so any other
  address gets a warning (:func:`no_login_warning`).
- The page loads nothing from the internet: textual-serve's page asks Google Fonts for Roboto
  Mono; this server's copy of the page declares the Roboto Mono that textual-serve ships in
  its static folder instead (:func:`page_template`).
- A tab's app ends with its tab: when the websocket closes the app is asked to quit, then
  sent SIGTERM, then SIGKILL (:class:`Session`); and the app ends by itself when the server is
  gone (:mod:`tui.serve_child`).
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import os
import re
import shlex
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

import aiohttp_jinja2
import jinja2
import textual_serve
from aiohttp import WSCloseCode, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

LOCAL_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
QUIT_SECONDS = 3.0
"""How long an app whose tab closed has to quit, then to end after each signal."""

TEXTUAL_SERVE_TEMPLATES = Path(textual_serve.__file__).parent / "templates"
REMOTE_LINK = re.compile(r"<link\b[^>]*\bhref=\"https?://[^\"]*\"[^>]*>", re.IGNORECASE)
LOCAL_FONT = """<style>
      @font-face {
        font-family: "Roboto Mono";
        font-weight: 100 700;
        src: url("{{ config.static.url }}fonts/RobotoMono-VariableFont_wght.ttf")
          format("truetype");
      }
      @font-face {
        font-family: "Roboto Mono";
        font-style: italic;
        font-weight: 100 700;
        src: url("{{ config.static.url }}fonts/RobotoMono-Italic-VariableFont_wght.ttf")
          format("truetype");
      }
    </style>
  </head>"""


def is_local(host: str) -> bool:
    """True for a loopback address or ``localhost``: only this machine can connect."""
    if host.casefold() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def no_login_warning(host: str, port: int) -> str | None:
    """The warning for an address other machines may reach, else None."""
    if is_local(host):
        return None
    return (
        f"serving on {host}:{port} with no login: anyone who can reach it can read this "
        "briefing and add to your notes"
    )


def page_template(name: str) -> str:
    """textual-serve's page ``name`` without links to other sites, and with the fonts local."""
    text = (TEXTUAL_SERVE_TEMPLATES / name).read_text(encoding="utf-8")
    return REMOTE_LINK.sub("", text).replace("</head>", LOCAL_FONT, 1)


def child_command(app_args: Sequence[str]) -> list[str]:
    """How a session starts its app: this Python, ``tui.serve_child``, the server's process
    id (the app ends when that process is gone), the app's arguments."""
    return [sys.executable, "-m", "tui.serve_child", str(os.getpid()), *app_args]


async def end_process(process: asyncio.subprocess.Process) -> None:
    """Wait for ``process`` to end; then SIGTERM it, then SIGKILL it, each after a while."""
    for signal_number in (None, signal.SIGTERM, signal.SIGKILL):
        if signal_number is not None:
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(signal_number)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(process.wait(), QUIT_SECONDS)
            return


class Session(AppService):
    """One tab's app process, started without a shell and always ended with its tab."""

    def __init__(self, argv: Sequence[str], **kwargs) -> None:
        super().__init__(shlex.join(argv), **kwargs)
        self.argv = list(argv)

    async def _open_app_process(self, width: int = 80, height: int = 24):
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=self._build_environment(width=width, height=height),
        )
        self._stdin = process.stdin
        return process

    async def stop(self) -> None:
        """Ask the app to quit (textual-serve's way); end it if it does not."""
        process = self._process
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(super().stop(), QUIT_SECONDS)
        if process is not None:
            await end_process(process)


class BriefingServer(Server):
    """textual-serve's server with :class:`Session` apps and a page that stays offline."""

    def __init__(self, app_args: Sequence[str], host: str, port: int) -> None:
        self.argv = child_command(app_args)
        super().__init__(shlex.join(self.argv), host=host, port=port, title="briefing-tui")
        self.websockets: set[web.WebSocketResponse] = set()
        if ":" in host:  # an IPv6 address goes in brackets in a URL
            self.public_url = f"http://[{host}]:{port}"

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        aiohttp_jinja2.setup(app, loader=jinja2.FunctionLoader(page_template))
        return app

    async def on_startup(self, app: web.Application) -> None:
        """Nothing to say yet: :meth:`serve` says where once the address is listened on."""

    def serve(self, debug: bool = False) -> None:
        """textual-serve's ``serve``, saying where it serves once it listens (not before)."""
        self.debug = debug
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        for signal_number in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signal_number, self.request_exit)
        web.run_app(
            self._make_app(),
            host=self.host,
            port=self.port,
            handle_signals=False,
            loop=loop,
            print=lambda *_: print(
                f"briefing-tui: serving the reader on {self.public_url} (ctrl+c stops)", flush=True
            ),
        )

    async def on_shutdown(self, app: web.Application) -> None:
        """Close every tab's websocket, which ends its app (else shutdown waits for them)."""
        for websocket in list(self.websockets):
            await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"server stopped")

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        # The page's links use the address the browser asked for (it may not be the one bound).
        self.public_url = f"{request.scheme}://{request.host}"
        return await super().handle_index(request)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """textual-serve's handler, with a :class:`Session` for the app."""
        websocket = web.WebSocketResponse(heartbeat=15)
        width = _int(request.query.get("width"), 80)
        height = _int(request.query.get("height"), 24)
        session: Session | None = None
        try:
            await websocket.prepare(request)
            self.websockets.add(websocket)
            session = Session(
                self.argv,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,
                download_manager=self.download_manager,
                debug=self.debug,
            )
            await session.start(width, height)
            await self._process_messages(websocket, session)
        except asyncio.CancelledError:
            await websocket.close()
            raise
        finally:
            self.websockets.discard(websocket)
            if session is not None:
                await asyncio.shield(session.stop())
        return websocket


def _int(value: str | None, default: int) -> int:
    try:
        return int(value or default)
    except ValueError:
        return default


def serve(app_args: Sequence[str], host: str = LOCAL_HOST, port: int = DEFAULT_PORT) -> None:
    """Serve the reader (``briefing-tui`` with ``app_args``) until ctrl+c; OSError if the
    address cannot be listened on."""
    warning = no_login_warning(host, port)
    if warning:
        print(f"briefing-tui: warning: {warning}", file=sys.stderr, flush=True)
    BriefingServer(app_args, host, port).serve()
