"""The editor under a real input method: IBus with ibus-libpinyin, typed with xdotool.

Each test starts its own X server (Xvfb), D-Bus session bus and ibus-daemon with the
libpinyin engine, in a private HOME, then runs the app's window (tests/ui/ibus_app.py,
with an engine that suggests after anything) on Qt's xcb platform with QT_IM_MODULE=ibus,
and watches what it reports. Nothing of the user's own desktop is touched.

No suggestion may show while libpinyin still holds pinyin: after it commits "，" ahead of
pending pinyin (``henhao,``), after Tab hides its preedit, through a whole composition when
IBus does not embed the preedit in the editor, nor in a window without focus; a click or a
window switch during a composition keeps the composed text.

Needs (Debian/Ubuntu): ibus ibus-libpinyin dbus-daemon dconf-cli dconf-service xvfb xdotool
libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1. A missing one fails the test, naming them.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.ibus]

REPO = Path(__file__).resolve().parents[2]
PACKAGES = ("ibus ibus-libpinyin dbus-daemon dconf-cli dconf-service xvfb xdotool "
            "libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1")
LIBPINYIN = Path("/usr/libexec/ibus-engine-libpinyin")
SYSTEM_PYTHON = "/usr/bin/python3"  # with IBus's own bindings (python3-gi, gir1.2-ibus-1.0)
# What IBus's panel does with the user's embed-preedit-text setting (ui/gtk3/panel.vala):
# it sets the daemon's EmbedPreeditText property. There is no panel here, so do the same.
SET_EMBED = """
import sys
import gi
gi.require_version("IBus", "1.0")
from gi.repository import GLib, IBus
bus = IBus.Bus()
bus.set_ibus_property("EmbedPreeditText", GLib.Variant.new_boolean(sys.argv[1] == "true"))
print(bus.get_ibus_property("EmbedPreeditText").get_boolean())
"""
WAIT_S = 20.0  # the longest wait for something that must happen (a loaded machine)
QUIET_S = 1.5  # how long nothing may happen (the app asks at once: debounce 0)
SETTLE_S = 0.5  # how long a composition must stay as it is to count as settled
SUGGESTION = "下一句"  # what tests/ui/ibus_app.py suggests


def missing_tools() -> list[str]:
    tools = ["Xvfb", "xdotool", "dbus-daemon", "ibus-daemon", "ibus", "dconf"]
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if not LIBPINYIN.exists():
        missing.append(str(LIBPINYIN))
    return missing


def require_tools() -> None:
    missing = missing_tools()
    if missing:
        pytest.fail(f"The real-IBus test cannot run: {', '.join(missing)} not found. Install "
                    f"them with: apt-get install {PACKAGES} (as .ci/run does).", pytrace=False)


@dataclass
class Desktop:
    """A private X server + D-Bus session + ibus-daemon running libpinyin."""

    env: dict[str, str]
    processes: list[subprocess.Popen] = field(default_factory=list)

    def run(self, *argv: str) -> subprocess.CompletedProcess:
        return subprocess.run(argv, env=self.env, capture_output=True, text=True, timeout=30)

    def xdotool(self, *args: str) -> None:
        done = self.run("xdotool", *args)
        assert done.returncode == 0, f"xdotool {' '.join(args)}: {done.stderr}"


def _start(argv: list[str], env: dict[str, str], **kwargs: object) -> subprocess.Popen:
    return subprocess.Popen(argv, env=env, **kwargs)  # type: ignore[call-overload]


@contextmanager
def desktop(tmp: Path, *, embed_preedit: bool) -> Iterator[Desktop]:
    require_tools()
    home = tmp / "home"
    runtime = tmp / "runtime"
    for folder in (home, runtime):
        folder.mkdir(parents=True)
    runtime.chmod(0o700)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DBUS_", "IBUS_", "XDG_", "QT_", "GTK_IM", "XMODIFIERS"))}
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
               XDG_CACHE_HOME=str(home / ".cache"), XDG_DATA_HOME=str(home / ".local/share"),
               XDG_RUNTIME_DIR=str(runtime), LANG="C.UTF-8", NO_AT_BRIDGE="1")
    desk = Desktop(env)
    try:
        read_fd, write_fd = os.pipe()
        desk.processes.append(_start(["Xvfb", "-displayfd", str(write_fd), "-screen", "0",
                                      "1280x800x24", "-nolisten", "tcp"], env,
                                     pass_fds=(write_fd,), stderr=subprocess.DEVNULL))
        os.close(write_fd)
        with os.fdopen(read_fd) as pipe:
            display = pipe.readline().strip()
        assert display, "Xvfb did not start"
        env["DISPLAY"] = f":{display}"
        bus = _start(["dbus-daemon", "--session", "--nofork", "--print-address=1"], env,
                     stdout=subprocess.PIPE, text=True)
        desk.processes.append(bus)
        assert bus.stdout is not None
        env["DBUS_SESSION_BUS_ADDRESS"] = bus.stdout.readline().strip()
        for key, value in (("preload-engines", "['libpinyin']"),
                           ("embed-preedit-text", "true" if embed_preedit else "false")):
            done = desk.run("dconf", "write", f"/desktop/ibus/general/{key}", value)
            assert done.returncode == 0, f"dconf write {key}: {done.stderr}"
        desk.processes.append(_start(["ibus-daemon", "--replace", "--panel=disable",
                                      "--emoji-extension=disable"], env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        deadline = time.monotonic() + WAIT_S
        while True:  # the daemon takes a moment; setting the engine can be cancelled early
            desk.run("ibus", "engine", "libpinyin")
            if desk.run("ibus", "engine").stdout.strip() == "libpinyin":
                break
            assert time.monotonic() < deadline, "ibus-daemon did not start libpinyin"
            time.sleep(0.2)
        embed = "true" if embed_preedit else "false"
        done = desk.run(SYSTEM_PYTHON, "-c", SET_EMBED, embed)
        assert done.stdout.strip() == str(embed_preedit), f"EmbedPreeditText: {done.stderr}"
        yield desk
    finally:
        for process in reversed(desk.processes):
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


class App:
    """tests/ui/ibus_app.py running on the desktop, and what it reported so far."""

    def __init__(self, desk: Desktop) -> None:
        env = dict(desk.env, QT_IM_MODULE="ibus", QT_QPA_PLATFORM="xcb",
                   PYTHONPATH=os.pathsep.join([str(REPO), str(REPO / "tests")]))
        self.desk = desk
        self.process = subprocess.Popen([sys.executable, str(REPO / "tests/ui/ibus_app.py")],
                                        env=env, cwd=REPO, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True, encoding="utf-8")
        self.events: list[dict] = []
        self._lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.ready = self.wait_for(lambda e: e["ev"] == "ready")
        desk.xdotool("windowfocus", "--sync", str(self.ready["wid"]))
        self.wait_for(lambda e: e["ev"] == "focus" and e["in"], since=0)

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._lines.put(line)
        self._lines.put(None)

    def _pump(self, timeout: float) -> bool:
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            return True
        if line is None:
            err = self.process.stderr.read() if self.process.stderr else ""
            pytest.fail(f"the app exited ({self.process.wait()}): {err[-2000:]}", pytrace=False)
        if line.startswith("{"):
            self.events.append(json.loads(line))
        return True

    def wait_for(self, match: Callable[[dict], bool], since: int | None = None) -> dict:
        """The first event from index ``since`` (default: the next one) that matches."""
        start = len(self.events) if since is None else since
        deadline = time.monotonic() + WAIT_S
        while True:
            for event in self.events[start:]:
                if match(event):
                    return event
            start = len(self.events)
            left = deadline - time.monotonic()
            if left <= 0:
                pytest.fail(f"timed out waiting; the app reported: {self.events[-30:]}",
                            pytrace=False)
            self._pump(min(left, 0.1))

    def quiet(self) -> list[dict]:
        """Wait QUIET_S and return what was reported meanwhile."""
        start = len(self.events)
        deadline = time.monotonic() + QUIET_S
        while (left := deadline - time.monotonic()) > 0:
            self._pump(min(left, 0.1))
        return self.events[start:]

    @property
    def doc(self) -> str:
        return next((e["text"] for e in reversed(self.events) if e["ev"] == "doc"), "")

    def type(self, text: str) -> None:
        self.desk.xdotool("type", "--delay", "120", text)

    def key(self, name: str) -> None:
        self.desk.xdotool("key", name)

    def wait_doc(self, text: str) -> None:
        self.wait_for(lambda e: e["ev"] == "doc" and e["text"] == text, since=0)

    def wait_preedit(self, text: str) -> None:
        """Wait until the composition is ``text`` and stays so for SETTLE_S: on a loaded
        machine a report of the last composition can come after the keys of the next one
        were typed (a tester's run matched a stale "是" while libpinyin still held "s")."""
        deadline = time.monotonic() + WAIT_S
        while True:
            count = len(self.events)
            settle = time.monotonic() + SETTLE_S
            while (left := settle - time.monotonic()) > 0:
                self._pump(min(left, 0.1))
            compositions = [e["preedit"] for e in self.events if e["ev"] == "im"]
            if compositions and compositions[-1] == text and len(self.events) == count:
                return
            if time.monotonic() > deadline:
                pytest.fail(f"the composition did not settle on {text!r}: {compositions[-5:]}",
                            pytrace=False)

    def wait_ghost(self) -> None:
        self.wait_for(lambda e: e["ev"] == "ghost" and e["text"] == SUGGESTION)

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def shown(events: list[dict]) -> list[dict]:
    return [e for e in events if e["ev"] == "ghost" and e["text"] is not None]


@pytest.fixture
def embedded(tmp_path: Path) -> Iterator[App]:
    with desktop(tmp_path, embed_preedit=True) as desk:
        app = App(desk)
        try:
            yield app
        finally:
            app.close()


@pytest.fixture
def not_embedded(tmp_path: Path) -> Iterator[App]:
    with desktop(tmp_path, embed_preedit=False) as desk:
        app = App(desk)
        try:
            yield app
        finally:
            app.close()


def test_no_ghost_while_libpinyin_holds_pinyin(embedded: App) -> None:
    app = embedded
    with_ghost = len(app.events)
    app.type("nihao ")  # an ordinary composition: committed, then a suggestion
    app.wait_doc("你好")
    app.wait_for(lambda e: e["ev"] == "ghost" and e["text"] == SUGGESTION, since=with_ghost)

    app.type("henhao,")  # libpinyin commits "，" and keeps "hen hao" in its candidate window
    app.wait_doc("你好，")
    assert shown(app.quiet()) == [], "a suggestion showed beside the open candidate window"
    app.key("space")  # the pending candidate is committed: now a suggestion may come
    app.wait_doc("你好，很好")
    app.wait_ghost()

    app.type("hen")
    app.wait_preedit("很")
    app.key("Tab")  # libpinyin hides its preedit and keeps "u hen"
    app.wait_preedit("")
    assert shown(app.quiet()) == [], "a suggestion showed while Tab's composition was open"
    app.key("Escape")  # cancelled; the next key passes through libpinyin to the editor
    app.key("BackSpace")
    app.wait_doc("你好，很")
    app.wait_ghost()


def test_clicks_and_window_switches_keep_the_composed_text(embedded: App) -> None:
    app = embedded
    app.type("nihao ")
    app.wait_doc("你好")
    app.type("shi")
    app.wait_preedit("是")
    x, y = app.ready["text_at"]
    app.desk.xdotool("mousemove", str(x), str(y), "click", "1")  # a click in the text
    app.wait_doc("你好是")  # committed, not dropped

    app.type("shi")
    app.wait_preedit("是")
    app.desk.xdotool("windowfocus", "--sync", str(app.ready["other"]))  # another window
    app.wait_for(lambda e: e["ev"] == "focus" and not e["in"], since=0)
    app.wait_doc("你好是是")
    assert shown(app.quiet()) == [], "a suggestion showed in the window left behind"

    app.desk.xdotool("windowfocus", "--sync", str(app.ready["wid"]))
    app.type("shi")
    app.wait_preedit("是")
    x, y = app.ready["menu"]
    app.desk.xdotool("mousemove", str(x), str(y), "click", "1")  # the Suggestions menu
    app.wait_doc("你好是是是")
    assert shown(app.quiet()) == [], "a suggestion showed under the open menu"
    app.key("Escape")


def test_no_ghost_through_a_composition_the_editor_cannot_see(not_embedded: App) -> None:
    """IBus with embed-preedit-text off (a setting writers choose): the editor gets only the
    commit; until then the keys simply vanish into the candidate window."""
    app = not_embedded
    app.type("nihao ")
    app.wait_doc("你好")
    app.wait_ghost()
    mark = len(app.events)
    app.type("hen")  # composing beside the suggestion: it must go
    app.wait_for(lambda e: e["ev"] == "ghost" and e["text"] is None, since=mark)
    assert shown(app.quiet()) == [], "a suggestion showed during the composition"
    app.key("space")
    app.wait_doc("你好很")
    app.wait_ghost()
