"""Run under torchrun by test_ddp.py: train a tiny model and save this rank's weights."""

import sys
from pathlib import Path

import torch
import torch.distributed as dist

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/ (tiny_model)
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository

from tiny_model import tiny_model_config, tiny_train_config  # noqa: E402

from training.recipe import split_files  # noqa: E402
from training.run import run_training  # noqa: E402

corpus, run_dir = Path(sys.argv[1]), Path(sys.argv[2])
r = run_training([split_files([corpus])], run_dir, tiny_model_config(), tiny_train_config(max_steps=12, eval_every=6),
                 vocab_size=400, log=lambda _m: None, show_bar=False)
rank = dist.get_rank()
torch.save(r.result.model.state_dict(), run_dir / f"rank{rank}.pt")
from training.checkpoint import load_checkpoint  # noqa: E402

torch.save({"world": dist.get_world_size(), "step": load_checkpoint(run_dir / "last.pt")["step"]},
           run_dir / f"info{rank}.pt")
dist.destroy_process_group()
