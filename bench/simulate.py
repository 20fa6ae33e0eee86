"""The simulated user: types a text and accepts suggestions when they save keystrokes.

Policy (issue 3): after each character the engine is asked for a suggestion. When one is
shown and its whole text matches what comes next, one keystroke (Tab) accepts it;
otherwise, if its first k >= 1 words match, k keystrokes (Ctrl+Right each) accept them.
Words are the editor's Ctrl+Right pieces (writer_app.text.words: a word, a segmented word
in Chinese, or one punctuation mark, each with the whitespace after it, so a space the
suggestion holds is taken with the word before it, as in the editor: issue 13, point 2;
a right word whose space the reference does not have is taken and the space deleted
with one Backspace, as in the editor, unless the reference goes on with a mark such as
"," or a newline, which takes the space's place; Tab likewise), and a word matches only
where the reference has a word end after it (space, punctuation, line end, or a segmenter boundary between
Han characters). A suggestion is accepted only when that saves keystrokes. Otherwise the
user types the next character (a newline is one keystroke too). By default a keystroke is
one character (for Chinese: one committed character). With ``costs`` each character has its
own price, e.g. what a full-pinyin input method asks for it (bench/ime_cost.py: pinyin
letters plus one commit key per word), and ``query_at`` limits where the engine is asked
(an input method hands the editor whole words); ``whole_only`` accepts whole suggestions
only (Tab), never single words (the conservative floor of issue 12).

What the engine decides is the product's, not the simulator's: which suggestion is shown
(Suggester.suggest, its threshold, the space it takes after its last word, and the
pass-over rule, which needs the same Suggester asked at every keystroke, as the editor
asks it: DecodingConfig.pass_over).
"""

from __future__ import annotations

from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Protocol

from writer_app.inference import Suggestion
from writer_app.text.units import takes_accepted_space
from writer_app.text.words import BEFORE_CHARS, matched_words, split_words, word_ends


class Predictor(Protocol):
    """What the simulated user types against: Inkling's ``Suggester`` or a baseline
    (bench/presage.py). ``suggest(text before the cursor)`` returns what is shown, or None."""

    name: str

    def suggest(self, text: str) -> Suggestion | None: ...


@dataclass(frozen=True)
class Query:
    """One request to the engine during the simulation.

    pos: characters typed so far; score: the proposal's confidence (None: no proposal);
    shown: score passed the threshold; words: words (Ctrl+Right pieces) in the suggestion;
    matched: words confirmed by the reference; action: "tab", "words" or "type";
    saved: keystrokes saved by this acceptance; mid_word: the cursor was inside a word
    (the suggestion completes it) rather than after a space, punctuation or a word end;
    inserted: characters of the reference the acceptance advanced over (0 for "type").
    """

    pos: int
    score: float | None
    shown: bool
    words: int
    matched: int
    action: str
    saved: int = 0
    mid_word: bool = False
    inserted: int = 0


@dataclass
class TypingResult:
    """Keystrokes and queries of one simulated typing of one text."""

    chars: int
    keystrokes: int = 0
    queries: list[Query] = field(default_factory=list)
    unaided: int | None = None  # keystrokes without suggestions (None: one per character)

    @property
    def baseline(self) -> int:
        """Keystrokes to type the text with no suggestion taken."""
        return self.chars if self.unaided is None else self.unaided

    @property
    def ksr(self) -> float:
        """Keystroke savings rate: 1 - keystrokes / keystrokes without suggestions."""
        return 1.0 - self.keystrokes / max(self.baseline, 1)


def simulate_typing(
    reference: str, propose: Callable[[int], Suggestion | None], threshold: float, *,
    costs: Sequence[int] | None = None, query_at: Container[int] | None = None,
    whole_only: bool = False,
) -> TypingResult:
    """Type ``reference``; ``propose(pos)`` is the engine's proposal for reference[:pos]
    (ignoring the threshold); ``threshold`` decides what is shown.

    costs: keystrokes of each character of ``reference`` (same length; default 1 each);
    a suggestion is accepted when the characters it inserts cost more than the keys that
    accept it. query_at: positions at which the engine is asked (default every position),
    and always right after an acceptance. whole_only: only a whole right suggestion is
    accepted (Tab), never its first words (Ctrl+Right).
    """
    if costs is not None and len(costs) != len(reference):
        raise ValueError(f"{len(costs)} costs for {len(reference)} characters")
    prefix = list(accumulate(costs, initial=0)) if costs is not None else None

    def cost(a: int, b: int) -> int:
        return b - a if prefix is None else prefix[b] - prefix[a]

    result = TypingResult(chars=len(reference), unaided=None if prefix is None else prefix[-1])
    ends = word_ends(reference)
    pos = 0
    accepted = False
    while pos < len(reference):
        if query_at is not None and pos not in query_at and not accepted:
            result.keystrokes += cost(pos, pos + 1)  # inside a word the input method composes
            pos += 1
            continue
        sug = propose(pos)
        rest = reference[pos:]
        score = None if sug is None else sug.score
        shown = sug is not None and sug.score >= threshold
        words = matched = 0
        action, keys, advance = "type", cost(pos, pos + 1), 1
        if sug is not None:
            pieces = split_words(sug.text, reference[max(0, pos - BEFORE_CHARS):pos])
            words = sum(1 for p in pieces if p.strip())
            matched, chars = matched_words(pieces, reference, pos, ends)
            # A space the suggestion took and the reference does not have is taken too
            # (the editor inserts it) and deleted again: one Backspace per character, or
            # none where the reference's next character takes its place in the editor
            # (editor/accepted_space.py: "," "." or a newline typed after the space).
            text = sug.text.rstrip() if not rest.startswith(sug.text) else sug.text
            fix = _extra_space_keys(len(sug.text) - len(text), reference, pos + len(text))
            taken = len("".join(_first_words(pieces, matched)))
            extra = _extra_space_keys(taken - chars, reference, pos + chars)
            if shown and rest.startswith(text) and cost(pos, pos + len(text)) > 1 + fix:
                action, keys, advance = "tab", 1 + fix, len(text)
            elif (not whole_only and shown and matched >= 1
                  and cost(pos, pos + chars) > matched + extra):
                action, keys, advance = "words", matched + extra, chars
        mid = (pos > 0 and reference[pos - 1].isalnum() and reference[pos:pos + 1].isalnum()
               and pos not in ends)
        result.queries.append(
            Query(pos, score, shown, words, matched, action, cost(pos, pos + advance) - keys, mid,
                  advance if action != "type" else 0)
        )
        result.keystrokes += keys
        pos += advance
        accepted = action != "type"
    return result


def _extra_space_keys(extra: int, reference: str, at: int) -> int:
    """Backspaces for ``extra`` characters of whitespace an acceptance put before
    ``reference[at]`` that the reference does not have: none for the one space an accepted
    word takes when the reference goes on with a mark written right after a word, an
    apostrophe, a closing quote or a newline, which the editor types in its place
    (text.units.takes_accepted_space)."""
    nxt = reference[at:at + 1]
    return 0 if extra == 1 and nxt and (nxt == "\n" or takes_accepted_space(nxt, reference[:at])) else extra


def _first_words(pieces: list[str], k: int) -> list[str]:
    """The pieces that k Ctrl+Right presses take (k non-space pieces, whitespace between)."""
    out: list[str] = []
    for piece in pieces:
        if k == 0:
            break
        out.append(piece)
        k -= bool(piece.strip())
    return out


def summarize(results: list[TypingResult]) -> dict[str, float | int]:
    """KSR, trigger rate and ExactMatch@1/2/3 over several texts.

    ExactMatch@N: of the shown suggestions with at least N words, the share whose first
    N words are right (as the acceptance rule defines "right").
    """
    chars = sum(r.chars for r in results)
    keys = sum(r.keystrokes for r in results)
    unaided = sum(r.baseline for r in results)
    queries = [q for r in results for q in r.queries]
    shown = [q for q in queries if q.shown]
    out: dict[str, float | int] = {
        "chars": chars, "keystrokes": keys, "unaided_keystrokes": unaided,
        "ksr": 1.0 - keys / max(unaided, 1),
        "queries": len(queries), "shown": len(shown),
        "trigger_rate": len(shown) / max(len(queries), 1),
        "accepted_tab": sum(q.action == "tab" for q in queries),
        "accepted_words": sum(q.action == "words" for q in queries),
        "saved_mid_word_share": sum(q.saved for q in queries if q.mid_word)
        / max(sum(q.saved for q in queries), 1),
        # characters, not keys: with per-character costs (IME keys) saved counts keys
        "mean_accepted_chars": sum(q.inserted for q in queries if q.action != "type")
        / max(sum(q.action != "type" for q in queries), 1),
    }
    for n in (1, 2, 3):
        eligible = [q for q in shown if q.words >= n]
        hits = sum(q.matched >= n for q in eligible)
        out[f"exact_match@{n}"] = hits / max(len(eligible), 1)
        out[f"exact_match@{n}_n"] = len(eligible)
    return out
