"""The suggestion engine: text before the cursor -> ghost text, in a few milliseconds.

Pipeline per call: bounded context window (context.py) -> token healing split
(healing.py) -> LSTM state for the prompt from the prefix cache (state_cache.py) ->
beam search or sampling (beam.py, sampling.py) -> the best continuation, its
alternatives and its confidence (candidates.py: cut to the extent, to one line and to what
fits between the text before and after the cursor) -> shown only above the threshold (as
in Gmail Smart Compose, Chen et al. 2019). The config's checks and the card's advice are
in types.py, the document caches' counting in doc_cache.py, the continuous cache of the
text typed in neural_cache.py, the writer's n-grams a retrain stored in writer_ngrams.py.
No Qt and no torch here.
"""

from __future__ import annotations

import logging
import math
import threading
import zlib
from collections.abc import Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from writer_app.inference.beam import AdjustFn, beam_search
from writer_app.inference.candidates import WORD, cut_to_extent, showable, to_suggestion, word_start
from writer_app.inference.context import ModelInput, build_model_input
from writer_app.inference.cuts import TailEncoder
from writer_app.inference.doc_cache import DocCache, DocumentEdit
from writer_app.inference.document_caches import new_continuous_cache, new_document_cache
from writer_app.inference.follow import FollowMarks
from writer_app.inference.hypothesis import Hypothesis, Rules
from writer_app.inference.initial_state import start_state
from writer_app.inference.lm_session import OnnxLanguageModel, RuntimeOptions
from writer_app.inference.lru import LRUDict
from writer_app.inference.mixture import Mixer
from writer_app.inference.model_card import ModelCard
from writer_app.inference.neural_cache import ContinuousCache
from writer_app.inference.sampling import sample_continuations
from writer_app.inference.state_cache import CacheStats, StateCache
from writer_app.inference.token_table import TokenTable
from writer_app.inference.types import DecodingConfig, Suggestion, resolve_config, validate_config
from writer_app.inference.writer_ngrams import WriterCache, load_writer_cache
from writer_app.text.words import BEFORE_CHARS

log = logging.getLogger(__name__)


RESULTS_KEPT = 32
DOCUMENTS_KEPT = 8  # editors' document caches kept (each at most DocCache.max_tokens)
# A whole document longer than this is counted on the builder thread (~10 ms of work on
# the 2-core Xeon: counting costs ~0.5 ms per 1,000 characters, bench/RESULTS.md).
BACKGROUND_CHARS = 20_000
WORD_STARTS_KEPT = 64  # word starts whose shown first word is remembered (pass_over)
NEURAL_STEPS = 3  # decoding steps whose distribution the continuous cache mixes (tuned with latency)
NGRAM_STEPS = 2  # decoding steps past the healed span that the n-gram cache mixes (tuned: bench/RESULTS.md)


@dataclass
class _Build:
    """A document's cache being built on the builder thread: the edits still to apply
    (guarded by the Suggester's lock); restart: a newer whole document came, start over."""

    pending: list[DocumentEdit] = field(default_factory=list)
    restart: bool = False


class Suggester:
    """Proposes how the text before the cursor goes on.

    One onnxruntime session per model (threads and spinning from RuntimeOptions: by
    default 2 intra-op threads without spinning, so an idle engine leaves the cores to
    the GUI and to training). Calls are serialised by a lock, so one Suggester may be
    shared by worker threads. Each call costs the new tokens only: the LSTM state of the
    prompt comes from a prefix cache whose results are bit-identical to a cold start.
    """

    def __init__(
        self, model: OnnxLanguageModel, config: DecodingConfig | None = None, *,
        cache_capacity: int = 256, chunk_tokens: int = 16, builder: Executor | None = None,
    ) -> None:
        """Wrap a loaded model. ``builder``: where large documents' caches are built
        (update_document; None: one background thread, started on first use). Raises
        ModelLoadError if its tokenizer is not byte-level BPE or its folder's writer's
        n-gram file is damaged, and ValueError for a bad config."""
        self._model = model
        self._table = TokenTable.from_tokenizer(model.tokenizer, model.card.vocab_size)
        self._cache = StateCache(model, chunk=chunk_tokens, capacity=cache_capacity,
                                 initial=start_state(model))
        self._lock = threading.Lock()
        self._config = self._resolve(validate_config(config or DecodingConfig()))
        self._given: tuple[DecodingConfig, DecodingConfig] | None = None
        tok = model.tokenizer

        self._encode = TailEncoder(tok)  # memoised; a window typed on costs its new tail
        # The document's own n-grams (config.document_cache): an editor's documents, fed
        # by update_document() and used by suggest_in(); for suggest() the text each call
        # is given (doc_cache.sync_prefix).
        self._new_doc = lambda: new_document_cache(tok)
        self._doc = self._new_doc()
        self._docs: LRUDict[int, DocCache] = LRUDict(DOCUMENTS_KEPT)
        # The continuous cache of the text typed (neural_cache.py): per editor document,
        # and one for suggest()
        self._new_neural = lambda: new_continuous_cache(model.card.hidden_size)
        self._neural = self._new_neural()
        self._followed = ""  # the text of the last suggest() (whose keys self._neural holds)
        self._neurals: LRUDict[int, ContinuousCache | None] = LRUDict(DOCUMENTS_KEPT)
        self._mixer = Mixer()  # the caches' mixture with the model (mixture.py)
        self._writer = load_writer_cache(model.folder, model.card)  # None: the folder has none
        self._current: int | None = None  # the document of the suggest_in() under way
        self._builder = builder
        self._building: dict[int, _Build] = {}  # documents whose cache is being built
        self._in_document = threading.Lock()
        # The last few results by model input: a repeated request costs no decoding.
        self._results: LRUDict[tuple[object, ...], Suggestion | None] = LRUDict(RESULTS_KEPT)
        # pass_over: (word start, the 64 characters before it) -> the first word shown there
        self._shown: LRUDict[tuple[int, str], frozenset[tuple[str, int]]] = LRUDict(WORD_STARTS_KEPT)
        self._follow = FollowMarks(self._table)  # the space or mark after a suggestion

    @classmethod
    def load(
        cls, model_dir: str | Path, config: DecodingConfig | None = None,
        options: RuntimeOptions | None = None,
    ) -> Suggester:
        """Load a model folder (model.onnx, tokenizer.json, model.json).

        Raises ModelLoadError (message names the file and what to do) when the folder
        or a file is missing, the card disagrees with the files (format version, vocab
        size, layer/hidden sizes, checksum) or the ONNX file is corrupt; ValueError for a
        bad config.
        """
        model = OnnxLanguageModel.load(model_dir, options or RuntimeOptions())
        return cls(model, config)

    @property
    def card(self) -> ModelCard:
        """The model card (name, language, sizes, special ids, ...)."""
        return self._model.card

    @property
    def name(self) -> str:
        """The model's name from its card."""
        return self._model.card.name

    @property
    def folder(self) -> Path:
        """The model folder this engine was loaded from."""
        return self._model.folder

    @property
    def config(self) -> DecodingConfig:
        """The decoding settings in use; assign a new DecodingConfig to change them live
        (a beam_width of 0 is read as the card's recommended_beam_width)."""
        return self._config

    @config.setter
    def config(self, config: DecodingConfig) -> None:
        validated = self._resolve(validate_config(config))
        with self._lock:
            self._config = validated

    def _resolve(self, config: DecodingConfig) -> DecodingConfig:
        """``config`` with its automatic values replaced by the card's advice."""
        return resolve_config(config, self._model.card.decoding)

    def set_config(self, config: DecodingConfig) -> None:
        """Same as ``suggester.config = config``. Raises ValueError for a bad value."""
        self.config = config

    @property
    def cache_stats(self) -> CacheStats:
        """Counters of the state cache (lookups, hits, forward calls, tokens run)."""
        return self._cache.stats

    def clear_cache(self) -> None:
        """Drop every cached LSTM state and result (the next call is a cold start), the
        continuous caches' keys (states) and forget the words shown at word starts
        (pass_over)."""
        with self._lock:
            self._cache.clear()
            self._results.clear()
            self._shown.clear()
            self._neural, self._followed = self._new_neural(), ""
            self._neurals.clear()

    @property
    def writer_cache(self) -> WriterCache | None:
        """The writer's n-gram cache of the model folder (writer_ngrams.py; mixed into every
        suggestion, with or without config.document_cache), None when it has none. Assign
        None to go without it, or another WriterCache (the bench's weights)."""
        return self._writer

    @writer_cache.setter
    def writer_cache(self, cache: WriterCache | None) -> None:
        with self._lock:
            self._writer = cache
            self._results.clear()

    def document_cache(self, document: int | None = None) -> DocCache | None:
        """The cache of an editor's ``document`` (None if it has none), or for None the
        one that follows the text given to suggest() (inference/doc_cache.py)."""
        with self._lock:
            return self._doc if document is None else self._docs.get(document)

    def update_document(self, document: int, edits: Sequence[DocumentEdit]) -> None:
        """Apply an editor's edits to its ``document`` (any id the editor chooses), in
        order; the first, when a file opens, is DocumentEdit.whole(text). The last
        DOCUMENTS_KEPT documents are kept.

        A whole document of more than BACKGROUND_CHARS characters (a file opened) is not
        counted here: its cache is built on the builder thread, edits that come meanwhile
        are applied there after it, and it replaces the document's cache when done; until
        then suggestions for the document use the cache it had (or, for a new document,
        follow the text before the cursor as suggest() does), so neither this call nor a
        suggestion waits for the build. Smaller edits are applied at once. Raises
        IndexError for an edit that does not fit the document (a DocumentEdit.whole
        repairs it); one applied on the builder thread is logged and ends that build."""
        whole = max((i for i, e in enumerate(edits) if e.start == 0 and e.end is None), default=-1)
        with self._lock:
            build = self._building.get(document)
            if build is None and (whole < 0 or sum(map(len, edits[whole].lines)) <= BACKGROUND_CHARS):
                doc = self._docs.get(document)
                if doc is None:
                    doc = self._new_doc()
                    self._docs.put(document, doc)
                for edit in edits:
                    doc.apply(edit)
                return
            if build is None:
                build = self._building[document] = _Build()
                start = True
            else:
                start = False
            if whole >= 0:  # it replaces everything: what was still to come is moot
                build.pending, build.restart = list(edits[whole:]), True
            else:
                build.pending.extend(edits)
        if start:
            if self._builder is None:
                self._builder = ThreadPoolExecutor(1, thread_name_prefix="document-cache")
            self._builder.submit(self._build, document, build)

    def _build(self, document: int, build: _Build) -> None:
        """The builder thread: count ``build``'s edits into a new cache, outside the lock,
        until none are left; then it becomes ``document``'s cache (unless forgotten)."""
        doc = self._new_doc()
        while True:
            with self._lock:
                if self._building.get(document) is not build:
                    return  # forgotten meanwhile
                edits, build.pending = build.pending, []
                if build.restart:
                    doc, build.restart = self._new_doc(), False
                if not edits:
                    del self._building[document]
                    self._docs.put(document, doc)
                    return
            try:
                for edit in edits:
                    doc.apply(edit)
            except IndexError as exc:
                log.warning("document %s: %s; its cache is not built", document, exc)
                with self._lock:
                    if self._building.get(document) is build:
                        del self._building[document]
                return

    def forget_document(self, document: int) -> None:
        """Drop ``document``'s cache (its editor closed), and a build of it under way."""
        with self._lock:
            self._docs.pop(document)
            self._neurals.pop(document)
            self._building.pop(document, None)

    def suggest_in(
        self, document: int, text: str, config: DecodingConfig | None = None, after: str = "",
    ) -> Suggestion | None:
        """suggest() for the cursor of an editor's ``document``: the cache is that
        document's (everything in it, before and after the cursor), not ``text``'s;
        until its first update_document the cache follows ``text`` as for suggest()."""
        with self._in_document:
            self._current = document
            try:
                return self.suggest(text, config, after)
            finally:
                self._current = None

    def suggest(
        self, text: str, config: DecodingConfig | None = None, after: str = "",
    ) -> Suggestion | None:
        """The continuation of ``text`` (everything before the cursor), or None.

        ``after``: the text after the cursor on its line ("" at the end of a line): what it
        already holds is not suggested again (writer_app.text.fit, as every rule on what
        can be right around the cursor).

        ``config``: the decoding settings for this call only (None: ``self.config``);
        raises ValueError for a bad one. None when the best candidate's score is below
        config.threshold or nothing could be proposed. Suggestion.text is what to insert
        at the cursor (it may finish the word being typed and never repeats the typed
        characters); Suggestion.score is the model's probability (0..1) that its first
        word is right. With config.follow_prob, a text ending on a word may end with the
        space or punctuation mark that follows it. With config.pass_over, each call
        remembers, for the word being typed (keyed by where it starts and the 64
        characters before), the word its suggestion would make of it; a later call for
        the same word with more of it typed passes over candidates that would complete it
        to a word remembered there (the writer saw it and typed on), for the next
        candidate; the same request again gets the same answer. Asking at a word start
        again forgets them; so does clear_cache().
        """
        config = self._config_for(config)
        start = word_start(text)
        where = (start, text[max(0, start - 64):start])
        typed = text[start:]
        shown: frozenset[tuple[str, int]] = frozenset()  # (word, len(text) when shown)
        if config.pass_over:
            with self._lock:
                shown = self._shown.get(where) or frozenset() if typed else frozenset()
        # typed past: shown when less of the text was there (asking again gives the same)
        banned = frozenset(w for w, at in shown if at < len(text) and w.startswith(typed) and w != typed)
        proposal = self._decode(text, config.threshold, config, banned, after)
        if proposal is None or proposal.score < config.threshold:
            return None
        if config.pass_over:  # remember the word shown for the word begun at `start`
            word = WORD.match(typed + (proposal.text if typed else proposal.text.lstrip()))
            if word is not None:
                with self._lock:
                    self._shown.put(where, shown | {(word.group(0), len(text))})
        return proposal

    def propose(
        self, text: str, config: DecodingConfig | None = None, after: str = "",
    ) -> Suggestion | None:
        """Like suggest() but ignoring the threshold (None only if nothing was found).

        suggest(text) == propose(text) when its score reaches the threshold, else None;
        suggest() is faster because it stops as soon as nothing can reach the threshold.
        """
        return self._decode(text, 0.0, self._config_for(config), after=after)

    def _config_for(self, config: DecodingConfig | None) -> DecodingConfig:
        """``config`` checked and resolved (the last one is remembered: a request carries
        the same config keystroke after keystroke), or the config in use for None."""
        if config is None:
            with self._lock:
                return self._config
        given = self._given
        if given is not None and given[0] == config:
            return given[1]
        resolved = self._resolve(validate_config(config))
        self._given = (config, resolved)
        return resolved

    def _decode(
        self, text: str, min_score: float, config: DecodingConfig,
        banned: frozenset[str] = frozenset(), after: str = "",
    ) -> Suggestion | None:
        """The proposal for ``text`` (None: nothing reaches min_score); ``banned``: words
        the word being typed must not be completed to (pass_over; empty = none); ``after``:
        the text after the cursor (showable)."""
        with self._lock:
            card = self._model.card
            inp = build_model_input(text, self._model.tokenizer, card.bos_id,
                                    config.context_tokens, self._encode)
            adjust, doc_version = (self._document_mixture(text, after, inp) if config.document_cache
                                   else (self._mixture(None, None, inp), None))
            key = (inp.prefix_ids, inp.heal, config, min_score, doc_version, tuple(sorted(banned)))
            if key in self._results:  # the same request again (e.g. typed, erased, retyped)
                return showable(self._results.get(key), text, after)
            start = self._cache.lookup(inp.prefix_ids)
            typed = text[word_start(text):]
            n = config.no_repeat_ngram
            rules = Rules(
                eos_id=card.eos_id, bos_id=card.bos_id, max_tokens=config.max_tokens,
                stop_at_phrase=config.stop_at_phrase or config.extent == "phrase", no_repeat_ngram=n,
                history=inp.prefix_ids[1:][-(n - 1):] if n > 1 else (),
                stop_logp=math.log(config.stop_prob) if config.stop_prob > 0 else -math.inf,
                # a hair below log(min_score): exp/log round-trips must not exit early
                min_first_logp=math.log(min_score) - 1e-9 if min_score > 0 else -math.inf,
                banned_words=banned, typed=typed if banned else "",
            )
            if config.sample:
                hyps = sample_continuations(
                    start, inp.heal, self._step, self._table, rules, config.beam_width,
                    config.length_alpha, config.temperature, config.top_k, config.top_p,
                    self._rng(config, inp), adjust,
                )
            else:
                hyps = beam_search(start, inp.heal, self._step, self._table, rules,
                                   config.beam_width, config.length_alpha, adjust)
            before = text[-BEFORE_CHARS:]
            result = to_suggestion(hyps, config.beam_width, banned, typed,
                                    lambda t: cut_to_extent(t, config.extent, before))
            if result is not None and config.follow_prob > 0 and result.score >= min_score:
                result = self._follow.add(result, inp.heal, self._model.forward, self._encode,
                                          (start.h, start.c), config.follow_prob)
            result = showable(result)
            self._results.put(key, result)
        return showable(result, text, after)  # a copy, fitted to this cursor's surroundings

    def _document_mixture(
        self, text: str, after: str, inp: ModelInput,
    ) -> tuple[AdjustFn | None, tuple[int, ...]]:
        """The document cache's mixture for ``inp`` (the model input of ``text``, with
        ``after`` the rest of the cursor's line) and the version of what it holds. The
        n-gram cache is the editor's document (suggest_in) or follows ``text``; either way
        what is being typed, the healed span, is left out. Call with the lock held."""
        doc = self._docs.get(self._current) if self._current is not None else None
        healed = inp.heal.decode("utf-8", "replace")
        typed_from = len(text) - len(healed)
        if doc is None:
            doc = self._doc
            doc.sync_prefix(text, typed_from)
            if not self._same_text(text):  # another text: its keys go too
                self._neural = self._new_neural()
            self._followed = text
        else:  # the editor's whole document, but for the word being typed
            doc.exclude_cursor_word(text, typed_from, after)
        neural = self._neural_for(inp.prefix_ids)
        adjust = self._mixture(doc, neural, inp)
        version = (id(doc), doc.version)
        if neural is not None:
            version = (*version, id(neural), neural.version)
        return adjust, version

    def _mixture(self, doc: DocCache | None, neural: ContinuousCache | None, inp: ModelInput) -> AdjustFn | None:
        """The caches' mixture (mixture.mix) for hypotheses continuing ``inp``'s prefix, in
        order: the writer's n-grams, ``neural``'s keys (None: none) at the first NEURAL_STEPS
        (the start's logits and the next NEURAL_STEPS - 1 steps'), ``doc``'s n-grams (None:
        none); n-grams at the decoding steps that regenerate the healed span (its length in
        tokens, as the tokenizer splits it alone) and NGRAM_STEPS more (the writer's: its
        ``steps`` more); later steps are the model's alone. None when there is no cache."""
        grams = [c for c in (self._writer, doc) if c is not None]
        if not grams and neural is None:
            return None
        healed = inp.heal.decode("utf-8", "replace")
        heal_tokens = len(self._encode(healed)) if healed else 0
        until = [heal_tokens + (c.steps if isinstance(c, WriterCache) else NGRAM_STEPS) for c in grams]
        tail, step = inp.prefix_ids[1:][-(max((c.order for c in grams), default=2) - 1):], [0]

        def adjust(logits: np.ndarray, live: list[Hypothesis], h: np.ndarray) -> np.ndarray:
            parts = [c.part([tail + x.ids for x in live]) if step[0] < end else None
                     for c, end in zip(grams, until, strict=True)]
            if neural is not None and step[0] < NEURAL_STEPS:
                parts.insert(len(parts) - (doc is not None), neural.part(h))
            step[0] += 1
            return self._mixer.log_probs(logits, parts)

        return adjust

    def _same_text(self, text: str) -> bool:
        """Whether ``text`` continues the text of the last suggest() (typed on, or erased
        back by less than half, with the same start: all but the last 64 characters of
        the shorter one, or its first half, agree)."""
        old = self._followed
        k = min(len(text), len(old))
        k = max(k - 64, k // 2)
        return 2 * len(text) >= len(old) and text[:k] == old[:k]

    def _neural_for(self, prefix: tuple[int, ...]) -> ContinuousCache | None:
        """The continuous cache of the text being typed, fed with ``prefix``'s new
        positions (their states come from the state cache). Call with the lock held."""
        if self._current is None or self._docs.get(self._current) is None:
            neural = self._neural  # as the n-gram cache: follows the text given
        else:
            neural = self._neurals.get(self._current)
            if neural is None:
                neural = self._new_neural()
                self._neurals.put(self._current, neural)
        if neural is not None:
            neural.observe(prefix, lambda p: self._cache.lookup(p).h[-1, 0])
        return neural

    def _step(
        self, ids: np.ndarray, h: np.ndarray, c: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        logits, hn, cn = self._model.forward(ids[:, None], h, c)
        return logits[:, 0], hn, cn

    @staticmethod
    def _rng(config: DecodingConfig, inp: ModelInput) -> np.random.Generator:
        digest = zlib.crc32(np.asarray(inp.prefix_ids, dtype=np.int64).tobytes() + inp.heal)
        return np.random.default_rng([config.seed & 0xFFFFFFFF, digest])
