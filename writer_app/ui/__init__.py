"""The Qt user interface: main window, ghost-text editor, suggestion workers, dialogs."""

from writer_app.ui import pyside_guard

pyside_guard.apply()
