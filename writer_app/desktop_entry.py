"""An XDG desktop entry and icons for the menu: ``writer-app --install-desktop-entry``.

Writes ``$XDG_DATA_HOME/applications/inkling.desktop`` (Desktop Entry Specification 1.4)
and the icon under ``$XDG_DATA_HOME/icons/hicolor/`` (the Icon Theme Specification's
fallback theme: ``<N>x<N>/apps/inkling.png`` and ``scalable/apps/inkling.svg``);
``$XDG_DATA_HOME`` defaults to ``~/.local/share`` (XDG Base Directory Specification).
The entry opens files passed to it (``Exec=... %F``) and offers itself for text/plain.
No Qt.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from writer_app.files.atomic_write import atomic_write_bytes
from writer_app.resources import ICON_SIZES, icon_dir

APP_ID = "inkling"  # the desktop file's id and the icon's name
_RESERVED = set(' \t\n"\'\\><~|&;$*?#()`')  # characters that need quoting in Exec (spec, "The Exec key")


def data_home() -> Path:
    """``$XDG_DATA_HOME``, or ``~/.local/share`` when it is unset or not absolute."""
    env = os.environ.get("XDG_DATA_HOME", "")
    return Path(env) if os.path.isabs(env) else Path.home() / ".local" / "share"


def launch_command() -> list[str]:
    """How the menu should start this installation: the bundle's executable when frozen
    (PyInstaller), the ``writer-app`` launcher beside this interpreter (a venv, pipx), the
    one on PATH, or else ``python -m writer_app``."""
    if getattr(sys, "frozen", False):
        return [str(Path(sys.executable).resolve())]
    beside = Path(sys.executable).parent / "writer-app"
    if beside.is_file():
        return [str(beside.absolute())]
    found = shutil.which("writer-app")
    if found:
        return [str(Path(found).absolute())]
    return [str(Path(sys.executable).absolute()), "-m", "writer_app"]


def exec_arg(arg: str) -> str:
    """``arg`` as one argument of an Exec key: double-quoted when it holds a reserved
    character, with ``" ` $ \\`` backslash-escaped inside the quotes, then every
    backslash doubled (the key is a string value) and ``%`` written ``%%``."""
    if arg and not (set(arg) & _RESERVED):
        quoted = arg
    else:
        quoted = '"' + "".join("\\" + c if c in '"`$\\' else c for c in arg) + '"'
    return quoted.replace("\\", "\\\\").replace("%", "%%")


def entry_text(command: list[str], version: str) -> str:
    """The .desktop file's text for a launcher ``command`` (argv list)."""
    exec_line = " ".join(exec_arg(a) for a in command) + " %F"
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        "Version=1.4",  # the newest desktop-file-validate 0.26 (Debian 12) knows
        "Name=Inkling",
        "GenericName=Text Editor",
        "Comment=Write with local suggestions shown as grey ghost text",
        f"Exec={exec_line}",
        f"Icon={APP_ID}",
        "Terminal=false",
        "StartupNotify=true",
        "Categories=Utility;TextEditor;",
        "MimeType=text/plain;",
        "Keywords=writing;editor;suggestions;autocomplete;",
        f"X-Inkling-Version={version}",
        "",
    ])


def installed_paths(root: Path) -> list[Path]:
    """Every file install() writes under the data folder ``root``."""
    icons = root / "icons" / "hicolor"
    return [root / "applications" / f"{APP_ID}.desktop", icons / "scalable" / "apps" / f"{APP_ID}.svg",
            *(icons / f"{n}x{n}" / "apps" / f"{APP_ID}.png" for n in ICON_SIZES)]


@dataclass(frozen=True)
class _Cache:
    """A cache file that a desktop tool builds from a folder under the data folder."""

    tool: str  # the program that (re)builds it, with its arguments
    args: tuple[str, ...]
    path: Path  # the cache file the tool writes
    indexes: Path  # the folder it indexes
    patterns: tuple[str, ...]  # the files in that folder it indexes


def _caches(root: Path) -> list[_Cache]:
    """The caches install() refreshes under ``root``: update-desktop-database's MIME cache
    (``applications/mimeinfo.cache``) and GTK's icon cache (``icons/hicolor/icon-theme.cache``)."""
    apps, icons = root / "applications", root / "icons" / "hicolor"
    return [_Cache("update-desktop-database", ("-q", str(apps)), apps / "mimeinfo.cache", apps, ("*.desktop",)),
            _Cache("gtk-update-icon-cache", ("-q", "-f", "-t", str(icons)), icons / "icon-theme.cache", icons,
                   ("*.png", "*.svg", "*.xpm"))]


def _rebuild(cache: _Cache) -> None:
    """Run the cache's tool (best effort: it may be absent)."""
    exe = shutil.which(cache.tool)
    if exe:
        try:
            subprocess.run([exe, *cache.args], check=False, timeout=30, capture_output=True)
        except (OSError, subprocess.SubprocessError):
            pass


def _indexes_something(cache: _Cache) -> bool:
    """Whether the cache's folder still holds a file the cache would list (another app's)."""
    return any(any(cache.indexes.rglob(pattern)) for pattern in cache.patterns)


def install(root: Path | None = None, command: list[str] | None = None, version: str = "") -> Path:
    """Write the desktop entry and icons under ``root`` (default data_home()); the path of
    the .desktop file. ``command``: the launcher (default launch_command()). Raises
    OSError when a file cannot be written."""
    root = root or data_home()
    desktop, svg, *pngs = installed_paths(root)
    source = icon_dir()
    for target, origin in [(svg, source / f"{APP_ID}.svg"),
                           *((p, source / f"{APP_ID}-{n}.png") for p, n in zip(pngs, ICON_SIZES, strict=True))]:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(origin, target)
    desktop.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(desktop, entry_text(command or launch_command(), version).encode("utf-8"))
    for cache in _caches(root):  # let menus and file managers see the change now
        _rebuild(cache)
    return desktop


def uninstall(root: Path | None = None) -> list[Path]:
    """Remove what install() wrote under ``root`` (default data_home()); the files removed.

    Leaves the data folder as it was before install() when Inkling was all it held there:
    a cache install() made that now lists nothing is deleted (another app's files keep
    theirs, rebuilt without Inkling), and so is each folder left empty. Changes nothing
    when nothing was installed. Raises OSError when a file cannot be removed.
    """
    root = root or data_home()
    removed = []
    for path in installed_paths(root):
        try:
            path.unlink()
            removed.append(path)
        except FileNotFoundError:
            pass
    if not removed:
        return removed
    _remove_empty_folders(root)  # before the caches: GTK's lists the icon folders
    for cache in _caches(root):
        if _indexes_something(cache):
            _rebuild(cache)
        else:
            cache.path.unlink(missing_ok=True)
    _remove_empty_folders(root)
    return removed


def _remove_empty_folders(root: Path) -> None:
    """Remove each folder install() makes under ``root`` that is empty, deepest first."""
    folders = {parent for path in installed_paths(root) for parent in path.parents if root in parent.parents}
    for folder in sorted(folders, key=lambda f: len(f.parts), reverse=True):
        try:
            folder.rmdir()
        except OSError:  # not empty (another app's or the user's files), or already gone
            pass
