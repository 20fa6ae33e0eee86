"""Files the app ships: the bundled models and the icon, found with ``importlib.resources``.

The models are the package ``writer_app.assets`` (in the repository the top-level
``assets/`` folder, mapped there by setup.py), so the same lookup works in a wheel, an
editable install and a PyInstaller bundle; nothing is found relative to a checkout.
No Qt.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

#: The bundled model folder of each language (ISO 639-1 code -> folder name in assets/).
BUNDLED_MODELS = {"en": "en-default", "zh": "zh-default"}
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)  # the PNGs in writer_app/icons (packaging/make_icons.py)


class MissingResourceError(RuntimeError):
    """A file the installation should contain is not there (message: which, and what to do)."""


def _real_dir(package: str) -> Path:
    root = files(package)
    if not isinstance(root, Path) or not root.is_dir():
        raise MissingResourceError(f"The package {package} is not a folder on disk ({root}); "
                                   "install Inkling from a wheel or a checkout, not from a zip file.")
    return root


def bundled_model_dir(name: str) -> Path:
    """The folder of the bundled model ``name`` (e.g. "en-default"). The folder may be
    missing or damaged: loading it says so. Raises MissingResourceError when the
    package writer_app.assets is not a folder on disk."""
    return _real_dir("writer_app.assets") / name


def icon_dir() -> Path:
    """The folder with inkling.svg and inkling-<N>.png for N in ICON_SIZES."""
    return _real_dir("writer_app") / "icons"
