"""Saving a file so that a failure or a kill never leaves it half-written, and nothing
about it but its bytes changes.

Two ways, chosen per file the way vim's ``backupcopy=auto`` chooses
(https://vimhelp.org/options.txt.html#%27backupcopy%27):

- **replace** (the usual case): the bytes go to a temporary file in the target's folder
  (same file system, so the rename is atomic), which is given the original's owner,
  group, extended attributes (POSIX ACLs are stored as ``system.posix_acl_access``) and
  permission bits, fsync'ed and moved over the target with ``os.replace``; the folder is
  fsync'ed so the rename survives a power cut. The pattern is novelWriter's.
- **in place**, when a new file would lose something: the file has several hard links
  (a new inode would split them), or its owner, group or an extended attribute cannot be
  given to a new file (someone else's file saved without root; the kernel says EPERM).
  The old bytes are first copied to a backup next to the file and fsync'ed, then the file
  is rewritten and truncated in place and fsync'ed, and the backup is removed. When the
  write fails the old bytes are written back; if even that fails, the backup is kept and
  the error names it.

Temporary files and backups are named ``.NAME.inkling-PID@HOST-XXXXXXXX.tmp`` / ``.bak``.
Every save first removes the stale ones of any save in that folder
(``remove_stale_temps``): a temporary file of a process of this host that no longer
runs, or one older than ``STALE_AFTER_S``; a stale backup only when it holds the same
bytes as its document (otherwise it may be the only whole copy: it is left alone).

On any failure SaveError says why in words, the old file is as it was and no temporary
file is left behind.

``atomic_write_via`` is the same writer for code that streams into a file object
(``torch.save``, ``json.dump``); ``replace_dir``/``remove_dir`` do the same for whole
folders (written into a hidden staging folder beside the target, then renamed into place;
removed by renaming aside first), for the app's model store and the training pipeline.
"""

from __future__ import annotations

import errno
import io
import os
import re
import secrets
import shutil
import socket
import stat
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

# A temporary file older than this (seconds since its last write) is stale whoever made
# it: a save takes seconds, and a process id may have been reused since.
STALE_AFTER_S = 3600.0
# Room left for ".inkling-PID@HOST-XXXXXXXX.tmp" within the usual 255-byte name limit.
_NAME_BYTES = 160

_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is exceeded",
    errno.EACCES: "you do not have permission to write in {folder}",
    errno.EPERM: "the operating system does not allow writing there",
    errno.EROFS: "the folder is on a read-only file system",
    errno.ENOENT: "the folder does not exist",
    errno.ENOTDIR: "part of the path is not a folder",
    errno.EISDIR: "a folder of that name is in the way",
    errno.ENAMETOOLONG: "the file name is too long",
    errno.EIO: "the disk reported an input/output error",
}
_IN_PLACE_REASONS = {
    errno.EACCES: "you do not have permission to write to that file",
    errno.EPERM: "the operating system does not allow writing to that file",
}
# Errors that mean "a new file cannot carry this attribute": save in place instead.
_CANNOT_CARRY = (errno.EPERM, errno.EACCES, errno.ENOTSUP, errno.EOPNOTSUPP)


class SaveError(OSError):
    """A save failed; ``str(err)`` is a sentence for the user. The old file is intact,
    unless ``backup`` is set: then the old bytes are in that file."""

    def __init__(self, path: Path, cause: OSError, *, in_place: bool = False,
                 backup: Path | None = None) -> None:
        reasons = {**_REASONS, **_IN_PLACE_REASONS} if in_place else _REASONS
        reason = reasons.get(cause.errno or 0, cause.strerror or str(cause)).replace("{folder}", str(Path(path).parent))
        message = f"Could not save {path.name}: {reason}."
        if backup is not None:
            message += f" Its previous version is kept in {backup.name}."
        super().__init__(cause.errno, message)
        self.path, self.cause, self.backup = path, cause, backup

    def __str__(self) -> str:
        return str(self.strerror)


def _write_all(fd: int, data: bytes) -> None:
    """Write every byte (os.write may write fewer than asked)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # not possible on every platform (Windows); the data itself is synced
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def target_path(path: Path) -> Path:
    """Where the bytes really go: a symlink is followed so that the link survives. A path
    that cannot be looked at (a folder on the way cannot be entered) is taken as it is:
    writing there fails and says why (Path.is_symlink raised PermissionError instead)."""
    return Path(os.path.realpath(path)) if os.path.islink(path) else path


# ------------------------------------------------------------ our temporary files

_HOST = re.sub(r"[^A-Za-z0-9]", "", socket.gethostname())[:32] or "host"
_OURS = re.compile(r"^\.(?P<name>.*)\.inkling-(?P<pid>\d+)@(?P<host>[A-Za-z0-9]*)-[a-z0-9_]+"
                   r"\.(?P<kind>tmp|bak)$")


def _temp_prefix(name: str) -> str:
    """``.NAME.inkling-PID@HOST-``: whose and from which process (NAME cut to fit)."""
    while len(name.encode("utf-8", "surrogateescape")) > _NAME_BYTES:
        name = name[:-1]
    return f".{name}.inkling-{os.getpid()}@{_HOST}-"


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name == "nt":
        return True  # os.kill(pid, 0) would terminate it there: rely on the age alone
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def _same_bytes(a: Path, b: Path) -> bool:
    try:
        if a.stat().st_size != b.stat().st_size:
            return False
        with open(a, "rb") as fa, open(b, "rb") as fb:
            while True:
                ca, cb = fa.read(1 << 20), fb.read(1 << 20)
                if ca != cb:
                    return False
                if not ca:
                    return True
    except OSError:
        return False


def remove_stale_temps(folder: Path, now: float | None = None) -> list[Path]:
    """Remove the temporary files that saves by this app left in ``folder`` when they
    were killed; returns the removed paths. Never raises.

    A file is ours when its name matches ``.NAME.inkling-PID@HOST-XXXXXXXX.tmp`` (or
    ``.bak``); it is stale when HOST is this host and process PID no longer runs, or when
    it was last written over ``STALE_AFTER_S`` seconds before ``now`` (default: the
    clock). A stale backup is removed only when it holds the same bytes as ``.NAME``'s
    document ``NAME``.
    """
    now = time.time() if now is None else now
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = _OURS.match(entry.name)
        if match is None:
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            old = now - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER_S
            dead = match["host"] == _HOST and not _pid_alive(int(match["pid"]))
            if not (old or dead):
                continue
            path = Path(entry.path)
            if match["kind"] == "bak" and not _same_bytes(path, Path(folder) / match["name"]):
                continue
            path.unlink()
            removed.append(path)
        except (OSError, ValueError):
            continue
    return removed


# ------------------------------------------------------------------- the writer


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace the contents of ``path`` with ``data`` so that a failure or a kill leaves
    either the old or the new bytes, keeping its owner, group, permission bits, extended
    attributes and hard links (see the module docstring for how).

    Raises SaveError (an OSError) with a readable message; the original file is then
    untouched (or, only if restoring it failed, its old bytes are in ``err.backup``) and
    no temporary file is left behind.
    """
    _atomic_write(Path(path), lambda fd: _write_all(fd, data), lambda: data)


def atomic_write_via(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """atomic_write_bytes for writers that stream into a file: ``write(f)`` is called
    once with a binary file open for writing (the temporary file, or an in-memory buffer
    when the file must be saved in place) and writes the whole new contents to it, e.g.
    ``atomic_write_via(p, lambda f: torch.save(obj, f))``.

    Raises SaveError (an OSError) for an OSError, from ``write`` too (its errno is kept,
    so ENOSPC still says "disk full"); any other exception of ``write`` propagates as it
    is. Either way the old file is untouched and no temporary file is left behind.
    """

    def fill(fd: int) -> None:
        with os.fdopen(fd, "wb", closefd=False) as f:  # closing flushes; fd stays open
            write(f)

    def in_memory() -> bytes:
        buf = io.BytesIO()
        write(buf)
        return buf.getvalue()

    _atomic_write(Path(path), fill, in_memory)


def _atomic_write(path: Path, fill: Callable[[int], None], data: Callable[[], bytes]) -> None:
    """The writer behind both: ``fill(fd)`` writes the new bytes to an open file for the
    replace way, ``data()`` gives them for the in-place way. Raises SaveError."""
    target = target_path(path)
    remove_stale_temps(target.parent)
    try:
        st: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise SaveError(path, exc) from exc
    regular = st is not None and stat.S_ISREG(st.st_mode)
    if regular and st is not None and st.st_nlink > 1:
        _write_in_place(path, target, _bytes_or_save_error(path, data))
        return
    try:
        replaced = _replace(target, fill, st if regular else None)
    except OSError as exc:
        raise SaveError(path, exc) from exc
    if not replaced:
        _write_in_place(path, target, _bytes_or_save_error(path, data))


def _bytes_or_save_error(path: Path, data: Callable[[], bytes]) -> bytes:
    try:
        return data()
    except OSError as exc:
        raise SaveError(path, exc) from exc


def _current_umask() -> int:
    """The process's umask, read without changing it where the OS allows: setting it to 0
    for a moment (the only portable way) races with files created on other threads, such
    as the autosave worker's. Linux reports it in /proc/self/status since 4.7."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    umask = os.umask(0o077)  # fallback: briefly the strictest common mask, never a looser one
    os.umask(umask)
    return umask


def _new_file_mode() -> int:
    return 0o666 & ~_current_umask()


def _carry_metadata(fd: int, source: Path, st: os.stat_result) -> bool:
    """Give the open temporary file ``fd`` the owner, group, extended attributes and
    mode of ``source``; False when the OS refuses one of them (then save in place)."""
    mine = os.fstat(fd)
    if (mine.st_uid, mine.st_gid) != (st.st_uid, st.st_gid):
        try:
            os.fchown(fd, st.st_uid, st.st_gid)
        except OSError as exc:
            if exc.errno in _CANNOT_CARRY:
                return False
            raise
    if hasattr(os, "listxattr"):
        try:
            wanted = {name: os.getxattr(source, name) for name in os.listxattr(source)}
        except OSError as exc:
            if exc.errno not in (errno.ENOTSUP, errno.EOPNOTSUPP):
                raise
            wanted = {}
        have = {}
        try:
            have = {name: os.getxattr(fd, name) for name in os.listxattr(fd)}
        except OSError:
            pass
        for name, value in wanted.items():
            if have.get(name) == value:
                continue  # e.g. an SELinux label the folder gave it already
            try:
                os.setxattr(fd, name, value)
            except OSError as exc:
                if exc.errno in _CANNOT_CARRY:
                    return False
                raise
        for name in have.keys() - wanted.keys():  # e.g. an ACL inherited from the folder
            try:
                os.removexattr(fd, name)
            except OSError:
                pass
    os.fchmod(fd, stat.S_IMODE(st.st_mode))  # after fchown, which may clear set-id bits
    return True


def _replace(target: Path, fill: Callable[[int], None], st: os.stat_result | None) -> bool:
    """The replace way; False (nothing changed) when the new file could not be given the
    old one's owner or attributes. Raises OSError."""
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=_temp_prefix(target.name), suffix=".tmp",
                                   dir=target.parent)
        try:
            if st is None:
                os.fchmod(fd, _new_file_mode())
            elif not _carry_metadata(fd, target, st):
                return False
            fill(fd)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
        tmp = None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
    _fsync_dir(target.parent)
    return True


def _make_backup(target: Path) -> Path:
    """Copy ``target`` to ``.NAME.inkling-…bak`` beside it, fsync'ed: written as .tmp
    and renamed, so that a .bak is always whole. Raises OSError."""
    fd, tmp = tempfile.mkstemp(prefix=_temp_prefix(target.name), suffix=".tmp",
                               dir=target.parent)
    try:
        with open(target, "rb") as src, os.fdopen(fd, "wb", closefd=False) as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        os.unlink(tmp)
        raise
    os.close(fd)
    backup = Path(tmp[: -len(".tmp")] + ".bak")
    os.replace(tmp, backup)
    _fsync_dir(target.parent)
    return backup


def _rewrite(fd: int, data: bytes) -> None:
    """Make the open file ``fd`` hold exactly ``data``, fsync'ed. Raises OSError."""
    os.lseek(fd, 0, os.SEEK_SET)
    _write_all(fd, data)
    os.ftruncate(fd, len(data))
    os.fsync(fd)


def _write_in_place(path: Path, target: Path, data: bytes) -> None:
    """The in-place way (vim's backupcopy=yes). Raises SaveError."""
    try:
        fd = os.open(target, os.O_WRONLY)  # no O_TRUNC: opening alone changes nothing
    except OSError as exc:
        raise SaveError(path, exc, in_place=True) from exc
    try:
        try:
            backup = _make_backup(target)
        except OSError as exc:
            raise SaveError(path, exc) from exc
        try:
            _rewrite(fd, data)
        except OSError as exc:
            try:
                _rewrite(fd, backup.read_bytes())
            except OSError:
                raise SaveError(path, exc, in_place=True, backup=backup) from exc
            backup.unlink(missing_ok=True)
            raise SaveError(path, exc, in_place=True) from exc
    finally:
        os.close(fd)
    try:
        backup.unlink()
    except OSError:
        pass  # the save itself succeeded; a later save removes it once stale
    _fsync_dir(target.parent)


# ------------------------------------------------------------------- folders

PARTIAL_MARK = ".partial-"  # a folder being written: ``.NAME.partial-XXXXXXXX``
DELETING_MARK = ".deleting-"  # a folder being removed: ``.NAME.deleting-XXXXXXXX``


def staging_path(target: Path) -> Path:
    """A fresh hidden staging folder name beside ``target`` (``.NAME.partial-XXXXXXXX``,
    on the same file system, so replace_dir's rename is atomic); not created."""
    return target.parent / f".{target.name}{PARTIAL_MARK}{secrets.token_hex(4)}"


def replace_dir(staged: Path, target: Path, *, overwrite: bool = False) -> None:
    """Move the finished folder ``staged`` (in ``target``'s folder) to ``target`` with one
    rename, so ``target`` never shows a half-written folder. With ``overwrite``, an
    existing ``target`` is first renamed aside (``.NAME.deleting-XXXXXXXX``) and removed
    after the swap. The parent folder is fsync'ed.

    Raises FileExistsError if ``target`` exists and not ``overwrite``; OSError if a
    rename fails (the old ``target`` is then put back where it was, if it was moved).
    """
    staged, target = Path(staged), Path(target)
    aside: Path | None = None
    if os.path.lexists(target):
        if not overwrite:
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(target))
        aside = _aside_path(target)
        os.replace(target, aside)
    try:
        os.rename(staged, target)  # (os.replace would silently take an empty folder's place)
    except OSError:
        if aside is not None:
            os.replace(aside, target)
        raise
    _fsync_dir(target.parent)
    if aside is not None:
        shutil.rmtree(aside, ignore_errors=True)


def remove_dir(folder: Path) -> None:
    """Remove ``folder`` so that it disappears at once and whole: renamed aside
    (``.NAME.deleting-XXXXXXXX``) first, then its files are removed (a leftover of a
    killed removal keeps the hidden name). Raises OSError if the rename fails (nothing
    is removed then)."""
    folder = Path(folder)
    aside = _aside_path(folder)
    os.replace(folder, aside)
    _fsync_dir(folder.parent)
    shutil.rmtree(aside, ignore_errors=True)


def _aside_path(folder: Path) -> Path:
    return folder.with_name(f".{folder.name}{DELETING_MARK}{secrets.token_hex(4)}")
