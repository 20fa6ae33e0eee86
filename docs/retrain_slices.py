"""Old vs new model on several slices of a held-out file: a steadier before/after figure
than the one slice `python -m training retrain` reports at the end.

    python docs/retrain_slices.py OLD_MODEL_DIR NEW_MODEL_DIR FILE [--chars 3000]
        [--offsets 0.2 0.4 0.6 0.8] [--json out.json]

Each slice is bench/texts.py's segment (``--chars`` characters from a paragraph start at
that fraction of the prepared file); on each, both models are measured as the retrain
report measures them (training/retrain_eval.py: bits per byte through onnxruntime and
the benchmark's simulated user with the engine's default decoding settings).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.texts import load_segment  # noqa: E402
from training.retrain_eval import measure  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("old", type=Path)
    p.add_argument("new", type=Path)
    p.add_argument("file")
    p.add_argument("--chars", type=int, default=3000)
    p.add_argument("--offsets", type=float, nargs="+", default=[0.2, 0.4, 0.6, 0.8])
    p.add_argument("--json", type=Path)
    args = p.parse_args(argv)
    rows: list[dict[str, Any]] = []
    for off in args.offsets:
        seg = load_segment(args.file, args.chars, off)
        old = measure(args.old, seg.text, seg.text)
        new = measure(args.new, seg.text, seg.text)
        rows.append({"offset": off, "chars": len(seg.text), "old": old, "new": new})
        print(f"offset {off:.2f} ({len(seg.text)} chars): "
              f"bpb {old['bpb']:.3f} -> {new['bpb']:.3f}, "
              f"KSR {old['ksr']:.1%} -> {new['ksr']:.1%}", flush=True)

    def mean(side: str, key: str) -> float:  # weighted by characters
        return sum(r[side][key] * r["chars"] for r in rows) / sum(r["chars"] for r in rows)

    summary = {k: {s: round(mean(s, k), 4) for s in ("old", "new")} for k in ("bpb", "ksr")}
    total = sum(r["chars"] for r in rows)
    print(f"all {total} chars: bits per byte {summary['bpb']['old']:.3f} -> "
          f"{summary['bpb']['new']:.3f}; keystroke savings {summary['ksr']['old']:.1%} -> "
          f"{summary['ksr']['new']:.1%} "
          f"({100 * (summary['ksr']['new'] - summary['ksr']['old']):+.1f} points)")
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "summary": summary}, indent=2),
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
