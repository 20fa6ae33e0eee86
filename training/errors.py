"""The exception types the training pipeline raises for problems the user can act on,
and how a full disk is recognised (libraries hide it behind their own errors)."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

DISK_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})
# Free bytes under which a failed write is put down to a full disk. torch.save turns the
# ENOSPC of its writes into "RuntimeError: [enforce fail at inline_container.cc:672]" and
# onnx's shape inference (run by int8 quantisation) silently writes a truncated file that
# then fails to parse (google.protobuf DecodeError); neither says "disk full".
LOW_SPACE_BYTES = 1 << 20


class TrainingError(Exception):
    """A problem the user can act on: bad corpus, wrong checkpoint, existing target.

    The message names the file (and byte offset where relevant) and what to do.
    Existing model folders and checkpoints are never modified when this is raised.
    """


class DiskFullError(TrainingError):
    """Writing a model or checkpoint failed because the disk (or the user's quota) is full."""

    def __init__(self, folder: Path) -> None:
        super().__init__(f"Could not write the new model in {folder}: the disk is full. Nothing "
                         "was installed and the current model is unchanged. Free some space "
                         "and try again.")
        self.folder = folder


def is_disk_full(exc: BaseException, folder: Path) -> bool:
    """Whether ``exc`` most likely comes from a full disk while writing in ``folder``.

    True if ``exc`` or an exception in its ``__cause__``/``__context__`` chain is an
    OSError with ENOSPC or EDQUOT, or if the file system holding ``folder`` has fewer than
    LOW_SPACE_BYTES free for this user (call it before removing what the failed step
    wrote, which is what filled the disk). Never raises.
    """
    seen: set[int] = set()
    link: BaseException | None = exc
    while link is not None and id(link) not in seen:
        seen.add(id(link))
        if isinstance(link, OSError) and link.errno in DISK_FULL_ERRNOS:
            return True
        link = link.__cause__ or link.__context__
    probe = Path(folder)
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    try:
        return shutil.disk_usage(probe).free < LOW_SPACE_BYTES
    except OSError:
        return False
