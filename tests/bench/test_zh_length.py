"""bench/zh_length.py: which row of the length sweep is chosen."""

from __future__ import annotations

from bench.zh_length import choose


def _row(extent: str, ksr: float, exact: float, trigger: float) -> dict[str, object]:
    return {"extent": extent, "stop_prob": 0.1, "threshold": 0.2,
            "figures": {"all": {"ksr_ime_whole": ksr, "exact_match@1": exact, "trigger_rate": trigger}}}


def test_the_targets_first_then_a_lower_exact_match_floor_never_a_lower_trigger() -> None:
    rows = [_row("unit", 0.05, 0.45, 0.30), _row("phrase", 0.08, 0.42, 0.26), _row("word", 0.20, 0.10, 0.90)]
    assert choose(rows)[0]["extent"] == "phrase"  # both targets met: the most savings there
    rows = [_row("unit", 0.02, 0.26, 0.30), _row("phrase", 0.03, 0.21, 0.35),
            _row("word", 0.20, 0.45, 0.05)]  # right but hardly ever shown
    best, rule = choose(rows)
    assert best["extent"] == "unit" and rule.startswith("ExactMatch@1 >= 25%")
