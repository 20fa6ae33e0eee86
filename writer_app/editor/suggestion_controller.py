"""Connects one editor to the suggestion service: when to ask, and what to show.

After each edit a debounce timer restarts; when it fires, and the cursor is somewhere a
suggestion makes sense, the text before the cursor and the rest of the cursor's line
after it (which the suggestion must not repeat) go to the service tagged with the
editor's revision and cursor position. A result is shown only if the editor is still at
that revision and position (otherwise it is stale and dropped): every edit, before or
after the cursor, changes the revision.

Which model answers: the script of the text before the cursor (writer_app/text/language.py, with
hysteresis, one detector per editor) gives a language, and the service's router turns it
into a model folder that travels with the request; where Chinese is being typed at the
cursor the Chinese model answers whatever the paragraph's language
(text.language.model_language). A result from another model than the one the editor would
ask now (the user switched models meanwhile) is dropped too.

Per keystroke the language is detected once (``refresh_language``, when the cursor moves;
``_submit`` reuses it for the same revision and position) and the route is computed only
when the language or the router changes; the request carries the route's folder and the
DecodingConfig, and nothing else is looked up on the way to the engine.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject, QTimer, Signal

from writer_app.editor.ghost_editor import GhostTextEdit
from writer_app.editor.ghost_text import GhostText
from writer_app.editor.suggestion_policy import (
    AFTER_CHARS,
    LOOKAHEAD_CHARS,
    at_suggestion_spot,
    candidates_for_file,
    should_suggest,
)
from writer_app.editor.suggestion_service import SuggestionChannel, SuggestionService
from writer_app.editor.text_mirror import TextMirror
from writer_app.engine.interface import SuggestionRequest, SuggestionResult
from writer_app.engine.model_choice import ModelRoute
from writer_app.inference.doc_cache import DocumentEdit
from writer_app.inference.types import DecodingConfig, request_config
from writer_app.settings.app_settings import Settings
from writer_app.text.language import WINDOW_CHARS, ScriptDetector, model_language

_last_document = [0]  # the engine's name for each editor's document: a new number each time


def _new_document_id() -> int:
    _last_document[0] += 1
    return _last_document[0]


def decoding_config(settings: Settings, base: DecodingConfig | None = None) -> DecodingConfig:
    """The engine config for ``settings`` (fields the settings do not cover keep ``base``)."""
    return replace(base or DecodingConfig(), beam_width=settings.beam_width,
                   max_tokens=settings.max_tokens, threshold=settings.threshold,
                   document_cache=settings.document_cache)


class SuggestionController(QObject):
    """Per-editor logic. Signals: ``latency_measured(float ms)``, ``failed(str)``,
    ``model_status_changed()`` (the language near the cursor changed, another model was
    chosen, or a model finished loading or failed to load).

    Counters ``requests_sent`` / ``results_shown`` / ``results_dropped`` are kept for
    the status bar and for tests.
    """

    latency_measured = Signal(float)
    failed = Signal(str)
    model_status_changed = Signal()
    nothing_found = Signal()  # Ctrl+Space found nothing at all (it ignores the threshold)
    not_here = Signal()  # Ctrl+Space where suggestions are never made (text after the cursor)

    def __init__(self, editor: GhostTextEdit, service: SuggestionService, settings: Settings,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.editor, self.service = editor, service
        self.channel = SuggestionChannel()  # no parent: outlives the editor if a job still runs
        self.channel.result_ready.connect(self._on_result)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(lambda: self._submit(force=False))
        self.requests_sent = self.results_shown = self.results_dropped = 0
        self.last_latency_ms: float | None = None
        self._enabled = True
        self._config = DecodingConfig()
        self._mirror: TextMirror | None = None  # the document's lines (follow_document)
        # Whether a suggestion's text can be saved in the file (its encoding): one that
        # cannot (simplified characters in a Big5 file) is never shown. Set by the window.
        self.fits_file: Callable[[str], bool] = lambda _text: True
        self._document: int | None = None  # the engine has the whole document under this id
        self.detector = ScriptDetector()
        self.detections = 0  # language detections run (one per request at most)
        self._detected_at: tuple[int, int] | None = None  # (revision, position) detected at
        self._route: ModelRoute | None = service.route(self.detector.language)
        self.apply_settings(settings)
        editor.edited.connect(self._timer.start)  # each edit restarts the debounce; _submit decides
        editor.cursorPositionChanged.connect(self.refresh_language)
        editor.text_replaced.connect(self.refresh_language)
        editor.suggestion_requested.connect(self.request_now)
        service.engine_changed.connect(self._on_engine_changed)
        service.routes_changed.connect(self._on_routes_changed)
        service.document_out_of_step.connect(self._on_out_of_step)

    @property
    def enabled(self) -> bool:
        return self._enabled

    @property
    def language(self) -> str:
        """The language last detected before the cursor ("en" until text is typed)."""
        return self.detector.language

    def route(self) -> ModelRoute | None:
        """The model this editor asks now (None: the service has no router)."""
        return self._route

    def _route_at(self, before: str) -> tuple[str, ModelRoute | None]:
        """(language, route) of the model that continues ``before``, the text before the
        cursor: the document's route, or the Chinese model's where Chinese is being typed
        (text.language.model_language)."""
        language = model_language(before, self.detector.language)
        if language == self.detector.language:
            return language, self._route
        return language, self.service.route(language)

    def refresh_language(self) -> None:
        """Detect the language at the cursor now (a file opened, the cursor moved), so the
        status bar names the model the next suggestion will come from before anything is
        typed, and that model starts loading if it is not loaded yet. Reads at most
        WINDOW_CHARS characters on each side of the cursor."""
        previous = self.detector.language
        self._detected_at = (self.editor.revision, self.editor.cursor_position())
        self.detections += 1
        self.detector.detect_near(self.editor.context_before_cursor(WINDOW_CHARS),
                                  self.editor.text_after_cursor(WINDOW_CHARS))
        if self.detector.language != previous:
            self._route = self.service.route(self.detector.language)
            self._preload()
            self.model_status_changed.emit()

    def _preload(self) -> None:
        route = self._route
        if route is not None and self._enabled:
            self.service.preload(route.folder)

    def follow_document(self, mirror: TextMirror) -> None:
        """Keep the engine's cache of this editor's document current (issue 14): each
        edit sends the lines it changed (``TextMirror.lines_changed``; the whole text
        once, when following starts or the cache is switched on), and requests name the
        document, so suggestions learn from all of it, before and after the cursor."""
        self._mirror = mirror
        mirror.refresh()  # read now if stale (before listening: the whole text goes below)
        mirror.lines_changed.connect(self._on_lines_changed)
        self._send_whole()

    def _send_whole(self) -> None:
        if self._mirror is None or not self._config.document_cache:
            return
        self._forget_document()
        self._document = _new_document_id()
        self.service.update_document(self._document, DocumentEdit(0, None, tuple(self._mirror.lines())))

    def _on_out_of_step(self, document: int) -> None:
        if document == self._document:  # the engine's copy missed edits: all of it again
            self._send_whole()

    def _on_lines_changed(self, start: int, end: int, lines: list[str]) -> None:
        if end < 0:  # the mirror was rebuilt (a file was opened)
            self._send_whole()
        elif self._document is not None:
            self.service.update_document(self._document, DocumentEdit(start, end, tuple(lines)))

    def apply_settings(self, settings: Settings) -> None:
        """Live: on/off, debounce and decoding options take effect on the next request;
        the ask-now key at once."""
        self._enabled = settings.suggestions_enabled
        self.editor.set_ask_now_key(settings.ask_now_key)
        self._timer.setInterval(settings.debounce_ms)
        was = self._config.document_cache
        self._config = decoding_config(settings, self._config)
        if self._config.document_cache and not was:
            self._send_whole()
        elif not self._config.document_cache:
            self._forget_document()  # edits are not sent while it is off
        if not self._enabled:
            self._timer.stop()
            self.editor.dismiss_ghost()

    def request_now(self) -> None:
        """The ask-now key or Suggestions → Suggest Now: ask at once, even with automatic
        suggestions turned off. The view comes back to the caret if the writer had
        scrolled away (a suggestion is shown only where it can be seen)."""
        self._timer.stop()
        self.editor.ensureCursorVisible()
        self._submit(force=True)

    def _forget_document(self) -> None:
        """The engine drops this editor's document (it is off, closing, or sent anew)."""
        if self._document is not None:
            self.service.forget_document(self._document)
            self._document = None

    def stop(self) -> None:
        """The editor is closing: nothing more will be asked or shown, and the engine drops
        its copy of the document."""
        self._timer.stop()
        self.service.cancel(self.channel)
        self._forget_document()
        if self._mirror is not None:
            self._mirror.lines_changed.disconnect(self._on_lines_changed)
            self._mirror = None
        for signal, slot in ((self.channel.result_ready, self._on_result),
                             (self.service.engine_changed, self._on_engine_changed),
                             (self.service.routes_changed, self._on_routes_changed),
                             (self.editor.cursorPositionChanged, self.refresh_language),
                             (self.editor.text_replaced, self.refresh_language)):
            try:
                signal.disconnect(slot)
            except (RuntimeError, TypeError):
                pass

    def _on_engine_changed(self, name: str) -> None:
        # The model finished loading while the user was already writing: offer a
        # suggestion for where the cursor is now rather than waiting for a keystroke, and
        # load the model of the text at the cursor (a file opened before the engine was).
        if name:
            # A new engine holds no copy of this document (the first window follows its
            # document before the engine has started, when the whole text goes nowhere).
            self._send_whole()
            self._preload()
            self._timer.start()
        else:
            self.editor.dismiss_ghost()

    def _on_routes_changed(self) -> None:
        # Another model now answers: what is shown came from the old one.
        self._route = self.service.route(self.detector.language)
        self.editor.dismiss_ghost()
        self.model_status_changed.emit()
        self._timer.start()

    def _submit(self, force: bool) -> None:
        editor = self.editor
        if not (self._enabled or force) or not self.service.available or editor.isReadOnly():
            return
        before, after = editor.context_before_cursor(), editor.text_after_cursor(AFTER_CHARS)
        if not should_suggest(before, after[:LOOKAHEAD_CHARS],
                              has_selection=editor.has_selection(),
                              composing=editor.composing, enabled=self._enabled or force,
                              asked=force):
            if force and not editor.composing and not at_suggestion_spot(after[:LOOKAHEAD_CHARS]):
                self.not_here.emit()  # Ctrl+Space mid-line: say why nothing comes
            return
        if self._detected_at != (editor.revision, editor.cursor_position()):
            self.refresh_language()  # not detected here yet (the cursor did not move)
        language, route = self._route_at(before)
        if route is None:
            return
        # Asked for (the ask-now key): the best suggestion whatever its confidence.
        config = replace(self._config, threshold=0.0) if force else self._config
        config = request_config(config, before, language)  # a Latin word in Chinese text
        request = SuggestionRequest(editor.revision, editor.cursor_position(), before, config,
                                    route.folder, asked=force, document=self._document, after=after)
        self.requests_sent += 1
        self.service.submit(self.channel, request)

    def _on_result(self, result: SuggestionResult) -> None:
        editor, request = self.editor, result.request
        route = self._route_at(request.context)[1]
        if route is None or request.model == route.folder:  # not a switched-away model's
            self.last_latency_ms = result.latency_ms
            self.latency_measured.emit(result.latency_ms)
        if result.error:
            self.failed.emit(result.error)
        self.model_status_changed.emit()  # loaded now, or could not be loaded
        stale = (request.revision != editor.revision or request.position != editor.cursor_position()
                 or (route is not None and request.model != route.folder))
        sug = result.suggestion  # showable as it is (one line each, no repeats: inference.candidates.showable)
        candidates = candidates_for_file((sug.text, *sug.alternatives), self.fits_file, request.asked) if sug else ()
        if stale or not candidates:
            self.results_dropped += stale
            if not stale and request.asked and not result.error and not result.model_problem:
                self.nothing_found.emit()
            return
        ghost = GhostText(request.revision, request.position, candidates)
        if editor.show_ghost(ghost):
            self.results_shown += 1
        elif request.asked:  # every candidate was one the writer undid here: say so, too
            self.nothing_found.emit()
