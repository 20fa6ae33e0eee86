"""The Retrain dialog's result: the old and the new model side by side on the held-out
text (ReportTable), and what the report says about switching (is_better,
fewer_keystrokes_saved). The report is the run's "report" event (training/retrain.py)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem, QWidget


def _change(gain: float, text: str) -> str:
    """A Change cell: ``text`` with what it means (``gain`` > 0: the new model is better)."""
    return f"{text} ({'better' if gain > 0 else 'worse' if gain < 0 else 'same'})"


def fewer_keystrokes_saved(report: dict[str, Any] | None) -> float | None:
    """The points of keystroke savings the new model lost on the held-out text, as the
    table shows them (one decimal: a tester read "saved 0.0 points fewer"), or None when it
    did not lose any (or they were not measured)."""
    try:
        old, new = (round(100 * float(report[k]["ksr"]), 1) for k in ("old", "new"))  # type: ignore[index]
    except (KeyError, TypeError, ValueError):
        return None
    lost = round(old - new, 1)
    return lost if lost > 0 else None


BPB_SHOWN = 0.001  # bits per byte as the report table shows them (three decimals)


def too_little(report: dict[str, Any] | None) -> str | None:
    """The run's sentence when its held-out text was too short to tell the models apart
    (report["held_out"]["enough"] false: under retrain_data.MIN_VALIDATION_CHARS), else None."""
    held = (report or {}).get("held_out") or {}
    return str(held.get("too_little") or "too little held-out text to tell") if held.get("enough") is False else None


def is_better(report: dict[str, Any] | None) -> bool:
    """Whether the new model should replace the old one: held-out bits per byte lower by at
    least BPB_SHOWN (the less noisy of the two measures; a tester's 1.650 → 1.650, "-0.000
    (better)", switched him to a model that saved fewer keystrokes), on enough held-out
    text to tell (``too_little``). Without a report, trust the run."""
    if too_little(report):
        return False
    try:
        return report is None or float(report["new"]["bpb"]) <= float(report["old"]["bpb"]) - BPB_SHOWN
    except (KeyError, TypeError, ValueError):
        return True


def held_out_sentence(report: dict[str, Any]) -> str:
    """What the figures were measured on, as a sentence."""
    held = report.get("held_out", {})
    return (f"Measured on text the training never saw: {held.get('how', '')}; bits per byte "
            f"over {held.get('bpb_bytes', 0):,} bytes, keystroke savings typing "
            f"{held.get('ksr_chars', 0):,} characters.")


def _head(what: str, name: object) -> str:
    """A column head: "Model before" and the model's name, "My English writing, 30 Nov…" on two lines."""
    return f"{what}\n" + str(name or "").replace(", ", ",\n", 1)


class ReportTable(QTableWidget):
    """Bits per byte and keystroke savings: current model, new model, change."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(2, 3, parent)
        self.setHorizontalHeaderLabels(["Model before", "New model", "Change"])
        self.setVerticalHeaderLabels(["Bits per byte (lower is better)",
                                      "Keystroke savings (higher is better)"])
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.horizontalHeader()  # model names are whole; Change takes the rest
        for col, mode in enumerate((QHeaderView.ResizeMode.ResizeToContents,
                                    QHeaderView.ResizeMode.ResizeToContents,
                                    QHeaderView.ResizeMode.Stretch)):
            header.setSectionResizeMode(col, mode)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def show_report(self, report: dict[str, Any]) -> None:
        """Fill the cells from ``report`` ("old" and "new": name, bpb, ksr) and show them."""
        old, new = report.get("old", {}), report.get("new", {})
        self.setHorizontalHeaderLabels(
            [_head("Model before", old.get("name")), _head("New model", new.get("name")), "Change"])
        x, y = (f"{r['bpb']:.3f}" for r in (old, new))  # the change of the figures as shown
        bpb_change = _change(float(x) - float(y), f"{float(y) - float(x):+.3f}")
        rows: list[tuple[str, str, str]] = [(x, y, bpb_change)]
        if old.get("ksr") is not None and new.get("ksr") is not None:
            a, b = (f"{100 * r['ksr']:.1f}" for r in (old, new))  # the change of the figures as shown
            points = float(b) - float(a)
            rows.append((f"{a}%", f"{b}%", _change(points, f"{points:+.1f} points")))
        else:
            rows.append(("–", "–", "not measured"))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.setItem(r, c, item)
        rows_h = self.rowCount() * self.verticalHeader().defaultSectionSize()
        self.setFixedHeight(self.horizontalHeader().sizeHint().height() + rows_h
                            + 2 * self.frameWidth() + 2)
        self.setVisible(True)
