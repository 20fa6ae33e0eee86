"""Old vs new model on the held-out slice: bits per byte and keystroke savings.

Both numbers come from the exported model folders through the app's own runtime
(onnxruntime, no torch): bits per byte from ``OnnxLanguageModel.bits_per_byte`` and
keystroke savings from the benchmark's simulated user (``bench/simulate.py``: after
every character the engine is asked; a suggestion is accepted by Tab or word by word
when that saves keystrokes), with the engine's default decoding settings. The Suggester
is the app's: a folder with the writer's n-grams (writer_app/inference/writer_ngrams.py,
which a retrain writes from the text it trained on, never the held-out text) is measured
with them mixed in, as the editor would suggest.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from writer_app.inference import DecodingConfig, RuntimeOptions, Suggester
from writer_app.inference.lm_session import OnnxLanguageModel


def _simulator() -> ModuleType | None:
    """bench.simulate, also when run outside the source tree's root; None if absent."""
    try:
        from bench import simulate
    except ImportError:
        root = Path(__file__).resolve().parent.parent
        if not (root / "bench" / "simulate.py").is_file():
            return None
        sys.path.insert(0, str(root))
        try:
            from bench import simulate
        except ImportError:
            return None
    return simulate


def measure(folder: Path, bpb_text: str, ksr_text: str,
            should_stop: Callable[[], None] = lambda: None,
            on_progress: Callable[[float], None] = lambda _f: None) -> dict[str, Any]:
    """Measure the model folder on held-out text.

    Returns {"name", "bpb" (bits per UTF-8 byte of bpb_text), "bpb_bytes", "ksr" (1 -
    keystrokes / characters typing ksr_text; None without bench/), "ksr_chars",
    "accepted", "seconds"}. should_stop is called between keystrokes (it may raise to
    cancel); on_progress with the share of ksr_text typed so far (0..1; the typing is
    most of the time). Raises ModelLoadError for an unusable folder.
    """
    t0 = time.monotonic()
    model = OnnxLanguageModel.load(folder, RuntimeOptions(intra_op_threads=2))
    bpb, _tokens, nbytes = model.bits_per_byte(bpb_text)
    out: dict[str, Any] = {"name": model.card.name, "bpb": round(float(bpb), 4),
                           "bpb_bytes": nbytes, "ksr": None, "ksr_chars": 0, "accepted": 0}
    sim = _simulator()
    if sim is not None and ksr_text:
        engine = Suggester(model, DecodingConfig())

        def propose(pos: int) -> Any:
            should_stop()
            on_progress(pos / len(ksr_text))
            return engine.suggest(ksr_text[:pos])

        # suggest() already applies the threshold: whatever it returns is shown
        summary = sim.summarize([sim.simulate_typing(ksr_text, propose, 0.0)])
        out.update(ksr=round(float(summary["ksr"]), 4), ksr_chars=int(summary["chars"]),
                   accepted=int(summary["accepted_tab"]) + int(summary["accepted_words"]))
    out["seconds"] = round(time.monotonic() - t0, 1)
    return out


def format_report(report: dict[str, Any]) -> str:
    """The before/after table as plain text (for the terminal), and the held-out slice's
    ``too_little`` sentence when it was too small to tell which model is better."""
    old, new, held = report["old"], report["new"], report["held_out"]
    w = max(len(old["name"]), len(new["name"]), 12)
    lines = [f"{'':22}{'before':>{w}}  {'after':>{w}}",
             f"{'':22}{old['name']:>{w}}  {new['name']:>{w}}",
             f"{'bits per byte':22}{old['bpb']:>{w}.3f}  {new['bpb']:>{w}.3f}  "
             f"({new['bpb'] - old['bpb']:+.3f})"]
    if old["ksr"] is not None and new["ksr"] is not None:
        lines.append(f"{'keystroke savings':22}{old['ksr']:>{w}.1%}  {new['ksr']:>{w}.1%}  "
                     f"({100 * (new['ksr'] - old['ksr']):+.1f} points)")
    else:
        lines.append("keystroke savings: not measured (bench/ is not installed)")
    lines.append(f"held out: {held['how']}; bits per byte on {held['bpb_bytes']:,} bytes, "
                 f"keystrokes on {held['ksr_chars']:,} characters")
    if held.get("too_little"):
        lines.append(held["too_little"])
    return "\n".join(lines)
