"""The main window: one document per window, its menus, status bar and dialogs.

Everything the window needs from the rest of the app (settings, the suggestion service,
the recovery store, opening other windows) comes through a WindowHost passed to the
constructor; questions to the user go through a Prompter. No globals.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QFontDatabase, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QPlainTextEdit, QWidget

from writer_app import __version__
from writer_app.editor.ghost_editor import GhostTextEdit
from writer_app.editor.ghost_keys import GHOST_KEYS, GhostAction
from writer_app.editor.ghost_text import GhostText
from writer_app.editor.suggestion_controller import SuggestionController
from writer_app.editor.word_counter import WordCounter
from writer_app.files.names import shown_name
from writer_app.files.path_state import PathState, path_state
from writer_app.files.text_codec import SAVE_ENCODINGS, can_encode, save_choice
from writer_app.settings.app_settings import Settings, models_differ, shown_font_size
from writer_app.settings.options import option_range
from writer_app.ui.about import show_about
from writer_app.ui.document_controller import DocumentController
from writer_app.ui.encoding_menus import encoding_menu
from writer_app.ui.find_replace import FindReplaceDialog
from writer_app.ui.full_screen import FullScreen
from writer_app.ui.go_to_line import ask_line
from writer_app.ui.loading_note import LoadingNote
from writer_app.ui.menu_keys import keep_lone_alt_out_of, literal
from writer_app.ui.model_menu import ModelChoices
from writer_app.ui.models_dialog import ModelsDialog
from writer_app.ui.placement import fit_on_screen
from writer_app.ui.prompts import CloseChoice, Prompter, QtPrompter
from writer_app.ui.read_only_note import ReadOnlyNote
from writer_app.ui.retrain_dialog import RetrainDialog
from writer_app.ui.settings_dialog import SettingsDialog
from writer_app.ui.shortcuts_help import show_shortcuts
from writer_app.ui.status_bar import EditorStatusBar
from writer_app.ui.wheel_zoom import WheelZoom
from writer_app.ui.window_host import WindowHost
from writer_app.ui.window_keys import menu_keys


class MainWindow(QMainWindow):
    def __init__(self, host: WindowHost, make_prompter: Callable[[QWidget], Prompter] = QtPrompter,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.host = host
        self.prompter: Prompter = make_prompter(self)
        settings = host.settings
        self.editor = GhostTextEdit(self)
        self.setCentralWidget(self.editor)
        self.status = EditorStatusBar(self)
        self.setStatusBar(self.status)
        self.document = DocumentController(self.editor, self.prompter, host.recovery,
                                           settings.autosave_idle_s, self)
        self.suggestions = SuggestionController(self.editor, host.service, settings, self)
        self.suggestions.follow_document(self.document.mirror)  # learns from the whole document
        self.suggestions.fits_file = lambda text: can_encode(text, self.document.fmt)
        self.document.open_elsewhere = lambda path: self.host.window_of(path) not in (None, self)
        self.counter = WordCounter(self.editor.document(), self)
        self._find: FindReplaceDialog | None = None
        self._settings_dialog: SettingsDialog | None = None
        self._retrain_dialog: RetrainDialog | None = None
        self._models_dialog: ModelsDialog | None = None
        self._applied: Settings | None = None
        self._build_menus()
        self._connect()
        self.apply_settings(settings)
        self._refresh_title()
        fit_on_screen(self, QSize(900, 640))  # less on a small screen

    # ------------------------------------------------------------------ wiring

    def _connect(self) -> None:
        doc, status = self.document, self.status
        doc.state_changed.connect(self._refresh_title)
        doc.message.connect(lambda text: status.showMessage(text, 6000))
        doc.disk_changed.connect(lambda text: status.showMessage(text, 30000))
        doc.autosave_problem_changed.connect(status.set_autosave_problem)
        self.loading_note = LoadingNote(status, doc.title)
        doc.load_progress.connect(self.loading_note.progress)
        doc.load_read_only.connect(self.loading_note.too_long)
        doc.opened.connect(self.host.add_recent)
        doc.saved.connect(self.host.add_recent)
        ReadOnlyNote(self.editor, lambda: self.loading_note.typed() if doc.loading else status.showMessage(
            "Nothing was typed: this file is open read-only (a line too long to edit). "
            "You can read, search and copy it.", 6000))
        self.counter.changed.connect(self._show_counts)
        self.editor.selectionChanged.connect(self._show_counts)
        self._show_counts()
        self.suggestions.latency_measured.connect(status.set_latency)
        self.suggestions.failed.connect(
            lambda m: status.showMessage(f"Suggestion failed: {m}", 6000))
        # Notes about the cursor's place: they go when it moves on or a suggestion is shown
        self.suggestions.nothing_found.connect(
            lambda: status.note_here("No suggestion here: the model has nothing to offer at this point."))
        self.suggestions.not_here.connect(lambda: status.note_here("Suggestions come at the end of a paragraph"))
        self.editor.cursorPositionChanged.connect(status.moved_on)
        self.host.service.engine_changed.connect(lambda _name: self.refresh_model_status())
        self.host.service.routes_changed.connect(self.refresh_model_status)
        self.host.service.model_state_changed.connect(self.refresh_model_status)
        self.suggestions.model_status_changed.connect(self._on_model_status_changed)
        editor = self.editor
        for changed in (editor.undoAvailable, editor.redoAvailable, editor.copyAvailable,
                        editor.read_only_changed):
            changed.connect(self._refresh_edit_actions)
        editor.ghost_changed.connect(self._on_ghost_changed)
        editor.accepted.connect(lambda _text: status.suggestion_taken())
        editor.refused.connect(lambda text: status.showMessage(text, 10000))

    def _action(self, menu: QMenu, text: str, slot: Callable[[], object], checkable: bool = False) -> QAction:
        """A command ``text`` in ``menu`` running ``slot``, its keys those MENU_KEYS gives it."""
        action = QAction(text, self)
        action.setShortcuts(menu_keys(text))
        action.setCheckable(checkable)
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        keep_lone_alt_out_of(bar)  # Alt then "sat on" typed words, not menu commands
        f = bar.addMenu("&File")
        self.act_new = self._action(f, "&New", self._new)
        self.act_open = self._action(f, "&Open…", self._open)
        self.recent_menu = f.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        doc = self.document  # reopened: only a file from disk; saved in another encoding: any text
        self.reopen_menu = encoding_menu(f.addMenu("Reopen with &Encoding"), doc.reopen_with, lambda: (
            doc.fmt.encoding if doc.path is not None else None, doc.path is not None and not doc.loading))
        self.act_reload = self._action(f, "Re&load from Disk", lambda: doc.reopen_with(doc.fmt.encoding))
        f.addSeparator()
        self.act_save = self._action(f, "&Save", self.document.save)
        self.act_save_as = self._action(f, "Save &As…", self.document.save_as)
        self.save_encoding_menu = encoding_menu(f.addMenu("Save with Enco&ding"), doc.save_as_encoding,
                                                lambda: (save_choice(doc.fmt), not doc.loading), SAVE_ENCODINGS)
        f.addSeparator()
        self.act_close = self._action(f, "&Close Window", self.close)
        self.act_quit = self._action(f, "&Quit", self._quit)

        e = bar.addMenu("&Edit")
        self.act_undo = self._action(e, "&Undo", self.editor.undo)
        self.act_redo = self._action(e, "&Redo", self.editor.redo)
        e.addSeparator()
        self.act_cut = self._action(e, "Cu&t", self.editor.cut)
        self.act_copy = self._action(e, "&Copy", self.editor.copy)
        self.act_paste = self._action(e, "&Paste", self.editor.paste)
        self.act_select_all = self._action(e, "Select &All", self.editor.selectAll)
        e.addSeparator()
        self.act_find = self._action(e, "&Find…", lambda: self.find_dialog().show_find(False))
        self.act_find_next = self._action(e, "Find &Next", lambda: self.find_dialog().find_next())
        self.act_find_prev = self._action(e, "Find Pre&vious", lambda: self.find_dialog().find_previous())
        self.act_replace = self._action(e, "R&eplace…", lambda: self.find_dialog().show_find(True))
        self.act_go_to_line = self._action(e, "&Go to Line…", lambda: ask_line(self.editor, self))
        self._refresh_edit_actions()

        v = bar.addMenu("F&ormat")
        self.act_font = self._action(v, "&Font…", self._choose_font)
        self.act_wrap = self._action(v, "&Line Wrap", self._toggle_wrap, checkable=True)
        self.act_zoom_in = self._action(v, "Zoom &In", lambda: self._zoom(1))
        self.act_zoom_out = self._action(v, "Zoom &Out", lambda: self._zoom(-1))
        self.act_zoom_reset = self._action(v, "&Reset Zoom", lambda: self._zoom(0))
        WheelZoom(self.editor, self._zoom)  # Ctrl+wheel: the same zoom, saved as the keys' is
        self.act_full_screen = self._action(bar.addMenu("&View"), "&Full Screen", lambda: self.full_screen.toggle())
        self.full_screen = FullScreen(self, self.act_full_screen)

        s = bar.addMenu("&Suggestions")
        self.act_suggest_on = self._action(s, "&Suggest While Typing", self._toggle_suggestions, checkable=True)
        # The suggestion keys (ghost_keys.GHOST_KEYS) are handled by the editor itself (Tab
        # must still indent when nothing is shown), so the menu only shows them.
        self.act_suggest_now = self._action(s, "Suggest &Now", self.suggestions.request_now)
        self.ghost_actions = {
            k.action: self._action(s, k.menu_label, lambda a=k.action: self.editor.run_ghost_action(a))
            for k in GHOST_KEYS
        }
        self.act_accept = self.ghost_actions[GhostAction.ACCEPT]
        self.act_accept_word = self.ghost_actions[GhostAction.ACCEPT_WORD]
        self.act_next_alt = self.ghost_actions[GhostAction.NEXT]
        self.act_prev_alt = self.ghost_actions[GhostAction.PREVIOUS]
        self.act_dismiss = self.ghost_actions[GhostAction.DISMISS]
        s.addSeparator()
        self.act_settings = self._action(s, "Se&ttings…", self.show_settings)
        self._on_ghost_changed(None)

        m = self.model_menu = bar.addMenu("&Model")  # the commands first, where they stay
        self.act_retrain = self._action(m, "&Retrain on My Writing…", self.show_retrain)
        self.act_manage_models = self._action(m, "&Manage Models…", self.show_models)
        self.act_default_model = self._action(m, "Use &Default Model",
                                              lambda: self.host.use_model(None))
        self.model_choices = ModelChoices(m, self.host.model_entries, self.host.choose_model, self)
        m.aboutToShow.connect(self.refresh_model_menu)
        h = bar.addMenu("&Help")
        self.act_shortcuts = self._action(h, "&Keyboard Shortcuts", lambda: show_shortcuts(bar, self))
        self.act_about = self._action(h, "&About Inkling", self.show_about)
        self.act_about.setMenuRole(QAction.MenuRole.AboutRole)
        for title in bar.actions():
            title.menu().aboutToHide.connect(lambda: QTimer.singleShot(0, self._keys_to_text))

    def _show_counts(self) -> None:
        """Words and characters in the status bar, a selection's too."""
        cursor = self.editor.textCursor()
        selected = (self.counter.count_range(cursor.selectionStart(), cursor.selectionEnd())
                    if cursor.hasSelection() else None)
        self.status.set_counts(self.counter.words, self.counter.chars, selected)

    def _keys_to_text(self) -> None:
        """A menu closed: leaving it with Esc leaves QMenuBar in keyboard mode holding the
        focus, so the next letters would open menus and trigger their items (``s`` then
        ``a`` accepted a suggestion). Typing goes to the text instead."""
        if QApplication.activePopupWidget() is None and self.focusWidget() is self.menuBar():
            self.editor.setFocus(Qt.FocusReason.PopupFocusReason)

    def show_about(self) -> None:
        """Help → About Inkling: version, privacy, where things are kept, models in use."""
        show_about(self, __version__, self.host.models_in_use(), self.host.storage_places())

    # ------------------------------------------------------------------ models

    def refresh_model_menu(self) -> None:
        """Rebuild the model choices from the host (ui/model_menu.py)."""
        self.model_choices.refresh()

    @property
    def model_actions(self) -> list[QAction]:
        """The model choices: Automatic, then each model for all text."""
        return self.model_choices.actions

    def model_action(self, key: str) -> QAction | None:
        """The menu action for "auto" or a model folder (tests, scripts)."""
        return self.model_choices.action(key)

    def _on_model_status_changed(self) -> None:
        self.host.note_language(self.suggestions.language)
        self.refresh_model_status()

    def show_retrain(self) -> RetrainDialog:
        """Model → Retrain on My Writing… (one dialog per window, kept between uses)."""
        if self._retrain_dialog is None:
            self._retrain_dialog = RetrainDialog(self.host, self.prompter, parent=self)
        self._retrain_dialog.refresh()
        self._retrain_dialog.show()
        self._retrain_dialog.raise_()
        return self._retrain_dialog

    def show_models(self) -> ModelsDialog:
        """Model → Manage Models…"""
        if self._models_dialog is None:
            self._models_dialog = ModelsDialog(self.host, self.prompter, self)  # type: ignore[arg-type]
        self._models_dialog.reload()
        self._models_dialog.show()
        self._models_dialog.raise_()
        return self._models_dialog

    # ---------------------------------------------------------------- settings

    def apply_settings(self, settings: Settings) -> None:
        """Apply everything live (called for every window when settings change)."""
        old, self._applied = self._applied, settings
        self.suggestions.apply_settings(settings)
        self.document.set_autosave_idle(settings.autosave_idle_s)
        # Font and wrap changes relayout the whole document: only when they change.
        font_changed = old is None or (old.font_family, shown_font_size(old)) != (
            settings.font_family, shown_font_size(settings))
        if font_changed:
            font = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
            if settings.font_family:
                font.setFamily(settings.font_family)
            font.setPointSizeF(shown_font_size(settings))
            self.editor.setFont(font)
            self.editor.setTabStopDistance(4 * self.editor.fontMetrics().horizontalAdvance(" "))
        if old is None or old.line_wrap != settings.line_wrap:
            mode = QPlainTextEdit.LineWrapMode
            self.editor.setLineWrapMode(mode.WidgetWidth if settings.line_wrap else mode.NoWrap)
        self.act_wrap.setChecked(settings.line_wrap)
        self.act_suggest_on.setChecked(settings.suggestions_enabled)
        ask_key = self.editor.ask_now_key.toString(QKeySequence.SequenceFormat.NativeText)
        self.act_suggest_now.setText("Suggest &Now" + (f"\t{ask_key}" if ask_key else ""))
        if old is None or models_differ(old, settings):
            self.refresh_model_menu()
        if self._settings_dialog is not None and not self._settings_dialog.isVisible():
            self._settings_dialog.load(settings)
        self.refresh_model_status()

    def refresh_model_status(self) -> None:
        """The status bar names the model this window's text goes to now (by the script
        before the cursor, or the fixed choice), or says why it cannot be used."""
        service, enabled = self.host.service, self.host.settings.suggestions_enabled
        route = self.suggestions.route() if service.available else None
        if route is None:
            self.status.set_model(service.model_name, enabled, self.host.model_reason,
                                  self.host.model_loading)
        else:
            state = service.model_state(route.folder)
            self.status.set_route(route, state.status, state.reason, enabled)
        self.act_suggest_now.setEnabled(service.available)

    def show_settings(self) -> SettingsDialog:
        if self._settings_dialog is None:
            self._settings_dialog = SettingsDialog(self.host.settings, self.prompter,
                                                   self.host.default_model_dir, self)
            self._settings_dialog.applied.connect(
                lambda changes: self.host.update_settings(replace(self.host.settings, **changes)))
        self._settings_dialog.load(self.host.settings)
        self._settings_dialog.open()
        return self._settings_dialog

    def _toggle_suggestions(self) -> None:
        self.host.update_settings(replace(self.host.settings,
                                          suggestions_enabled=self.act_suggest_on.isChecked()))

    def _toggle_wrap(self) -> None:
        self.host.update_settings(replace(self.host.settings, line_wrap=self.act_wrap.isChecked()))

    def _choose_font(self) -> None:
        """Format → Font…: the writer's own size (Settings.font_size), shown and set under the
        zoom, which stays (a tester's Zoom In, then OK, saved the zoomed size as theirs)."""
        current = self.editor.font()
        current.setPointSizeF(self.host.settings.font_size)
        font = self.prompter.choose_font(current)
        if font is not None:  # within the setting's own range: a tester's 150 was saved, then
            sizes = option_range(Settings, "font_size")  # reset as invalid, the zoom left at -55
            size = sizes.clamp(font.pointSizeF())
            self.host.update_settings(replace(self.host.settings, font_family=font.family(), font_size=size))
            if size != font.pointSizeF():
                self.status.showMessage(f"Font sizes go from {sizes.lo:g} to {sizes.hi:g} points: "
                                        f"{size:g} is used.", 8000)
            if font.italic() or font.bold() or font.underline() or font.strikeOut():  # a tester's, dropped unsaid
                self.status.showMessage("The font's family and size are used; a plain text file keeps no "
                                        "bold, italic or underline.", 8000)

    def _zoom(self, step: int) -> None:
        """``step`` points bigger (+) or smaller (-) within the font size's range, saved
        (the keys, the menu and Ctrl+wheel); 0: back to the size chosen in Format → Font (a
        tester's Ctrl+0 went to 12 pt, not the 18 chosen)."""
        s = self.host.settings
        zoom = shown_font_size(replace(s, zoom=s.zoom + step)) - s.font_size if step else 0.0
        self.host.update_settings(replace(s, zoom=zoom))

    # ------------------------------------------------------------------- files

    def _new(self) -> None:
        if not self.document.is_pristine:
            self.host.new_window().show()

    def _open(self) -> None:
        start = self.document.path.parent if self.document.path else self.document.last_folder()
        paths = self.prompter.open_paths(start)
        if paths:
            self.host.open_files(paths, self)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in self.host.settings.recent_files:
            action = self.recent_menu.addAction(literal(path))
            action.triggered.connect(lambda _c=False, p=path: self._open_recent(p))
        if not self.host.settings.recent_files:
            self.recent_menu.addAction("(none)").setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction("Clear List", self._clear_recent)

    def _open_recent(self, path: str) -> None:
        """Open a recent file; one that is gone is said so and leaves the list (one that
        cannot be looked at, in a folder the writer cannot enter, stays: open_files says why)."""
        if path_state(path) is PathState.MISSING:
            settings = self.host.settings
            self.host.update_settings(replace(settings, recent_files=tuple(
                p for p in settings.recent_files if p != path)))
            self.prompter.error("Cannot open file", f"{path} no longer exists (moved or deleted); "
                                "it is taken off the Open Recent list.")
            return
        self.host.open_files([Path(path)], self)

    def _clear_recent(self) -> None:
        self.host.update_settings(replace(self.host.settings, recent_files=()))

    def _quit(self) -> None:
        """Close every window, asking first about what is unsaved (one question for all),
        then about a retraining going on, last, as its answer is acted on at once: Cancel
        or Keep Training leaves everything as it was (what Save saved stays saved), and no
        later question can take a Stop Retraining back (a tester's Cancel at "Save
        changes?" after it left the run going)."""
        unsaved = [w for w in self.host.windows if w.document.modified]
        choice = None
        if unsaved:  # asked before any window closes, so Cancel leaves every one open
            names = [w.document.title() for w in unsaved]
            gone = len(unsaved) == 1 and unsaved[0].document.gone_from_disk
            choice = (self.prompter.ask_save_all(names) if len(names) > 1
                      else self.prompter.ask_save_changes(names[0], "quitting", gone=gone))
            if choice is CloseChoice.CANCEL or (choice is CloseChoice.SAVE and not all(
                    w.document.save(gone_asked=gone) for w in unsaved)):
                return
        if not all(w.retrain_may_stop("Quitting") for w in self.host.windows):
            return  # Keep Training: a Don't Save above is not acted on
        for w in unsaved if choice is CloseChoice.DISCARD else ():
            w.document.let_go()
        for w in self.host.windows:
            w.stop_retrain()
        for window in list(self.host.windows):  # this app's windows; a refusal stops the quit
            if not window.close():
                return

    def find_dialog(self) -> FindReplaceDialog:
        if self._find is None:
            self._find = FindReplaceDialog(self.editor, self)
            # Save and Quit keep their keys while the Find window has the focus (its own
            # fields keep Undo, Copy, Paste)
            self._find.addActions([self.act_save, self.act_save_as, self.act_quit])
        return self._find

    # ------------------------------------------------------------------ state

    def _refresh_title(self) -> None:
        read_only = " (read-only)" if self.editor.isReadOnly() and not self.document.loading else ""
        self.setWindowTitle(f"{shown_name(self.document.title())}[*]{read_only} — Inkling")
        self.setWindowModified(self.document.modified)
        self.status.set_encoding(self.document.fmt.label)
        self.act_reload.setEnabled(self.document.path is not None and not self.document.loading)
        if not self.document.loading:
            self.loading_note.end()  # a load that failed must not leave "Loading… 40%"

    def _refresh_edit_actions(self, *_changed: object) -> None:
        """Enable the Edit menu's actions by what they can do now: those that change the
        text only while the editor is not read-only (a file loading, a line too long to
        edit); Undo/Redo when there is a step; Cut and Copy with a selection. The
        suggestion actions need a suggestion shown, and none is while read-only."""
        editable = not self.editor.isReadOnly()
        doc = self.editor.document()
        selection = self.editor.textCursor().hasSelection()
        self.act_undo.setEnabled(editable and doc.isUndoAvailable())
        self.act_redo.setEnabled(editable and doc.isRedoAvailable())
        self.act_cut.setEnabled(editable and selection)
        self.act_copy.setEnabled(selection)
        self.act_paste.setEnabled(editable)
        self.act_replace.setEnabled(editable)

    def _on_ghost_changed(self, ghost: GhostText | None) -> None:
        shown = ghost is not None
        for act in (self.act_accept, self.act_accept_word, self.act_dismiss):
            act.setEnabled(shown)
        many = ghost is not None and ghost.count > 1
        self.act_next_alt.setEnabled(many)
        self.act_prev_alt.setEnabled(many)
        self.status.show_alternative(ghost)  # "Suggestion 2 of 4" while it is shown

    def retrain_may_stop(self, doing: str) -> bool:
        """No retraining goes on from this window, or the writer agrees to stop it (stopped
        by stop_retrain once every question is answered)."""
        return self._retrain_dialog is None or self._retrain_dialog.may_stop(doing)

    def stop_retrain(self) -> None:
        if self._retrain_dialog is not None:
            self._retrain_dialog.stop()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not (self.document.confirm_close() and self.retrain_may_stop("Closing this window")):
            event.ignore()
            return
        self.stop_retrain()
        self.suggestions.stop()
        self.document.closed()
        if self._find is not None:
            self._find.close()
        self.host.window_closed(self)
        event.accept()
