"""Plain data passed between the engine and the editor (no Qt, no torch)."""

from __future__ import annotations

from dataclasses import dataclass, field

AUTO_BEAM_WIDTH = 0  # DecodingConfig.beam_width: use the model's recommendation
DEFAULT_BEAM_WIDTH = 8  # the recommendation of a card that names none (English: 25.6% vs 25.0% KSR at 4)


def recommended_beam_width(decoding: dict[str, object] | None) -> int:
    """The beam width a model card's ``decoding`` advice (ModelCard.decoding) recommends
    (``beam_width``, 1..32), else
    DEFAULT_BEAM_WIDTH. The shipped Chinese model recommends 4: in the Chinese keystroke
    benchmark it saves more than 8 (KSR 1.2% vs 1.0%) at the same latency
    (bench/RESULTS.md)."""
    value = decoding.get("beam_width") if isinstance(decoding, dict) else None
    return value if isinstance(value, int) and 1 <= value <= 32 else DEFAULT_BEAM_WIDTH


@dataclass(frozen=True)
class DecodingConfig:
    """How suggestions are decoded and when they are shown.

    beam_width: beams for beam search (1 = greedy; 0 = AUTO_BEAM_WIDTH, the model card's
    recommendation, see recommended_beam_width); max_tokens: token budget of a
    suggestion; threshold: minimum confidence (Suggestion.score) to show anything;
    context_tokens: how many tokens before the cursor condition the model;
    sampling with temperature/top_k/top_p replaces beam search when ``sample`` is True;
    seed: the sampling seed (the same text and settings give the same suggestion).
    Added by the engine: length_alpha: GNMT length-normalisation exponent for ranking
    beams; stop_at_phrase: end suggestions at , ; : as well as at sentence ends;
    no_repeat_ngram: no token n-gram may occur twice (0 = off); stop_prob: a suggestion
    ends before the word at which the model's probability of all of it falls below this
    (its first word is always kept; 0 = off).
    """

    beam_width: int = 0
    max_tokens: int = 12
    threshold: float = 0.25
    context_tokens: int = 256
    sample: bool = False
    temperature: float = 0.8
    top_k: int = 40
    top_p: float = 0.95
    seed: int = 0
    length_alpha: float = 0.6
    stop_at_phrase: bool = False
    no_repeat_ngram: int = 3
    stop_prob: float = 0.01


@dataclass(frozen=True)
class Suggestion:
    """A proposed continuation of the text before the cursor.

    text: what to insert at the cursor (may finish the current word); alternatives: other
    candidates, best first; score: the confidence compared with DecodingConfig.threshold.
    """

    text: str
    alternatives: list[str] = field(default_factory=list)
    score: float = 0.0
