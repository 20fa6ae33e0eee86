"""Plain data passed between the engine and the editor (no Qt, no torch)."""

from __future__ import annotations

import string
from dataclasses import dataclass, field, replace

from writer_app.settings.options import Range, check_ranges, option, option_range
from writer_app.text.language import WINDOW_CHARS, completes_word_only

AUTO_BEAM_WIDTH = 0  # DecodingConfig.beam_width: use the model's recommendation
# The recommendation of a card that names none: on the English bench (en-default, 12,000
# characters) beam 4 saves more keystrokes than 8 at every ExactMatch@1 measured (35.95% vs
# 35.60% KSR at 42.5% vs 42.2%) and is faster (p95 ~8% less); bench/RESULTS.md, 2026-12-07.
DEFAULT_BEAM_WIDTH = 4


def recommended_beam_width(decoding: dict[str, object] | None) -> int:
    """The beam width a model card's ``decoding`` advice (ModelCard.decoding) recommends
    (``beam_width``, within DecodingConfig's beam_width range and not AUTO_BEAM_WIDTH), else
    DEFAULT_BEAM_WIDTH. Both shipped models recommend 4: it saves more keystrokes than 8
    in the Chinese benchmark (KSR 1.2% vs 1.0%) and in the English one at the same
    precision, in less time (bench/RESULTS.md)."""
    value = decoding.get("beam_width") if isinstance(decoding, dict) else None
    ok = isinstance(value, int) and value != AUTO_BEAM_WIDTH and value in option_range(DecodingConfig, "beam_width")
    return value if ok else DEFAULT_BEAM_WIDTH  # type: ignore[return-value]


AUTO_THRESHOLD = -1.0  # DecodingConfig.threshold: use the model card's measured threshold
DEFAULT_THRESHOLD = 0.25  # the threshold of a card that names none


def _probability(decoding: dict[str, object] | None, key: str) -> float | None:
    """``decoding[key]`` when it is a number in 0..1, else None."""
    value = decoding.get(key) if isinstance(decoding, dict) else None
    ok = isinstance(value, int | float) and not isinstance(value, bool) and 0.0 <= value <= 1.0
    return float(value) if ok else None  # type: ignore[arg-type]


def recommended_threshold(decoding: dict[str, object] | None) -> float:
    """The confidence threshold a model card's ``decoding`` advice recommends
    (``threshold``, 0..1: chosen from a measured sweep of KSR, ExactMatch@1 and trigger
    rate, see bench/RESULTS.md), else DEFAULT_THRESHOLD."""
    value = _probability(decoding, "threshold")
    return DEFAULT_THRESHOLD if value is None else value


def recommended_rest_threshold(decoding: dict[str, object] | None) -> float:
    """The confidence threshold for a request of extent REST_OF_WORD (a Latin word typed
    inside Chinese text): the card's ``rest_threshold`` (0..1: chosen on a validation text
    by bench/latin_route.py's sweep, the highest threshold within a point of the most
    letters saved), else recommended_threshold."""
    value = _probability(decoding, "rest_threshold")
    return recommended_threshold(decoding) if value is None else value


AUTO_STOP_PROB = -1.0  # DecodingConfig.stop_prob: use the model card's recommendation
DEFAULT_STOP_PROB = 0.01  # the stop_prob of a card that names none (English, issue 5)


def recommended_stop_prob(decoding: dict[str, object] | None) -> float:
    """The stop_prob a model card's ``decoding`` advice recommends (``stop_prob``, 0 <= p < 1),
    else DEFAULT_STOP_PROB."""
    value = decoding.get("stop_prob") if isinstance(decoding, dict) else None
    ok = isinstance(value, int | float) and not isinstance(value, bool) and 0.0 <= value < 1.0
    return float(value) if ok else DEFAULT_STOP_PROB  # type: ignore[arg-type]


# DecodingConfig.extent: how far a suggestion goes (issue 12). "unit": the decoder's first
# unit (one Han character, or the rest of the word being typed / the next word in English);
# "word": the first Ctrl+Right piece (one segmented Chinese word, writer_app.text.words);
# "phrase": up to , ; : ，；：、 or a sentence end (and the closing quotes after it);
# "sentence": up to a sentence end. Each within max_tokens and cut by stop_prob.
EXTENTS = ("unit", "word", "phrase", "sentence")
# Not a length a card recommends but what a request may ask for: the rest of the word being
# typed and nothing else, nothing once it is complete (a Latin word typed inside Chinese
# text: editor/suggestion_controller.py; "Pyt" + "." or " is" cannot be right there,
# where the text goes on in Chinese). Its threshold: recommended_rest_threshold.
REST_OF_WORD = "rest"
AUTO_EXTENT = "auto"  # the model card's recommendation
DEFAULT_EXTENT = "sentence"  # the extent of a card that names none


def recommended_extent(decoding: dict[str, object] | None) -> str:
    """The extent a model card's ``decoding`` advice recommends (``extent``, one of
    EXTENTS: chosen by the measured sweep of bench/zh_length.py), else DEFAULT_EXTENT."""
    value = decoding.get("extent") if isinstance(decoding, dict) else None
    return value if isinstance(value, str) and value in EXTENTS else DEFAULT_EXTENT


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
    (its first word is always kept; 0 = off; AUTO_STOP_PROB, any negative value: the card's
    recommended_stop_prob); extent: how far a suggestion goes, one of EXTENTS or AUTO_EXTENT
    (the card's recommended_extent); follow_prob: a suggestion that ends on a
    whole word also takes the next character when the model gives it at least this
    probability: a space (the mass of all tokens that begin with one) or the likeliest
    token when it is one punctuation mark (0 = off), so one Tab or Ctrl+Right takes
    "word " as Presage's accept does; pass_over: a word shown for the word being typed
    (from its start on) and typed past (the writer typed a letter instead of accepting)
    is not offered again while that word is typed there (the next candidate is);
    threshold AUTO_THRESHOLD
    (-1, or any negative value): the card's recommended_threshold.
    document_cache: mix the document's own token n-grams (inference/doc_cache.py) and the
    continuous cache of the text typed (the model's hidden states at earlier positions,
    inference/neural_cache.py) into the model's next-token probabilities (False: the
    model alone, as before issue 14).
    """

    beam_width: int = option(0, range=Range(0, 16),
                             help="beams for beam search (1 = greedy; 0 = the model's recommendation)")
    max_tokens: int = option(12, range=Range(1, 64), help="longest suggestion, in model tokens")
    threshold: float = option(AUTO_THRESHOLD, range=Range(AUTO_THRESHOLD, 1.0),
                              help="minimum confidence (Suggestion.score) to show a suggestion "
                              "(-1 = the model's measured threshold)")
    context_tokens: int = option(256, range=Range(8, 4096),
                                 help="tokens before the cursor that condition the model")
    sample: bool = option(False, help="sample instead of beam search")
    temperature: float = option(0.8, range=Range(0.0, lo_open=True), help="sampling temperature")
    top_k: int = option(40, range=Range(0), help="sample among the k likeliest tokens (0 = no limit)")
    top_p: float = option(0.95, range=Range(0.0, 1.0, lo_open=True), help="nucleus sampling mass")
    seed: int = option(0, help="the sampling seed")
    length_alpha: float = option(0.6, range=Range(0.0), help="GNMT length-normalisation exponent")
    stop_at_phrase: bool = option(False, help="end suggestions at , ; : as well")
    no_repeat_ngram: int = option(3, range=Range(0), help="no token n-gram may occur twice (0 = off)")
    stop_prob: float = option(AUTO_STOP_PROB, range=Range(AUTO_STOP_PROB, 1.0, hi_open=True),
                              help="end before the word at which the probability of all falls below this "
                              "(0 = off; -1 = the model's recommendation)")
    extent: str = option(AUTO_EXTENT, help="how far a suggestion goes: unit, word, phrase or sentence "
                         "(auto = the model's recommendation; rest = only the rest of the word "
                         "being typed)")
    follow_prob: float = option(0.5, range=Range(0.0, 1.0),
                                help="a suggestion ending on a word also takes the space or punctuation "
                                "the model gives at least this probability next (0 = off)")
    pass_over: bool = option(True, help="a word shown and typed past is not offered again while "
                             "that word is typed; the next candidate is")
    document_cache: bool = True


def validate_config(config: DecodingConfig) -> DecodingConfig:
    """Return ``config`` if every value is inside the range its field declares
    (writer_app.settings.options) and its extent is one of EXTENTS, AUTO_EXTENT or
    REST_OF_WORD; raises
    ValueError naming the first bad one."""
    check_ranges(config)
    allowed = (AUTO_EXTENT, *EXTENTS, REST_OF_WORD)
    if config.extent not in allowed:
        raise ValueError(f"extent must be one of {', '.join(allowed)}; got {config.extent!r}")
    return config


def request_config(config: DecodingConfig, before: str, language: str) -> DecodingConfig:
    """``config`` for a suggestion at the end of ``before`` (the text before the cursor) in a
    document in ``language``, as the editor asks: only the rest of the word (REST_OF_WORD)
    for a Latin word typed inside Chinese text (text.language.completes_word_only), where a
    config whose threshold is AUTO_THRESHOLD gets the card's rest threshold; and no space
    after it (follow_prob 0) when the word is written against the character before it, as
    the writer does not set Latin words apart with spaces there (用Python写, a tester's
    "用Python 库"; 用 Python 写 keeps the model's follow)."""
    if not completes_word_only(before[-WINDOW_CHARS:], language):
        return config
    spaced = before.rstrip(string.ascii_letters)[-1:].isspace()
    return replace(config, extent=REST_OF_WORD, follow_prob=config.follow_prob if spaced else 0.0)


def resolve_config(config: DecodingConfig, advice: dict[str, object] | None) -> DecodingConfig:
    """``config`` with AUTO_BEAM_WIDTH, AUTO_THRESHOLD, AUTO_STOP_PROB and AUTO_EXTENT
    replaced by the model card's ``advice`` (its "decoding" section; None: the defaults);
    AUTO_THRESHOLD with extent REST_OF_WORD by recommended_rest_threshold."""
    if config.beam_width == AUTO_BEAM_WIDTH:
        config = replace(config, beam_width=recommended_beam_width(advice))
    if config.threshold < 0.0:  # AUTO_THRESHOLD (any negative value)
        rest = config.extent == REST_OF_WORD
        config = replace(config, threshold=(recommended_rest_threshold if rest else recommended_threshold)(advice))
    if config.stop_prob < 0.0:  # AUTO_STOP_PROB (any negative value)
        config = replace(config, stop_prob=recommended_stop_prob(advice))
    if config.extent == AUTO_EXTENT:
        config = replace(config, extent=recommended_extent(advice))
    return config


@dataclass(frozen=True)
class Suggestion:
    """A proposed continuation of the text before the cursor.

    text: what to insert at the cursor (may finish the current word); alternatives: other
    candidates, best first; score: the confidence compared with DecodingConfig.threshold.
    A Suggestion from the Suggester is showable as it is (candidates.showable): every
    candidate is one line without control characters or U+FFFD, none is blank, none
    repeats another.
    """

    text: str
    alternatives: list[str] = field(default_factory=list)
    score: float = 0.0
