"""Peak memory of one predictor typing held-out text, in a process of its own.

    python -m bench.memory inkling [--model assets/en-default]
    python -m bench.memory presage [--presage-db /tmp/presage-en-default.db]

Each run starts a fresh Python process (``multiprocessing``, spawn) that loads the
predictor, asks it for a suggestion after every character of the first ``--max-chars``
characters of a held-out text (as the keystroke bench does, so Inkling's document caches
and Presage's online learning grow as they would), and reports its peak resident set
size: ``VmHWM`` of /proc/self/status, the high-water mark of the process's own memory
(``getrusage``'s ru_maxrss would not do: Linux carries the parent's size at the fork
into it across exec). The same for an empty process (Python with the bench's imports)
is reported beside it, so the difference is what the predictor itself holds. Linux only.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
from pathlib import Path

from bench.texts import load_segment

DEFAULT_TEXT = "en-novels-1880-1930/Doyle_Hound_1902.txt"


def _type_and_measure(kind: str, model: str, db: str | None, text: str) -> int:
    """In the child: load ``kind`` ("inkling", "presage" or "none"), type ``text``, and
    return the peak RSS in KiB."""
    predictor = None
    if kind == "inkling":
        from writer_app.inference import Suggester
        predictor = Suggester.load(model)
    elif kind == "presage":
        from bench.presage import PresagePredictor
        predictor = PresagePredictor(Path(db) if db else None)
    if predictor is not None:
        for i in range(1, len(text) + 1):
            predictor.suggest(text[:i])
    return _peak_rss_kib()


def _peak_rss_kib() -> int:
    """This process's peak resident set size in KiB (VmHWM, /proc/self/status)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise OSError("/proc/self/status has no VmHWM line (bench.memory needs Linux)")


def peak_rss_kib(kind: str, text: str, model: str = "assets/en-default", db: str | None = None) -> int:
    """Peak RSS (KiB) of a fresh process that loads ``kind`` and types ``text``."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(_type_and_measure, (kind, model, db, text))


def main(argv: list[str] | None = None) -> dict[str, object]:
    p = argparse.ArgumentParser(prog="python -m bench.memory", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("kind", choices=["inkling", "presage"])
    p.add_argument("--model", default="assets/en-default", help="Inkling's model folder")
    p.add_argument("--presage-db", default=None, help="Presage's database (default: the shipped one)")
    p.add_argument("--file", default=DEFAULT_TEXT, help="the held-out text typed")
    p.add_argument("--max-chars", type=int, default=3000)
    args = p.parse_args(argv)
    text = load_segment(args.file, args.max_chars).text
    result = {"kind": args.kind, "characters": len(text),
              "peak_rss_mib": peak_rss_kib(args.kind, text, args.model, args.presage_db) / 1024,
              "empty_process_peak_rss_mib": peak_rss_kib("none", text) / 1024}
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main(sys.argv[1:])
