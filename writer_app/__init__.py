"""Inkling: a desktop writing assistant with local LSTM suggestions.

Importing this package switches off onnxruntime's telemetry for this process and every
process it starts (the engine child, a retrain): onnxruntime's Linux wheels (1.32) send
usage events to Microsoft's collector by default, and only ``ORT_DISABLE_TELEMETRY=1``
set *before* onnxruntime is first imported stops them (``disable_telemetry_events()``
after the import does not). ``training`` and ``bench`` import this package first.

``__version__`` is the installed distribution's version (pyproject.toml is its one
source), read with importlib.metadata; "0+unknown" when Inkling is not installed.
"""

import os
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _distribution_version

#: The environment that keeps onnxruntime from phoning home; children inherit it.
PRIVACY_ENV = {"ORT_DISABLE_TELEMETRY": "1"}

os.environ.update(PRIVACY_ENV)

#: The distribution's name on PyPI and in pyproject.toml.
DISTRIBUTION = "inkling"

try:
    __version__ = _distribution_version(DISTRIBUTION)
except PackageNotFoundError:  # run from a checkout that was never installed
    __version__ = "0+unknown"
