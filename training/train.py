"""The training loop: truncated BPTT, AdamW, clipping, warm-up + cosine decay, best-val
checkpoints, exact resume, and DistributedDataParallel under ``torchrun``.

Run on one process (CPU or CUDA) or as ``torchrun --nproc-per-node N -m training train``:
each rank reads its own lanes of the same seeded stream; gradients are averaged by DDP
(gloo on CPU, nccl on GPU), so all ranks hold identical weights.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torch.distributed as dist
from tokenizers import Tokenizer

from training.checkpoint import load_checkpoint, save_checkpoint
from training.config import ModelConfig, TrainConfig
from training.dataset import LaneBatcher
from training.errors import TrainingError
from training.evaluate import stream_nll
from training.model import LSTMLanguageModel


@dataclass
class EvalSet:
    """A validation stream: ids int32[N] and the UTF-8 bytes those ids decode to."""

    name: str
    ids: np.ndarray
    bytes: int


@dataclass
class TrainResult:
    steps: int
    best_val_loss: float
    best_step: int
    elapsed_s: float
    tokens_per_s: float
    stopped_by: str
    history: list[dict[str, float]] = field(default_factory=list)
    model: LSTMLanguageModel | None = None  # the final weights (not the best), in memory


def lr_at(cfg: TrainConfig, step: int, progress: float) -> float:
    """Linear warm-up over warmup_steps, then cosine decay to min_lr_ratio * lr.

    progress in [0, 1]: the larger of step/max_steps and elapsed/max_minutes, so a time
    budget decays the rate just as a step budget does.
    """
    if step < cfg.warmup_steps:
        return cfg.lr * (step + 1) / cfg.warmup_steps
    p = min(max(progress, 0.0), 1.0)
    return cfg.lr * (cfg.min_lr_ratio + (1 - cfg.min_lr_ratio) * 0.5 * (1 + math.cos(math.pi * p)))


def _dist_info() -> tuple[int, int]:
    world = int(os.environ.get("WORLD_SIZE", "1"))
    if world > 1 and not dist.is_initialized():
        dist.init_process_group("nccl" if torch.cuda.is_available() else "gloo")
    return (dist.get_rank(), world) if world > 1 else (0, 1)


def _device(rank: int) -> torch.device:
    if torch.cuda.is_available():
        local = int(os.environ.get("LOCAL_RANK", rank))
        torch.cuda.set_device(local % torch.cuda.device_count())
        torch.backends.cuda.matmul.allow_tf32 = True  # the output layer; cuDNN's LSTM already uses TF32
        return torch.device("cuda", local % torch.cuda.device_count())
    return torch.device("cpu")


BF16_CHOICES = ("auto", "on", "off")


def cpu_bf16(choice: str, device: torch.device) -> bool:
    """Whether training steps run under torch.autocast(bfloat16) (TrainConfig.bf16): only
    on the CPU (a GPU trains in fp32 with TF32 as measured), "auto" where the CPU computes
    bfloat16 natively (AVX512-BF16 or AMX: 1.8x the tokens/s of fp32 on the 2-core Xeon,
    bench/RESULTS.md; emulated elsewhere, which would be slower). Weights, optimiser state,
    the loss and every evaluation stay fp32. Raises TrainingError for another choice."""
    if choice not in BF16_CHOICES:
        raise TrainingError(f"--bf16 must be one of {', '.join(BF16_CHOICES)}, not {choice!r}")
    if device.type != "cpu" or choice == "off":
        return False
    if choice == "on":
        return True
    # torch's own CPU feature probes (private; a torch without them: fp32)
    probes = (getattr(torch.cpu, name, None) for name in ("_is_avx512_bf16_supported", "_is_amx_tile_supported"))
    return any(probe() for probe in probes if probe is not None)


def evaluate_sets(model: LSTMLanguageModel, sets: list[EvalSet], device: torch.device) -> dict[str, float]:
    """Per set: loss (nats/token) and bpb; plus their token-weighted 'val_loss'."""
    out: dict[str, float] = {}
    total_nll, total_tok = 0.0, 0
    for s in sets:
        nll, n = stream_nll(model, s.ids, lanes=8, seq_len=256, device=device)
        predicted_bytes = s.bytes * n / max(len(s.ids) - 1, 1)
        out[f"{s.name}_loss"] = nll / max(n, 1)
        out[f"{s.name}_bpb"] = nll / math.log(2) / max(predicted_bytes, 1)
        total_nll, total_tok = total_nll + nll, total_tok + n
    out["val_loss"] = total_nll / max(total_tok, 1)
    return out


def format_eval(metrics: dict[str, float]) -> str:
    """One evaluation as a log line, for people: "eval step=250 val_loss=3.412 ..."."""
    return "eval " + " ".join(f"{k}={v:.4g}" for k, v in metrics.items())


def train(
    model_config: ModelConfig,
    cfg: TrainConfig,
    tokenizer: Tokenizer,
    stream: np.ndarray,
    eval_sets: list[EvalSet],
    out_dir: Path,
    *,
    resume: bool = False,
    init_weights: dict[str, torch.Tensor] | None = None,
    extra: dict[str, Any] | None = None,
    log: Callable[[str], None] = print,
    on_progress: Callable[[dict[str, float]], None] | None = None,
    on_eval: Callable[[dict[str, float]], None] | None = None,
    show_bar: bool = True,
) -> TrainResult:
    """Train and write ``out_dir/last.pt`` (each evaluation) and ``out_dir/best.pt``.

    stream: int32[N] training ids; eval_sets: validation streams. resume: continue from
    out_dir/last.pt exactly (weights, optimiser, data position, hidden state, RNG).
    init_weights: a state_dict to fine-tune from. extra: stored in each checkpoint.
    Callbacks, on the first process only: on_progress after each step with step, loss
    (nats/token), tokens_per_s and elapsed_s; on_eval after each evaluation with its
    metrics (step, val_loss and each validation set's ``NAME_loss``/``NAME_bpb``,
    train_loss, elapsed_s, tokens_per_s), as stored in the history; without on_eval each
    evaluation is one ``log`` line (format_eval).
    Raises TrainingError for a stream too short or a checkpoint from another tokenizer.
    """
    rank, world = _dist_info()
    device = _device(rank)
    if cfg.threads:
        torch.set_num_threads(cfg.threads)
    bf16 = cpu_bf16(cfg.bf16, device)
    if bf16 and rank == 0:
        log("matrix products in bfloat16 (torch.autocast on the CPU; --bf16 off for fp32)")
    torch.manual_seed(cfg.seed)
    tokenizer_json = tokenizer.to_str()
    if tokenizer.get_vocab_size() != model_config.vocab_size:
        raise TrainingError(
            f"Tokenizer has {tokenizer.get_vocab_size()} tokens but the model expects "
            f"{model_config.vocab_size}"
        )
    try:
        batcher = LaneBatcher(stream, cfg.batch_size, cfg.seq_len, rank, world)
    except ValueError:
        raise TrainingError(
            f"Too little training text: {len(stream)} tokens; need at least "
            f"{cfg.batch_size * world * (cfg.seq_len + 1)} for one batch of {cfg.batch_size}x{cfg.seq_len}"
        ) from None

    model = LSTMLanguageModel(model_config).to(device)
    if init_weights is not None:
        model.load_state_dict({k: v.float() for k, v in init_weights.items()})
    optimizer = torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    step, elapsed_before, best_val, best_step = 0, 0.0, math.inf, 0
    history: list[dict[str, float]] = []
    h, c = model.initial_state(cfg.batch_size, device)
    last_path, best_path = out_dir / "last.pt", out_dir / "best.pt"
    if resume:
        ck = load_checkpoint(last_path)
        if ck["tokenizer_json"] != tokenizer_json:
            raise TrainingError(f"{last_path} was trained with a different tokenizer; cannot resume")
        model.load_state_dict(ck["model_state"])
        optimizer.load_state_dict(ck["optimizer_state"])
        step, elapsed_before = ck["step"], ck["elapsed_s"]
        best_val, best_step, history = ck["best_val_loss"], ck["best_step"], list(ck["history"])
        if ck.get("world_size", 1) == world and rank == 0:
            h, c = ck["hidden"][0].to(device), ck["hidden"][1].to(device)
            torch.set_rng_state(ck["rng_state"])
        log(f"resumed from {last_path} at step {step}")
    ddp = torch.nn.parallel.DistributedDataParallel(model) if world > 1 else model

    def checkpoint(path: Path) -> None:
        save_checkpoint(path, {
            "model_state": model.state_dict(), "optimizer_state": optimizer.state_dict(),
            "model_config": model_config.to_dict(), "train_config": cfg.to_dict(),
            "tokenizer_json": tokenizer_json, "step": step,
            "best_val_loss": best_val, "best_step": best_step, "history": history,
            "elapsed_s": elapsed_before + time.monotonic() - t0,
            "hidden": (h.detach().cpu(), c.detach().cpu()), "rng_state": torch.get_rng_state(),
            "world_size": world, "extra": extra or {},
        })

    bad_evals = 0

    def do_eval(train_loss: float, rate: float) -> bool:
        """Evaluate, checkpoint; returns True when early stopping says stop."""
        nonlocal best_val, best_step, bad_evals
        metrics = evaluate_sets(model, eval_sets, device) if eval_sets else {"val_loss": train_loss}
        metrics.update(step=step, train_loss=train_loss, elapsed_s=elapsed_before + time.monotonic() - t0,
                       tokens_per_s=rate)
        history.append(metrics)
        improved = metrics["val_loss"] < best_val
        if improved:
            best_val, best_step, bad_evals = metrics["val_loss"], step, 0
        else:
            bad_evals += 1
        if rank == 0:
            if on_eval is not None:
                on_eval(dict(metrics))
            else:
                log(format_eval(metrics))
            checkpoint(last_path)
            if improved:
                checkpoint(best_path)
        return bool(cfg.patience and bad_evals >= cfg.patience)

    bar = None
    if show_bar and rank == 0:
        from tqdm import tqdm
        bar = tqdm(total=cfg.max_steps, initial=step, unit="step", dynamic_ncols=True)
    t0 = time.monotonic()
    tokens_done, stopped_by = 0, "max_steps"
    loss = torch.tensor(float("nan"))
    elapsed = elapsed_before
    while step < cfg.max_steps:
        elapsed = elapsed_before + time.monotonic() - t0
        progress = step / cfg.max_steps
        if cfg.max_minutes > 0:
            progress = max(progress, elapsed / (cfg.max_minutes * 60))
        stop = torch.tensor([1.0 if progress >= 1.0 else 0.0])
        if world > 1:
            dist.broadcast(stop, 0)
        if stop.item():
            stopped_by = "time_budget"
            break
        if batcher.is_epoch_start(step):
            h, c = model.initial_state(cfg.batch_size, device)
        for group in optimizer.param_groups:
            group["lr"] = lr_at(cfg, step, progress)
        model.train()
        x, y = (torch.from_numpy(a).to(device) for a in batcher.batch(step))
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            logits, h, c = ddp(x, h.detach(), c.detach())
        loss = torch.nn.functional.cross_entropy(logits.float().reshape(-1, logits.shape[-1]), y.reshape(-1))
        h, c = h.float(), c.float()
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), cfg.grad_clip)
        optimizer.step()
        step += 1
        tokens_done += x.numel() * world
        rate = tokens_done / max(time.monotonic() - t0, 1e-9)
        if bar is not None:
            bar.update(1)
            bar.set_postfix(loss=f"{loss.item():.3f}", tok_s=f"{rate:,.0f}")
        if on_progress is not None and rank == 0:
            on_progress({"step": step, "loss": loss.item(), "tokens_per_s": rate,
                         "elapsed_s": elapsed_before + time.monotonic() - t0})
        if step % cfg.eval_every == 0 or step == cfg.max_steps:
            if do_eval(loss.item(), rate):
                stopped_by = "early_stopping"
                break
    elapsed = elapsed_before + time.monotonic() - t0
    if bar is not None:
        bar.close()
    if step > 0 and (not history or history[-1]["step"] != step):
        do_eval(loss.item(), tokens_done / max(time.monotonic() - t0, 1e-9))
    if world > 1:
        dist.barrier()
    return TrainResult(step, best_val, best_step, elapsed, tokens_done / max(elapsed - elapsed_before, 1e-9),
                       stopped_by, history, model)
