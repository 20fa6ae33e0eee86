"""A character 5-gram with stupid backoff: the Chinese bench's baseline (issue 12).

    python -m bench.keystrokes --model assets/zh-default --lang zh --baseline char5gram

Stupid backoff (Brants, Popat, Xu, Och and Dean, "Large Language Models in Machine
Translation", EMNLP 2007): the score of the next character w after the context c is its
relative frequency f(c w) / f(c) at the longest context seen with w, times 0.4 for every
character of context dropped. It is not a probability, which is why the model is cheap.

The predictor offers just the best next character when its score is at least
``threshold`` (0.2: "at least 20% sure"), as the issue's baseline does; in Chinese typed
through an input method one right character saves its pinyin and perhaps a commit key
(bench/ime_cost.py), one key a character it saves nothing.

Counts come from ``TRAINING_MIX``: about 6 MB of the Chinese training corpora, a fixed
mix of registers (laws, Microsoft and TiDB docs, React docs, the Rust book, Lu Xun's two
trained collections and the Ming/Qing novels), never the held-out texts. To keep memory
small, each context keeps its ``TOP_K`` most frequent next characters, and contexts of 2
or more characters seen only once are dropped; a character outside a context's top list
counts as unseen there (it backs off), which can only raise a rare character's score.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bench.texts import CORPORA, load_prepared
from writer_app.inference import Suggestion

ORDER = 5  # characters per n-gram: up to 4 of context and the predicted one
BACKOFF = 0.4  # Brants et al. 2007
TOP_K = 8
# (file under ../shared/corpora, bytes of its prepared text taken from the start, whole lines)
TRAINING_MIX: tuple[tuple[str, int], ...] = (
    ("zh-modern/prc-law/prc-laws-regulations-rules.txt", 1_200_000),
    ("zh-modern/msdocs/dotnet.txt", 250_000),
    ("zh-modern/msdocs/sql-server.txt", 250_000),
    ("zh-modern/msdocs/windows-server.txt", 250_000),
    ("zh-modern/msdocs/dynamics-365-operations.txt", 250_000),
    ("zh-modern/tidb-docs/tidb-docs-cn.txt", 1_300_000),
    ("zh-modern/react-docs/react-dev-zh-hans.txt", 1_000_000),
    ("zh-modern/rust-book/trpl-zh-cn.txt", 1_000_000),
    ("zh-gutenberg-classics/simplified/nahan_lu-xun_1923.txt", 300_000),
    ("zh-gutenberg-classics/simplified/panghuang_lu-xun_1926.txt", 200_000),
    ("zh-gutenberg-classics/simplified/hongloumeng_cao-xueqin.txt", 120_000),
    ("zh-gutenberg-classics/simplified/rulinwaishi_wu-jingzi.txt", 120_000),
    ("zh-gutenberg-classics/simplified/xiyouji_wu-chengen.txt", 120_000),
    ("zh-gutenberg-classics/simplified/shuihuzhuan_shi-naian.txt", 120_000),
    ("zh-gutenberg-classics/simplified/sanguoyanyi_luo-guanzhong.txt", 120_000),
)


def head_bytes(text: str, limit: int) -> str:
    """The whole lines of ``text`` from its start that fit in ``limit`` UTF-8 bytes."""
    out, size = [], 0
    for line in text.split("\n"):
        size += len(line.encode("utf-8")) + 1
        if size > limit:
            break
        out.append(line)
    return "\n".join(out)


@dataclass
class _Next:
    """The continuations of one context: total count and the top characters by count."""

    total: int
    top: dict[str, int]


class CharNgram:
    """Character n-gram counts (n = 1..order) with stupid-backoff scoring.

    Build with ``CharNgram.train(texts)``; ``best(context)`` gives the highest-scoring next
    character. Lines are independent: no n-gram crosses a newline, and "\\n" is predicted as
    the end of a line.
    """

    def __init__(self, order: int = ORDER, top_k: int = TOP_K) -> None:
        self.order, self.top_k = order, top_k
        self.table: dict[str, _Next] = {}
        self.chars = 0

    @classmethod
    def train(cls, texts: list[str], order: int = ORDER, top_k: int = TOP_K) -> CharNgram:
        """Count every n-gram (n <= order) of every line of ``texts``."""
        model = cls(order, top_k)
        lines = [line for t in texts for line in t.split("\n") if line]
        model.chars = sum(map(len, lines))
        for k in range(order):  # context length k, one order at a time (bounded memory)
            counts: Counter[str] = Counter()
            for line in lines:
                padded = line + "\n"
                counts.update(padded[i:i + k + 1] for i in range(len(padded) - k))
            by_context: dict[str, Counter[str]] = {}
            for gram, n in counts.items():
                by_context.setdefault(gram[:k], Counter())[gram[k]] = n
            del counts
            for ctx, nxt in by_context.items():
                total = sum(nxt.values())
                if k >= 2 and total < 2:
                    continue
                model.table[ctx] = _Next(total, dict(nxt.most_common(top_k)))
        return model

    def score(self, context: str, char: str) -> float:
        """Stupid-backoff score of ``char`` after ``context`` (its last order-1 characters)."""
        context = context.split("\n")[-1][-(self.order - 1):] if self.order > 1 else ""
        scale = 1.0
        for start in range(len(context) + 1):
            nxt = self.table.get(context[start:])
            if nxt is not None and char in nxt.top:
                return scale * nxt.top[char] / nxt.total
            scale *= BACKOFF
        return 0.0

    def best(self, context: str) -> tuple[str, float] | None:
        """(the next character with the highest score, its score), or None (no counts)."""
        context = context.split("\n")[-1][-(self.order - 1):]
        candidates: set[str] = set()
        for start in range(len(context) + 1):
            nxt = self.table.get(context[start:])
            if nxt is not None:
                candidates.update(nxt.top)
        if not candidates:
            return None
        return max(((c, self.score(context, c)) for c in sorted(candidates)), key=lambda x: x[1])


class CharNgramPredictor:
    """The baseline as the simulated user sees it (bench.simulate.Predictor): the best next
    character when its score is at least ``threshold``, else nothing."""

    def __init__(self, model: CharNgram, threshold: float = 0.2) -> None:
        self.model, self.threshold = model, threshold
        self.name = f"char {model.order}-gram, stupid backoff, next character at >= {threshold:.0%}"

    def suggest(self, text: str) -> Suggestion | None:
        best = self.model.best(text)
        if best is None or best[1] < self.threshold or best[0] == "\n":
            return None
        return Suggestion(best[0], [], best[1])


def train_from_corpora(mix: tuple[tuple[str, int], ...] = TRAINING_MIX,
                       corpora: Path = CORPORA) -> tuple[CharNgram, dict[str, object]]:
    """The baseline counted from ``mix`` (prepared as training prepares text); also what it
    read: files, bytes, characters and seconds. Raises OSError if a corpus file is missing."""
    t0 = time.perf_counter()
    texts = [head_bytes(load_prepared(str(corpora / path)), limit) for path, limit in mix]
    model = CharNgram.train(texts)
    info = {"files": {path: len(t.encode("utf-8")) for (path, _), t in zip(mix, texts, strict=True)},
            "bytes": sum(len(t.encode("utf-8")) for t in texts), "chars": model.chars,
            "contexts": len(model.table), "seconds": time.perf_counter() - t0}
    return model, info
