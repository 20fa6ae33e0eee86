"""Presage, the word predictor of Linux on-screen keyboards, as a baseline for the bench.

Presage (https://presage.sourceforge.io, Debian packages ``presage``, ``libpresage1v5``,
``libpresage-data``) is driven through its C API (``/usr/include/presage.h``) with ctypes:
``presage_new_with_config(past_cb, arg, future_cb, arg, config_path, &presage)``, then
``presage_predict(presage, &char**)`` after each keystroke, the past stream being all the
text typed so far and the future stream empty.

Each ``PresagePredictor`` writes its own configuration (``/etc/presage.xml`` with the
changes below) and user database into a fresh temporary folder, so nothing is read from
or written to ``~/.presage``:

* ``db``: the n-gram database of DefaultSmoothedNgramPredictor (default: the shipped
  ``/usr/share/presage/database_en.db``; ``python -m bench.presage_db`` builds one from
  Inkling's training text).
* ``learn=True`` (Presage as shipped): online learning on; the user n-gram model
  (UserSmoothedNgramPredictor, its database in the temporary folder) learns what is
  typed and the recency predictor favours recently typed words. ``learn=False``: online
  learning off and only the abbreviation and default n-gram predictors.
* ``REPEAT_SUGGESTIONS`` is on: as a ghost text the top word stays while the typed
  characters agree with it (Presage's default, off, drops a word once offered; that suits
  its list of 6 candidates, not a single ghost).

The ghost text shown is Presage's best prediction that extends the word being typed,
completed and followed by a space (Presage's accept inserts the space). Presage tracks
text in lower case; the ghost takes the case of the typed prefix, a capital at the start
of a sentence, and "I" for the pronoun, as keyboards that use Presage do.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import shutil
import tempfile
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

from writer_app.inference import Suggestion

SYSTEM_CONFIG = Path("/etc/presage.xml")
SHIPPED_DB = Path("/usr/share/presage/database_en.db")
PACKAGES = "presage libpresage1v5 libpresage-data"
SENTENCE_ENDS = ".!?\n"
OPENERS = " \t\"'“‘(["  # may stand between a sentence end and the next word
CLOSING = ".,;:!?)]}”’"  # a word after one of these needs a space first

_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p)  # const char* (*)(void*)
_HANDLE_P = ctypes.POINTER(ctypes.c_void_p)
_STRINGS = ctypes.POINTER(ctypes.c_char_p)


class PresageError(RuntimeError):
    """Presage is not installed, or one of its calls returned an error code."""


@cache
def _library() -> ctypes.CDLL:
    """libpresage with the argument types of the calls used here. Raises PresageError."""
    name = ctypes.util.find_library("presage")
    if name is None or not SYSTEM_CONFIG.is_file():
        raise PresageError(
            "Presage is not installed (libpresage or /etc/presage.xml is missing). "
            f"Install it with: apt-get install {PACKAGES}"
        )
    lib = ctypes.CDLL(name)
    lib.presage_new_with_config.argtypes = [
        _CALLBACK, ctypes.c_void_p, _CALLBACK, ctypes.c_void_p, ctypes.c_char_p, _HANDLE_P]
    lib.presage_predict.argtypes = [ctypes.c_void_p, ctypes.POINTER(_STRINGS)]
    lib.presage_prefix.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_char_p)]
    lib.presage_free_string_array.argtypes = [_STRINGS]
    lib.presage_free_string.argtypes = [ctypes.c_char_p]
    lib.presage_free.argtypes = [ctypes.c_void_p]
    for fn in (lib.presage_new_with_config, lib.presage_predict, lib.presage_prefix):
        fn.restype = ctypes.c_int
    lib.presage_free_string.restype = lib.presage_free_string_array.restype = None
    lib.presage_free.restype = None
    return lib


def _check(code: int, call: str) -> None:
    if code != 0:  # PRESAGE_OK
        raise PresageError(f"Presage's {call} returned error code {code}.")


def write_config(folder: Path, db: Path, learn: bool, suggestions: int) -> Path:
    """The system configuration with this run's database, user database and learning
    (see the module docstring), written to ``folder/presage.xml``; returns its path."""
    tree = ET.parse(SYSTEM_CONFIG)
    root = tree.getroot()

    def put(path: str, value: str) -> None:
        node = root.find(path)
        if node is None:
            raise PresageError(f"{SYSTEM_CONFIG} has no {path}; this Presage version is not supported.")
        node.text = value

    put("Predictors/DefaultSmoothedNgramPredictor/DBFILENAME", str(db))
    put("Predictors/DefaultSmoothedNgramPredictor/LEARN", "false")  # never write to the given db
    put("Predictors/UserSmoothedNgramPredictor/DBFILENAME", str(folder / "user.db"))
    put("Predictors/UserSmoothedNgramPredictor/LEARN", "true" if learn else "false")
    put("ContextTracker/ONLINE_LEARNING", "yes" if learn else "no")
    put("Selector/SUGGESTIONS", str(suggestions))
    put("Selector/REPEAT_SUGGESTIONS", "yes")
    put("ProfileManager/AUTOPERSIST", "false")
    if not learn:
        put("PredictorRegistry/PREDICTORS", "DefaultAbbreviationExpansionPredictor DefaultSmoothedNgramPredictor")
    path = folder / "presage.xml"
    tree.write(path, encoding="UTF-8", xml_declaration=True)
    return path


def ghost_text(before: str, prefix: str, predictions: list[str]) -> str | None:
    """The ghost text shown after ``before``: the first prediction longer than the word
    being typed, followed by a space, or None when no prediction extends it.

    prefix: Presage's lower-case view of the word being typed (the last ``len(prefix)``
    characters of ``before``). Mid-word the ghost is the rest of the word in the typed
    case (upper case after two typed capitals). At a word start the word is capitalised
    at a sentence start and for the pronoun "I", and a space comes first right after a
    closing mark (``,`` ``.`` ``)`` or a closing quote), as a keyboard adds it.
    """
    typed = before[len(before) - len(prefix):] if prefix else ""
    if typed.lower() != prefix:
        return None
    word = next((w for w in predictions if len(w) > len(prefix) and w.startswith(prefix)), None)
    if word is None:
        return None
    if typed:
        rest = word[len(prefix):]
        return (rest.upper() if len(typed) > 1 and typed.isupper() else rest) + " "
    head = before.rstrip(OPENERS)
    if word == "i" or word.startswith("i'") or not head or head[-1] in SENTENCE_ENDS:
        word = word[:1].upper() + word[1:]
    last = before[-1:]
    closing = last != "" and (last in CLOSING or (last in "\"'" and before[-2:-1].strip() != ""))
    return (" " if closing else "") + word + " "


class PresagePredictor:
    """One Presage instance with its own temporary configuration and user database.

    ``suggest(text)`` has the shape of ``Suggester.suggest``: the text before the cursor
    in, a ``Suggestion`` (score 1.0: Presage gives no probabilities) or None out.
    Use as a context manager or call ``close()``. Raises PresageError when Presage is
    missing, the database does not exist, or a call fails.
    """

    def __init__(self, db: Path | None = None, learn: bool = True, suggestions: int = 6) -> None:
        self.lib = _library()
        self.db = Path(db) if db is not None else SHIPPED_DB
        if not self.db.is_file():
            raise PresageError(f"The Presage database {self.db} does not exist. Build one with "
                               "`python -m bench.presage_db --out PATH` or leave --presage-db out.")
        self.learn = learn
        self.name = f"presage ({self.db.name}, learning {'on' if learn else 'off'})"
        self.folder = Path(tempfile.mkdtemp(prefix="inkling-presage-"))
        self._past = ctypes.create_string_buffer(b"")
        # Presage reads the text through these callbacks; keep them alive with the handle.
        self._past_cb = _CALLBACK(lambda _arg: ctypes.addressof(self._past))
        self._future = ctypes.create_string_buffer(b"")
        self._future_cb = _CALLBACK(lambda _arg: ctypes.addressof(self._future))
        self.handle = ctypes.c_void_p()
        try:
            config = write_config(self.folder, self.db, learn, suggestions)
            _check(self.lib.presage_new_with_config(
                self._past_cb, None, self._future_cb, None, str(config).encode(), ctypes.byref(self.handle)),
                "presage_new_with_config")
        except BaseException:
            self.close()
            raise

    def predict(self, text: str) -> tuple[str, list[str]]:
        """(Presage's prefix, its predictions best first) after ``text`` was typed."""
        self._past = ctypes.create_string_buffer(text.encode("utf-8"))
        words = _STRINGS()
        _check(self.lib.presage_predict(self.handle, ctypes.byref(words)), "presage_predict")
        out = []
        try:
            i = 0
            while words[i] is not None:
                out.append(words[i].decode("utf-8", "replace"))
                i += 1
        finally:
            self.lib.presage_free_string_array(words)
        prefix = ctypes.c_char_p()
        _check(self.lib.presage_prefix(self.handle, ctypes.byref(prefix)), "presage_prefix")
        try:
            return (prefix.value or b"").decode("utf-8", "replace"), out
        finally:
            self.lib.presage_free_string(prefix)

    def suggest(self, text: str) -> Suggestion | None:
        """The ghost text after ``text`` (see ghost_text), or None."""
        prefix, words = self.predict(text)
        ghost = ghost_text(text, prefix, words)
        if ghost is None:
            return None
        return Suggestion(text=ghost, alternatives=words, score=1.0)

    def close(self) -> None:
        """Free the Presage instance and delete the temporary folder."""
        if self.handle:
            self.lib.presage_free(self.handle)
            self.handle = ctypes.c_void_p()
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> PresagePredictor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
