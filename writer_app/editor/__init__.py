"""The ghost-text editor: the Qt widget that paints a suggestion after the cursor, the
controller that decides when to ask and what to show, and the service that drives the
engine on one worker thread.

The editor's rules that need no Qt live here too as plain modules (``ghost_text``,
``suggestion_policy``, ``composition``, ``long_lines``, ``text_stats``); tests/test_layout.py
checks that they import no Qt.
"""
