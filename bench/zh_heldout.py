"""Held-out Chinese texts for the Chinese benchmark (issue 12): three registers no recipe trains on.

    python -m bench.zh_heldout --out ../shared/corpora/zh-heldout [--check-overlap]

Writes, from git snapshots of public repositories (text/markdown data only, read with
``git show <commit>:<path>``, never their code), one UTF-8 file per register, one paragraph
per line and a blank line between paragraphs:

* ``asp-stories.txt``: children's stories, the Chinese (``zh/``) translations of the African
  Storybook Project stories in ``global-asp/global-asp`` (CC BY 4.0 for the project; each
  story's own line ``* License: [CC-BY]`` is required, stories marked CC-BY-NC are skipped).
* ``d2l-zh.txt``: technical prose with English terms, inline formulas and code identifiers,
  chapters of 《动手学深度学习》 (``d2l-ai/d2l-zh``, Apache-2.0 per its LICENSE file).
  Code blocks, framework tabs, display equations and tables are dropped; inline ``$math$``
  keeps its LaTeX without the dollars, ```code``` keeps the identifier; a sentence holding a
  cross-reference (``:numref:``, ``:eqref:``, whose rendered number the source lacks) is
  dropped, a ``:cite:`` key is removed.
* ``zhaohua-xishi_lu-xun_1928.txt``: Lu Xun's memoir essays 《朝花夕拾》 (Project Gutenberg
  #25271, public domain), unwrapped (training.corpus.unwrap_paragraphs), titles and the
  footnote digit dropped, converted to today's mainland simplified Chinese by the rule the
  training recipe applies to the classics (training.zh_mainland.to_mainland: OpenCC t2s,
  the particle 着, “” quotes; the opencc wheel of the training extra).

``--check-overlap`` takes every sentence of at least 16 characters of each output and counts
how many occur verbatim anywhere in the Chinese training corpora (zh-modern/,
zh-gutenberg-classics/), with ``grep -F``; a held-out text must have none.

``--mirror DIR``: where the snapshots are, one git directory per repository at
``DIR/<owner>+<name>/repo`` (the layout of the project's fetch tool); ``git clone --bare``
of each repository into that layout works as well.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from training.corpus import unwrap_paragraphs
from training.zh_mainland import to_mainland
from writer_app.text.chars import is_cjk, is_han

CORPORA = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"
TRAINING_DIRS = ("zh-modern", "zh-gutenberg-classics")

STORIES = ("global-asp/global-asp", "b0193c31edc62935cb8cc69549a1f416cbbab42f")
D2L = ("d2l-ai/d2l-zh", "e6b18ccea71451a55fcd861d7b96fddf2587b09a")
ZHAOHUA = ("gutenbergbooks/25271", "82166fa7ec7978bb48406e42d7fe84eff6785855")
# Chapters of d2l-zh taken whole (every *.md but the *_origin.md English originals), in order.
D2L_CHAPTERS = (
    "chapter_introduction", "chapter_preliminaries", "chapter_linear-networks",
    "chapter_multilayer-perceptrons", "chapter_recurrent-neural-networks",
    "chapter_attention-mechanisms", "chapter_optimization",
)

@dataclass(frozen=True)
class Output:
    """One written held-out file: its name, the source files read, and its text."""

    name: str
    repo: str
    commit: str
    paths: list[str]
    text: str


def join_lines(lines: list[str]) -> str:
    """Lines of one paragraph as one line: a space only between two Latin letters/digits
    (or after a Latin comma or full stop), nothing next to a CJK character or punctuation.

    ["我们把", "logits", "送入softmax，", "得到 p"] -> "我们把logits送入softmax，得到 p"
    """
    out = ""
    for line in (x.strip() for x in lines):
        if not line:
            continue
        if out and not is_cjk(line[0]) and not is_cjk(out[-1]) \
                and (out[-1].isalnum() or out[-1] in ".,;:)") and (line[0].isalnum() or line[0] in "($"):
            out += " "
        out += line
    return out


def story_paragraphs(md: str) -> list[str]:
    """One African Storybook story (global-asp Markdown) as paragraphs, or [] unless its
    licence line says CC-BY (not CC-BY-NC). A page (between ``##`` lines) is one paragraph;
    the title and the credits list are dropped."""
    if not re.search(r"^\* License: \[CC-BY\]", md, re.M):
        return []
    pages: list[list[str]] = [[]]
    for line in md.splitlines():
        if line.startswith("##"):
            pages.append([])
        elif line.startswith(("#", "* ")) or not line.strip():
            continue
        else:
            pages[-1].append(line)
    return [p for p in (join_lines(pg) for pg in pages) if p]


_D2L_DROP_LINE = re.compile(r"^\s*(:(label|eqlabel|width|begin_tab|end_tab)|!\[|\||\[Discussions\]|#)")
_D2L_SENTENCE = re.compile(r"[^。！？]*(?:[。！？]+|$)")


def _d2l_inline(text: str) -> str:
    """Inline Markdown of d2l-zh as plain text (see the module docstring)."""
    text = re.sub(r":cite:`[^`]*`", "", text)
    # d2l's highlight marks [**...**] and (**...**) -> their text
    text = re.sub(r"\[\*\*(.+?)\*\*\]|\(\*\*(.+?)\*\*\)", lambda m: m.group(1) or m.group(2), text)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)  # links -> their text
    text = re.sub(r"`([^`]+)`", r"\1", text)
    text = re.sub(r"\$([^$]+)\$", r"\1", text)
    text = re.sub(r"\*\*?([^*]+)\*\*?", r"\1", text)
    text = re.sub(r"\s+([，。；：、！？）])", r"\1", text)
    return text.strip()


def d2l_paragraphs(md: str) -> list[str]:
    """One d2l-zh chapter file (Markdown with d2lbook directives) as paragraphs of prose.

    Raises nothing; an all-code file gives []. List items and exercise items are paragraphs
    of their own; a sentence with ``:numref:``/``:eqref:`` is dropped (see module docstring).
    """
    paragraphs: list[str] = []
    current: list[str] = []
    fence = math = tab = False

    def flush() -> None:
        if current:
            para = join_lines(current)
            current.clear()
            kept = [s for s in _D2L_SENTENCE.findall(para)
                    if s.strip() and ":numref:" not in s and ":eqref:" not in s]
            para = _d2l_inline("".join(kept))
            para = re.sub(r"^\d+\.\s*", "", para)  # "1. 练习" -> "练习"
            if sum(map(is_han, para)) >= 8:
                paragraphs.append(para)

    for line in md.splitlines():
        s = line.strip()
        if s.startswith("```"):
            fence = not fence
            flush()
            continue
        if s.startswith(":begin_tab:"):
            tab = True
        if fence or tab:
            if s.startswith(":end_tab:"):
                tab = False
            continue
        if s.startswith("$$"):
            flush()
            if not (len(s) > 2 and s.endswith("$$") and len(s) >= 4):
                math = not math
            continue
        if math:
            continue
        if not s or _D2L_DROP_LINE.match(s):
            flush()
            continue
        if re.match(r"^(\d+\.|[*-])\s", s):  # a list item starts a paragraph
            flush()
        current.append(s)
    flush()
    return paragraphs


def essay_paragraphs(text: str) -> list[str]:
    """Project Gutenberg 朝花夕拾 (traditional, hard-wrapped) as paragraphs, before OpenCC:
    the End-of-eBook line, titles (short lines without sentence punctuation) and footnote
    digits after a quote or sentence end are dropped."""
    text = "\n".join(x for x in text.replace("\r\n", "\n").split("\n") if "Project Gutenberg" not in x)
    out = []
    for para in unwrap_paragraphs(text).split("\n"):
        para = re.sub(r"(?<=[”’。！？])[０-９]+", "", para.strip())
        para = para.replace("－－", "——")
        if len(para) < 16 and not re.search(r"[。！？，]", para):
            continue  # a title ("狗·貓·鼠") or a signature line without punctuation
        out.append(para)
    return out


class Snapshot:
    """Files of one repository at one commit, read from a git directory."""

    def __init__(self, mirror: Path, repo: str, commit: str) -> None:
        self.git = mirror / repo.replace("/", "+") / "repo"
        self.repo, self.commit = repo, commit
        if not self.git.exists():
            raise SystemExit(f"No snapshot of {repo} at {self.git}: fetch it first "
                             f"(git clone --bare https://github.com/{repo} {self.git}).")

    def files(self, folder: str) -> list[str]:
        r = subprocess.run(["git", "-c", "core.quotepath=off", "--git-dir", str(self.git), "ls-tree",
                            "-r", "--name-only", self.commit, "--", folder],
                           capture_output=True, text=True, check=True)
        return sorted(r.stdout.splitlines())

    def read(self, path: str) -> str:
        return subprocess.run(["git", "--git-dir", str(self.git), "show", f"{self.commit}:{path}"],
                              capture_output=True, check=True).stdout.decode("utf-8")


def build(mirror: Path) -> list[Output]:
    """The three held-out texts from the snapshots under ``mirror``."""
    outs = []
    snap = Snapshot(mirror, *STORIES)
    paths, paras = [], []
    for path in snap.files("zh"):
        if path.endswith(".md") and not path.endswith("README.md"):
            story = story_paragraphs(snap.read(path))
            if story:
                paths.append(path)
                paras.extend(story)
    outs.append(Output("asp-stories.txt", snap.repo, snap.commit, paths, "\n\n".join(paras) + "\n"))

    snap = Snapshot(mirror, *D2L)
    paths, paras = [], []
    for chapter in D2L_CHAPTERS:
        for path in snap.files(chapter):
            if path.endswith(".md") and not path.endswith("_origin.md"):
                paths.append(path)
                paras.extend(d2l_paragraphs(snap.read(path)))
    outs.append(Output("d2l-zh.txt", snap.repo, snap.commit, paths, "\n\n".join(paras) + "\n"))

    snap = Snapshot(mirror, *ZHAOHUA)
    path = "25271-0.txt"
    text = to_mainland("\n\n".join(essay_paragraphs(snap.read(path))) + "\n")
    outs.append(Output("zhaohua-xishi_lu-xun_1928.txt", snap.repo, snap.commit, [path], text))
    return outs


def overlap(text: str, corpora: Path = CORPORA, min_chars: int = 16) -> tuple[int, list[str]]:
    """(sentences checked, those found verbatim in the Chinese training corpora).

    Sentences are cut at 。！？ and newlines; those with at least ``min_chars`` characters are
    searched as fixed strings (``grep -F``) in every file under TRAINING_DIRS."""
    sentences = sorted({s.strip() for s in re.split(r"[。！？\n]", text) if len(s.strip()) >= min_chars})
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as f:
        f.write("\n".join(sentences) + "\n")
    dirs = [str(corpora / d) for d in TRAINING_DIRS]
    r = subprocess.run(["grep", "-rhoF", "-f", f.name, *dirs], capture_output=True)
    Path(f.name).unlink()
    found = sorted(set(r.stdout.decode("utf-8").splitlines()) & set(sentences))
    return len(sentences), found


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.zh_heldout", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", type=Path, default=CORPORA / "zh-heldout")
    p.add_argument("--mirror", type=Path, default=Path("/work/.mirror"))
    p.add_argument("--check-overlap", action="store_true")
    args = p.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for o in build(args.mirror):
        data = o.text.encode("utf-8")
        (args.out / o.name).write_bytes(data)
        paras = o.text.count("\n\n") + 1
        han = sum(map(is_han, o.text))
        print(f"{o.name}: {len(data):,} bytes, {len(o.text):,} characters ({han:,} Han), {paras:,} paragraphs, "
              f"{len(o.paths)} source files from {o.repo}@{o.commit[:12]}, "
              f"sha256 {hashlib.sha256(data).hexdigest()}")
        if args.check_overlap:
            n, found = overlap(o.text)
            print(f"  overlap with training corpora: {len(found)} of {n} sentences (>= 16 chars)")
            for s in found[:5]:
                print(f"    {s}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
