"""Command line: ``python -m training SUBCOMMAND`` (also ``inkling-train``).

  train     corpus -> run folder (tokenizer + checkpoints); --resume continues
  export    checkpoint -> model folder (ONNX + tokenizer + model card), parity-checked
  pack      corpus -> token ids in parts, to train where the corpora are not (a lent GPU)
  build     train + export + test-set evaluation in one call
  evaluate  bits per byte / perplexity of text files under a checkpoint (torch)
  score     bits per byte of text files under an exported model folder (onnxruntime)
  baseline  n-gram baseline bits per byte on the same files
  card      a model folder's card as Markdown
  retrain   fine-tune a model folder on your own writing, report before/after, install
Each exits with status 2 and a one-line message on bad input (TrainingError).
"""

from __future__ import annotations

import argparse
import math
import sys
from dataclasses import fields
from pathlib import Path

from training.arg_types import add_options, non_negative_int, option_values, positive_int
from training.config import ModelConfig, TrainConfig
from training.errors import TrainingError


def _add_train_args(p: argparse.ArgumentParser, run_dir_required: bool = True) -> None:
    p.add_argument("paths", nargs="*", help="corpus files or folders (or use --recipe)")
    p.add_argument("--recipe", type=Path, help="a TOML data recipe (see training/recipes/)")
    p.add_argument("--corpora", type=Path, default=Path("../shared/corpora"),
                   help="root the recipe's paths are relative to (default: ../shared/corpora)")
    p.add_argument("--pack", type=Path, default=None,
                   help="train on a pack written by `python -m training pack` instead of the corpus")
    p.add_argument("--run-dir", type=Path, required=run_dir_required,
                   help="folder for tokenizer and checkpoints" + ("" if run_dir_required else
                                                                  " (not needed with --checkpoint)"))
    p.add_argument("--resume", action="store_true", help="continue from RUN_DIR/last.pt")
    p.add_argument("--base", type=Path, help="fine-tune from a checkpoint or a model folder")
    p.add_argument("--extend-vocab", type=int, default=0, metavar="N",
                   help="with --base: grow its tokenizer to N entries with merges learned on the "
                        "training text (e.g. English words for a model that saw only Chinese)")
    p.add_argument("--han-tokens", type=non_negative_int, default=0, metavar="MIN",
                   help="with --base: every Han character the training text holds at least MIN "
                        "times becomes one token (a tokenizer fitted on other text splits some "
                        "into bytes)")
    p.add_argument("--tokenizer", type=Path, default=None,
                   help="use this tokenizer.json instead of fitting one (e.g. to train on another machine)")
    # Model sizes default to None: given ones cannot be combined with --resume or --base.
    add_options(p, ModelConfig, unset=[f.name for f in fields(ModelConfig)])
    add_options(p, TrainConfig)
    p.add_argument("--no-bar", action="store_true", help="no progress bar (log lines only)")


def _sources(args: argparse.Namespace):
    from training.recipe import load_recipe, split_files

    if args.recipe and args.paths:
        raise TrainingError("Give corpus files or folders, or --recipe, not both")
    if getattr(args, "pack", None) is not None:
        if args.recipe or args.paths:
            raise TrainingError("--pack holds the training data: give it without --recipe or corpus paths")
        return [], None
    if args.recipe:
        recipe = load_recipe(args.recipe, args.corpora)
        return recipe.sources, recipe
    if not args.paths:
        raise TrainingError("Give corpus files or folders, or --recipe")
    return [split_files(args.paths)], None


def cmd_train(args: argparse.Namespace) -> int:
    _train(args, *_sources(args))
    return 0


def _train(args: argparse.Namespace, sources, recipe):
    """cmd_train on sources and recipe that _sources already read; returns the RunResult
    (training.run), which holds the documents read."""
    from training.run import run_training

    if not args.resume and (args.run_dir / "last.pt").exists():
        raise TrainingError(
            f"{args.run_dir} already holds a training run; pass --resume to continue it, "
            "or choose another --run-dir"
        )
    if (args.extend_vocab or args.han_tokens) and not args.base:
        raise TrainingError("--extend-vocab and --han-tokens grow a base model's tokenizer: give --base as well")
    if (args.extend_vocab or args.han_tokens or args.tokenizer or args.vocab_size) and args.pack:
        raise TrainingError("a pack's tokenizer is the run's: give --extend-vocab, --han-tokens, --tokenizer "
                            "or --vocab-size to `training pack`")
    vocab = args.vocab_size or (recipe.vocab_size if recipe else ModelConfig.vocab_size)
    given = {k: v for k, v in option_values(args, ModelConfig).items() if k != "vocab_size"}
    # dropout is a training setting: a fine-tune (--base) may change it; sizes it may not
    fixed = [*(k for k in given if k != "dropout" or args.resume), *(["tokenizer"] if args.tokenizer else [])]
    if fixed and (args.resume or args.base):
        options = ", ".join("--" + k.replace("_", "-") for k in fixed)
        raise TrainingError(f"{options} cannot change a model that --resume or --base continues; "
                            "drop the option(s) or start a new run")
    mc = ModelConfig(vocab, **given)  # the rest: ModelConfig's defaults
    tc = TrainConfig(**option_values(args, TrainConfig))
    r = run_training(sources, args.run_dir, mc, tc, vocab_size=vocab, resume=args.resume, base=args.base,
                     tokenizer=args.tokenizer, han_chars=bool(recipe and recipe.han_chars),
                     extend_vocab=args.extend_vocab, han_tokens=args.han_tokens,
                     dropout=given.get("dropout"), pack=args.pack, show_bar=not args.no_bar)
    res = r.result
    print(f"trained {res.steps} steps in {res.elapsed_s / 60:.1f} min ({res.tokens_per_s:,.0f} tokens/s), "
          f"best validation loss {res.best_val_loss:.4f} at step {res.best_step}; stopped by {res.stopped_by}")
    return r


def _export_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", type=Path, required=True, help="model folder to create")
    p.add_argument("--name", default=None, help="model name for the card (default: the folder's name)")
    p.add_argument("--language", default=None)
    p.add_argument("--precision", choices=["auto", "int8", "fp32"], default="auto",
                   help="auto: int8 when its parity report passes, else fp32")
    p.add_argument("--keep-fp32", action="store_true", help="also write model-fp32.onnx")
    p.add_argument("--overwrite", action="store_true", help="replace an existing model folder")


def _export(args: argparse.Namespace, checkpoint: Path, parity_text: str, description: str = "",
            extra: dict | None = None, evaluate=None):
    from training.package import make_model_folder

    card = make_model_folder(
        checkpoint, args.out, name=args.name or args.out.name, language=args.language or "en",
        description=description, parity_text=parity_text, precision=args.precision,
        keep_fp32=args.keep_fp32, card_extra=extra, overwrite=args.overwrite, evaluate=evaluate,
    )
    p = card.parity or {}
    print(f"wrote {args.out} ({card.onnx.precision}, {(card.onnx.bytes or 0) / 1e6:.1f} MB); "
          f"fp32 parity max|Δlogits| {p['fp32']['max_abs_logit_diff']:.1e}, top-1 {p['fp32']['top1_agreement']:.3f}"
          + (f"; int8 top-1 {p['int8']['text']['top1_agreement']:.3f}, NLL {p['int8']['text']['nll_change_pct']:+.2f}%"
             if "int8" in p else ""))
    return card


def cmd_export(args: argparse.Namespace) -> int:
    _export(args, args.checkpoint, "")
    return 0


def cmd_pack(args: argparse.Namespace) -> int:
    """recipe (or paths) -> a training pack (training.pack) in args.out."""
    from training.data_prep import prepare_documents
    from training.pack import write_pack
    from training.run import choose_tokenizer

    sources, recipe = _sources(args)
    if (args.extend_vocab or args.han_tokens) and not args.base:
        raise TrainingError("--extend-vocab and --han-tokens grow a base model's tokenizer: give --base as well")
    if args.base and (args.vocab_size or args.tokenizer):
        raise TrainingError("--base brings its own tokenizer: --vocab-size and --tokenizer cannot change it")
    data = prepare_documents(sources)
    tok, _, _ = choose_tokenizer(
        data, ModelConfig(), base=args.base, tokenizer=args.tokenizer,
        vocab_size=args.vocab_size or (recipe.vocab_size if recipe else ModelConfig.vocab_size),
        han_chars=bool(recipe and recipe.han_chars), extend_vocab=args.extend_vocab, han_tokens=args.han_tokens)
    files = write_pack(args.out, tok, data, args.eval_tokens, args.part_mb * 2**20)
    size = sum(f.stat().st_size for f in files)
    print(f"wrote {args.out}: {len(files)} files, {size / 2**20:.1f} MiB; send each train-NN.npz in a call "
          "of its own (carry), the other files with the first")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    """train (or resume) -> export with the test report -> one model.json, written once.
    The recipe, the corpus and the checkpoint are each read once."""
    import shlex

    from training.data_prep import prepare_documents
    from training.report import test_report

    if args.out.exists() and not args.overwrite:
        raise TrainingError(f"{args.out} already exists; choose another folder or pass --overwrite")
    if args.checkpoint is None and args.run_dir is None:
        raise TrainingError("Give --run-dir (the folder to train into) or --checkpoint (a model to export)")
    if args.pack is not None:
        raise TrainingError("build reads the corpora for its test sets: train on a pack with `train --pack`, "
                            "then `build --checkpoint RUN/best.pt --recipe ...` where the corpora are")
    checkpoint = args.checkpoint or args.run_dir / "best.pt"
    sources, recipe = _sources(args)
    if args.checkpoint is None:
        data = _train(args, sources, recipe).data
    elif not args.checkpoint.is_file():
        raise TrainingError(f"{args.checkpoint} does not exist")
    else:
        data = prepare_documents(sources)
    val_text = next((d.text for docs in data.validation.values() for d in docs), "")
    command = args.trained_with or "python -m training " + " ".join(shlex.quote(a) for a in sys.argv[1:])
    args.name = args.name or (recipe.name if recipe else args.out.name)
    args.language = args.language or (recipe.language if recipe else "en")
    def evaluate(onnx, model, tok) -> dict:
        return {"metrics": {"test": test_report(model, tok, onnx, data.test, [d for d, _ in data.train])}}

    _export(args, checkpoint, val_text[:20_000],
            description=recipe.description if recipe else "",
            # the data the card names: the run's own, or with --checkpoint the recipe's as
            # given here (its test sets are the ones metrics.test reports)
            extra={"training": {"command": command,
                                **({"data": data.data_card} if args.checkpoint is not None else {})},
                   **({"decoding": recipe.decoding} if recipe and recipe.decoding else {})},
            evaluate=evaluate if data.test else None)
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from training.corpus import find_text_files, prepare_text, read_utf8
    from training.evaluate import costliest_tokens, document_cache_nll, score_text
    from training.package import load_model
    from training.tokenizer import special_ids

    model, tok, _ = load_model(args.checkpoint)
    for f in find_text_files(args.files):
        raw = read_utf8(f)
        text = (raw if args.raw else prepare_text(f, raw))[: args.max_chars or None]
        if not text.strip():
            raise TrainingError(f"{f} has no text to score")
        s = score_text(model, tok, text, special_ids(tok)["bos"])
        print(f"{f}: {s.bits_per_byte:.4f} bits/byte, perplexity {s.perplexity:.2f} "
              f"({s.tokens} tokens, {s.bytes} bytes)")
        for token, n, share, mean in costliest_tokens(model, tok, text, special_ids(tok)["bos"], args.top_tokens):
            print(f"  {token!r}: {share:.1%} of the bits, {n} times, {mean:.1f} bits each")
        if args.document_cache:
            nll = document_cache_nll(model, tok, text, special_ids(tok)["bos"])
            bpb = {k: float(v.sum()) / math.log(2) / s.bytes for k, v in nll.items()}
            print(f"  with the document caches: {bpb['both']:.4f} bits/byte (n-gram cache alone "
                  f"{bpb['ngram']:.4f}, continuous cache alone {bpb['continuous']:.4f}, model {bpb['model']:.4f})")
    return 0


def cmd_score(args: argparse.Namespace) -> int:
    from training.corpus import find_text_files, prepare_text, read_utf8
    from writer_app.inference.lm_session import OnnxLanguageModel
    from writer_app.inference.model_folder import ModelLoadError

    try:
        model = OnnxLanguageModel.load(args.model)
    except ModelLoadError as exc:
        raise TrainingError(str(exc)) from exc
    for f in find_text_files(args.files):
        raw = read_utf8(f)
        text = (raw if args.raw else prepare_text(f, raw))[: args.max_chars or None]
        if not text.strip():
            raise TrainingError(f"{f} has no text to score")
        bpb, n, nbytes = model.bits_per_byte(text)
        print(f"{f}: {bpb:.4f} bits/byte ({n} tokens, {nbytes} bytes) [{model.card.name}, onnxruntime]")
    return 0


def cmd_baseline(args: argparse.Namespace) -> int:
    from training.baseline import ByteNgram
    from training.corpus import find_text_files, load_documents, prepare_text, read_utf8

    train = load_documents(find_text_files(args.train))
    model = ByteNgram(args.order).fit([d.text for d in train])
    for f in find_text_files(args.files):
        text = prepare_text(f, read_utf8(f))[: args.max_chars or None]
        print(f"{f}: {model.bits_per_byte(text):.4f} bits/byte (byte {args.order}-gram, Witten-Bell)")
    return 0


def cmd_card(args: argparse.Namespace) -> int:
    from training.card_summary import card_markdown

    print(card_markdown(args.model))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m training", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("train", help="train a tokenizer and an LSTM into a run folder")
    _add_train_args(p)
    p.set_defaults(func=cmd_train)

    p = sub.add_parser("pack", help="a corpus as token ids in parts, for a machine without the corpora")
    p.add_argument("paths", nargs="*", help="corpus files or folders (or use --recipe)")
    p.add_argument("--recipe", type=Path, help="a TOML data recipe (see training/recipes/)")
    p.add_argument("--corpora", type=Path, default=Path("../shared/corpora"),
                   help="root the recipe's paths are relative to (default: ../shared/corpora)")
    p.add_argument("--out", type=Path, required=True, help="folder to write the pack to")
    p.add_argument("--base", type=Path, help="the model the pack's run will fine-tune: its tokenizer")
    p.add_argument("--extend-vocab", type=int, default=0, metavar="N", help="as for train")
    p.add_argument("--han-tokens", type=non_negative_int, default=0, metavar="MIN", help="as for train")
    p.add_argument("--tokenizer", type=Path, default=None, help="as for train")
    p.add_argument("--vocab-size", type=positive_int, default=0, help="as for train (a fitted tokenizer)")
    p.add_argument("--eval-tokens", type=positive_int, default=TrainConfig.eval_tokens,
                   help="validation tokens per group kept in the pack")
    p.add_argument("--part-mb", type=positive_int, default=15,
                   help="MiB of token ids per part, uncompressed (default 15)")
    p.set_defaults(func=cmd_pack, pack=None)

    p = sub.add_parser("build", help="train, export and evaluate in one call")
    _add_train_args(p, run_dir_required=False)
    _export_args(p)
    p.add_argument("--checkpoint", type=Path, default=None,
                   help="skip training: export and evaluate this checkpoint (e.g. trained on another machine)")
    p.add_argument("--trained-with", default=None,
                   help="the training command to record in the model card (with --checkpoint)")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("export", help="export a checkpoint to a model folder")
    p.add_argument("--checkpoint", type=Path, required=True)
    _export_args(p)
    p.set_defaults(func=cmd_export)

    for name, helptext, func in (("evaluate", "bits per byte under a checkpoint (torch)", cmd_evaluate),
                                 ("score", "bits per byte under a model folder (onnxruntime)", cmd_score)):
        p = sub.add_parser(name, help=helptext)
        if name == "evaluate":
            p.add_argument("--checkpoint", type=Path, required=True)
        else:
            p.add_argument("--model", type=Path, required=True, help="model folder")
        p.add_argument("files", nargs="+", type=Path)
        p.add_argument("--raw", action="store_true", help="score the text as is (no unwrapping)")
        p.add_argument("--max-chars", type=non_negative_int, default=0, help="score only the first N characters")
        if name == "evaluate":
            p.add_argument("--top-tokens", type=non_negative_int, default=0, metavar="N",
                           help="also list the N tokens that cost the most bits in all (where the bits go)")
            p.add_argument("--document-cache", action="store_true",
                           help="also score as the app predicts with its document caches on "
                                "(the n-gram and continuous caches of the text so far; ~2 ms a token)")
        p.set_defaults(func=func)

    p = sub.add_parser("card", help="print a model folder's card as Markdown")
    p.add_argument("model", type=Path)
    p.set_defaults(func=cmd_card)

    p = sub.add_parser("baseline", help="byte n-gram baseline bits per byte")
    p.add_argument("--train", action="append", required=True, type=Path,
                   help="a training file or folder (repeat for more)")
    p.add_argument("--order", type=positive_int, default=5)
    p.add_argument("--max-chars", type=non_negative_int, default=0)
    p.add_argument("files", nargs="+", type=Path)
    p.set_defaults(func=cmd_baseline)

    from training.retrain_cmd import add_retrain_parser

    add_retrain_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except TrainingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ModuleNotFoundError as exc:  # the app's wheel installs inkling-train without torch
        from writer_app.retrain.job import TRAINING_PACKAGES, install_hint

        if exc.name not in TRAINING_PACKAGES:
            raise
        print(f"error: {install_hint([exc.name], f'inkling-train {args.command}')}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
