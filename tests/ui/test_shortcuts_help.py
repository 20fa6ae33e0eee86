"""Help → Keyboard Shortcuts lists what the menus' keys are now."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QTableWidget

from writer_app.settings.app_settings import Settings
from writer_app.ui.shortcuts_help import shortcut_rows

from .conftest import AppFactory


def test_the_list_is_read_from_the_menus(qtbot, make_app: AppFactory) -> None:
    w = make_app(replace(Settings(), ask_now_key="Ctrl+J")).windows[0]
    rows = {(menu, command): keys for menu, command, keys in shortcut_rows(w.menuBar())}
    native = QKeySequence.SequenceFormat.NativeText
    assert rows[("File", "Save")] == QKeySequence(QKeySequence.StandardKey.Save).toString(native)
    assert rows[("Suggestions", "Accept")] == "Tab"  # a key the editor handles, from the label
    assert rows[("Suggestions", "Accept Next Word")] == "Ctrl+Right"
    assert rows[("Suggestions", "Suggest Now")] == "Ctrl+J"  # as set in Settings
    assert "Ctrl+=" in rows[("Format", "Zoom In")].split("  or  ")
    assert ("Model", "Manage Models…") not in rows  # no key: not listed
    assert "Redo" not in rows[("Edit", "Redo")]  # the dedicated Redo key some keyboards have: left out
    assert rows[("Help", "Keyboard Shortcuts")] == "F1"
    assert rows[("Edit", "Go to Line…")] == "Ctrl+G" and rows[("Edit", "Find Next")] == "F3"
    assert rows[("View", "Full Screen")].split("  or  ")[0] == "F11"
    # Sun keyboards' F13-F35, which Qt binds on X11 (Cut: F20), are not every writer's keys
    assert not any(f"F{n}" in keys.split("  or  ") for keys in rows.values() for n in range(13, 36))
    w.act_shortcuts.trigger()
    w.act_shortcuts.trigger()  # again: one list, made afresh
    qtbot.wait(10)  # the first one's deferred delete
    shown = [d for d in w.findChildren(QDialog) if d.windowTitle() == "Keyboard Shortcuts"]
    assert len(shown) == 1 and shown[0].isVisible()
    assert shown[0].findChild(QTableWidget).rowCount() == len(rows)
    shown[0].close()
