"""Keys and the window around the editor: menus, status bar."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QSizeGrip

from writer_app.engine.model_choice import ModelRoute
from writer_app.inference.card_file import WHAT_TO_DO

from .conftest import AppFactory, wait_ghost


def _press(window, key: Qt.Key, text: str = "") -> None:  # noqa: ANN001
    """A key as the window system delivers it: to the open menu, else the focus widget
    (QTest on the QWindow goes through QWindowSystemInterface, like a real keyboard)."""
    QTest.keyClick(window.windowHandle(), key, Qt.KeyboardModifier.NoModifier)
    QApplication.processEvents()


def test_typing_after_leaving_a_menu_with_esc_goes_to_the_text(qtbot, make_app: AppFactory) -> None:
    app = make_app()
    w = app.windows[0]
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    w.editor.setFocus()
    qtbot.keyClicks(w.editor, "It was a dark night and she said")
    wait_ghost(qtbot, w.editor, " hello")
    bar = w.menuBar()
    title = next(a for a in bar.actions() if a.text() == "&Edit")
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(title).center())
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
    _press(w, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)
    # X gives the activation back to the main window when the popup closes; the
    # offscreen platform does not, so do what the window system would.
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    for ch in "shang":
        _press(w, getattr(Qt.Key, f"Key_{ch.upper()}"), ch)
    assert QApplication.activePopupWidget() is None
    assert w.editor.toPlainText() == "It was a dark night and she saidshang"


def _message_room(status) -> int:  # noqa: ANN001
    """Where QStatusBar draws a message (QStatusBarPrivate::messageRect): from 6 px to
    2 px before the first visible permanent widget (or the size grip)."""
    grip = status.findChild(QSizeGrip)
    right = grip.x() if grip is not None and grip.isVisible() else status.width() - 12
    labels = [w for w in status.findChildren(QLabel) if w.isVisible() and not w.isWindow()]  # not a tooltip
    return min([right] + [w.x() - 2 for w in labels]) - 6


def _is_whole(status, message: str) -> bool:  # noqa: ANN001
    """Whole on one line in the message area, or (longer than it) cut with "…" on that line
    with the whole text in the bar's tooltip; the bar one line high either way."""
    one_line = status.height() < 2 * status.fontMetrics().height()
    if status.fontMetrics().horizontalAdvance(message) <= _message_room(status):
        return one_line and not status.message_elided
    return one_line and status.message_elided and html.escape(message) in status.toolTip()


def _wide_window(qtbot, make_app: AppFactory):  # noqa: ANN001, ANN202
    app = make_app()
    w = app.windows[0]
    w.resize(1280, 720)
    qtbot.waitUntil(lambda: w.width() == 1280)
    w.status.set_counts(123_456, 765_432)
    QApplication.processEvents()
    return w


LONG_MESSAGE = ("Autosave is off: cannot use /home/writer/.local/share/inkling/recovery: "
                "[Errno 13] Permission denied: '/home/writer/.local/share/inkling/recovery'")


def test_a_long_message_is_shown_whole_at_1280_px(qtbot, make_app: AppFactory) -> None:
    w = _wide_window(qtbot, make_app)
    status = w.status
    labels = (status.model_label, status.latency_label, status.encoding_label, status.count_label)
    status.showMessage(LONG_MESSAGE, 6000)
    QApplication.processEvents()
    assert status.currentMessage() == LONG_MESSAGE
    assert _is_whole(status, LONG_MESSAGE)
    status.clearMessage()  # the labels come back when it goes
    QApplication.processEvents()
    assert all(label.isVisible() for label in labels)
    status.showMessage("Saved chapter-one.md", 6000)  # a short one moves nothing
    QApplication.processEvents()
    assert all(label.isVisible() for label in labels)


def test_an_unusable_model_is_named_whole_with_the_reason_shown(qtbot, make_app: AppFactory) -> None:
    w = _wide_window(qtbot, make_app)
    status = w.status
    reason = ("/home/writer/models/zh-mine/model.onnx does not match its model card (checksum "
              "differs): the file is corrupt or was replaced. Reinstall or re-export the model.")
    route = ModelRoute(Path("/home/writer/models/zh-mine"), "zh-mine", "zh", True)
    status.set_route(route, "failed", reason, True)
    QApplication.processEvents()
    label = status.model_label
    assert QLabel.text(label) == label.text() == (
        "Chinese suggestions off: its model is missing (Model → Manage Models…)")
    assert reason in label.toolTip()
    message = status.currentMessage()  # and once, where it can be read whole
    assert reason.replace("/home/writer/models/zh-mine/", "") in message and _is_whole(status, message)


def test_a_long_model_error_keeps_the_status_bar_to_one_line(qtbot, make_app: AppFactory) -> None:
    """A tester's damaged model: its error wrapped over 3-4 lines of the status bar, and the
    editor lost them. The message is cut with "…" on its line; the whole text is in the
    bar's tooltip, and a click on the message shows it."""
    from PySide6.QtWidgets import QToolTip

    w = _wide_window(qtbot, make_app)
    status, editor_height = w.status, w.editor.height()
    height = status.height()
    reason = ("/home/writer/.local/share/inkling/models/my-writing-20261207-224400/model.json is not "
              "a usable model card: it is damaged: not valid JSON (Unterminated string starting at "
              "line 165 column 11). Model → Use Default Model goes back to the models that come with "
              "Inkling, or choose another in the Model menu; Model → Manage Models… deletes a damaged "
              "model of your own.")
    route = ModelRoute(Path("/home/writer/.local/share/inkling/models/my-writing-20261207-224400"),
                       "my-writing-20261207-224400", "zh", True)
    status.set_route(route, "failed", reason, True)
    QApplication.processEvents()
    message = status.currentMessage()
    cause = reason.removeprefix(f"{route.folder}/").removesuffix(WHAT_TO_DO).rstrip()  # its advice first
    assert message.endswith(cause) and status.message_elided
    assert _is_whole(status, message)
    assert (status.height(), w.editor.height()) == (height, editor_height)  # one line: the editor keeps its room
    qtbot.mouseClick(status, Qt.MouseButton.LeftButton, pos=status.message_rect().center())
    assert QToolTip.isVisible() and html.escape(message) in QToolTip.text()
    QToolTip.hideText()
    status.showMessage("Saved chapter-one.md", 6000)  # a short one: whole, no tooltip
    QApplication.processEvents()
    assert not status.message_elided and status.toolTip() == ""


def test_the_latency_shown_is_the_named_models(qtbot, make_app: AppFactory) -> None:
    """After a switch the old model's latency is stale: it goes until the new one answers."""
    w = _wide_window(qtbot, make_app)
    status = w.status
    english = ModelRoute(Path("/models/en"), "inkling-en-default", "en", False)
    chinese = ModelRoute(Path("/models/zh"), "inkling-zh-default", "zh", False)
    status.set_route(english, "ready", "", True)
    status.set_latency(123.0)
    status.set_route(english, "ready", "", True)  # the same model again: still its figure
    assert status.latency_label.text() == "Latency: 123 ms"
    status.set_route(chinese, "loading", "", True)
    assert status.latency_label.text() == "Latency: –"
    status.set_route(chinese, "ready", "", True)
    status.set_latency(7.0)
    status.set_model("", True, loading=True)
    assert status.latency_label.text() == "Latency: –"


def test_a_file_with_a_line_too_long_to_edit_opens_read_only(qtbot, make_app: AppFactory,
                                                            tmp_path: Path) -> None:
    """Qt relayouts the whole line on each key (~1 s a key in a 1 MB line): such a file
    opens read-only with a message saying why and what to do; one at the limit is edited."""
    from writer_app.editor.long_lines import MAX_EDITABLE_LINE_CHARS

    words = "the house stood at the end of the lane "
    at_limit = tmp_path / "at-limit.txt"
    at_limit.write_text("Title\n" + (words * 2000)[:MAX_EDITABLE_LINE_CHARS] + "\n", encoding="utf-8")
    over = tmp_path / "one-line.txt"
    over.write_text((words * 30_000)[:1_100_000], encoding="utf-8")  # 1.1 MB: loads in slices
    app = make_app(files=[at_limit])
    w = app.windows[0]
    assert not w.editor.isReadOnly() and app.fake_prompter.errors == []
    qtbot.keyClicks(w.editor, "Chapter ")
    assert w.editor.document_text().startswith("Chapter Title")
    app.open_files([over], None)
    w2 = app.windows[-1]
    qtbot.waitUntil(lambda: not w2.document.loading and w2.document.path == over, timeout=30_000)
    assert w2.editor.isReadOnly() and "(read-only)" in w2.windowTitle()
    title, message = app.fake_prompter.errors[-1]
    assert title == "Opened read-only"
    assert "one-line.txt is open read-only" in message and "1,100,000 characters" in message
    assert "split that line" in message
    w2.editor.setFocus()
    qtbot.keyClicks(w2.editor, "abc")
    assert w2.editor.document_text() == over.read_text(encoding="utf-8")
    assert w2.suggestions.requests_sent == 0



def test_edit_actions_that_change_the_text_are_off_while_it_is_read_only(
        qtbot, make_app: AppFactory, tmp_path: Path) -> None:
    """While a file loads, and in a file with a line too long to edit, Paste, Cut, Replace,
    Undo and Redo are disabled (Copy and Find are not) and Replace All changes nothing;
    they come back once the text is editable."""
    from writer_app.editor.long_lines import MAX_EDITABLE_LINE_CHARS
    from writer_app.ui.file_loader import ASYNC_BYTES

    big = tmp_path / "big.txt"
    big.write_text("All work and no play.\n" * (ASYNC_BYTES // 20), encoding="utf-8")
    long_line = tmp_path / "long.txt"
    long_line.write_text("x" * (MAX_EDITABLE_LINE_CHARS + 1) + "\nfind me\n", encoding="utf-8")
    app = make_app()
    w = app.windows[0]
    changing = {"Paste": w.act_paste, "Cut": w.act_cut, "Replace": w.act_replace,
                "Undo": w.act_undo, "Redo": w.act_redo}

    def enabled() -> dict[str, bool]:
        return {name: action.isEnabled() for name, action in changing.items()}

    qtbot.keyClicks(w.editor, "Draft")
    w.editor.undo()  # an empty, untouched window again, with a step to redo
    assert enabled() == {"Paste": True, "Cut": False, "Replace": True, "Undo": False, "Redo": True}
    app.open_files([big], None)
    assert w.document.loading and w.editor.isReadOnly()
    assert not any(enabled().values())
    qtbot.waitUntil(lambda: not w.document.loading, timeout=60_000)
    w.editor.selectAll()
    assert enabled() == {"Paste": True, "Cut": True, "Replace": True, "Undo": False, "Redo": False}

    app.open_files([long_line], None)
    w2 = app.windows[-1]
    assert w2.editor.isReadOnly() and w2 is not w
    qtbot.keyClicks(w2.editor, "a")  # a tester's typing there went without a word
    assert w2.status.currentMessage().startswith("Nothing was typed: this file is open read-only")
    w2.editor.selectAll()
    assert w2.act_copy.isEnabled()
    assert not any(a.isEnabled() for a in (w2.act_paste, w2.act_cut, w2.act_replace, w2.act_undo))
    find = w2.find_dialog()
    find.show_find(True)
    find.find_text.setText("find me")
    find.replace_text.setText("changed")
    assert not find.buttons["Replace All"].isEnabled() and not find.replace_text.isEnabled()
    assert find.replace_all() == 0
    assert w2.editor.document_text() == long_line.read_text(encoding="utf-8")
    find.close()

def test_a_paste_that_would_make_a_line_too_long_is_refused(qtbot, make_app: AppFactory) -> None:
    from writer_app.editor.long_lines import MAX_EDITABLE_LINE_CHARS

    app = make_app()
    w = app.windows[0]
    QApplication.clipboard().setText("x" * (MAX_EDITABLE_LINE_CHARS - 5))
    qtbot.keyClicks(w.editor, "Hello")
    w.editor.paste()
    assert len(w.editor.document_text()) == MAX_EDITABLE_LINE_CHARS  # just fits
    w.editor.paste()  # a second time: too long
    assert len(w.editor.document_text()) == MAX_EDITABLE_LINE_CHARS
    too_long = f"{2 * MAX_EDITABLE_LINE_CHARS - 5:,}"
    assert w.status.currentMessage().startswith(f"Not pasted: it would make a line of {too_long}")
    qtbot.keyClick(w.editor, Qt.Key.Key_Return)
    w.editor.paste()  # on a line of its own it is fine
    assert len(w.editor.document_text()) == 2 * MAX_EDITABLE_LINE_CHARS - 4


def test_a_long_line_is_copied_as_plain_text_and_its_paste_refused_at_once(qtbot) -> None:
    """Qt's own copy also offers HTML, made on first use in time superlinear in its length
    (a 1 MB line froze the paste for minutes); the editor copies text/plain only, and a
    paste reads those bytes and refuses before inserting anything."""
    from PySide6.QtCore import QMimeData

    from writer_app.editor.ghost_editor import GhostTextEdit
    from writer_app.editor.long_lines import MAX_EDITABLE_LINE_CHARS

    source, target = GhostTextEdit(), GhostTextEdit()
    qtbot.addWidget(source)
    qtbot.addWidget(target)
    line = "word " * (2 * MAX_EDITABLE_LINE_CHARS // 5)
    source.set_document_text(line)
    source.selectAll()
    source.copy()
    copied = QApplication.clipboard().mimeData()
    assert copied.formats() == ["text/plain"]
    assert copied.text() == line
    refusals: list[str] = []
    target.refused.connect(refusals.append)
    target.paste()
    assert target.document_text() == ""
    assert refusals == [f"Not pasted: it would make a line of {len(line):,} characters, and in "
                        f"a line over {MAX_EDITABLE_LINE_CHARS:,} characters every key would "
                        "make the editor pause. Split it into paragraphs first; it is still "
                        "on the clipboard."]

    both = QMimeData()  # e.g. from a browser: the plain text is pasted, not the HTML's text
    both.setHtml("<p>from <b>HTML</b></p>")
    both.setText("plain words")
    target.insertFromMimeData(both)  # (a Python-made QMimeData on the clipboard crashes exit)
    assert target.document_text() == "plain words"


def test_the_autosave_indicator_is_whole_at_1280_px(qtbot, make_app: AppFactory) -> None:
    """It lasts, so it must be readable: the other labels step aside for it."""
    w = _wide_window(qtbot, make_app)
    status = w.status
    problem = ("Autosave is off: cannot use /home/writer/.local/share/inkling/recovery: "
               "[Errno 13] Permission denied")
    status.set_autosave_problem(problem)
    QApplication.processEvents()
    label = status.autosave_label
    assert label.isVisible() and QLabel.text(label) == problem
    assert label.geometry().right() <= w.width()
    status.set_autosave_problem("")
    QApplication.processEvents()
    assert all(x.isVisible() for x in (status.model_label, status.latency_label,
                                       status.encoding_label, status.count_label))
