"""Data recipes: which corpus files train, validate and test a model, and their weights.

A recipe is a TOML file (see ``recipes/en_default.toml``). Without one, the pipeline takes
plain paths and holds out whole files for validation (``split_files``).
"""

from __future__ import annotations

import fnmatch
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from training.corpus import find_text_files, read_utf8
from training.errors import TrainingError
from training.zh_mainland import to_mainland


@dataclass
class SourceFiles:
    """Files of one corpus source, by split; ``group`` names the evaluation set.
    ``corpora_root`` is the folder the model card names the files relative to (the
    recipe's corpora root; for plain paths, the folder that holds the first one)."""

    path: Path
    group: str
    license: str
    weight: float
    train: list[Path] = field(default_factory=list)
    validation: list[Path] = field(default_factory=list)
    test: list[Path] = field(default_factory=list)
    corpora_root: Path | None = None
    convert: str | None = None  # a CONVERSIONS name applied to every file's text as it is read

    def card_name(self, path: Path) -> str:
        """``path`` as the model card names it: relative to corpora_root with "/" between
        parts ("en-novels-1880-1930/Doyle_Hound_1902.txt"), never the build machine's
        absolute path; the bare file name when it lies outside corpora_root."""
        if self.corpora_root is not None:
            try:
                return Path(path).resolve().relative_to(self.corpora_root.resolve()).as_posix()
            except ValueError:
                pass
        return Path(path).name


@dataclass
class Recipe:
    name: str
    language: str
    vocab_size: int
    description: str
    sources: list[SourceFiles]
    han_chars: bool = False  # tokenizer: one pre-token per Han character (train_tokenizer)
    decoding: dict[str, Any] = field(default_factory=dict)  # [decoding]: the card's advice


def load_recipe(path: Path, corpora_root: Path) -> Recipe:
    """Read a recipe and resolve its files under ``corpora_root``. Raises TrainingError."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise TrainingError(f"Cannot read recipe {path}: {exc}") from exc
    sources = []
    for s in raw.get("source", []):
        root = corpora_root / s["path"]
        files = find_text_files([root])
        excluded = [f for f in files if any(fnmatch.fnmatch(f.name, pat) for pat in s.get("exclude", []))]
        named = {"validation": s.get("validation", []), "test": s.get("test", [])}
        for split, names in named.items():
            for n in names:
                if not (root / n).is_file():
                    raise TrainingError(f"Recipe {path}: {split} file {root / n} does not exist")
        held = {root / n for names in named.values() for n in names}
        sources.append(SourceFiles(
            path=root, group=s.get("group", "all"), license=s.get("license", "unknown"),
            weight=float(s.get("weight", 1.0)),
            train=[f for f in files if f not in held and f not in excluded],
            validation=[root / n for n in named["validation"]],
            test=[root / n for n in named["test"]], corpora_root=corpora_root,
            convert=_conversion(path, s.get("convert")),
        ))
    if not sources:
        raise TrainingError(f"Recipe {path} lists no [[source]]")
    return Recipe(raw.get("name", path.stem), raw.get("language", "en"), int(raw.get("vocab_size", 8000)),
                  raw.get("description", ""), sources, bool(raw.get("han_chars", False)),
                  dict(raw.get("decoding", {})))


#: Text conversions a source may ask for (``convert = "NAME"``), applied as its files are read.
CONVERSIONS: dict[str, Callable[[str], str]] = {
    "mainland": to_mainland,  # traditional -> today's simplified (着, “”)
}


def _conversion(recipe: Path, name: object) -> str | None:
    if name is None or name in CONVERSIONS:
        return name  # type: ignore[return-value]
    raise TrainingError(f"Recipe {recipe}: convert = {name!r} is not one of {', '.join(CONVERSIONS)}")


def reader(source: SourceFiles) -> Callable[[Path], str]:
    """How ``source``'s files are read: strict UTF-8 (read_utf8), through its conversion."""
    if source.convert is None:
        return read_utf8
    convert = CONVERSIONS[source.convert]
    return lambda path: convert(read_utf8(path))


def split_files(paths: list[str | Path], validation_fraction: float = 0.1) -> SourceFiles:
    """Plain paths -> one source; every ~1/fraction-th file (by size order) validates.

    With a single file, the file's last 10% is used for validation by the caller
    (``validation`` stays empty here). Raises TrainingError for missing/empty input.
    """
    files = find_text_files(paths)
    first = Path(str(paths[0]))
    src = SourceFiles(first, "all", "user-provided", 1.0, corpora_root=first.resolve().parent)
    if len(files) < 2:
        src.train = files
        return src
    n_val = max(1, round(len(files) * validation_fraction))
    order = sorted(files, key=lambda f: (f.stat().st_size, str(f)))
    step = max(1, len(order) // n_val)
    src.validation = order[step // 2 :: step][:n_val]
    src.train = [f for f in files if f not in src.validation]
    return src
