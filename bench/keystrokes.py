"""Keystroke savings, ExactMatch, trigger rate and latency of the suggestion engine.

    python -m bench.keystrokes --model runs/en-default-interim --json bench/results.json

A simulated user types held-out texts character by character (bench/simulate.py has
the acceptance policy). Reported: KSR, ExactMatch@1/2/3 words, trigger rate, a threshold
sweep, per-keystroke latency of ``suggest`` with the state cache and cold (cache
cleared before every call) side by side, the card's fp32 variant (or --compare-model)
against the main model, and latency at 1 KB vs 1 MB of text before the cursor.
Everything is also written as JSON (--json). Defaults finish in a few minutes on 2 cores.

Baselines (--baseline presage): the same texts typed by the same simulated user against
Presage, the word predictor of Linux on-screen keyboards (bench/presage.py; its shipped
database or --presage-db, e.g. one built from the training text by bench/presage_db.py;
--presage-learn on|off), reported under "baselines" beside Inkling's figures.

Chinese (--lang zh, the default for a model whose card says "zh"): three held-out texts no
recipe trains on (children's stories, the d2l-zh textbook, Lu Xun's 朝花夕拾: bench/zh_heldout.py
writes them), one segment from each of several places in each (--offset); Ctrl+Right accepts
one segmented word and ExactMatch counts segmented words (writer_app.text.words). Beside the
usual one-key-a-character tables, keystroke savings in input-method keys (bench/ime_cost.py:
pinyin letters plus a commit key per word), per source, with Ctrl+Right and with whole
suggestions only (bench/ime_report.py), for Inkling and every baseline; --baseline char5gram
adds the issue's character 5-gram with stupid backoff (bench/char_ngram.py).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import onnxruntime

from bench import document_cache, ime_report, log
from bench.card_figures import keystroke_figures, write_card_figures
from bench.char_ngram import CharNgramPredictor, train_from_corpora
from bench.latency import cold_replay, document_length_latency, percentiles, timed
from bench.presage import PresagePredictor
from bench.simulate import Predictor, TypingResult, simulate_typing, summarize
from bench.texts import DEFAULT_OFFSETS, LANG_FILES, Segment, load_prepared, load_segment
from bench.variants import variant_folder
from training.arg_types import add_options, option_values
from writer_app.inference import DecodingConfig, RuntimeOptions, Suggester, Suggestion
from writer_app.inference.types import request_config
from writer_app.text.language import model_language

DEFAULT_MODEL = Path(__file__).resolve().parent.parent / "assets" / "en-default"
SWEEP = (0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.8)


class Oracle:
    """Memoised results of ``fn`` per (segment, position); times the calls it makes, each
    after a pause of ``pause_s`` seconds (a typist's time between keys; 0: back to back)."""

    def __init__(self, fn: Callable[[str], Suggestion | None], pause_s: float = 0.0) -> None:
        self.fn = fn
        self.pause_s = pause_s
        self.memo: dict[tuple[int, int], Suggestion | None] = {}
        self.calls: list[tuple[str, float, Suggestion | None]] = []  # (text, ms, result)

    def for_segment(self, index: int, text: str) -> Callable[[int], Suggestion | None]:
        def call(pos: int) -> Suggestion | None:
            key = (index, pos)
            if key not in self.memo:
                if self.pause_s > 0:
                    time.sleep(self.pause_s)
                sug, ms = timed(self.fn, text[:pos])
                self.memo[key] = sug
                self.calls.append((text[:pos], ms, sug))
            return self.memo[key]

        return call


def type_segments(
    suggest: Callable[[str], Suggestion | None], segments: list[Segment], log: Any,
    pause_s: float = 0.0,
) -> tuple[list[TypingResult], Oracle]:
    """The simulated user types every segment against ``suggest`` (text before the
    cursor -> what is shown, or None): Inkling's ``Suggester.suggest`` or a baseline's
    (bench/presage.py), with the same accounting (bench/simulate.py). Returns one result
    per segment and the oracle holding every timed call (each made after ``pause_s``
    seconds idle, Oracle)."""
    oracle = Oracle(suggest, pause_s)
    results: list[TypingResult] = []
    for i, seg in enumerate(segments):
        # suggest() already decided what is shown: threshold 0 here
        results.append(simulate_typing(seg.text, oracle.for_segment(i, seg.text), 0.0))
        log(f"  {seg.name}: KSR {results[-1].ksr:.3f} ({len(results[-1].queries)} queries)")
    return results, oracle


def as_the_editor_asks(s: Suggester, config: DecodingConfig, lang: str) -> Callable[[str], Suggestion | None]:
    """``s.suggest`` with ``config`` as the editor asks it in a document in ``lang``
    (types.request_config: only the rest of a Latin word typed inside Chinese text, at the
    card's rest threshold when ``config``'s threshold is automatic); None where the editor
    asks the other language's model (text.language.model_language: Han characters typed in
    English text go to the Chinese model, which this bench does not hold)."""
    def ask(text: str) -> Suggestion | None:
        if model_language(text, lang) != lang:
            return None
        return s.suggest(text, request_config(config, text, lang))

    return ask


def run_model(
    s: Suggester, segments: list[Segment], sweep: tuple[float, ...], cold_every: int, log: Any,
    ime: bool = False, ask_at: str = "commit", pause_s: float = 0.0, lang: str = "en",
    config: DecodingConfig | None = None,
) -> dict[str, Any]:
    """Simulate typing every segment with ``s.suggest`` as the editor asks it in a document
    in ``lang`` (as_the_editor_asks; timed, the cache warm as in the editor); replay every
    cold_every-th call cold; then a threshold sweep on the same texts: each row types them
    again at that threshold, for every request (a fresh simulation, since what was shown
    at a word start changes what comes after it, see DecodingConfig.pass_over).
    ``pause_s``: idle time before each timed call of the main typing (a writer's pace; the
    sweep and the cold replay run back to back). ``config``: the settings as given to the
    Suggester, automatic values unresolved (None: ``s.config``)."""
    threshold = s.config.threshold
    given = config if config is not None else s.config
    suggest = as_the_editor_asks(s, given, lang)
    s.clear_cache()
    before = asdict(s.cache_stats)
    t0 = time.perf_counter()
    main, oracle = type_segments(suggest, segments, log, pause_s)
    ime_figs = ime_report.ime_figures(oracle.for_segment, segments, oracle.calls, ask_at) if ime else None
    after = asdict(s.cache_stats)
    warm_ms = [ms for _, ms, _ in oracle.calls]
    tokens_per_call = (after["tokens"] - before["tokens"]) / max(len(oracle.calls), 1)
    sim_s = time.perf_counter() - t0
    sample = oracle.calls[::cold_every]
    cold_before = asdict(s.cache_stats)
    cold_ms, mismatches = cold_replay(s, [t for t, _, _ in sample], [r for _, _, r in sample], suggest)
    cold_after = asdict(s.cache_stats)
    cold_tokens = (cold_after["tokens"] - cold_before["tokens"]) / max(len(sample), 1)
    rows = []
    if sweep:
        log("  threshold sweep")
        for t in sweep:
            log(f"  threshold {t:g}")
            s.clear_cache()  # forget what the last row showed at word starts
            res, _ = type_segments(as_the_editor_asks(s, replace(given, threshold=t), lang), segments, log)
            rows.append({"threshold": t, **summarize(res)})
    warm, cold = percentiles(warm_ms), percentiles(cold_ms)
    summary = summarize(main)
    return {
        "model": s.name, "precision": s.card.precision, "folder": str(s.folder),
        "threshold": threshold, "summary": summary,
        "per_file": {seg.name: {"chars": r.chars, "ksr": r.ksr,
                                "exact_match@1": summarize([r])["exact_match@1"],
                                "trigger_rate": summarize([r])["trigger_rate"]}
                     for seg, r in zip(segments, main, strict=True)},
        "latency_ms": {
            "with_cache": warm, "cold": cold,
            "cold_over_cached": {k: cold[k] / warm[k] for k in ("p50", "p95", "p99", "max")
                                 if k in cold and k in warm and warm[k] > 0},
            "prefill_tokens_per_call": {"with_cache": tokens_per_call, "cold": cold_tokens},
            "cold_results_differing_from_cached": mismatches,
        },
        "threshold_sweep": rows,
        "sweep_matches_main_at_threshold": [
            r["ksr"] == summary["ksr"] for r in rows if r["threshold"] == threshold
        ],
        "simulation_seconds": sim_s,
        **({"ime": ime_figs} if ime_figs is not None else {}),
    }


def run_baseline(
    predictor: Predictor, segments: list[Segment], log: Any, ime: bool = False, ask_at: str = "commit",
    pause_s: float = 0.0,
) -> dict[str, Any]:
    """Type every segment against another predictor, simulated and timed as
    ``run_model`` does (``pause_s`` before each call).

    Returns ksr, exact_match_1, trigger_rate, p50_ms, p95_ms (ms per call of suggest),
    the full summary, per-file KSR and the latency percentiles.
    """
    t0 = time.perf_counter()
    results, oracle = type_segments(predictor.suggest, segments, log, pause_s)
    ime_figs = ime_report.ime_figures(oracle.for_segment, segments, oracle.calls, ask_at) if ime else None
    summary = summarize(results)
    lat = percentiles([ms for _, ms, _ in oracle.calls])
    return {
        "name": predictor.name, "ksr": summary["ksr"], "exact_match_1": summary["exact_match@1"],
        "trigger_rate": summary["trigger_rate"], "p50_ms": lat.get("p50"), "p95_ms": lat.get("p95"),
        "summary": summary,
        "per_file": {seg.name: {"chars": r.chars, "ksr": r.ksr}
                     for seg, r in zip(segments, results, strict=True)},
        "latency_ms": lat, "simulation_seconds": time.perf_counter() - t0,
        **({"ime": ime_figs} if ime_figs is not None else {}),
    }


def run_presage(segments: list[Segment], db: Path | None, learn: bool, log: Any,
                pause_s: float = 0.0) -> dict[str, Any]:
    """Presage (bench/presage.py) on ``segments``: a fresh instance, database ``db``
    (None: the shipped one), learning on or off, ``pause_s`` idle before each call.
    Raises PresageError."""
    with PresagePredictor(db, learn=learn) as p:
        log(f"baseline {p.name}: typing {sum(len(s.text) for s in segments)} characters")
        return {**run_baseline(p, segments, log, pause_s=pause_s), "db": str(p.db), "learn": learn}


def machine() -> dict[str, Any]:
    """Where the figures were measured."""
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu or platform.processor(), "cores": os.cpu_count(),
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "python": platform.python_version(), "onnxruntime": onnxruntime.__version__,
        "platform": platform.platform(),
    }


def _fmt(x: float | None, digits: int = 2) -> str:
    return "–" if x is None else f"{x:.{digits}f}"


def markdown(report: dict[str, Any]) -> str:
    """The report as markdown tables."""
    out = []
    m = report["main"]
    s, lat = m["summary"], m["latency_ms"]
    w, c = lat["with_cache"], lat["cold"]
    out.append(f"### {m['model']} ({m['precision']}), threshold {report['config']['threshold']}"
               f", language {report.get('lang', 'en')}")
    out.append("")
    out.append("| text | chars | KSR |")
    out.append("|---|---:|---:|")
    for name, f in m["per_file"].items():
        out.append(f"| {name} | {f['chars']} | {f['ksr']:.1%} |")
    out.append(f"| **all** | {s['chars']} | **{s['ksr']:.1%}** |")
    out.append("")
    out.append("| KSR | trigger rate | ExactMatch@1 | @2 | @3 | Tab accepts | word accepts |")
    out.append("|---:|---:|---:|---:|---:|---:|---:|")
    out.append(
        f"| {s['ksr']:.1%} | {s['trigger_rate']:.1%} | {s['exact_match@1']:.1%} "
        f"(n={s['exact_match@1_n']}) | {s['exact_match@2']:.1%} | {s['exact_match@3']:.1%} "
        f"| {s['accepted_tab']} | {s['accepted_words']} |"
    )
    out.append("")
    out.append(f"Accepted suggestions insert {s['mean_accepted_chars']:.1f} characters on "
               f"average; {s['saved_mid_word_share']:.0%} of the saved keystrokes come from "
               "completing the word being typed, the rest from predicting the next words.")
    out.append("")
    if report.get("pause_ms"):
        out.append(f"Each timed call came after {report['pause_ms']:g} ms idle (--pause-ms).")
        out.append("")
    out.append("| latency of suggest (ms) | n | p50 | p95 | p99 | max | prefill tokens/call |")
    out.append("|---|---:|---:|---:|---:|---:|---:|")
    tok = lat["prefill_tokens_per_call"]
    out.append(f"| with cache | {w['n']} | {_fmt(w.get('p50'))} | {_fmt(w.get('p95'))} | "
               f"{_fmt(w.get('p99'))} | {_fmt(w.get('max'))} | {tok['with_cache']:.1f} |")
    out.append(f"| cold start | {c['n']} | {_fmt(c.get('p50'))} | {_fmt(c.get('p95'))} | "
               f"{_fmt(c.get('p99'))} | {_fmt(c.get('max'))} | {tok['cold']:.1f} |")
    r = lat["cold_over_cached"]
    out.append(f"| cold / cached | | {_fmt(r.get('p50'), 1)}× | {_fmt(r.get('p95'), 1)}× | "
               f"{_fmt(r.get('p99'), 1)}× | {_fmt(r.get('max'), 1)}× | |")
    out.append(f"\nCold results identical to cached ones: "
               f"{c['n'] - lat['cold_results_differing_from_cached']}/{c['n']} (a cold start also "
               "forgets the words shown at word starts and the continuous cache's keys; the LSTM "
               "state cache alone is bit-exact).")
    out.append("")
    out.append("**Threshold sweep** (the same proposals shown at different thresholds)")
    out.append("")
    out.append("| threshold | trigger rate | ExactMatch@1 | @2 | @3 | KSR |")
    out.append("|---:|---:|---:|---:|---:|---:|")
    for row in m["threshold_sweep"]:
        out.append(f"| {row['threshold']:.2f} | {row['trigger_rate']:.1%} | "
                   f"{row['exact_match@1']:.1%} | {row['exact_match@2']:.1%} | "
                   f"{row['exact_match@3']:.1%} | {row['ksr']:.1%} |")
    if report.get("baselines"):
        out.append("")
        out.append("**Baselines** (the same texts, the same simulated user; latency per keystroke)")
        out.append("")
        out.append("| system | KSR | trigger rate | ExactMatch@1 | p50 ms | p95 ms |")
        out.append("|---|---:|---:|---:|---:|---:|")
        out.append(f"| {m['model']} ({m['precision']}) | {s['ksr']:.1%} | {s['trigger_rate']:.1%} | "
                   f"{s['exact_match@1']:.1%} | {_fmt(w.get('p50'))} | {_fmt(w.get('p95'))} |")
        for b in report["baselines"].values():
            out.append(f"| {b['name']} | {b['ksr']:.1%} | {b['trigger_rate']:.1%} | "
                       f"{b['exact_match_1']:.1%} | {_fmt(b['p50_ms'])} | {_fmt(b['p95_ms'])} |")
    if "ime" in m:
        systems = {f"{m['model']} ({m['precision']})": m["ime"]}
        systems.update({b["name"]: b["ime"] for b in report.get("baselines", {}).values() if "ime" in b})
        out.extend(ime_report.markdown(systems))
    if "compare" in report:
        cmp = report["compare"]
        out.append("")
        out.append(f"**{cmp['label']}** (first {cmp['max_chars']} characters of each text)")
        out.append("")
        out.append("| model | precision | KSR | trigger | EM@1 | cached p50 | p95 "
                   "| cold p50 | p95 |")
        out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|")
        for key in ("main", "other"):
            x = cmp[key]
            xs, xw, xc = x["summary"], x["latency_ms"]["with_cache"], x["latency_ms"]["cold"]
            out.append(
                f"| {x['model']} | {x['precision']} | {xs['ksr']:.1%} | {xs['trigger_rate']:.1%} "
                f"| {xs['exact_match@1']:.1%} | {_fmt(xw.get('p50'))} | {_fmt(xw.get('p95'))} "
                f"| {_fmt(xc.get('p50'))} | {_fmt(xc.get('p95'))} |"
            )
    if "document_cache" in report:
        out.extend(document_cache.markdown(report["document_cache"]))
    if "document_length" in report:
        out.append("")
        out.append("**Latency by document length** (typing at the end of the document)")
        out.append("")
        out.append("| chars before cursor | cached p50 | p95 | max | cold p50 | p95 |")
        out.append("|---:|---:|---:|---:|---:|---:|")
        for size, d in report["document_length"].items():
            dw, dc = d["warm"], d["cold"]
            out.append(f"| {int(size):,} | {_fmt(dw.get('p50'))} | {_fmt(dw.get('p95'))} | "
                       f"{_fmt(dw.get('max'))} | {_fmt(dc.get('p50'))} | {_fmt(dc.get('p95'))} |")
    mach = report["machine"]
    out.append("")
    out.append(f"Machine: {mach['cpu']}, {mach['cores']} cores, onnxruntime "
               f"{mach['onnxruntime']}, load average (1 min) {mach['load_average_start'][0]:.1f} "
               f"at start and {mach['load_average_end'][0]:.1f} at end, "
               f"{report['config_runtime']}; total {report['seconds']:.0f} s.")
    return "\n".join(out)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.keystrokes", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", type=Path, default=DEFAULT_MODEL, help="model folder")
    p.add_argument("--compare-model", type=Path, help="a second model folder to compare")
    p.add_argument("--compare-variant", default="fp32",
                   help="compare with this variant from the card (default fp32; 'none' = off)")
    p.add_argument("--compare-max-chars", type=int, default=1000,
                   help="characters per text for the comparison (default 1000)")
    p.add_argument("--lang", choices=sorted(LANG_FILES),
                   help="language of the default texts (default: the model card's language)")
    p.add_argument("--files", nargs="+",
                   help="texts to type (paths, or relative to ../shared/corpora; default: the "
                   "held-out test files of the language's default recipe)")
    p.add_argument("--max-chars", type=int, default=10_000, help="characters per text")
    p.add_argument("--offset", type=float, nargs="+",
                   help="where in each text to start (0-1); several give one segment each "
                   "(default: 0.25 for English, 0.125 0.375 0.625 0.875 for Chinese)")
    # Every DecodingConfig option (--beam-width, --threshold, --no-pass-over, ...), with the
    # field's default, help and range: declared once, in writer_app/inference/types.py.
    add_options(p, DecodingConfig, skip=["document_cache"])
    p.add_argument("--sweep", type=float, nargs="*", default=list(SWEEP))
    p.add_argument("--threads", type=int, default=RuntimeOptions().intra_op_threads)
    p.add_argument("--pause-ms", type=float, default=0.0,
                   help="idle milliseconds before each timed call, as a writer pauses between keys "
                   "(e.g. 100; the host's idle CPU and caches then cost what they cost a writer; "
                   "default 0: back to back)")
    p.add_argument("--cold-every", type=int, default=5,
                   help="replay every n-th call cold (default 5)")
    p.add_argument("--doc-sizes", type=int, nargs="*", default=[1_000, 1_000_000],
                   help="document lengths for the latency-by-length check ([] = skip)")
    p.add_argument("--doc-typed", type=int, default=200,
                   help="characters typed at each document length")
    p.add_argument("--baseline", choices=["presage", "char5gram"], action="append", default=[],
                   help="also type the texts against this predictor (presage: bench/presage.py; "
                   "char5gram: a character 5-gram with stupid backoff, bench/char_ngram.py)")
    p.add_argument("--char5gram-threshold", type=float, default=0.2,
                   help="char5gram offers the next character at this score or more (default 0.2)")
    p.add_argument("--presage-db", type=Path,
                   help="Presage n-gram database (default: the shipped one; python -m bench.presage_db "
                   "builds one from the training text)")
    p.add_argument("--presage-learn", choices=["on", "off"], default="on",
                   help="Presage learns from the typed text (its user n-gram and recency predictors)")
    p.add_argument("--document-cache", choices=["on", "off", "both"], default="on",
                   help="the document cache (issue 14) in the main run; both: the main run with "
                   "it on, plus each text typed with it off and on (bench/document_cache.py)")
    p.add_argument("--ask-at", choices=ime_report.ASK_AT, default="commit",
                   help="Chinese: where the headline input-method run asks the engine (commit: where "
                   "an input method hands the editor a word; every: after every character); the "
                   "other is reported beside it (bench/ime_report.py)")
    p.add_argument("--json", type=Path, help="write the full report here")
    p.add_argument("--write-card", action="store_true",
                   help="write the main model's headline figures (KSR, ExactMatch@1, trigger rate, "
                   "p50/p95, texts, command, machine, date) into its model.json, section "
                   "'keystrokes' (bench/card_figures.py)")
    return p.parse_args(argv)


def decoding_config(args: argparse.Namespace) -> DecodingConfig:
    """The DecodingConfig the parsed options ask for (its fields' own options, and
    --document-cache: on for "on" and "both")."""
    values = option_values(args, DecodingConfig)
    return DecodingConfig(**{**values, "document_cache": args.document_cache != "off"})


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    t0 = time.perf_counter()

    config = decoding_config(args)
    options = RuntimeOptions(intra_op_threads=args.threads)
    main_s = Suggester.load(args.model, config=config, options=options)
    lang = args.lang or ("zh" if main_s.card.language.startswith("zh") else "en")
    args.files = args.files or LANG_FILES[lang]
    offsets = args.offset or DEFAULT_OFFSETS[lang]
    segments = [load_segment(f, args.max_chars, o) for f in args.files for o in offsets]
    if len(offsets) > 1:
        segments = [Segment(f"{s.name}@{s.start}", s.text, s.start) for s in segments]
    report: dict[str, Any] = {
        "command": "python -m bench.keystrokes " + " ".join(sys.argv[1:] if argv is None else argv),
        "lang": lang, "config": asdict(main_s.config),  # beam width 0 resolved by the card
        "config_runtime": f"{options.intra_op_threads} intra-op threads, "
        f"spinning {'on' if options.allow_spinning else 'off'}",
        "texts": [{"name": s.name, "chars": len(s.text), "start": s.start} for s in segments],
        "machine": {**machine(), "load_average_start": os.getloadavg()},
    }
    log(f"{main_s.name} ({main_s.card.precision}): typing {sum(len(s.text) for s in segments)} "
        "characters")
    ime = lang == "zh"
    pause_s = args.pause_ms / 1000.0
    report["pause_ms"] = args.pause_ms
    report["main"] = run_model(main_s, segments, tuple(args.sweep), args.cold_every, log, ime=ime,
                               ask_at=args.ask_at, pause_s=pause_s, lang=lang, config=config)
    report["baselines"] = {}
    if "char5gram" in args.baseline:
        log("baseline char5gram: counting the training mix (bench/char_ngram.py)")
        model, info = train_from_corpora()
        report["baselines"]["char5gram"] = {
            **run_baseline(CharNgramPredictor(model, args.char5gram_threshold), segments, log, ime=ime,
                           ask_at=args.ask_at, pause_s=pause_s),
            "training": info}
    if "presage" in args.baseline:
        report["baselines"]["presage"] = run_presage(
            segments, args.presage_db, args.presage_learn == "on", log, pause_s)
    other_dir = args.compare_model
    label = "second model"
    if other_dir is None and args.compare_variant != "none":
        try:
            other_dir = variant_folder(args.model, args.compare_variant)
            label = f"{main_s.card.precision} vs {args.compare_variant}"
        except KeyError:
            log(f"no {args.compare_variant} variant in {args.model}/model.json; no comparison")
    if other_dir is not None:
        short = [Segment(s.name, s.text[: args.compare_max_chars], s.start) for s in segments]
        other = Suggester.load(other_dir, config=config, options=options)
        if args.compare_model is not None:
            label = (f"{main_s.name} ({main_s.card.precision}) vs "
                     f"{other.name} ({other.card.precision})")
        log(f"comparison on {sum(len(s.text) for s in short)} characters: {main_s.name} ...")
        a = run_model(main_s, short, (), args.cold_every, log, lang=lang, config=config)
        log(f"... and {other.name}")
        b = run_model(other, short, (), args.cold_every, log, lang=lang, config=config)
        report["compare"] = {"label": label, "max_chars": args.compare_max_chars,
                             "main": a, "other": b}
    if args.document_cache == "both":
        log("document cache off and on")
        report["document_cache"] = document_cache.compare(main_s, segments, log)
    if args.doc_sizes:
        log("latency by document length")
        source = "\n".join(load_prepared(f) for f in args.files[:1])
        report["document_length"] = document_length_latency(
            main_s, source, args.doc_sizes, args.doc_typed, cold_every=10)
    report["machine"]["load_average_end"] = os.getloadavg()
    report["seconds"] = time.perf_counter() - t0
    text = markdown(report)
    print(text)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({**report, "markdown": text}, indent=2), encoding="utf-8")
    if args.write_card:
        log(f"figures written into {write_card_figures(args.model, keystroke_figures(report))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
