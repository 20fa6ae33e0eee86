"""Text rules shared by the editor, the decoder, training and the benchmarks (no Qt, no torch).

- ``chars``: the Unicode ranges, defined once, and the predicates built from them
  (is_han, is_cjk_punctuation, is_chinese, is_cjk, ...).
- ``language``: which model continues the text, Chinese or English (chinese_share and
  its thresholds ZH_ABOVE / EN_BELOW, with hysteresis in between).
- ``words`` and ``units``: the two meanings of "word", below.
- ``fit``: what of a suggestion can be right between the text before and after the cursor
  (spacing between scripts, made-up Han-Latin joins, unmatched closing marks, what is
  already after the cursor); ``quotes``: its quotation marks in the writer's style, each
  closing the quotation open; the Suggester applies it to every candidate.

Two meanings of "word"
----------------------
``words.split_words`` cuts text into the pieces that successive Ctrl+Right presses accept
(and that the benchmark's ExactMatch counts): "北京大学" is one piece, because a
dictionary segmenter (rjieba) finds Chinese words, and "well-known" is one piece.

``units.split_units`` cuts text into the decoder's units: what it scores as a
suggestion's first word, keeps whole when it cuts a suggestion and checks token by token
while decoding: "北京大学" is four units (one per CJK character), "well-known" is three
("well", "-", "known").

They differ because they serve different clocks. A Ctrl+Right piece is what a person
takes with one key press, so it must be a real word; segmenting Chinese costs a
dictionary load (~80 ms, once) and a cut per Han run, which is fine once per key press. A
unit must be decidable from single characters, without a dictionary: token_table flags
every vocabulary token by its first character (is_boundary_char) and hypothesis.py cuts
candidate suggestions into units while decoding. Ending a unit after any Han character
is safe there: Chinese has no spaces, so no later character is needed to know that the
text so far is complete. Both use the same character classes (chars.is_cjk, chars.is_han),
so they agree on what is CJK.
"""
