"""Opening and saving through the real window: never lose a word."""

from __future__ import annotations

import codecs
import errno
import os
import stat
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence

from writer_app.editor.cursor_text import NOT_KEPT_BY_EDITOR
from writer_app.editor.ghost_editor import GhostTextEdit
from writer_app.files import atomic_write, cp936, document_file
from writer_app.ui import file_loader
from writer_app.ui.document_controller import DocumentController
from writer_app.ui.prompts import CloseChoice, OverwriteChoice

from .conftest import AppFactory, FakePrompter, type_unicode, wait_ghost


def window_of(app):  # noqa: ANN001, ANN201 (test helper)
    return app.windows[0]


def test_saving_with_ghost_text_visible_writes_only_the_document(qtbot, make_app: AppFactory,
                                                                 tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("Dear friend,\n")
    app = make_app(files=[path])
    w = window_of(app)
    w.editor.moveCursor(w.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(w.editor, "Hello")
    wait_ghost(qtbot, w.editor, " world is big")
    w.act_save.trigger()
    assert path.read_text() == "Dear friend,\nHello"
    assert not w.document.modified
    assert w.editor.ghost is not None  # still offered after saving


def test_save_shortcuts_are_standard(make_app: AppFactory) -> None:
    w = window_of(make_app())
    assert w.act_save.shortcut() == QKeySequence(QKeySequence.StandardKey.Save)
    assert w.act_open.shortcut() == QKeySequence(QKeySequence.StandardKey.Open)
    assert w.act_new.shortcut() == QKeySequence(QKeySequence.StandardKey.New)
    assert w.act_undo.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    assert w.act_find.shortcut() == QKeySequence(QKeySequence.StandardKey.Find)
    assert not w.act_replace.shortcut().isEmpty()


def test_untitled_save_asks_for_a_name(qtbot, make_app: AppFactory, tmp_path: Path) -> None:
    prompter = FakePrompter(save_path_answer=tmp_path / "new.md")
    w = window_of(make_app(prompter=prompter))
    qtbot.keyClicks(w.editor, "# Title")
    assert w.document.save()
    assert (tmp_path / "new.md").read_text() == "# Title"
    assert w.windowTitle().startswith("new.md")
    assert w.host.settings.recent_files[0] == str(tmp_path / "new.md")


@pytest.fixture
def locked_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "doc.txt").write_text("original\n")
    folder.chmod(0o555)
    if os.geteuid() == 0:  # root ignores permissions: inject the OS's EACCES instead
        real = atomic_write.tempfile.mkstemp

        def denied(*args: object, **kwargs: object) -> tuple[int, str]:
            if Path(str(kwargs.get("dir"))) == folder:
                raise PermissionError(errno.EACCES, "Permission denied")
            return real(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(atomic_write.tempfile, "mkstemp", denied)
    yield folder
    folder.chmod(0o755)


def test_failed_save_in_read_only_folder_keeps_everything(qtbot, make_app: AppFactory,
                                                          locked_folder: Path) -> None:
    app = make_app(files=[locked_folder / "doc.txt"])
    w = window_of(app)
    w.editor.moveCursor(w.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(w.editor, "new words")
    assert not w.document.save()
    (title, message), = app.fake_prompter.errors
    assert title == "Save failed" and "permission" in message
    assert w.document.modified and w.isWindowModified()
    assert (locked_folder / "doc.txt").read_text() == "original\n"
    assert w.editor.document_text() == "original\nnew words"


def test_failed_save_on_full_disk_keeps_everything(qtbot, make_app: AppFactory, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "doc.txt"
    path.write_text("original\n")
    app = make_app(files=[path])
    w = window_of(app)
    qtbot.keyClicks(w.editor, "more ")

    def full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic_write.os, "write", full)
    w.act_save.trigger()
    assert "disk is full" in app.fake_prompter.errors[0][1]
    assert w.document.modified
    assert path.read_text() == "original\n"
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []
    monkeypatch.undo()
    assert w.document.save()  # space freed: the same document saves fine
    assert path.read_text() == "more original\n"


def test_file_changed_on_disk_is_not_overwritten_without_asking(qtbot, make_app: AppFactory,
                                                                tmp_path: Path) -> None:
    path = tmp_path / "shared.txt"
    path.write_text("v1\n")
    prompter = FakePrompter(overwrite_changed=False)
    w = window_of(make_app(files=[path], prompter=prompter))
    qtbot.keyClicks(w.editor, "mine ")
    path.write_text("their version\n")
    assert not w.document.save()
    assert prompter.asked == ["overwrite shared.txt"]
    assert path.read_text() == "their version\n"
    assert w.document.modified
    prompter.overwrite_changed = True
    assert w.document.save()
    assert path.read_text() == "mine v1\n"
    prompter.asked.clear()
    qtbot.keyClicks(w.editor, "again ")
    assert w.document.save()  # our own save is not "changed on disk"
    assert prompter.asked == []


ENCODED = [  # name, BOM, codec, text as stored
    ("utf-8", b"", "utf-8", "Ünïcödé text 你好\n"),
    ("utf-8-bom", codecs.BOM_UTF8, "utf-8", "Café au lait\n"),
    ("utf-16-le-bom", codecs.BOM_UTF16_LE, "utf-16-le", "Wide text 宽\r\nline 2\r\n"),
    ("utf-16-be-bom", codecs.BOM_UTF16_BE, "utf-16-be", "Big end\n"),
    ("gb18030", b"", "gb18030", "今天天气很好，我们去公园散步。我们明天早上去市场。\n"),
    ("big5", b"", "big5", "今天天氣很好，我們去公園散步。我們明天早上去市場。\n"),
    ("latin-1", b"", "latin-1", "Le garçon a mangé une pomme à la fenêtre.\n"),
    ("no-break-space", b"", "utf-8", "a\u00a0b\u2028c\n"),
]


@pytest.mark.parametrize(("name", "bom", "codec", "text"), ENCODED, ids=[e[0] for e in ENCODED])
def test_encodings_round_trip_through_the_editor(qtbot, make_app: AppFactory, tmp_path: Path,
                                                 name: str, bom: bytes, codec: str,
                                                 text: str) -> None:
    path = tmp_path / f"{name}.txt"
    path.write_bytes(bom + text.encode(codec))
    w = window_of(make_app(files=[path]))
    assert not w.document.modified
    w.editor.document().setModified(True)
    assert w.document.save()
    assert path.read_bytes() == bom + text.encode(codec)  # unchanged text: identical bytes
    w.editor.moveCursor(w.editor.textCursor().MoveOperation.Start)
    qtbot.keyClicks(w.editor, "Hi ")
    assert w.document.save()
    assert path.read_bytes() == bom + ("Hi " + text).encode(codec)


def test_chinese_typed_into_a_latin1_file_offers_utf8(qtbot, make_app: AppFactory,
                                                      tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Café\n".encode("latin-1"))
    prompter = FakePrompter(save_as_utf8=True)
    w = window_of(make_app(files=[path], prompter=prompter))
    type_unicode(w.editor, "中")
    assert w.document.save()
    assert prompter.asked and prompter.asked[0].startswith("utf8:")
    assert path.read_bytes() == "中Café\n".encode()
    assert w.document.fmt.encoding == "utf-8"


def test_declining_utf8_keeps_the_old_file(qtbot, make_app: AppFactory, tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Café\n".encode("latin-1"))
    w = window_of(make_app(files=[path], prompter=FakePrompter(save_as_utf8=False)))
    type_unicode(w.editor, "中")  # (€ is taken: the file is read as Windows-1252)
    assert not w.document.save()
    assert path.read_bytes() == "Café\n".encode("latin-1")
    assert w.document.modified


def test_binary_file_is_refused_with_a_message(make_app: AppFactory, tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(500))
    app = make_app(files=[path])
    assert "binary" in app.fake_prompter.errors[0][1]
    assert window_of(app).document.path is None  # still a usable, empty editor


def test_a_named_pipe_is_refused_at_once_and_the_app_goes_on(make_app: AppFactory, tmp_path: Path) -> None:
    """A tester's FIFO froze the window in open() (SIGTERM ignored)."""
    from tests.files.test_document_file import released_after

    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    with released_after(pipe):
        app = make_app(files=[pipe])
    assert app.fake_prompter.errors == [("Cannot open file", "pipe.txt is not a regular file (a named "
                                         "pipe); Inkling opens text files.")]
    assert window_of(app).document.path is None


def test_too_large_file_is_refused(qtbot, make_app: AppFactory, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(document_file, "MAX_OPEN_BYTES", 2 * 1024 * 1024)
    path = tmp_path / "huge.log"
    path.write_bytes(b"line of log\n" * 200_000)  # 2.4 MB
    app = make_app()
    app.open_files([path], None)
    qtbot.waitUntil(lambda: bool(app.fake_prompter.errors))
    assert "opens files of up to 2.0 MB" in app.fake_prompter.errors[0][1]
    w = window_of(app)
    assert not w.document.loading and not w.editor.isReadOnly() and w.document.path is None


def test_big_file_loads_in_slices_while_the_window_keeps_running(qtbot, make_app: AppFactory,
                                                                 tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch
                                                                 ) -> None:
    monkeypatch.setattr(file_loader, "SLICE_CHARS", 64 * 1024)
    path = tmp_path / "big.txt"
    line = "All work and no play makes Jack a dull boy. 你好\n"
    path.write_text(line * 60_000, encoding="utf-8")  # ~3 MB, above ASYNC_BYTES
    app = make_app()
    w = window_of(app)
    ticks = []
    heartbeat = QTimer()
    heartbeat.timeout.connect(lambda: ticks.append(w.document.loading))
    heartbeat.start(0)
    app.open_files([path], None)
    assert w.document.loading and w.editor.isReadOnly()
    # While it loads, the window is already the file's, with no changes of the writer's
    # (it said "Untitled*"), and closing it would not ask to save a half-loaded text.
    qtbot.waitUntil(lambda: w.editor.document().isModified(), timeout=60000)  # a slice is in
    assert w.document.loading and w.document.title() == "big.txt" and w.document.file == path
    assert not w.document.modified and not w.isWindowModified()
    assert w.windowTitle().startswith("big.txt")
    qtbot.waitUntil(lambda: not w.document.loading, timeout=60000)
    heartbeat.stop()
    assert w.document._loader.slices > 10
    assert sum(ticks) >= w.document._loader.slices - 1  # the event loop ran between slices
    assert w.editor.document().blockCount() == 60_001
    assert not w.document.modified and not w.editor.isReadOnly()
    assert w.counter.words == 60_000 * 12
    assert not w.editor.document().isUndoAvailable()  # loading is not an edit


def test_close_with_unsaved_changes_asks(qtbot, make_app: AppFactory, tmp_path: Path) -> None:
    prompter = FakePrompter(close_choice=CloseChoice.CANCEL)
    app = make_app(prompter=prompter)
    w = window_of(app)
    qtbot.keyClicks(w.editor, "precious")
    assert not w.close()
    assert w.isVisible() and prompter.asked == ["save changes to Untitled"]
    prompter.close_choice = CloseChoice.SAVE
    prompter.save_path_answer = tmp_path / "kept.txt"
    assert w.close()
    assert (tmp_path / "kept.txt").read_text() == "precious"
    assert app.windows == []


def test_close_without_changes_does_not_ask(make_app: AppFactory) -> None:
    app = make_app()
    assert window_of(app).close()
    assert app.fake_prompter.asked == []


def test_open_reuses_an_empty_window_and_focuses_open_files(make_app: AppFactory,
                                                            tmp_path: Path) -> None:
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    a.write_text("A\n")
    b.write_text("B\n")
    app = make_app()
    app.open_files([a], None)
    assert len(app.windows) == 1 and app.windows[0].document.path == a
    app.open_files([b, a], app.windows[0])
    assert [w.document.path for w in app.windows] == [a, b]
    assert app.settings.recent_files[:2] == (str(b), str(a))


def test_another_spelling_or_a_link_of_an_open_file_is_the_same_window(make_app: AppFactory,
                                                                        tmp_path: Path) -> None:
    """A tester opened a.txt, ../t/a.txt and a link to it: three editable windows on one file."""
    a = tmp_path / "a.txt"
    a.write_text("A\n")
    (tmp_path / "link.txt").symlink_to(a)
    app = make_app()
    app.open_files([a, tmp_path / ".." / tmp_path.name / "a.txt", tmp_path / "link.txt"], None)
    assert len(app.windows) == 1 and app.windows[0].document.path == a


def test_reopen_asks_about_unsaved_changes_and_reports_bad_bytes(qtbot, make_app: AppFactory,
                                                                 tmp_path: Path) -> None:
    path = tmp_path / "zh.txt"
    path.write_bytes("今天天气很好".encode("gbk"))
    prompter = FakePrompter(close_choice=CloseChoice.CANCEL)
    w = window_of(make_app(files=[path], prompter=prompter))
    type_unicode(w.editor, "我")
    assert not w.document.reopen_with("big5")  # cancelled: nothing changes
    assert prompter.asked == ["save changes to zh.txt before reopening it"]
    assert w.editor.document_text() == "我今天天气很好"
    prompter.close_choice = CloseChoice.DISCARD
    assert not w.document.reopen_with("utf-8")  # not valid UTF-8: said, text kept
    assert prompter.errors and "not valid UTF-8" in prompter.errors[-1][1]
    assert w.editor.document_text() == "我今天天气很好" and w.document.fmt.encoding == cp936.NAME
    assert path.read_bytes() == "今天天气很好".encode("gbk")  # the file was never touched


def test_reopen_is_disabled_for_an_untitled_document(make_app: AppFactory) -> None:
    w = window_of(make_app())
    w.reopen_menu.aboutToShow.emit()
    assert not any(a.isEnabled() for a in w.reopen_menu.actions())


# ------------------------------------------------------------ read-only files

def test_a_read_only_file_is_not_overwritten_without_asking(qtbot, make_app: AppFactory,
                                                            tmp_path: Path) -> None:
    """chmod 444 means "do not change me" even to root, for whom os.access says yes."""
    path = tmp_path / "final.txt"
    path.write_text("signed off\n")
    path.chmod(0o444)
    app = make_app(files=[path])
    w, prompter = window_of(app), app.fake_prompter
    qtbot.keyClicks(w.editor, "edit ")
    assert not w.document.save()  # the fake prompter cancels
    assert prompter.asked == ["read-only final.txt"]
    assert path.read_text() == "signed off\n" and w.document.modified
    prompter.read_only_choice = OverwriteChoice.OVERWRITE
    assert w.document.save()
    assert path.read_text() == "edit signed off\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o444  # still read-only
    qtbot.keyClicks(w.editor, "again ")
    assert w.document.save()  # asked once for this file
    assert prompter.asked == ["read-only final.txt"] * 2


def test_save_elsewhere_leaves_the_read_only_file_alone(qtbot, make_app: AppFactory,
                                                        tmp_path: Path) -> None:
    path = tmp_path / "final.txt"
    path.write_text("signed off\n")
    path.chmod(0o444)
    prompter = FakePrompter(read_only_choice=OverwriteChoice.SAVE_ELSEWHERE,
                            save_path_answer=tmp_path / "my copy.txt")
    w = window_of(make_app(files=[path], prompter=prompter))
    qtbot.keyClicks(w.editor, "edit ")
    assert w.document.save()
    assert path.read_text() == "signed off\n"
    assert (tmp_path / "my copy.txt").read_text() == "edit signed off\n"
    assert w.document.path == tmp_path / "my copy.txt"


# ------------------------------------------- files that cannot be saved back as they were

def test_the_editor_keeps_every_code_point_but_the_listed_ones(qtbot) -> None:  # noqa: ANN001
    """Scans all of Unicode through the editor widget: only NOT_KEPT_BY_EDITOR change."""
    editor = GhostTextEdit()
    qtbot.addWidget(editor)

    def kept(points: list[int]) -> bool:
        text = "".join(map(chr, points))
        editor.set_document_text(text)
        return editor.document_text() == text

    changed: list[str] = []

    def scan(points: list[int]) -> None:
        if kept(points):
            return
        if len(points) == 1:
            changed.append(chr(points[0]))
            return
        scan(points[: len(points) // 2])
        scan(points[len(points) // 2:])

    points = [p for p in range(0x110000) if not 0xD800 <= p <= 0xDFFF and p != 0x0A]
    for start in range(0, len(points), 8192):
        scan(points[start:start + 8192])
    assert changed == sorted(NOT_KEPT_BY_EDITOR)


def test_a_paragraph_separator_is_reported_at_open_and_asked_about_at_save(
        qtbot, make_app: AppFactory, tmp_path: Path) -> None:
    path = tmp_path / "export.txt"
    data = "Chapter one\u2029It was night.\n".encode()
    path.write_bytes(data)
    app = make_app(files=[path])
    w, prompter = window_of(app), app.fake_prompter
    (title, message), = prompter.errors
    assert "U+2029 PARAGRAPH SEPARATOR" in message and "Save As" in message
    w.editor.document().setModified(True)
    assert not w.document.save()  # asked, and the fake prompter cancels
    assert prompter.asked[0].startswith("inexact export.txt: It holds U+2029")
    assert path.read_bytes() == data
    prompter.inexact_choice = OverwriteChoice.OVERWRITE
    assert w.document.save()
    assert path.read_bytes() == b"Chapter one\nIt was night.\n"
    qtbot.keyClicks(w.editor, "x")
    assert w.document.save() and len(prompter.asked) == 2  # the file now round-trips


def test_an_euc_jp_file_saves_back_the_same_bytes(make_app: AppFactory, tmp_path: Path) -> None:
    path = tmp_path / "ja.txt"
    data = "これは丫鬟の話です。\n".encode("euc_jp")
    path.write_bytes(data)
    app = make_app(files=[path])
    w = window_of(app)
    assert app.fake_prompter.errors == [] and w.document.fmt.encoding == "euc_jp"
    w.editor.document().setModified(True)
    assert w.document.save()
    assert path.read_bytes() == data


PROPERTY_POOL = "ab \n\r,.é€яあ丫鬟今們한\u2028\u2029\ufdd0\ufdd1\u00a0"
PROPERTY_CODECS = [("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE),
                   ("gb18030", b""), ("big5", b""), ("euc_jp", b""), ("cp1252", b"")]


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_open_then_save_through_the_editor_gives_back_the_bytes_or_asks(
        qtbot, data: st.DataObject) -> None:  # noqa: ANN001
    """Property: a file the app opens without a warning is saved back, unedited, byte for
    byte through the real editor widget; one it warned about is not rewritten unasked."""
    codec, bom = data.draw(st.sampled_from(PROPERTY_CODECS))
    alphabet = [ch for ch in PROPERTY_POOL if _encodable(ch, codec)]
    raw = bom + data.draw(st.text(st.sampled_from(alphabet), min_size=1, max_size=30)).encode(codec)
    editor = GhostTextEdit()
    qtbot.addWidget(editor)
    prompter = FakePrompter()
    document = DocumentController(editor, prompter, None, 3.0)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.txt"
        path.write_bytes(raw)
        if not document.load(path):
            return  # refused with a message: nothing to save back
        warned = bool(prompter.errors)
        editor.document().setModified(True)
        saved = document.save()
        assert saved != warned, prompter.asked
        assert path.read_bytes() == raw


def _encodable(ch: str, codec: str) -> bool:
    try:
        ch.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def test_overwriting_another_programs_version_still_asks_about_the_damaged_bytes(
        qtbot, make_app: AppFactory, tmp_path: Path) -> None:
    """A tester's file, damaged UTF-8 at byte 33: another program appended a line, he chose
    to overwrite that version, and ff fe became two U+FFFD with no word of it."""
    path = tmp_path / "inv3.txt"
    data = "Mostly utf8 “quote” but then ".encode() + b"\xff\xfe bad bytes and caf\xc3\xa9\n"
    path.write_bytes(data)
    app = make_app(files=[path])
    w, prompter = window_of(app), app.fake_prompter
    prompter.overwrite_changed = True
    qtbot.keyClicks(w.editor, "edit")
    path.write_bytes(data + b"EXTERNAL\n")
    assert not w.document.save()  # yes to the other version; the damaged bytes asked, cancelled
    assert [a.split(":")[0] for a in prompter.asked] == ["overwrite inv3.txt", "inexact inv3.txt"]
    assert path.read_bytes() == data + b"EXTERNAL\n"
