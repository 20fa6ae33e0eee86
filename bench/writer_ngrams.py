"""The writer's n-gram cache (writer_app/inference/writer_ngrams.py) off and at several
weights: keystroke savings on a writer's held-out text and on general text, and latency
per keystroke with and without it, interleaved.

    python -m bench.writer_ngrams --model RETRAINED --ngrams-from train.txt \\
        --files val.txt --offset 0 --max-chars 10000 --weights 0.3/0 0.5/0.1
    python -m bench.writer_ngrams --model RETRAINED --files ... --timed 1500 --runs 3

The counts are those of the model folder's own file, or with --ngrams-from those of the
texts given, counted and pruned as a retrain does (``count_ngrams``, ``prune``: the texts
prepared as training prepares them). Each setting types every segment as one document
through ``Suggester.suggest`` with the engine's default settings (the document cache on,
as in the app); ``off`` is the model without the writer's counts. ``W/U/S/K`` is the
cache's weight, unigram weight (DocCache.weight, .unigram_weight), decoding steps
(WriterCache.steps) and kappa (DocCache.kappa); the ones left out are the shipped ones.

Latency (--timed N): the last N keystrokes of each segment typed one at a time (no
suggestion accepted) by two Suggesters of the same folder, one with the writer's counts
and one without, each asked at every keystroke in turn (which one goes first alternates:
bench/cache_latency.py's ``interleaved``, the rest of the segment fed before at word
ends), so load on the machine falls on both alike; --runs times, p50/p95 of each run and
the median p95 ratio (cache_latency.markdown).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from bench.cache_latency import interleaved, markdown
from bench.simulate import simulate_typing, summarize
from bench.texts import Segment, load_prepared, load_segment
from writer_app.inference import RuntimeOptions, Suggester
from writer_app.inference.model_folder import listed_file
from writer_app.inference.writer_ngrams import (
    CARD_KEY,
    KAPPA,
    MIN_COUNT,
    STEPS,
    UNIGRAM_WEIGHT,
    WEIGHT,
    Grams,
    WriterCache,
    count_ngrams,
    prune,
    read_ngrams,
)


def writer_grams(s: Suggester, texts: list[str], min_count: int) -> Grams:
    """The writer's n-grams: of ``texts`` (files, prepared and counted as a retrain counts
    its training text), or else the model folder's own file. Raises SystemExit when
    there are neither."""
    if texts:
        return prune(count_ngrams(s._model.tokenizer, [load_prepared(t) for t in texts]),  # noqa: SLF001
                     min_count)
    section = s.card.writer_ngrams
    if section is None:
        raise SystemExit(f"{s.folder} has no writer's n-grams: give --ngrams-from")
    return read_ngrams(listed_file(s.folder, section, CARD_KEY), s.card.vocab_size)


def keystrokes(s: Suggester, segments: list[Segment], settings: dict[str, WriterCache | None],
               log: Callable[[str], None]) -> dict[str, Any]:
    """KSR and ExactMatch@1 per setting and segment (each segment one document, the
    Suggester's caches cleared first)."""
    out: dict[str, Any] = {}
    for name, cache in settings.items():
        s.writer_cache = cache
        rows = {}
        for seg in segments:
            s.clear_cache()
            t0 = time.perf_counter()
            r = simulate_typing(seg.text, lambda pos, t=seg.text: s.suggest(t[:pos]), 0.0)
            summary = summarize([r])
            rows[seg.name] = {"chars": r.chars, "ksr": r.ksr, "exact_match@1": summary["exact_match@1"],
                              "trigger_rate": summary["trigger_rate"], "seconds": time.perf_counter() - t0}
            log(f"  {name:>9} {seg.name}: KSR {r.ksr:.4f} ExactMatch@1 {summary['exact_match@1']:.3f}")
        out[name] = rows
    return out


def latency(folder: Path, cache: WriterCache, segments: list[Segment], timed: int, runs: int,
            threads: int, log: Callable[[str], None]) -> dict[str, list[dict[str, Any]]]:
    """Per-keystroke latency with (``on``) and without (``off``) ``cache``: two fresh
    Suggesters of ``folder`` per run and segment, timed call by call by
    bench.cache_latency.interleaved (its last ``timed`` keystrokes, after the rest fed at
    word ends). Returns segment name -> one interleaved() report per run."""
    out: dict[str, list[dict[str, Any]]] = {seg.name: [] for seg in segments}
    for run in range(runs):
        for seg in segments:
            sides = {name: Suggester.load(folder, options=RuntimeOptions(intra_op_threads=threads))
                     for name in ("off", "on")}
            sides["off"].writer_cache, sides["on"].writer_cache = None, cache
            r = interleaved(sides, seg, timed)
            out[seg.name].append(r)
            lat = r["latency_ms"]
            log(f"  run {run + 1}, {seg.name}: p50/p95 off {lat['off']['p50']:.2f}/{lat['off']['p95']:.2f}"
                f" on {lat['on']['p50']:.2f}/{lat['on']['p95']:.2f} ms, load {r['load_average'][0]:.1f}")
    return out


def _named(seg: Segment, path: str) -> Segment:
    """``seg`` named by its folder too when its file is a split's (val.txt, test.txt)."""
    p = Path(path)
    return replace(seg, name=f"{p.parent.name}/{p.stem}") if p.stem in ("val", "test") else seg


def _weights(spec: str) -> tuple[float, float, int, float]:
    """W/U/S/K: weight, unigram weight, steps, kappa (those left out: the shipped ones)."""
    w, u, steps, kappa = ([*spec.split("/"), "", "", ""])[:4]
    return float(w), float(u or UNIGRAM_WEIGHT), int(steps or STEPS), float(kappa or KAPPA)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", type=Path, required=True, help="model folder (a retrained one)")
    ap.add_argument("--ngrams-from", nargs="*", default=[], help="the writer's training texts "
                    "(default: the counts in the model folder)")
    ap.add_argument("--min-count", type=int, default=MIN_COUNT, help="with --ngrams-from: prune below")
    ap.add_argument("--files", nargs="+", required=True, help="texts to type")
    ap.add_argument("--max-chars", type=int, default=10_000)
    ap.add_argument("--offset", type=float, default=0.25, help="where in each text to start (0-1)")
    ap.add_argument("--weights", nargs="*", default=[f"{WEIGHT}/{UNIGRAM_WEIGHT}/{STEPS}/{KAPPA}"],
                    help="W/U/S/K settings of the cache to type with (default: the shipped ones)")
    ap.add_argument("--timed", type=int, default=0, help="also time the last N keystrokes of each text")
    ap.add_argument("--runs", type=int, default=3, help="latency runs")
    ap.add_argument("--threads", type=int, default=1, help="onnxruntime intra-op threads for the "
                    "latency (the app's engine uses 1 on a 2-core machine)")
    ap.add_argument("--no-ksr", action="store_true", help="latency only")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)

    def log(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    s = Suggester.load(args.model)
    grams = writer_grams(s, args.ngrams_from, args.min_count)
    log(f"{s.name}: {sum(len(g) > 1 for g in grams):,} n-grams of the writer's, "
        f"{sum(c for g, c in grams.items() if len(g) == 1):,} tokens")
    segments = [_named(load_segment(f, args.max_chars, args.offset), f) for f in args.files]
    settings: dict[str, WriterCache | None] = {"off": None}
    settings.update({spec: WriterCache(grams, *_weights(spec)) for spec in args.weights})
    result: dict[str, Any] = {"model": str(args.model), "ngrams": sum(len(g) > 1 for g in grams),
                              "keystrokes": {} if args.no_ksr else keystrokes(s, segments, settings, log)}
    if args.timed:
        cache = WriterCache(grams, *_weights(args.weights[0]))
        result["latency"] = latency(args.model, cache, segments, args.timed, args.runs, args.threads, log)
    print("| setting | " + " | ".join(seg.name for seg in segments) + " |")
    for name, rows in result["keystrokes"].items():
        print(f"| {name} | " + " | ".join(f"{r['ksr']:.2%} / {r['exact_match@1']:.1%}"
                                          for r in rows.values()) + " |")
    if "latency" in result:
        print(markdown({"latency": result["latency"]}))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
