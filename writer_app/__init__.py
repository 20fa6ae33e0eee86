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

#: numpy's BLAS (OpenBLAS) on one thread, here and in the children, unless the user set
#: it: the continuous cache's (N, H) x (H, B) product (inference/neural_cache.py) is
#: small, and on a busy 2-core machine OpenBLAS's second thread waits for a core (p95 of
#: suggest with the document cache 2-3x that of one thread, bench/RESULTS.md). Read by
#: OpenBLAS when numpy is first imported; onnxruntime keeps its own threads.
BLAS_ENV = {"OPENBLAS_NUM_THREADS": "1"}

for _name, _value in BLAS_ENV.items():
    os.environ.setdefault(_name, _value)

#: The distribution's name on PyPI and in pyproject.toml.
DISTRIBUTION = "inkling"

try:
    __version__ = _distribution_version(DISTRIBUTION)
except PackageNotFoundError:  # run from a checkout that was never installed
    __version__ = "0+unknown"
