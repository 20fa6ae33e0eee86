"""Whether an input method (IME) still holds uncommitted input, judged from what reaches
the editor.

Qt's contract (QInputMethodEvent) is that a composition ends with an event that commits
text and has no preedit. Real input methods say less than that. Recorded with IBus 1.5.27,
ibus-libpinyin 1.15 and Qt 6.11's ibus plugin (tests/ui/test_ibus.py drives them):

- IBus's CommitText leaves the preedit as it is, but Qt's plugin delivers it as "commit,
  no preedit": typing ``henhao,`` commits "，" while "hen hao" stays in the candidate
  window, and nothing more is sent.
- An empty preedit does not end a composition either: Tab during ``hen`` hides the
  preedit and keeps "u hen" in the input method.
- An ordinary composition ends with its result committed: the text shown (libpinyin shows
  its first candidate and commits it on Space) or another candidate (then libpinyin clears
  the preedit at once), words and not punctuation alone.
- An input method that does not embed its preedit in the editor (IBus with
  embed-preedit-text off) sends no preedit at all: its keys just never reach the editor.

So the tracker believes a composition is over only on evidence: the input method committed
a result of the composition (the text it showed, or anything with a letter or ideograph in
it: punctuation alone while words are pending is committed ahead of them), cleared its
preedit right after a commit in answer to the same key, committed after keys it had
swallowed without showing anything, or let a plain key through to the editor (an input
method holding input takes every plain key). Until then it reports the input method as
busy, which costs at worst a suggestion not shown.
"""

from __future__ import annotations

from enum import Enum


class ImeState(Enum):
    IDLE = "idle"  # nothing held, as far as the editor can tell
    COMPOSING = "composing"  # a preedit is shown in the editor
    HIDDEN = "hidden"  # the input method may hold input the editor cannot see


class CompositionTracker:
    """A state machine fed with what the editor receives; ``busy`` is its answer.

    Feed it every input-method event (``on_input_method``), the start of each key the
    platform handed to the input method (``on_key_sent``; only known on X11), such a key
    coming back unused (``on_key_delivered``) or kept without a word (``on_key_swallowed``),
    and ``reset`` when the editor itself ended the composition (committed or discarded it).
    """

    def __init__(self) -> None:
        self.state = ImeState.IDLE
        self.preedit = ""  # the last preedit shown; kept while HIDDEN, to recognise its commit
        self._shown_preedit = False  # this composition showed a preedit (embedded input method)
        self._committed_this_key = False  # a commit answered the current key

    @property
    def busy(self) -> bool:
        """True while the input method may hold uncommitted input."""
        return self.state is not ImeState.IDLE

    @property
    def visible_preedit(self) -> str:
        """The preedit shown in the editor now ('' unless COMPOSING)."""
        return self.preedit if self.state is ImeState.COMPOSING else ""

    def on_input_method(self, commit: str, preedit: str) -> None:
        """One QInputMethodEvent: its commit string and its preedit string."""
        if preedit:
            self.state, self.preedit, self._shown_preedit = ImeState.COMPOSING, preedit, True
            self._committed_this_key = bool(commit)
            return
        if commit:
            if self.state is not ImeState.IDLE and self._shown_preedit and _ahead_of(commit, self.preedit):
                self.state = ImeState.HIDDEN  # punctuation ahead of the pending words
            else:
                self._end()
            self._committed_this_key = True
            return
        # An empty preedit, nothing committed.
        if self.state is not ImeState.IDLE:
            if self._committed_this_key:
                self._end()  # cleared after committing, in answer to the same key
            else:
                self.state = ImeState.HIDDEN  # cancelled or hidden: cannot tell which

    def on_key_sent(self) -> None:
        """The platform handed a new key press to the input method."""
        self._committed_this_key = False

    def on_key_swallowed(self) -> None:
        """A plain key went to the input method and nothing came back (no key, no event)."""
        if self.state is ImeState.IDLE:
            self.state, self._shown_preedit, self.preedit = ImeState.HIDDEN, False, ""

    def on_key_delivered(self) -> None:
        """A plain key (no Ctrl/Alt/Meta) reached the editor: the input method let it through."""
        if self.state is ImeState.HIDDEN:
            self._end()

    def reset(self) -> None:
        """The editor ended the composition itself (committed or dropped the preedit)."""
        self._end()

    def _end(self) -> None:
        self.state, self.preedit, self._shown_preedit = ImeState.IDLE, "", False


def _ahead_of(commit: str, preedit: str) -> bool:
    """True if ``commit`` cannot be what composing ``preedit`` gave: it is not the text
    shown, and it is punctuation or symbols only while words (letters, digits, ideographs)
    were shown."""
    return commit != preedit and not any(c.isalnum() for c in commit) and any(
        c.isalnum() for c in preedit)


# A key handed to the input method that has neither come back as a key event nor brought an
# input-method event after this long (seconds) was kept by it (IBus answers in a few ms).
KEY_KEPT_AFTER_S = 0.25


class KeysAtInputMethod:
    """The key presses handed to the input method (on X11: editor/ime_keys.py) that have
    not been answered yet, by X server time (ms), with when each was sent (monotonic s).

    While any is out, the input method may be composing (GhostTextEdit.composing). A key is
    answered when it comes back to the editor as a key event (``came_back``) or the input
    method sends any event (``answered``); one not answered within KEY_KEPT_AFTER_S was
    kept (``take_kept``). No Qt: the editor's timer calls ``take_kept``.
    """

    def __init__(self) -> None:
        self._sent: dict[int, float] = {}  # X time of a key press -> monotonic s
        self._back = -1  # X time of the last of them to come back

    def __bool__(self) -> bool:
        return bool(self._sent)

    def sent(self, x_time: int, now: float) -> None:
        """A key press at X time ``x_time`` was handed to the input method at ``now``."""
        self._sent[x_time] = now

    def answered(self) -> None:
        """The input method sent an event: it answered every key it was given."""
        self._sent.clear()

    def came_back(self, x_time: int) -> tuple[bool, bool]:
        """Note a key event at X time ``x_time`` reaching the editor. Returns (ours, kept):
        ``ours`` False when it is not one of the keys handed to the input method while
        others are still out (nothing is noted then); ``kept`` True when keys handed to it
        earlier were still out: it answers in order, so it kept them without a word
        (libpinyin's Esc that cancels "u hen")."""
        ours = self._sent.pop(x_time, None) is not None or x_time == self._back
        if not ours and self._sent:
            return False, False
        self._back = x_time  # its KeyPress follows its ShortcutOverride
        earlier = [t for t in self._sent if t < x_time]
        for t in earlier:
            del self._sent[t]
        return True, bool(earlier)

    def take_kept(self, now: float) -> bool:
        """Forget the keys out for KEY_KEPT_AFTER_S or longer at ``now``; True if there were any."""
        kept = [t for t, sent in self._sent.items() if now - sent >= KEY_KEPT_AFTER_S]
        for t in kept:
            del self._sent[t]
        return bool(kept)

    def next_check_in(self, now: float) -> float | None:
        """Seconds from ``now`` until the oldest key still out is overdue; None when none is."""
        if not self._sent:
            return None
        return min(self._sent.values()) + KEY_KEPT_AFTER_S - now
