"""The Model menu's choice of model: Automatic, or one model for all text.

The menu's commands (Retrain on My Writing…, Manage Models…, Use Default Model) come first,
where they always are; below them the choice: the Automatic item, then the submenu
"Use One Model for All Text" with each model (engine/model_choice.py, menu_entries), rebuilt
when the menu opens, since models come and go. Each retrain added an entry above Retrain
and Manage Models, which moved down: a tester twice clicked "English: My writing, …" meaning
Retrain, and English then served all text, Chinese too.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget

from writer_app.engine.model_choice import AUTO, ModelEntry
from writer_app.ui.menu_keys import literal

ALL_TEXT_MENU = "Use One Model for &All Text"


class ModelChoices:
    """The exclusive model choices at the end of ``menu``: ``actions`` holds the Automatic
    item first, then each model of the submenu (each action's data is its entry's key)."""

    def __init__(self, menu: QMenu, entries: Callable[[], list[ModelEntry]],
                 choose: Callable[[str], None], parent: QWidget) -> None:
        self._entries, self._choose, self._parent = entries, choose, parent
        self.menu = menu
        self.group = QActionGroup(parent)
        self.group.setExclusive(True)
        menu.addSeparator()  # after the commands: the Automatic item, then the submenu
        self.all_text = menu.addMenu(ALL_TEXT_MENU)
        self.all_text.setToolTipsVisible(True)
        self.menu.setToolTipsVisible(True)
        self.actions: list[QAction] = []

    def refresh(self) -> None:
        """Rebuild the choices from ``entries()`` (exactly one checked)."""
        for action in self.actions:
            self.menu.removeAction(action)
            self.all_text.removeAction(action)
            self.group.removeAction(action)
            action.deleteLater()
        self.actions = []
        for entry in self._entries():
            action = QAction(literal(entry.label), self._parent)  # a name's "&" is no access letter
            action.setCheckable(True)
            action.setChecked(entry.checked)
            action.setEnabled(entry.enabled)
            action.setData(entry.key)
            action.setToolTip(entry.tooltip)
            action.triggered.connect(lambda _checked=False, key=entry.key: self._choose(key))
            self.group.addAction(action)
            if entry.key == AUTO:
                self.menu.insertAction(self.all_text.menuAction(), action)
            else:
                self.all_text.addAction(action)
            self.actions.append(action)

    def action(self, key: str) -> QAction | None:
        """The action for "auto" or a model folder."""
        return next((a for a in self.actions if a.data() == key), None)
