"""Inkling: a desktop writing assistant with local LSTM suggestions.

Importing this package switches off onnxruntime's telemetry for this process and every
process it starts (the engine child, a retrain): onnxruntime's Linux wheels (1.32) send
usage events to Microsoft's collector by default, and only ``ORT_DISABLE_TELEMETRY=1``
set *before* onnxruntime is first imported stops them (``disable_telemetry_events()``
after the import does not). ``training`` and ``bench`` import this package first.
"""

import os

#: The environment that keeps onnxruntime from phoning home; children inherit it.
PRIVACY_ENV = {"ORT_DISABLE_TELEMETRY": "1"}

os.environ.update(PRIVACY_ENV)

__version__ = "0.1.0"
