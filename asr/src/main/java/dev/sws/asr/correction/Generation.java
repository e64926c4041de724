package dev.sws.asr.correction;

import java.util.Set;

/**
 * One decoding request: at most {@code maxNewTokens}, stopping at any of {@code stop}; {@code allowed} (when not
 * null) is the only vocabulary the output may use (constrained decoding: the ids of the n-best words).
 */
public record Generation(int maxNewTokens, Set<Long> stop, Set<Long> allowed) {
    public Generation {
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("maxNewTokens must be at least 1");
        }
        stop = Set.copyOf(stop);
        allowed = allowed == null ? null : Set.copyOf(allowed);
    }
}
