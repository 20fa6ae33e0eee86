"""Every message that sends the writer to a menu item ("Model → Use Default Model") names
one the window has: a tester was sent to "Manage Models → Use Default Model", a button
Manage Models does not have (Use Default Model is in the Model menu)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import writer_app

PACKAGE = Path(writer_app.__file__).parent
PATH = re.compile(r"(\w+) → ")  # "Model → Manage Models…": a menu's title, then an item


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the Constant nodes that are docstrings (not messages)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def message_texts() -> list[tuple[str, str]]:
    """(file, text) of each string in the app's code that is not a docstring; an f-string's
    fields are "{}"."""
    texts = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
                text = node.value
            else:
                continue
            texts.append((path.name, text))
    return texts


def menu_items(window) -> dict[str, list[str]]:  # noqa: ANN001
    """Each menu's title -> its items' texts, as the writer reads them (no &, no keys)."""
    def plain(text: str) -> str:
        return text.split("\t")[0].replace("&", "")

    return {plain(menu.title()): [plain(a.text()) for a in menu.actions() if a.text()]
            for menu in (a.menu() for a in window.menuBar().actions())}


def test_every_menu_path_in_a_message_names_an_item_of_that_menu(qtbot, make_app) -> None:  # noqa: ANN001
    menus = menu_items(make_app().windows[0])
    assert "Use Default Model" in menus["Model"] and "Manage Models…" in menus["Model"]
    wrong = []
    for where, text in message_texts():
        for match in PATH.finditer(text):
            rest = text[match.end():]
            items = menus.get(match.group(1), [])
            if not any(rest.startswith((item, item.removesuffix("…"))) for item in items):
                wrong.append(f"{where}: {text[match.start():match.end() + 30]!r}")
    assert wrong == []
