"""The PyInstaller bundle's entry script (packaging/build_bundle.sh): the same ``main`` as
``writer-app``, which calls multiprocessing.freeze_support() first so the frozen
executable can also be the engine child."""

from writer_app.__main__ import main

if __name__ == "__main__":
    raise SystemExit(main())
