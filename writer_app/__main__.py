"""``python -m writer_app [FILES] [--model DIR]`` (also the ``writer-app`` command)."""

from writer_app.app import main

if __name__ == "__main__":
    raise SystemExit(main())
