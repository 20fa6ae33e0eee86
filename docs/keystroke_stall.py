"""How long the GUI thread is busy per keystroke, with suggestions on, in a 1 MB document.

Types a sentence character by character into the real editor (offscreen) with the real
engine running on its worker thread, and reports:
- per key: time spent handling the key event (our code + Qt's insertion and layout);
- event-loop stalls: the longest gap between ticks of a 0 ms heartbeat timer while
  typing and while suggestions are computed.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/keystroke_stall.py MODEL_DIR [off]

With "off" the same typing runs with suggestions turned off: the baseline (Qt itself
and the machine's other load) to compare the stalls with.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/keystroke_stall.py lines [wrap|nowrap]

measures what a key costs against the length of the line (paragraph) it is typed in:
Qt relayouts the whole block on every edit, so this picks the longest line the editor
lets the user edit (writer_app/editor/long_lines.py). For each length it types 12 keys
at the end of one paragraph of that many characters and reports the median and worst
key (event handling plus the repaint), and what showing + hiding a ghost costs there.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QApplication


def main(model_dir: str, suggestions: bool) -> None:
    qt = QApplication([])
    from writer_app.editor.ghost_editor import GhostTextEdit
    from writer_app.editor.suggestion_controller import SuggestionController
    from writer_app.editor.suggestion_service import SuggestionService
    from writer_app.editor.word_counter import WordCounter
    from writer_app.engine.interface import start_engine
    from writer_app.engine.model_choice import ModelRouter
    from writer_app.settings.app_settings import Settings

    # As the app does: a child process (INKLING_ENGINE=thread: in this process).
    engine = start_engine()
    name = engine.load(Path(model_dir))
    service = SuggestionService(engine, name, router=ModelRouter({"en": Path(model_dir)}, choice="en"))
    editor = GhostTextEdit()
    editor.resize(900, 600)
    editor.show()
    controller = SuggestionController(editor, service, Settings(
        debounce_ms=0, threshold=0.0, suggestions_enabled=suggestions))
    WordCounter(editor.document(), editor)
    paragraph = ("The house stood at the end of the lane, half hidden by the old elms, "
                 "and nobody in the village could remember who had built it. ") * 4
    text = "\n\n".join(paragraph for _ in range(1024 * 1024 // len(paragraph)))
    editor.set_document_text(text)
    editor.moveCursor(QTextCursor.MoveOperation.End)
    qt.processEvents()

    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append((now - last[0]) * 1000)
        last[0] = now

    heartbeat = QTimer()
    heartbeat.timeout.connect(tick)
    heartbeat.start(0)
    per_key: list[float] = []
    sentence = "\n\nShe walked to the station and waited for the train to come. " * 3
    for ch in sentence:
        key = Qt.Key.Key_Return if ch == "\n" else 0
        t0 = time.perf_counter()
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(editor, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, ch))
        per_key.append((time.perf_counter() - t0) * 1000)
        end = time.perf_counter() + 0.03  # ~33 keys per second, a fast typist
        while time.perf_counter() < end:
            qt.processEvents()
    service.wait_idle()
    heartbeat.stop()
    size = len(editor.document_text().encode())
    print(f"document: {size / 1e6:.2f} MB, keys typed: {len(per_key)}, "
          f"suggestions requested: {controller.requests_sent}, shown: {controller.results_shown}")
    print(f"key handling ms: median {statistics.median(per_key):.2f}, "
          f"p95 {sorted(per_key)[int(0.95 * len(per_key))]:.2f}, max {max(per_key):.2f}")
    print(f"event-loop gap ms: median {statistics.median(gaps):.2f}, "
          f"p99 {sorted(gaps)[int(0.99 * len(gaps))]:.2f}, max {max(gaps):.2f} "
          f"(over {len(gaps)} ticks)")
    print(f"frames over 16 ms: {sum(g > 16 for g in gaps)}")
    service.shutdown()


def measure_lines(wrap: bool) -> None:
    qt = QApplication([])
    from PySide6.QtWidgets import QPlainTextEdit

    from writer_app.editor.ghost_editor import GhostTextEdit
    from writer_app.editor.ghost_text import GhostText

    words = "the house stood at the end of the lane half hidden by old elms and "
    print(f"line wrap {'on' if wrap else 'off'}, window 900x600; ms per key: median / worst "
          "of 12 keys; ghost show+hide: median of 12")
    for length in (1_000, 3_000, 10_000, 30_000, 60_000, 100_000, 300_000, 1_000_000):
        editor = GhostTextEdit()
        editor.resize(900, 600)
        if not wrap:
            editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        editor.show()
        line = (words * (length // len(words) + 1))[:length]
        editor.set_document_text("A short first line.\n" + line + "\nA short last line.")
        cursor = editor.textCursor()
        cursor.setPosition(len("A short first line.\n") + length)
        editor.setTextCursor(cursor)
        qt.processEvents()
        keys: list[float] = []
        for ch in "and then she":
            t0 = time.perf_counter()
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(editor, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))
            qt.processEvents()  # the repaint is part of the key's cost
            keys.append((time.perf_counter() - t0) * 1000)
        ghosts: list[float] = []
        for _ in range(12):
            t0 = time.perf_counter()
            editor.show_ghost(GhostText(editor.revision, editor.cursor_position(), (" again",)))
            qt.processEvents()
            editor.dismiss_ghost()
            qt.processEvents()
            ghosts.append((time.perf_counter() - t0) * 1000)
        print(f"{length:>9,} chars: key {statistics.median(keys):8.2f} / {max(keys):8.2f} ms, "
              f"ghost show+hide {statistics.median(ghosts):8.2f} ms")
        editor.close()
        editor.deleteLater()
        qt.processEvents()


if __name__ == "__main__":
    if sys.argv[1:2] == ["lines"]:
        measure_lines(wrap=sys.argv[2:3] != ["nowrap"])
        sys.exit()
    main(sys.argv[1] if len(sys.argv) > 1 else str(Path("assets/en-default")),
         suggestions=sys.argv[2:3] != ["off"])
