package dev.sws.audio.vad;

/** Speech probability for consecutive fixed-size windows of 16 kHz mono audio. Stateful: one per stream. */
public interface VoiceActivityDetector extends AutoCloseable {

    /** Samples per window (512 for Silero at 16 kHz). */
    int windowSize();

    int sampleRate();

    /** Probability in [0,1] that {@code window[off..off+windowSize)} contains speech. */
    float process(float[] window, int off);

    /**
     * One window for each of several detectors (each its own stream): {@code windows.get(i)} (of {@code windowSize()}
     * samples) to {@code detectors.get(i)}; the same probabilities as one {@link #process} call each. Silero
     * detectors over one shared session run as one batched call.
     */
    static float[] processAll(java.util.List<? extends VoiceActivityDetector> detectors, java.util.List<float[]> windows) {
        float[] batched = SileroVad.processAll(detectors, windows);
        if (batched != null) {
            return batched;
        }
        float[] p = new float[detectors.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = detectors.get(i).process(windows.get(i), 0);
        }
        return p;
    }

    /** Forgets the recurrent state (new stream). */
    void reset();

    @Override
    void close();
}
