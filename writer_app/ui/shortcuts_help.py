"""Help → Keyboard Shortcuts: every menu command that has a key, read from the menus
themselves, so the list is always what the keys do now (the ask-now key as set in
Settings, the platform's standard keys).

``shortcut_rows`` reads a menu bar into plain rows (tested as data); ``show_shortcuts``
shows them in a table.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMenuBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from writer_app.ui.menu_keys import shown_text

_Native = QKeySequence.SequenceFormat.NativeText
WINDOW_NAME = "keyboard-shortcuts"  # the open list's objectName (one per window)


def _on_a_keyboard(key: QKeySequence) -> bool:
    """A key every keyboard has (letters, Tab, arrows, F1-F12 with modifiers), not one of
    the dedicated keys some platforms bind too (Redo, Zoom In, Help) nor F13-F35, which Qt
    binds for Sun keyboards (a first-day tester's list read "Cut: Ctrl+X or F20")."""
    return not key.isEmpty() and key[0].key().value <= Qt.Key.Key_F12.value


def _keys(action: QAction) -> str:
    """The action's keys (_on_a_keyboard) as the platform writes them ("Ctrl+S"), several
    joined with "  or  "; a key shown only in the label's shortcut column (after a tab:
    the suggestion keys, which the editor handles itself) when it has none of its own."""
    keys = [k.toString(_Native) for k in action.shortcuts() if _on_a_keyboard(k)]
    if not keys and "\t" in action.text():
        keys = [QKeySequence(action.text().split("\t", 1)[1]).toString(_Native)]
    return "  or  ".join(keys)


def shortcut_rows(bar: QMenuBar) -> list[tuple[str, str, str]]:
    """(menu, command, keys) for each command of ``bar``'s menus that has a key, in menu
    order; submenus are read too ("File › Open Recent")."""
    rows: list[tuple[str, str, str]] = []

    def walk(title: str, actions: list[QAction]) -> None:
        for action in actions:
            if action.menu() is not None:
                walk(f"{title} › {shown_text(action.text())}", action.menu().actions())
            elif not action.isSeparator() and (keys := _keys(action)):
                rows.append((title, shown_text(action.text()), keys))

    for top in bar.actions():
        if top.menu() is not None:
            walk(shown_text(top.text()), top.menu().actions())
    return rows


def show_shortcuts(bar: QMenuBar, parent: QWidget) -> QDialog:
    """A non-modal window listing shortcut_rows(bar), replacing one already open (the keys
    may have changed since); returns it (shown)."""
    old = parent.findChild(QDialog, WINDOW_NAME)
    if old is not None:
        old.setObjectName("")
        old.close()
    rows = shortcut_rows(bar)
    table = QTableWidget(len(rows), 3)
    table.setHorizontalHeaderLabels(["Menu", "Command", "Keys"])
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(value))
    table.resizeColumnsToContents()
    table.resizeRowsToContents()
    table.horizontalHeader().setStretchLastSection(True)
    dialog = QDialog(parent)
    dialog.setObjectName(WINDOW_NAME)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setWindowTitle("Keyboard Shortcuts")
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.close)
    layout = QVBoxLayout(dialog)
    layout.addWidget(table)
    layout.addWidget(buttons)
    rows_h = sum(table.rowHeight(r) for r in range(table.rowCount())) + table.horizontalHeader().height()
    dialog.resize(520, min(rows_h + 80, parent.screen().availableGeometry().height() - 80))  # no scrolling
    dialog.show()
    return dialog
