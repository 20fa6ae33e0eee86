"""Fixtures for the pytest-qt tests: a deterministic engine, a scripted prompter, an app.

Nothing here opens a modal dialog: every question goes to FakePrompter, which answers
from a script and records what was asked.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont, QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from writer_app.app import InklingApp
from writer_app.editor.ghost_editor import GhostTextEdit
from writer_app.editor.suggestion_controller import SuggestionController
from writer_app.editor.suggestion_service import SuggestionService
from writer_app.engine.interface import DocumentOutOfStepError
from writer_app.engine.model_choice import ModelRouter
from writer_app.files.recovery import RecoveryEntry
from writer_app.inference.doc_cache import DocumentEdit
from writer_app.inference.types import DecodingConfig, Suggestion
from writer_app.settings.app_settings import Settings, SettingsStore
from writer_app.ui.prompts import CloseChoice, OverwriteChoice, RestoreAnswer, RestoreChoice

# Context endings the fake engine knows (longest match wins).
ANSWERS: dict[str, Suggestion] = {
    "Hello": Suggestion(" world is big", [" there", " again"], 0.9),
    "Hello there": Suggestion(" friend", [], 0.9),
    "Dear": Suggestion(" Sir or Madam,", [], 0.8),
    "你": Suggestion("好，世界", [], 0.8),
    "said": Suggestion(" hello", [], 0.8),
}


FAKE_FOLDER = Path("fake-model")  # the rig's only model folder (never read)


class FakeEngine:
    """A deterministic Engine (engine/interface.py) that records its calls and can be held
    back; every folder is the same fake model."""

    name = "fake-model"

    def __init__(self, answers: dict[str, Suggestion] | None = None) -> None:
        self.answers = dict(ANSWERS if answers is None else answers)
        self.calls: list[str] = []
        self.configs: list[DecodingConfig] = []
        self.folders: list[Path] = []
        self.threads: set[int] = set()  # the threads that called it
        self.gate: threading.Event | None = None  # when set, suggest() waits for it
        self.started = threading.Semaphore(0)
        self.closed = False
        self.documents: dict[int, list[str]] = {}  # what update_document made of each
        self.requested_documents: list[int | None] = []  # suggest()'s document, call by call
        self.afters: list[str] = []  # suggest()'s text after the cursor, call by call

    def load(self, folder: Path) -> str:
        """Every folder holds the fake model (tests of real loading use the real engine)."""
        self.threads.add(threading.get_ident())
        return self.name

    def close(self) -> None:
        self.closed = True

    def update_document(self, document: int, edits: Sequence[DocumentEdit]) -> None:
        self.threads.add(threading.get_ident())
        lines = self.documents.setdefault(document, [])
        for e in edits:
            end = len(lines) if e.end is None else e.end
            if not 0 <= e.start <= end <= len(lines):  # as ModelSet: the interface's contract
                raise DocumentOutOfStepError(f"edit of lines {e.start}..{end} in {len(lines)} lines")
            lines[e.start:end] = e.lines

    def forget_document(self, document: int) -> None:
        self.threads.add(threading.get_ident())
        self.documents.pop(document, None)

    def suggest(self, folder: Path, text: str, config: DecodingConfig,
                document: int | None = None, after: str = "") -> Suggestion | None:
        self.threads.add(threading.get_ident())
        self.requested_documents.append(document)
        self.afters.append(after)
        self.folders.append(folder)
        self.configs.append(config)
        self.calls.append(text)
        self.started.release()
        if self.gate is not None:
            self.gate.wait(30)
        for end in sorted(self.answers, key=len, reverse=True):
            if text.endswith(end):
                return self.answers[end]
        return None


@dataclass
class FakePrompter:
    """Answers questions from a script and records them."""

    close_choice: CloseChoice = CloseChoice.DISCARD
    overwrite_changed: bool = False
    save_as_utf8: bool = True
    read_only_choice: OverwriteChoice = OverwriteChoice.CANCEL
    inexact_choice: OverwriteChoice = OverwriteChoice.CANCEL
    restore_choice: RestoreChoice = RestoreChoice.RESTORE
    restore_picked: Sequence[str] | None = None  # ask_restore: the entry ids checked (None: all)
    save_path_answer: Path | None = None
    open_answer: list[Path] = field(default_factory=list)
    folder_answer: Path | None = None
    confirm_answer: bool = True
    text_answer: str | None = None  # ask_text: None is Cancel
    font_answer: QFont | None = None  # choose_font: None is Cancel
    errors: list[tuple[str, str]] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)
    restore_offers: list[list[RecoveryEntry]] = field(default_factory=list)

    def error(self, title: str, message: str) -> None:
        self.errors.append((title, message))

    def ask_save_changes(self, name: str, before: str = "closing", gone: bool = False) -> CloseChoice:
        self.asked.append(f"save changes to {name}" + ("" if before == "closing" else f" before {before}")
                          + (" (gone from disk)" if gone else ""))
        return self.close_choice

    def ask_save_all(self, names: Sequence[str]) -> CloseChoice:
        self.asked.append("save all: " + ", ".join(names))
        return self.close_choice

    def ask_overwrite_changed(self, path: Path) -> bool:
        self.asked.append(f"overwrite {path.name}")
        return self.overwrite_changed

    def ask_save_as_utf8(self, message: str, chosen: bool = False) -> bool:
        self.asked.append(f"utf8: {message}" + (" (chosen)" if chosen else ""))
        return self.save_as_utf8

    def ask_overwrite_read_only(self, path: Path) -> OverwriteChoice:
        self.asked.append(f"read-only {path.name}")
        return self.read_only_choice

    def ask_overwrite_inexact(self, path: Path, problem: str) -> OverwriteChoice:
        self.asked.append(f"inexact {path.name}: {problem}")
        return self.inexact_choice

    def ask_restore(self, entries: Sequence[RecoveryEntry]) -> RestoreAnswer:
        self.restore_offers.append(list(entries))
        picked = self.restore_picked
        return RestoreAnswer(self.restore_choice, tuple(
            e for e in entries if picked is None or e.entry_id in picked))

    def open_paths(self, start: Path | None) -> list[Path]:
        return list(self.open_answer)

    def save_path(self, suggested: Path | None) -> Path | None:
        return self.save_path_answer

    def choose_font(self, current: QFont) -> QFont | None:
        return self.font_answer

    def choose_folder(self, title: str, start: Path | None) -> Path | None:
        return self.folder_answer

    def confirm(self, title: str, message: str, action: str, keep: str = "") -> bool:
        self.asked.append(f"{action}: {message}")
        return self.confirm_answer

    def ask_text(self, title: str, label: str, text: str) -> str | None:
        self.asked.append(f"{label} [{text}]")
        return self.text_answer


@dataclass
class EditorRig:
    editor: GhostTextEdit
    controller: SuggestionController
    service: SuggestionService
    engine: FakeEngine


@pytest.fixture
def engine() -> FakeEngine:
    return FakeEngine()


def editor_rig(qtbot, engine: FakeEngine, router: ModelRouter) -> Iterator[EditorRig]:  # noqa: ANN001
    """A bare editor + controller + service with ``engine`` behind ``router`` and no
    debounce, shown and focused (a generator for fixtures: stops them at the end)."""
    service = SuggestionService(engine, engine.name, router=router)
    editor = GhostTextEdit()
    qtbot.addWidget(editor)
    editor.resize(500, 300)
    controller = SuggestionController(editor, service, Settings(debounce_ms=0))
    editor.show()
    qtbot.waitExposed(editor)
    editor.setFocus()
    yield EditorRig(editor, controller, service, engine)
    if engine.gate is not None:
        engine.gate.set()
    controller.stop()
    service.shutdown()


@pytest.fixture
def rig(qtbot, engine: FakeEngine) -> Iterator[EditorRig]:  # noqa: ANN001 (qtbot)
    """A bare editor + controller + service with the fake engine and no debounce."""
    yield from editor_rig(qtbot, engine, ModelRouter({"en": FAKE_FOLDER, "zh": FAKE_FOLDER}))


def focus_at_end(qtbot, window) -> None:  # noqa: ANN001
    """Make ``window`` active with its editor focused and the cursor at the end of the
    text (a suggestion is shown only in the editor with the focus)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.editor.setFocus()
    cursor = window.editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    window.editor.setTextCursor(cursor)


def wait_ghost(qtbot, editor: GhostTextEdit, text: str | None = None) -> None:  # noqa: ANN001
    """Wait until a suggestion (``text``, if given) is painted: keys act only on that."""
    if text is None:
        qtbot.waitUntil(lambda: editor.visible_ghost is not None)
    else:
        qtbot.waitUntil(lambda: editor.visible_ghost is not None and editor.ghost.text == text)


def settle(service: SuggestionService) -> None:
    """Let queued jobs finish and deliver their results."""
    assert service.wait_idle(10000)
    QApplication.processEvents()


def type_unicode(widget: QWidget, text: str) -> None:
    """Type characters qtbot.keyClicks cannot (it aborts on non-ASCII), as key events."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def commit_text(widget: QWidget, text: str) -> None:
    """What an input method sends when the user picks a candidate."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def preedit(widget: QWidget, text: str) -> None:
    """An input method's uncommitted composition text."""
    QApplication.sendEvent(widget, QInputMethodEvent(text, []))


AppFactory = Callable[..., InklingApp]


@pytest.fixture
def make_app(qtbot, tmp_path: Path, engine: FakeEngine) -> Iterator[AppFactory]:  # noqa: ANN001
    """Build an InklingApp wired like the real one, with the fake engine and prompter."""
    apps: list[InklingApp] = []

    def build(settings: Settings | None = None, *, prompter: FakePrompter | None = None,
              files: Sequence[Path] = (), recovery_dir: Path | None = None,
              use_engine: bool = True, load_model: bool = False,
              model_dir: Path | None = None) -> InklingApp:
        store = SettingsStore(tmp_path / "settings.toml")
        store.save(settings or replace(Settings(), debounce_ms=0))
        fake = prompter or FakePrompter()
        app = InklingApp(store, recovery_dir or tmp_path / "recovery",
                         model_dir=model_dir, default_model_dir=tmp_path / "no-model",
                         prompter_factory=lambda _w: fake,
                         engine=engine if use_engine else None)
        app.fake_prompter = fake  # type: ignore[attr-defined]
        app.start(files, load_model=load_model)
        apps.append(app)
        for window in app.windows:
            qtbot.waitExposed(window)
        return app

    yield build
    if engine.gate is not None:
        engine.gate.set()
    for app in apps:
        for window in list(app.windows):
            window.document.editor.document().setModified(False)
            window.close()
        app.shutdown()
