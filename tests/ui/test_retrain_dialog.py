"""pytest-qt: the Retrain dialog before and after a run (torch missing, too little text,
a model without weights, the report, the language of the text), and Manage Models / Use
Default Model switch the app's model without a restart. The runs of the real training
process (progress, install, switch back, cancel, kill -9) need torch: they are in
tests/training/test_retrain_dialog_runs.py."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from tiny_model import write_tiny_corpus

from writer_app.engine.model_choice import read_card_info
from writer_app.retrain import job as retrain_job
from writer_app.retrain.model_store import ModelStore, ModelStoreError
from writer_app.settings.app_settings import SettingsStore
from writer_app.ui.models_dialog import ModelsDialog
from writer_app.ui.prompts import CloseChoice
from writer_app.ui.retrain_dialog import RetrainDialog

from .conftest import FakePrompter

FAST = ["--max-steps", "30", "--threads", "1", "--report-chars", "200", "--bpb-chars", "3000"]


@dataclass
class ConfirmingPrompter(FakePrompter):
    confirm_answer: bool = True
    confirmations: list[str] = field(default_factory=list)

    def confirm(self, title: str, message: str, action: str, keep: str = "") -> bool:
        self.confirmations.append(message)
        return self.confirm_answer


@dataclass
class FakeHost:
    """The app as the dialogs see it: a model in use and a store; records switches."""

    current: Path
    model_store: ModelStore
    default_model_dir: Path
    switches: list[Path | None] = field(default_factory=list)
    dropped: list[Path] = field(default_factory=list)  # deleted models the settings stopped naming

    chinese: Path | None = None  # the model for Chinese text (None: the same as current)

    def model_folder(self) -> Path:
        return self.current

    def models_in_use(self) -> list[Path]:
        return [self.current, *([self.chinese] if self.chinese is not None else [])]

    def model_folder_for(self, language: str) -> Path:
        return self.chinese if language == "zh" and self.chinese is not None else self.current

    def model_language(self, folder: Path) -> str:
        return "zh" if folder == self.chinese else read_card_info(folder).language

    def use_model(self, folder: Path | None) -> None:
        self.switches.append(folder)
        self.current = folder if folder is not None else self.default_model_dir

    def drop_model(self, folder: Path) -> None:
        self.dropped.append(folder)
        if self.current == folder:
            self.current = self.default_model_dir

    def apply_models(self) -> None:
        self.switches.append(self.current)  # the names were read again


@pytest.fixture
def host(tiny_model_dir: Path, tmp_path: Path) -> FakeHost:
    return FakeHost(tiny_model_dir, ModelStore(tmp_path / "models"), tiny_model_dir)


@pytest.fixture
def writing(tmp_path: Path) -> Path:
    folder = write_tiny_corpus(tmp_path / "writing", files=5, lines=150, seed=3)
    (folder / "notes.rtf").write_text("{\\rtf1 not used}", encoding="utf-8")
    (folder / "old.txt").write_bytes(b"na\xefve caf\xe9\n")
    return folder


def make_dialog(qtbot, host: FakeHost, extra: list[str], **kw) -> RetrainDialog:  # noqa: ANN001, ANN003
    dialog = RetrainDialog(host, ConfirmingPrompter(), extra_args=extra, missing=lambda: [], **kw)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_torch_missing_shows_the_install_command(qtbot, host: FakeHost, writing: Path) -> None:  # noqa: ANN001
    dialog = RetrainDialog(host, ConfirmingPrompter(), missing=lambda: ["torch"])
    qtbot.addWidget(dialog)
    dialog.add_paths([writing])
    assert not dialog.start_button.isEnabled()
    text = dialog.problem_label.text()
    assert text.startswith("Retraining needs torch, which is not installed")
    # the pinned CPU build from PyTorch's index, as README.md says: not a multi-GB CUDA build
    assert "-m pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu && " in text
    assert "[train]" in text


def test_too_little_text_and_model_without_weights(qtbot, host: FakeHost, tmp_path: Path,  # noqa: ANN001
                                                   tiny_model_dir: Path) -> None:
    note = tmp_path / "note.md"
    note.write_text("Just a few lines.\n" * 20, encoding="utf-8")
    dialog = make_dialog(qtbot, host, FAST)
    dialog.add_paths([note])
    assert not dialog.start_button.isEnabled()
    assert "Retraining needs at least 30,000 characters" in dialog.summary_label.text()
    dialog.start()  # e.g. a keyboard shortcut: refused with the reason
    assert dialog.prompter.errors[-1][0] == "Cannot retrain"  # type: ignore[attr-defined]
    assert dialog.pages.currentIndex() == 0
    onnx_only = tmp_path / "onnx-only"
    onnx_only.mkdir()
    for f in ("model.json", "model.onnx", "tokenizer.json"):
        shutil.copy(tiny_model_dir / f, onnx_only / f)
    host.current = onnx_only
    dialog.refresh()
    assert "has no weights.pt" in dialog.problem_label.text()


def install_copy(store: ModelStore, source: Path, name: str) -> Path:
    folder = store.root / name
    shutil.copytree(source, folder)
    return folder


def test_manage_models_lists_switches_and_deletes(qtbot, host: FakeHost,  # noqa: ANN001
                                                  tiny_model_dir: Path) -> None:
    store = host.model_store
    a = install_copy(store, tiny_model_dir, "my-writing-20261129-200000")
    b = install_copy(store, tiny_model_dir, "my-writing-20261129-210000")
    (store.root / ".my-writing-x.partial-1234").mkdir()  # a dead run: never listed
    prompter = ConfirmingPrompter()
    dialog = ModelsDialog(host, prompter)
    qtbot.addWidget(dialog)
    assert dialog.models.count() == 3
    assert dialog.models.item(0).text() == "Default model (tiny-test-model) · English  (in use)"
    assert not (store.root / ".my-writing-x.partial-1234").exists()
    dialog.models.setCurrentRow(2)
    folder = dialog.selected_folder()
    assert folder in (a, b)
    dialog.use_button.click()
    assert host.switches == [folder] and dialog.models.item(2).text().endswith("(in use)")
    prompter.confirm_answer = False
    dialog.delete_button.click()
    assert folder.exists()  # declined
    prompter.confirm_answer = True
    dialog.models.setCurrentRow(2)
    dialog.delete_button.click()  # the model in use: back to the default first
    assert host.dropped == [folder] and host.current == host.default_model_dir and not folder.exists()
    assert dialog.models.count() == 2 and len(store.versions()) == 1
    dialog.models.setCurrentRow(0)
    assert not dialog.delete_button.isEnabled()  # the default cannot be deleted


def test_rename_a_retrained_model_and_the_status_bar_says_the_new_name(
        qtbot, make_app, tiny_model_dir: Path, tmp_path: Path) -> None:  # noqa: ANN001
    store = ModelStore(tmp_path / "models")
    version = install_copy(store, tiny_model_dir, "my-writing-20261207-150000")
    app = make_app()
    app.model_store = store
    app.use_model(version)
    window = app.windows[0]
    models = window.show_models()
    rows = [models.models.item(i).data(Qt.ItemDataRole.UserRole) for i in range(models.models.count())]
    models.models.setCurrentRow(rows.index(None))
    assert not models.rename_button.isEnabled()  # a bundled model keeps its name
    models.models.setCurrentRow(rows.index(version))
    app.fake_prompter.text_answer = None
    models.rename_button.click()  # cancelled
    assert app.fake_prompter.asked[-1] == "New name for this model: [tiny-test-model]"
    assert store.find(version).name == "tiny-test-model"
    app.fake_prompter.text_answer = "Short stories"
    models.rename_button.click()
    assert store.find(version).name == "Short stories"
    assert models.selected_folder() == version
    assert models.models.currentItem().text() == "Short stories · English  (in use)"
    assert app.settings.model_dirs == {"en": str(version)}  # the folder, so the setting, unchanged
    qtbot.waitUntil(lambda: "Short stories" in window.status.model_label.text(), timeout=10_000)
    assert any(e.label.endswith("Short stories") for e in app.model_entries())
    app.fake_prompter.text_answer = "Default model"
    install_copy(store, tiny_model_dir, "my-writing-20261207-160000")
    store.rename(store.root / "my-writing-20261207-160000", "Default model")
    models.rename_button.click()  # taken by the other version: said, nothing changed
    assert app.fake_prompter.errors[-1][0] == "Cannot rename model"
    assert store.find(version).name == "Short stories"
    app.fake_prompter.text_answer = read_card_info(app.default_model_dir).name  # a bundled model's
    models.rename_button.click()
    assert "is already called" in app.fake_prompter.errors[-1][1]
    assert store.find(version).name == "Short stories"


def test_a_model_that_cannot_be_deleted_stays_in_use(qtbot, make_app, tiny_model_dir: Path,  # noqa: ANN001
                                                     tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A tester's read-only model store: the delete failed after the app had already gone
    back to the bundled model."""
    store = ModelStore(tmp_path / "models")
    version = install_copy(store, tiny_model_dir, "my-writing-20261207-170000")
    app = make_app()
    app.model_store = store
    app.use_model(version)

    def refuse(folder: Path) -> None:
        raise ModelStoreError(f"Cannot delete tiny-test-model ({folder}): Read-only file system.")

    monkeypatch.setattr(store, "delete", refuse)
    models = app.windows[0].show_models()
    rows = [models.models.item(i).data(Qt.ItemDataRole.UserRole) for i in range(models.models.count())]
    models.models.setCurrentRow(rows.index(version))
    models.delete_button.click()
    assert app.fake_prompter.errors[-1][0] == "Cannot delete model"
    assert app.settings.model_dirs == {"en": str(version)}  # still in use


def test_deleting_a_model_in_use_for_the_other_language_switches_back_first(
        qtbot, make_app, tiny_model_dir: Path, tmp_path: Path) -> None:  # noqa: ANN001
    """A Chinese retrained model in use while the cursor was last in English text: it was
    not marked in use, and deleting it left the settings naming a folder that was gone
    (after a restart: "English suggestions off: … does not exist")."""
    store = ModelStore(tmp_path / "models")
    version = install_copy(store, tiny_model_dir, "my-writing-20261207-134729")
    card = json.loads((version / "model.json").read_text(encoding="utf-8"))
    (version / "model.json").write_text(json.dumps({**card, "language": "zh"}), encoding="utf-8")
    app = make_app()
    app.model_store = store
    app.use_model(version)
    app.choose_model(str(version))  # the Model menu's "Chinese: …": all text (a tester's case)
    app.note_language("en")  # the English model serves the cursor's text
    assert app.settings.model_dirs == {"zh": str(version)} and app.settings.model_choice == "zh"
    models = app.windows[0].show_models()
    rows = [models.models.item(i) for i in range(models.models.count())]
    mine = next(i for i, r in enumerate(rows) if r.data(Qt.ItemDataRole.UserRole) == version)
    assert rows[mine].text().endswith("(in use)")
    models.models.setCurrentRow(mine)
    models.delete_button.click()
    assert "It is in use: Inkling goes back to the bundled Chinese model." in app.fake_prompter.asked[-1]
    assert not version.exists()
    assert (app.settings.model_dirs, app.settings.model_choice) == ({}, "zh")  # the bundled Chinese one
    assert app.model_folder_for("zh") == app.bundled_models["zh"]
    assert SettingsStore(app.settings_store.path).load().model_dirs == {}  # saved so
    assert all(str(version) not in e.key for e in app.model_entries())


def test_app_switches_model_without_restart(qtbot, make_app, tiny_model_dir: Path,  # noqa: ANN001
                                            tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(retrain_job, "TRAINING_PACKAGES", ())  # as if torch were installed
    store = ModelStore(tmp_path / "models")
    version = install_copy(store, tiny_model_dir, "my-writing-20261129-200000")
    app = make_app(use_engine=False)  # the real engine: real loads
    app.model_store = store
    window = app.windows[0]
    assert window.act_retrain.text() == "&Retrain on My Writing…"
    models = window.show_models()
    rows = [models.models.item(i).data(Qt.ItemDataRole.UserRole) for i in range(models.models.count())]
    models.models.setCurrentRow(rows.index(version))  # after the bundled models
    models.use_button.click()
    assert app.settings.model_dirs == {"en": str(version)}
    models.reload()  # in use now: Use has nothing to do on it (a tester's)
    models.models.setCurrentRow(rows.index(version))
    assert not models.use_button.isEnabled()
    qtbot.waitUntil(lambda: not app.model_loading, timeout=60_000)
    assert app.service.model_name == "tiny-test-model" and app.model_reason == ""
    assert app.settings_store.load().model_dirs == {"en": str(version)}  # remembered
    window.act_default_model.trigger()
    assert app.settings.model_dirs == {}
    qtbot.waitUntil(lambda: not app.model_loading, timeout=60_000)
    assert "does not exist" in app.model_reason  # the test app's default is absent
    retrain = window.show_retrain()  # the default (absent here) cannot be retrained
    assert "no-model cannot be retrained: Model folder not found" in retrain.problem_label.text()
    assert not retrain.start_button.isEnabled()


def test_runner_reports_a_program_that_cannot_start(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    from writer_app.ui.retrain_runner import RetrainRunner

    runner = RetrainRunner()
    with qtbot.waitSignal(runner.finished, timeout=10_000) as blocker:
        runner.start([str(tmp_path / "no-such-python"), "-m", "training"])
    outcome, message = blocker.args
    assert outcome == "error" and message.startswith("Could not start the training process")


def test_chinese_writing_retrains_the_chinese_model_wherever_the_cursor_is(
        qtbot, host: FakeHost, tmp_path: Path, tiny_model_dir: Path) -> None:  # noqa: ANN001
    """The cursor was in English text (the English model in use), the writing chosen is
    Chinese: the run starts from the model for Chinese text, and the label says so."""
    zh_model = tmp_path / "zh-model"
    shutil.copytree(tiny_model_dir, zh_model)
    card = json.loads((zh_model / "model.json").read_text(encoding="utf-8"))
    card.update(name="tiny-zh", language="zh")
    (zh_model / "model.json").write_text(json.dumps(card), encoding="utf-8")
    host.chinese = zh_model
    zh = tmp_path / "zh.txt"
    zh.write_text("我们明天早上去市场。今天天气很好，我们去公园散步。\n" * 500, encoding="utf-8")
    dialog = make_dialog(qtbot, host, FAST)
    assert dialog.base_label.text() == ("Starting from the model for the language of your writing: "
                                        "<b>tiny-test-model</b> for English, <b>tiny-zh</b> for Chinese")
    dialog.add_paths([zh])
    assert dialog.base_for_text() == zh_model
    assert "the model for Chinese text" in dialog.base_label.text() and "tiny-zh" in dialog.base_label.text()
    assert "mostly Chinese" in dialog.summary_label.text()
    assert dialog.problem() == "" and dialog.start_button.isEnabled()  # no mismatch
    host.chinese = None  # a model fixed in the Model menu answers every language
    dialog.refresh()
    assert dialog.base_for_text() == tiny_model_dir  # an English model fixed for all text:
    assert "is the English model: retraining it will not improve Chinese" in dialog.problem_label.text()
    assert not dialog.start_button.isEnabled()  # it would install a model of the wrong language
    dialog.start()
    assert dialog.pages.currentIndex() == 0 and "will not improve Chinese" in dialog.prompter.errors[-1][1]  # type: ignore[attr-defined]


def test_a_model_with_nan_scores_says_so_in_the_model_status(qtbot, make_app,  # noqa: ANN001
                                                             tiny_model_dir: Path,
                                                             tmp_path: Path) -> None:
    """Such a model would never suggest anything, silently: its load fails and the status
    bar says why."""
    from tiny_model import poison_with_nan

    broken = poison_with_nan(install_copy(ModelStore(tmp_path / "models"), tiny_model_dir,
                                          "my-writing-20261129-200000"))
    app = make_app(use_engine=False)  # the real engine: real loads
    app.use_model(broken)
    qtbot.waitUntil(lambda: not app.model_loading, timeout=60_000)
    assert "is unusable: its scores are NaN" in app.model_reason
    app.windows[0].refresh_model_status()
    label = app.windows[0].status.model_label
    assert "suggestions off: " in label.text()
    assert "scores are NaN" in label.text() + label.toolTip()  # the reason, shown or on hover


# A stand-in for `python -m training retrain`: installs a copy of the model at --out the way
# the real run does (one rename of a finished folder), says so, then takes a while to exit
# like torch's teardown does. SIGTERM kills it (the default), as an old run would die.
FAKE_RUN = r"""
import json, os, shutil, signal, sys, time
args = sys.argv[1:]
source, out, then = args[0], args[args.index("--out") + 1], args[-1]
if then == "slow":  # still training when the test closes the dialog
    time.sleep(60)
staging = os.path.join(os.path.dirname(out), "." + os.path.basename(out) + ".partial-fake")
shutil.copytree(source, staging)
card = json.load(open(os.path.join(staging, "model.json")))
card["name"] = args[args.index("--name") + 1]
json.dump(card, open(os.path.join(staging, "model.json"), "w"))
def say(**event):
    print(json.dumps({"message": "", **event}), flush=True)
say(event="phase", phase="install")
os.replace(staging, out)
if then == "killed-before-done":
    os.kill(os.getpid(), signal.SIGKILL)
say(event="done", model_dir=out, name=card["name"], message="Installed")
time.sleep(3)
"""


def start_fake_run(qtbot, host: FakeHost, monkeypatch: pytest.MonkeyPatch, writing: Path,  # noqa: ANN001
                   then: str) -> RetrainDialog:
    import sys

    import writer_app.ui.retrain_dialog as retrain_dialog

    def fake_command(*, out: Path, name: str, **_kw: object) -> list[str]:
        return [sys.executable, "-c", FAKE_RUN, str(host.current), "--out", str(out),
                "--name", name, then]

    monkeypatch.setattr(retrain_dialog, "build_command", fake_command)
    dialog = make_dialog(qtbot, host, FAST)
    dialog.add_paths([writing])
    dialog.start()
    return dialog


def test_once_done_cancel_is_disabled_and_the_outcome_is_done(qtbot, host: FakeHost,  # noqa: ANN001
                                                              writing: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Between "done" and the process's exit (seconds: torch's teardown) Cancel cannot undo
    an install any more: it is disabled, closing the dialog does not cancel, and the result
    says the new model is in use."""
    dialog = start_fake_run(qtbot, host, monkeypatch, writing, "lingers")
    qtbot.waitUntil(lambda: dialog.runner.state.outcome == "done", timeout=30_000)
    assert dialog.runner.running and not dialog.cancel_button.isEnabled()
    assert dialog.phase_label.text() == "Installed; finishing…"
    dialog.reject()  # closing the dialog means Cancel while a run is going
    qtbot.waitUntil(lambda: dialog.outcome != "", timeout=30_000)
    assert dialog.outcome == "done"
    assert dialog.result_label.text().startswith(f"Now using {dialog.runner.state.name}.")
    assert host.switches == [dialog.target]
    assert [p.name for p in host.model_store.root.iterdir()] == [dialog.target.name]


def test_a_run_killed_after_installing_is_reported_as_installed(qtbot, host: FakeHost,  # noqa: ANN001
                                                                writing: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Killed between moving the model into place and saying "done": the folder on disk
    is the truth, not the missing event."""
    dialog = start_fake_run(qtbot, host, monkeypatch, writing, "killed-before-done")
    dialog.cancel_requested = True  # as if Cancel had been pressed just before
    qtbot.waitUntil(lambda: dialog.outcome != "", timeout=30_000)
    assert dialog.outcome == "done" and host.switches == [dialog.target]
    assert dialog.result_label.text().startswith(
        "Cancel came too late: the new model had already been installed. Now using My English writing, ")
    assert "Nothing was installed" not in dialog.result_label.text()


def test_closing_the_window_while_it_trains_asks_before_throwing_the_run_away(
        qtbot, host: FakeHost, writing: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    """A tester closed the Retrain window with its X: the run was cancelled unasked."""
    dialog = start_fake_run(qtbot, host, monkeypatch, writing, "slow")
    prompter = dialog.prompter
    prompter.confirm_answer = False
    dialog.close()
    dialog.reject()  # Esc
    assert dialog.runner.running and not dialog.cancel_requested and dialog.isVisible()
    assert len(prompter.confirmations) == 2 and "thrown away" in prompter.confirmations[0]
    prompter.confirm_answer = True
    dialog.close()
    qtbot.waitUntil(lambda: dialog.outcome != "", timeout=30_000)
    assert dialog.outcome == "cancelled" and host.switches == []
    assert not dialog.isVisible()  # closing was asked for: it closes once the run stopped


def test_quitting_while_it_trains_asks_first(qtbot, host: FakeHost, writing: Path,  # noqa: ANN001
                                             monkeypatch: pytest.MonkeyPatch, make_app) -> None:
    """A tester's Ctrl+Q stopped a retraining with no word about it (only the unsaved
    document was asked about)."""
    dialog = start_fake_run(qtbot, host, monkeypatch, writing, "slow")
    prompter = dialog.prompter
    prompter.confirm_answer = False
    assert not dialog.may_stop("Quitting") and dialog.runner.running and not dialog.cancel_requested
    assert prompter.confirmations[-1].startswith("Quitting stops the retraining")
    prompter.confirm_answer = True
    assert dialog.may_stop("Quitting") and not dialog.cancel_requested  # asked, not stopped yet:
    dialog.stop()  # a tester's Cancel at the next question (unsaved text) had lost the run
    assert dialog.cancel_requested
    assert dialog.may_stop("Closing this window") and len(prompter.confirmations) == 2  # asked once
    qtbot.waitUntil(lambda: dialog.outcome == "cancelled", timeout=30_000)

    w = make_app().windows[0]  # the window asks (after the unsaved text), and a No keeps all open
    qtbot.keyClicks(w.editor, "unsaved")
    asked: list[str] = []
    monkeypatch.setattr(w, "retrain_may_stop", lambda doing: asked.append(doing) or False)
    w.act_quit.trigger()
    assert asked == ["Quitting"] and w.isVisible() and w.document.modified
    stopped: list[bool] = []  # agreed to stop it, then Cancel about the unsaved text: it goes on
    monkeypatch.setattr(w, "retrain_may_stop", lambda doing: True)
    monkeypatch.setattr(w, "stop_retrain", lambda: stopped.append(True))
    w.prompter.close_choice = CloseChoice.CANCEL
    w.act_quit.trigger()
    assert w.isVisible() and stopped == []


def test_the_summary_names_the_files_the_model_will_not_use(qtbot, host: FakeHost, writing: Path) -> None:  # noqa: ANN001
    """A tester's English retrain on a folder with a Chinese letter said only "Found 73,619
    characters in 6 files"; the run left the letter out, and the dialog now says so first."""
    (writing / "letter.txt").write_text("亲爱的妈妈，我在这里一切都好。" * 40, encoding="utf-8")
    dialog = make_dialog(qtbot, host, FAST)
    dialog.add_paths([writing])
    assert "1 file is mostly Chinese and was left out of the English model: letter.txt." in dialog.summary_label.text()
