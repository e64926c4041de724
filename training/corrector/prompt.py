"""The house corrector's input format ("nbest-v1"), shared by the recipe and (in Java) dev.sws.asr.correction.

  <|ctx|> previous segment<|nbest|><|s0|> best hypothesis<|sep|><|s2|> second<|sep|>...<|fix|> corrected<|endoftext|>

Each hypothesis carries a score bucket: how far its log-probability is below the best one's. Texts are the
normalised form (lowercase words, digits spelled out) and start with one space.
"""
SPECIALS = ["<|endoftext|>", "<|ctx|>", "<|nbest|>", "<|sep|>", "<|fix|>", "<|s0|>", "<|s1|>", "<|s2|>", "<|s3|>",
            "<|s4|>"]
BUCKETS = (0.5, 1.5, 3.0, 6.0)   # log-probability gaps; must match CorrectorPrompt.BUCKETS in Java
MAX_HYPS = 4
MAX_CONTEXT_WORDS = 12


def bucket(gap):
    for i, b in enumerate(BUCKETS):
        if gap < b:
            return i
    return len(BUCKETS)


def render(context, nbest):
    """nbest: list of (text, log_prob), best first. Returns the prompt text (ends with <|fix|>)."""
    ctx = " ".join(context.split()[-MAX_CONTEXT_WORDS:])
    best = nbest[0][1]
    parts = ["<|ctx|>", (" " + ctx) if ctx else "", "<|nbest|>"]
    for text, lp in nbest[:MAX_HYPS]:
        parts += [f"<|s{bucket(best - lp)}|>", " " + " ".join(text.split()), "<|sep|>"]
    parts.append("<|fix|>")
    return "".join(parts)
