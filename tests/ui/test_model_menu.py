"""pytest-qt: the model follows the script of the text before the cursor, the Model menu
fixes one model or goes back to Automatic without a restart (and the choice survives a
settings reload), and a missing or corrupt Chinese model is reported while English keeps
working."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from tiny_model import card_dict

from writer_app.app import InklingApp
from writer_app.engine.model_set import ModelSet
from writer_app.inference import DecodingConfig, ModelLoadError, Suggestion
from writer_app.inference.card_file import WHAT_TO_DO
from writer_app.inference.types import REST_OF_WORD
from writer_app.retrain.model_store import ModelStore
from writer_app.settings.app_settings import Settings, SettingsStore
from writer_app.ui.main_window import MainWindow

from .conftest import FakePrompter, commit_text, wait_ghost

FAST = replace(Settings(), debounce_ms=0)


def model_card(folder: Path, name: str, language: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "model.json").write_text(json.dumps(card_dict(name=name, language=language)), encoding="utf-8")
    return folder


class NamedSuggester:
    """Answers every text with its own name, so a test sees which model answered."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.config = DecodingConfig()
        self.extents: list[str] = []  # the extent each request asked for

    def suggest(self, text: str, config: DecodingConfig | None = None, after: str = "") -> Suggestion:
        self.extents.append((config or self.config).extent)
        return Suggestion(f" [{self.name}]", [], 0.9)

    def suggest_in(self, document: int, text: str, config: DecodingConfig | None = None,
                   after: str = "") -> Suggestion:
        return self.suggest(text, config, after)

    def update_document(self, document: int, edits: object) -> None:
        pass


class FakeLoads:
    """A ModelSet whose loader reads only the card (and records what it loaded)."""

    def __init__(self) -> None:
        self.loaded: list[str] = []
        self.engines: list[ModelSet] = []
        self.suggesters: dict[str, NamedSuggester] = {}

    def load(self, folder: Path) -> NamedSuggester:
        try:
            card = json.loads((folder / "model.json").read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ModelLoadError(f"{folder} is not a model folder: model.json is missing") from None
        self.loaded.append(card["name"])
        self.suggesters[card["name"]] = NamedSuggester(card["name"])
        return self.suggesters[card["name"]]

    def start(self) -> ModelSet:
        engine = ModelSet(self.load)
        self.engines.append(engine)
        return engine


@pytest.fixture
def models(tmp_path: Path) -> dict[str, Path]:
    return {"en": model_card(tmp_path / "en", "fake-en", "en"),
            "zh": model_card(tmp_path / "zh", "fake-zh", "zh")}


AppBuilder = Callable[..., InklingApp]


@pytest.fixture
def build(qtbot, tmp_path: Path, models: dict[str, Path]) -> Iterator[AppBuilder]:  # noqa: ANN001
    apps: list[InklingApp] = []

    def make(settings: Settings | None = FAST, *, en: Path | None = None, zh: Path | None = None,
             start: Callable[[], object] | None = None, fresh_settings: bool = True) -> InklingApp:
        store = SettingsStore(tmp_path / "settings.toml")
        if fresh_settings:
            store.save(settings or FAST)
        kw = {"start_engine": start} if start is not None else {}
        app = InklingApp(store, tmp_path / "recovery", default_model_dir=en or models["en"],
                         chinese_model_dir=zh or models["zh"], prompter_factory=lambda _w: FakePrompter(),
                         model_store=ModelStore(tmp_path / "store"), **kw)
        app.start([])
        apps.append(app)
        qtbot.waitExposed(app.windows[0])
        qtbot.waitUntil(lambda: app.service.available and not app.model_loading, timeout=60_000)
        return app

    yield make
    for app in apps:
        close(app)


def close(app: InklingApp) -> None:
    for window in list(app.windows):
        window.editor.document().setModified(False)
        window.close()
    app.shutdown()


def label(window: MainWindow) -> str:
    return window.status.model_label.text()


def test_automatic_follows_the_script_and_loads_chinese_on_first_use(
        qtbot, build: AppBuilder, models: dict[str, Path]) -> None:  # noqa: ANN001
    loads = FakeLoads()
    app = build(start=loads.start)
    w = app.windows[0]
    assert loads.loaded == ["fake-en"]  # English writers never load the Chinese model
    assert label(w) == "Model: fake-en (auto)"
    engine = app.service.engine
    qtbot.keyClicks(w.editor, "Hello")
    wait_ghost(qtbot, w.editor, " [fake-en]")
    commit_text(w.editor, "，我们明天")
    wait_ghost(qtbot, w.editor, " [fake-zh]")
    assert loads.loaded == ["fake-en", "fake-zh"]
    assert label(w) == "Model: fake-zh (auto)"
    assert app.model_folder() == models["zh"]
    commit_text(w.editor, "用 Python")  # one English word in Chinese text: still Chinese,
    wait_ghost(qtbot, w.editor, " [fake-zh]")  # the Chinese model asked for the rest of the word only
    assert label(w) == "Model: fake-zh (auto)" and loads.suggesters["fake-zh"].extents[-1] == REST_OF_WORD
    commit_text(w.editor, "写")
    wait_ghost(qtbot, w.editor, " [fake-zh]")
    assert loads.suggesters["fake-zh"].extents[-1] == DecodingConfig().extent
    assert app.service.engine is engine and len(loads.engines) == 1  # no restart


def test_menu_choice_switches_models_without_restart_and_survives_a_settings_reload(
        qtbot, build: AppBuilder, models: dict[str, Path]) -> None:  # noqa: ANN001
    loads = FakeLoads()
    app = build(start=loads.start)
    w = app.windows[0]
    w.refresh_model_menu()  # what opening the menu does
    assert [(a.text(), a.isChecked()) for a in w.model_actions] == [
        ("Automatic (by script of the text)", True), ("English: fake-en", False), ("Chinese: fake-zh", False)]
    assert w.model_choices.group.isExclusive()
    qtbot.keyClicks(w.editor, "Hello")
    wait_ghost(qtbot, w.editor, " [fake-en]")

    w.model_action(str(models["zh"])).trigger()  # Model → Chinese: for all text
    assert app.settings.model_choice == "zh"
    assert app.settings_store.load().model_choice == "zh"
    wait_ghost(qtbot, w.editor, " [fake-zh]")  # asked again at once, same English text
    assert label(w) == "Model: fake-zh, for English text too"
    assert [a.isChecked() for a in w.model_actions] == [False, False, True]
    assert len(loads.engines) == 1  # the same engine: no restart

    close(app)  # a new session reads the saved choice
    again = build(start=loads.start, fresh_settings=False)
    w2 = again.windows[0]
    assert again.settings.model_choice == "zh" and label(w2) == "Model: fake-zh, for English text too"
    w2.refresh_model_menu()
    assert w2.model_action(str(models["zh"])).isChecked()
    qtbot.keyClicks(w2.editor, "Hello")
    wait_ghost(qtbot, w2.editor, " [fake-zh]")

    w2.model_action("auto").trigger()
    wait_ghost(qtbot, w2.editor, " [fake-en]")
    assert label(w2) == "Model: fake-en (auto)" and again.settings_store.load().model_choice == "auto"
    w2.model_action(str(models["en"])).trigger()
    assert again.settings.model_choice == "en"
    commit_text(w2.editor, "，我们明天")
    wait_ghost(qtbot, w2.editor, " [fake-en]")  # fixed: Chinese text too, and the status bar says so
    assert label(w2) == "Model: fake-en, for Chinese text too"
    assert w2.status.currentMessage() == (
        "Chinese text is going to the English model fake-en, chosen for all text: "
        "Model → Automatic (by script of the text) gives it the Chinese model.")


def test_own_model_serves_its_language(qtbot, build: AppBuilder, models: dict[str, Path],  # noqa: ANN001
                                       tmp_path: Path) -> None:
    loads = FakeLoads()
    app = build(start=loads.start)
    mine = model_card(app.model_store.root / "my-writing-20261130-120000", "my-zh", "zh")
    (mine / "model.onnx").write_bytes(b"")  # listed by the store
    w = app.windows[0]
    app.use_model(mine)  # what Manage Models → Use and a finished retrain do
    assert (app.settings.model_dirs, app.settings.model_choice) == ({"zh": str(mine)}, "auto")
    commit_text(w.editor, "我们明天")
    wait_ghost(qtbot, w.editor, " [my-zh]")
    w.editor.set_document_text("")
    qtbot.keyClicks(w.editor, "Hello there")
    wait_ghost(qtbot, w.editor, " [fake-en]")  # English still gets the bundled English model
    w.refresh_model_menu()
    assert [a.text() for a in w.model_actions][-1] == "Chinese: my-zh"
    w.model_action(str(models["zh"])).trigger()  # the bundled Chinese model, fixed
    assert (app.settings.model_dirs, app.settings.model_choice) == ({}, "zh")


def test_each_language_keeps_the_writers_own_model(qtbot, build: AppBuilder,  # noqa: ANN001
                                                   models: dict[str, Path],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A bilingual writer's English and Chinese models are both in use (one of the writer's
    own was in use at a time: the Chinese one put the English one aside). A model made the
    one of its language, the bundled one too, changes only that language; Use Default
    Model and deleting one change what they say."""
    from PySide6.QtCore import Qt

    from writer_app.inference.model_folder import FolderChecks

    # the models here are cards alone, which FakeLoads loads: Manage Models is not to check their files
    monkeypatch.setattr(FolderChecks, "problem", lambda _self, _folder: None)

    app = build(start=FakeLoads().start)
    mine_en = model_card(app.model_store.root / "my-writing-20261130-110000", "my-en", "en")
    mine_zh = model_card(app.model_store.root / "my-writing-20261130-120000", "my-zh", "zh")
    for mine in (mine_en, mine_zh):
        (mine / "model.onnx").write_bytes(b"")  # listed by the store
        app.use_model(mine)  # what Manage Models → Use and a finished retrain do
    assert (app.settings.model_dirs, app.settings.model_choice) == ({"en": str(mine_en), "zh": str(mine_zh)}, "auto")
    w = app.windows[0]
    commit_text(w.editor, "我们明天")
    wait_ghost(qtbot, w.editor, " [my-zh]")
    w.editor.set_document_text("")
    qtbot.keyClicks(w.editor, "Hello there")
    wait_ghost(qtbot, w.editor, " [my-en]")
    w.refresh_model_menu()
    assert w.model_actions[0].text() == "Automatic (by script of the text; English: my-en; Chinese: my-zh)"
    w.model_action(str(models["zh"])).trigger()  # the bundled Chinese model, for all text
    assert (app.settings.model_dirs, app.settings.model_choice) == ({"en": str(mine_en)}, "zh")
    w.model_action("auto").trigger()
    assert (app.model_folder_for("en"), app.model_folder_for("zh")) == (mine_en, models["zh"])
    app.use_model(mine_zh)
    manage = w.show_models()  # Use on the default (English) model: English only
    manage.models.setCurrentRow(next(i for i in range(manage.models.count())
                                     if manage.models.item(i).data(Qt.ItemDataRole.UserRole) is None))
    manage.use_button.click()
    assert app.settings.model_dirs == {"zh": str(mine_zh)}
    app.use_model(mine_en)
    manage.reload()
    manage.models.setCurrentRow(next(i for i in range(manage.models.count())
                                     if manage.models.item(i).data(Qt.ItemDataRole.UserRole) == mine_zh))
    manage.delete_button.click()  # in use: its language goes back to the bundled model
    assert "It is in use: Inkling goes back to the bundled Chinese model." in w.prompter.asked[-1]
    assert not mine_zh.exists() and app.settings.model_dirs == {"en": str(mine_en)}
    app.use_model(models["zh"])  # nothing of the writer's own for Chinese: nothing changes
    assert app.settings.model_dirs == {"en": str(mine_en)}
    w.act_default_model.trigger()  # Model → Use Default Model: the bundled ones, each
    assert (app.settings.model_dirs, app.settings.model_choice) == ({}, "auto")
    assert app.settings_store.load().model_dirs == {}


def test_missing_chinese_model_is_reported_and_english_keeps_working(
        qtbot, build: AppBuilder, tmp_path: Path) -> None:  # noqa: ANN001
    loads = FakeLoads()
    app = build(start=loads.start, zh=tmp_path / "no-zh")
    w = app.windows[0]
    qtbot.keyClicks(w.editor, "Hello")
    wait_ghost(qtbot, w.editor, " [fake-en]")
    commit_text(w.editor, "，我们明天去")
    qtbot.waitUntil(lambda: label(w).startswith("Chinese suggestions off:"))
    tip = w.status.model_label.toolTip()
    assert f"The model folder {tmp_path / 'no-zh'} does not exist." in tip
    assert "other languages still gets suggestions" in w.status.model_label.toolTip()
    assert w.editor.ghost is None
    w.editor.set_document_text("")
    qtbot.keyClicks(w.editor, "Hello there")
    wait_ghost(qtbot, w.editor, " [fake-en]")
    assert label(w) == "Model: fake-en (auto)"
    assert loads.loaded == ["fake-en"]


def test_corrupt_chinese_model_with_the_real_engine(qtbot, build: AppBuilder, tiny_model_dir: Path,  # noqa: ANN001
                                                    tmp_path: Path) -> None:
    broken = tmp_path / "zh-broken"
    shutil.copytree(tiny_model_dir, broken)
    card = json.loads((broken / "model.json").read_text(encoding="utf-8"))
    (broken / "model.json").write_text(json.dumps(card | {"language": "zh"}), encoding="utf-8")
    onnx = broken / card["onnx"]["file"]
    onnx.write_bytes(onnx.read_bytes()[: onnx.stat().st_size // 2])  # a truncated download
    app = build(replace(FAST, threshold=0.0), en=tiny_model_dir, zh=broken)  # the real child process
    w = app.windows[0]
    commit_text(w.editor, "我们明天")
    qtbot.waitUntil(lambda: label(w).startswith("Chinese suggestions off:"), timeout=30_000)
    assert "model.onnx" in w.status.model_label.toolTip()
    w.editor.set_document_text("")
    qtbot.keyClicks(w.editor, "The quick brown fox jumps over the")
    qtbot.waitUntil(lambda: w.editor.ghost is not None, timeout=30_000)
    assert label(w) == f"Model: {card['name']} (auto)"


@pytest.mark.slow
def test_shipped_models_chinese_and_english(qtbot, build: AppBuilder, default_model_dir: Path,  # noqa: ANN001
                                           zh_model_dir: Path) -> None:
    app = build(replace(FAST, threshold=0.0), en=default_model_dir, zh=zh_model_dir)
    w = app.windows[0]
    assert label(w) == "Model: inkling-en-default (auto)"
    commit_text(w.editor, "他说：“我们明天")
    qtbot.waitUntil(lambda: w.editor.ghost is not None, timeout=30_000)
    assert label(w) == "Model: inkling-zh-default (auto)"
    assert "\ufffd" not in w.editor.ghost.text
    w.editor.set_document_text("")
    qtbot.keyClicks(w.editor, "She had never seen anything so beauti")
    wait_ghost(qtbot, w.editor)
    qtbot.waitUntil(lambda: label(w) == "Model: inkling-en-default (auto)")


def test_the_status_bar_follows_the_cursor_before_anything_is_typed(
        qtbot, build: AppBuilder) -> None:  # noqa: ANN001
    """Opening a Chinese file names the Chinese model at once (the cursor is at the top,
    in Chinese text) and loads it before the first keystroke; moving the cursor into an
    English paragraph names the English one."""
    from PySide6.QtGui import QTextCursor

    loads = FakeLoads()
    app = build(start=loads.start)
    w = app.windows[0]
    assert label(w) == "Model: fake-en (auto)"
    w.editor.set_document_text("我们明天早上去市场。今天天气很好。\nThe weather is fine today, so we walk.")
    qtbot.waitUntil(lambda: label(w) == "Model: fake-zh (auto)", timeout=5000)
    assert loads.loaded == ["fake-en", "fake-zh"]  # preloaded: no keystroke, no request
    assert w.suggestions.requests_sent == 0
    w.editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.waitUntil(lambda: label(w) == "Model: fake-en (auto)", timeout=5000)
    w.editor.moveCursor(QTextCursor.MoveOperation.Start)
    qtbot.waitUntil(lambda: label(w) == "Model: fake-zh (auto)", timeout=5000)
    assert w.editor.ghost is None and w.suggestions.requests_sent == 0  # moving asks nothing
    assert loads.loaded == ["fake-en", "fake-zh"]


def test_opening_chinese_text_without_a_chinese_model_says_so_before_typing(
        qtbot, build: AppBuilder, tmp_path: Path) -> None:  # noqa: ANN001
    loads = FakeLoads()
    app = build(start=loads.start, zh=tmp_path / "no-zh")
    w = app.windows[0]
    w.editor.set_document_text("我们明天早上去市场。")
    qtbot.waitUntil(lambda: label(w).startswith("Chinese suggestions off:"), timeout=5000)
    assert "no-zh" in w.status.model_label.toolTip() and w.suggestions.requests_sent == 0
    from PySide6.QtGui import QTextCursor

    w.editor.moveCursor(QTextCursor.MoveOperation.End)
    commit_text(w.editor, "今天")  # typing Chinese there: no ghost, the reason stays
    app.service.wait_idle()
    assert w.editor.ghost is None and loads.loaded == ["fake-en"]
    assert label(w).startswith("Chinese suggestions off:")


def test_a_chinese_file_named_at_launch_loads_the_chinese_model(
        qtbot, tmp_path: Path, models: dict[str, Path]) -> None:  # noqa: ANN001
    """The file is opened before the engine exists; when it arrives the Chinese model is
    loaded too, without a keystroke (the status bar once stayed on "Loading…")."""
    loads = FakeLoads()
    path = tmp_path / "zh.txt"
    path.write_text("我们明天早上去市场。今天天气很好。", encoding="gb18030")
    store = SettingsStore(tmp_path / "settings.toml")
    store.save(FAST)
    app = InklingApp(store, tmp_path / "recovery", default_model_dir=models["en"],
                     chinese_model_dir=models["zh"], prompter_factory=lambda _w: FakePrompter(),
                     model_store=ModelStore(tmp_path / "store"), start_engine=loads.start)
    try:
        app.start([str(path)])
        w = app.windows[0]
        qtbot.waitUntil(lambda: label(w) == "Model: fake-zh (auto)", timeout=10_000)
        assert loads.loaded == ["fake-en", "fake-zh"] and w.suggestions.requests_sent == 0
    finally:
        close(app)


def test_a_model_folder_that_vanished_is_said_to_be_missing_and_the_text_stays(
        qtbot, build: AppBuilder, tiny_model_dir: Path, tmp_path: Path) -> None:  # noqa: ANN001
    """The Model menu offers the user's Chinese model; its folder was deleted since. Choosing
    it says that the folder does not exist, naming it (not that the model cannot be used
    for a reason of its own), in the real engine child; the writer's text is as it was."""
    mine = model_card(tmp_path / "mine", "my-zh", "zh")
    app = build(replace(FAST, model_dirs={"zh": str(mine)}, threshold=0.0), en=tiny_model_dir)
    w = app.windows[0]
    qtbot.keyClicks(w.editor, "The quick brown fox")
    shutil.rmtree(mine)
    w.refresh_model_menu()
    w.model_action(str(mine)).trigger()
    qtbot.waitUntil(lambda: app.service.model_state(mine).status == "failed", timeout=30_000)
    w.refresh_model_status()
    sentence = f"The model folder {mine} does not exist."
    assert app.service.model_state(mine).reason == f"{sentence} {WHAT_TO_DO}"  # the remedy the others give
    assert sentence in w.status.model_label.toolTip()
    assert f"The model folder {mine.name} does not exist." in w.status.currentMessage()  # one line
    assert w.editor.document_text() == "The quick brown fox" and w.document.modified


@pytest.mark.parametrize("damage", ["truncated card", "folder deleted"])
def test_a_damaged_chinese_model_of_the_writers_turns_off_chinese_only(
        qtbot, build: AppBuilder, tiny_model_dir: Path, tmp_path: Path, damage: str) -> None:  # noqa: ANN001
    """A tester cut his retrained Chinese model's model.json short (then deleted the folder)
    and restarted: a card that does not read counted as English, so the damaged folder
    became the *English* model ("English suggestions off"), English got nothing and Chinese
    fell back to the bundled model without a word. The setting says which language each
    model was chosen for: Chinese suggestions are off, saying why, and English works."""
    mine = tmp_path / "my-writing-20261207-224400"
    shutil.copytree(tiny_model_dir, mine)
    card = json.loads((mine / "model.json").read_text(encoding="utf-8"))
    (mine / "model.json").write_text(json.dumps(card | {"language": "zh"}), encoding="utf-8")
    if damage == "truncated card":
        text = (mine / "model.json").read_text(encoding="utf-8")
        (mine / "model.json").write_text(text[: len(text) // 2], encoding="utf-8")
    else:
        shutil.rmtree(mine)
    app = build(replace(FAST, model_dirs={"zh": str(mine)}, threshold=0.0), en=tiny_model_dir)
    w = app.windows[0]
    qtbot.keyClicks(w.editor, "The quick brown fox jumps over the")
    qtbot.waitUntil(lambda: w.editor.ghost is not None, timeout=30_000)  # English works
    assert label(w) == f"Model: {card['name']} (auto)" and app.model_reason == ""
    w.editor.set_document_text("")
    commit_text(w.editor, "我们明天")
    qtbot.waitUntil(lambda: label(w).startswith("Chinese suggestions off:"), timeout=30_000)
    said = w.status.currentMessage()
    state = "damaged" if damage == "truncated card" else "missing"
    assert said.startswith(f"Chinese suggestions off: {mine.name} is {state} (Model → Manage Models…): ")
    assert ("model.json is not a usable model card" if damage == "truncated card" else "does not exist") in said
    assert str(tmp_path) not in said  # one line: the folder's path hid the cause (a tester's)
    assert WHAT_TO_DO not in said and WHAT_TO_DO in w.status.model_label.toolTip()  # the advice first
    assert w.editor.ghost is None
    w.refresh_model_menu()
    assert w.model_actions[0].text().endswith(f"; Chinese: {mine.name} (cannot be used))")
    assert app.model_folder_for("en") == tiny_model_dir  # not the damaged folder


def test_the_model_menus_commands_stay_in_place_and_a_fixed_choice_says_all_text(
        qtbot, build: AppBuilder, models: dict[str, Path]) -> None:  # noqa: ANN001
    """Each retrain added an entry above Retrain on My Writing… and Manage Models…, which
    moved down: a tester twice clicked "English: My writing, …" meaning Retrain, and English
    served all text from then on. The commands come first, always there; the models are in
    the submenu "Use One Model for All Text"."""
    from .test_menu_paths import menu_items

    app = build(start=FakeLoads().start)
    w = app.windows[0]

    def shown() -> list[str]:
        w.refresh_model_menu()
        return menu_items(w)["Model"]

    before = shown()
    assert before == ["Retrain on My Writing…", "Manage Models…", "Use Default Model",
                      "Automatic (by script of the text)", "Use One Model for All Text"]
    for stamp, language in (("20261207-224400", "en"), ("20261207-231500", "zh")):
        mine = model_card(app.model_store.root / f"my-writing-{stamp}", f"my-{language}", language)
        (mine / "model.onnx").write_bytes(b"")  # listed by the store
        app.use_model(mine)  # what a finished retrain does
    after = shown()
    assert after[:3] == before[:3] and after[-1] == before[-1]  # the commands where they were
    submenu = w.model_choices.all_text
    texts = [a.text() for a in submenu.actions()]
    assert texts[:2] == ["English: fake-en", "Chinese: fake-zh"]
    assert sorted(texts[2:]) == ["Chinese: my-zh", "English: my-en"]  # the store's order
    assert all("for all text" in a.toolTip() for a in submenu.actions())
    assert w.model_actions[0] not in submenu.actions()  # Automatic is in the menu itself


def test_a_model_name_with_an_ampersand_is_shown_as_it_is(qtbot) -> None:  # noqa: ANN001
    """"Notes & drafts" showed as "Notes  drafts" with a space underlined (Qt's access letter)."""
    from PySide6.QtWidgets import QMenu, QWidget

    from writer_app.engine.model_choice import AUTO, ModelEntry
    from writer_app.ui.menu_keys import shown_text
    from writer_app.ui.model_menu import ModelChoices

    parent = QWidget()
    qtbot.addWidget(parent)
    menu = QMenu(parent)
    entries = [ModelEntry(AUTO, "Automatic", True), ModelEntry("/m", "English: Notes & drafts", False)]
    choices = ModelChoices(menu, lambda: entries, lambda _key: None, parent)
    choices.refresh()
    assert [shown_text(a.text()) for a in choices.actions] == ["Automatic", "English: Notes & drafts"]
