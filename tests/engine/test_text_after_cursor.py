"""The text after the cursor reaches the decoder through both engines: a suggestion does
not repeat what already follows the cursor (writer_app.text.fit, applied by the Suggester)."""

from __future__ import annotations

from pathlib import Path

from writer_app.engine.child_process import ProcessEngine
from writer_app.engine.model_set import ModelSet
from writer_app.inference import DecodingConfig, RuntimeOptions, Suggester

CONFIG = DecodingConfig(threshold=0.0, beam_width=3, max_tokens=8)
TEXTS = ["The quick brown", "She walked to the"]


def _tails(local: Suggester) -> dict[str, str]:
    """For each text, the end of its suggestion, as if the writer had already typed it
    after the cursor."""
    tails = {}
    for text in TEXTS:
        plain = local.suggest(text, config=CONFIG)
        assert plain is not None and len(plain.text.strip()) > 2
        tails[text] = plain.text[-2:] + " and more"
    return tails


def test_both_engines_leave_out_what_follows_the_cursor(tiny_model_dir: Path) -> None:
    # one intra-op thread, as in the child: the answers are compared exactly
    local = Suggester.load(tiny_model_dir, options=RuntimeOptions(intra_op_threads=1))
    tails = _tails(local)
    in_process = ModelSet()
    child = ProcessEngine.start(tiny_model_dir, threads=1)
    try:
        for text, after in tails.items():
            plain = local.suggest(text, config=CONFIG)
            fitted = local.suggest(text, config=CONFIG, after=after)
            assert fitted is not None and fitted.text == plain.text[:-2]
            for engine in (in_process, child):
                assert engine.suggest(tiny_model_dir, text, CONFIG, after=after) == fitted
                assert engine.suggest(tiny_model_dir, text, CONFIG, document=7, after=after) == fitted
                assert engine.suggest(tiny_model_dir, text, CONFIG) == plain  # the end of a line
    finally:
        child.close()
