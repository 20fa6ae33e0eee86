"""bench.keystrokes takes its decoding options from DecodingConfig's fields (declared once,
with their defaults, help and ranges), not from flags of its own."""

from __future__ import annotations

import argparse
from dataclasses import fields

import pytest

from bench.keystrokes import decoding_config, parse_args
from writer_app.inference import DecodingConfig
from writer_app.settings.options import option_info


def test_no_options_give_the_default_config() -> None:
    assert decoding_config(parse_args([])) == DecodingConfig()


def test_every_decoding_field_is_an_option_with_its_help() -> None:
    parser_help = argparse.ArgumentParser()
    from training.arg_types import add_options

    add_options(parser_help, DecodingConfig, skip=["document_cache"])
    for f in fields(DecodingConfig):
        if f.name == "document_cache":
            continue
        flag = "--" + f.name.replace("_", "-")
        action = next(a for a in parser_help._actions if flag in a.option_strings)
        assert option_info(DecodingConfig, f.name).help in action.help
        assert action.default == f.default


def test_options_reach_the_config() -> None:
    args = parse_args(["--beam-width", "4", "--top-k", "5", "--no-pass-over", "--stop-at-phrase",
                       "--threshold", "0.15", "--document-cache", "off"])
    assert decoding_config(args) == DecodingConfig(beam_width=4, top_k=5, pass_over=False, stop_at_phrase=True,
                                                   threshold=0.15, document_cache=False)
    assert decoding_config(parse_args(["--document-cache", "both"])).document_cache


@pytest.mark.parametrize("argv", [["--beam-width", "17"], ["--max-tokens", "0"], ["--threshold", "1.5"]])
def test_out_of_range_values_are_refused_as_the_field_declares(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        parse_args(argv)
    assert exit_info.value.code == 2


def test_pause_ms_idles_before_each_timed_call_and_only_then(monkeypatch: pytest.MonkeyPatch) -> None:
    """--pause-ms: the oracle sleeps before every call it times (a writer's pace), once per
    position (a memoised answer costs no pause), and not at all by default."""
    from bench import keystrokes

    assert parse_args(["--pause-ms", "100"]).pause_ms == 100.0
    assert parse_args([]).pause_ms == 0.0
    events: list[object] = []
    monkeypatch.setattr(keystrokes.time, "sleep", lambda s: events.append(s))
    paced = keystrokes.Oracle(lambda text: events.append(text), pause_s=0.1).for_segment(0, "abc")
    paced(1)
    paced(2)
    paced(2)  # memoised: no call, no pause
    assert events == [0.1, "a", 0.1, "ab"]
    events.clear()
    keystrokes.Oracle(lambda text: events.append(text)).for_segment(0, "abc")(3)
    assert events == ["abc"]
