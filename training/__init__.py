"""Inkling's training pipeline: corpus -> byte-level BPE -> LSTM -> ONNX model folder.

torch lives only in this package; the app (``writer_app``) never imports it.
"""

import writer_app  # noqa: F401,E402  (switches off onnxruntime telemetry before any import of it)
