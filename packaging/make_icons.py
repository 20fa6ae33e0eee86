"""Render writer_app/icons/inkling.svg to the PNG sizes a desktop wants (16..256 px).

Run after changing the SVG: ``.venv/bin/python packaging/make_icons.py``. Uses Qt's own
SVG renderer (PySide6.QtSvg, part of the app's dependencies), so no other tool is needed.
Writes writer_app/icons/inkling-<N>.png for N in SIZES (RGBA, transparent background).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "writer_app" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 (Qt needs one)
    renderer = QSvgRenderer(str(ICONS / "inkling.svg"))
    if not renderer.isValid():
        print(f"{ICONS / 'inkling.svg'} is not a valid SVG file.", file=sys.stderr)
        return 1
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        out = ICONS / f"inkling-{size}.png"
        if not image.save(str(out)):
            print(f"Could not write {out}.", file=sys.stderr)
            return 1
        print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
