"""``python -m writer_app [FILES] [--model DIR]`` (also the ``writer-app`` command and the
PyInstaller bundle's executable).

The import of the app (Qt) waits until the editor is to open: the engine child (a
multiprocessing *spawn* process) re-runs the ``writer-app`` launcher script, which
imports this module, and must not load Qt for nothing; the window-less commands
(``--version``, ``--self-test``, the desktop entry; writer_app/cli.py) never load it.
``multiprocessing.freeze_support()`` comes first: in a frozen bundle the engine child is
this same executable, started with multiprocessing's own arguments, and must turn into
the child there instead of parsing them as the editor's.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    multiprocessing.freeze_support()
    from writer_app.cli import parse_args, run_command

    argv = sys.argv[1:] if argv is None else list(argv)
    code = run_command(parse_args(argv))
    if code is not None:
        return code
    from writer_app.app import main as app_main

    return app_main(argv)


if __name__ == "__main__":
    raise SystemExit(main())
