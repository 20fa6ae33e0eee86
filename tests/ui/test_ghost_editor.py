"""The editor's ghost text, driven through real key, mouse and input-method events."""

from __future__ import annotations

import threading

from PySide6.QtCore import QEvent, QPoint, QRect, Qt
from PySide6.QtGui import QColor, QGuiApplication, QKeyEvent, QTextCursor
from PySide6.QtWidgets import QApplication

from writer_app.editor.ghost_painting import muted_color
from writer_app.editor.ghost_text import GhostText
from writer_app.inference.types import Suggestion

from .conftest import EditorRig, commit_text, preedit, settle, type_unicode, wait_ghost

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def test_typing_shows_ghost_text_that_is_not_in_the_document(qtbot, rig: EditorRig) -> None:
    qtbot.keyClicks(rig.editor, "Hello")
    wait_ghost(qtbot, rig.editor, " world is big")
    assert rig.editor.toPlainText() == "Hello"
    assert rig.editor.document_text() == "Hello"
    assert rig.engine.calls[-1] == "Hello"
    layout = rig.editor.textCursor().block().layout()
    assert layout.preeditAreaText() == "" and layout.lineCount() == 1  # not in the layout
    caret = rig.editor.cursorRect()
    after = QRect(caret.right() + 2, caret.top(), 60, caret.height())
    assert _darkest(rig.editor, after) < 250  # but painted after the cursor


def test_tab_indents_when_nothing_is_shown(qtbot, rig: EditorRig) -> None:
    qtbot.keyClicks(rig.editor, "zzz")
    settle(rig.service)
    assert rig.editor.ghost is None
    qtbot.keyClick(rig.editor, Qt.Key.Key_Tab)
    assert rig.editor.toPlainText() == "zzz\t"


def test_ctrl_right_accepts_the_next_word_and_keeps_the_rest(qtbot, rig: EditorRig) -> None:
    qtbot.keyClicks(rig.editor, "Hello")
    wait_ghost(qtbot, rig.editor)
    qtbot.keyClick(rig.editor, Qt.Key.Key_Right, CTRL)  # a word and the space after it
    assert rig.editor.toPlainText() == "Hello world "
    assert rig.editor.ghost is not None and rig.editor.ghost.text == "is big"
    qtbot.keyClick(rig.editor, Qt.Key.Key_Right, CTRL)
    assert rig.editor.toPlainText() == "Hello world is "
    rig.editor.undo()
    assert rig.editor.toPlainText() == "Hello world "
    rig.editor.undo()
    assert rig.editor.toPlainText() == "Hello"


def test_ctrl_right_takes_a_segmented_chinese_word(qtbot, rig: EditorRig) -> None:
    """Not one byte-level token, not one character: a dictionary word."""
    rig.engine.answers["我们去北"] = Suggestion("京大学看看，好吗", [], 0.9)
    rig.engine.answers["用"] = Suggestion("Python写程序", [], 0.9)
    commit_text(rig.editor, "我们去北")
    wait_ghost(qtbot, rig.editor, "京大学看看，好吗")
    qtbot.keyClick(rig.editor, Qt.Key.Key_Right, CTRL)  # 北 + 京大学 is one word
    assert rig.editor.toPlainText() == "我们去北京大学"
    assert rig.editor.ghost is not None and rig.editor.ghost.text == "看看，好吗"
    qtbot.keyClick(rig.editor, Qt.Key.Key_Right, CTRL)
    assert rig.editor.toPlainText() == "我们去北京大学看看"
    qtbot.keyClick(rig.editor, Qt.Key.Key_Right, CTRL)  # full-width punctuation: a piece of its own
    assert rig.editor.toPlainText() == "我们去北京大学看看，"
    rig.editor.undo()
    rig.editor.undo()
    assert rig.editor.toPlainText() == "我们去北京大学"
    rig.editor.dismiss_ghost()
    commit_text(rig.editor, "。我用")  # mixed: the English word is one word
    wait_ghost(qtbot, rig.editor, "Python写程序")
    qtbot.keyClick(rig.editor, Qt.Key.Key_Right, CTRL)
    assert rig.editor.toPlainText().endswith("我用Python")
    qtbot.keyClick(rig.editor, Qt.Key.Key_Right, CTRL)
    assert rig.editor.toPlainText().endswith("我用Python写")
    assert rig.editor.ghost is not None and rig.editor.ghost.text == "程序"


def test_escape_dismisses(qtbot, rig: EditorRig) -> None:
    qtbot.keyClicks(rig.editor, "Hello")
    wait_ghost(qtbot, rig.editor)
    qtbot.keyClick(rig.editor, Qt.Key.Key_Escape)
    assert rig.editor.ghost is None
    assert rig.editor.textCursor().block().layout().preeditAreaText() == ""
    assert rig.editor.toPlainText() == "Hello"


def test_backspace_dismisses(qtbot, rig: EditorRig) -> None:
    qtbot.keyClicks(rig.editor, "Hello")
    wait_ghost(qtbot, rig.editor)
    rig.engine.answers.clear()
    qtbot.keyClick(rig.editor, Qt.Key.Key_Backspace)
    assert rig.editor.ghost is None
    assert rig.editor.toPlainText() == "Hell"


def test_moving_the_cursor_or_clicking_dismisses(qtbot, rig: EditorRig) -> None:
    qtbot.keyClicks(rig.editor, "Hello")
    wait_ghost(qtbot, rig.editor)
    qtbot.keyClick(rig.editor, Qt.Key.Key_Left)
    assert rig.editor.ghost is None
    qtbot.keyClick(rig.editor, Qt.Key.Key_End)
    rig.controller.request_now()
    wait_ghost(qtbot, rig.editor)
    qtbot.mouseClick(rig.editor.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(3, 5))
    assert rig.editor.ghost is None
    assert rig.editor.toPlainText() == "Hello"


def test_type_through_keeps_the_rest_without_asking_again(qtbot, rig: EditorRig) -> None:
    qtbot.keyClicks(rig.editor, "Hello")
    wait_ghost(qtbot, rig.editor)
    settle(rig.service)
    asked = rig.controller.requests_sent
    qtbot.keyClicks(rig.editor, " wor")
    assert rig.editor.toPlainText() == "Hello wor"
    assert rig.editor.ghost is not None and rig.editor.ghost.text == "ld is big"
    assert rig.controller.requests_sent == asked
    qtbot.keyClick(rig.editor, Qt.Key.Key_Tab)
    assert rig.editor.toPlainText() == "Hello world is big"


def test_typing_something_else_replaces_the_suggestion(qtbot, rig: EditorRig) -> None:
    qtbot.keyClicks(rig.editor, "Hello")
    wait_ghost(qtbot, rig.editor, " world is big")
    qtbot.keyClicks(rig.editor, " there")
    assert rig.editor.toPlainText() == "Hello there"
    wait_ghost(qtbot, rig.editor, " friend")


def test_alt_brackets_cycle_alternatives(qtbot, rig: EditorRig) -> None:
    qtbot.keyClicks(rig.editor, "Hello")
    wait_ghost(qtbot, rig.editor)
    seen = [rig.editor.ghost.text]
    for _ in range(3):
        qtbot.keyClick(rig.editor, Qt.Key.Key_BracketRight, ALT)
        seen.append(rig.editor.ghost.text)
    assert seen == [" world is big", " there", " again", " world is big"]
    qtbot.keyClick(rig.editor, Qt.Key.Key_BracketLeft, ALT)
    assert rig.editor.ghost.text == " again"
    qtbot.keyClick(rig.editor, Qt.Key.Key_Tab)
    assert rig.editor.toPlainText() == "Hello again"


def test_ctrl_space_asks_now_even_when_turned_off(qtbot, rig: EditorRig) -> None:
    from writer_app.settings.app_settings import Settings

    rig.controller.apply_settings(Settings(suggestions_enabled=False, debounce_ms=0))
    qtbot.keyClicks(rig.editor, "Hello")
    settle(rig.service)
    assert rig.engine.calls == [] and rig.editor.ghost is None
    qtbot.keyClick(rig.editor, Qt.Key.Key_Space, CTRL)
    wait_ghost(qtbot, rig.editor, " world is big")
    assert rig.editor.toPlainText() == "Hello"


def test_turning_suggestions_off_hides_the_ghost(qtbot, rig: EditorRig) -> None:
    from writer_app.settings.app_settings import Settings

    qtbot.keyClicks(rig.editor, "Hello")
    wait_ghost(qtbot, rig.editor)
    rig.controller.apply_settings(Settings(suggestions_enabled=False))
    assert rig.editor.ghost is None


def test_no_suggestion_mid_line_or_with_a_selection(qtbot, rig: EditorRig) -> None:
    rig.editor.set_document_text("Hello world")
    cursor = rig.editor.textCursor()
    cursor.setPosition(5)
    rig.editor.setTextCursor(cursor)
    rig.controller.request_now()
    cursor.setPosition(0, QTextCursor.MoveMode.KeepAnchor)
    rig.editor.setTextCursor(cursor)
    rig.controller.request_now()
    settle(rig.service)
    assert rig.engine.calls == []


def test_suggestion_before_trailing_punctuation_pushes_it_along(qtbot, rig: EditorRig) -> None:
    rig.editor.set_document_text('He said.')
    cursor = rig.editor.textCursor()
    cursor.setPosition(len("He said"))
    rig.editor.setTextCursor(cursor)
    rig.controller.request_now()
    wait_ghost(qtbot, rig.editor, " hello")
    assert rig.editor.toPlainText() == "He said."
    qtbot.keyClick(rig.editor, Qt.Key.Key_Tab)
    assert rig.editor.toPlainText() == "He said hello."


def test_ime_preedit_never_triggers_or_garbles_a_suggestion(qtbot, rig: EditorRig) -> None:
    qtbot.keyClicks(rig.editor, "Hello")
    wait_ghost(qtbot, rig.editor)
    settle(rig.service)
    calls = len(rig.engine.calls)
    preedit(rig.editor, "ni")  # composition starts: the ghost must go, nothing is asked
    assert rig.editor.ghost is None and rig.editor.composing
    assert rig.editor.textCursor().block().layout().preeditAreaText() == "ni"
    preedit(rig.editor, "nih")
    rig.controller.request_now()  # even asking explicitly does nothing while composing
    settle(rig.service)
    assert len(rig.engine.calls) == calls
    assert rig.editor.ghost is None
    assert rig.editor.toPlainText() == "Hello"
    commit_text(rig.editor, "你")  # the user picks a candidate: now it is text
    assert rig.editor.toPlainText() == "Hello你"
    assert not rig.editor.composing
    wait_ghost(qtbot, rig.editor, "好，世界")
    assert rig.engine.calls[-1] == "Hello你"


def _claims_shortcut(editor, key: Qt.Key) -> bool:  # noqa: ANN001
    """Whether the editor takes ``key`` ahead of shortcuts (ShortcutOverride accepted)."""
    event = QKeyEvent(QEvent.Type.ShortcutOverride, key, Qt.KeyboardModifier.NoModifier)
    event.ignore()
    QApplication.sendEvent(editor, event)
    return event.isAccepted()


def test_tab_and_escape_go_to_the_input_method_while_it_composes(qtbot, rig: EditorRig) -> None:
    """Input methods see keys before the widget (Qt's platform input context filters them);
    the editor must not hold on to a suggestion that would take Tab/Esc meanwhile, and must
    act on nothing the IME lets through. (Tab is always claimed over shortcuts by Qt's text
    control, so only Esc shows in ShortcutOverride.)"""
    qtbot.keyClicks(rig.editor, "Hello")
    wait_ghost(qtbot, rig.editor)
    assert _claims_shortcut(rig.editor, Qt.Key.Key_Escape)  # a suggestion is shown: Esc is ours
    settle(rig.service)
    calls = len(rig.engine.calls)
    preedit(rig.editor, "nihao")  # composing: the suggestion goes, the keys are the IME's
    assert rig.editor.ghost is None and rig.editor.composing
    assert not _claims_shortcut(rig.editor, Qt.Key.Key_Escape)
    assert not rig.editor.accept_ghost() and not rig.editor.accept_next_word()
    qtbot.keyClick(rig.editor, Qt.Key.Key_Escape)  # an Esc the IME let through changes nothing
    assert rig.editor.composing and rig.editor.toPlainText() == "Hello"
    assert rig.editor.textCursor().block().layout().preeditAreaText() == "nihao"
    rig.controller.request_now()
    settle(rig.service)
    assert len(rig.engine.calls) == calls and rig.editor.ghost is None
    preedit(rig.editor, "")  # the IME cancels the composition (its Esc): nothing committed
    # ... or hides it and keeps the input (libpinyin's Tab): the editor cannot tell which.
    assert rig.editor.composing and rig.editor.toPlainText() == "Hello"
    commit_text(rig.editor, "你")  # a committed character gets a suggestion as usual
    wait_ghost(qtbot, rig.editor, "好，世界")
    assert rig.engine.calls[-1] == "Hello你"
    qtbot.keyClick(rig.editor, Qt.Key.Key_Tab)
    assert rig.editor.toPlainText() == "Hello你好，世界"


def test_a_result_arriving_during_composition_is_not_shown(qtbot, rig: EditorRig) -> None:
    import threading

    rig.engine.gate = threading.Event()
    qtbot.keyClicks(rig.editor, "Hello")
    qtbot.waitUntil(lambda: rig.engine.started.acquire(blocking=False))  # engine is busy
    preedit(rig.editor, "wo")
    rig.engine.gate.set()
    settle(rig.service)
    assert rig.editor.ghost is None
    assert rig.editor.textCursor().block().layout().preeditAreaText() == "wo"
    assert rig.editor.toPlainText() == "Hello"


def test_committed_ime_text_types_through(qtbot, rig: EditorRig) -> None:
    type_unicode(rig.editor, "你")
    wait_ghost(qtbot, rig.editor, "好，世界")
    commit_text(rig.editor, "好")
    assert rig.editor.toPlainText() == "你好"
    assert rig.editor.ghost is not None and rig.editor.ghost.text == "，世界"


def test_copy_and_word_count_never_see_the_ghost(qtbot, rig: EditorRig) -> None:
    from writer_app.editor.word_counter import WordCounter

    counter = WordCounter(rig.editor.document())
    qtbot.keyClicks(rig.editor, "Hello")
    wait_ghost(qtbot, rig.editor)
    assert (counter.words, counter.chars) == (1, 5)
    QGuiApplication.clipboard().clear()
    qtbot.keyClick(rig.editor, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(rig.editor, Qt.Key.Key_C, CTRL)
    assert QGuiApplication.clipboard().text() == "Hello"


def _darkest(editor, rect: QRect) -> int:  # noqa: ANN001
    """The lowest lightness (0-255) painted in ``rect`` of the editor's viewport."""
    image = editor.viewport().grab().toImage()
    rect = rect.intersected(image.rect())
    return min((QColor(image.pixel(x, y)).lightness()
                for x in range(rect.left(), rect.right() + 1)
                for y in range(rect.top(), rect.bottom() + 1)), default=255)


def test_long_ghost_text_wraps_at_the_window_edge_in_a_muted_colour(qtbot, rig: EditorRig) -> None:
    """It wraps onto the lines below, painted over them (the next paragraph's first
    line here) while shown; the document's layout never changes."""
    editor = rig.editor
    editor.resize(260, 200)
    editor.set_document_text("Start\nNext paragraph")
    editor.moveCursor(QTextCursor.MoveOperation.EndOfBlock)
    QApplication.processEvents()
    block = editor.textCursor().block()
    one_line = editor.blockBoundingRect(block).height()
    below = editor.blockBoundingGeometry(block.next()).translated(editor.contentOffset()).toRect()
    assert _darkest(editor, below) < 100  # the next paragraph, in the text colour
    long_text = " and this suggestion is much too long to fit on a single line of the editor"
    assert editor.show_ghost(GhostText(editor.revision, editor.cursor_position(), (long_text,)))
    qtbot.waitUntil(lambda: editor.visible_ghost is not None)
    assert block.layout().lineCount() == 1 and block.layout().preeditAreaText() == ""
    assert editor.blockBoundingRect(block).height() == one_line
    # The line below holds only ghost text now: its pixels are the muted colour.
    muted = muted_color(editor.palette())
    darkest = _darkest(editor, below)
    assert darkest >= muted.lightness() - 10  # nothing as dark as normal text
    assert darkest < 250  # but something was drawn there
    right_of_text = QRect(editor.viewport().width() - 3, 0, 3, editor.viewport().height())
    assert _darkest(editor, right_of_text) > 250  # it wrapped before the edge
    editor.dismiss_ghost()
    QApplication.processEvents()
    assert _darkest(editor, below) < 100  # the paragraph below is back
    assert editor.document_text() == "Start\nNext paragraph"


def test_show_ghost_refuses_a_stale_anchor(qtbot, rig: EditorRig) -> None:
    qtbot.keyClicks(rig.editor, "abc")
    settle(rig.service)
    old = GhostText(rig.editor.revision - 1, rig.editor.cursor_position(), ("x",))
    assert not rig.editor.show_ghost(old)
    moved = GhostText(rig.editor.revision, 1, ("x",))
    assert not rig.editor.show_ghost(moved)
    assert rig.editor.ghost is None


def test_showing_and_hiding_the_ghost_never_relayouts_the_paragraph(qtbot, rig: EditorRig) -> None:
    """Qt relayouts a whole block on every change to it (a 1 MB paragraph: ~1 s). The
    ghost is painted over the text instead: the document's layout is not asked to do
    anything, the block's lines stay as they were, and the document is untouched."""
    editor = rig.editor
    editor.resize(300, 200)
    paragraph = "a long paragraph of words that wraps over many lines " * 40
    editor.set_document_text(paragraph + "\nthe next one")
    cursor = editor.textCursor()
    cursor.setPosition(len(paragraph))
    editor.setTextCursor(cursor)
    QApplication.processEvents()
    block = cursor.block()
    lines_before = [block.layout().lineAt(i).textLength() for i in range(block.layout().lineCount())]
    relayouts: list[object] = []
    doc_layout = editor.document().documentLayout()
    doc_layout.updateBlock.connect(relayouts.append)
    doc_layout.update.connect(relayouts.append)
    doc_layout.documentSizeChanged.connect(relayouts.append)
    editor.document().contentsChange.connect(lambda *args: relayouts.append(args))
    revision = editor.revision
    for text in (" and a suggestion long enough to wrap at the edge of the window", " short"):
        assert editor.show_ghost(GhostText(editor.revision, editor.cursor_position(), (text,)))
        qtbot.waitUntil(lambda: editor.visible_ghost is not None)
        editor.dismiss_ghost()
        QApplication.processEvents()
    assert relayouts == [] and editor.revision == revision
    assert block.layout().preeditAreaText() == ""
    assert [block.layout().lineAt(i).textLength()
            for i in range(block.layout().lineCount())] == lines_before


def test_a_key_acts_only_on_a_suggestion_painted_before_it(qtbot, rig: EditorRig) -> None:
    """The race of a result that arrives just before Tab: the result is delivered first,
    the Tab (already in the queue) before the repaint that would show it. Tab indents
    and the unseen suggestion goes."""
    rig.engine.answers = {"stormy": Suggestion(" night", [], 0.9)}
    rig.engine.gate = threading.Event()
    qtbot.keyClicks(rig.editor, "stormy")
    qtbot.waitUntil(lambda: rig.engine.started.acquire(blocking=False))
    rig.engine.gate.set()
    assert rig.service.wait_idle(10000)  # the result is queued for the GUI thread
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):  # queued behind it
        QApplication.postEvent(rig.editor, QKeyEvent(kind, Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier))
    qtbot.waitUntil(lambda: rig.editor.toPlainText() != "stormy")
    assert rig.editor.toPlainText() == "stormy\t"
    assert rig.controller.results_shown == 1  # it was shown, but not yet painted
    rig.engine.gate = None
    rig.editor.undo()
    rig.controller.request_now()
    wait_ghost(qtbot, rig.editor, " night")  # painted: now Tab takes it
    qtbot.keyClick(rig.editor, Qt.Key.Key_Tab)
    assert rig.editor.toPlainText() == "stormy night"


def test_a_latin_ghost_after_chinese_text_sits_on_the_line_baseline(qtbot, rig: EditorRig) -> None:
    """A line holding Han characters takes the CJK font's ascent; the ghost "tion" after
    "func" must be drawn on that line's baseline, not raised by the difference."""
    from writer_app.editor.ghost_painting import lay_out_ghost

    editor = rig.editor
    editor.set_document_text("在Go语言中，定义函数要用关键字func")
    editor.moveCursor(QTextCursor.MoveOperation.End)
    QApplication.processEvents()
    block = editor.textCursor().block()
    line = block.layout().lineForTextPosition(editor.cursor_position() - block.position())
    origin = editor.blockBoundingGeometry(block).translated(editor.contentOffset()).topLeft()
    text_baseline = origin.y() + line.y() + line.ascent()
    for ghost_text in ("tion", "的时候"):
        painting = lay_out_ghost(editor, GhostText(editor.revision, editor.cursor_position(),
                                                   (ghost_text,)), "")
        assert painting is not None
        first = painting[0].lineAt(0)
        assert abs(first.position().y() + first.ascent() - text_baseline) < 0.5, ghost_text


def test_alt_keys_type_nothing(qtbot, rig: EditorRig) -> None:
    """Alt+] / Alt+[ are the alternatives' keys: with no ghost they must not type "]". A
    tester's Alt+D, meant for a question that had no focus, typed "d" into a paragraph: no
    Alt+letter is text; Ctrl+Alt (AltGr on Windows) is."""
    editor = rig.editor
    editor.set_document_text("Hello")
    editor.moveCursor(QTextCursor.MoveOperation.End)
    assert editor.visible_ghost is None
    alt = Qt.KeyboardModifier.AltModifier
    for key, text, mods in ((Qt.Key.Key_BracketRight, "]", alt), (Qt.Key.Key_BracketLeft, "[", alt),
                            (Qt.Key.Key_D, "d", alt), (Qt.Key.Key_X, "X", alt | Qt.KeyboardModifier.ShiftModifier),
                            (Qt.Key.Key_E, "€", alt | Qt.KeyboardModifier.ControlModifier)):
        QApplication.sendEvent(editor, QKeyEvent(QEvent.Type.KeyPress, key, mods, text))
    assert editor.document_text() == "Hello€"


def test_a_word_the_right_edge_would_cut_starts_on_the_line_below(qtbot, rig: EditorRig) -> None:
    """"...the sun was shi" at the right edge: the ghost "ning. " is not split into "ni" and
    "ng." across the edge; it starts on the next line, where typing it would put the word.
    With room on the line it stays beside the caret, and Chinese (which breaks anywhere)
    fills the line."""
    from PySide6.QtGui import QFontMetricsF

    from writer_app.editor.ghost_painting import lay_out_ghost

    editor = rig.editor
    editor.resize(320, 300)
    editor.setLineWrapMode(editor.LineWrapMode.WidgetWidth)
    metrics = QFontMetricsF(editor.document().defaultFont())
    for pad in range(1, 400):  # a line that "shi" ends with room for "n" but not "ning."
        editor.set_document_text("I" * pad + " was a cold morning and the sun was shi")
        editor.moveCursor(QTextCursor.MoveOperation.End)
        QApplication.processEvents()
        block = editor.textCursor().block()
        line = block.layout().lineForTextPosition(editor.cursor_position() - block.position())
        room = line.x() + line.width() - line.cursorToX(editor.cursor_position() - block.position())[0]
        if line.lineNumber() == 0 and 2 * metrics.horizontalAdvance("n") < room < metrics.horizontalAdvance("ning."):
            break
    else:
        raise AssertionError("no padding put the caret near the right edge")

    top = editor.blockBoundingGeometry(block).translated(editor.contentOffset()).top() + line.y()
    paintings = []  # a QTextLine lives as long as its layout

    def first_line(text: str):
        painting = lay_out_ghost(editor, GhostText(editor.revision, editor.cursor_position(), (text,)), "")
        assert painting is not None
        paintings.append(painting)
        return painting[0].lineAt(0)

    below = first_line("ning. It was")
    assert below.position().y() >= top + line.height() - 0.5 and below.position().x() < line.x() + 5
    assert below.textLength() >= len("ning.")
    beside = first_line("n")
    assert abs(beside.position().y() - top) < line.height() / 2
    chinese = first_line("的时候很长很长很长很长很长很长")
    assert abs(chinese.position().y() - top) < line.height() / 2


def test_the_ghost_colour_is_readable_on_light_and_dark(qtbot) -> None:  # noqa: ANN001
    """A tester measured the grey at 3.9:1 on white (Qt's placeholder, the text colour at
    half alpha), under the 4.5:1 contrast readable text needs (WCAG 2.1, 1.4.3)."""
    from PySide6.QtGui import QColor, QPalette

    def luminance(c: QColor) -> float:
        def linear(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
        return 0.2126 * linear(c.redF()) + 0.7152 * linear(c.greenF()) + 0.0722 * linear(c.blueF())

    for text, base in ((QColor(0, 0, 0), QColor(255, 255, 255)), (QColor(230, 230, 230), QColor(30, 30, 30))):
        palette = QPalette()
        placeholder = QColor(text)
        placeholder.setAlphaF(0.5)
        palette.setColor(QPalette.ColorRole.PlaceholderText, placeholder)
        palette.setColor(QPalette.ColorRole.Base, base)
        muted = muted_color(palette)
        lighter, darker = sorted((luminance(muted), luminance(base)), reverse=True)
        assert (lighter + 0.05) / (darker + 0.05) >= 4.5
        assert muted != text  # still a grey, not the text's colour
