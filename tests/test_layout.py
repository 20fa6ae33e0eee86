"""The package layout's rules: Qt only in the Qt packages, torch nowhere in the app, and no
module of the app over MAX_LINES lines.

``writer_app.editor`` (the ghost-text editor) and ``writer_app.ui`` (windows, dialogs) are
the Qt packages; every other package of the app, and the editor's plain rule modules,
must import without loading PySide6, so they run and are tested without a display. A
module that grows past MAX_LINES (the project's guide) is split by job into modules whose
names say what they hold.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import writer_app

REPO = Path(__file__).resolve().parent.parent
QT_PACKAGES = ("editor", "ui")
# The editor's rules that need no Qt (imported by its widgets, tested without a display).
EDITOR_RULES = ("composition", "ghost_text", "long_lines", "suggestion_policy", "text_stats")
MAX_LINES = 500


def _qt_free_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(writer_app.__path__, "writer_app."):
        parts = info.name.split(".")
        if len(parts) > 1 and parts[1] in QT_PACKAGES:
            if len(parts) == 3 and parts[2] in EDITOR_RULES:
                names.append(info.name)
            continue
        if info.name in ("writer_app.__main__", "writer_app.app", "writer_app.self_test"):
            continue  # the Qt application itself and its window-opening self-test
        names.append(info.name)
    return names


def test_the_packages_by_area_exist_and_core_is_gone() -> None:
    packages = {info.name for info in pkgutil.iter_modules(writer_app.__path__) if info.ispkg}
    assert packages >= {"text", "files", "inference", "engine", "settings", "retrain", "editor", "ui"}
    assert "core" not in packages


def test_no_qt_or_torch_outside_the_qt_packages() -> None:
    modules = _qt_free_modules()
    assert {"writer_app.files.recovery", "writer_app.engine.child_process", "writer_app.retrain.job",
            "writer_app.settings.app_settings", "writer_app.editor.ghost_text"} <= set(modules)
    code = ("import importlib, sys\n"
            f"for name in {modules!r}:\n"
            "    importlib.import_module(name)\n"
            "    bad = [m for m in ('PySide6', 'torch') if m in sys.modules]\n"
            "    assert not bad, (name, bad)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=False)
    assert out.returncode == 0, out.stderr


def test_no_module_of_the_app_is_over_the_line_limit() -> None:
    package = Path(writer_app.__file__).parent
    sizes = {path.relative_to(REPO).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
             for path in sorted(package.rglob("*.py"))}
    assert "writer_app/inference/suggester.py" in sizes
    assert {name: n for name, n in sizes.items() if n > MAX_LINES} == {}
