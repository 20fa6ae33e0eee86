"""Reading corpus files: strict UTF-8, paragraph unwrapping, WikiText detokenisation.

A *document* here is one file. Its text is turned into paragraphs (one per line in the
output) because people type flowing paragraphs, not 70-column hard-wrapped lines.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from training.errors import TrainingError

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")


@dataclass(frozen=True)
class Document:
    """One corpus file after preparation.

    path: where it came from; text: paragraphs joined by "\\n" (no hard wraps).
    """

    path: Path
    text: str


def find_text_files(paths: Sequence[str | Path], suffixes: Sequence[str] = TEXT_SUFFIXES) -> list[Path]:
    """Expand files and folders (recursively) into a sorted list of text files.

    Raises TrainingError for a path that does not exist or when nothing is found.
    """
    found: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            raise TrainingError(f"No such file or folder: {p}")
        if p.is_dir():
            found.extend(
                f for f in sorted(p.rglob("*")) if f.is_file() and f.suffix.lower() in suffixes
                and f.name not in ("SOURCE.md", "README.md", "SAMPLES.md")
            )
        else:
            found.append(p)
    if not found:
        raise TrainingError(
            "The corpus is empty: no text files (" + ", ".join(suffixes) + ") in "
            + ", ".join(str(p) for p in paths)
        )
    return found


def read_utf8(path: Path) -> str:
    """Read a file as strict UTF-8 (a BOM is dropped; CRLF becomes LF).

    Raises TrainingError naming the file and the byte offset of the first bad byte.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TrainingError(f"Cannot read {path}: {exc.strerror or exc}") from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TrainingError(
            f"{path} is not valid UTF-8: byte 0x{data[exc.start]:02x} at byte offset {exc.start} "
            "cannot be decoded. Convert the file to UTF-8 (e.g. `iconv -f GB18030 -t UTF-8`) "
            "or leave it out."
        ) from exc
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def display_width(text: str) -> int:
    """Columns ``text`` takes in a monospaced layout: 2 for wide (CJK) characters."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def _join(left: str, right: str) -> str:
    """Join two wrapped lines: no space after a hyphen or between CJK characters."""
    if left.endswith("-") or (left and right and (_is_wide(left[-1]) or _is_wide(right[0]))):
        return left + right
    return left + " " + right


def _is_hard_wrapped(lines: Sequence[str]) -> tuple[bool, int]:
    """Guess whether a text is hard-wrapped; returns (wrapped, wrap width in columns)."""
    lengths = sorted(display_width(line.rstrip()) for line in lines if line.strip())
    if len(lengths) < 20:
        return False, 0
    width = lengths[int(len(lengths) * 0.9)]
    near_width = sum(1 for n in lengths if width * 0.75 <= n <= width)
    return (40 <= width <= 100 and near_width / len(lengths) > 0.5), width


def _normalise_layout(lines: list[str]) -> list[str]:
    """Undo two layouts seen in Gutenberg files: double spacing (a blank line after every
    line, paragraphs split by two) and an indentation common to every line."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if not filled:
        return lines
    followed = sum(1 for i in filled if i + 1 < len(lines) and not lines[i + 1].strip())
    if len(filled) >= 20 and followed / len(filled) > 0.8:
        out: list[str] = []
        blanks = 0
        for line in lines:
            if line.strip():
                if blanks >= 2:
                    out.append("")
                out.append(line)
                blanks = 0
            else:
                blanks += 1
        lines = out
    indents = sorted(len(line) - len(line.lstrip(" \t\u3000")) for line in lines if line.strip())
    common = indents[len(indents) // 10]  # the indentation nine lines in ten have
    if common and len(indents) >= 20:
        lines = [line[min(common, len(line) - len(line.lstrip(" \t\u3000"))):] for line in lines]
    return lines


def unwrap_paragraphs(text: str) -> str:
    """Join hard-wrapped lines into one line per paragraph.

    A paragraph ends at a blank line, at an indented line, or after a line clearly shorter
    than the wrap width (the usual end of a paragraph in Gutenberg-style text). Widths are
    display columns (a CJK character is two), and CJK lines are joined without a space.
    Text that is not hard-wrapped keeps its lines; blank lines are dropped either way.
    """
    lines = _normalise_layout(text.split("\n"))
    wrapped, width = _is_hard_wrapped(lines)
    if not wrapped:
        return "\n".join(line.strip() for line in lines if line.strip())
    paragraphs: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            joined = current[0]
            for part in current[1:]:
                joined = _join(joined, part)
            paragraphs.append(joined)
            current.clear()

    for line in lines:
        stripped = line.strip()
        if not stripped:
            flush()
            continue
        if line[:1] in (" ", "\t", "\u3000") and current:
            flush()
        current.append(stripped)
        if display_width(line.rstrip()) < width * 0.7:
            flush()
    flush()
    return "\n".join(paragraphs)


_WIKI_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r" @(.)@ "), r"\1"),
    (re.compile(r" ([.,;:!?%)\]}])"), r"\1"),
    (re.compile(r"([(\[{$]) "), r"\1"),
    (re.compile(r" (n't|'s|'re|'ve|'ll|'d|'m)\b"), r"\1"),
    (re.compile(r'" (.*?) "'), r'"\1"'),
]


_SENTENCE_END = re.compile(r"(?<=[.!?]) (?=[A-Z])")


def detokenize_wikitext(text: str) -> str:
    """Undo WikiText's tokenisation (`` @-@ ``, spaces before punctuation).

    Headings (`` = Title = ``) and sentences containing ``<unk>`` are dropped, since
    neither is something a writer types.
    """
    out: list[str] = []
    for line in text.split("\n"):
        line = line.strip()
        if not line or line.startswith("="):
            continue
        for pattern, repl in _WIKI_RULES:
            line = pattern.sub(repl, line)
        if "<unk>" in line:
            kept = [s for s in _SENTENCE_END.split(line) if "<unk>" not in s]
            line = " ".join(kept)
        if line:
            out.append(line)
    return "\n".join(out)


def prepare_text(path: Path, text: str) -> str:
    """Apply the right clean-up for a file: WikiText rules or paragraph unwrapping."""
    if "wikitext" in str(path).lower() and " @" in text:
        return detokenize_wikitext(text)
    return unwrap_paragraphs(text)


def load_documents(files: Iterable[Path], read: Callable[[Path], str] | None = None) -> list[Document]:
    """Read (``read``, default read_utf8) and prepare every file; empty files are skipped.
    Raises TrainingError."""
    docs = []
    for f in files:
        text = prepare_text(f, (read or read_utf8)(f))
        if text.strip():
            docs.append(Document(f, text))
    return docs
