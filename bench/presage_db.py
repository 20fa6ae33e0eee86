"""Build a Presage n-gram database from the text an Inkling model was trained on.

    python -m bench.presage_db --out /tmp/presage-en-default.db
    python -m bench.keystrokes --baseline presage --presage-db /tmp/presage-en-default.db ...

The training files of a recipe (default training/recipes/en_default.toml; its validation
and test files, and the last 10% of a source without validation files, are left out
exactly as training leaves them out: ``training.data_prep.prepare_documents``) are read
and prepared as training prepares them (``training.corpus.prepare_text``: hard wraps
joined, WikiText detokenised), each document written ``int(weight)`` times (a source of
weight 2 counts twice, as it is seen twice in training). Presage's ``text2ngram`` (Debian
package ``presage``) then counts 1-, 2- and 3-grams in lower case into one SQLite file,
the layout of the shipped ``/usr/share/presage/database_en.db`` (the procedure of
Presage's documentation: one ``text2ngram -n N -l -f sqlite`` per N). The full en-default
recipe (64 M characters) gave a 400 MB database in 12.5 minutes on the 2-core machine
(text2ngram uses one core; 1.4 GB of memory at most).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from bench.presage import PACKAGES, PresageError
from bench.texts import CORPORA
from training.data_prep import prepare_documents
from training.recipe import load_recipe
from writer_app.files.atomic_write import atomic_write_via

REPO = Path(__file__).resolve().parent.parent
DEFAULT_RECIPE = REPO / "training" / "recipes" / "en_default.toml"
NGRAM_ORDER = 3  # the shipped configuration's DELTAS have three values: a trigram model


def training_texts(recipe: Path, corpora: Path = CORPORA) -> list[str]:
    """The prepared training documents of ``recipe``, each repeated int(weight) times
    (at least once). Raises TrainingError for a bad recipe or corpus."""
    data = prepare_documents(load_recipe(recipe, corpora).sources)
    return [doc.text for doc, weight in data.train for _ in range(max(1, int(weight)))]


def build_db(texts: Iterable[str], out: Path, order: int = NGRAM_ORDER) -> Path:
    """Count the n-grams (n = 1..order, lower case) of ``texts`` with text2ngram into the
    SQLite database ``out`` (replaced atomically when complete). Raises PresageError when
    text2ngram is missing or fails."""
    tool = shutil.which("text2ngram")
    if tool is None:
        raise PresageError(f"Presage's text2ngram is not installed. Install it with: apt-get install {PACKAGES}")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="inkling-presage-db-") as tmp:
        corpus = Path(tmp) / "corpus.txt"
        with corpus.open("w", encoding="utf-8") as f:
            for text in texts:
                f.write(text.rstrip("\n") + "\n")
        db = Path(tmp) / "ngrams.db"
        for n in range(1, order + 1):
            run = subprocess.run([tool, "--ngrams", str(n), "--lowercase", "--format", "sqlite",
                                  "--output", str(db), str(corpus)], capture_output=True, text=True)
            if run.returncode != 0 or not db.is_file():
                raise PresageError(f"text2ngram -n {n} failed (exit {run.returncode}): "
                                   f"{(run.stderr or run.stdout).strip()[-500:]}")
        with db.open("rb") as built:  # the app's atomic writer: a whole DB or the old one
            atomic_write_via(out, lambda f: shutil.copyfileobj(built, f, 1 << 20))
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.presage_db", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", type=Path, required=True, help="the database to write (SQLite)")
    p.add_argument("--recipe", type=Path, default=DEFAULT_RECIPE, help="training recipe (TOML)")
    p.add_argument("--corpora", type=Path, default=CORPORA, help="root of the recipe's paths")
    args = p.parse_args(argv)
    texts = training_texts(args.recipe, args.corpora)
    chars = sum(map(len, texts))
    print(f"{len(texts)} documents, {chars:,} characters: counting 1..{NGRAM_ORDER}-grams", file=sys.stderr)
    build_db(texts, args.out)
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
