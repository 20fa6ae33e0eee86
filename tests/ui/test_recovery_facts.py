"""Restored work saves under the same questions as the file opened: what opening a file
established about it (saving would change parts not edited; its encoding was a guess)
survives a crash in its recovery entry (testers' mixed line endings and damaged UTF-8 were
rewritten without a word by Ctrl+S after Restore into a fresh window)."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from writer_app.ui.prompts import OverwriteChoice, RestoreChoice

from .conftest import AppFactory, FakePrompter, type_unicode

REPO = Path(__file__).resolve().parents[2]

# The real app in a child process, its questions answered by FakePrompter (the warnings
# at open would block a real one): open the files, type in each, wait for every
# autosave, die.
CRASH_WITH_FILES = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication
    from PySide6.QtTest import QTest
    qt = QApplication([])
    from writer_app.app import InklingApp
    from writer_app.settings.app_settings import Settings, SettingsStore
    from tests.ui.conftest import FakePrompter
    tmp, docs = Path(sys.argv[1]), [Path(p) for p in sys.argv[2:]]
    store = SettingsStore(tmp / "settings.toml")
    store.save(Settings(autosave_idle_s=0.5, suggestions_enabled=False))
    prompter = FakePrompter()
    app = InklingApp(store, tmp / "recovery", default_model_dir=tmp / "none",
                     prompter_factory=lambda _w: prompter)
    app.start(docs, load_model=False)
    for window in app.windows:
        QTest.keyClicks(window.editor, "Typed. ")
    while len(list((tmp / "recovery").glob("*.json"))) < len(docs):
        qt.processEvents()
    os.kill(os.getpid(), signal.SIGKILL)
""")

FILES = {
    "mixed2.txt": b"a unix line\nwindows line\r\nold mac\rend no newline",
    "damaged.txt": "Caf\u00e9 ".encode() + b"\xe9t\xe9 here\n",
    "recipe.txt": b"Oven at 180\xb0C.\n",  # Windows-1252, a guess from one character
}


def _questions_of_a_save(prompter: FakePrompter, window) -> list[str]:  # noqa: ANN001
    """What saving ``window`` asks (every question answered no); nothing is written."""
    before = len(prompter.asked)
    assert not window.document.save()
    return prompter.asked[before:]


def test_restored_work_asks_what_the_opened_file_asked(qtbot, make_app: AppFactory,
                                                       tmp_path: Path) -> None:
    docs = [tmp_path / name for name in FILES]
    for doc in docs:
        doc.write_bytes(FILES[doc.name])
    no = FakePrompter(inexact_choice=OverwriteChoice.CANCEL, confirm_answer=False)
    opened = make_app(files=docs, prompter=no)
    expected = {}
    for window in list(opened.windows):  # closing one takes it off the list
        type_unicode(window.editor, "Typed. ")
        expected[window.document.path.name] = _questions_of_a_save(no, window)
        window.document.let_go()
        window.close()
    assert all(expected.values()) and expected["recipe.txt"][0].startswith("Save in Windows-1252")

    proc = subprocess.run([sys.executable, "-c", CRASH_WITH_FILES, str(tmp_path), *map(str, docs)],
                          cwd=REPO, capture_output=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()[-2000:]
    prompter = FakePrompter(restore_choice=RestoreChoice.RESTORE,
                            inexact_choice=OverwriteChoice.CANCEL, confirm_answer=False)
    app = make_app(prompter=prompter, recovery_dir=tmp_path / "recovery")  # no file named
    assert sorted(w.document.path.name for w in app.windows) == sorted(FILES)
    for window in app.windows:
        assert window.editor.document_text().startswith("Typed. ")
        assert _questions_of_a_save(prompter, window) == expected[window.document.path.name]
    for doc in docs:
        assert doc.read_bytes() == FILES[doc.name]  # nothing rewritten
