"""A model card (model.json) as a short Markdown summary: ``python -m training card DIR``."""

from __future__ import annotations

from pathlib import Path

from training.errors import TrainingError
from writer_app.inference.card_file import CARD_NAME, ModelLoadError
from writer_app.inference.card_sections import KeystrokeFigures, TrainingInfo
from writer_app.inference.model_card import ModelCard


def card_markdown(folder: Path) -> str:
    """Markdown tables of a model folder's card: size, training, test BPB vs baselines.
    Raises TrainingError (a sentence) for a missing, oversized or malformed card."""
    try:
        return _markdown(ModelCard.read(folder))
    except ModelLoadError as exc:
        raise TrainingError(str(exc)) from exc
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise TrainingError(f"{folder / CARD_NAME} lacks a field this summary needs or has a bad "
                            f"value there ({type(exc).__name__}: {exc}); the model may still load, "
                            "but its card is not one Inkling's training tools wrote") from exc


def _markdown(card: ModelCard) -> str:
    a, t, o = card.architecture, card.training or TrainingInfo(), card.onnx
    loss = t.best_validation_loss if t.best_validation_loss is not None else float("nan")
    lines = [
        f"**{card.name}** ({card.language}): {a.num_layers}-layer LSTM, hidden {a.hidden_size}, "
        f"embedding {a.embedding_size} (tied), vocabulary {a.vocab_size:,}; "
        f"{a.parameters / 1e6:.2f} M parameters; `{o.file}` {o.precision}, {o.bytes / 1e6:.1f} MB.",
        "",
        f"Training: {t.steps or 0:,} steps, {(t.tokens or 0) / 1e6:.1f} M tokens in "
        f"{(t.time_s or 0) / 60:.0f} min ({t.tokens_per_s or 0:,.0f} tokens/s), "
        f"best validation loss {loss:.3f} nats/token at step {t.best_step}.",
    ]
    if t.command:
        lines += ["", f"Command: `{t.command}`"]
    if t.data:
        lines += ["", "Data (relative to the corpora root): " + ", ".join(
            f"{d.source} ({d.group}, weight {d.weight:g})" for d in t.data) + "."]
    advice = []
    start = card.start_state
    if isinstance(start, dict) and start.get("kind"):
        nll = start.get("first_tokens_nll") or {}
        advice.append(f"start state {start['kind']}" + (
            " (first-token loss " + ", ".join(f"{k} {v:.2f}" for k, v in nll.items()) + " nats)"
            if nll else ""))
    decoding = card.decoding
    if isinstance(decoding, dict) and decoding:
        advice.append("decoding " + ", ".join(f"{k} {v}" for k, v in decoding.items()))
    if advice:
        lines += ["", "Engine advice: " + "; ".join(advice) + "."]
    p = card.parity or {}
    if "fp32" in p:
        lines += ["", f"Parity with torch (fp32): max |Δlogits| {p['fp32']['max_abs_logit_diff']:.1e}, "
                      f"top-1 agreement {p['fp32']['top1_agreement']:.3f}."
                  + (f" int8 vs fp32 on text: top-1 agreement {p['int8']['text']['top1_agreement']:.3f}, "
                     f"NLL {p['int8']['text']['nll_change_pct']:+.2f}%." if "int8" in p else "")]
    test = (card.metrics or {}).get("test")
    if test:
        lines += ["", f"Test bits per byte (held-out files, first {test['max_chars_per_file']:,} characters each):", "",
                  "| test set | files | LSTM (torch) | LSTM (ONNX, shipped) | byte 5-gram | token unigram "
                  "| LSTM perplexity |",
                  "|---|---|---:|---:|---:|---:|---:|"]
        for name, g in test["groups"].items():
            files = ", ".join(f["file"] for f in g["files"])
            lines.append(f"| {name} | {files} | {g['lstm_bpb']:.3f} | {g['onnx_bpb']:.3f} | {g['byte5gram_bpb']:.3f} | "
                         f"{g['unigram_bpb']:.3f} | {g['lstm_perplexity']:.1f} |")
    if card.keystrokes is not None:
        lines += ["", keystrokes_markdown(card.keystrokes)]
    return "\n".join(lines)


def keystrokes_markdown(k: KeystrokeFigures) -> str:
    """The card's keystroke figures (bench.keystrokes --write-card) as one paragraph."""
    match = f"{k.exact_match_1:.1%}" if k.exact_match_1 is not None else "not measured"
    typed = f"{k.characters:,} characters" if k.characters is not None else "texts"
    at = f" at threshold {k.threshold:g}" if k.threshold is not None else ""
    return (f"Keystrokes ({typed} of {', '.join(k.texts) or 'the bench texts'}{at}, {k.date}): "
            f"KSR {k.ksr:.1%} (one key a character), ExactMatch@1 {match}, trigger rate {k.trigger_rate:.1%}, "
            f"{_ime_words(k)}p50 / p95 {k.p50_ms:.2f} / {k.p95_ms:.2f} ms per suggestion (state cache warm) on "
            f"{k.machine or 'an unnamed machine'}. Command: `{k.command}`.")


def _ime_words(k: KeystrokeFigures) -> str:
    """The input-method figures of a Chinese run, as a clause ending in ", " ('' without)."""
    if k.ime_ksr is None:
        return ""
    match = f", ExactMatch@1 {k.ime_exact_match_1:.1%}" if k.ime_exact_match_1 is not None else ""
    rate = f", trigger rate {k.ime_trigger_rate:.1%}" if k.ime_trigger_rate is not None else ""
    return (f"input-method keys saved {k.ime_ksr:.1%} (pinyin letters and commits; whole suggestions, "
            f"asked after every character){match}{rate} (asked at commits), ")
