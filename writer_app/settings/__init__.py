"""Options declared once (``options``: a dataclass field with its help and range) and the
app's settings file built from them (``app_settings``). No Qt."""
