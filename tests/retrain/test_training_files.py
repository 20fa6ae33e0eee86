"""Which of the user's files can train a model (shared by the dialog and the CLI)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from writer_app.retrain.training_files import MIN_CHARS, scan_paths


def make_folder(root: Path) -> Path:
    (root / "sub").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "a.txt").write_text("Hello world.\n", encoding="utf-8")
    (root / "sub" / "b.md").write_text("\ufeff# Notes\nSome text.\n", encoding="utf-8")
    (root / "c.rst").write_text("Plain text with another suffix.\n", encoding="utf-8")
    (root / "d.txt").write_bytes(b"\x00\x01binary")
    (root / "e.txt").write_text("   \n\n", encoding="utf-8")
    (root / "f.txt").write_bytes(b"\xef\xbb\xbf\xff\xfe broken after its BOM")
    (root / ".hidden" / "secret.txt").write_text("never read", encoding="utf-8")
    (root / ".dotfile.txt").write_text("never read", encoding="utf-8")
    return root


def test_folder_scan_finds_text_and_says_why_others_are_skipped(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "w")
    scan = scan_paths([folder])
    assert [f.path.name for f in scan.files] == ["a.txt", "b.md"]
    assert scan.chars == len("Hello world.\n") + len("# Notes\nSome text.\n")
    reasons = {s.path.name: s.reason for s in scan.skipped}
    assert reasons == {
        "c.rst": "not .txt or .md",
        "d.txt": "not plain text (binary)",
        "e.txt": "empty",
        "f.txt": "not text: The file starts with a UTF-8 byte-order mark but is not valid UTF-8: "
                 "invalid start byte at byte 3.",
    }


@pytest.mark.parametrize("name, data", [
    ("cafe_notes.txt", "Notes from the café, où l'on parle français.\n".encode("latin-1")),
    ("windows.txt", "“Quoted” – in Windows-1252.\r\n".encode("cp1252")),
    ("utf16.txt", "\ufeffWritten in Notepad as Unicode.\r\n".encode("utf-16-le")),
    ("utf16be.txt", "Big-endian UTF-16, no mark.\n".encode("utf-16-be")),
])
def test_every_file_the_editor_opens_is_used_as_it_reads_it(tmp_path: Path, name: str,
                                                            data: bytes) -> None:
    """A tester's Latin-1 cafe_notes.txt opened in the editor but was skipped ("not UTF-8,
    GB18030/GBK or Big5: byte 0xe9 at offset 47"), and UTF-16 too ("save it as UTF-8"):
    retraining reads with the editor's own decoder."""
    from writer_app.files.document_file import read_document
    from writer_app.retrain.training_files import read_text

    path = tmp_path / name
    path.write_bytes(data)
    scan = scan_paths([tmp_path])
    assert [f.path.name for f in scan.files] == [name] and not scan.skipped
    assert read_text(path) == read_document(path).text
    assert scan.chars == len(read_document(path).text)


def test_other_text_and_named_files(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "w")
    assert "c.rst" in [f.path.name for f in scan_paths([folder], other_text=True).files]
    named = scan_paths([folder / "c.rst", folder / "a.txt", folder, tmp_path / "missing.txt"])
    assert [f.path.name for f in named.files] == ["c.rst", "a.txt", "b.md"]  # each once
    assert named.skipped[-1].reason == "does not exist"


def test_summary_says_how_much_is_needed(tmp_path: Path) -> None:
    scan = scan_paths([make_folder(tmp_path / "w")])
    text = scan.summary()
    assert text.startswith("Found 32 characters (about 5 words) in 2 files. Skipped 4: ")
    assert f"Retraining needs at least {MIN_CHARS:,} characters" in text
    assert not scan.enough()
    big = tmp_path / "big.txt"
    big.write_text("word " * (MIN_CHARS // 5), encoding="utf-8")
    scan = scan_paths([big])
    assert scan.enough() and "needs" not in scan.summary()


def test_scanning_only_reads(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "w")
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()}
    os.sync()
    scan_paths([folder], other_text=True)
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()}
    assert before == after


def test_max_files_stops_the_walk(tmp_path: Path) -> None:
    for i in range(5):
        (tmp_path / f"{i}.txt").write_text(f"x{i}", encoding="utf-8")  # distinct: copies count once
    scan = scan_paths([tmp_path], max_files=3)
    assert scan.truncated and len(scan.files) == 3
    assert "Stopped looking after" in scan.summary(0)


def test_chinese_text_counts_three_per_character(tmp_path: Path) -> None:
    """A Chinese character is about one model token (four English letters are), so a third
    as many characters of Chinese are enough: 10,000 rather than 30,000."""
    zh = tmp_path / "zh.txt"
    zh.write_text("我们明天早上去市场。" * (MIN_CHARS // 30 + 1), encoding="utf-8")
    scan = scan_paths([zh])
    assert scan.chars < MIN_CHARS // 2 and scan.chinese == scan.chars  # 。 is Chinese too
    assert scan.enough() and "needs" not in scan.summary()
    assert "(mostly Chinese)" in scan.summary()
    zh.write_text("我们明天早上去市场。" * (MIN_CHARS // 40), encoding="utf-8")
    short = scan_paths([zh])
    assert not short.enough()
    assert f"or {MIN_CHARS // 3:,} Chinese characters" in short.summary()


def test_a_copy_of_a_file_counts_once(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("My own words, written once.\n", encoding="utf-8")
    (tmp_path / "copy of a.txt").write_text("My own words, written once.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Something else entirely.\n", encoding="utf-8")
    scan = scan_paths([tmp_path])
    assert [f.path.name for f in scan.files] == ["a.txt", "b.txt"]
    assert [(s.path.name, s.reason) for s in scan.skipped] == [("copy of a.txt", "same text as a.txt")]
    assert "Skipped 1: 1 same text as a.txt" in scan.summary()


def test_language_note_when_text_and_model_disagree(tmp_path: Path) -> None:
    from writer_app.retrain.training_files import language_note

    (tmp_path / "en.txt").write_text("Plain English words. " * 20, encoding="utf-8")
    (tmp_path / "zh.txt").write_text("我们明天早上去市场。" * 20, encoding="utf-8")
    en, zh = scan_paths([tmp_path / "en.txt"]), scan_paths([tmp_path / "zh.txt"])
    assert language_note(en, "en", "inkling-en-default") == ""
    assert language_note(zh, "zh", "inkling-zh-default") == ""
    note = language_note(en, "zh", "inkling-zh-default")
    assert "mostly not Chinese" in note and "inkling-zh-default is the Chinese model" in note
    assert "will not improve English suggestions" in note
    assert "mostly Chinese" in language_note(zh, "en", "inkling-en-default")
    assert language_note(scan_paths([]), "zh", "m") == ""


@pytest.mark.parametrize("codec", ["gbk", "big5", "cp936_windows", "cp950"])
def test_chinese_legacy_files_are_used_as_the_editor_reads_them(tmp_path: Path, codec: str) -> None:
    """A Chinese writer's GBK or Big5 file opens in the editor, so retraining takes it too;
    so do Windows' code pages with € (a tester's file was "not UTF-8")."""
    from writer_app.retrain.training_files import read_text

    euro = "€" if codec.startswith("cp") else ""
    text = f"我們明天早上去市場。\r\n今天天氣很好，我們去公園散步{euro}。\r\n" * 50
    path = tmp_path / f"{codec}.txt"
    path.write_bytes(text.encode(codec))
    scan = scan_paths([path])
    assert [f.path.name for f in scan.files] == [path.name] and not scan.skipped
    assert read_text(path) == text.replace("\r\n", "\n")
    assert scan.chinese == scan.chars - 100 - len(euro) * 50  # all but the newlines (and €)


def test_each_file_has_its_texts_language_and_a_model_keeps_its_own(tmp_path: Path) -> None:
    """A tester's English retrain took a GBK Chinese letter from the same folder: the scan
    said only "Found 73,619 characters in 6 files". Each file's language is its whole text's
    (the editor's rule, writer_app.text.language); mixed text counts whole."""
    from writer_app.retrain.training_files import EN, ZH, language_note

    (tmp_path / "diary.txt").write_text("Walked to the harbour before breakfast. " * 1500, encoding="utf-8")
    (tmp_path / "letter.txt").write_bytes(("妈妈你好！昨天我用iPhone拍了照片，周末发给你。" * 300).encode("gbk"))
    (tmp_path / "notes.txt").write_text("会议 notes: the 预算 is fine, 下周 we meet again. " * 50,
                                        encoding="utf-8")  # 6 Chinese units, 7 words
    scan = scan_paths([tmp_path])
    languages = {f.path.name: (f.language(EN), f.language(ZH)) for f in scan.files}
    assert languages == {"diary.txt": (EN, EN), "letter.txt": (ZH, ZH),
                         "notes.txt": (EN, ZH)}  # between the two: the model's it is offered to
    assert not scan.mostly_chinese and language_note(scan, "en", "inkling-en-default") == ""
    english = scan.for_model("en")
    assert [f.path.name for f in english.files] == ["diary.txt", "notes.txt"]
    assert (f"Found {english.chars:,} characters (about 10,516 words) in 2 files. 1 file is "
            "mostly Chinese and was left out of the English model: letter.txt.") == english.summary(0)
    chinese = scan.for_model("zh-Hans")
    assert [f.path.name for f in chinese.files] == ["letter.txt", "notes.txt"]
    assert ("1 file is mostly not Chinese and was left out of the Chinese model: diary.txt."
            in chinese.summary(0))
    assert scan.other_language == [] and "left out" not in scan.summary(0)  # the scan as it was
