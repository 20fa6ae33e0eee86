"""Retrain on my writing: fine-tune a model folder on the user's text, measure, install.

    python -m training retrain --base MODEL_DIR --out NEW_MODEL_DIR PATH... [--budget quick]

Steps: scan and read the user's files (read only) -> hold out a slice -> measure the
base model on it -> fine-tune from the base's weights.pt with dropout, a lower learning
rate and early stopping on the held-out loss -> move the best weights part of the way back
towards the base's (``toward_base``) -> export (ONNX, parity checks, int8; with the
n-grams of the text trained on, kept in the new folder for the Suggester:
writer_app/inference/writer_ngrams.py) -> measure the new model -> install. Everything is
written inside a hidden staging folder next to NEW_MODEL_DIR (locked while this process
lives) and renamed into place only when complete, so cancel, kill -9 or a full disk
never leave a usable-looking folder; the base model folder is only read.
"""

from __future__ import annotations

import datetime as dt
import math
import shutil
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import torch

from training.checkpoint import load_checkpoint, save_checkpoint
from training.config import RetrainOptions, TrainConfig
from training.data_prep import eval_sets, training_stream
from training.errors import DiskFullError, TrainingError, is_disk_full
from training.package import make_model_folder
from training.report import update_card
from training.retrain_data import UserData, load_user_data, report_slices, too_little_to_tell
from training.retrain_eval import format_report, measure
from training.retrain_events import Events, clock
from training.run import load_base
from training.train import train
from writer_app.engine.model_choice import language_name
from writer_app.files.atomic_write import replace_dir
from writer_app.files.session_lock import process_lock
from writer_app.inference.card_file import CARD_NAME, WHAT_TO_DO, ModelLoadError, without_advice
from writer_app.inference.model_card import ModelCard
from writer_app.inference.model_folder import check_files
from writer_app.inference.writer_ngrams import writer_ngrams_section
from writer_app.resources import BUNDLED_MODELS, MissingResourceError, bundled_model_dir
from writer_app.retrain.model_store import LOCK_NAME, ModelStore, staging_path
from writer_app.retrain.run_space import space_problem

# fp32 parity limit for fine-tuned exports: onnxruntime's and torch's LSTM kernels sum in a
# different order; a fine-tuned 2x512 model was seen at 2.3e-3 with 100% top-1 agreement,
# just over the 1e-3 of a fresh export. Top-1 agreement must still be >= 0.999.
PARITY_MAX_LOGIT_DIFF = 1e-2
SKIPPED_IN_CARD = 100  # skipped files named in the card (a folder may skip thousands)
EXPORT_ESTIMATE_S = 20.0  # ONNX export + parity + int8 of the 5.9 M-parameter model, 2 cores
# The fine-tuned weights' share in the installed model, the base's the rest: weight-space
# ensembling (WiSE-FT, Wortsman et al. 2022, "Robust fine-tuning of zero-shot models").
# A tester's retrained model pushed his own phrases into unrelated writing. Measured on
# Conrad's Almayer's Folly (quick budget; bits per byte, docs/RETRAIN.md): the fine-tuned
# model gained 8.7% on the book's held-out end and lost 2.1-3.3% on held-out Doyle, Woolf
# and OpenStax; at 0.7 it keeps 92% of the gain and loses 0.7-1.5%.
FINE_TUNED_SHARE = 0.7


class Cancelled(BaseException):  # noqa: N818 (a signal, like KeyboardInterrupt)
    """Raised (from a SIGTERM handler) to stop a run; the staging folder is removed."""


def plan_training(train_tokens: int, opts: RetrainOptions) -> TrainConfig:
    """Batch size, evaluation interval and budgets for ``train_tokens`` tokens of text.

    The batch shrinks (down to 4 lanes) so that one pass over a small text still has at
    least 16 steps; held-out loss is evaluated about twice per pass, and training stops
    after ``patience`` evaluations without improvement (early stopping).
    """
    seq = opts.seq_len
    batch = opts.batch_size or max(4, min(32, train_tokens // (seq * 16)))
    steps_per_epoch = max(1, (train_tokens // batch - 1) // seq)
    every = opts.eval_every or max(5, min(50, steps_per_epoch // 2))
    return TrainConfig(
        batch_size=batch, seq_len=seq, lr=opts.lr, min_lr_ratio=0.1, weight_decay=0.01,
        warmup_steps=min(20, every), grad_clip=1.0,
        max_steps=opts.max_steps if opts.max_steps is not None else 100_000,
        max_minutes=opts.minutes(), eval_every=every, eval_tokens=opts.eval_tokens,
        patience=opts.patience, seed=opts.seed, threads=opts.threads, bf16=opts.bf16,
    )


def toward_base(checkpoint: Path, base_state: dict[str, torch.Tensor], share: float) -> None:
    """Rewrite ``checkpoint``'s weights as ``share`` of its own plus ``1 - share`` of
    ``base_state``'s (the weights it was fine-tuned from: same names and shapes), in
    float32. Raises TrainingError for an unreadable checkpoint, OSError when it cannot be
    written (the old one is then untouched)."""
    payload = load_checkpoint(checkpoint)
    state = payload["model_state"]
    payload["model_state"] = {k: share * v.float() + (1.0 - share) * base_state[k].float()
                              for k, v in state.items()}
    save_checkpoint(checkpoint, payload)


class BaseModelError(TrainingError):
    """The base model folder cannot be retrained. ``reason``: why, a sentence without advice;
    the message adds what to do on the command line (``--base`` and a bundled model's folder),
    ``in_app`` what to do in the app (card_file.WHAT_TO_DO: its Model menu)."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"{reason} {_base_advice()}")
        self.reason = reason

    @property
    def in_app(self) -> str:
        return f"{self.reason} {WHAT_TO_DO}"


def _base_advice() -> str:
    """What to do about a base that cannot be retrained, on the command line: "Start from
    another model folder, such as a bundled one: --base …/en-default (English) or …"."""
    try:
        folders = {lang: bundled_model_dir(name) for lang, name in BUNDLED_MODELS.items()}
    except MissingResourceError:
        folders = {lang: Path("assets") / name for lang, name in BUNDLED_MODELS.items()}
    return ("Start from another model folder, such as a bundled one: "
            + " or ".join(f"--base {folder} ({language_name(lang)})" for lang, folder in folders.items())
            + ".")


def _read_base_card(base: Path) -> ModelCard:
    """The base's card, its files checked. Raises BaseModelError."""
    if not (base / CARD_NAME).is_file():
        raise BaseModelError(f"{base} is not a model folder (no {CARD_NAME}).")
    if not (base / "weights.pt").is_file():
        raise BaseModelError(f"{base} has no weights.pt, so it cannot be retrained (only models "
                             "made by Inkling's training tools have it).")
    try:
        card = ModelCard.read(base)  # every field checked, before minutes of training
        check_files(base, card)  # its ONNX file and tokenizer there and its own
    except ModelLoadError as exc:
        raise BaseModelError(without_advice(str(exc))) from exc
    return card


def _write_error(exc: BaseException, where: Path, written: Path) -> TrainingError | None:
    """The TrainingError for a failed write in ``written`` (a full disk: DiskFullError,
    however the library reported it; another OSError: its reason), or None."""
    if is_disk_full(exc, written):
        return DiskFullError(where)
    if isinstance(exc, OSError):
        return TrainingError(f"Could not write the new model in {where}: "
                             f"{exc.strerror or exc}. Nothing was installed and the current "
                             "model is unchanged.")
    return None


class _Progress:
    """Turns the trainer's step, evaluation and log callbacks into events."""

    def __init__(self, events: Events, cfg: TrainConfig, after_s: float) -> None:
        self.events, self.cfg, self.after_s = events, cfg, after_s
        self.step = 0
        self.best = math.inf

    def on_step(self, p: dict[str, float]) -> None:
        cfg, step, elapsed = self.cfg, int(p["step"]), float(p["elapsed_s"])
        self.step = step
        rate = step / max(elapsed, 1e-9)
        left = (cfg.max_steps - step) / max(rate, 1e-9)
        fraction = step / cfg.max_steps
        if cfg.max_minutes > 0:
            left = min(left, cfg.max_minutes * 60 - elapsed)
            fraction = max(fraction, elapsed / (cfg.max_minutes * 60))
        self.events.progress(
            force=step == cfg.max_steps, step=step, max_steps=cfg.max_steps,
            loss=round(p["loss"], 4),
            elapsed_s=round(elapsed, 1), remaining_s=round(max(left, 0) + self.after_s, 1),
            fraction=round(min(fraction, 1.0), 4), tokens_per_s=round(p["tokens_per_s"]))

    def on_eval(self, metrics: dict[str, float]) -> None:
        step, val = int(metrics["step"]), metrics["val_loss"]
        improved = val < self.best
        self.best = min(self.best, val)
        self.events.emit("eval", f"step {step}: held-out loss {val:.4f}"
                         + (" (best so far)" if improved else ""),
                         step=step, val_loss=val, best_val_loss=self.best, improved=improved)

    def on_log(self, line: str) -> None:
        self.events.emit("log", line)


def retrain(opts: RetrainOptions, events: Events,
            should_stop: Callable[[], None] = lambda: None,
            committing: Callable[[], None] = lambda: None) -> dict[str, Any]:
    """Run the whole pipeline and return the new model's card.

    Raises TrainingError (bad input, too little text, no weights.pt, a full disk, an
    existing NEW_MODEL_DIR: the message says what to do) and Cancelled; in every case
    nothing is left at ``opts.out`` and the staging folder is removed. ``committing`` is
    called once, after the last cancellation point and just before the new folder is
    moved into place: from then on the run must not be cancelled (CancelSignals.commit
    ignores SIGTERM/SIGINT), so that "done" is the truth once the model is installed.
    """
    t_start = time.monotonic()
    base, out = Path(opts.base), Path(opts.out)
    base_card = _read_base_card(base)
    if out.exists():
        raise TrainingError(f"{out} already exists; choose another folder")
    if out.resolve() == base.resolve() or base.resolve() in out.resolve().parents:
        raise TrainingError("NEW_MODEL_DIR must not be inside the base model's folder")
    no_room = space_problem(base, out.parent)  # the dialog's check, before minutes of work
    if no_room:
        raise TrainingError(no_room)
    name = opts.name or out.name
    events.emit("start", f"Retraining {base_card.name} into {out} ({name})",
                base=str(base), base_name=base_card.name, out=str(out), name=name)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = staging_path(out)
        staging.mkdir()
    except OSError as exc:
        error = _write_error(exc, out.parent, out.parent)
        if error is None:
            raise
        raise error from exc
    lock = process_lock(staging / LOCK_NAME)
    lock.acquire()  # a fresh folder: nobody else holds it
    try:
        events.emit("phase", "Reading your text", phase="prepare")
        data = load_user_data(opts.paths, language=base_card.language, holdout=opts.holdout,
                              other_text=opts.other_text, min_chars=opts.min_chars, seed=opts.seed)
        _emit_scan(events, data)
        model_config, tok, init = load_base(base)
        model_config = replace(model_config, dropout=opts.dropout)
        prepared = data.prepared()
        stream = training_stream(tok, prepared, opts.seed)
        sets = eval_sets(tok, prepared.validation, opts.eval_tokens)
        cfg = plan_training(int(len(stream)), opts)
        events.emit("data", f"{data.train_chars:,} characters to train on ({len(stream):,} "
                    f"tokens), {data.heldout_chars:,} held out: {data.heldout_how}",
                    train_chars=data.train_chars, train_tokens=int(len(stream)),
                    heldout_chars=data.heldout_chars, heldout=data.heldout_how,
                    batch_size=cfg.batch_size, eval_every=cfg.eval_every,
                    max_minutes=cfg.max_minutes, max_steps=cfg.max_steps)
        bpb_text, ksr_text = report_slices(data.heldout_text, opts.bpb_chars, opts.report_chars)
        too_little = too_little_to_tell(bpb_text)
        if too_little:
            events.emit("warning", f"warning: {too_little}", warning=too_little)

        events.emit("phase", "Measuring the current model on your held-out text",
                    phase="measure_old")
        old = measure(base, bpb_text, ksr_text, should_stop, events.measuring)
        events.emit("measured", f"current model: {old['bpb']:.3f} bits per byte"
                    + (f", keystroke savings {old['ksr']:.1%}" if old["ksr"] is not None else ""),
                    which="old", **old)

        events.emit("phase", "Training", phase="train")
        progress = _Progress(events, cfg, old["seconds"] + EXPORT_ESTIMATE_S)
        result = train(model_config, cfg, tok, stream, sets, staging / "run", init_weights=init,
                       extra={"data": prepared.data_card}, log=progress.on_log,
                       on_progress=progress.on_step, on_eval=progress.on_eval, show_bar=False)
        should_stop()
        events.emit("trained", f"trained {result.steps} steps in {clock(result.elapsed_s)}; best "
                    f"held-out loss {result.best_val_loss:.4f} at step {result.best_step}; "
                    f"stopped by {result.stopped_by.replace('_', ' ')}",
                    steps=result.steps, best_step=result.best_step, stopped_by=result.stopped_by,
                    best_val_loss=result.best_val_loss, elapsed_s=round(result.elapsed_s, 1))

        events.emit("phase", "Exporting and checking the new model", phase="export")
        toward_base(staging / "run" / "best.pt", init, FINE_TUNED_SHARE)
        staged = staging / "model"
        base_name = base_card.name
        retrain_info: dict[str, Any] = {
            "base": {"name": base_name, "folder": str(base.resolve()),
                     "sha256": base_card.onnx.sha256},
            "data": {"files": len(data.scan.files), "chars": data.scan.chars,
                     "train_chars": data.train_chars, "heldout_chars": data.heldout_chars,
                     "heldout": data.heldout_how,
                     "skipped_count": len(data.scan.skipped),  # the list is cut: cards stay small
                     "skipped": [{"file": str(s.path), "reason": s.reason}
                                 for s in data.scan.skipped[:SKIPPED_IN_CARD]],
                     "other_language": [str(f.path)  # left out: not the model's language
                                        for f in data.scan.other_language[:SKIPPED_IN_CARD]]},
            "budget": {"name": opts.budget, "max_minutes": cfg.max_minutes,
                       "max_steps": cfg.max_steps},
            "stopped_by": result.stopped_by,
        }
        make_model_folder(staging / "run" / "best.pt", staged, name=name,
                          language=base_card.language,
                          description=f"{base_name} fine-tuned on the user's own writing",
                          parity_text=data.heldout_text[:20_000], precision="auto",
                          card_extra={"retrain": retrain_info,  # the base's decoding advice holds
                                      **({"decoding": base_card.decoding}
                                         if base_card.decoding else {})},
                          max_logit_diff=PARITY_MAX_LOGIT_DIFF,
                          # the text trained on, never the held-out text the report types
                          extra_files=lambda folder: writer_ngrams_section(
                              folder, tok, (d.text for d in data.train)))
        should_stop()

        events.emit("phase", "Measuring the new model on your held-out text", phase="measure_new")
        new = measure(staged, bpb_text, ksr_text, should_stop, events.measuring)
        events.emit("measured", f"new model: {new['bpb']:.3f} bits per byte"
                    + (f", keystroke savings {new['ksr']:.1%}" if new["ksr"] is not None else ""),
                    which="new", **new)
        report = {"old": old, "new": new,
                  "held_out": {"how": data.heldout_how, "chars": data.heldout_chars,
                               "bpb_bytes": new["bpb_bytes"], "ksr_chars": new["ksr_chars"],
                               # False: the figures cannot say which model is better
                               "enough": not too_little, "too_little": too_little},
                  "training": {"steps": result.steps, "best_step": result.best_step,
                               "stopped_by": result.stopped_by,
                               "minutes": round(result.elapsed_s / 60, 2),
                               "best_val_loss": result.best_val_loss,
                               "history": [{k: h[k] for k in ("step", "train_loss", "val_loss")
                                            if k in h} for h in result.history]},
                  "seconds": round(time.monotonic() - t_start, 1),
                  "finished": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")}
        card = update_card(staged, {"retrain": {**retrain_info, "report": report}})

        events.emit("report", format_report(report), report=report)
        events.emit("phase", "Installing", phase="install")
        should_stop()
        committing()  # once done, done: no cancel from here on
        if out.exists():
            raise TrainingError(f"{out} appeared while training; the new model was not installed")
        installed_name = ModelStore(out.parent).free_name(name)  # another run may have taken it
        if installed_name != name:
            name, card = installed_name, update_card(staged, {"name": installed_name})
        replace_dir(staged, out)
        total = time.monotonic() - t_start
        events.emit("done", f"Installed {name} in {out} ({clock(total)} in all)",
                    model_dir=str(out), name=name, seconds=round(total, 1))
        return card
    except DiskFullError as exc:  # from the export, naming the hidden staging folder
        raise DiskFullError(out.parent) from exc
    except TrainingError:
        raise
    except ModelLoadError as exc:
        raise TrainingError(f"A model could not be loaded: {exc}") from exc
    except Exception as exc:  # torch.save's RuntimeError on a full disk, an OSError, ...
        error = _write_error(exc, out.parent, staging)  # before the staging folder is removed
        if error is None:
            raise
        raise error from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        lock.release()


def _emit_scan(events: Events, data: UserData) -> None:
    scan = data.scan
    events.emit("scan", scan.summary(0), files=len(scan.files), chars=scan.chars,
                skipped=[{"path": str(s.path), "reason": s.reason} for s in scan.skipped],
                other_language=[str(f.path) for f in scan.other_language])
    for s in scan.skipped:
        events.emit("skipped", f"skipped {s.path}: {s.reason}", path=str(s.path), reason=s.reason)
