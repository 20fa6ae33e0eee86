"""What the editor needs that is not Qt: files, encodings, recovery, settings, suggestion state.

Nothing in this package may import Qt, so it runs and is tested without a display.
"""
