"""``briefing-tui serve``: 127.0.0.1 by default, a warning for any other address, a page that
loads nothing from other sites, and an app process that never outlives its tab or the server.

Everything here talks to the server over loopback only. The test marked ``slow`` opens the page
in headless Chromium (Debian's ``chromium``) through the DevTools protocol.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import pytest

from tests.conftest import checkout_env
from tui import serve as serve_module
from tui.cli import command_parser, main

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")

READER_TEXT = "State Dept"  # an outlet of the bundled briefing, as its pane title shows it
ANSI = re.compile(rb"\x1b\[[0-9;?]*[ -/]*[@-~]")
WAIT = 30.0  # seconds: a bound on waiting for a busy machine, never a figure asserted


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def children(pid: int) -> list[int]:
    """The live (not zombie) processes whose parent is ``pid``."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            state, parent = stat.rsplit(")", 1)[1].split()[:2]
            if int(parent) == pid and state != "Z":
                found.append(int(entry))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_until(condition, what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting after {WAIT:.0f}s: {what}")
        time.sleep(0.1)


def listening_addresses(port: int) -> set[str]:
    """The IPv4 addresses with a socket listening on ``port`` (from /proc/net/tcp)."""
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, _, state = line.split()[1:4]
        address, local_port = local.split(":")
        if int(local_port, 16) == port and state == "0A":  # LISTEN
            found.add(socket.inet_ntoa(bytes.fromhex(address)[::-1]))
    return found


@pytest.fixture
def server():
    """``briefing-tui serve`` on a free port of 127.0.0.1; yields (process, port)."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "tui.cli", "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=checkout_env(),
    )
    try:
        first = process.stdout.readline()
        assert f"serving the reader on http://127.0.0.1:{port}" in first, process.stderr.read()
        yield process, port
    finally:
        apps = children(process.pid)
        process.terminate()
        process.wait(timeout=WAIT)
        for pid in apps:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        process.stdout.close()
        process.stderr.close()


async def open_session(port: int) -> tuple[aiohttp.ClientSession, aiohttp.ClientWebSocketResponse]:
    """A browser tab's websocket, once the reader has drawn the bundled briefing."""
    client = aiohttp.ClientSession()
    websocket = await client.ws_connect(f"http://127.0.0.1:{port}/ws?width=160&height=45")
    received = b""
    deadline = time.monotonic() + WAIT
    while READER_TEXT.encode() not in ANSI.sub(b"", received):
        assert time.monotonic() < deadline, "the reader never drew the briefing"
        with contextlib.suppress(TimeoutError):
            message = await websocket.receive(timeout=1)
            if message.type == aiohttp.WSMsgType.BINARY:
                received += message.data
    return client, websocket


# -- the address --------------------------------------------------------------------------


def test_the_default_address_is_127_0_0_1():
    args = command_parser().parse_args(["serve"])
    assert (args.host, args.port) == ("127.0.0.1", 8000)


def test_only_this_machine_can_connect_by_default(server):
    _, port = server
    assert listening_addresses(port) == {"127.0.0.1"}


@pytest.mark.parametrize(
    ("host", "local"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("0.0.0.0", False),
        ("192.168.1.20", False),
        ("::", False),
        ("reader.example.org", False),
    ],
)
def test_which_addresses_are_local(host, local):
    assert serve_module.is_local(host) is local


def test_another_address_warns_once_that_there_is_no_login(capsys, monkeypatch):
    served = []
    monkeypatch.setattr(serve_module.BriefingServer, "serve", lambda self: served.append(self))
    assert main(["serve", "--host", "0.0.0.0", "--port", "8123"]) == 0
    (server,) = served
    assert (server.host, server.port) == ("0.0.0.0", 8123)
    assert capsys.readouterr().err == (
        "briefing-tui: warning: serving on 0.0.0.0:8123 with no login: anyone who can reach it "
        "can read this briefing and add to your notes\n"
    )
    assert main(["serve", "--port", "8123"]) == 0
    assert served[1].host == "127.0.0.1"
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["serve", "/no/such/folder"], "corpus folder not found"),
        (["serve", "--port", "0"], "--port must be between 1 and 65535"),
        (["serve", "--topic", "Crimea"], "no topic named 'Crimea'"),
    ],
)
def test_serve_mistakes_are_one_line(capsys, args, message):
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err


def test_a_port_in_use_is_one_line(capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert (
        err == f"briefing-tui: error: cannot listen on 127.0.0.1:{port}: address already in use\n"
    )


# -- the page -----------------------------------------------------------------------------


def test_the_page_loads_nothing_from_other_sites(server):
    _, port = server
    here = f"http://127.0.0.1:{port}/"

    async def fetch():
        async with aiohttp.ClientSession() as client:
            async with client.get(here) as response:
                page = await response.text()
            fonts = re.findall(r"url\(\"([^\"]+\.ttf)\"\)", page)
            bodies = []
            for font in fonts:
                async with client.get(font) as response:
                    bodies.append((response.status, await response.read()))
            return page, fonts, bodies

    page, fonts, bodies = asyncio.run(fetch())
    assert "fonts.googleapis.com" not in page
    loaded = re.findall(r"(?:href|src)=\"([^\"]*)\"|url\(\"?([^\")]*)", page)
    urls = [url for pair in loaded for url in pair if url]
    assert urls and all(url.startswith(here) for url in urls), urls
    assert len(fonts) == 2 and all("RobotoMono" in font for font in fonts)
    for status, body in bodies:
        assert status == 200 and body[:4] == b"\x00\x01\x00\x00"  # a TrueType font


# -- an app never outlives its tab or the server -------------------------------------------


def test_a_closed_tab_ends_its_app(server):
    process, port = server

    async def session() -> list[int]:
        client, websocket = await open_session(port)
        apps = children(process.pid)
        await websocket.close()
        await client.close()
        return apps

    apps = asyncio.run(session())
    assert len(apps) == 1
    wait_until(lambda: not alive(apps[0]), "the app of the closed tab to end")
    assert process.poll() is None  # the server serves on


def test_killing_the_server_ends_its_apps(server):
    process, port = server

    async def session() -> list[int]:
        client, _tab = await open_session(port)
        apps = children(process.pid)
        process.kill()  # no chance to clean up: the apps must notice by themselves
        process.wait()
        await client.close()
        return apps

    apps = asyncio.run(session())
    assert len(apps) == 1
    wait_until(lambda: not alive(apps[0]), "the app of a killed server to end")


def test_ctrl_c_closes_every_tab_and_ends_its_app(server):
    process, port = server

    async def session() -> tuple[list[int], aiohttp.WSMessage]:
        client, websocket = await open_session(port)
        apps = children(process.pid)
        process.send_signal(signal.SIGINT)
        message = await websocket.receive(timeout=WAIT)
        while message.type == aiohttp.WSMsgType.BINARY:  # the app's last frames
            message = await websocket.receive(timeout=WAIT)
        await client.close()
        return apps, message

    apps, closing = asyncio.run(session())
    assert closing.type == aiohttp.WSMsgType.CLOSE
    assert (closing.data, closing.extra) == (aiohttp.WSCloseCode.GOING_AWAY, "server stopped")
    assert process.wait(timeout=WAIT) == 0
    assert len(apps) == 1
    wait_until(lambda: not alive(apps[0]), "the app of a stopped server to end")


STUBBORN_APP = """
import signal, sys, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)
sys.stdout.write("__GANGLION__\\n"); sys.stdout.flush()
while True:
    time.sleep(0.05)  # ignores quit, stdin and SIGTERM
"""


def test_an_app_that_ignores_quit_and_sigterm_is_killed_with_its_tab(monkeypatch):
    monkeypatch.setattr(serve_module, "QUIT_SECONDS", 0.5)

    async def nothing(*_args) -> None:
        return None

    async def session() -> tuple[int, int | None]:
        app = serve_module.Session(
            [sys.executable, "-c", STUBBORN_APP],
            write_bytes=nothing,
            write_str=nothing,
            close=nothing,
            download_manager=serve_module.Server("x").download_manager,
        )
        await app.start(80, 24)
        pid = app._process.pid
        await asyncio.sleep(0.5)  # let it start ignoring SIGTERM
        await app.stop()  # what the server does when the tab's websocket closes
        return pid, app._process.returncode

    pid, status = asyncio.run(session())
    assert status == -signal.SIGKILL
    assert not alive(pid)


# -- in a real browser ----------------------------------------------------------------------


class DevTools:
    """The few DevTools protocol calls the browser test needs, over one websocket."""

    def __init__(self, websocket: aiohttp.ClientWebSocketResponse) -> None:
        self.websocket = websocket
        self.events: list[dict] = []
        self.count = 0

    async def call(self, method: str, **params) -> dict:
        self.count += 1
        await self.websocket.send_json({"id": self.count, "method": method, "params": params})
        while True:
            message = json.loads((await self.websocket.receive(timeout=WAIT)).data)
            if message.get("id") == self.count:
                assert "error" not in message, message
                return message["result"]
            self.events.append(message)

    async def pump(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            message = await self.websocket.receive(timeout=seconds)
            self.events.append(json.loads(message.data))

    def frames(self) -> bytes:
        """What the page's websocket received from the app, escape codes removed."""
        data = b""
        for event in self.events:
            if event.get("method") == "Network.webSocketFrameReceived":
                response = event["params"]["response"]
                if response["opcode"] == 2:
                    data += base64.b64decode(response["payloadData"])
        return ANSI.sub(b"", data)

    def requested(self) -> list[str]:
        return [
            event["params"]["request"]["url"]
            for event in self.events
            if event.get("method") == "Network.requestWillBeSent"
        ]


@pytest.fixture
def chromium(tmp_path):
    """Headless Chromium with a DevTools port; anything but loopback goes to a dead proxy."""
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        pytest.skip("chromium is not installed (Debian: apt-get install chromium; .ci/run does)")
    profile = tmp_path / "profile"
    process = subprocess.Popen(
        [
            binary,
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--proxy-server=127.0.0.1:9",  # loopback is not proxied; the rest cannot connect
            "--remote-debugging-port=0",
            f"--user-data-dir={profile}",
            "--window-size=1400,900",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        active = profile / "DevToolsActivePort"
        wait_until(lambda: active.exists() and active.read_text().count("\n") >= 1, "Chromium")
        yield int(active.read_text().split()[0])
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.mark.slow
def test_the_page_shows_the_reader_in_headless_chromium(server, chromium):
    process, port = server
    here = f"http://127.0.0.1:{port}/"

    async def browse() -> tuple[DevTools, dict, list[int]]:
        async with aiohttp.ClientSession() as client:
            async with client.get(f"http://127.0.0.1:{chromium}/json/list") as response:
                (page,) = [t for t in await response.json() if t["type"] == "page"]
            async with client.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                tools = DevTools(ws)
                await tools.call("Network.enable")
                await tools.call("Page.enable")
                await tools.call("Page.navigate", url=here)
                deadline = time.monotonic() + WAIT
                while READER_TEXT.encode() not in tools.frames():
                    assert time.monotonic() < deadline, "the page never showed the reader"
                    await tools.pump(1)
                found = await tools.call(
                    "Runtime.evaluate",
                    expression="JSON.stringify({body: document.body.className, "
                    "terminals: document.querySelectorAll('.xterm-screen').length, "
                    "font: document.fonts.check('16px \"Roboto Mono\"')})",
                    awaitPromise=True,
                )
                apps = children(process.pid)
                await tools.call("Page.close")  # the tab closes
            return tools, json.loads(found["result"]["value"]), apps

    tools, page, apps = asyncio.run(browse())
    assert "-first-byte" in page["body"].split()  # the terminal drew the app's output
    assert page["terminals"] == 1 and page["font"] is True
    assert all(url.startswith((here, "ws://127.0.0.1", "data:")) for url in tools.requested())
    assert len(apps) == 1
    wait_until(lambda: not alive(apps[0]), "the app of the closed tab to end")
