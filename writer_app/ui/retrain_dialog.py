"""Model → Retrain on My Writing…: choose text, run, watch, compare, switch.

Three pages: choose (files and folders, what was found and skipped, budget), run
(progress bar, step/loss/elapsed/remaining, Cancel) and result (old vs new model on
the held-out text; the app already uses the new one, "Switch Back" undoes that).
Training runs in a child process (RetrainRunner); nothing here imports torch. One run
at a time per app (ui/retrain_turns.py): asked to show while another window's dialog
runs, or shows its result, a dialog shows that one instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from writer_app.engine.model_choice import read_card_info
from writer_app.inference.model_folder import folder_problem
from writer_app.retrain.job import (
    BUDGET_LABELS,
    PROJECT_ROOT,
    build_command,
    duration_sentence,
    install_hint,
    missing_training_packages,
    overall_fraction,
    status_line,
)
from writer_app.retrain.model_store import ModelStore, read_version
from writer_app.retrain.run_space import space_problem
from writer_app.retrain.training_files import CJK_WEIGHT, MIN_CHARS, ScanResult, language_note, scan_paths
from writer_app.text.language import EN, ZH
from writer_app.ui import retrain_turns
from writer_app.ui.retrain_report import ReportTable, fewer_keystrokes_saved, held_out_sentence, is_better, too_little
from writer_app.ui.retrain_runner import RetrainRunner


class RetrainHost(Protocol):
    """What the dialog needs from the app."""

    model_store: ModelStore

    def model_folder_for(self, language: str) -> Path: ...

    def use_model(self, folder: Path | None) -> None: ...


class PathPrompter(Protocol):
    def error(self, title: str, message: str) -> None: ...

    def open_paths(self, start: Path | None) -> list[Path]: ...

    def choose_folder(self, title: str, start: Path | None) -> Path | None: ...

    def confirm(self, title: str, message: str, action: str, keep: str = "") -> bool: ...


def model_display_name(folder: Path) -> str:
    version = read_version(folder)
    return version.name if version is not None else folder.name


def _named(folder: Path) -> str:
    """model_display_name for a rich-text label: a name such as "<b>draft</b>" shown as typed."""
    return escape(model_display_name(folder))


class RetrainDialog(QDialog):
    def __init__(self, host: RetrainHost, prompter: PathPrompter, *,
                 missing: Callable[[], list[str]] = missing_training_packages,
                 extra_args: Sequence[str] = (), min_chars: int = MIN_CHARS,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Retrain on My Writing")
        self.host, self.prompter = host, prompter
        self._missing, self._extra, self._min_chars = missing, list(extra_args), min_chars
        self.runner = RetrainRunner(parent=self)
        self.runner.event.connect(self._on_event)
        self.runner.finished.connect(self._on_finished)
        self.scan = ScanResult()
        self.base: Path = self.base_for_text()  # the model a run starts from
        self.target: Path | None = None  # where the run installs
        self.previous: Path | None = None  # the model in use before a successful run
        self.installed: Path | None = None
        self.outcome = ""
        self._close_when_stopped = False  # closed by the writer while running: close once cancelled
        self.cancel_requested = False
        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_choose())
        self.pages.addWidget(self._build_run())
        self.pages.addWidget(self._build_result())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self.resize(700, 460)
        retrain_turns.register(self)
        self.refresh()

    # ------------------------------------------------------------------- pages

    def _build_choose(self) -> QWidget:
        page = QWidget()
        self.base_label = QLabel()
        self.base_label.setWordWrap(True)
        self.sources = QListWidget()
        add_files, add_folder = QPushButton("Add Files…"), QPushButton("Add Folder…")
        self.remove_button = QPushButton("Remove")
        add_files.clicked.connect(self._add_files)
        add_folder.clicked.connect(self._add_folder)
        self.remove_button.clicked.connect(self._remove_selected)
        self.other_text = QCheckBox(
            "In folders, also use other plain-text files (not only .txt and .md)")
        self.other_text.toggled.connect(lambda _on: self.rescan())
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.skipped_view = QPlainTextEdit(readOnly=True)
        self.skipped_view.setMaximumHeight(80)
        self.budget = QComboBox()
        for key, label in BUDGET_LABELS.items():
            self.budget.addItem(label, key)
        self.problem_label = QLabel()
        self.problem_label.setWordWrap(True)
        self.problem_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.start_button = QPushButton("Start Retraining")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)

        buttons = QVBoxLayout()
        for b in (add_files, add_folder, self.remove_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.sources, 1)
        row.addLayout(buttons)
        budget_row = QHBoxLayout()
        budget_row.addWidget(QLabel("Time to spend:"))
        budget_row.addWidget(self.budget, 1)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        bottom.addWidget(self.start_button)
        v = QVBoxLayout(page)
        v.addWidget(self.base_label)
        v.addWidget(QLabel("Your writing (files and folders; they are only read):"))
        v.addLayout(row, 1)
        v.addWidget(self.other_text)
        v.addWidget(self.summary_label)
        v.addWidget(self.skipped_view)
        v.addLayout(budget_row)
        v.addWidget(self.problem_label)
        v.addLayout(bottom)
        return page

    def _build_run(self) -> QWidget:
        page = QWidget()
        self.phase_label = QLabel("Starting…")
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.status_label = QLabel()
        self.log_view = QPlainTextEdit(readOnly=True)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.cancel_button)
        v = QVBoxLayout(page)
        v.addWidget(self.phase_label)
        v.addWidget(self.progress)
        v.addWidget(self.status_label)
        v.addWidget(self.log_view, 1)
        v.addLayout(bottom)
        return page

    def _build_result(self) -> QWidget:
        page = QWidget()
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)  # names as typed, never markup
        self.report_table = ReportTable()
        self.held_label = QLabel()
        self.held_label.setWordWrap(True)
        self.switch_back_button = QPushButton("Switch Back")
        self.switch_back_button.clicked.connect(self.switch_back)
        self.again_button = QPushButton("Back")
        self.again_button.clicked.connect(lambda: self.pages.setCurrentIndex(0))
        self.close_button = close = QPushButton("Close")
        close.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addWidget(self.again_button)
        bottom.addStretch(1)
        bottom.addWidget(self.switch_back_button)
        bottom.addWidget(close)
        v = QVBoxLayout(page)
        v.addWidget(self.result_label)
        v.addWidget(self.report_table)
        v.addWidget(self.held_label)
        v.addStretch(1)
        v.addLayout(bottom)
        return page

    # ------------------------------------------------------------------ choose

    def paths(self) -> list[Path]:
        return [Path(self.sources.item(i).text()) for i in range(self.sources.count())]

    def add_paths(self, paths: Sequence[Path]) -> None:
        known = set(self.paths())
        for p in paths:
            if Path(p) not in known:
                self.sources.addItem(str(p))
                known.add(Path(p))
        self.rescan()

    def _add_files(self) -> None:
        self.add_paths(self.prompter.open_paths(None))

    def _add_folder(self) -> None:
        folder = self.prompter.choose_folder("Folder with your writing", None)
        if folder is not None:
            self.add_paths([folder])

    def _remove_selected(self) -> None:
        for item in self.sources.selectedItems():
            self.sources.takeItem(self.sources.row(item))
        self.rescan()

    def rescan(self) -> None:
        """Scan the chosen paths again (reads the files, never writes) and refresh."""
        paths = self.paths()
        other = self.other_text.isChecked()
        self.scan = scan_paths(paths, other_text=other) if paths else ScanResult()
        self.refresh()

    def problem(self) -> str:
        """Why retraining cannot start now ('' when it can): before any text is chosen,
        about the English model (``base_for_text``), which the message names."""
        missing = self._missing()
        if missing:
            return install_hint(missing)
        busy = retrain_turns.why_not_now(self, self.host.model_store)
        if busy:
            return busy
        base = self.base_for_text()
        damaged = folder_problem(base)  # a tester's run from a model without its tokenizer failed late
        if damaged:
            return f"{model_display_name(base)} cannot be retrained: {damaged}"
        if not (base / "weights.pt").is_file():
            return (f"The model in use ({model_display_name(base)}) cannot be retrained: its "
                    "folder has no weights.pt. Choose Model → Use Default Model first.")
        # A model fixed in the Model menu answers every language: retraining it on writing in
        # the other language would install a model that suggests the wrong language.
        return (language_note(self.scan, read_card_info(base).language, model_display_name(base))
                or space_problem(base, self.host.model_store.root))

    def base_for_text(self) -> Path:
        """The model a run starts from: the one the app uses for the language of the chosen
        text (Chinese when most of its characters are), so Chinese writing retrains the
        Chinese model wherever the cursor is, in any window; the English one before any text
        is chosen (the label then names each language's: ``starting_from``). Not the model
        of the last text typed in: a tester's empty new window offered the Chinese model,
        that of the text in the window typed in before."""
        return self.host.model_folder_for(ZH if self.scan.chars and self.scan.mostly_chinese else EN)

    def starting_from(self) -> str:
        """What the run will start from, for the label: the model for the chosen text's
        language; before any is chosen, the one for each language (one name when a model
        fixed in the Model menu serves both)."""
        if self.scan.chars:
            language = "Chinese" if self.scan.mostly_chinese else "English"
            return f"Starting from the model for {language} text: <b>{_named(self.base_for_text())}</b>"
        en, zh = self.host.model_folder_for(EN), self.host.model_folder_for(ZH)
        if en == zh:
            return f"Starting from the model in use: <b>{_named(en)}</b>"
        return (f"Starting from the model for the language of your writing: <b>{_named(en)}</b> "
                f"for English, <b>{_named(zh)}</b> for Chinese")

    def model_scan(self) -> ScanResult:
        """The scan as the run will use it: the files in the language of the model it starts
        from (training_files.ScanResult.for_model; the others are named, never trained on)."""
        return self.scan.for_model(read_card_info(self.base_for_text()).language)

    def refresh(self) -> None:
        self.base_label.setText(self.starting_from())
        scan = self.model_scan()
        if self.sources.count():
            self.summary_label.setText(scan.summary(self._min_chars))
        else:
            self.summary_label.setText(
                f"Add files or folders with at least {self._min_chars:,} characters of your "
                f"writing ({self._min_chars // CJK_WEIGHT:,} in Chinese).")
        skipped = [f"{s.path.name}: {s.reason}" for s in self.scan.skipped]
        self.skipped_view.setPlainText("\n".join(skipped))
        self.skipped_view.setVisible(bool(skipped))
        problem = self.problem()
        self.problem_label.setText(problem)
        self.problem_label.setVisible(bool(problem))
        self.start_button.setEnabled(not problem and scan.enough(self._min_chars)
                                     and not self.runner.running)

    # --------------------------------------------------------------------- run

    def start(self) -> None:
        """Start the training process (the current model stays in use meanwhile)."""
        self.rescan()
        problem, scan = self.problem(), self.model_scan()
        if problem or not scan.enough(self._min_chars):
            self.prompter.error("Cannot retrain", problem or scan.summary(self._min_chars))
            return
        store = self.host.model_store
        store.clean_stale()
        self.base = self.base_for_text()
        self.target, name = store.new_version(language=read_card_info(self.base).language)
        argv = build_command(base=self.base, out=self.target, paths=self.paths(),
                             name=name, budget=str(self.budget.currentData()),
                             other_text=self.other_text.isChecked(), extra=self._extra)
        self.log_view.clear()
        self.progress.setValue(0)
        self.phase_label.setText("Starting…")
        self.status_label.setText("")
        self.cancel_button.setEnabled(True)
        self.outcome, self.cancel_requested, self._close_when_stopped = "", False, False
        self.pages.setCurrentIndex(1)
        cwd = PROJECT_ROOT if (PROJECT_ROOT / "training").is_dir() else None
        self.runner.start(argv, cwd=cwd)
        self._refresh_others()  # another window's dialog, open, cannot start now

    def cancel(self) -> None:
        """Cancel the run, unless it is done (installed) and only exiting: once done, done."""
        if not self.runner.can_cancel:
            return
        self.cancel_requested = True
        self.cancel_button.setEnabled(False)
        self.phase_label.setText("Cancelling…")
        self.runner.cancel()

    def _on_event(self, ev: dict[str, Any]) -> None:
        state = self.runner.state
        if ev.get("event") != "progress" and ev.get("message") and ev.get("event") != "report":
            self.log_view.appendPlainText(str(ev["message"]))
        if ev.get("event") == "done":  # installed: nothing left to cancel
            self.cancel_button.setEnabled(False)
            self.phase_label.setText("Installed; finishing…")
        elif state.phase and self.cancel_button.isEnabled():
            self.phase_label.setText(state.phase_label + "…")
        self.progress.setValue(int(1000 * overall_fraction(state)))
        self.status_label.setText(status_line(state))

    def _on_finished(self, outcome: str, message: str) -> None:
        installed = read_version(self.target) if self.target is not None else None
        if outcome != "done" and installed is not None:
            # The run was stopped after it moved the new model into place (e.g. killed
            # before it could say "done"): the folder on disk is the truth.
            outcome, message = "done", installed.name
        late = ("Cancel came too late: the new model had already been installed. "
                if outcome == "done" and self.cancel_requested else "")
        self.outcome = outcome
        old_name = model_display_name(self.base)
        store = self.host.model_store
        store.clean_stale()  # a run killed between install and exit leaves its staging folder
        self.switch_back_button.setVisible(False)
        self.report_table.setVisible(False)
        self.held_label.setText("")
        if outcome == "done" and self.target is not None:
            self.previous, self.installed = self.base, self.target
            report = self.runner.state.report
            self._show_report(report)
            took = duration_sentence(self.runner.state)  # "Trained 41 steps in 3:01; …"
            self.held_label.setText(f"{self.held_label.text()} {took}".strip())
            if is_better(report):
                self.host.use_model(self.target)  # for its language: the other's own model stays
                lost = fewer_keystrokes_saved(report)
                though = (f" It predicts your held-out text better but saved {lost:.1f} points fewer "
                          "keystrokes there: if its suggestions suit you less, switch back."
                          if lost is not None else "")
                self.result_label.setText(
                    f"{late}Now using {message}.{though} Your previous model ({old_name}) is "
                    "kept: Switch Back, or use Model → Manage Models… at any time.")
                self.switch_back_button.setVisible(True)
            else:
                short = too_little(report)
                why = (f"could not be compared with {old_name}. {short} So" if short
                       else "does not predict your held-out text better, so")
                self.result_label.setText(
                    f"{late}The new model ({message}) {why} Inkling keeps using {old_name}. "
                    "The new model is installed: Model → Manage Models… switches to it.")
        else:
            what = {"cancelled": "Cancelled.", "crashed": f"{message}.",
                    "error": f"Retraining failed: {message}"}.get(outcome, message)
            said = "Nothing was installed" in what  # the training's own errors say it already
            self.result_label.setText(what if said else f"{what}\n\nNothing was installed; still using {old_name}.")
        self.pages.setCurrentIndex(2)
        self.close_button.setFocus()  # Return or Space closes, as the run is over
        self.refresh()
        self._refresh_others()  # they can start now
        if self._close_when_stopped and outcome == "cancelled":  # what the close asked for
            super().reject()

    def _show_report(self, report: dict[str, Any] | None) -> None:
        if report:
            self.report_table.show_report(report)
            self.held_label.setText(held_out_sentence(report))

    def switch_back(self) -> None:
        if self.previous is not None:
            self.host.use_model(self.previous)
            self.result_label.setText(f"Back to {model_display_name(self.previous)}. The new model "
                                      "stays available in Model → Manage Models…")
            self.switch_back_button.setVisible(False)

    # ------------------------------------------------------------------ closing

    def reject(self) -> None:
        if self.runner.running:
            self._stop_on_close()
            return
        super().reject()

    def _stop_on_close(self) -> None:
        """Closing while a run goes on cancels it once the writer confirms (a close by
        mistake would throw minutes of training away); the window closes once the run has
        stopped (if the model was installed meanwhile, it stays open to say so)."""
        if self.runner.can_cancel and self.may_stop("Closing this window"):
            self._close_when_stopped = True
            if not self.cancel_requested:
                self.cancel()

    def may_stop(self, doing: str) -> bool:
        """Whether what the writer is ``doing`` ("Quitting", "Closing this window") may stop
        the run: none goes on, its stop was asked for already, only its exit is left (the
        model installed), or the writer confirms. Nothing is stopped yet (stop(): a later
        question, about unsaved text, may still be cancelled)."""
        if not self.runner.running or self.cancel_requested or not self.runner.can_cancel:
            return True
        return self.prompter.confirm(
            "Stop retraining?", f"{doing} stops the retraining: what it has learnt so far "
            "is thrown away and the model in use stays as it is.", "Stop Retraining", "Keep Training")

    def stop(self) -> None:
        """End the run going on, if any, before the app quits or its window closes (asked
        with may_stop first): the training process is ended and waited for
        (RetrainRunner.stop: a tester's quit left it running, then killed, its staging
        folder and lock in the model store), and what a killed run left there is removed."""
        if not self.runner.running:
            return
        if self.runner.can_cancel:
            self.cancel_requested = True
        self.runner.stop()
        self.host.model_store.clean_stale()

    def _refresh_others(self) -> None:
        for other in retrain_turns.others(self):
            other.refresh()  # type: ignore[attr-defined]

    def show(self) -> None:
        """Show this dialog, or, while another window's Retrain dialog of the app runs (or
        is open), that one (raised and activated): Model → Retrain on My Writing… in any
        window brings back the retraining under way (retrain_turns)."""
        other = retrain_turns.open_elsewhere(self)
        if other is None:
            super().show()
            return
        assert isinstance(other, QDialog)
        QDialog.show(other)  # that one as it is: not asked again which to show
        other.raise_()
        other.activateWindow()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        if not self.runner.running:  # reopened after a run: start from the choice again
            self.pages.setCurrentIndex(0)
            self.refresh()
        super().showEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.runner.running:
            self._stop_on_close()
            event.ignore()
            return
        super().closeEvent(event)
