"""The editor's document reaches the engine's cache (issue 14): edits go through
update_document, in this process and in the child, and a suggestion for that document
uses what the document says, also a model loaded after the edits."""

from __future__ import annotations

from pathlib import Path

import pytest

from writer_app.engine.child_process import EngineProcessError, ProcessEngine
from writer_app.engine.model_set import ModelSet
from writer_app.inference import DecodingConfig
from writer_app.inference.doc_cache import DocumentEdit

DOC = "Captain Vorbisk looked out.\nThe crew waited for Captain Vorbisk.\nLater, Captain Vorbisk spoke."
AT = "At dawn Captain Vorb"
CONFIG = DecodingConfig(threshold=0.0)


@pytest.mark.parametrize("kind", ["thread", "process"])
def test_a_document_sent_to_the_engine_is_used_for_its_suggestions(
    kind: str, default_model_dir: Path,
) -> None:
    engine = ModelSet() if kind == "thread" else ProcessEngine.start(threads=1)
    try:
        before = engine.suggest(default_model_dir, AT, CONFIG, document=1)
        assert before is not None and not before.text.startswith("isk")
        # Sent before any model was loaded in the child, and line by line as an editor does.
        engine.update_document(1, [DocumentEdit.whole(DOC.split("\n")[0])])
        engine.update_document(1, [DocumentEdit(1, 1, tuple(DOC.split("\n")[1:]))])
        after = engine.suggest(default_model_dir, AT, CONFIG, document=1)
        assert after is not None and after.text.startswith("isk")
        other = engine.suggest(default_model_dir, AT, CONFIG, document=2)  # another window
        assert other is None or not other.text.startswith("isk")
        off = engine.suggest(default_model_dir, AT, DecodingConfig(threshold=0.0, document_cache=False),
                             document=1)
        assert off == engine.suggest(default_model_dir, AT, DecodingConfig(threshold=0.0, document_cache=False))
        with pytest.raises((IndexError, EngineProcessError)):
            engine.update_document(1, [DocumentEdit(7, 9, ("x",))])
        # The window closed: the engine drops the document, and what it said is gone.
        engine.forget_document(1)
        forgotten = engine.suggest(default_model_dir, AT, CONFIG, document=1)
        assert forgotten is None or not forgotten.text.startswith("isk")
    finally:
        engine.close()


def test_a_model_loaded_later_gets_the_documents(default_model_dir: Path) -> None:
    engine = ModelSet()
    engine.update_document(3, [DocumentEdit.whole(DOC)])
    after = engine.suggest(default_model_dir, AT, CONFIG, document=3)
    assert after is not None and after.text.startswith("isk")
