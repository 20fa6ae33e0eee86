"""A keystroke run's headline figures written into the model folder's card
(``python -m bench.keystrokes --write-card``), so each model carries its own figures.

The figures go into the card's typed ``keystrokes`` section
(writer_app.inference.card_sections.KeystrokeFigures) through ModelCard.write, which
writes model.json atomically and only a card that reads back; every other field of the
card is kept as it was. ``python -m training card FOLDER`` shows them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

from writer_app.inference.card_sections import KeystrokeFigures
from writer_app.inference.model_card import ModelCard


def machine_words(report: dict[str, Any]) -> str:
    """Where ``report`` (bench.keystrokes' report) was measured, in words: CPU, cores,
    onnxruntime and its threads, the load average (1 minute) at start and end."""
    m = report.get("machine", {})
    start, end = m.get("load_average_start"), m.get("load_average_end")
    load = f", load average {start[0]:.1f} at start, {end[0]:.1f} at end" if start and end else ""
    runtime = f" ({report['config_runtime']})" if report.get("config_runtime") else ""
    return (f"{m.get('cpu') or 'unknown CPU'}, {m.get('cores')} cores, "
            f"onnxruntime {m.get('onnxruntime')}{runtime}{load}")


def keystroke_figures(report: dict[str, Any], when: dt.datetime | None = None) -> KeystrokeFigures:
    """The card section for bench.keystrokes' ``report`` (the main model's typing: KSR,
    ExactMatch@1, trigger rate, cached p50/p95 in ms), dated ``when`` (default: now, UTC).
    Raises KeyError for a report without the main model's summary or latency."""
    main = report["main"]
    summary, warm = main["summary"], main["latency_ms"]["with_cache"]
    when = when or dt.datetime.now(dt.UTC)
    return KeystrokeFigures(
        ksr=summary["ksr"], trigger_rate=summary["trigger_rate"],
        p50_ms=warm["p50"], p95_ms=warm["p95"], command=report["command"],
        date=when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        exact_match_1=summary["exact_match@1"] if summary.get("exact_match@1_n") else None,
        characters=sum(t["chars"] for t in report["texts"]),
        texts=tuple(t["name"] for t in report["texts"]),
        threshold=main.get("threshold"), machine=machine_words(report),
        **ime_figures(main.get("ime")),
    )


def ime_figures(ime: dict[str, Any] | None) -> dict[str, float]:
    """KeystrokeFigures' input-method fields from bench.ime_report's figures of all texts
    (``ime["all"]``: whole-suggestion savings asked after every character, ExactMatch@1
    and trigger rate asked at commits); none for a run without them (English)."""
    every = (ime or {}).get("all")
    if not every:
        return {}
    return {"ime_ksr": every["ksr_other_whole"], "ime_trigger_rate": every["trigger_rate"],
            **({"ime_exact_match_1": every["exact_match@1"]} if every.get("exact_match@1_n") else {})}


def write_card_figures(folder: Path, figures: KeystrokeFigures) -> Path:
    """Replace the ``keystrokes`` section of ``folder``'s model.json with ``figures``,
    atomically (ModelCard.write); return the card's path. Raises ModelLoadError for a
    missing or invalid card and OSError when it cannot be written."""
    card = ModelCard.read(folder)
    return replace(card, keystrokes=figures).write(folder)


def write_decoding_advice(folder: Path, **advice: object) -> dict[str, Any]:
    """Set ``advice`` (measured decoding settings: threshold, extent, rest_threshold, ...)
    in the ``decoding`` section of ``folder``'s model.json, its other keys kept, atomically
    (ModelCard.write); return the new section. Raises ModelLoadError for a missing or
    invalid card and OSError when it cannot be written."""
    card = ModelCard.read(folder)
    decoding = {**(card.decoding or {}), **advice}
    replace(card, decoding=decoding).write(folder)
    return decoding
