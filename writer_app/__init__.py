"""Inkling: a desktop writing assistant with local LSTM suggestions."""

__version__ = "0.1.0"
