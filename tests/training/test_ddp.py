"""DistributedDataParallel on CPU: two gloo processes keep identical weights."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from training.checkpoint import load_checkpoint


@pytest.mark.slow
def test_two_gloo_processes_keep_identical_weights(tiny_corpus, tmp_path):
    worker = Path(__file__).with_name("ddp_worker.py")
    run = tmp_path / "run"
    proc = subprocess.Popen(
        [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc-per-node", "2",
         str(worker), str(tiny_corpus), str(run)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        env={**os.environ, "OMP_NUM_THREADS": "1"},
    )
    try:
        _, stderr = proc.communicate(timeout=600)
    finally:  # never leave worker processes behind
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 0, stderr[-3000:]
    w0 = torch.load(run / "rank0.pt", weights_only=True)
    w1 = torch.load(run / "rank1.pt", weights_only=True)
    assert w0.keys() == w1.keys()
    for k in w0:
        assert torch.equal(w0[k], w1[k]), k
    info = torch.load(run / "info0.pt", weights_only=True)
    assert info["world"] == 2 and info["step"] == 12
    # weights moved away from the initialisation: real training happened on both ranks
    assert load_checkpoint(run / "last.pt")["history"][-1]["val_loss"] < 6.0
