"""Command line: ``python -m training SUBCOMMAND`` (also ``inkling-train``).

  train     corpus -> run folder (tokenizer + checkpoints); --resume continues
  export    checkpoint -> model folder (ONNX + tokenizer + model card), parity-checked
  build     train + export + test-set evaluation in one call
  evaluate  bits per byte / perplexity of text files under a checkpoint (torch)
  score     bits per byte of text files under an exported model folder (onnxruntime)
  baseline  n-gram baseline bits per byte on the same files
Each exits with status 2 and a one-line message on bad input (TrainingError).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from training.errors import TrainingError


def _add_train_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", help="corpus files or folders (or use --recipe)")
    p.add_argument("--recipe", type=Path, help="a TOML data recipe (see training/recipes/)")
    p.add_argument("--corpora", type=Path, default=Path("../shared/corpora"),
                   help="root the recipe's paths are relative to (default: ../shared/corpora)")
    p.add_argument("--run-dir", type=Path, required=True, help="folder for tokenizer and checkpoints")
    p.add_argument("--resume", action="store_true", help="continue from RUN_DIR/last.pt")
    p.add_argument("--base", type=Path, help="fine-tune from a checkpoint or a model folder")
    p.add_argument("--vocab-size", type=int, default=None)
    p.add_argument("--embedding-size", type=int, default=256)
    p.add_argument("--hidden-size", type=int, default=512)
    p.add_argument("--num-layers", type=int, default=2)
    p.add_argument("--dropout", type=float, default=0.1)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--seq-len", type=int, default=128)
    p.add_argument("--lr", type=float, default=3e-3)
    p.add_argument("--warmup-steps", type=int, default=200)
    p.add_argument("--max-steps", type=int, default=10_000)
    p.add_argument("--max-minutes", type=float, default=0.0, help="time budget (0: none)")
    p.add_argument("--eval-every", type=int, default=250)
    p.add_argument("--eval-tokens", type=int, default=100_000)
    p.add_argument("--patience", type=int, default=0, help="early stopping after N evals (0: off)")
    p.add_argument("--seed", type=int, default=1234)
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--no-bar", action="store_true", help="no progress bar (log lines only)")


def _sources(args: argparse.Namespace):
    from training.recipe import load_recipe, split_files

    if args.recipe:
        recipe = load_recipe(args.recipe, args.corpora)
        return recipe.sources, recipe
    if not args.paths:
        raise TrainingError("Give corpus files or folders, or --recipe")
    return [split_files(args.paths)], None


def cmd_train(args: argparse.Namespace) -> int:
    from training.config import ModelConfig, TrainConfig
    from training.run import run_training

    sources, recipe = _sources(args)
    vocab = args.vocab_size or (recipe.vocab_size if recipe else 8000)
    mc = ModelConfig(vocab, args.embedding_size, args.hidden_size, args.num_layers, args.dropout)
    tc = TrainConfig(
        batch_size=args.batch_size, seq_len=args.seq_len, lr=args.lr, warmup_steps=args.warmup_steps,
        max_steps=args.max_steps, max_minutes=args.max_minutes, eval_every=args.eval_every,
        eval_tokens=args.eval_tokens, patience=args.patience, seed=args.seed, threads=args.threads,
    )
    r = run_training(sources, args.run_dir, mc, tc, vocab_size=vocab, resume=args.resume, base=args.base,
                     show_bar=not args.no_bar)
    res = r.result
    print(f"trained {res.steps} steps in {res.elapsed_s / 60:.1f} min ({res.tokens_per_s:,.0f} tokens/s), "
          f"best validation loss {res.best_val_loss:.4f} at step {res.best_step}; stopped by {res.stopped_by}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m training", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("train", help="train a tokenizer and an LSTM into a run folder")
    _add_train_args(p)
    p.set_defaults(func=cmd_train)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except TrainingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
