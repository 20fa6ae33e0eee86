"""A non-modal Find/Replace panel working on the editor's document. Replacing is off
while the editor is read-only (finding still works). "Whole words" is
writer_app.text.words.is_whole_word (Chinese words by the segmenter; Qt's own
FindWholeWords sees a Chinese sentence as one word).

Enter is Find Next wherever the focus is, but on a button, where Enter presses that button
as Space does (_Button)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from writer_app.editor.ghost_editor import GhostTextEdit
from writer_app.text.words import is_whole_word

_Flag = QTextDocument.FindFlag
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class _Button(QPushButton):
    """A dialog button that Enter presses while it has the focus, and that never becomes the
    dialog's default by taking the focus (autoDefault off). With Qt's autoDefault, the button
    that had the focus when the dialog was closed became the default again when it was shown
    (QDialog sends it a focus-in then, and no focus-out follows when another field takes the
    focus), so Enter in the Find field ran Replace All (a tester's)."""

    def __init__(self, label: str) -> None:
        super().__init__(label)
        self.setAutoDefault(False)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        if event.key() in _ENTER:
            self.click()
        else:
            super().keyPressEvent(event)


class FindReplaceDialog(QDialog):
    def __init__(self, editor: GhostTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Find and Replace")
        self.editor = editor
        self.find_text = QLineEdit()
        self.replace_text = QLineEdit()
        self.match_case = QCheckBox("Match case")
        self.whole_words = QCheckBox("Whole words")
        self.status = QLabel()
        grid = QGridLayout(self)
        grid.addWidget(QLabel("Find:"), 0, 0)
        grid.addWidget(self.find_text, 0, 1)
        grid.addWidget(QLabel("Replace with:"), 1, 0)
        grid.addWidget(self.replace_text, 1, 1)
        grid.addWidget(self.match_case, 2, 0)
        grid.addWidget(self.whole_words, 2, 1)
        buttons = [("Find Next", self.find_next), ("Find Previous", self.find_previous),
                   ("Replace", self.replace_one), ("Replace All", self.replace_all)]
        self.buttons: dict[str, QPushButton] = {}
        for i, (label, slot) in enumerate(buttons):
            button = self.buttons[label] = _Button(label)
            button.clicked.connect(slot)
            grid.addWidget(button, i, 2)
        # Enter outside the buttons is Find Next, once (the default; no button takes its place)
        self.buttons["Find Next"].setDefault(True)
        grid.addWidget(self.status, 4, 0, 1, 3)
        editor.read_only_changed.connect(self._allow_replacing)
        self._allow_replacing(editor.isReadOnly())

    def _allow_replacing(self, read_only: bool) -> None:
        for widget in (self.replace_text, self.buttons["Replace"], self.buttons["Replace All"]):
            widget.setEnabled(not read_only)

    def show_find(self, replace: bool) -> None:
        """Show the panel, titled "Find and Replace" or (``replace`` False) "Find", with the
        editor's one-line selection as the text to find; the focus goes to the Find field
        (to Replace with when replacing the selection just taken as the text to find, as in
        VS Code: a search left from before is what the writer retypes, and a tester's
        typing meant for it went into Replace with), its text selected. Reopened, it says
        nothing of a search made before (a tester's "Replaced 1 occurrence" stayed)."""
        if not self.isVisible():
            self.status.clear()
        selected = self.editor.textCursor().selectedText()
        seeded = bool(selected) and "\u2029" not in selected
        if seeded:
            self.find_text.setText(selected)
        self.setWindowTitle("Find and Replace" if replace else "Find")
        self.show()
        self.raise_()
        self.activateWindow()
        field = self.replace_text if replace and seeded else self.find_text
        field.setFocus()
        field.selectAll()  # typing replaces what it held, as in other editors

    def _flags(self, backward: bool = False) -> QTextDocument.FindFlag:
        flags = _Flag(0)
        if self.match_case.isChecked():
            flags |= _Flag.FindCaseSensitively
        if backward:
            flags |= _Flag.FindBackward
        return flags

    def find_next(self) -> bool:
        return self._find(backward=False)

    def find_previous(self) -> bool:
        return self._find(backward=True)

    def _match(self, start: QTextCursor | int, backward: bool = False) -> QTextCursor:
        """The next match of the Find text from ``start`` (a cursor: after its selection,
        or before it going backward; a position), skipping those that are not whole words
        when "Whole words" is ticked; a null cursor when there is none."""
        doc, needle, flags = self.editor.document(), self.find_text.text(), self._flags(backward)
        found = doc.find(needle, start, flags)
        while self.whole_words.isChecked() and not found.isNull():
            block, base = found.block(), found.block().position()
            if is_whole_word(block.text(), found.selectionStart() - base, found.selectionEnd() - base):
                break
            step = QTextCursor(found)  # one character on from where this match begins
            step.setPosition(found.selectionStart() + (0 if backward else 1))
            found = doc.find(needle, step, flags)
        return found

    def _find(self, backward: bool) -> bool:
        needle = self.find_text.text()
        if not needle:
            return False
        self.editor.dismiss_ghost()
        found = self._match(self.editor.textCursor(), backward)
        if found.isNull():  # wrap around once
            found = self._match(self.editor.document().characterCount() if backward else 0, backward)
        if not found.isNull():
            self.editor.setTextCursor(found)
        self.status.setText("" if not found.isNull() else f"“{needle}” not found")
        return not found.isNull()

    def _selection_matches(self) -> bool:
        selected = self.editor.textCursor().selectedText()
        needle = self.find_text.text()
        if self.match_case.isChecked():
            return selected == needle
        return selected.casefold() == needle.casefold()

    def replace_one(self) -> bool:
        """Replace the selected match (none while read-only), then find the next."""
        if self.find_text.text() and self._selection_matches() and not self.editor.isReadOnly():
            self.editor.textCursor().insertText(self.replace_text.text())
        return self.find_next()

    def replace_all(self) -> int:
        """Replace every match as one undo step; returns how many (0 while read-only)."""
        needle = self.find_text.text()
        if not needle or self.editor.isReadOnly():
            return 0
        self.editor.dismiss_ghost()
        # The step opens at the writer's cursor: Undo puts the cursor back where the step
        # opened (a tester's Undo of a Replace All in a long book jumped to its first line).
        edit = self.editor.textCursor()
        edit.beginEditBlock()
        count = 0
        found = self._match(0)
        while not found.isNull():
            found.insertText(self.replace_text.text())
            count += 1
            found = self._match(found.position())
        edit.endEditBlock()
        self.status.setText(f"Replaced {count} occurrence{'s' if count != 1 else ''}")
        return count
