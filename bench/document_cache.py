"""The document cache (issue 14) on and off in the same run: KSR, ExactMatch@1, latency,
memory.

    python -m bench.keystrokes --document-cache both --max-chars 12000 \\
        --files en-novels-1880-1930/Doyle_Hound_1902.txt en-modern/openstax/introduction-philosophy.txt

Each segment is typed as one document, the engine given everything typed so far
(``Suggester.suggest(text[:pos])``); with the cache on, the Suggester follows that text
(writer_app/inference/doc_cache.py, ``sync_prefix``), as it does in scripts.
Memory: what the counts of the whole segment take (tracemalloc of a DocCache built on
it), and of a 1,000,000-token document at the cap.
"""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from bench.latency import percentiles
from bench.simulate import simulate_typing, summarize
from bench.texts import Segment
from writer_app.inference import Suggester
from writer_app.inference.doc_cache import DocCache


def cache_bytes(s: Suggester, text: str) -> dict[str, int]:
    """Bytes held by a DocCache of ``text`` (tracemalloc), and the tokens it counts."""
    tok = s._model.tokenizer  # noqa: SLF001 - the bench measures the engine's own parts
    tracemalloc.start()
    doc = DocCache(lambda lines: [e.ids for e in tok.encode_batch(lines, add_special_tokens=False)])
    doc.set_text(text)
    size, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"bytes": size, "tokens": doc.tokens}


def compare(s: Suggester, segments: list[Segment], log: Callable[[str], None]) -> dict[str, Any]:
    """Type every segment with the cache off, then on (same Suggester, state caches
    cleared before each). Returns {"off": ..., "on": ..., "memory": ...}; each side
    has summary (bench/simulate.summarize), per_file KSR and latency percentiles (ms)."""
    out: dict[str, Any] = {}
    base = s.config
    for name, flag in (("off", False), ("on", True)):
        s.config = replace(base, document_cache=flag)
        s.clear_cache()
        results, lat = [], []
        t0 = time.perf_counter()
        for seg in segments:
            ms: list[float] = []
            lat.append(ms)

            def call(pos: int, text: str = seg.text, ms: list[float] = ms) -> Any:
                t = time.perf_counter()
                sug = s.suggest(text[:pos])
                ms.append((time.perf_counter() - t) * 1e3)
                return sug
            results.append(simulate_typing(seg.text, call, 0.0))
            log(f"  document cache {name}, {seg.name}: KSR {results[-1].ksr:.3f}")
        out[name] = {
            "summary": summarize(results),
            "per_file": {seg.name: {"chars": r.chars, "ksr": r.ksr,
                                    "exact_match@1": summarize([r])["exact_match@1"],
                                    "latency_ms": percentiles(ms)}
                         for seg, r, ms in zip(segments, results, lat, strict=True)},
            "latency_ms": percentiles([x for ms in lat for x in ms]),
            "seconds": time.perf_counter() - t0,
        }
    s.config = base
    out["memory"] = {seg.name: cache_bytes(s, seg.text) for seg in segments}
    return out


def markdown(d: dict[str, Any]) -> list[str]:
    """The comparison as a markdown table (lines)."""
    out = ["", "**Document cache** (each text typed as one document; the engine given "
           "everything typed so far)", "",
           "| text | cache | KSR | ExactMatch@1 | p50 ms | p95 ms | cache memory |",
           "|---|---|---:|---:|---:|---:|---:|"]
    for name in d["on"]["per_file"]:
        mem = d["memory"][name]
        for side in ("off", "on"):
            f = d[side]["per_file"][name]
            lat = f["latency_ms"]
            extra = f"{mem['bytes'] / 1e6:.1f} MB ({mem['tokens']} tokens)" if side == "on" else ""
            out.append(f"| {name} | {side} | {f['ksr']:.1%} | {f['exact_match@1']:.1%} | "
                       f"{lat.get('p50', 0):.2f} | {lat.get('p95', 0):.2f} | {extra} |")
    return out
