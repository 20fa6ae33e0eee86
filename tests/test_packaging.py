"""Installing Inkling like a desktop app (issue 17): the models travel as package data,
the version comes from pyproject.toml, and the window-less commands work without a display."""

from __future__ import annotations

import fnmatch
import io
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from importlib.resources import files
from pathlib import Path

import pytest

from writer_app import desktop_entry
from writer_app.inference.model_card import ModelCard
from writer_app.resources import BUNDLED_MODELS, ICON_SIZES, bundled_model_dir, icon_dir

REPO = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
MODEL_FILES = ("model.json", "model.onnx", "tokenizer.json", "weights.pt")


def _headless_env(**extra: str) -> dict[str, str]:
    """This environment without any display: no DISPLAY, WAYLAND_DISPLAY or QT_QPA_PLATFORM."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    return {**env, **extra}


def _writer_app(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None,
                timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "writer_app", *args], capture_output=True, text=True,
                          env=env or _headless_env(), cwd=cwd, timeout=timeout, check=False)


# ------------------------------------------------------------------ package data


def test_bundled_models_are_found_as_package_resources() -> None:
    from writer_app import app

    root = files("writer_app.assets")
    for name in BUNDLED_MODELS.values():
        for member in MODEL_FILES:
            assert root.joinpath(name, member).is_file(), f"{name}/{member}"
        assert bundled_model_dir(name) == Path(str(root.joinpath(name)))
    assert app.DEFAULT_MODEL_DIR == bundled_model_dir("en-default")
    assert app.CHINESE_MODEL_DIR == bundled_model_dir("zh-default")
    assert ModelCard.read(app.CHINESE_MODEL_DIR).language == "zh"
    for size in ICON_SIZES:
        assert (icon_dir() / f"inkling-{size}.png").is_file()


def test_the_build_configuration_ships_every_model_file() -> None:
    from distutils.core import run_setup  # setuptools' own distutils (its .pth shim), which reads pyproject.toml

    cwd = os.getcwd()
    try:
        os.chdir(REPO)
        dist = run_setup("setup.py", stop_after="config")
    finally:
        os.chdir(cwd)
    assert "writer_app.assets" in dist.packages
    assert dist.package_dir["writer_app.assets"] == "assets"
    patterns = dist.package_data["writer_app.assets"]
    shipped = [p.relative_to(REPO / "assets").as_posix() for p in (REPO / "assets").glob("*/*") if p.is_file()]
    assert {Path(s).name for s in shipped} >= set(MODEL_FILES)
    for rel in shipped:
        assert any(fnmatch.fnmatch(rel, pat) for pat in patterns), rel
    assert any(fnmatch.fnmatch("icons/inkling-16.png", pat) for pat in dist.package_data["writer_app"])


@pytest.mark.slow
def test_the_wheel_contains_both_models_and_the_icons(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(tmp_path), str(REPO)], check=True, timeout=600, capture_output=True)
    (wheel,) = tmp_path.glob("inkling-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in BUNDLED_MODELS.values():
        for member in MODEL_FILES:
            assert f"writer_app/assets/{folder}/{member}" in names
    assert "writer_app/icons/inkling.svg" in names
    assert wheel.name.startswith(f"inkling-{PYPROJECT['project']['version']}-")


def test_the_window_icon_has_every_size(qapp: object) -> None:
    from writer_app.app import app_icon

    icon = app_icon()
    assert not icon.isNull()
    assert sorted(s.width() for s in icon.availableSizes()) == sorted(ICON_SIZES)


# ------------------------------------------------------------------ command line


def test_version_prints_the_pyproject_version() -> None:
    import writer_app

    assert writer_app.__version__ == PYPROJECT["project"]["version"]
    result = _writer_app("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Inkling {PYPROJECT['project']['version']}"


@pytest.mark.slow
def test_self_test_passes_on_the_shipped_models_without_a_display(tmp_path: Path) -> None:
    result = _writer_app("--self-test", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    for name in BUNDLED_MODELS.values():
        card = ModelCard.read(bundled_model_dir(name))
        line = next(ln for ln in result.stdout.splitlines() if ln.startswith(f"{card.name} [{card.language}]"))
        assert re.search(r" -> (['\"]).+\1 \(\d+ ms", line), line  # a suggestion, in quotes
    assert "Self-test passed: 2 models checked." in result.stdout


@pytest.mark.slow
def test_self_test_fails_with_a_sentence_on_a_damaged_model(tmp_path: Path) -> None:
    damaged = Path(shutil.copytree(bundled_model_dir("en-default"), tmp_path / "en", ignore=shutil.ignore_patterns(
        "weights.pt")))
    onnx = damaged / "model.onnx"
    data = bytearray(onnx.read_bytes())
    data[len(data) // 2] ^= 0xFF
    onnx.write_bytes(bytes(data))
    result = _writer_app("--self-test", "--model", str(damaged), cwd=tmp_path)
    assert result.returncode == 1
    assert f"Self-test failed: The model in {damaged} is damaged or incomplete" in result.stderr
    assert "checksum differs" in result.stderr
    assert "Self-test passed" not in result.stdout



def test_self_test_says_a_model_folder_that_does_not_exist_is_missing(tmp_path: Path) -> None:
    """`writer-app --self-test --model DIR` with no DIR: that sentence, naming the folder,
    not "damaged or incomplete" (said of a model that is there)."""
    from writer_app.self_test import run_self_test

    out, err = io.StringIO(), io.StringIO()
    missing = tmp_path / "no" / "such" / "folder"
    assert run_self_test([missing], out=out, err=err) == 1
    assert err.getvalue() == f"Self-test failed: The model folder {missing} does not exist.\n"
    assert "Self-test passed" not in out.getvalue()

# ------------------------------------------------------------------ desktop entry


def _validate(desktop: Path) -> None:
    check = subprocess.run(["desktop-file-validate", str(desktop)], capture_output=True, text=True, check=False)
    assert check.returncode == 0 and not check.stdout.strip(), check.stdout + check.stderr


def test_install_desktop_entry_writes_a_valid_entry_and_uninstall_removes_it(tmp_path: Path) -> None:
    data_home = tmp_path / "share"
    env = _headless_env(XDG_DATA_HOME=str(data_home))
    result = _writer_app("--install-desktop-entry", env=env)
    assert result.returncode == 0, result.stderr
    desktop = data_home / "applications" / "inkling.desktop"
    _validate(desktop)
    entry = dict(ln.split("=", 1) for ln in desktop.read_text(encoding="utf-8").splitlines() if "=" in ln)
    assert entry["MimeType"] == "text/plain;"
    assert entry["Exec"].endswith(" %F")
    assert Path(entry["Exec"].split()[0]).is_file()  # the launcher of this installation
    assert entry["Icon"] == "inkling"
    for size in ICON_SIZES:
        assert (data_home / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "inkling.png").is_file()
    assert (data_home / "icons" / "hicolor" / "scalable" / "apps" / "inkling.svg").is_file()

    result = _writer_app("--uninstall-desktop-entry", env=env)
    assert result.returncode == 0, result.stderr
    assert not [p for p in desktop_entry.installed_paths(data_home) if p.exists()]


def test_an_exec_path_with_spaces_and_quotes_is_quoted_validly(tmp_path: Path) -> None:
    command = ['/opt/My Apps/$HOME "x"/writer-app', "-m", "100%"]
    desktop = desktop_entry.install(tmp_path, command=command, version="1.2.3")
    _validate(desktop)
    text = desktop.read_text(encoding="utf-8")
    assert 'Exec="/opt/My Apps/\\\\$HOME \\\\"x\\\\"/writer-app" -m 100%% %F' in text


def _tree(root: Path) -> dict[str, bytes | None]:
    """Every path under ``root`` (relative) with its bytes, None for a folder."""
    return {p.relative_to(root).as_posix(): None if p.is_dir() else p.read_bytes() for p in root.rglob("*")}


def test_uninstall_leaves_the_data_folder_as_it_was_before_install(tmp_path: Path) -> None:
    """No cache that install() regenerated, and no folder it made, stays behind."""
    data_home = tmp_path / "share"
    (data_home / "fonts").mkdir(parents=True)
    (data_home / "fonts" / "mine.txt").write_text("the user's own file\n", encoding="utf-8")
    before = _tree(data_home)
    env = _headless_env(XDG_DATA_HOME=str(data_home))
    assert _writer_app("--install-desktop-entry", env=env).returncode == 0
    assert (data_home / "applications" / "mimeinfo.cache").is_file()  # update-desktop-database ran

    result = _writer_app("--uninstall-desktop-entry", env=env)
    assert result.returncode == 0, result.stderr
    assert _tree(data_home) == before


def test_uninstall_keeps_other_apps_entries_and_their_caches_without_inkling(tmp_path: Path) -> None:
    other = tmp_path / "applications" / "other.desktop"
    other.parent.mkdir(parents=True)
    other.write_text("[Desktop Entry]\nType=Application\nName=Other\nExec=other %F\n"
                     "MimeType=text/markdown;\n", encoding="utf-8")
    other_icon = tmp_path / "icons" / "hicolor" / "48x48" / "apps" / "other.png"
    other_icon.parent.mkdir(parents=True)
    shutil.copyfile(icon_dir() / "inkling-48.png", other_icon)
    desktop_entry.install(tmp_path, command=["/usr/bin/writer-app"], version="1.2.3")
    mime_cache = tmp_path / "applications" / "mimeinfo.cache"
    assert "inkling.desktop" in mime_cache.read_text(encoding="utf-8")

    desktop_entry.uninstall(tmp_path)
    assert other.is_file() and other_icon.is_file()
    assert mime_cache.read_text(encoding="utf-8").split() == ["[MIME", "Cache]", "text/markdown=other.desktop;"]
    icon_cache = tmp_path / "icons" / "hicolor" / "icon-theme.cache"
    assert not icon_cache.exists() or b"inkling" not in icon_cache.read_bytes()
    assert not (tmp_path / "icons" / "hicolor" / "scalable").exists()


def test_uninstall_changes_nothing_when_nothing_was_installed(tmp_path: Path) -> None:
    (tmp_path / "applications").mkdir()
    assert desktop_entry.uninstall(tmp_path) == []
    assert _tree(tmp_path) == {"applications": None}


def test_the_app_starts_by_its_own_name_too() -> None:
    """A first-day tester's pipx install: the package and the bundle are "inkling", and
    `inkling` ran nothing (only `writer-app` did)."""
    from importlib.metadata import entry_points

    scripts = {e.name: e.value for e in entry_points(group="gui_scripts")}
    assert scripts.get("inkling") == scripts.get("writer-app") == "writer_app.__main__:main"
