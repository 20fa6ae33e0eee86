"""The Qt user interface around the editor: the main window, its menus, status bar and
dialogs (settings, models, retrain, find/replace), and the questions the app asks."""
