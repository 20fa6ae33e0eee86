"""A retrain is for one language's model: files mostly in another language are neither
trained on nor held out, and the run says so (training/retrain_data.py,
writer_app/retrain/training_files.py ScanResult.for_model). A tester's English retrain held
out a GBK Chinese letter from the same folder and reported the English model 20.06 -> 19.85
bits per byte on it, "better"."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from tiny_model import write_tiny_corpus

from training.errors import TrainingError
from training.retrain import RetrainOptions, retrain
from training.retrain_data import load_user_data
from training.retrain_events import Events

# A Chinese letter with English words in it (mixed text stays as it is), ~8,000 characters
LETTER = ("亲爱的妈妈：你好！这个星期我很忙，每天早上八点去公司，晚上很晚才回家。"
          "昨天我用iPhone给你拍了几张照片，周末发给你。OK，就写到这里。\n")


def the_testers_folder(folder: Path) -> Path:
    """Three English diaries, a GBK Chinese letter, a Latin-1 file and a UTF-8 file with a BOM."""
    write_tiny_corpus(folder, files=3, lines=150, seed=5)
    for i in range(3):
        (folder / f"doc{i}.txt").rename(folder / f"diary{i}.txt")
    (folder / "gbk_letter.txt").write_bytes((LETTER * 130).encode("gbk"))
    (folder / "latin1.txt").write_bytes(("Caf\xe9 au lait with Ren\xe9e, then a walk by the "
                                         "river. " * 40).encode("latin-1"))
    (folder / "bom.txt").write_bytes(("\ufeff" + "Thank you for your letter, I will write "
                                      "again soon.\n" * 60).encode("utf-8"))
    return folder


@pytest.mark.parametrize("seed", range(8))
def test_the_english_model_neither_trains_on_nor_holds_out_the_chinese_letter(
        tmp_path: Path, seed: int) -> None:
    data = load_user_data([the_testers_folder(tmp_path / "w")], language="en", seed=seed)
    used = {d.path.name for d in data.train + data.heldout}
    assert "gbk_letter.txt" not in used
    assert {"diary0.txt", "diary1.txt", "diary2.txt", "latin1.txt", "bom.txt"} >= used
    assert [f.path.name for f in data.scan.other_language] == ["gbk_letter.txt"]
    assert ("1 file is mostly Chinese and was left out of the English model: gbk_letter.txt."
            in data.scan.summary(0))
    assert "in 5 files." in data.scan.summary(0)  # the Latin-1 and BOM files are English


def test_the_chinese_model_takes_only_the_letter_whole(tmp_path: Path) -> None:
    folder = the_testers_folder(tmp_path / "w")
    (folder / "gbk_letter.txt").write_bytes((LETTER * 200).encode("gbk"))  # enough on its own
    data = load_user_data([folder], language="zh-Hans")
    assert {d.path.name for d in data.train + data.heldout} == {"gbk_letter.txt"}
    assert "iPhone" in "".join(d.text for d in data.train)  # its English words stay
    assert ("5 files are mostly not Chinese and were left out of the Chinese model: "
            in data.scan.summary(0))


def test_nothing_in_the_models_language_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "zh"
    folder.mkdir()
    (folder / "a.txt").write_bytes((LETTER * 130).encode("gbk"))
    (folder / "b.txt").write_text(LETTER.replace("妈妈", "爸爸") * 130, encoding="utf-8")
    with pytest.raises(TrainingError) as err:
        load_user_data([folder], language="en")
    message = str(err.value)
    assert message.startswith("No usable text: Found 0 characters")
    assert "2 files are mostly Chinese and were left out of the English model: a.txt, b.txt." in message
    assert message.endswith("Retrain the Chinese model on them instead.")


def test_a_chinese_file_given_to_hold_out_is_left_out_too(tmp_path: Path) -> None:
    folder = the_testers_folder(tmp_path / "w")
    letter = folder / "gbk_letter.txt"
    with pytest.raises(TrainingError, match="No usable text in the held-out files: .* mostly "
                       "Chinese and was left out of the English model: gbk_letter.txt"):
        load_user_data([folder], language="en", holdout=[letter])


def test_the_run_says_which_files_it_left_out(tiny_model_dir: Path, tmp_path: Path) -> None:
    """In the scan event the app shows ("Found … in N files"), in the card, and the
    report's held-out text is the English writing's."""
    out = io.StringIO()
    card = retrain(RetrainOptions(base=tiny_model_dir, out=tmp_path / "mine",
                                  paths=[the_testers_folder(tmp_path / "w")], max_steps=10,
                                  threads=1, report_chars=100, bpb_chars=3000), Events(True, out))
    events = [json.loads(line) for line in out.getvalue().splitlines()]
    scan = next(e for e in events if e["event"] == "scan")
    assert "in 5 files. 1 file is mostly Chinese and was left out of the English model: " \
           "gbk_letter.txt." in scan["message"]
    assert [Path(p).name for p in scan["other_language"]] == ["gbk_letter.txt"]
    data = card["retrain"]["data"]
    assert [Path(p).name for p in data["other_language"]] == ["gbk_letter.txt"]
    assert "gbk_letter" not in data["heldout"] and data["files"] == 5
    assert card["retrain"]["report"]["held_out"]["enough"] is True
