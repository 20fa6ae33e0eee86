"""The suggestion shown as ghost text, as pure data (kept apart from painting).

A GhostText is anchored to a document revision and cursor position and holds the
candidates (best first) with the index of the one shown. The operations return new
values: type-through, accept-next-word, cycling. The editor paints ``text`` after the
cursor and never inserts it until accepted.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from writer_app.text import words


@dataclass(frozen=True)
class GhostText:
    """A suggestion anchored at ``position`` (a document offset) in ``revision``."""

    revision: int
    position: int
    candidates: tuple[str, ...]
    index: int = 0

    @property
    def text(self) -> str:
        return self.candidates[self.index]

    @property
    def count(self) -> int:
        return len(self.candidates)

    def cycled(self, step: int) -> GhostText:
        """The next (step=1) or previous (step=-1) candidate, wrapping around."""
        return replace(self, index=(self.index + step) % len(self.candidates))

    def next_word(self, before: str = "") -> str:
        """The start of ``text`` that Ctrl+Right accepts: one word (a segmented word in
        Chinese) or one punctuation mark, with the spaces around it that come before the
        next word (writer_app.text.words). before: the text before
        the cursor, so a Chinese word already begun is completed whole."""
        return words.next_word(self.text, before)

    def without(self, rejected: str) -> GhostText | None:
        """This ghost less the candidates the writer rejected (undid after accepting):
        ``rejected`` itself and any candidate it starts with or that starts with it (the
        same suggestion, shorter or longer). The shown one stays shown if it survives.
        None when nothing is left."""
        kept = tuple(c for c in self.candidates
                     if not (c.startswith(rejected) or rejected.startswith(c)))
        if not kept:
            return None
        return replace(self, candidates=kept, index=kept.index(self.text) if self.text in kept else 0)

    def after_typed(self, typed: str, revision: int, position: int) -> GhostText | None:
        """The ghost left after the user typed (or accepted) ``typed`` at the anchor.

        Candidates that do not start with ``typed`` are dropped, and so are those of which
        only whitespace is left (nothing to see: a tester's Tab after typing "much." through
        "much. " put in a space where he meant to indent); the shown one is kept if it
        survives. None when nothing is left to show.
        """
        shown = self.text
        n = len(typed)
        kept = [c[n:] for c in self.candidates if c.startswith(typed) and c[n:].strip()]
        if not kept:
            return None
        unique = tuple(dict.fromkeys(kept))
        rest = shown[n:]
        index = unique.index(rest) if shown.startswith(typed) and rest in unique else 0
        return GhostText(revision, position, unique, index)

