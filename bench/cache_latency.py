"""The document cache's latency cost (issue 14): ``suggest`` with the cache off and on,
interleaved call by call in one process, and the keystroke savings of each.

    nice -n 10 env OMP_NUM_THREADS=1 .venv/bin/python -m bench.cache_latency \\
        --files en-novels-1880-1930/Doyle_Hound_1902.txt en-modern/openstax/introduction-philosophy.txt

For each text, the 12,000-character segment the keystroke bench types (bench/texts.py,
from a quarter in). Latency: two Suggesters of the same model, one with
``document_cache=False`` and one with ``True``; both are asked at every word end of the
segment's first ``len - timed`` characters (as the editor asks while the writer types
them: the state cache, the n-gram counts and the continuous cache's keys fill up), then
at every keystroke of the last ``timed`` characters (typed one by one, no suggestion
taken), off and on call by call, which side goes first alternating, each call timed.
Reported per text: p50/p95 of each side (ms), the p95 ratio on/off (the issue's figure),
the same ratio of the calls' process CPU time (less hit by what else runs on the machine,
onnxruntime's second thread included), the model's forward calls per keystroke on each
side, the load average. ``--repeat`` does it again with fresh
Suggesters; the ratios' median is the figure to quote (the machine is shared).

KSR (unless --no-ksr): the simulated user types the whole segment against each side
(bench.keystrokes.type_segments, bench/simulate.py), a fresh Suggester per side.

``--feed text`` (the default) gives each call the text typed so far (``suggest``: the
cache follows it); ``--feed editor`` does what the editor does: the document's changed
lines (DocumentEdit) to ``update_document``, then ``suggest_in`` for the cursor at its
end (the cache holds the whole document, the word being typed included, and the engine
leaves that word out).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from bench import log
from bench.keystrokes import DEFAULT_MODEL, type_segments
from bench.latency import percentiles
from bench.simulate import summarize
from bench.texts import Segment, load_segment
from writer_app.inference import DecodingConfig, RuntimeOptions, Suggester, Suggestion
from writer_app.inference.doc_cache import DocumentEdit
from writer_app.text.words import word_ends

TEST_FILES = ["en-novels-1880-1930/Doyle_Hound_1902.txt", "en-modern/openstax/introduction-philosophy.txt"]


class Counted:
    """A Suggester's model with its forward calls counted (the bench looks inside)."""

    def __init__(self, s: Suggester) -> None:
        model = s._model  # noqa: SLF001 - the bench measures the engine's own parts
        self.calls = 0
        forward = model.forward

        def counted(*args: Any) -> Any:
            self.calls += 1
            return forward(*args)

        model.forward = counted  # type: ignore[method-assign]


SIDES = {"off": False, "on": True}  # side -> DecodingConfig.document_cache


def side(model: Path, config: DecodingConfig, threads: int, name: str) -> Suggester:
    """A fresh Suggester with the document cache of side ``name`` (else ``config``)."""
    options = RuntimeOptions(intra_op_threads=threads)
    return Suggester.load(model, replace(config, document_cache=SIDES[name]), options)


def sides(model: Path, config: DecodingConfig, threads: int) -> dict[str, Suggester]:
    """Fresh Suggesters with the document cache off and on."""
    return {name: side(model, config, threads, name) for name in SIDES}


class EditorFeed:
    """Ask as the editor does (suggestion_controller): each call sends the lines that
    changed since the last one to ``update_document``, then asks ``suggest_in`` for the
    cursor at the end of the text."""

    DOCUMENT = 1

    def __init__(self, s: Suggester) -> None:
        self.s, self.lines = s, [""]
        s.update_document(self.DOCUMENT, [DocumentEdit.whole("")])

    def __call__(self, text: str) -> Suggestion | None:
        lines = text.split("\n")
        same = 0
        for a, b in zip(self.lines, lines, strict=False):
            if a != b:
                break
            same += 1
        if same < len(self.lines) or same < len(lines):
            self.s.update_document(self.DOCUMENT, [DocumentEdit(same, len(self.lines), tuple(lines[same:]))])
        self.lines = lines
        return self.s.suggest_in(self.DOCUMENT, text)


def asker(s: Suggester, feed: str) -> Callable[[str], Suggestion | None]:
    """text typed so far -> suggestion, through ``s`` as ``feed`` says ("text", "editor")."""
    return EditorFeed(s) if feed == "editor" else s.suggest


def interleaved(s: dict[str, Suggester], seg: Segment, timed: int, feed: str = "text") -> dict[str, Any]:
    """Feed the segment's first len - ``timed`` characters at word ends to both sides, then
    time every keystroke of the rest on both, alternating which goes first."""
    text = seg.text
    start = max(0, len(text) - timed)
    ask = {name: asker(side, feed) for name, side in s.items()}
    for pos in sorted(p for p in word_ends(text[:start]) if p > 0):
        for side in ask.values():
            side(text[:pos])
    counters = {name: Counted(side) for name, side in s.items()}
    ms: dict[str, list[float]] = {name: [] for name in s}
    cpu: dict[str, list[float]] = {name: [] for name in s}  # process CPU time: less hit by other work
    order = list(s)
    for i, pos in enumerate(range(start, len(text) + 1)):
        for name in order if i % 2 == 0 else order[::-1]:
            c, t = time.process_time(), time.perf_counter()
            ask[name](text[:pos])
            ms[name].append((time.perf_counter() - t) * 1e3)
            cpu[name].append((time.process_time() - c) * 1e3)
    n = len(ms["off"])
    lat = {name: percentiles(v) for name, v in ms.items()}
    cpu_p95 = {name: percentiles(v)["p95"] for name, v in cpu.items()}
    return {"keystrokes": n, "latency_ms": lat, "p95_ratio": lat["on"]["p95"] / lat["off"]["p95"],
            "p50_ratio": lat["on"]["p50"] / lat["off"]["p50"],
            "cpu_p95_ms": cpu_p95, "cpu_p95_ratio": cpu_p95["on"] / cpu_p95["off"],
            "forward_calls_per_keystroke": {k: c.calls / n for k, c in counters.items()},
            "load_average": os.getloadavg()}


def ksr(model: Path, config: DecodingConfig, threads: int, segments: list[Segment],
        log: Callable[[str], None], feed: str = "text") -> dict[str, Any]:
    """Each side types every segment (the simulated user, a fresh Suggester per side and
    segment)."""
    out: dict[str, Any] = {}
    for name in SIDES:
        log(f"KSR, document cache {name}")
        results = [type_segments(asker(side(model, config, threads, name), feed), [seg], log)[0][0]
                   for seg in segments]
        out[name] = {seg.name: {"ksr": r.ksr, "exact_match@1": summarize([r])["exact_match@1"],
                                "trigger_rate": summarize([r])["trigger_rate"]}
                     for seg, r in zip(segments, results, strict=True)}
    return out


def markdown(report: dict[str, Any]) -> str:
    """The report as markdown tables."""
    out = ["| text | run | off p50 / p95 ms | on p50 / p95 ms | p95 ratio | CPU-time p95 ratio "
           "| forward calls off / on | load |",
           "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name, runs in report["latency"].items():
        for i, r in enumerate(runs, 1):
            off, on = r["latency_ms"]["off"], r["latency_ms"]["on"]
            calls = r["forward_calls_per_keystroke"]
            out.append(f"| {name} | {i} | {off['p50']:.2f} / {off['p95']:.2f} | {on['p50']:.2f} / "
                       f"{on['p95']:.2f} | {r['p95_ratio']:.2f}× | {r['cpu_p95_ratio']:.2f}× "
                       f"| {calls['off']:.2f} / {calls['on']:.2f} "
                       f"| {r['load_average'][0]:.1f} |")
        if runs:
            out.append(f"| {name} | median | | | **{statistics.median(r['p95_ratio'] for r in runs):.2f}×** "
                       f"| {statistics.median(r['cpu_p95_ratio'] for r in runs):.2f}× | | |")
    if "ksr" in report:
        out += ["", "| text | KSR off | KSR on | gain | ExactMatch@1 off / on |", "|---|---:|---:|---:|---:|"]
        for name, off in report["ksr"]["off"].items():
            on = report["ksr"]["on"][name]
            out.append(f"| {name} | {off['ksr']:.2%} | {on['ksr']:.2%} | {100 * (on['ksr'] - off['ksr']):+.2f} "
                       f"| {off['exact_match@1']:.1%} / {on['exact_match@1']:.1%} |")
    return "\n".join(out)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.cache_latency", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", type=Path, default=DEFAULT_MODEL, help="model folder")
    p.add_argument("--files", nargs="+", default=TEST_FILES,
                   help="texts (paths, or relative to ../shared/corpora; default: the issue's two test texts)")
    p.add_argument("--max-chars", type=int, default=12_000, help="characters per segment")
    p.add_argument("--offset", type=float, default=0.25, help="where in each text the segment starts (0-1)")
    p.add_argument("--timed", type=int, default=1_500, help="keystrokes timed at the end of each segment")
    p.add_argument("--repeat", type=int, default=1, help="latency runs (fresh Suggesters each; 0: KSR only)")
    p.add_argument("--threads", type=int, default=RuntimeOptions().intra_op_threads,
                   help="onnxruntime intra-op threads")
    p.add_argument("--no-ksr", action="store_true", help="latency only")
    p.add_argument("--feed", choices=("text", "editor"), default="text",
                   help="text: suggest(text typed so far); editor: update_document + suggest_in")
    p.add_argument("--json", type=Path, help="write the report here")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)

    config = DecodingConfig()
    segments = [load_segment(f, args.max_chars, args.offset) for f in args.files]
    report: dict[str, Any] = {
        "command": "python -m bench.cache_latency " + " ".join(sys.argv[1:] if argv is None else argv),
        "env": {k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS")},
        "load_average_start": os.getloadavg(), "latency": {seg.name: [] for seg in segments},
    }
    for run in range(args.repeat):
        for seg in segments:
            r = interleaved(sides(args.model, config, args.threads), seg, args.timed, args.feed)
            report["latency"][seg.name].append(r)
            log(f"run {run + 1}, {seg.name}: p95 off {r['latency_ms']['off']['p95']:.2f} on "
                f"{r['latency_ms']['on']['p95']:.2f} ms, ratio {r['p95_ratio']:.2f}, load {r['load_average'][0]:.1f}")
    if not args.no_ksr:
        report["ksr"] = ksr(args.model, config, args.threads, segments, log, args.feed)
    report["load_average_end"] = os.getloadavg()
    text = markdown(report)
    print(text)
    if args.json:
        args.json.write_text(json.dumps({**report, "markdown": text}, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
