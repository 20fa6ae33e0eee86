"""``python -m writer_app [FILES] [--model DIR]`` (also the ``writer-app`` command).

The import of the app (Qt) waits for ``main()``: the engine child (a multiprocessing
*spawn* process) re-runs the ``writer-app`` launcher script, which imports this module,
and must not load Qt for nothing.
"""


def main() -> int:
    from writer_app.app import main as app_main

    return app_main()


if __name__ == "__main__":
    raise SystemExit(main())
