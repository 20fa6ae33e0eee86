"""The command line of ``writer-app`` and what it does without a window (no Qt here).

``parse_args`` reads the switches; ``run_command`` runs the window-less ones
(``--version``, ``--self-test``, ``--install-desktop-entry``, ``--uninstall-desktop-entry``)
and returns None when the editor should open.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from writer_app.resources import BUNDLED_MODELS


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """Parse ``argv`` (without the program name); exits with status 2 on a bad switch."""
    from writer_app import __version__

    parser = argparse.ArgumentParser(prog="writer-app", description="Inkling: a writing editor "
                                     "with local LSTM suggestions shown as grey ghost text.")
    parser.add_argument("files", nargs="*", type=Path,
                        help="text or Markdown files to open (one that does not exist yet is created on Save)")
    parser.add_argument("--model", type=Path, metavar="DIR",
                        help="model folder to use for all text in this session (default: the "
                        "Model menu's choice, Automatic: the bundled "
                        f"{' and '.join(BUNDLED_MODELS.values())} by the script of the text); "
                        "with --self-test, the model folder to check instead of the bundled ones")
    parser.add_argument("--settings", type=Path, metavar="FILE", help="settings file (TOML)")
    parser.add_argument("--recovery-dir", type=Path, metavar="DIR",
                        help="folder for autosaved unsaved work")
    parser.add_argument("--timing", action="store_true",
                        help="print start-up timings (launch to window, model, first suggestion)")
    parser.add_argument("--version", action="version", version=f"Inkling {__version__}")
    actions = parser.add_mutually_exclusive_group()
    actions.add_argument("--self-test", action="store_true",
                         help="check the installation without a window: load each bundled model, "
                         "check its card and checksums, make one suggestion with each")
    actions.add_argument("--install-desktop-entry", action="store_true",
                         help="add Inkling to the desktop's application menu ($XDG_DATA_HOME/applications)")
    actions.add_argument("--uninstall-desktop-entry", action="store_true",
                         help="remove what --install-desktop-entry added")
    return parser.parse_args(list(argv))


def run_command(args: argparse.Namespace) -> int | None:
    """Run a window-less command; its exit status, or None to open the editor."""
    if args.self_test:
        from writer_app.self_test import run_self_test

        return run_self_test([args.model] if args.model else [])
    if args.install_desktop_entry or args.uninstall_desktop_entry:
        from writer_app import __version__, desktop_entry

        try:
            if args.install_desktop_entry:
                path = desktop_entry.install(version=__version__)
                print(f"Installed {path} and its icons; Inkling is in the application menu.")
            else:
                removed = desktop_entry.uninstall()
                print(f"Removed {len(removed)} files." if removed else "No desktop entry was installed.")
        except OSError as exc:
            print(f"The desktop entry could not be changed: {exc}", file=sys.stderr)
            return 1
        return 0
    return None
