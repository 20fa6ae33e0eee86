"""The app as a whole: start-up, model problems, settings, menus, entry point."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from writer_app import app as app_module
from writer_app.inference.card_file import WHAT_TO_DO
from writer_app.settings.app_settings import Settings, SettingsStore

from .conftest import AppFactory, FakePrompter, commit_text, preedit, settle, wait_ghost

REPO = Path(__file__).resolve().parents[2]


def test_missing_model_leaves_a_plain_editor_that_says_why(qtbot, make_app: AppFactory,
                                                           tmp_path: Path) -> None:
    app = make_app(use_engine=False, load_model=True, model_dir=tmp_path / "no-such-model",
                   prompter=FakePrompter(save_path_answer=tmp_path / "out.txt"))
    w = app.windows[0]
    qtbot.waitUntil(lambda: not app.model_loading)
    label = w.status.model_label
    missing = f"The model folder {tmp_path / 'no-such-model'} does not exist. {WHAT_TO_DO}"
    assert label.text().startswith("Suggestions off:") and label.toolTip() == missing
    qtbot.keyClicks(w.editor, "Still a fine editor")
    assert w.editor.ghost is None
    assert w.document.save()
    assert (tmp_path / "out.txt").read_text() == "Still a fine editor"


def test_broken_model_folder_says_why(qtbot, make_app: AppFactory, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "model.json").write_text("{ this is not json")
    app = make_app(use_engine=False, load_model=True, model_dir=broken)
    qtbot.waitUntil(lambda: not app.model_loading)
    assert "not valid JSON" in app.windows[0].status.model_label.toolTip()
    assert not app.service.available


def test_default_model_folder_is_the_bundled_one() -> None:
    assert app_module.DEFAULT_MODEL_DIR == REPO / "assets" / "en-default"


def test_settings_dialog_applies_live_and_persists(qtbot, make_app: AppFactory,
                                                   tmp_path: Path, engine) -> None:  # noqa: ANN001
    app = make_app()
    w = app.windows[0]
    dialog = w.show_settings()
    assert dialog.beam_width.value() == 0 and dialog.beam_width.text() == "Automatic"
    dialog.beam_width.setValue(2)
    dialog.max_tokens.setValue(6)
    dialog.threshold.set_setting(0.45)  # shown as 45 %
    dialog.debounce.setValue(0)
    dialog.apply_button.click()
    s = app.settings
    assert (s.beam_width, s.max_tokens, s.threshold) == (2, 6, 0.45)
    stored = SettingsStore(tmp_path / "settings.toml").load()
    assert stored == app.settings
    dialog.hide()  # the editor must have focus to show a suggestion (Apply works hidden too)
    w.activateWindow()
    w.editor.setFocus()
    qtbot.waitUntil(w.editor.hasFocus)
    qtbot.keyClicks(w.editor, "Hello")
    wait_ghost(qtbot, w.editor)
    assert (engine.configs[-1].beam_width, engine.configs[-1].max_tokens) == (2, 6)
    dialog.enabled.setChecked(False)
    dialog.apply_button.click()
    assert w.editor.ghost is None and not w.act_suggest_on.isChecked()
    assert "suggestions off" in w.status.model_label.text()
    dialog.reject()


def test_settings_dialog_model_folder_reloads_the_model(qtbot, make_app: AppFactory,
                                                        tmp_path: Path, tiny_model_dir: Path) -> None:
    """A usable folder chosen in Settings is applied and loaded at once; one that cannot be
    used (here: gone) is not applied, and the model in use stays."""
    prompter = FakePrompter(folder_answer=tmp_path / "elsewhere")
    app = make_app(prompter=prompter, use_engine=False)
    dialog = app.windows[0].show_settings()
    english = dialog.model_rows["en"]
    english.choose()  # Choose…
    assert english.value() == "" and "not found" in english.note.text()
    dialog.apply_button.click()
    assert app.settings.model_dirs == {}
    prompter.folder_answer = tiny_model_dir
    english.choose()
    dialog.apply_button.click()
    qtbot.waitUntil(lambda: not app.model_loading)
    assert app.settings.model_dirs == {"en": str(tiny_model_dir)}
    assert app.model_folder() == tiny_model_dir and app.model_reason == ""


def test_toggle_action_turns_suggestions_off_everywhere(qtbot, make_app: AppFactory,
                                                        engine) -> None:  # noqa: ANN001
    app = make_app()
    first = app.windows[0]
    second = app.new_window()
    first.act_suggest_on.trigger()
    assert not app.settings.suggestions_enabled
    assert not second.act_suggest_on.isChecked()
    qtbot.keyClicks(second.editor, "Hello")
    settle(app.service)
    assert engine.calls == []


def test_status_bar_shows_model_latency_and_counts(qtbot, make_app: AppFactory) -> None:
    w = make_app().windows[0]
    qtbot.keyClicks(w.editor, "Hello")
    wait_ghost(qtbot, w.editor)
    assert w.status.model_label.text() == "Model: no-model (auto)"  # the folder that answered
    assert w.status.latency_label.text().endswith(" ms")
    assert w.status.count_label.text() == "1 word · 5 characters"


def test_menus_drive_the_suggestion(qtbot, make_app: AppFactory) -> None:
    w = make_app().windows[0]
    assert not w.act_accept.isEnabled()
    qtbot.keyClicks(w.editor, "Hello")
    wait_ghost(qtbot, w.editor)
    assert w.act_accept.isEnabled() and w.act_next_alt.isEnabled()
    w.act_next_alt.trigger()
    w.act_accept_word.trigger()
    assert w.editor.toPlainText() == "Hello there"


def test_find_and_replace_all_is_one_undo_step(qtbot, make_app: AppFactory) -> None:
    w = make_app().windows[0]
    w.editor.set_document_text("cat and cat and Cat\n")
    dialog = w.find_dialog()
    dialog.show_find(True)
    dialog.find_text.setText("cat")
    dialog.replace_text.setText("dog")
    assert dialog.replace_all() == 3
    assert w.editor.toPlainText() == "dog and dog and dog\n"
    w.act_undo.trigger()
    assert w.editor.toPlainText() == "cat and cat and Cat\n"
    dialog.match_case.setChecked(True)
    assert dialog.find_next()
    assert w.editor.textCursor().selectedText() == "cat"
    assert {w.act_save, w.act_save_as, w.act_quit} <= set(dialog.actions())  # their keys work there
    dialog.close()


def test_find_whole_words_in_english_and_chinese(qtbot, make_app: AppFactory) -> None:
    """Qt's FindWholeWords sees a Chinese sentence as one word (算法 in 这个算法很好 was
    never found); Chinese words are the segmenter's, as Ctrl+Right takes them."""
    w = make_app().windows[0]
    w.editor.set_document_text("concat the cat.\n算术和算法。这个算法很好\n")
    dialog = w.find_dialog()
    dialog.show_find(True)
    dialog.whole_words.setChecked(True)
    dialog.find_text.setText("cat")
    assert dialog.find_next() and w.editor.textCursor().selectionStart() == 11
    assert dialog.find_next() and w.editor.textCursor().selectionStart() == 11  # wrapped: the only one
    dialog.find_text.setText("算法")
    assert dialog.find_next() and w.editor.textCursor().selectionStart() == 19
    assert dialog.find_next() and w.editor.textCursor().selectionStart() == 24
    assert dialog.find_previous() and w.editor.textCursor().selectionStart() == 19
    dialog.find_text.setText("算")  # part of 算术 and of 算法 each time
    assert not dialog.find_next() and "not found" in dialog.status.text()
    dialog.find_text.setText("算法")
    dialog.replace_text.setText("方法")
    assert dialog.replace_all() == 2
    assert w.editor.toPlainText() == "concat the cat.\n算术和方法。这个方法很好\n"
    dialog.whole_words.setChecked(False)
    dialog.find_text.setText("cat")
    dialog.replace_text.setText("dog")
    assert dialog.replace_all() == 2  # in "concat" too
    dialog.close()


def test_font_zoom_and_wrap_apply_and_persist(qtbot, make_app: AppFactory) -> None:
    app = make_app(replace(Settings(), font_size=18.0, debounce_ms=0))  # as Format → Font chose it
    w = app.windows[0]
    w.act_zoom_in.trigger()
    assert w.editor.font().pointSizeF() == 19.0 and app.settings.font_size == 18.0
    w.act_zoom_reset.trigger()  # Ctrl+0: the size chosen, not the default (a tester's 18 became 12)
    assert w.editor.font().pointSizeF() == 18.0 and app.settings.zoom == 0.0
    assert w.act_zoom_reset.shortcut() == QKeySequence("Ctrl+0")
    for _ in range(100):
        w.act_zoom_out.trigger()
    assert w.editor.font().pointSizeF() == 4.0 and app.settings.zoom == -14.0  # the size's range ends it
    w.act_zoom_in.trigger()
    assert w.editor.font().pointSizeF() == 5.0  # one press back, not fourteen
    assert SettingsStore(app.settings_store.path).load().zoom == -13.0  # kept for the next session
    w.act_zoom_reset.trigger()
    w.act_zoom_in.trigger()
    keys = w.act_zoom_in.shortcuts()  # the platform's Ctrl++ and Ctrl+= (no Shift needed)
    assert QKeySequence("Ctrl+=") in keys
    assert all(k in keys for k in QKeySequence.keyBindings(QKeySequence.StandardKey.ZoomIn))
    w.act_wrap.trigger()
    assert w.editor.lineWrapMode() == w.editor.LineWrapMode.NoWrap
    assert SettingsStore(app.settings_store.path).load().line_wrap is False


def test_a_font_chosen_sets_family_and_size_and_says_what_a_text_file_does_not_keep(
        qtbot, make_app: AppFactory) -> None:
    """A tester's Serif italic underlined 18 pt: only family and size were used, unsaid."""
    from PySide6.QtGui import QFont

    font = QFont("DejaVu Serif", 18)
    font.setItalic(True)
    font.setUnderline(True)
    app = make_app(prompter=FakePrompter(font_answer=font))
    w = app.windows[0]
    w.act_font.trigger()
    assert (app.settings.font_family, app.settings.font_size, app.settings.zoom) == ("DejaVu Serif", 18.0, 0.0)
    assert w.editor.font().pointSizeF() == 18.0 and not w.editor.font().italic()
    assert "keeps no bold, italic or underline" in w.status.currentMessage()


def test_the_font_dialog_shows_and_sets_the_writers_size_under_the_zoom(
        qtbot, make_app: AppFactory) -> None:
    """A tester's Zoom In, then Format → Font…: the dialog showed the zoomed 15 and OK saved
    font_size 15, zoom 0, so Reset Zoom no longer went back to the size chosen. The dialog
    shows the writer's own size; the size chosen there is theirs; the zoom stays on top."""
    from PySide6.QtGui import QFont

    shown: list[float] = []

    def choose(current: QFont) -> QFont:
        shown.append(current.pointSizeF())
        return QFont("DejaVu Serif", 16)

    app = make_app(replace(Settings(), font_size=14.0))
    w = app.windows[0]
    w.act_zoom_in.trigger()
    assert w.editor.font().pointSizeF() == 15.0
    w.prompter.choose_font = choose  # type: ignore[method-assign]
    w.act_font.trigger()
    assert shown == [14.0]  # the writer's size, not the zoomed 15
    assert (app.settings.font_size, app.settings.zoom) == (16.0, 1.0)
    assert w.editor.font().pointSizeF() == 17.0  # the zoom still on top
    w.act_zoom_reset.trigger()
    assert w.editor.font().pointSizeF() == 16.0 and app.settings.font_size == 16.0


def test_a_font_size_beyond_the_range_is_the_largest_and_zoom_still_works(qtbot, make_app: AppFactory) -> None:
    """A tester typed 150 in the Font dialog: it was saved, Zoom Out then did nothing visible
    (the zoom ran to -55 under the capped size), and the next read of the settings reset
    150 as invalid, leaving the text 4 points high."""
    from PySide6.QtGui import QFont

    app = make_app(prompter=FakePrompter(font_answer=QFont("DejaVu Serif", 150)))
    w = app.windows[0]
    w.act_font.trigger()
    assert (app.settings.font_size, app.settings.zoom) == (96.0, 0.0)
    assert "Font sizes go from 4 to 96 points: 96 is used." in w.status.currentMessage()
    w.act_zoom_out.trigger()
    assert w.editor.font().pointSizeF() == 95.0 and app.settings.zoom == -1.0


def test_a_recent_file_that_is_gone_is_said_and_leaves_the_list(qtbot, make_app: AppFactory,
                                                                  tmp_path: Path) -> None:
    gone, kept = tmp_path / "gone.txt", tmp_path / "kept.txt"
    gone.write_text("x\n")
    kept.write_text("y\n")
    app = make_app()
    app.add_recent(kept)
    app.add_recent(gone)
    gone.unlink()
    w = app.windows[0]
    w.recent_menu.aboutToShow.emit()
    w.recent_menu.actions()[0].trigger()
    assert "no longer exists" in app.fake_prompter.errors[-1][1]
    assert app.settings.recent_files == (str(kept),)
    assert SettingsStore(app.settings_store.path).load().recent_files == (str(kept),)
    assert w.document.path is None


def test_recent_files_menu_reopens(qtbot, make_app: AppFactory, tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text("recent\n")
    app = make_app()
    app.add_recent(path)
    w = app.windows[0]
    w.recent_menu.aboutToShow.emit()
    first = w.recent_menu.actions()[0]
    assert first.text() == str(path)
    first.trigger()
    assert w.document.path == path and w.editor.toPlainText() == "recent\n"


def test_tab_in_the_window_accepts_and_indents(qtbot, make_app: AppFactory) -> None:
    w = make_app().windows[0]
    w.editor.setFocus()
    qtbot.keyClicks(w.editor, "Hello")
    wait_ghost(qtbot, w.editor)
    qtbot.keyClick(w.editor, Qt.Key.Key_Tab)
    assert w.editor.toPlainText() == "Hello world is big"
    settle(w.host.service)
    qtbot.keyClick(w.editor, Qt.Key.Key_Tab)
    assert w.editor.toPlainText() == "Hello world is big\t"


def test_command_line_help() -> None:
    out = subprocess.run([sys.executable, "-m", "writer_app", "--help"], cwd=REPO,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0
    assert "--model DIR" in out.stdout and "files" in out.stdout


def test_no_display_is_reported_instead_of_crashing(monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    for var in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    assert app_module.main([]) == 2
    assert "no display" in capsys.readouterr().err


def test_pinned_pyside_keeps_a_long_session_alive() -> None:
    # 300k void calls and signal emissions: PySide6 6.12.0 on Python 3.11 drops as many
    # references to None/True and the interpreter aborts ("none_dealloc"); pyproject pins
    # PySide6 below 6.12, and this fails if a broken version is installed anyway.
    script = (
        "import writer_app.ui\n"
        "from PySide6.QtCore import QObject, Signal\n"
        "class S(QObject):\n"
        "    sig = Signal()\n"
        "s = S()\n"
        "for _ in range(300_000):\n"
        "    s.setObjectName('x')\n"
        "    s.sig.emit()\n"
        "print('alive')\n"
    )
    out = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True,
                         text=True, timeout=120, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "alive"


def test_end_to_end_with_the_real_engine(qtbot, make_app: AppFactory, tmp_path: Path,
                                         tiny_model_dir: Path) -> None:
    """The issue's "done means": type, grey text appears, Tab, save, file is exact."""
    out = tmp_path / "letter.txt"
    app = make_app(replace(Settings(), threshold=0.0, debounce_ms=0), use_engine=False,
                   load_model=True, model_dir=tiny_model_dir,
                   prompter=FakePrompter(save_path_answer=out))
    w = app.windows[0]
    name = json.loads((tiny_model_dir / "model.json").read_text())["name"]
    # The worker thread sets the engine before its queued answer reaches the label.
    qtbot.waitUntil(lambda: w.status.model_label.text() == f"Model: {name}", timeout=30000)
    assert app.service.available
    w.editor.setFocus()
    qtbot.keyClicks(w.editor, "The quick brown fox jumps over the")
    qtbot.waitUntil(lambda: w.editor.visible_ghost is not None, timeout=30000)
    ghost = w.editor.ghost.text
    assert ghost.strip()
    assert w.editor.document_text() == "The quick brown fox jumps over the"
    qtbot.keyClick(w.editor, Qt.Key.Key_Tab)
    expected = "The quick brown fox jumps over the" + ghost
    assert w.editor.document_text() == expected
    w.act_save.trigger()
    assert out.read_text(encoding="utf-8") == expected


def test_chinese_through_an_input_method_with_the_real_engine(qtbot, make_app: AppFactory,
                                                             tiny_model_dir: Path) -> None:
    app = make_app(replace(Settings(), threshold=0.0, debounce_ms=0), use_engine=False,
                   load_model=True, model_dir=tiny_model_dir)
    w = app.windows[0]
    qtbot.waitUntil(lambda: app.service.available, timeout=30000)
    w.editor.setFocus()
    preedit(w.editor, "women")  # composing pinyin: nothing is asked, nothing shown
    settle(app.service)
    assert w.editor.ghost is None and w.editor.document_text() == ""
    commit_text(w.editor, "我们明天")
    qtbot.waitUntil(lambda: w.editor.visible_ghost is not None, timeout=30000)
    ghost = w.editor.ghost.text
    assert "\ufffd" not in ghost  # whole characters only
    qtbot.keyClick(w.editor, Qt.Key.Key_Tab)
    assert w.editor.document_text() == "我们明天" + ghost


@pytest.mark.slow
def test_shipped_model_opens_by_default(qtbot, tmp_path: Path, default_model_dir: Path) -> None:
    store = SettingsStore(tmp_path / "settings.toml")
    store.save(replace(Settings(), threshold=0.0, debounce_ms=0))
    fake = FakePrompter()
    app = app_module.InklingApp(store, tmp_path / "recovery", prompter_factory=lambda _w: fake)
    assert app.model_folder() == default_model_dir
    app.start([])
    try:
        w = app.windows[0]
        qtbot.waitUntil(lambda: app.service.available, timeout=60000)
        qtbot.keyClicks(w.editor, "Thank you for your")
        qtbot.waitUntil(lambda: w.editor.ghost is not None, timeout=30000)
        assert w.editor.document_text() == "Thank you for your"
    finally:
        for window in list(app.windows):
            window.editor.document().setModified(False)
            window.close()
        app.shutdown()


def test_text_typed_before_the_model_loads_gets_a_suggestion_once_it_has(
        qtbot, make_app: AppFactory, engine) -> None:  # noqa: ANN001
    app = make_app(use_engine=False)
    w = app.windows[0]
    qtbot.keyClicks(w.editor, "Hello")
    settle(app.service)
    assert w.editor.ghost is None and not app.service.available
    app.service.set_engine(engine, engine.name)  # what the model loader does when done
    wait_ghost(qtbot, w.editor, " world is big")


def test_a_long_model_message_does_not_widen_the_window(qtbot, make_app: AppFactory) -> None:  # noqa: ANN001
    """The label says only that the model cannot be used, whole; the reason is in its
    tooltip and in a message that wraps rather than widen the window."""
    from PySide6.QtWidgets import QApplication, QLabel

    app = make_app()
    w = app.windows[0]
    w.resize(700, 400)
    qtbot.waitUntil(lambda: w.width() == 700)
    reason = ("/home/writer/models/zh-mine/model.onnx does not match its model card (checksum "
              "differs): the file is corrupt or was replaced. Reinstall or re-export the model.")
    w.status.set_model("", True, reason)
    QApplication.processEvents()
    qtbot.wait(50)
    label = w.status.model_label
    assert w.width() == 700 and label.width() < 700
    assert label.toolTip() == reason
    assert w.status.currentMessage() == f"Suggestions off (Model → Manage Models…): {reason}"
    assert QLabel.text(label) == label.text() == "Suggestions off: the model cannot be used (Model → Manage Models…)"


def test_ctrl_space_with_nothing_to_suggest_says_so(qtbot, make_app: AppFactory, engine) -> None:  # noqa: ANN001
    from PySide6.QtCore import Qt

    app = make_app()
    w = app.windows[0]
    qtbot.keyClicks(w.editor, "Zebra quartz")  # the fake engine has no answer for this
    app.service.wait_idle()
    qtbot.wait(50)
    assert "No suggestion" not in w.status.currentMessage()  # typing alone says nothing
    qtbot.keyClick(w.editor, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "No suggestion" in w.status.currentMessage(), timeout=5000)
    assert "nothing to offer" in w.status.currentMessage() and w.editor.ghost is None
    assert engine.configs[-1].threshold == 0.0  # asked for: whatever the threshold


def test_the_settings_dialog_applies_only_what_it_edited(qtbot, make_app: AppFactory) -> None:
    """Opened, then the wrap changed from the Format menu, then Apply: the dialog's own
    edit is applied and the wrap change stays (it was set back to the opening value)."""
    app = make_app()
    w = app.windows[0]
    dialog = w.show_settings()
    wrap = app.settings.line_wrap
    w.act_wrap.trigger()
    assert app.settings.line_wrap is (not wrap)
    dialog.max_tokens.setValue(7)
    dialog.apply_button.click()
    assert app.settings.max_tokens == 7 and app.settings.line_wrap is (not wrap)


def test_a_number_typed_outside_its_range_becomes_the_nearest_allowed(qtbot, make_app: AppFactory) -> None:
    """A tester typed 0 s as the autosave pause: Qt put the old 3 s back without a word."""
    dialog = make_app().windows[0].show_settings()
    box = dialog.autosave
    box.lineEdit().selectAll()
    qtbot.keyClicks(box, "0")
    box.interpretText()
    box.clearFocus()
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert box.value() == box.minimum() > 0


def test_cycling_alternatives_says_which_one_is_shown(qtbot, make_app: AppFactory) -> None:
    app = make_app()
    w = app.windows[0]
    w.activateWindow()
    w.editor.setFocus()
    qtbot.keyClicks(w.editor, "Hello")
    wait_ghost(qtbot, w.editor, " world is big")
    assert "of 3" not in w.status.currentMessage()  # a new ghost alone says nothing
    w.act_next_alt.trigger()
    assert w.editor.ghost.text == " there"
    assert w.status.currentMessage() == "Suggestion 2 of 3"
    w.act_prev_alt.trigger()
    assert w.status.currentMessage() == "Suggestion 1 of 3"
    w.act_dismiss.trigger()  # a tester's "Suggestion 2 of 4" left about nothing shown
    assert w.editor.ghost is None and "of 3" not in w.status.currentMessage()
