"""The Qt user interface: main window, ghost-text editor, suggestion workers, dialogs."""
