"""pytest-qt: the Retrain dialog runs the real training process (torch) on the tiny model:
progress, install, switch, switch back, cancel, kill -9, a failing run. The dialog's
other behaviour, which needs no torch, is tested in tests/ui/test_retrain_dialog.py,
whose helpers and fixtures these tests share."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
from pathlib import Path

import pytest
from tiny_model import build_tiny_model
from ui import test_retrain_dialog as dialog_tests
from ui.test_retrain_dialog import FAST, FakeHost, make_dialog

from writer_app.retrain.model_store import ModelStore, read_version
from writer_app.ui.retrain_dialog import RetrainDialog

writing = dialog_tests.writing  # a fixture: the user's writing, a folder of tiny-corpus files


@pytest.fixture(scope="module")


def learning_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny model stopped at 300 steps, still learning the sentences: 30 more steps on
    the writing improve it, so the run installs and switches. (The committed tiny model is
    trained to convergence: a short run on the same sentences cannot beat it.)"""
    return build_tiny_model(tmp_path_factory.mktemp("learning"), steps=300)


@pytest.fixture


def host(learning_model_dir: Path, tmp_path: Path) -> FakeHost:
    return FakeHost(learning_model_dir, ModelStore(tmp_path / "models"), learning_model_dir)


LONG = ["--max-minutes", "10", "--threads", "1", "--report-chars", "100", "--bpb-chars", "2000"]
RUN_TIMEOUT_MS = 180_000


def digest(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            h.update(p.name.encode() + p.read_bytes())
    return h.hexdigest()


def wait_outcome(qtbot, dialog: RetrainDialog) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: dialog.outcome != "", timeout=RUN_TIMEOUT_MS)


def wait_training(qtbot, dialog: RetrainDialog) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: dialog.runner.state.step > 0 or dialog.outcome != "",
                    timeout=RUN_TIMEOUT_MS)
    assert dialog.outcome == "", dialog.result_label.text()


def test_scan_summary_and_retrain_end_to_end(qtbot, host: FakeHost, writing: Path,  # noqa: ANN001
                                             learning_model_dir: Path) -> None:
    before = digest(writing)
    dialog = make_dialog(qtbot, host, FAST)
    assert not dialog.start_button.isEnabled()  # nothing chosen yet
    dialog.prompter.folder_answer = writing  # type: ignore[attr-defined]
    dialog._add_folder()
    assert dialog.summary_label.text().startswith("Found 75,409 characters")  # old.txt's Latin-1 too
    assert "Skipped 1: 1 not .txt or .md" in dialog.summary_label.text()
    assert dialog.skipped_view.toPlainText() == "notes.rtf: not .txt or .md"
    assert dialog.start_button.isEnabled()
    progress_seen: list[int] = []
    dialog.runner.event.connect(lambda ev: progress_seen.append(dialog.progress.value())
                                if ev["event"] == "progress" else None)
    dialog.start_button.click()
    assert dialog.pages.currentIndex() == 1
    wait_outcome(qtbot, dialog)
    assert dialog.outcome == "done", dialog.result_label.text()
    assert progress_seen and dialog.status_label.text().startswith("Step 30 · loss ")
    versions = host.model_store.versions()
    assert len(versions) == 1 and versions[0].folder == dialog.installed
    assert host.switches == [dialog.installed]  # switched at once
    assert "Now using" in dialog.result_label.text()
    assert dialog.report_table.isVisibleTo(dialog)
    cells = [[dialog.report_table.item(r, c).text() for c in range(3)] for r in range(2)]
    assert re.fullmatch(r"[+-]\d\.\d{3} \((better|worse|same)\)", cells[0][2]), cells[0][2]
    assert re.fullmatch(r"[+-]\d+\.\d points \((better|worse|same)\)", cells[1][2]), cells[1][2]
    new_head = dialog.report_table.horizontalHeaderItem(1).text()  # "My English writing,\n30 Nov …"
    assert new_head.replace(",\n", ", ").endswith(read_version(dialog.installed).name)
    widest = max(dialog.report_table.fontMetrics().horizontalAdvance(line) for line in new_head.split("\n"))
    assert dialog.report_table.horizontalHeader().sectionSize(1) >= widest  # the name is not cut
    assert "Measured on text the training never saw" in dialog.held_label.text()
    assert re.search(r" Trained 30 steps in \d+:\d\d; the whole run took \d+:\d\d\.$", dialog.held_label.text())
    dialog.switch_back_button.click()
    assert host.switches[-1] == learning_model_dir
    assert digest(writing) == before  # documents only read


def test_cancel_stops_quickly_and_keeps_the_current_model(qtbot, host: FakeHost,  # noqa: ANN001
                                                          writing: Path) -> None:
    dialog = make_dialog(qtbot, host, LONG)
    dialog.add_paths([writing])
    dialog.start()
    wait_training(qtbot, dialog)
    assert [p.name.startswith(".") for p in host.model_store.root.iterdir()] == [True]
    dialog.cancel_button.click()
    wait_outcome(qtbot, dialog)
    assert dialog.outcome == "cancelled"
    assert "Nothing was installed; still using tiny-test-model" in dialog.result_label.text()
    assert host.switches == [] and host.model_store.versions() == []
    assert list(host.model_store.root.iterdir()) == []


def test_killed_training_process_is_reported(qtbot, host: FakeHost, writing: Path) -> None:  # noqa: ANN001
    dialog = make_dialog(qtbot, host, LONG)
    dialog.add_paths([writing])
    dialog.start()
    wait_training(qtbot, dialog)
    os.kill(dialog.runner.pid(), signal.SIGKILL)
    wait_outcome(qtbot, dialog)
    assert dialog.outcome == "crashed"
    assert "stopped unexpectedly" in dialog.result_label.text()
    assert host.switches == [] and host.model_store.versions() == []
    assert list(host.model_store.root.iterdir()) == []  # the dead run's staging was removed


def test_failure_in_the_run_is_shown(qtbot, host: FakeHost, writing: Path,  # noqa: ANN001
                                     tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(host.current, broken)
    (broken / "weights.pt").write_bytes(b"not a checkpoint")
    host.current = broken
    dialog = make_dialog(qtbot, host, FAST)
    dialog.add_paths([writing])
    dialog.start()
    wait_outcome(qtbot, dialog)
    assert dialog.outcome == "error"
    assert "Retraining failed:" in dialog.result_label.text()
    assert "is not a readable checkpoint" in dialog.result_label.text()
    assert host.switches == [] and host.model_store.versions() == []

