"""Presage as the bench's baseline (bench/presage.py, bench/presage_db.py, --baseline presage).

These tests run the real Presage library (Debian: presage libpresage1v5 libpresage-data);
without it they fail with a message that names the packages to install.
"""

from __future__ import annotations

import ctypes.util
import json
from pathlib import Path

import pytest

from bench import presage
from bench.keystrokes import main as bench_main
from bench.presage import PresageError, PresagePredictor, ghost_text
from bench.presage_db import build_db, training_texts
from bench.simulate import simulate_typing

TEXT = "The quokka ate the quince. The quokka slept. Then the quokka ate the quince again."


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty HOME: Presage must write nothing there (no ~/.presage)."""
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    return folder


def _type(p: PresagePredictor, text: str) -> list[str | None]:
    """The ghost text after every character of ``text``, as the simulator asks for it."""
    return [(s.text if (s := p.suggest(text[:i])) else None) for i in range(len(text) + 1)]


def test_missing_library_names_the_packages(monkeypatch: pytest.MonkeyPatch) -> None:
    presage._library.cache_clear()
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None)
    try:
        with pytest.raises(PresageError, match="apt-get install presage libpresage1v5 libpresage-data"):
            PresagePredictor()
    finally:
        presage._library.cache_clear()


def test_ghost_completes_the_word_in_the_typed_case_and_takes_the_space() -> None:
    assert ghost_text("It was th", "th", ["th", "the", "that"]) == "e "  # "th" itself is no help
    assert ghost_text("It was TH", "th", ["the"]) == "E "
    assert ghost_text("", "", ["the"]) == "The "  # a sentence start
    assert ghost_text('He said. "', "", ["at"]) == "At "
    assert ghost_text("and ", "", ["i"]) == "I "
    assert ghost_text("Well,", "", ["and"]) == " and "  # a keyboard adds the space after a comma
    assert ghost_text('"', "", ["the"]) == "The "  # an opening quote takes no space
    assert ghost_text("x", "x", ["x", "y"]) is None


def test_presage_predicts_on_a_short_text_and_writes_nothing_to_home(home: Path) -> None:
    with PresagePredictor(learn=True) as p:
        folder = p.folder
        shown = _type(p, "It was the best of times")
        assert p.suggest("It was the b") is not None
        text = "It was the best of times"
        result = simulate_typing(text, lambda pos: p.suggest(text[:pos]), 0.0)
    assert sum(g is not None for g in shown) > 10
    assert "e " in shown  # "th" -> "the"
    assert result.keystrokes < len("It was the best of times")
    assert not folder.exists()  # the temporary configuration and user database are gone
    assert list(home.iterdir()) == []


def test_learning_on_picks_up_a_new_word_and_off_does_not(home: Path) -> None:
    with PresagePredictor(learn=True) as on:
        _type(on, TEXT)
        learned = on.suggest(TEXT + " The quo")
    with PresagePredictor(learn=False) as off:
        _type(off, TEXT)
        fixed = off.suggest(TEXT + " The quo")
    assert learned is not None and learned.text == "kka "
    assert fixed is None or fixed.text != "kka "
    assert list(home.iterdir()) == []


def test_a_database_built_from_training_text_predicts_its_words(tmp_path: Path, home: Path) -> None:
    corpora = tmp_path / "corpora"
    (corpora / "src").mkdir(parents=True)
    (corpora / "src" / "train.txt").write_text(
        "The quokka ate the quince.\n\n" * 20, encoding="utf-8")
    (corpora / "src" / "valid.txt").write_text("The zebra.\n" * 300, encoding="utf-8")
    (corpora / "src" / "test.txt").write_text("The wombat.\n" * 300, encoding="utf-8")
    recipe = tmp_path / "r.toml"
    recipe.write_text('name = "t"\n[[source]]\npath = "src"\nweight = 2.0\n'
                      'validation = ["valid.txt"]\ntest = ["test.txt"]\n', encoding="utf-8")
    texts = training_texts(recipe, corpora)
    assert len(texts) == 2 and texts[0] == texts[1]  # weight 2: counted twice, as training sees it
    assert "\n\n" not in texts[0]  # prepared as training prepares it (blank lines dropped)
    assert not any("zebra" in t or "wombat" in t for t in texts)  # held-out files stay out
    db = build_db(texts, tmp_path / "db" / "same-data.db")
    with PresagePredictor(db, learn=False) as p:
        sug = p.suggest("I saw the quo")
        after = p.suggest("I saw the quokka ")
    assert sug is not None and sug.text == "kka "
    assert after is not None and after.text == "ate "
    with pytest.raises(PresageError, match="does not exist"):
        PresagePredictor(tmp_path / "missing.db")


def test_the_bench_reports_presage_beside_inkling(tiny_model_dir: Path, tmp_path: Path, home: Path) -> None:
    out = tmp_path / "r.json"
    assert bench_main(["--model", str(tiny_model_dir), "--max-chars", "80", "--sweep",
                       "--doc-sizes", "--compare-variant", "none", "--baseline", "presage",
                       "--presage-learn", "off", "--json", str(out)]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    base = report["baselines"]["presage"]
    assert set(base) >= {"ksr", "exact_match_1", "trigger_rate", "p50_ms", "p95_ms"}
    assert base["learn"] is False and base["db"] == str(presage.SHIPPED_DB)
    assert base["summary"]["chars"] == report["main"]["summary"]["chars"]  # the same texts
    assert 0 < base["ksr"] < 1 and 0 < base["trigger_rate"] <= 1 and base["p50_ms"] > 0
    assert "presage (database_en.db, learning off)" in report["markdown"]
    assert list(home.iterdir()) == []
