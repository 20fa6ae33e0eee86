"""A recipe source's held-out validation text, exactly as training held it out, to score.

    .venv/bin/python -m bench.held_out --recipe training/recipes/en_default.toml \
        --source en-modern/digitalgov-gsa --out /tmp/digitalgov-held-out.txt
    .venv/bin/python -m training evaluate --checkpoint assets/en-default/weights.pt \
        --raw --max-chars 300000 /tmp/digitalgov-held-out.txt

A source that names no validation files gives the last ~10% of its paragraphs to
validation (training.data_prep.prepare_documents): a model trained on that recipe never
saw them, so they are held-out text of that source (used only to pick the best
checkpoint, never to train). The text is written prepared, as training reads it (score it
with ``--raw``), one document after another. Raises SystemExit with a message for a
source the recipe does not have or one without held-out text.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench.texts import CORPORA
from training.data_prep import prepare_documents
from training.recipe import load_recipe


def held_out_text(recipe: Path, source: str, corpora: Path = CORPORA) -> str:
    """The validation text of ``recipe``'s source whose path ends with ``source`` (its
    documents joined by newlines). Raises ValueError when there is no such source or it
    holds nothing out."""
    sources = [s for s in load_recipe(recipe, corpora).sources if s.path.as_posix().endswith(source.rstrip("/"))]
    if len(sources) != 1:
        raise ValueError(f"{recipe} has {len(sources)} sources at {source!r}; name one")
    docs = prepare_documents(sources).validation.get(sources[0].group, [])
    if not docs:
        raise ValueError(f"{source} holds no text out in {recipe}")
    return "\n".join(d.text for d in docs)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.held_out", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--recipe", type=Path, required=True)
    p.add_argument("--source", required=True, help="the source's path in the recipe (its end suffices)")
    p.add_argument("--corpora", type=Path, default=CORPORA)
    p.add_argument("--out", type=Path, required=True)
    args = p.parse_args(argv)
    try:
        text = held_out_text(args.recipe, args.source, args.corpora)
    except ValueError as exc:
        sys.exit(f"error: {exc}")
    args.out.write_text(text, encoding="utf-8")
    print(f"{args.out}: {len(text):,} characters held out of {args.source} by {args.recipe}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
