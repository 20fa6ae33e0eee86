"""Held-out test texts, prepared as training prepares them (unwrapped, detokenised)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from training.corpus import prepare_text, read_utf8
from writer_app.text.chars import is_han

CORPORA = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"

# Held out of training by the en-default recipe (its test files); never trained on.
DEFAULT_FILES = [
    "en-novels-1880-1930/Doyle_Hound_1902.txt",
    "en-novels-1880-1930/Woolf_Lighthouse_1927.txt",
    "en-modern/openstax/introduction-philosophy.txt",
    "wikitext-2/test.txt",
]
# Held-out Chinese texts no recipe trains on (issue 12; written by bench/zh_heldout.py, see
# ../shared/corpora/zh-heldout/SOURCE.md): children's stories, a deep-learning textbook with
# English terms and formulas, Lu Xun's essays; each typed from several places (--offset).
# (The zh-default recipe's own test file, 彷徨, can still be given with --files.)
ZH_FILES = [
    "zh-heldout/asp-stories.txt",
    "zh-heldout/d2l-zh.txt",
    "zh-heldout/zhaohua-xishi_lu-xun_1928.txt",
]
LANG_FILES = {"en": DEFAULT_FILES, "zh": ZH_FILES}
DEFAULT_OFFSETS = {"en": [0.25], "zh": [0.125, 0.375, 0.625, 0.875]}


@dataclass(frozen=True)
class Segment:
    """A stretch of a prepared file the simulated user types (text), and where it was."""

    name: str
    text: str
    start: int


def resolve(path: str) -> Path:
    """A path as given, or relative to the shared corpora folder."""
    p = Path(path)
    return p if p.exists() else CORPORA / path


def load_prepared(path: str) -> str:
    """The file's text after prepare_text (paragraphs one per line)."""
    p = resolve(path)
    return prepare_text(p, read_utf8(p))


def load_segment(path: str, max_chars: int, offset: float = 0.25) -> Segment:
    """``max_chars`` characters from ``offset`` (a fraction) into the prepared text.

    The start moves to the next paragraph, the end back to a word end (in text without
    spaces, to a sentence or line end), so the segment begins as a user would begin
    typing (skipping front matter at the file start).
    """
    text = load_prepared(path)
    start = int(len(text) * offset)
    nl = text.find("\n", start)
    start = nl + 1 if 0 <= nl < len(text) - max_chars else start
    seg = text[start : start + max_chars]
    if start + max_chars < len(text):
        if sum(map(is_han, seg)) > len(seg) // 2:  # Chinese: end after a sentence or a line
            cut = max([seg.rfind(ch) + 1 for ch in "。！？"] + [seg.rfind("\n")])
        else:
            cut = seg.rfind(" ")
        seg = seg[:cut] if cut > max_chars // 2 else seg
    p = Path(path)
    name = f"{p.parent.name}/{p.stem}" if p.stem in ("test", "valid", "train") else p.stem
    return Segment(name, seg, start)
