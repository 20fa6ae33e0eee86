"""How far a Chinese suggestion should go, and from what confidence it is shown: a measured
sweep (issue 12, point 3), written into the model card's ``decoding`` section on request.

    .venv/bin/python -m bench.zh_length --model assets/zh-default --json /tmp/zh-length.json
    .venv/bin/python -m bench.zh_length --model runs/zh-modern/model --write-card

For each extent (DecodingConfig.extent: the next unit = one character, the next segmented
word, a phrase up to ，。；：、？！ and closing quotes, a sentence) and each confidence cut
(DecodingConfig.stop_prob: a suggestion ends before the character at which the probability
of all of it falls below this), the held-out Chinese texts (bench/zh_heldout.py) are typed
as bench.keystrokes --lang zh types them (bench/ime_report.py: input-method keys, the engine
asked at commit points or, --ask-at every, after every character), with ``Suggester.propose``
asked once per position and shown at each threshold of --thresholds (pass_over is off, so
what is shown at one position does not change what is proposed later; it acts on Latin
words only anyway).

The setting chosen: the row with the most keystroke savings in input-method keys with whole
suggestions only (Tab; the issue's conservative floor) among those with ExactMatch@1 >= 40%
of what is shown and a trigger rate >= 25% (the issue's targets); when no row meets both,
the ExactMatch@1 floor is lowered 5 points at a time (the trigger floor stays), and the
report says which floor chose. --write-card puts its extent, stop_prob and
threshold into the card (model.json ``decoding``; other keys such as beam_width kept).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from bench import ime_report, log
from bench.card_figures import write_decoding_advice
from bench.keystrokes import Oracle, machine
from bench.texts import LANG_FILES, Segment, load_segment
from writer_app.inference import DecodingConfig, RuntimeOptions, Suggester, Suggestion
from writer_app.inference.types import EXTENTS

STOP_PROBS = (0.01, 0.1, 0.2, 0.35)
THRESHOLDS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6)
MIN_EXACT = 0.40  # issue 12: ExactMatch@1 >= 40% of what is shown
MIN_TRIGGER = 0.25  # issue 12: trigger rate >= 25%


def _shown_at(propose: Any, threshold: float) -> Any:
    def call(pos: int) -> Suggestion | None:
        s = propose(pos)
        return s if s is not None and s.score >= threshold else None
    return call


def sweep(s: Suggester, segments: list[Segment], extents: tuple[str, ...], stop_probs: tuple[float, ...],
          thresholds: tuple[float, ...], ask_at: str, log: Any) -> list[dict[str, Any]]:
    """One row per (extent, stop_prob, threshold): ime_report's figures over all texts
    ("all") and per source."""
    base = s.config
    rows = []
    for extent in extents:
        for stop in stop_probs:
            s.clear_cache()
            cfg = replace(base, extent=extent, stop_prob=stop, threshold=0.0, pass_over=False)
            oracle = Oracle(lambda text, c=cfg: s.propose(text, c))
            t0 = time.perf_counter()
            for t in thresholds:
                figs = ime_report.ime_figures(
                    lambda i, text, t=t, o=oracle: _shown_at(o.for_segment(i, text), t),
                    segments, oracle.calls, ask_at)
                rows.append({"extent": extent, "stop_prob": stop, "threshold": t, "figures": figs})
            a = rows[-len(thresholds)]["figures"]["all"]
            log(f"  {extent:8} stop_prob {stop:<5} {len(oracle.calls)} calls, "
                f"{time.perf_counter() - t0:.0f} s; at {thresholds[0]}: whole {a['ksr_ime_whole']:.1%}, "
                f"EM@1 {a['exact_match@1']:.1%}, trigger {a['trigger_rate']:.1%}")
    return rows


def choose(rows: list[dict[str, Any]]) -> tuple[dict[str, Any], str]:
    """The row chosen (see the module docstring) and the rule that chose it."""
    def ksr(r: dict[str, Any]) -> float:
        return float(r["figures"]["all"]["ksr_ime_whole"])

    floor = MIN_EXACT
    while floor > 0:
        ok = [r for r in rows if r["figures"]["all"]["exact_match@1"] >= floor - 1e-9
              and r["figures"]["all"]["trigger_rate"] >= MIN_TRIGGER]
        if ok:
            return max(ok, key=ksr), f"ExactMatch@1 >= {floor:.0%} and trigger >= {MIN_TRIGGER:.0%}"
        floor = round(floor - 0.05, 2)
    return max(rows, key=ksr), "most savings (no row reaches the trigger target)"


def markdown(rows: list[dict[str, Any]], best: dict[str, Any], rule: str) -> str:
    """The sweep as a table (all texts), the chosen row marked."""
    ask = rows[0]["figures"]["all"]["ask_at"]
    other = "every" if ask == "commit" else "commit"
    out = [f"| extent | stop_prob | threshold | KSR IME whole | KSR IME words | {other}: whole | "
           "KSR char whole | ExactMatch@1 | right whole | accepted chars | trigger |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        f = r["figures"]["all"]
        mark = "**" if r is best else ""
        out.append(f"| {mark}{r['extent']}{mark} | {r['stop_prob']} | {r['threshold']} | "
                   f"{mark}{f['ksr_ime_whole']:.1%}{mark} | {f['ksr_ime_words']:.1%} | "
                   f"{f['ksr_other_whole']:.1%} | {f['ksr_char_whole']:.1%} | "
                   f"{f['exact_match@1']:.1%} (n={f['exact_match@1_n']}) | {f['right_whole']:.1%} | "
                   f"{f['mean_accepted_chars']:.1f} | {f['trigger_rate']:.1%} |")
    f = best["figures"]
    out += ["", f"Chosen ({rule}): extent {best['extent']}, stop_prob {best['stop_prob']}, "
            f"threshold {best['threshold']}. Per source, KSR IME whole / words, ExactMatch@1, trigger:", ""]
    for src, g in f.items():
        out.append(f"- {src}: {g['ksr_ime_whole']:.1%} / {g['ksr_ime_words']:.1%}, "
                   f"{g['exact_match@1']:.1%}, {g['trigger_rate']:.1%}")
    return "\n".join(out)


def write_card(folder: Path, best: dict[str, Any]) -> dict[str, Any]:
    """Put the chosen extent, stop_prob and threshold into ``folder``'s card (the other
    ``decoding`` keys kept); returns the new ``decoding`` section."""
    return write_decoding_advice(folder, extent=best["extent"], stop_prob=best["stop_prob"],
                                 threshold=best["threshold"])


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.zh_length", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", type=Path, required=True, help="a Chinese model folder")
    p.add_argument("--files", nargs="+", default=LANG_FILES["zh"], help="held-out texts")
    p.add_argument("--max-chars", type=int, default=1000, help="characters per segment")
    p.add_argument("--offset", type=float, nargs="+", default=[0.5], help="where each segment starts (0-1)")
    p.add_argument("--extents", nargs="+", choices=EXTENTS, default=list(EXTENTS))
    p.add_argument("--stop-probs", type=float, nargs="+", default=list(STOP_PROBS))
    p.add_argument("--thresholds", type=float, nargs="+", default=list(THRESHOLDS))
    p.add_argument("--ask-at", choices=ime_report.ASK_AT, default="commit")
    p.add_argument("--threads", type=int, default=RuntimeOptions().intra_op_threads)
    p.add_argument("--write-card", action="store_true",
                   help="write the chosen extent, stop_prob and threshold into the model card")
    p.add_argument("--json", type=Path, help="write every row here")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)

    t0 = time.perf_counter()
    s = Suggester.load(args.model, DecodingConfig(), RuntimeOptions(intra_op_threads=args.threads))
    segments = [load_segment(f, args.max_chars, o) for f in args.files for o in args.offset]
    if len(args.offset) > 1:
        segments = [Segment(f"{g.name}@{g.start}", g.text, g.start) for g in segments]
    log(f"{s.name}: {len(segments)} segments, {sum(len(g.text) for g in segments)} characters")
    mach = {**machine(), "load_average_start": os.getloadavg()}
    rows = sweep(s, segments, tuple(args.extents), tuple(args.stop_probs), tuple(args.thresholds),
                 args.ask_at, log)
    best, rule = choose(rows)
    text = markdown(rows, best, rule)
    print(text)
    mach["load_average_end"] = os.getloadavg()
    print(f"\nMachine: {mach['cpu']}, {mach['cores']} cores, load {mach['load_average_start'][0]:.1f} "
          f"at start, {mach['load_average_end'][0]:.1f} at end; {time.perf_counter() - t0:.0f} s.")
    command = "python -m bench.zh_length " + " ".join(sys.argv[1:] if argv is None else argv)
    report: dict[str, Any] = {"command": command,
                              "model": s.name, "folder": str(s.folder), "rows": rows,
                              "chosen": {k: best[k] for k in ("extent", "stop_prob", "threshold")},
                              "rule": rule, "machine": mach}
    if args.write_card:
        report["decoding_written"] = write_card(args.model, best)
        log(f"wrote decoding {report['decoding_written']} into {args.model}/model.json")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
