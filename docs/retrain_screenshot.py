"""Offscreen screenshots of the Retrain dialog's first and last pages.

    QT_QPA_PLATFORM=offscreen python docs/retrain_screenshot.py BASE_MODEL NEW_MODEL PATH...

Writes docs/retrain_choose.png (PATH... chosen, as scanned) and docs/retrain_result.png
(the before/after report stored in NEW_MODEL's card by a real run). Nothing is trained.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication  # noqa: E402

from writer_app.inference.model_folder import load_card_json  # noqa: E402
from writer_app.retrain.model_store import ModelStore  # noqa: E402
from writer_app.ui.prompts import QtPrompter  # noqa: E402
from writer_app.ui.retrain_dialog import RetrainDialog  # noqa: E402

DOCS = Path(__file__).resolve().parent


class Host:
    def __init__(self, base: Path, store: ModelStore) -> None:
        self.base, self.model_store = base, store

    def model_folder(self) -> Path:
        return self.base

    def use_model(self, folder: Path | None) -> None:
        pass


def main(argv: list[str]) -> int:
    base, new, *paths = (Path(a) for a in argv)
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        dialog = RetrainDialog(Host(base, ModelStore(Path(tmp))), QtPrompter())
        dialog.show()
        dialog.add_paths(paths)
        app.processEvents()
        dialog.grab().save(str(DOCS / "retrain_choose.png"))
        card = load_card_json(new)
        dialog.target = new
        dialog.runner.state.apply({"event": "report", "report": card["retrain"]["report"]})
        dialog._on_finished("done", card["name"])
        app.processEvents()
        dialog.grab().save(str(DOCS / "retrain_result.png"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
