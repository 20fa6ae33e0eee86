"""The writer's files: reading and writing documents (encodings, atomic saves), noticing
outside changes, autosave and crash recovery, and the locks that tell a live session from
a dead one.

No Qt: everything here runs and is tested without a display.
"""
