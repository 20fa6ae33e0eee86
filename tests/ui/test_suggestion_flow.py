"""Requests and results between the editor and the worker thread."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from writer_app.editor.suggestion_policy import CONTEXT_CHARS
from writer_app.editor.suggestion_service import SuggestionChannel, SuggestionService
from writer_app.engine.interface import SuggestionRequest
from writer_app.inference.types import DecodingConfig, Suggestion
from writer_app.settings.app_settings import Settings

from .conftest import FAKE_FOLDER, EditorRig, FakeEngine, commit_text, focus_at_end, settle, wait_ghost


def test_stale_results_are_dropped(qtbot, rig: EditorRig) -> None:
    rig.engine.answers = {"Hello": Suggestion(" STALE", [], 1.0),
                          "Hello there": Suggestion(" fresh", [], 1.0)}
    rig.engine.gate = threading.Event()
    qtbot.keyClicks(rig.editor, "Hello")
    qtbot.waitUntil(lambda: rig.engine.started.acquire(blocking=False))  # "Hello" is running
    qtbot.keyClicks(rig.editor, " there")
    qtbot.waitUntil(lambda: rig.controller.requests_sent == 2)  # queued behind it
    rig.engine.gate.set()
    wait_ghost(qtbot, rig.editor, " fresh")
    settle(rig.service)
    assert rig.controller.results_dropped == 1  # the answer for "Hello" came too late
    assert rig.engine.calls == ["Hello", "Hello there"]
    assert rig.editor.ghost.text == " fresh"


def test_a_burst_of_requests_costs_one_model_call(qtbot, rig: EditorRig) -> None:
    rig.engine.gate = threading.Event()
    channel = SuggestionChannel()
    results = []
    channel.result_ready.connect(results.append)
    config = DecodingConfig()
    rig.service.submit(channel, SuggestionRequest(0, 1, "A", config, FAKE_FOLDER))
    qtbot.waitUntil(lambda: rig.engine.started.acquire(blocking=False))
    for i in range(2, 6):
        rig.service.submit(channel, SuggestionRequest(i, i, "Hello"[:i], config, FAKE_FOLDER))
    rig.engine.gate.set()
    settle(rig.service)
    qtbot.waitUntil(lambda: len(results) == 2)
    assert rig.engine.calls == ["A", "Hello"]  # the three in between never ran
    assert [r.request.revision for r in results] == [0, 5]


def test_result_for_another_cursor_position_is_dropped(qtbot, rig: EditorRig) -> None:
    rig.engine.gate = threading.Event()
    qtbot.keyClicks(rig.editor, "Hello")
    qtbot.waitUntil(lambda: rig.engine.started.acquire(blocking=False))
    qtbot.keyClick(rig.editor, Qt.Key.Key_Home)  # moved, same revision
    rig.engine.gate.set()
    settle(rig.service)
    assert rig.editor.ghost is None
    assert rig.controller.results_dropped == 1


def test_only_text_near_the_cursor_is_sent(qtbot, rig: EditorRig) -> None:
    paragraph = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 20
    big = "\n".join(f"{i} {paragraph}" for i in range(300)) + "\nHello"  # ~350 KB
    rig.editor.set_document_text(big)
    rig.editor.moveCursor(QTextCursor.MoveOperation.End)
    rig.controller.request_now()
    wait_ghost(qtbot, rig.editor, " world is big")
    sent = rig.engine.calls[-1]
    assert len(sent) == CONTEXT_CHARS
    assert big.endswith(sent)


def test_settings_apply_live_to_the_next_request(qtbot, rig: EditorRig) -> None:
    qtbot.keyClicks(rig.editor, "Hello")
    wait_ghost(qtbot, rig.editor)
    rig.controller.apply_settings(Settings(beam_width=2, max_tokens=5, threshold=0.5,
                                           debounce_ms=0))
    qtbot.keyClicks(rig.editor, " there")
    wait_ghost(qtbot, rig.editor, " friend")
    latest = rig.engine.configs[-1]
    assert (latest.beam_width, latest.max_tokens, latest.threshold) == (2, 5, 0.5)


def test_an_engine_error_does_not_break_the_editor(qtbot, rig: EditorRig) -> None:
    def broken(folder: Path, text: str, config: DecodingConfig, document: int | None = None,
               after: str = "") -> Suggestion | None:
        raise RuntimeError("model exploded")

    rig.engine.suggest = broken  # type: ignore[method-assign]
    with qtbot.waitSignal(rig.controller.failed) as failure:
        qtbot.keyClicks(rig.editor, "Hello")
    assert "model exploded" in failure.args[0]
    qtbot.keyClicks(rig.editor, "!")
    assert rig.editor.toPlainText() == "Hello!"


def test_latency_is_reported(qtbot, rig: EditorRig) -> None:
    with qtbot.waitSignal(rig.controller.latency_measured) as sig:
        qtbot.keyClicks(rig.editor, "Hello")
    assert sig.args[0] >= 0.0
    assert rig.controller.last_latency_ms is not None


def test_at_the_start_of_an_empty_paragraph_only_asking_brings_a_suggestion(
        qtbot, rig: EditorRig) -> None:
    """The empty-paragraph rule (editor/suggestion_policy.py): nothing comes by itself
    there, so Tab indents whatever the timing; Ctrl+Space still asks."""
    quote = Suggestion("\u201cWell,", [], 0.9)
    rig.engine.answers = {"\n": quote, "\t": quote, "the": Suggestion(" end", [], 0.9)}
    qtbot.keyClicks(rig.editor, "That was the")
    wait_ghost(qtbot, rig.editor, " end")
    rig.editor.dismiss_ghost()
    asked = rig.controller.requests_sent
    for _ in range(2):
        qtbot.keyClick(rig.editor, Qt.Key.Key_Return)
    qtbot.keyClick(rig.editor, Qt.Key.Key_Space)  # spaces alone do not start it either
    settle(rig.service)
    assert rig.controller.requests_sent == asked and rig.editor.ghost is None
    qtbot.keyClick(rig.editor, Qt.Key.Key_Tab)
    assert rig.editor.toPlainText() == "That was the\n\n \t"
    qtbot.keyClick(rig.editor, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier)
    wait_ghost(qtbot, rig.editor, "\u201cWell,")
    qtbot.keyClick(rig.editor, Qt.Key.Key_Tab)
    assert rig.editor.toPlainText() == "That was the\n\n \t\u201cWell,"


def test_each_keystroke_detects_the_language_once_and_routes_only_on_a_change(
        qtbot, rig: EditorRig) -> None:
    """One detection per key (the cursor move; the request reuses it) and no route lookup
    while the language stays the same: the request carries the folder chosen when the
    language last changed."""
    detector, service = rig.controller.detector, rig.service
    detections, routes = [], []
    inner = {"near": False}
    detect, detect_near, route = detector.detect, detector.detect_near, service.route

    def counted_detect(text: str) -> str:
        if not inner["near"]:
            detections.append(text)
        return detect(text)

    def counted_near(before: str, after: str) -> str:
        detections.append(before)
        inner["near"] = True
        try:
            return detect_near(before, after)
        finally:
            inner["near"] = False

    detector.detect = counted_detect  # type: ignore[method-assign]
    detector.detect_near = counted_near  # type: ignore[method-assign]
    service.route = lambda language: routes.append(language) or route(language)  # type: ignore[method-assign]
    qtbot.keyClicks(rig.editor, "Hello")
    wait_ghost(qtbot, rig.editor, " world is big")
    settle(service)
    assert rig.controller.requests_sent >= 1
    assert len(detections) == len("Hello")  # one per key, none more per request
    assert routes == []  # still English: the route computed before is reused
    commit_text(rig.editor, "，你")
    wait_ghost(qtbot, rig.editor, "好，世界")
    assert routes == ["zh"]
    assert rig.engine.folders[-1] == FAKE_FOLDER


def test_loads_and_suggestions_run_on_one_worker_thread(qtbot, rig: EditorRig) -> None:
    """Loading a model and asking it go through the same single worker thread, in order."""
    with qtbot.waitSignal(rig.service.load_finished) as done:
        rig.service.load(FAKE_FOLDER)
    assert done.args == [FAKE_FOLDER, "fake-model", ""]
    assert rig.service.model_state(FAKE_FOLDER).status == "ready"
    qtbot.keyClicks(rig.editor, "Hello")
    wait_ghost(qtbot, rig.editor, " world is big")
    assert len(rig.engine.threads) == 1
    assert threading.get_ident() not in rig.engine.threads


def test_an_engine_that_cannot_start_is_reported_as_the_load_failing(qtbot) -> None:  # noqa: ANN001
    def cannot_start() -> FakeEngine:
        raise OSError("no room for another process")

    service = SuggestionService(start_engine=cannot_start)
    try:
        with qtbot.waitSignal(service.load_finished) as done:
            service.load(FAKE_FOLDER)
        folder, name, reason = done.args
        assert (folder, name) == (FAKE_FOLDER, "") and "no room for another process" in reason
        assert service.model_state(FAKE_FOLDER).status == "failed" and not service.available
    finally:
        service.shutdown()


def test_a_suggestion_the_files_encoding_cannot_hold_is_not_shown(qtbot, make_app, engine,  # noqa: ANN001
                                                                   tmp_path: Path) -> None:
    """A tester's Big5 file was offered 笔 (simplified; Big5 has 筆): accepting it made Save
    ask to convert the file to UTF-8. Only what the file can hold is shown."""
    engine.answers["下面的說"] = Suggestion("明笔记", ["明筆記", "明书"], 0.9)
    engine.answers["今天"] = Suggestion("书", ["书本"], 0.9)
    path = tmp_path / "big5.txt"
    path.write_bytes("請參考下面的說".encode("big5"))
    w = make_app(files=[path]).windows[0]
    assert w.document.fmt.encoding == "big5"
    focus_at_end(qtbot, w)
    w.suggestions.request_now()
    qtbot.waitUntil(lambda: w.editor.ghost is not None, timeout=5000)  # (painted or not)
    assert w.editor.ghost.candidates == ("明筆記",)  # 笔, 书 are not in Big5
    w.editor.dismiss_ghost()
    said: list[bool] = []
    w.suggestions.nothing_found.connect(lambda: said.append(True))
    commit_text(w.editor, "今天")
    w.suggestions.request_now()
    qtbot.waitUntil(lambda: said == [True], timeout=5000)  # nothing it can hold: "nothing found"
    assert w.editor.ghost is None
