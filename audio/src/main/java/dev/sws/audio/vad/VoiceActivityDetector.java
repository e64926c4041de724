package dev.sws.audio.vad;

/** Speech probability for consecutive fixed-size windows of 16 kHz mono audio. Stateful: one per stream. */
public interface VoiceActivityDetector extends AutoCloseable {

    /** Samples per window (512 for Silero at 16 kHz). */
    int windowSize();

    int sampleRate();

    /** Probability in [0,1] that {@code window[off..off+windowSize)} contains speech. */
    float process(float[] window, int off);

    /** Forgets the recurrent state (new stream). */
    void reset();

    @Override
    void close();
}
