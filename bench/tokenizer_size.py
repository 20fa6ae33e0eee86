"""How many entries should the Chinese model's tokenizer have? Bytes per token and step time.

    python -m bench.tokenizer_size [--sizes 8000 10000 12000 16000] [--calls 200]

For each candidate size the shipped Chinese tokenizer (assets/zh-default, one token per
common Han character, trained on Chinese only) is grown with merges learned on a sample
of training/recipes/zh_modern.toml's training text (training.tokenizer.extend_tokenizer,
as training/jobs/zh_modern.sh does), then measured on held-out text it never saw:
bytes per token (more is better: fewer LSTM steps per character typed and a longer
context window) on Chinese, mixed Chinese-English technical and English text, and the
int8 onnxruntime time of one decoding step of a 2 x 512 LSTM with that output layer
(bench.model_size.measure; all sizes in one run so their ratios compare). Needs torch.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from bench.model_size import measure
from bench.texts import resolve
from training.corpus import prepare_text, read_utf8
from training.tokenizer import extend_tokenizer, load_tokenizer

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "assets" / "zh-default" / "tokenizer.json"
# (training file, characters sampled): about the recipe's weighting, 8 M characters.
SAMPLE = [("zh-modern/msdocs/sql-server.txt", 2_000_000), ("zh-modern/msdocs/dotnet.txt", 1_000_000),
          ("zh-modern/prc-law/prc-laws-regulations-rules.txt", 1_200_000),
          ("zh-modern/tidb-docs/tidb-docs-cn.txt", 800_000), ("zh-modern/react-docs/react-dev-zh-hans.txt", 500_000),
          ("zh-modern/rust-book/trpl-zh-cn.txt", 400_000), ("zh-gutenberg-classics/simplified/nahan_lu-xun_1923.txt",
                                                             300_000),
          ("zh-gutenberg-classics/simplified/hongloumeng_cao-xueqin.txt", 1_000_000),
          ("en-modern/go-blog-docs/go-blog-and-docs.txt", 800_000)]
# Held-out text (never trained on): bench/zh_heldout.py writes the zh-heldout folder.
HELD_OUT = {"Chinese (Lu Xun's essays)": "zh-heldout/zhaohua-xishi_lu-xun_1928.txt",
            "Chinese (stories)": "zh-heldout/asp-stories.txt",
            "mixed (d2l-zh)": "zh-heldout/d2l-zh.txt",
            "English (Introduction to Philosophy)": "en-modern/openstax/introduction-philosophy.txt"}


def _text(path: str, chars: int | None = None) -> str:
    p = resolve(path)
    return prepare_text(p, read_utf8(p))[:chars]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", type=int, nargs="+", default=[8000, 10000, 12000, 16000])
    p.add_argument("--calls", type=int, default=200)
    p.add_argument("--json", type=Path)
    args = p.parse_args(argv)
    base = load_tokenizer(BASE)
    sample = [_text(f, n) for f, n in SAMPLE]
    held = {name: _text(f, 200_000) for name, f in HELD_OUT.items()}
    rows = []
    for size in [base.get_vocab_size(), *args.sizes]:
        tok = base if size == base.get_vocab_size() else extend_tokenizer(base, sample, size)
        row = {"vocab": size, **{name: len(t.encode()) / len(tok.encode(t).ids) for name, t in held.items()}}
        row["int8_step_ms"] = measure(2, 512, args.calls, vocab=size, emb=512)["int8_step_ms"]
        rows.append(row)
        print(row, flush=True)
    print("| entries | " + " | ".join(f"bytes/token, {n}" for n in HELD_OUT) + " | int8 step ms (2 × 512) |")
    print("|---:|" + "---:|" * (len(HELD_OUT) + 1))
    for r in rows:
        print(f"| {r['vocab']:,} | " + " | ".join(f"{r[n]:.2f}" for n in HELD_OUT) + f" | {r['int8_step_ms']:.3f} |")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
