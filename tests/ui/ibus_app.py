"""The app's window with a deterministic engine, for tests/ui/test_ibus.py to drive under a
real input method. Run as a script; it reports on stdout, one JSON object a line:

- ``{"ev": "ready", "wid": …, "other": …, "menu": [x, y], "text_at": [x, y]}``: X window ids
  of the main window and of a second window (to switch to), and global points on the
  Suggestions menu title and inside the text;
- ``{"ev": "ghost", "text": str | null}`` when the suggestion shown changes;
- ``{"ev": "doc", "text": str}`` when the document text changes;
- ``{"ev": "im", "commit": str, "preedit": str}`` for each input-method event the editor gets;
- ``{"ev": "focus", "in": bool}`` when the editor gains or loses focus.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QPoint
from PySide6.QtWidgets import QApplication, QLineEdit

from writer_app.app import InklingApp
from writer_app.inference.types import DecodingConfig, Suggestion
from writer_app.settings.app_settings import Settings, SettingsStore
from writer_app.ui.prompts import CloseChoice

SUGGESTION = "下一句"


class AlwaysEngine:
    """Suggests the same text after anything, at once."""

    name = "ibus-test"

    def load(self, folder: Path) -> str:
        return self.name

    def suggest(self, folder: Path, text: str, config: DecodingConfig,
                document: int | None = None, after: str = "") -> Suggestion | None:
        return Suggestion(SUGGESTION, [], 0.9)

    def update_document(self, document: int, edits: object) -> None:
        pass

    def close(self) -> None:
        pass


class SilentPrompter:
    """Answers every question without a dialog (discard on close)."""

    def __getattr__(self, name: str) -> object:
        return lambda *args, **kwargs: None

    def ask_save_changes(self, *args: object, **kwargs: object) -> CloseChoice:
        return CloseChoice.DISCARD


def report(**fields: object) -> None:
    print(json.dumps(fields, ensure_ascii=False), flush=True)


class Spy(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind == QEvent.Type.InputMethod:
            report(ev="im", commit=event.commitString(), preedit=event.preeditString())
        elif kind in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
            report(ev="focus", **{"in": kind == QEvent.Type.FocusIn})
        return False


def main() -> int:
    qapp = QApplication(sys.argv)
    folder = Path(tempfile.mkdtemp(prefix="inkling-ibus-"))
    store = SettingsStore(folder / "settings.toml")
    store.save(Settings(debounce_ms=0))
    app = InklingApp(store, folder / "recovery", default_model_dir=folder / "none",
                     chinese_model_dir=folder / "none", prompter_factory=lambda _w: SilentPrompter(),
                     engine=AlwaysEngine())
    app.start(load_model=False)
    window = app.windows[0]
    editor = window.editor
    window.resize(700, 400)
    window.move(0, 0)
    spy = Spy()
    editor.installEventFilter(spy)
    editor.ghost_changed.connect(lambda g: report(ev="ghost", text=None if g is None else g.text))
    editor.textChanged.connect(lambda: report(ev="doc", text=editor.toPlainText()))
    other = QLineEdit()
    other.setWindowTitle("other")
    other.resize(300, 40)
    other.move(800, 500)
    other.show()
    window.raise_()
    window.activateWindow()
    editor.setFocus()
    bar = window.menuBar()
    menu_title = next(a for a in bar.actions() if a.text().replace("&", "") == "Suggestions")
    menu_at = bar.mapToGlobal(bar.actionGeometry(menu_title).center())
    text_at = editor.viewport().mapToGlobal(QPoint(300, 200))
    report(ev="ready", wid=int(window.winId()), other=int(other.winId()),
           menu=[menu_at.x(), menu_at.y()], text_at=[text_at.x(), text_at.y()])
    code = qapp.exec()
    app.shutdown()
    return code


if __name__ == "__main__":
    raise SystemExit(main())
