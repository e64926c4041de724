package dev.sws.asr.model;

/**
 * When an utterance ends (sherpa-onnx's three rules): trailing silence with nothing decoded yet
 * ({@code silenceWithoutSpeech}), trailing silence after some speech ({@code silenceAfterSpeech}), or an
 * utterance longer than {@code maxUtterance} seconds.
 */
public record EndpointConfig(boolean enabled, double silenceWithoutSpeech, double silenceAfterSpeech, double maxUtterance) {

    public EndpointConfig {
        if (silenceWithoutSpeech <= 0 || silenceAfterSpeech <= 0 || maxUtterance <= 0) {
            throw new IllegalArgumentException("endpoint durations must be positive");
        }
    }

    public static EndpointConfig defaults() {
        return new EndpointConfig(true, 2.4, 0.8, 20);
    }

    public static EndpointConfig disabled() {
        return new EndpointConfig(false, 2.4, 0.8, 20);
    }

    /** Decides from seconds of trailing silence, whether anything was decoded, and the utterance length. */
    public boolean isEndpoint(double trailingSilence, boolean hasSpeech, double utteranceSeconds) {
        if (!enabled) {
            return false;
        }
        if (!hasSpeech && trailingSilence >= silenceWithoutSpeech) {
            return true;
        }
        if (hasSpeech && trailingSilence >= silenceAfterSpeech) {
            return true;
        }
        return utteranceSeconds >= maxUtterance;
    }
}
