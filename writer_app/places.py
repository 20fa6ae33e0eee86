"""Where Inkling keeps the user's things: its settings file, autosaved unsaved work and the
models retrained on the user's writing (platformdirs picks each platform's folders; an
environment variable moves each, as the tests and the screenshot scripts do). README's
Privacy table and Help → About list the same places. No Qt.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "inkling"
SETTINGS_ENV = "INKLING_SETTINGS"
RECOVERY_ENV = "INKLING_RECOVERY_DIR"
MODELS_ENV = "INKLING_MODELS_DIR"


def settings_path() -> Path:
    """``$INKLING_SETTINGS`` or the user config folder + ``inkling/settings.toml``."""
    from platformdirs import user_config_path

    env = os.environ.get(SETTINGS_ENV)
    return Path(env) if env else user_config_path(APP_NAME) / "settings.toml"


def recovery_dir() -> Path:
    """``$INKLING_RECOVERY_DIR`` or the user data folder + ``inkling/recovery``."""
    from platformdirs import user_data_path

    env = os.environ.get(RECOVERY_ENV)
    return Path(env) if env else user_data_path(APP_NAME) / "recovery"


def models_dir() -> Path:
    """``$INKLING_MODELS_DIR`` or the user data folder + ``inkling/models``."""
    from platformdirs import user_data_path

    env = os.environ.get(MODELS_ENV)
    return Path(env) if env else user_data_path(APP_NAME) / "models"
