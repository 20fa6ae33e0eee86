"""Files in other encodings in the window: Reopen with Encoding, Save with Encoding
(ui/encoding_menus.py), damaged UTF-8 (files/utf8_damage.py)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtGui import QTextCursor

from writer_app.files import cp936
from writer_app.files.text_codec import TextFormat

from .conftest import AppFactory, FakePrompter, type_unicode


def _gbk_window(make_app: AppFactory, path: Path, text: str, prompter: FakePrompter):  # noqa: ANN202
    """The window of ``path`` holding ``text`` in GBK, as Windows Notepad writes it."""
    path.write_bytes(text.encode("gbk"))
    return make_app(files=[path], prompter=prompter).windows[0]


def _choose(menu, codec: str) -> None:  # noqa: ANN001
    next(a for a in menu.actions() if a.data() == codec).trigger()


def _marked(menu) -> list[str]:  # noqa: ANN001
    menu.aboutToShow.emit()
    return [a.data() for a in menu.actions() if a.isChecked()]


def test_reopen_with_encoding_fixes_a_wrong_guess_and_saves_in_it(qtbot, make_app: AppFactory,
                                                                   tmp_path: Path) -> None:
    """女 in GBK is also valid UTF-8, as a letter real text writes (Ů): the user reopens it
    as GBK from the menu (学校, read as ѧУ before, is now told apart: chinese_codec)."""
    path = tmp_path / "short.txt"
    path.write_bytes("女".encode("gbk"))
    w = make_app(files=[path]).windows[0]
    assert w.editor.document_text() == "Ů" and w.document.fmt.encoding == "utf-8"
    w.reopen_menu.aboutToShow.emit()
    action = next(a for a in w.reopen_menu.actions() if a.data() == cp936.NAME)
    assert action.isEnabled() and not action.isChecked()
    action.trigger()
    assert w.editor.document_text() == "女" and w.document.fmt.encoding == cp936.NAME
    assert not w.document.modified and "GBK" in w.status.encoding_label.text()
    w.reopen_menu.aboutToShow.emit()
    assert action.isChecked()
    type_unicode(w.editor, "我")
    assert w.document.save()
    assert path.read_bytes() == "我女".encode("gbk")


def test_the_reopen_menu_marks_the_encoding_however_it_is_spelled(qtbot, make_app: AppFactory,
                                                                  tmp_path: Path) -> None:
    """A UTF-16 BE file (detected as "utf_16_be") had no encoding marked in the menu."""
    path = tmp_path / "wide.txt"
    path.write_bytes("Hello\nworld\n".encode("utf-16-be"))
    w = make_app(files=[path]).windows[0]
    spelled = replace(w.document.fmt, encoding="utf_16_be")  # charset-normalizer's spelling
    w.document.facts = replace(w.document.facts, fmt=spelled)
    w.reopen_menu.aboutToShow.emit()
    assert [a.data() for a in w.reopen_menu.actions() if a.isChecked()] == ["utf-16-be"]


def test_save_with_encoding_writes_the_text_in_the_encoding_chosen(qtbot, make_app: AppFactory,
                                                                    tmp_path: Path) -> None:
    """A tester could not turn a GBK file into UTF-8: Save As had no encoding choice."""
    path, prompter = tmp_path / "gbk.txt", FakePrompter(save_path_answer=tmp_path / "utf8.txt")
    w = _gbk_window(make_app, path, "今天天气很好。\r\n我们去公园。\r\n", prompter)
    assert w.document.fmt.encoding == cp936.NAME  # GBK as Windows writes it
    assert _marked(w.save_encoding_menu) == [cp936.NAME]
    _choose(w.save_encoding_menu, "utf-8")
    assert (tmp_path / "utf8.txt").read_bytes() == "今天天气很好。\r\n我们去公园。\r\n".encode()
    assert w.document.path == tmp_path / "utf8.txt" and w.document.fmt.encoding == "utf-8"
    assert "UTF-8 · CRLF" in w.status.encoding_label.text()
    assert path.read_bytes() == "今天天气很好。\r\n我们去公园。\r\n".encode("gbk")  # the original kept
    prompter.save_path_answer = tmp_path / "big5.txt"  # 们 is not in Big5: asked to use UTF-8
    _choose(w.save_encoding_menu, "big5")
    assert any(q.startswith("utf8: ") and q.endswith("(chosen)") for q in prompter.asked)


def test_utf8_instead_of_an_encoding_chosen_keeps_the_files_byte_order_mark(
        qtbot, make_app: AppFactory, tmp_path: Path) -> None:
    """A tester's UTF-8 file with a mark (as Notepad writes), Save with Encoding → GBK, an
    emoji GBK cannot hold, "UTF-8 instead?" Yes: saved without the mark, which old Notepad
    reads as ANSI. The question also said the file may have been misread, which a choice of
    the writer's is not."""
    path, prompter = tmp_path / "bom.txt", FakePrompter(save_path_answer=tmp_path / "as_gbk.txt")
    path.write_bytes(b"\xef\xbb\xbf" + "完成\r\n".encode())
    w = make_app(files=[path], prompter=prompter).windows[0]
    w.editor.moveCursor(QTextCursor.MoveOperation.End)
    type_unicode(w.editor, "😀")
    _choose(w.save_encoding_menu, cp936.NAME)
    assert any(q.endswith("(chosen)") for q in prompter.asked)
    assert (tmp_path / "as_gbk.txt").read_bytes() == b"\xef\xbb\xbf" + "完成\r\n😀".encode()


def test_a_character_gbk_cannot_hold_asks_before_a_gbk_file_is_saved(qtbot, make_app: AppFactory,
                                                                      tmp_path: Path) -> None:
    """A tester's 🚀 in a Notepad GBK file was saved without a word as a GB18030 four-byte
    code, which Notepad and every GBK reader show as garbage."""
    path, prompter = tmp_path / "notes.txt", FakePrompter(save_as_utf8=False)
    w = _gbk_window(make_app, path, "今天天气很好。\r\n", prompter)
    assert "GBK" in w.status.encoding_label.text()
    type_unicode(w.editor, "🚀")
    assert not w.document.save()
    assert any(q.startswith("utf8: ") for q in prompter.asked)
    assert path.read_bytes() == "今天天气很好。\r\n".encode("gbk")  # untouched


def test_save_with_encoding_offers_utf8_with_a_byte_order_mark(qtbot, make_app: AppFactory,
                                                               tmp_path: Path) -> None:
    """Two testers: Notepad users want UTF-8 with BOM, which no menu offered."""
    prompter = FakePrompter(save_path_answer=tmp_path / "bom.txt")
    w = _gbk_window(make_app, tmp_path / "gbk.txt", "记事本\r\n", prompter)
    _choose(w.save_encoding_menu, "utf-8-sig")
    assert (tmp_path / "bom.txt").read_bytes() == b"\xef\xbb\xbf" + "记事本\r\n".encode()
    assert w.document.fmt == TextFormat("utf-8", True, "\r\n")
    assert _marked(w.save_encoding_menu) == ["utf-8-sig"]
    prompter.save_path_answer = tmp_path / "plain.txt"
    _choose(w.save_encoding_menu, "utf-8")  # and back
    assert (tmp_path / "plain.txt").read_bytes() == "记事本\r\n".encode()


def test_damaged_utf8_opens_and_saving_asks_before_it_writes_over_the_bad_bytes(
        qtbot, make_app: AppFactory, tmp_path: Path) -> None:
    """A tester's UTF-8 note with three bad bytes opened as Kazakh mojibake and an edit saved
    it so: now it opens as UTF-8 with � shown, says so, and Save keeps the bytes unless told."""
    path = tmp_path / "note.txt"
    data = b"Good text \xe5\xa5\xbd\xe7\x9a\x84\xe3\x80\x82\nbad \xff\xfe\xc3 bytes\n"
    path.write_bytes(data)
    prompter = FakePrompter()
    w = make_app(files=[path], prompter=prompter).windows[0]
    assert w.editor.document_text() == "Good text 好的。\nbad \ufffd\ufffd\ufffd bytes\n"
    assert prompter.errors[-1][0] == "This file cannot be saved exactly as it was"
    assert "UTF-8 text damaged at byte 24 (0xff)" in prompter.errors[-1][1]
    type_unicode(w.editor, "更多")
    assert not w.document.save()  # asked; the answer here: Cancel
    assert prompter.asked[-1].startswith("inexact note.txt: It is UTF-8 text damaged")
    assert path.read_bytes() == data


def test_the_first_save_of_a_file_whose_encoding_was_guessed_asks(qtbot, make_app: AppFactory,
                                                                  tmp_path: Path) -> None:
    """Testers' short files were read in the wrong code page (KOI8-R as GBK, EUC-JP as Big5)
    and an edit was saved in it without a word: a guess from few characters asks once."""
    path = tmp_path / "recipe.txt"
    path.write_bytes(b"Oven at 180\xb0C.\n")
    prompter = FakePrompter(confirm_answer=False)
    w = make_app(files=[path], prompter=prompter).windows[0]
    type_unicode(w.editor, "Hot. ")
    assert not w.document.save()  # Cancel: nothing written
    assert prompter.asked[-1].startswith(
        "Save in Windows-1252: recipe.txt was read as Windows-1252, a guess: it holds too little text")
    assert path.read_bytes() == b"Oven at 180\xb0C.\n"
    prompter.confirm_answer = True
    assert w.document.save() and path.read_bytes() == b"Hot. Oven at 180\xb0C.\n"
    asked = len(prompter.asked)
    type_unicode(w.editor, "!")
    assert w.document.save() and len(prompter.asked) == asked  # asked once
    guessed = tmp_path / "guessed.txt"  # an encoding the writer chooses is no guess
    guessed.write_bytes(b"Oven at 180\xb0C.\n")
    prompter.save_path_answer = guessed
    w2 = make_app(files=[guessed], prompter=prompter).windows[-1]
    type_unicode(w2.editor, "Hot. ")
    _choose(w2.save_encoding_menu, "utf-8")
    assert prompter.asked[asked:] == [  # the file dialog's question only: not the guess's
        f"Replace: guessed.txt already exists in {tmp_path}. Replace it with this text?"]
    assert guessed.read_bytes() == "Hot. Oven at 180°C.\n".encode()


def test_a_long_or_utf8_file_is_not_a_guess() -> None:
    from writer_app.files.encoding_guess import guessed_encoding

    assert guessed_encoding("Oven at 180°C", TextFormat("cp1252"))
    assert not guessed_encoding("Oven at 180°C", TextFormat("utf-8"))
    assert not guessed_encoding("今天天气很好，我们去公园散步。" * 3, TextFormat(cp936.NAME))
