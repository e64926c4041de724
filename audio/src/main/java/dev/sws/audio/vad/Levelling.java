package dev.sws.audio.vad;

/**
 * Raising quiet audio before a voice activity detector judges it. Silero's decisions move with the input level: quiet
 * spoken digits (peaks −25 to −38 dBFS) scored below its threshold and were taken for silence, and a clean reference
 * clip at −30 dB was cut up differently from the same clip at a normal level. Levelled to a peak of
 * {@link #TARGET_PEAK}, they are judged like loud ones, while noise levelled as much stays noise (ADR 0015). Only whole stretches are levelled (a segment, a clip): a gain that follows a stream amplifies the quiet
 * before speech and left Silero deaf to loud words after it.
 */
public final class Levelling {

    /** The peak quiet audio is raised to. */
    public static final float TARGET_PEAK = 0.5f;
    /** At most +30 dB: speech peaking at −36 dBFS; fainter audio stays fainter. */
    public static final float MAX_GAIN = 32f;

    private Levelling() {
    }

    /** The gain that raises {@code x} to {@link #TARGET_PEAK}: 1 (never lowers) … {@link #MAX_GAIN}. */
    public static float gain(float[] x) {
        float peak = 0;
        for (float v : x) {
            peak = Math.max(peak, Math.abs(v));
        }
        return peak <= 0 ? 1f : Math.max(1f, Math.min(MAX_GAIN, TARGET_PEAK / peak));
    }

    /** {@code x} levelled: a new array, or {@code x} itself when it needs no gain. */
    public static float[] levelled(float[] x) {
        float g = gain(x);
        if (g == 1f) {
            return x;
        }
        float[] y = new float[x.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = x[i] * g;
        }
        return y;
    }
}
