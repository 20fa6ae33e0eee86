"""Installed model versions: only complete folders are listed; delete; stale cleanup."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from tiny_model import card_dict

from writer_app.files.session_lock import process_lock
from writer_app.retrain.model_store import (
    LOCK_NAME,
    ModelStore,
    ModelStoreError,
    staging_path,
)


def fake_model(folder: Path, name: str, created: str, report: dict | None = None) -> Path:
    folder.mkdir(parents=True)
    (folder / "model.onnx").write_bytes(b"onnx")
    card = card_dict(name=name, created=created)
    if report is not None:
        card["retrain"] = {"base": {"name": "base"}, "report": report}
    (folder / "model.json").write_text(json.dumps(card), encoding="utf-8")
    return folder


def test_versions_lists_complete_folders_newest_first(tmp_path: Path) -> None:
    store = ModelStore(tmp_path / "models")
    assert store.versions() == []  # the folder need not exist
    old = fake_model(store.root / "a", "A", "2026-11-29T10:00:00Z")
    new = fake_model(store.root / "b", "B", "2026-11-29T11:00:00Z",
                     {"old": {"ksr": 0.1, "bpb": 1.5}, "new": {"ksr": 0.2, "bpb": 1.3}})
    fake_model(store.root / ".c.partial-1", "C", "2026-11-29T12:00:00Z")  # staging: hidden
    (store.root / "no-card").mkdir()
    broken = fake_model(store.root / "no-onnx", "D", "2026-11-29T12:00:00Z")
    (broken / "model.onnx").unlink()
    (store.root / "bad-json").mkdir()
    (store.root / "bad-json" / "model.json").write_text("{", encoding="utf-8")
    versions = store.versions()
    assert [v.folder for v in versions] == [new, old]
    assert versions[0].describe() == "B — keystroke savings 10.0% → 20.0%"
    assert versions[0].base_name == "base" and versions[1].describe() == "A"
    assert versions[1].created_local == dt.datetime(2026, 11, 29, 10, tzinfo=dt.UTC).astimezone(
    ).strftime("%d %b %Y %H:%M")  # local time, as people write it
    assert store.find(old) is not None and store.contains(old) and not store.contains(tmp_path)


def test_new_version_path_is_unused(tmp_path: Path) -> None:
    store = ModelStore(tmp_path)
    when = dt.datetime(2026, 11, 29, 21, 30, 5)
    first = store.new_version_path(when)
    assert first.name == "my-writing-20261129-213005" and not first.exists()
    first.mkdir()
    assert store.new_version_path(when).name == "my-writing-20261129-213005-2"


def test_delete(tmp_path: Path) -> None:
    store = ModelStore(tmp_path / "models")
    folder = fake_model(store.root / "a", "A", "x")
    outside = fake_model(tmp_path / "elsewhere", "E", "x")
    with pytest.raises(ModelStoreError, match="is not a model in"):
        store.delete(outside)
    with pytest.raises(ModelStoreError):
        store.delete(store.root / "missing")
    store.delete(folder)
    assert not folder.exists() and store.versions() == [] and list(store.root.iterdir()) == []
    assert outside.exists()


def test_clean_stale_keeps_a_live_run(tmp_path: Path) -> None:
    store = ModelStore(tmp_path)
    live = staging_path(tmp_path / "my-writing-1")
    dead = staging_path(tmp_path / "my-writing-2")
    deleting = tmp_path / ".my-writing-3.deleting-abcd"
    for p in (live, dead, deleting):
        p.mkdir()
    (dead / LOCK_NAME).write_text("", encoding="utf-8")  # its process died
    lock = process_lock(live / LOCK_NAME)
    lock.acquire()
    try:
        assert sorted(store.clean_stale()) == sorted([dead, deleting])
        assert live.exists()
    finally:
        lock.release()
    assert store.clean_stale() == [live]


def test_a_hand_edited_card_is_listed_by_what_it_holds_or_not_at_all(tmp_path: Path) -> None:
    """Wrong types in optional sections are read as absent; an ONNX file named outside
    the folder (or an oversized card) means the folder is not an installed model."""
    from writer_app.inference.model_folder import MAX_CARD_BYTES
    from writer_app.retrain.model_store import read_version

    store = ModelStore(tmp_path / "models")
    odd = fake_model(store.root / "odd", "Odd", "2026-11-29T10:00:00Z")
    card = json.loads((odd / "model.json").read_text(encoding="utf-8"))
    card.update(retrain={"base": ["not", "a", "dict"], "report": {"old": 3, "new": None}},
                created=["x"])
    (odd / "model.json").write_text(json.dumps(card), encoding="utf-8")
    version = read_version(odd)
    assert version is not None
    assert (version.base_name, version.describe(), version.created) == ("", "Odd", "")
    outside = fake_model(store.root / "outside", "Outside", "2026-11-29T11:00:00Z")
    card = json.loads((outside / "model.json").read_text(encoding="utf-8"))
    card["onnx"]["file"] = str(odd / "model.onnx")  # exists, but in another folder
    (outside / "model.json").write_text(json.dumps(card), encoding="utf-8")
    huge = fake_model(store.root / "huge", "Huge", "2026-11-29T12:00:00Z")
    with (huge / "model.json").open("ab") as f:
        f.write(b" " * MAX_CARD_BYTES)  # still valid JSON, but over the limit
    assert [v.name for v in store.versions()] == ["Odd"]


def test_two_retrains_started_in_the_same_second_get_distinct_folders_and_names(
        tmp_path: Path) -> None:
    """Nothing is on disk when the second run starts (the first's process is still
    importing torch): the store remembers what it handed out, and a run in progress in
    another process holds its name through its staging folder."""
    store = ModelStore(tmp_path)
    when = dt.datetime(2026, 11, 29, 21, 30, 5)
    assert store.new_version_path(when) != store.new_version_path(when)
    (a, name_a), (b, name_b) = store.new_version(when), store.new_version(when)
    assert (a.name, name_a) == ("my-writing-20261129-213005-3", "My English writing, 29 Nov 2026 21:30")
    assert (b.name, name_b) == ("my-writing-20261129-213005-4", "My English writing, 29 Nov 2026 21:30 (2)")
    elsewhere = ModelStore(tmp_path)  # another app instance
    staging_path(tmp_path / "my-writing-20261129-213006").mkdir()  # its run is under way
    later = when + dt.timedelta(seconds=1)
    assert elsewhere.new_version_path(later).name == "my-writing-20261129-213006-2"
    fake_model(tmp_path / "mine", "My English writing, 29 Nov 2026 21:30", "2026-11-29T21:30:00Z")
    assert elsewhere.new_version(later)[1] == "My English writing, 29 Nov 2026 21:30 (2)"  # installed: taken


def test_a_retrained_model_is_named_by_its_language(tmp_path: Path) -> None:
    """Both retrained models were "My writing, <date>": only a suffix in Manage Models told
    them apart."""
    store = ModelStore(tmp_path)
    when = dt.datetime(2026, 12, 7, 22, 44)
    assert store.new_version(when, "en")[1] == "My English writing, 07 Dec 2026 22:44"
    assert store.new_version(when, "zh")[1] == "My Chinese writing, 07 Dec 2026 22:44"


def test_rename_rewrites_the_card_name_only(tmp_path: Path) -> None:
    store = ModelStore(tmp_path / "models")
    report = {"old": {"ksr": 0.1, "bpb": 1.5}, "new": {"ksr": 0.2, "bpb": 1.3}}
    a = fake_model(store.root / "my-writing-a", "My writing, 29 Nov 2026 10:00", "2026-11-29T10:00:00Z", report)
    fake_model(store.root / "my-writing-b", "Letters", "2026-11-29T11:00:00Z")
    before = json.loads((a / "model.json").read_text(encoding="utf-8"))
    assert store.rename(a, "  Novel   voice ") == "Novel voice"
    after = json.loads((a / "model.json").read_text(encoding="utf-8"))
    assert after == {**before, "name": "Novel voice"}  # the report, the hashes: kept
    assert store.find(a).name == "Novel voice" and a.is_dir()  # the folder keeps its name
    for bad in ("", "   ", "x" * 81, "Letters"):
        with pytest.raises(ModelStoreError):
            store.rename(a, bad)
    with pytest.raises(ModelStoreError, match="not a model in"):
        store.rename(tmp_path, "Elsewhere")
    assert store.find(a).name == "Novel voice"
