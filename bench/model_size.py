"""How big may the LSTM be? One onnxruntime step at batch 1, fp32 and int8, per size.

    python -m bench.model_size [--calls 300] [--json out.json]

Builds randomly initialised models of each candidate size (the timing does not depend
on the weights), exports them with the training exporter, quantises to int8 and times
one decoding step (1 token, batch 1, 2 intra-op threads, spinning off) and a 64-token
prefill. Medians over ``--calls`` calls; all sizes are measured in one run so their
ratios compare. Needs torch (the training extra).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import numpy as np

SIZES = [(1, 256), (1, 512), (2, 512), (2, 768), (3, 768)]  # (layers, hidden)


def _median_ms(fn, calls: int) -> float:
    for _ in range(10):
        fn()
    times = []
    for _ in range(calls):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return float(np.median(times))


def measure(layers: int, hidden: int, calls: int, vocab: int = 8000, emb: int = 256) -> dict[str, float]:
    from training.config import ModelConfig
    from training.export import export_onnx, quantize_int8
    from training.model import LSTMLanguageModel
    from writer_app.inference.lm_session import RuntimeOptions, make_session

    model = LSTMLanguageModel(ModelConfig(vocab, emb, hidden, layers, 0.0))
    row: dict[str, float] = {"layers": layers, "hidden": hidden, "parameters": model.num_parameters()}
    with tempfile.TemporaryDirectory() as d:
        fp32, int8 = Path(d) / "fp32.onnx", Path(d) / "int8.onnx"
        export_onnx(model, fp32)
        quantize_int8(fp32, int8)
        for name, path in (("fp32", fp32), ("int8", int8)):
            sess = make_session(path, RuntimeOptions(intra_op_threads=2, allow_spinning=False))
            h = np.zeros((layers, 1, hidden), np.float32)
            one = np.array([[42]], np.int64)
            pre = np.arange(64, dtype=np.int64)[None, :]
            step_feed = {"input_ids": one, "h0": h, "c0": h}
            prefill_feed = {"input_ids": pre, "h0": h, "c0": h}
            row[f"{name}_step_ms"] = _median_ms(lambda s=sess, f=step_feed: s.run(None, f), calls)
            row[f"{name}_prefill64_ms"] = _median_ms(lambda s=sess, f=prefill_feed: s.run(None, f), max(calls // 5, 20))
            row[f"{name}_mb"] = path.stat().st_size / 1e6
    return row


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--calls", type=int, default=300)
    p.add_argument("--json", type=Path)
    args = p.parse_args(argv)
    rows = [measure(layers, hidden, args.calls) for layers, hidden in SIZES]
    print("| layers × hidden | parameters | fp32 step ms | int8 step ms | int8 64-token prefill ms | int8 MB |")
    print("|---|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['layers']} × {r['hidden']} | {r['parameters'] / 1e6:.1f} M | {r['fp32_step_ms']:.3f} | "
              f"{r['int8_step_ms']:.3f} | {r['int8_prefill64_ms']:.2f} | {r['int8_mb']:.1f} |")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
