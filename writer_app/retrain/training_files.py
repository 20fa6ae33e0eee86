"""Which of the user's files can train a model, and how much text they hold.

Shared by the Retrain dialog (to show what was found before anything starts) and by
``python -m training retrain`` (to pick the same files), so both agree. Files are only
read, never modified. No Qt, no torch.

Each file's language is its whole text's, by the editor's own rule (writer_app/text/language.py:
Chinese units against other words): a model is retrained only on the files in its language
(``ScanResult.for_model``), so an English model never trains on, nor is measured on, a
Chinese letter in the same folder. Mixed text inside a file stays as it is.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from writer_app.engine.model_choice import language_name
from writer_app.files.document_file import OpenError, read_document
from writer_app.files.path_state import PathState, path_state
from writer_app.files.text_codec import BinaryFileError, DecodeError
from writer_app.text.language import EN, ZH, chinese_share_of_units, choose_model_language, count_units

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
MAX_FILE_BYTES = 20_000_000  # a bigger "text" file is almost always a dump or a log
MAX_FILES = 20_000  # stop walking a folder after this many candidate files
# Below this much text a fine-tuned model learns nothing useful (and a held-out slice
# plus one training batch do not fit): about 5,000 words, 10-15 pages. Counted in
# ScanResult.amount, where a Chinese character counts 3 (its UTF-8 bytes: one Chinese
# character is about one model token, four English letters are), so 10,000 Chinese
# characters are enough.
MIN_CHARS = 30_000
CJK_WEIGHT = 3


@dataclass(frozen=True)
class FoundFile:
    """A usable file: plain text the editor opens. chars: characters; size: bytes on disk;
    chinese: how many of the characters are Chinese (writer_app.text.chars.is_chinese); digest: a
    hash of the text (two files with the same text count once); words: the runs of other
    letters, one per word (writer_app.text.language.count_units)."""

    path: Path
    chars: int
    size: int
    chinese: int = 0
    digest: str = ""
    words: int = 0

    @property
    def amount(self) -> int:
        """How much text for training: characters, a Chinese one counting CJK_WEIGHT."""
        return self.chars + (CJK_WEIGHT - 1) * self.chinese

    def language(self, previous: str = EN) -> str:
        """ZH or EN: the language of the whole text, by the editor's rule
        (writer_app.text.language.choose_model_language on its Chinese share of units: ZH
        above 0.6, EN below 0.4); ``previous`` between the two and for a text without
        letters, so a file of evenly mixed text counts for the model it is offered to."""
        return choose_model_language(chinese_share_of_units(self.chinese, self.words), previous)


@dataclass(frozen=True)
class SkippedFile:
    """A file left out, and why (one short phrase)."""

    path: Path
    reason: str


@dataclass
class ScanResult:
    """What a scan found: usable files in a stable order, skipped files with reasons."""

    files: list[FoundFile] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)
    truncated: bool = False  # stopped at MAX_FILES
    # After for_model: the model's language (ZH or EN) and the usable files in the other one.
    language: str = ""
    other_language: list[FoundFile] = field(default_factory=list)

    @property
    def chars(self) -> int:
        """Characters in all usable files."""
        return sum(f.chars for f in self.files)

    @property
    def paths(self) -> list[Path]:
        return [f.path for f in self.files]

    @property
    def chinese(self) -> int:
        """Chinese characters in all usable files."""
        return sum(f.chinese for f in self.files)

    @property
    def mostly_chinese(self) -> bool:
        """More than half of the text (``amount``) is in files whose language is Chinese
        (FoundFile.language): the text is for the zh model."""
        return 2 * self.amount_in(ZH) > self.amount

    @property
    def amount(self) -> int:
        """How much text there is for training: characters, a Chinese one counting
        CJK_WEIGHT (compared with MIN_CHARS)."""
        return sum(f.amount for f in self.files)

    def amount_in(self, language: str) -> int:
        """``amount`` of the files whose language is ``language`` (ZH or EN; a file between
        the two counts for it: FoundFile.language)."""
        return sum(f.amount for f in self.files if f.language(language) == language)

    def for_model(self, model_language: str) -> ScanResult:
        """This scan for retraining a model of ``model_language`` (its card's: "en", "zh",
        "zh-Hans"...): ``files`` only those in its language, the others in
        ``other_language`` (never trained on, never held out), which summary() names."""
        language = script_language(model_language)
        kept: list[FoundFile] = []
        other = list(self.other_language)
        for f in self.files:
            (kept if f.language(language) == language else other).append(f)
        return ScanResult(kept, list(self.skipped), self.truncated, language, other)

    def enough(self, min_chars: int = MIN_CHARS) -> bool:
        return self.amount >= min_chars

    def summary(self, min_chars: int = MIN_CHARS) -> str:
        """One or two sentences for the user: what was found, what was skipped, whether
        it is enough."""
        n = len(self.files)
        if self.mostly_chinese:
            size = "mostly Chinese"
        else:  # ~6 characters per English word, space included; ~1.5 per Chinese word
            size = f"about {(self.chars - self.chinese) // 6 + self.chinese * 2 // 3:,} words"
        text = (f"Found {self.chars:,} characters ({size}) in {n} file"
                f"{'' if n == 1 else 's'}.") + self.other_language_note()
        if self.skipped:
            reasons = Counter(s.reason.split(":")[0] for s in self.skipped)
            text += (f" Skipped {len(self.skipped)}: "
                     + ", ".join(f"{count} {reason}" for reason, count in reasons.most_common())
                     + ".")
        if self.truncated:
            text += f" Stopped looking after {MAX_FILES:,} files."
        if not self.enough(min_chars):
            text += (f" Retraining needs at least {min_chars:,} characters (about "
                     f"{min_chars // 6:,} words, {min_chars // 2500}+ pages), or "
                     f"{min_chars // CJK_WEIGHT:,} Chinese characters; add more writing.")
        return text


    def other_language_note(self) -> str:
        """" 2 files are mostly Chinese and were left out of the English model: a.txt, b.txt."
        ('' when none were: before for_model, or all in the model's language)."""
        n = len(self.other_language)
        if not n:
            return ""
        names = ", ".join(f.path.name for f in self.other_language[:5]) + (" …" if n > 5 else "")
        return (f" {n} file{' is' if n == 1 else 's are'} {_MOSTLY[self.language]} and "
                f"{'was' if n == 1 else 'were'} left out of the {language_name(self.language)} model: "
                f"{names}.")


_MOSTLY = {EN: "mostly Chinese", ZH: "mostly not Chinese"}  # text not for the model of the key


def script_language(model_language: str) -> str:
    """ZH or EN (writer_app.text.language's answers) for a model card's language: ZH for "zh"
    and "zh-Hans"..., EN for any other (the English model serves all but Chinese)."""
    return ZH if model_language.split("-")[0] == ZH else EN


def other_language(language: str) -> str:
    """EN for ZH, ZH for EN."""
    return EN if language == ZH else ZH


def language_note(scan: ScanResult, model_language: str, model_name: str) -> str:
    """A warning when less than half of the text (``amount``) is in files of the model's
    language (FoundFile.language; '' when it is, or nothing was found): retraining the
    Chinese model on English writing (or the reverse) does not improve the suggestions
    the writer will see."""
    language = script_language(model_language)
    if not scan.files or 2 * scan.amount_in(language) >= scan.amount:
        return ""
    text, model, wanted = _MOSTLY[language], language_name(language), language_name(other_language(language))
    return (f"Your text is {text}, but {model_name} is the {model} model: retraining it will "
            f"not improve {wanted} suggestions. To retrain the {wanted} model, choose it (or "
            "Automatic) in the Model menu first.")


BINARY = "not plain text (binary)"


def read_text(path: Path) -> str:
    """The text of a training file, read as the editor opens it (files/document_file
    .read_document: a regular file of at most MAX_FILE_BYTES, its encoding detected by
    text_codec.decode_bytes: UTF-8/16/32, GB18030/GBK, Big5, Latin-1 and the other legacy
    code pages), newlines as LF. Raises ValueError whose message is why it is not usable:
    BINARY, or "not text: " and the editor's reason."""
    try:
        return read_document(path, max_bytes=MAX_FILE_BYTES).text
    except OpenError as exc:
        if isinstance(exc.__cause__, BinaryFileError):
            raise ValueError(BINARY) from None
        if isinstance(exc.__cause__, DecodeError):
            raise ValueError(f"not text: {exc.__cause__}") from None
        raise ValueError(f"cannot be read: {exc}") from None


def check_file(path: Path) -> FoundFile | SkippedFile:
    """Read ``path`` (read-only) and decide whether it is usable plain text.

    Usable: at most MAX_FILE_BYTES, text the editor opens (read_text), not blank. Never
    raises for a bad file: the reason is in the SkippedFile.
    """
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return SkippedFile(path, f"larger than {MAX_FILE_BYTES // 1_000_000} MB")
        text = read_text(path)
    except OSError as exc:
        return SkippedFile(path, f"cannot be read: {exc.strerror or exc}")
    except ValueError as exc:
        return SkippedFile(path, str(exc))
    if not text.strip():
        return SkippedFile(path, "empty")
    chinese, words = count_units(text)  # a unit each Chinese character (is_chinese)
    return FoundFile(path, len(text), size, chinese, hashlib.sha1(text.encode("utf-8")).hexdigest(),
                     words)


def _walk(folder: Path) -> Iterable[Path]:
    """Files under ``folder`` in sorted order; hidden files and folders are left out
    and symlinked folders are not followed (no loops)."""
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def scan_paths(paths: Sequence[str | Path], *, other_text: bool = False,
               suffixes: Sequence[str] = TEXT_SUFFIXES, max_files: int = MAX_FILES) -> ScanResult:
    """Expand files and folders into usable text files.

    Files named directly are always checked; inside folders only ``suffixes`` count
    unless ``other_text`` (then any file that passes check_file). A missing path is
    skipped with the reason "does not exist". Each file is listed once, and a file with
    the same text as one listed before is skipped ("same text as NAME"), so a copy cannot
    be trained on and held out at once.
    """
    result = ScanResult()
    seen: set[Path] = set()
    texts: dict[str, Path] = {}

    def consider(p: Path, named: bool) -> None:
        key = p.resolve()
        if key in seen:
            return
        seen.add(key)
        if not named and not other_text and p.suffix.lower() not in suffixes:
            result.skipped.append(SkippedFile(p, "not .txt or .md"))
            return
        found = check_file(p)
        if isinstance(found, SkippedFile):
            result.skipped.append(found)
        elif found.digest in texts:
            result.skipped.append(SkippedFile(p, f"same text as {texts[found.digest].name}"))
        else:
            texts[found.digest] = p
            result.files.append(found)

    for raw in paths:
        p = Path(raw)
        state = path_state(p)  # never raises: a folder on the way may refuse a look
        if state is PathState.FOLDER:
            for f in _walk(p):
                if len(seen) >= max_files:
                    result.truncated = True
                    break
                consider(f, named=False)
        elif state is PathState.FILE:
            consider(p, named=True)
        else:
            result.skipped.append(SkippedFile(p, "does not exist" if state is PathState.MISSING
                                              else "cannot be looked at (no permission)"))
    return result
