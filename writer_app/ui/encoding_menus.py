"""File → Reopen with Encoding and File → Save with Encoding: one list of encodings
(text_codec.REOPEN_ENCODINGS; Save adds UTF-8 with BOM: SAVE_ENCODINGS), the file's own marked.

Reopen reads the file again as the encoding chosen (the detected one was wrong); Save with
Encoding writes the text to a file in the encoding chosen (a GBK file saved as UTF-8).
"""

from __future__ import annotations

import codecs
from collections.abc import Callable

from PySide6.QtGui import QActionGroup
from PySide6.QtWidgets import QMenu

from writer_app.files.text_codec import REOPEN_ENCODINGS


def encoding_menu(menu: QMenu, choose: Callable[[str], object],
                  state: Callable[[], tuple[str | None, bool]],
                  encodings: tuple[tuple[str, str], ...] = REOPEN_ENCODINGS) -> QMenu:
    """Fill ``menu`` with one checkable item per encoding ((label, codec) pairs), calling
    ``choose(codec)`` when one is picked. ``state()`` is asked as the menu opens: (the document's codec, marked in
    the list however it is spelled, "utf_16_be" as "utf-16-be"; or None: none marked),
    and whether the items are enabled."""
    group = QActionGroup(menu)  # one encoding at a time: radio marks
    for label, codec in encodings:
        action = menu.addAction(label)
        action.setData(codec)
        action.setCheckable(True)
        group.addAction(action)
        action.triggered.connect(lambda _c=False, e=codec: choose(e))

    def refresh() -> None:
        current, enabled = state()
        name = codecs.lookup(current).name if current is not None else None
        for action in menu.actions():
            action.setEnabled(enabled)
            action.setChecked(codecs.lookup(action.data()).name == name)

    menu.aboutToShow.connect(refresh)
    return menu
