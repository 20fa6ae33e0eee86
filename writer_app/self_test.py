"""``writer-app --self-test``: check an installation without opening a window.

For each bundled model (or the folders given): read its card strictly, check its files
against the card's SHA-256 checksums, load it in the engine child (the same spawn
process the editor uses, so a frozen bundle's child start is checked too) and make one
suggestion for a short prompt in the card's language. Prints each model's name, the
suggestion and its latency; returns 0 when all passed, 1 after one sentence per failure.
No Qt.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from writer_app.engine.interface import ModelFolderMissingError, check_model_folder
from writer_app.inference.card_file import without_advice
from writer_app.inference.model_folder import ModelCard, ModelLoadError, check_files
from writer_app.inference.types import DecodingConfig
from writer_app.resources import BUNDLED_MODELS, MissingResourceError, bundled_model_dir

#: A prompt per card language (ISO 639-1); others use the English one.
PROMPTS = {"en": "The weather today is", "zh": "今天的天气"}
# Threshold 0: the self-test asks for the model's best continuation even if unsure.
CONFIG = DecodingConfig(threshold=0.0)


def run_self_test(folders: Sequence[Path] = (), out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    """Check the models in ``folders`` (default: every bundled model); the exit status
    (0 all passed, 1 any failed). Writes a line per model to ``out`` and a sentence per
    failure to ``err``."""
    from writer_app import __version__
    from writer_app.engine.child_process import EngineProcessError, ProcessEngine

    print(f"Inkling {__version__} self-test (Python {sys.version.split()[0]}, {sys.executable})", file=out)
    failures: list[str] = []
    cards: list[tuple[Path, ModelCard]] = []
    try:
        targets = list(folders) or [bundled_model_dir(name) for name in BUNDLED_MODELS.values()]
    except MissingResourceError as exc:
        targets, failures = [], [str(exc)]
    for folder in targets:
        try:
            check_model_folder(folder)
            card = ModelCard.read(folder)
            check_files(folder, card, verify_hash=True)
            cards.append((folder, card))
        except ModelFolderMissingError as exc:
            failures.append(without_advice(exc.reason))  # the menu's remedy is no help here
        except (ModelLoadError, OSError) as exc:
            failures.append(f"The model in {folder} is damaged or incomplete: {exc}")
    engine = None
    if cards:
        try:
            engine = ProcessEngine.start()
        except EngineProcessError as exc:
            failures.append(f"The engine process could not start ({exc}), so the editor would run "
                            "the model in its own process.")
    for folder, card in cards if engine is not None else []:
        prompt = PROMPTS.get(card.language, PROMPTS["en"])
        try:
            started = time.perf_counter()
            name = engine.load(folder)
            loaded = time.perf_counter()
            suggestion = engine.suggest(folder, prompt, CONFIG)
            done = time.perf_counter()
        except Exception as exc:  # noqa: BLE001 (any engine failure is a failed check, said in a sentence)
            failures.append(f"The model {card.name} in {folder} could not make a suggestion: {exc}")
            continue
        if suggestion is None or not suggestion.text.strip():
            failures.append(f"The model {card.name} in {folder} made no suggestion for {prompt!r}.")
            continue
        print(f"{name} [{card.language}]: {prompt!r} -> {suggestion.text!r} "
              f"({(done - loaded) * 1000:.0f} ms; load {(loaded - started) * 1000:.0f} ms; {folder})", file=out)
    if engine is not None:
        engine.close()
    for failure in failures:
        print(f"Self-test failed: {failure}", file=err)
    if failures:
        return 1
    print(f"Self-test passed: {len(cards)} models checked.", file=out)
    return 0
