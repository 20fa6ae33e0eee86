"""The status bar's "Opened …" message: the file's name, then its format in words."""

from __future__ import annotations

from pathlib import Path

from .conftest import AppFactory


def test_the_opened_message_reads_cleanly(qtbot, make_app: AppFactory, tmp_path: Path) -> None:  # noqa: ANN001
    """A tester's "Opened gbk.txt (GBK (CP936) · CRLF)": nested brackets, and cut off as
    "· CRL" in a narrow status bar."""
    gbk, notes = tmp_path / "gbk.txt", tmp_path / "notes.txt"
    gbk.write_bytes("今天天气很好，我们去公园散步。\r\n第二行。\r\n".encode("gbk"))
    notes.write_text("Plain notes.\n")
    notes.chmod(0o444)
    app = make_app(files=[gbk])
    assert app.windows[-1].status.currentMessage() == "Opened gbk.txt: GBK (CP936), CRLF"
    app.open_files([notes], None)
    assert app.windows[-1].status.currentMessage() == "Opened notes.txt: UTF-8, read-only"
