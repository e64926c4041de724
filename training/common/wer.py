"""Word-level edit distance, as `./sws eval asr` counts errors (substitutions, insertions, deletions alike)."""


def edit_distance(r, h):
    """Levenshtein distance between word lists `r` (reference) and `h` (hypothesis)."""
    d = list(range(len(h) + 1))
    for i in range(1, len(r) + 1):
        prev, d[0] = d[0], i
        for j in range(1, len(h) + 1):
            cur = min(d[j] + 1, d[j - 1] + 1, prev + (r[i - 1] != h[j - 1]))
            prev, d[j] = d[j], cur
    return d[len(h)]
