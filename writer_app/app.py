"""Start-up and wiring: settings, recovery store, model loading, windows.

``InklingApp`` owns the objects shared by all windows (settings, the suggestion
service, the recovery store) and hands them to each MainWindow through its constructor.
``main()`` parses the command line and runs the Qt event loop.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, QSize, Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QWidget

from writer_app import __version__, places
from writer_app.cli import parse_args
from writer_app.editor.suggestion_service import StartFn, SuggestionService
from writer_app.engine.interface import Engine, start_engine
from writer_app.files.path_state import PathState, path_state
from writer_app.files.recovery import RecoveryStore
from writer_app.process_clock import seconds_since_start
from writer_app.resources import BUNDLED_MODELS, ICON_SIZES, bundled_model_dir, icon_dir
from writer_app.retrain.model_store import ModelStore
from writer_app.settings.app_settings import Settings, SettingsStore, models_differ
from writer_app.ui import recovery_offer
from writer_app.ui.app_models import AppModels
from writer_app.ui.main_window import MainWindow
from writer_app.ui.placement import cascade
from writer_app.ui.prompts import Prompter, QtPrompter
from writer_app.ui.unix_signals import SignalWatcher
from writer_app.ui.window_keys import check_ask_now_key

log = logging.getLogger("writer_app")

# The shipped models (package data: writer_app/resources.py).
DEFAULT_MODEL_DIR = bundled_model_dir(BUNDLED_MODELS["en"])
CHINESE_MODEL_DIR = bundled_model_dir(BUNDLED_MODELS["zh"])

PrompterFactory = Callable[[QWidget], Prompter]


class InklingApp(QObject, AppModels):
    """The application: shared state and the list of open windows (a WindowHost); its
    models (router, Model menu, loading) are AppModels' (writer_app/ui/app_models.py)."""

    def __init__(
        self,
        settings_store: SettingsStore,
        recovery_dir: Path | None,
        *,
        model_dir: Path | None = None,
        default_model_dir: Path = DEFAULT_MODEL_DIR,
        chinese_model_dir: Path = CHINESE_MODEL_DIR,
        start_engine: StartFn = start_engine,
        prompter_factory: PrompterFactory = QtPrompter,
        engine: Engine | None = None,
        timing: bool = False,
        model_store: ModelStore | None = None,
    ) -> None:
        super().__init__()
        self.settings_store = settings_store
        settings_store.add_check("ask_now_key", check_ask_now_key)  # a rule with Qt: the window's keys
        self.settings: Settings = settings_store.load()
        self._saved_settings = self.settings  # as this process last saved or read them
        self.default_model_dir = default_model_dir
        self.bundled_models: dict[str, Path] = {"en": default_model_dir, "zh": chinese_model_dir}
        self.active_language = "en"  # detected before the cursor of the editor last typed in
        self.model_store = model_store or ModelStore(places.models_dir())
        self._model_override = model_dir
        self._prompter_factory = prompter_factory
        self._timing = timing
        self._first_ghost_logged = False
        self.windows: list[MainWindow] = []
        self.service = SuggestionService(engine, getattr(engine, "name", "") if engine else "",
                                         start_engine=start_engine)
        self.model_reason = ""
        self.model_loading = False
        self._loading: Path | None = None  # the folder load_model asked for last
        self.router = self._make_router()
        self.service.set_router(self.router)
        self.service.load_finished.connect(self._on_model_loaded)
        self.recovery: RecoveryStore | None = None
        self.recovery_problem = ""
        if recovery_dir is not None:
            self.recovery = RecoveryStore(recovery_dir)
            try:
                self.recovery.start()
            except OSError as exc:  # each autosave tries again (a tester fixed the folder)
                self.recovery_problem = (f"Autosave cannot write to {recovery_dir}: "
                                         f"{exc.strerror or exc}")
        self._shut_down = False

    # ------------------------------------------------------------------- start

    def start(self, files: Sequence[Path] = (), load_model: bool = True) -> None:
        """Open the windows (the model loads meanwhile), then offer crash recovery. Stops
        early if the app quit (SIGTERM) while a question was open (a file that could not
        be opened)."""
        if load_model and self.service.model_name == "":
            self.load_model()
        if files:
            self.open_files(files, None, create_missing=True)
        if self._shut_down:
            return
        if not self.windows:
            self.new_window()
        self._mark("window shown")
        self._report_settings_problem()  # the file SettingsStore.load could not use as it was
        self.offer_recovery()

    def _refresh_windows(self) -> None:
        for window in self.windows:
            window.refresh_model_status()

    # ----------------------------------------------------------------- windows

    def new_window(self) -> MainWindow:
        window = MainWindow(self, self._prompter_factory)
        window.editor.ghost_changed.connect(self._on_ghost)
        window.document.last_folder = self.last_folder
        if self.recovery_problem:  # in every window, until an autosave gets through
            window.document.set_autosave_problem(self.recovery_problem)
        if self.windows:
            cascade(window, self.windows[-1])
        self.windows.append(window)
        window.show()
        return window

    def open_files(self, paths: Sequence[Path], origin: MainWindow | None,
                   create_missing: bool = False) -> None:
        """Open each file: bring its window forward if open, else reuse an empty window
        (``origin`` or another untouched one) or open a new window. ``create_missing``
        (the command line's files): a path that does not exist, in a folder that does, is
        a new file (DocumentController.begin_new_file) instead of an error; one that
        cannot be looked at (its folder cannot be entered) is opened, and its error said,
        as for a file that cannot be read. Stops if the app quit while a file's error was
        shown."""
        for path in paths:
            if self._shut_down:
                return
            path = Path(path).absolute()
            existing = self.window_of(path)
            if existing is not None:
                existing.raise_()
                existing.activateWindow()
                continue
            candidates = [origin] if origin is not None else list(self.windows)
            window = next((w for w in candidates if w is not None and w.document.is_pristine), None)
            fresh = window is None
            if window is None:
                window = self.new_window()
            if create_missing and path_state(path) is PathState.MISSING and path_state(path.parent) is PathState.FOLDER:
                window.document.begin_new_file(path)
            elif not window.document.load(path) and fresh and len(self.windows) > 1:
                window.close()
            elif fresh and window.document.loading:
                window.document.load_failed.connect(lambda w=window: self._close_unused(w),
                                                    Qt.ConnectionType.SingleShotConnection)

    def window_of(self, path: Path) -> MainWindow | None:
        """The window holding the file ``path`` (or loading it), by the file itself: another
        spelling of the path or a link to it is the same file."""
        return next((w for w in self.windows
                     if w.document.file is not None and _same_file(w.document.file, path)), None)

    def _close_unused(self, window: MainWindow) -> None:
        """Close ``window``, opened for a file that then could not be read, if it is still
        empty and not the only window (as open_files does when the file fails at once)."""
        if window in self.windows and len(self.windows) > 1 and window.document.is_pristine:
            window.close()

    def window_closed(self, window: MainWindow) -> None:
        if window in self.windows:
            self.windows.remove(window)

    def prompter(self) -> Prompter:
        return self.windows[0].prompter if self.windows else self._prompter_factory(QWidget())

    # ---------------------------------------------------------------- settings

    def update_settings(self, settings: Settings, preload: Path | None = None) -> None:
        """Persist the fields that differ from ``self.settings`` (other Inkling processes'
        changes in the file stay: SettingsStore.update) and apply the merged result to
        every window at once; a new model choice, this process's or another's, applies
        now (``preload``: the folder to load at once, default the one in use). A save that
        fails is reported in the status bars; the settings still apply here, and the next
        save writes them too."""
        old = self.settings
        try:
            self.settings = self._saved_settings = self.settings_store.update(self._saved_settings, settings)
        except OSError as exc:
            self.settings = settings
            for window in self.windows:
                window.status.showMessage(f"Settings not saved in {self.settings_store.path.parent}: {exc}. "
                                          "They apply until you quit.", 15000)
        settings = self.settings
        models_changed = models_differ(old, settings)
        if models_changed and self._model_override is None:
            self.router = self._make_router()  # before the windows redraw their Model menus
        for window in self.windows:
            window.apply_settings(settings)
        if models_changed and self._model_override is None:
            self.apply_models(preload)
        self._report_settings_problem()

    def _report_settings_problem(self) -> None:
        """Tell the user, once, that the settings file could not be used as it was and
        where it was kept (SettingsStore.problem)."""
        problem = self.settings_store.take_problem()
        if problem:
            self.prompter().error("Settings file not valid", problem)

    def add_recent(self, path: Path) -> None:
        """Put ``path`` first in the recent files, also before those another Inkling
        process added since (so it counts as new here even if it was first already)."""
        entry = os.path.abspath(path)
        saved = self._saved_settings
        self._saved_settings = replace(saved, recent_files=tuple(p for p in saved.recent_files if p != entry))
        self.update_settings(self.settings.with_recent(entry))

    def last_folder(self) -> Path | None:
        """The folder last used for opening or saving a file (the first recent file's),
        where an untitled document's Save dialog starts; None when there is none."""
        recent = self.settings.recent_files
        return Path(recent[0]).parent if recent else None

    # ---------------------------------------------------------------- recovery

    def offer_recovery(self) -> None:
        """After a crash: offer to restore the unsaved work the dead sessions left, each
        entry restored or discarded as chosen (ui/recovery_offer.py)."""
        if self.recovery is not None and not self.recovery_problem:  # not a folder it cannot use
            recovery_offer.offer(self.recovery, self, self.prompter)

    # ------------------------------------------------------------------ timing

    def _on_ghost(self, ghost: object) -> None:
        if ghost is not None and not self._first_ghost_logged:
            self._first_ghost_logged = True
            self._mark("first suggestion shown")

    def _mark(self, what: str) -> None:
        if self._timing:
            print(f"[inkling timing] {what}: {seconds_since_start() * 1000:.0f} ms after launch",
                  file=sys.stderr, flush=True)

    # ---------------------------------------------------------------- shutdown

    def shutdown(self, keep_recovery: bool = False) -> None:
        """Stop workers and release the recovery session. Its entries go when nothing
        unsaved is left (every window closed through its questions); they stay for the
        next start with ``keep_recovery`` (end_session) or while a window still holds
        unsaved text, which is autosaved first: the event loop ended without asking (the
        display went away: an X server crash, a dropped ssh -X, a force-quit window;
        a tester's autosave was deleted at that moment, the only copy of his text)."""
        if self._shut_down:
            return
        self._shut_down = True
        unsaved = [w.document for w in self.windows if w.document.modified]
        for document in unsaved:
            document.flush_autosave()
        self.service.shutdown()
        if self.recovery is not None:
            self.recovery.close(keep_entries=keep_recovery or bool(unsaved))

    def end_session(self, signum: int) -> None:
        """The desktop session is ending (SIGTERM at logout or shutdown, SIGHUP): there is
        no time to ask anything. Every window's unsaved text is autosaved now and kept in
        the recovery folder, offered at the next start like work left by a crash (the user
        neither saved nor discarded it); then the app quits with status 128 + ``signum``.
        What an input method is composing is committed first, as a click away would: it is
        saved too (a tester's 谢谢 was lost, with tracebacks as the windows went)."""
        log.info("signal %d: autosaving and quitting", signum)
        for window in list(self.windows):
            window.editor.commit_preedit()
        self.shutdown(keep_recovery=True)  # autosaves every window with unsaved text
        QApplication.exit(128 + signum)


def _start(app: InklingApp, files: Sequence[Path]) -> None:
    """``app.start(files)`` from the event loop; an error there ends the app with status 1
    (logged), instead of leaving it running without a window."""
    try:
        app.start(files)
    except Exception:
        log.exception("start-up failed")
        QApplication.exit(1)


def _same_file(a: Path, b: Path) -> bool:
    if a == b:
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _no_display() -> bool:
    if sys.platform != "linux" or os.environ.get("QT_QPA_PLATFORM"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def app_icon() -> QIcon:
    """The window icon: each PNG size rendered from inkling.svg (writer_app/icons)."""
    folder = icon_dir()
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addFile(str(folder / f"inkling-{size}.png"), QSize(size, size))
    return icon


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``writer-app`` and ``python -m writer_app``."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if _no_display():
        print("writer-app: no display (DISPLAY and WAYLAND_DISPLAY are unset). Run it in a "
              "desktop session, under xvfb-run, or with QT_QPA_PLATFORM=offscreen.",
              file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
    qt_app = QApplication.instance() or QApplication(sys.argv[:1])
    qt_app.setApplicationName("Inkling")
    qt_app.setApplicationDisplayName("Inkling")
    qt_app.setOrganizationName("Inkling")
    qt_app.setApplicationVersion(__version__)
    qt_app.setDesktopFileName("inkling")  # Wayland: the entry --install-desktop-entry writes
    qt_app.setWindowIcon(app_icon())
    app = InklingApp(
        SettingsStore(args.settings or places.settings_path()),
        args.recovery_dir or places.recovery_dir(),
        model_dir=args.model,
        timing=args.timing,
    )
    qt_app.aboutToQuit.connect(app.shutdown)
    signals = SignalWatcher(parent=qt_app)  # SIGTERM/SIGHUP: autosave, then quit
    signals.received.connect(app.end_session)
    # Start inside the event loop: a question asked at start-up (a file that cannot be
    # opened, the recovery offer) then runs in a loop nested in the main one, and a quit
    # meanwhile (SIGTERM) ends both, as it does for any later dialog. Started before
    # exec(), the quit ended only the dialog's loop and exec() then ran on.
    QTimer.singleShot(0, lambda: _start(app, args.files))
    code = qt_app.exec()
    app.shutdown()
    return code
