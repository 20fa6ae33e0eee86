"""Inference without Qt or torch: the ONNX LSTM, its state cache and the decoders.

Public API::

    from writer_app.inference import Suggester
    s = Suggester.load(model_dir)            # raises ModelLoadError
    sug = s.suggest(text_before_cursor)      # Suggestion | None
"""

from writer_app.inference.lm_session import RuntimeOptions
from writer_app.inference.model_folder import ModelCard, ModelLoadError
from writer_app.inference.suggester import Suggester
from writer_app.inference.types import DecodingConfig, Suggestion

__all__ = [
    "DecodingConfig", "ModelCard", "ModelLoadError", "RuntimeOptions", "Suggester", "Suggestion",
]
