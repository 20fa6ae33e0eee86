"""Opening, saving and external-change detection of documents."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from writer_app.files import cp936, document_file
from writer_app.files.document_file import (
    OpenError,
    changed_on_disk,
    is_read_only,
    read_document,
    write_document,
)
from writer_app.files.text_codec import TextFormat


def test_open_edit_save_keeps_encoding(tmp_path: Path) -> None:
    path = tmp_path / "zh.txt"
    path.write_bytes("第一行。\r\n第二行，很好。我们去公园散步。\r\n".encode("gb18030"))
    doc = read_document(path)
    assert doc.facts.fmt.encoding == cp936.NAME and doc.facts.fmt.newline == "\r\n"  # all GBK: as Windows writes it
    write_document(path, doc.text + "第三行。\n", doc.facts.fmt)
    expected = "第一行。\r\n第二行，很好。我们去公园散步。\r\n第三行。\r\n"
    assert path.read_bytes().decode("gb18030") == expected


def test_stamp_ignores_touch_but_sees_changes(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("hello\n")
    doc = read_document(path)
    assert not changed_on_disk(path, doc.facts.stamp)
    os.utime(path, ns=(doc.facts.stamp.mtime_ns + 5_000_000_000,) * 2)  # touched, same bytes
    assert not changed_on_disk(path, doc.facts.stamp)
    path.write_text("HELLO\n")  # same size, other bytes
    assert changed_on_disk(path, doc.facts.stamp)
    path.unlink()
    assert changed_on_disk(path, doc.facts.stamp)


def test_save_returns_a_fresh_stamp(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    stamp = write_document(path, "one\n", TextFormat())
    assert not changed_on_disk(path, stamp)


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00" + bytes(300))
    with pytest.raises(OpenError, match="binary"):
        read_document(path)


def test_too_large_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 5000)
    monkeypatch.setattr(document_file, "MAX_OPEN_BYTES", 4096)
    with pytest.raises(OpenError, match="opens files of up to"):
        read_document(path)


@contextmanager
def released_after(fifo: Path, seconds: float = 5.0) -> Iterator[None]:
    """Readers blocked opening the named pipe ``fifo`` are let go from ``seconds`` on (a
    writer opens and closes it: each sees an empty file), so a test of code that must never
    open a pipe fails instead of hanging."""
    done = threading.Event()

    def release() -> None:
        if done.wait(seconds):
            return
        while not done.wait(0.1):
            try:
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
            except OSError:
                pass  # no reader is blocked on it

    threading.Thread(target=release, daemon=True).start()
    try:
        yield
    finally:
        done.set()


def test_what_is_not_a_regular_file_is_refused_before_it_is_opened(tmp_path: Path) -> None:
    """A named pipe froze the app in open() (SIGTERM ignored); /dev/zero read on forever (its
    st_size is 0). Both are refused, also through a symbolic link, without blocking."""
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    (tmp_path / "link.txt").symlink_to(fifo)
    start = time.monotonic()
    with released_after(fifo):
        for path in (fifo, tmp_path / "link.txt"):
            with pytest.raises(OpenError, match=rf"{path.name} is not a regular file \(a named pipe\); "
                                                "Inkling opens text files"):
                read_document(path)
        doc = tmp_path / "doc.txt"
        doc.write_bytes(b"")
        stamp = read_document(doc).facts.stamp
        doc.unlink()
        os.mkfifo(doc)  # an empty file replaced by a pipe: changed, and never read
        assert changed_on_disk(doc, stamp)
    assert time.monotonic() - start < 4
    with pytest.raises(OpenError, match=r"null is not a regular file \(a device\)"):
        read_document(Path("/dev/null"))


def test_missing_and_folder(tmp_path: Path) -> None:
    with pytest.raises(OpenError, match="does not exist") as missing:
        read_document(tmp_path / "missing.txt")
    assert "there is no folder" not in str(missing.value)
    # a first-day tester's mistyped folder: the message says which part is missing
    with pytest.raises(OpenError, match=f"there is no folder {tmp_path / 'nodir'}"):
        read_document(tmp_path / "nodir" / "x.txt")
    with pytest.raises(OpenError, match="folder"):
        read_document(tmp_path)


def test_a_replacement_with_the_same_size_and_mtime_is_noticed(tmp_path: Path) -> None:
    """rsync, `cp -p` or a sync tool can put other bytes there with the old size and mtime."""
    path = tmp_path / "a.txt"
    path.write_text("draft one\n")
    doc = read_document(path)
    other = tmp_path / "incoming"
    other.write_text("draft two\n")
    os.utime(other, ns=(doc.facts.stamp.mtime_ns, doc.facts.stamp.mtime_ns))
    os.replace(other, path)
    assert os.stat(path).st_size == doc.facts.stamp.size
    assert os.stat(path).st_mtime_ns == doc.facts.stamp.mtime_ns
    assert changed_on_disk(path, doc.facts.stamp)


def test_an_in_place_change_with_the_mtime_set_back_is_noticed(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("draft one\n")
    doc = read_document(path)
    with open(path, "r+b") as f:
        f.write(b"DRAFT")
    os.utime(path, ns=(doc.facts.stamp.mtime_ns, doc.facts.stamp.mtime_ns))
    assert changed_on_disk(path, doc.facts.stamp)


def test_an_unedited_euc_jp_file_is_saved_back_byte_for_byte(tmp_path: Path) -> None:
    path = tmp_path / "ja.txt"
    data = "これは丫鬟の話です。\n".encode("euc_jp")
    path.write_bytes(data)
    doc = read_document(path)
    assert doc.facts.problem is None
    write_document(path, doc.text, doc.facts.fmt)
    assert path.read_bytes() == data


def test_a_file_that_cannot_round_trip_says_why(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes(b"line one\r\nline two\n")
    doc = read_document(path)
    assert doc.facts.problem is not None and "CRLF and LF" in doc.facts.problem


def test_read_only_is_decided_from_the_mode_bits_for_root_too(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("x")
    assert not is_read_only(path)
    path.chmod(0o444)
    assert is_read_only(path)  # os.access alone says root may write it
    assert not is_read_only(tmp_path / "missing.txt")
