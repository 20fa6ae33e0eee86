"""Which model should complete a Latin word typed inside Chinese text, and at what
threshold: a measurement (issue 12, point 3: "English words typed inside a Chinese document
get sensible completions, either from this model or by routing the span to the English
model: decide by measurement").

    .venv/bin/python -m bench.latin_route --zh assets/zh-default --en assets/en-default \
        --file zh-modern/msdocs/windows-server.txt --write-card

Every run of ASCII letters (2 or more) in segments of a mixed text (by default d2l-zh: the
Chinese *Dive into Deep Learning*, English terms and identifiers inside Chinese, held out for
testing; windows-server.txt is the Chinese model's validation file) is typed letter by
letter; after each letter both models are asked for the rest of the word (the text
before the cursor as the editor holds it, DecodingConfig.extent REST_OF_WORD as the editor
asks: only what continues the word), and a suggestion is right when it is exactly the rest
of the word. Reported
per model and threshold: letters typed, keystroke savings over the letters (a right
suggestion taken with Tab saves the letters it inserts minus one key; the simulated writer
takes it at the first letter it is right and shown), the share of shown completions that
are right, the trigger rate; and what each model proposes for the issue's prompts.
--write-card puts the Chinese model's rest threshold (choose_rest_threshold) into its card
as ``decoding.rest_threshold`` (writer_app.inference.types.recommended_rest_threshold): run
it on the validation file, never on a test text.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path
from typing import Any

from bench.card_figures import write_decoding_advice
from bench.keystrokes import machine
from bench.texts import load_segment
from writer_app.inference import DecodingConfig, RuntimeOptions, Suggester
from writer_app.inference.types import REST_OF_WORD

PROMPTS = ("我们用Python", "在这个函数里，func", "他说hello", "可以用pip安", "我们使用PyTorch实", "定义一个类cla")
THRESHOLDS = (0.0, 0.1, 0.25, 0.4)  # --thresholds
_LATIN = re.compile(r"(?<![A-Za-z])[A-Za-z]{2,}(?![A-Za-z])")


def word_queries(text: str) -> list[tuple[int, str, int]]:
    """(position, rest of the word, where the word starts) after each letter of every Latin
    word of ``text`` but its last: "用Python写" -> (2, "ython", 1), ..., (6, "n", 1)."""
    out = []
    for m in _LATIN.finditer(text):
        for k in range(1, len(m.group(0))):
            out.append((m.start() + k, m.group(0)[k:], m.start()))
    return out


def measure(s: Suggester, text: str, thresholds: tuple[float, ...]) -> dict[str, Any]:
    """Ask ``s`` at every query of ``text`` once; figures per threshold (module docstring)."""
    queries = word_queries(text)
    answers = []
    ms = []
    for pos, rest, start in queries:
        t0 = time.perf_counter()
        sug = s.propose(text[:pos])
        ms.append((time.perf_counter() - t0) * 1000)
        answers.append((pos, rest, start, None if sug is None else (sug.text, sug.score)))
    rows = {}
    for t in thresholds:
        shown = [(p, r, w, a) for p, r, w, a in answers if a is not None and a[1] >= t]
        right = [(p, r, w, a) for p, r, w, a in shown if a[0] == r]
        # keystrokes: each word's letters, less (len(rest) - 1) at the first right, shown answer
        letters = sum(len(m.group(0)) for m in _LATIN.finditer(text))
        saved = 0
        taken_words: set[int] = set()
        for _p, r, start, _a in right:
            if start not in taken_words:
                taken_words.add(start)
                saved += len(r) - 1
        rows[str(t)] = {"letters": letters, "ksr_letters": saved / max(letters, 1),
                        "right_of_shown": len(right) / max(len(shown), 1), "shown": len(shown),
                        "trigger_rate": len(shown) / max(len(answers), 1)}
    ms.sort()
    return {"model": s.name, "queries": len(queries), "by_threshold": rows,
            "p50_ms": ms[len(ms) // 2] if ms else None,
            "examples": [(text[max(0, p - 6):p], r, a) for p, r, _w, a in answers[:: max(1, len(answers) // 12)]]}


REST_TOLERANCE = 0.01  # choose_rest_threshold: letters saved given up for precision


def choose_rest_threshold(by_threshold: dict[str, dict[str, Any]], tolerance: float = REST_TOLERANCE) -> float:
    """The highest threshold of a measure() sweep whose letters saved are within
    ``tolerance`` (a share: 0.01 = one point) of the most any threshold saves: from there on
    a higher threshold buys precision with savings, below it a lower one shows more wrong
    completions for almost nothing."""
    best = max(r["ksr_letters"] for r in by_threshold.values())
    return max(float(t) for t, r in by_threshold.items() if r["ksr_letters"] >= best - tolerance)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.latin_route", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--zh", type=Path, default=Path("assets/zh-default"))
    p.add_argument("--en", type=Path, default=Path("assets/en-default"))
    p.add_argument("--file", default="zh-heldout/d2l-zh.txt")
    p.add_argument("--max-chars", type=int, default=3000)
    p.add_argument("--offset", type=float, nargs="+", default=[0.3, 0.7])
    p.add_argument("--thresholds", type=float, nargs="+", default=list(THRESHOLDS))
    p.add_argument("--json", type=Path)
    p.add_argument("--write-card", action="store_true",
                   help="write the Chinese model's rest threshold into its card (on a validation file)")
    args = p.parse_args(argv)
    t0 = time.perf_counter()
    text = "\n".join(load_segment(args.file, args.max_chars, o).text for o in args.offset)
    config = DecodingConfig(threshold=0.0, extent=REST_OF_WORD, pass_over=False, follow_prob=0.0)
    options = RuntimeOptions()
    command = "python -m bench.latin_route " + " ".join(sys.argv[1:] if argv is None else argv)
    report: dict[str, Any] = {"command": command,
                              "machine": {**machine(), "load_average_start": os.getloadavg()}}
    for name, folder in (("zh", args.zh), ("en", args.en)):
        s = Suggester.load(folder, config, options)
        report[name] = measure(s, text, tuple(args.thresholds))
        report[name]["prompts"] = {q: (lambda r: None if r is None else [r.text, round(r.score, 3)])(s.propose(q))
                                   for q in PROMPTS}
        print(f"{name} ({s.name}): {report[name]['queries']} queries, p50 {report[name]['p50_ms']:.1f} ms",
              file=sys.stderr, flush=True)
    print("| model | threshold | KSR over the letters | right of shown | trigger |")
    print("|---|---:|---:|---:|---:|")
    for name in ("zh", "en"):
        for t, r in report[name]["by_threshold"].items():
            print(f"| {report[name]['model']} | {t} | {r['ksr_letters']:.1%} | {r['right_of_shown']:.1%} "
                  f"(n={r['shown']}) | {r['trigger_rate']:.1%} |")
    print("\n| prompt | " + " | ".join(report[n]["model"] for n in ("zh", "en")) + " |\n|---|---|---|")
    for q in PROMPTS:
        print(f"| {q} | " + " | ".join(str(report[n]["prompts"][q]) for n in ("zh", "en")) + " |")
    chosen = choose_rest_threshold(report["zh"]["by_threshold"])
    report["zh"]["rest_threshold"] = chosen
    print(f"\nChinese model's rest threshold (choose_rest_threshold): {chosen}")
    if args.write_card:
        report["decoding_written"] = write_decoding_advice(args.zh, rest_threshold=chosen)
        print(f"written into {args.zh / 'model.json'}")
    report["machine"]["load_average_end"] = os.getloadavg()
    report["seconds"] = time.perf_counter() - t0
    letters = next(iter(report[name]["by_threshold"].values()))["letters"]
    print(f"\n{letters} letters; machine {report['machine']['cpu']}, "
          f"load {report['machine']['load_average_start'][0]:.1f}; {report['seconds']:.0f} s")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
