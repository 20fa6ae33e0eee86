"""A model of the writer's own that was damaged after it was installed (model.json cut in
half, model.onnx truncated, tokenizer.json gone): the messages say what to do in the
names of the menus, Manage Models lists it so it can be deleted, the Model menu marks it,
and retraining from it is refused before it starts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from writer_app.inference.card_file import WHAT_TO_DO
from writer_app.retrain.model_store import ModelStore
from writer_app.settings.app_settings import Settings
from writer_app.ui.retrain_dialog import RetrainDialog

from .test_retrain_dialog import ConfirmingPrompter, FakeHost, install_copy


@pytest.fixture
def host(tiny_model_dir: Path, tmp_path: Path) -> FakeHost:
    return FakeHost(tiny_model_dir, ModelStore(tmp_path / "models"), tiny_model_dir)


def cut_in_half(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def rows(models) -> list[tuple[str, object]]:  # noqa: ANN001
    return [(models.models.item(i).text(), models.models.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(models.models.count())]


def test_a_damaged_model_in_use_is_listed_marked_and_can_be_deleted(
        qtbot, make_app, tiny_model_dir: Path, tmp_path: Path) -> None:  # noqa: ANN001
    """A tester's model.json cut in half: Manage Models no longer listed the model in use,
    so it could neither be deleted nor switched away from there; the Model menu showed
    its bare folder name."""
    store = ModelStore(tmp_path / "models")
    version = install_copy(store, tiny_model_dir, "my-writing-20261207-180000")
    app = make_app()
    app.model_store = store
    app.use_model(version)
    cut_in_half(version / "model.json")
    window = app.windows[0]
    window.refresh_model_menu()
    mine = window.model_action(str(version))
    assert mine is not None and mine.text() == "English: my-writing-20261207-180000 (cannot be used)"
    assert "Model → Manage Models… deletes it" in mine.toolTip()
    models = window.show_models()
    listed = rows(models)
    row = next(i for i, (_text, folder) in enumerate(listed) if folder == version)
    assert listed[row][0] == "my-writing-20261207-180000 — damaged  (in use)"
    assert models.models.currentRow() == row  # the writer's own model in use is selected
    assert not models.use_button.isEnabled() and not models.rename_button.isEnabled()
    assert models.delete_button.isEnabled()
    details = models.details.text()
    assert details.startswith("This model is damaged and cannot be used: ")
    assert "model.json is not a usable model card: it is damaged: not valid JSON" in details
    assert details.endswith("Delete… removes it.") and WHAT_TO_DO not in details
    models.use_selected()  # a double click does not switch to it either
    assert app.settings.model_dirs == {"en": str(version)}
    models.delete_button.click()
    assert not version.exists() and app.settings.model_dirs == {}  # back to the bundled model
    assert all(folder != version for _text, folder in rows(models))


def test_a_truncated_onnx_file_is_marked_in_its_row_as_a_card_cut_short_is(
        qtbot, make_app, tiny_model_dir: Path, tmp_path: Path) -> None:  # noqa: ANN001
    """A tester's model.onnx cut short: its row read "我的中文 — keystroke savings 23.1% →
    47.8% · Chinese (in use)", as a healthy model's; only selecting it said "damaged", where
    a model.json cut short is "— damaged" in the row itself. Both now look the same, the
    files are checked again once they change, and neither offers Rename (renaming the one
    whose card reads would work, but it stays a model that cannot be used)."""
    store = ModelStore(tmp_path / "models")
    version = install_copy(store, tiny_model_dir, "my-writing-20261207-190000")
    other = install_copy(store, tiny_model_dir, "my-writing-20261207-191000")
    store.rename(version, "我的中文")
    app = make_app()
    app.model_store = store
    app.use_model(version)
    models = app.windows[0].show_models()
    assert ("我的中文 · English  (in use)", version) in rows(models)  # healthy
    cut_in_half(version / "model.onnx")
    cut_in_half(other / "model.json")
    models.close()
    models = app.windows[0].show_models()  # opened again: the files have changed since
    listed = rows(models)
    assert ("我的中文 — damaged  (in use)", version) in listed
    assert ("my-writing-20261207-191000 — damaged", other) in listed
    assert models.selected_folder() == version  # the one in use that cannot be used: said at once
    for folder in (version, other):
        row = [f for _t, f in listed].index(folder)
        assert not models.models.item(row).icon().isNull()  # the warning sign, both
        models.models.setCurrentRow(row)
        assert not models.use_button.isEnabled() and not models.rename_button.isEnabled()
        assert models.delete_button.isEnabled()
        assert models.details.text().startswith("This model is damaged and cannot be used: ")
    models.models.setCurrentRow([f for _t, f in listed].index(version))
    assert "model.onnx does not match its model card (checksum differs)" in models.details.text()


def test_folder_checks_hash_a_model_again_only_once_its_files_change(tiny_model_dir: Path,
                                                                     tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from writer_app.inference import model_folder

    folder = Path(shutil.copytree(tiny_model_dir, tmp_path / "m"))
    hashed: list[str] = []
    real = model_folder.sha256_file
    monkeypatch.setattr(model_folder, "sha256_file", lambda p: hashed.append(p.name) or real(p))
    checks = model_folder.FolderChecks()
    assert checks.problem(folder) is None and checks.problem(folder) is None
    assert hashed.count("model.onnx") == 1  # the second answer was the first's
    cut_in_half(folder / "model.onnx")
    assert "checksum differs" in (checks.problem(folder) or "")
    assert hashed.count("model.onnx") == 2
    assert checks.problem(tmp_path / "gone") is not None  # a folder that is not there


def test_the_status_bar_says_what_to_do_about_a_card_cut_in_half(
        qtbot, make_app, tiny_model_dir: Path, tmp_path: Path) -> None:  # noqa: ANN001
    broken = install_copy(ModelStore(tmp_path / "models"), tiny_model_dir, "my-writing-20261207-200000")
    cut_in_half(broken / "model.json")
    app = make_app(use_engine=False)  # the real engine: real loads
    app.use_model(broken)
    qtbot.waitUntil(lambda: not app.model_loading, timeout=60_000)
    assert "model.json is not a usable model card: it is damaged: not valid JSON (" in app.model_reason
    assert "(char " not in app.model_reason and app.model_reason.endswith(WHAT_TO_DO)


def test_the_status_bar_says_where_to_see_to_a_damaged_model_in_a_default_window(
        qtbot, make_app, tiny_model_dir: Path, tmp_path: Path) -> None:  # noqa: ANN001
    """A tester's start-up message was cut at the window's edge before its advice ("…the
    file is corrupt or was repla…") and the lasting label said only "Chinese suggestions
    off: its model cannot be used". Both now name Model → Manage Models… where they are
    seen: the label whole, the message before its cause; the whole reason stays in the
    label's tooltip, its remedy (WHAT_TO_DO) with it."""
    from PySide6.QtWidgets import QApplication, QLabel

    from writer_app.engine.model_choice import ModelRoute

    mine = Path(shutil.copytree(tiny_model_dir, tmp_path / "my-writing-20261208-090000"))
    app = make_app()
    w = app.windows[0]
    w.resize(900, 640)  # the default window (the offscreen screen is smaller)
    qtbot.waitUntil(lambda: w.width() == 900)
    reason = (f"{mine / 'model.onnx'} does not match its model card (checksum differs): the file is "
              f"corrupt or was replaced. {WHAT_TO_DO}")
    w.status.set_route(ModelRoute(mine, "我的中文", "zh", True), "failed", reason, True)
    QApplication.processEvents()
    label, status = w.status.model_label, w.status
    assert QLabel.text(label) == label.text() == (
        "Chinese suggestions off: its model is damaged (Model → Manage Models…)")
    assert reason in label.toolTip()
    message = status.currentMessage()
    assert message == ("Chinese suggestions off: 我的中文 is damaged (Model → Manage Models…): model.onnx "
                       "does not match its model card (checksum differs): the file is corrupt or was replaced.")
    seen = status.fontMetrics().elidedText(message, Qt.TextElideMode.ElideRight, status.message_rect().width())
    assert "(Model → Manage Models…)" in seen
    shutil.rmtree(mine)  # gone: said so, as Manage Models lists it
    w.status.set_route(ModelRoute(mine, "我的中文", "zh", True), "failed", f"The model folder {mine} does "
                       f"not exist. {WHAT_TO_DO}", True)
    assert label.text() == "Chinese suggestions off: its model is missing (Model → Manage Models…)"
    assert status.currentMessage().startswith("Chinese suggestions off: 我的中文 is missing (Model → Manage")


def test_retraining_from_a_model_without_its_tokenizer_is_refused_up_front(
        qtbot, host: FakeHost, tiny_model_dir: Path, tmp_path: Path) -> None:  # noqa: ANN001
    """A tester's model without tokenizer.json: Start Retraining stayed enabled and the run
    failed ten seconds in."""
    base = tmp_path / "no-tokenizer"
    shutil.copytree(tiny_model_dir, base)
    (base / "tokenizer.json").unlink()
    host.current = base
    note = tmp_path / "writing.txt"
    note.write_text("A line of my own writing, long enough to count. " * 800, encoding="utf-8")
    dialog = RetrainDialog(host, ConfirmingPrompter(), missing=lambda: [])
    qtbot.addWidget(dialog)
    dialog.add_paths([note])
    assert not dialog.start_button.isEnabled()
    problem = dialog.problem_label.text()
    assert problem == (f"tiny-test-model cannot be retrained: {base} is incomplete: tokenizer.json "
                       f"is missing. {WHAT_TO_DO}")
    dialog.start()  # e.g. a keyboard shortcut: refused with the reason, nothing started
    assert dialog.prompter.errors[-1] == ("Cannot retrain", problem)  # type: ignore[attr-defined]
    assert not dialog.runner.running and not host.model_store.root.exists()


def test_a_model_whose_folder_is_gone_is_listed_missing_and_can_be_removed(
        qtbot, make_app, tiny_model_dir: Path, tmp_path: Path) -> None:  # noqa: ANN001
    """A writer's own Chinese model deleted by hand: Manage Models listed nothing of it, so
    nothing said why Chinese suggestions had stopped, nor offered a way back."""
    store = ModelStore(tmp_path / "models")
    english = install_copy(store, tiny_model_dir, "my-writing-20261201-120000")
    gone = store.root / "my-chinese-writing-20261115-080000"
    app = make_app(Settings(debounce_ms=0, model_dirs={"en": str(english), "zh": str(gone)}))
    app.model_store = store
    models = app.windows[0].show_models()
    listed = rows(models)
    row = next(i for i, (_text, folder) in enumerate(listed) if folder == gone)
    assert listed[row][0] == "my-chinese-writing-20261115-080000 — missing · Chinese  (in use)"
    assert models.models.currentRow() == row  # selected: said at once
    assert not models.models.item(row).icon().isNull()  # a warning sign
    assert not models.use_button.isEnabled() and not models.rename_button.isEnabled()
    assert models.delete_button.text() == "Remove from List" and models.delete_button.isEnabled()
    details = models.details.text()
    assert details.startswith(f"This Chinese model's folder is missing: {gone} was deleted, moved or renamed")
    assert "Remove from List goes back to the bundled Chinese model" in details
    models.delete_button.click()  # nothing to delete: no question
    assert app.settings.model_dirs == {"en": str(english)}  # Chinese back to the bundled model, English kept
    assert app.model_folder_for("zh") == app.bundled_models["zh"]
    assert all(folder != gone for _text, folder in rows(models))
    assert models.delete_button.text() == "Delete…"


def test_a_model_kept_outside_the_store_is_listed_and_removing_it_keeps_its_files(
        qtbot, make_app, tiny_model_dir: Path, tmp_path: Path) -> None:  # noqa: ANN001
    """A model chosen in Settings from a folder of the writer's own was not listed either."""
    elsewhere = Path(shutil.copytree(tiny_model_dir, tmp_path / "Documents" / "my model"))
    app = make_app(Settings(debounce_ms=0, model_dirs={"en": str(elsewhere)}))
    app.model_store = ModelStore(tmp_path / "models")
    models = app.windows[0].show_models()
    listed = rows(models)
    assert ("tiny-test-model · English  (in use)", elsewhere) in listed
    assert models.selected_folder() == elsewhere and models.delete_button.text() == "Remove from List"
    assert f"kept outside Inkling's models folder, in {elsewhere}" in models.details.text()
    models.delete_button.click()
    assert app.settings.model_dirs == {} and (elsewhere / "model.json").is_file()
