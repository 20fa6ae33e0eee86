"""Help → About Inkling: the version, what stays on this computer and where, and the
models in use with the data they were trained on (their cards' ``training.data``).

``about_html`` builds the text from plain values (no widgets), so it is tested as text;
``show_about`` puts it in Qt's about box.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from importlib.metadata import PackageNotFoundError, metadata
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from writer_app import DISTRIBUTION
from writer_app.engine.model_choice import language_name
from writer_app.inference.model_card import ModelCard

PRIVACY = ("Inkling runs on this computer only: it opens no network connection, sends no "
           "usage data, and your text is never sent anywhere.")


def licence() -> str:
    """The distribution's licence (pyproject.toml's SPDX expression, read from the installed
    metadata), or "" when Inkling is not installed."""
    try:
        data = metadata(DISTRIBUTION)
    except PackageNotFoundError:
        return ""
    return data.get("License-Expression") or data.get("License") or ""


def model_html(folder: Path) -> str:
    """One model as an HTML list item: language, name, description, and the sources it was
    trained on with their licences (held-out sources, weight 0, left out); a folder whose
    card cannot be read is named with that said."""
    card = ModelCard.try_read(folder)
    if card is None:
        return f"<li>{escape(str(folder))} (its model card cannot be read)</li>"
    language = language_name(card.language)
    parts = [f"<b>{escape(language)}: {escape(card.name)}</b>"]
    if card.description:
        parts.append(escape(card.description))
    sources: dict[str, str] = {}
    for d in card.training.data if card.training else ():
        if d.weight > 0:
            sources.setdefault(d.source, d.license)
    if sources:
        parts.append("Trained on: " + "; ".join(
            f"{escape(source)} ({escape(licence)})" for source, licence in sources.items()) + ".")
    parts.append(f"<small>{escape(str(folder))}</small>")
    return "<li>" + "<br>".join(parts) + "</li>"


def about_html(version: str, models: Sequence[Path], places: Sequence[tuple[str, Path]]) -> str:
    """The about box's text (HTML): ``version``, PRIVACY, ``places`` (what, where: the
    files Inkling keeps for the user) and each of ``models`` (model_html)."""
    lines = [f"<h3>Inkling {escape(version)}</h3>",
             "<p>A writing assistant: a small language model on your computer suggests how "
             "your sentence goes on.</p>",
             f"<p>{escape(PRIVACY)}</p>"]
    if places:
        lines.append("<p>What Inkling keeps for you:</p><ul>" + "".join(
            f"<li>{escape(what)}: {escape(str(where))}</li>" for what, where in places) + "</ul>")
    if models:
        lines.append("<p>Models in use:</p><ul>" + "".join(model_html(m) for m in models) + "</ul>")
    terms = licence()
    terms = f" Licence: {escape(terms)}." if terms else ""
    lines.append(f"<p>Made with Qt (PySide6), ONNX Runtime and Hugging Face Tokenizers.{terms}</p>")
    return "\n".join(lines)


def show_about(parent: QWidget, version: str, models: Sequence[Path],
               places: Sequence[tuple[str, Path]]) -> None:
    """Qt's about box with about_html(...)."""
    QMessageBox.about(parent, "About Inkling", about_html(version, models, places))
