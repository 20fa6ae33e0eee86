"""Simplified Chinese as the mainland writes it today, from traditional text.

OpenCC's ``t2s`` (character and phrase tables) makes simplified characters, but it keeps
two conventions of the traditional original that a writer of today's simplified Chinese
never uses, and that the held-out modern texts never contain:

* the aspect particle: traditional 著 (看著, 睡著了, 著急) is 着 in simplified text; t2s keeps
  著, since 著 is also a simplified character (著名, 著作). Lu Xun and the Ming/Qing novels
  had 0 着 against 12,000 著 after t2s, so the narrative they teach was invisible in
  modern text: 着 cost 14.7 bits per occurrence in the held-out children's stories.
  Which 著 are the particle is decided by OpenCC's ``tw2sp`` (Taiwan -> mainland with
  phrases, which knows 看著 -> 看着 and keeps 著名); only those substitutions are taken,
  nothing else of tw2sp (it turns this text's 么 into 幺 and 抬 into 擡).
* quotation marks: 「」『』 become “”‘’ (GB/T 15834-2011, the mainland standard).

It also writes the presentation forms of punctuation that old editions kept from Big5 as
horizontal text writes them (writer_app.text.chars.horizontal_forms: ︰ -> ：, ﹔ -> ；,
﹖ -> ？, ﹁﹂ -> 「」 and so on to “”): Lu Xun's 呐喊 has "说︰" 345 times and no "：", and a
model trained on it offered "︰" after "他说".

OpenCC: https://github.com/BYVoid/OpenCC (the ``opencc`` wheel, Apache-2.0).
"""

from __future__ import annotations

import difflib
import functools

from training.errors import TrainingError
from writer_app.text.chars import horizontal_forms

QUOTES = str.maketrans({"「": "“", "」": "”", "『": "‘", "』": "’"})


@functools.cache
def _converter(config: str):
    try:
        import opencc  # training extra (pyproject [train]); imported when a recipe asks for it
    except ImportError as exc:
        raise TrainingError("Converting Chinese text (convert = \"mainland\") needs OpenCC: "
                            "pip install -e '.[train]' (the opencc package)") from exc
    return opencc.OpenCC(config)


def to_mainland(traditional: str) -> str:
    """``traditional`` (str) in mainland simplified Chinese: presentation forms of
    punctuation as horizontal text writes them, OpenCC t2s, then 著 -> 着 where
    OpenCC tw2sp reads 著 as the particle, then corner brackets -> curly quotes. Other
    characters (Latin, digits, punctuation) are unchanged; the result may differ in length
    only where t2s changes a phrase's length. Raises TrainingError without the opencc package."""
    traditional = horizontal_forms(traditional)
    simplified = _converter("t2s").convert(traditional)
    return particle_zhe(simplified, _converter("tw2sp").convert(traditional)).translate(QUOTES)


def particle_zhe(simplified: str, taiwan: str) -> str:
    """``simplified`` with each 著 that ``taiwan`` (the same text through tw2sp) writes as
    着 at the same place replaced by 着. Lines are aligned one to one (OpenCC keeps line
    breaks); within a line of another length, positions inside equal-length replaced
    spans (difflib), where a 著/着 difference lies."""
    if "著" not in simplified:
        return simplified
    lines, other = simplified.split("\n"), taiwan.split("\n")
    if len(lines) != len(other):
        return simplified
    return "\n".join(_line_zhe(a, b) if "著" in a else a for a, b in zip(lines, other, strict=True))


def _line_zhe(a: str, b: str) -> str:
    if len(a) == len(b):
        spans = [(0, 0, len(a))]
    else:
        ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
        spans = [(i1, j1, i2 - i1) for op, i1, i2, j1, j2 in ops if op == "replace" and i2 - i1 == j2 - j1]
    out = list(a)
    for i, j, n in spans:
        for k in range(n):
            if a[i + k] == "著" and b[j + k] == "着":
                out[i + k] = "着"
    return "".join(out)
