"""Chinese figures of bench.keystrokes (--lang zh, issue 12): keystroke savings in input-method
keys and per character, each with two acceptance policies, per held-out source.

Every segment is typed four times against the same memoised engine answers (the Oracle of
bench/keystrokes.py; a position asked again returns what was shown the first time):

* IME keys (bench/ime_cost.py: pinyin letters + one commit key per segmented word, one key
  for anything else), the engine asked where an input method hands the editor text
  ("commit": word ends inside Han runs) or after every character ("every": as if each
  character reached the editor on its own, the count the issue's figures seem to use),
  or one key a character (asked after every character);
* "words": Tab takes a whole right suggestion, else Ctrl+Right its right segmented words,
  one key each (what the app offers); "whole": Tab only (the conservative floor).

Both places to ask are always counted (the engine's answers are memoised per position, and
the one-key-a-character runs ask at every position anyway, so "every" costs no engine
call); ``ask_at`` picks the headline: ksr_ime_words / ksr_ime_whole, ExactMatch@1, "right
whole" (shown suggestions taken whole with Tab, over those shown) and the trigger rate are
those of its IME run with Ctrl+Right; the other place's two savings are reported beside
them (ksr_other_words / ksr_other_whole). Latency percentiles are over the engine calls
(ms) whose text lies in that source.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bench.ime_cost import commit_points, keystroke_costs
from bench.latency import percentiles
from bench.simulate import TypingResult, simulate_typing, summarize
from bench.texts import Segment
from writer_app.inference import Suggestion

Propose = Callable[[int], Suggestion | None]
VARIANTS = ("ime_words", "ime_whole", "ime_every_words", "ime_every_whole", "char_words", "char_whole")
ASK_AT = ("commit", "every")  # where the headline IME run asks the engine


def source_of(segment: Segment) -> str:
    """The held-out source a segment comes from ("d2l-zh@1234" -> "d2l-zh")."""
    return segment.name.split("@", 1)[0]


def type_six_ways(text: str, propose: Propose) -> dict[str, TypingResult]:
    """The simulations of ``text`` (see the module docstring), keyed by VARIANTS: "ime_*"
    asked at commit points, "ime_every_*" after every character."""
    costs, points = keystroke_costs(text), commit_points(text)
    return {
        "ime_words": simulate_typing(text, propose, 0.0, costs=costs, query_at=points),
        "ime_whole": simulate_typing(text, propose, 0.0, costs=costs, query_at=points, whole_only=True),
        "ime_every_words": simulate_typing(text, propose, 0.0, costs=costs),
        "ime_every_whole": simulate_typing(text, propose, 0.0, costs=costs, whole_only=True),
        "char_words": simulate_typing(text, propose, 0.0),
        "char_whole": simulate_typing(text, propose, 0.0, whole_only=True),
    }


def _figures(runs: dict[str, list[TypingResult]], calls_ms: list[float], ask_at: str) -> dict[str, Any]:
    head, other = ("ime", "ime_every") if ask_at == "commit" else ("ime_every", "ime")
    ime = summarize(runs[f"{head}_words"])
    ksr = {v: summarize(runs[v])["ksr"] for v in VARIANTS}
    lat = percentiles(calls_ms)
    return {
        "ask_at": ask_at,
        "chars": ime["chars"], "ime_keys": ime["unaided_keystrokes"],
        "ime_keys_per_char": ime["unaided_keystrokes"] / max(ime["chars"], 1),
        "ksr_ime_words": ksr[f"{head}_words"], "ksr_ime_whole": ksr[f"{head}_whole"],
        "ksr_other_words": ksr[f"{other}_words"], "ksr_other_whole": ksr[f"{other}_whole"],
        "ksr_char_words": ksr["char_words"], "ksr_char_whole": ksr["char_whole"],
        "exact_match@1": ime["exact_match@1"], "exact_match@1_n": ime["exact_match@1_n"],
        "right_whole": ime["accepted_tab"] / max(ime["shown"], 1),
        "mean_accepted_chars": ime["mean_accepted_chars"],
        "trigger_rate": ime["trigger_rate"], "queries": ime["queries"],
        "p50_ms": lat.get("p50"), "p95_ms": lat.get("p95"),
    }


def ime_figures(
    propose_for: Callable[[int, str], Propose], segments: list[Segment],
    calls: list[tuple[str, float, Suggestion | None]], ask_at: str = "commit",
) -> dict[str, Any]:
    """Figures per source and over all ("all"). propose_for(index, text): the memoised
    engine for segment ``index``; calls: (text, ms, result) of every engine call made;
    ask_at: "commit" or "every", the IME run the headline figures come from. Raises
    ValueError for another ask_at."""
    if ask_at not in ASK_AT:
        raise ValueError(f"ask_at must be one of {ASK_AT}; got {ask_at!r}")
    by_source: dict[str, dict[str, list[TypingResult]]] = {}
    texts: dict[str, list[str]] = {}
    for i, seg in enumerate(segments):
        runs = type_six_ways(seg.text, propose_for(i, seg.text))
        src = by_source.setdefault(source_of(seg), {v: [] for v in VARIANTS})
        for v in VARIANTS:
            src[v].append(runs[v])
        texts.setdefault(source_of(seg), []).append(seg.text)
    out = {}
    for name, runs in by_source.items():
        ms = [m for t, m, _ in calls if any(s.startswith(t) for s in texts[name])]
        out[name] = _figures(runs, ms, ask_at)
    everything = {v: [r for runs in by_source.values() for r in runs[v]] for v in VARIANTS}
    out["all"] = _figures(everything, [m for _, m, _ in calls], ask_at)
    return out


def _pct(x: float) -> str:
    return f"{x:.1%}"


def markdown(systems: dict[str, dict[str, Any]]) -> list[str]:
    """The table: one row per (source, system); systems: name -> ime_figures(...)."""
    first = next(iter(next(iter(systems.values())).values()))
    ask_at = first.get("ask_at", "commit")
    other = "every" if ask_at == "commit" else "commit"
    where = {"commit": "at commit points", "every": "after every character"}
    out = ["", "**Chinese, typed through a full-pinyin input method** (keystroke savings in input-method "
           "keys: pinyin letters + one commit key per segmented word, the engine asked "
           f"{where[ask_at]}, and beside it asked {where[other]}; and one key a character; "
           "Ctrl+Right by segmented word / whole suggestion only)", "",
           f"| text | system | chars | IME keys/char | KSR IME words | KSR IME whole | {other}: words / whole "
           "| KSR char words | KSR char whole | ExactMatch@1 | right whole | trigger | p50 ms | p95 ms |",
           "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    sources = list(next(iter(systems.values())))
    for src in sources:
        for name, figs in systems.items():
            f = figs[src]
            p50 = "–" if f["p50_ms"] is None else f"{f['p50_ms']:.2f}"
            p95 = "–" if f["p95_ms"] is None else f"{f['p95_ms']:.2f}"
            out.append(
                f"| {src} | {name} | {f['chars']} | {f['ime_keys_per_char']:.2f} | {_pct(f['ksr_ime_words'])} "
                f"| {_pct(f['ksr_ime_whole'])} | {_pct(f['ksr_other_words'])} / {_pct(f['ksr_other_whole'])} "
                f"| {_pct(f['ksr_char_words'])} | {_pct(f['ksr_char_whole'])} "
                f"| {_pct(f['exact_match@1'])} (n={f['exact_match@1_n']}) | {_pct(f['right_whole'])} "
                f"| {_pct(f['trigger_rate'])} | {p50} | {p95} |")
    return out
