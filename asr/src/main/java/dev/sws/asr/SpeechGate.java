package dev.sws.asr;

import dev.sws.audio.dsp.StreamingResampler;
import dev.sws.audio.vad.VoiceActivityDetector;

import java.util.BitSet;

/**
 * Whether a stretch of a stream held speech, by a voice activity detector run over the same audio as the
 * recogniser. A recogniser trained on speech hears words in steady noise (the house model heard "the meeting is on
 * thursday at one" in 1.4 s of white noise); a finished segment during which the detector found no speech at all is
 * dropped by its transcriber. Lenient on purpose: one window of speech within {@link #MARGIN} of the segment keeps it.
 *
 * <p>Memory: one bit per detector window (32 ms for Silero), ~14 kB per hour. Not thread-safe: one gate per stream,
 * fed by the thread that feeds the recogniser. Owns (closes) its detector.
 */
public final class SpeechGate implements AutoCloseable {

    /** Speech probability at or above which a window counts as speech (Silero's own default). */
    public static final float THRESHOLD = 0.5f;
    /** Seconds around a segment that still count as its own (word times are approximate). */
    public static final double MARGIN = 0.25;

    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(SpeechGate.class.getName());

    private final VoiceActivityDetector vad;
    private final float[] window;
    private final double windowSeconds;
    private final BitSet speech = new BitSet();
    private int filled;
    private int windows;
    private int dropped;
    private StreamingResampler resampler;

    public SpeechGate(VoiceActivityDetector vad) {
        this.vad = vad;
        this.window = new float[vad.windowSize()];
        this.windowSeconds = (double) vad.windowSize() / vad.sampleRate();
    }

    /** Adds samples at any rate (keep it constant per stream), as they are given to the recogniser. */
    public void accept(int sampleRate, float[] samples, int off, int len) {
        if (sampleRate != vad.sampleRate()) {
            if (resampler == null || resampler.fromRate() != sampleRate) {
                resampler = new StreamingResampler(sampleRate, vad.sampleRate());
            }
            float[] r = resampler.process(samples, off, len, false);
            add(r, 0, r.length);
        } else {
            add(samples, off, len);
        }
    }

    private void add(float[] x, int off, int len) {
        for (int i = 0; i < len; ) {
            int n = Math.min(len - i, window.length - filled);
            System.arraycopy(x, off + i, window, filled, n);
            filled += n;
            i += n;
            if (filled == window.length) {
                judge();
            }
        }
    }

    private void judge() {
        if (vad.process(window, 0) >= THRESHOLD) {
            speech.set(windows);
        }
        windows++;
        filled = 0;
    }

    /** The input ended: the last, partial window is judged padded with silence. */
    public void finish() {
        if (resampler != null) {
            float[] r = resampler.process(new float[0], 0, 0, true);
            resampler = null;
            add(r, 0, r.length);
        }
        if (filled > 0) {
            java.util.Arrays.fill(window, filled, window.length, 0f);
            judge();
        }
    }

    /**
     * True when the detector found speech in [start − MARGIN, end + MARGIN] (seconds from the stream's start), or when
     * that span reaches past the audio judged so far (nothing is dropped unheard).
     */
    public boolean heardSpeech(double start, double end) {
        int from = Math.max(0, (int) Math.floor((start - MARGIN) / windowSeconds));
        int to = (int) Math.ceil((end + MARGIN) / windowSeconds);   // exclusive
        if (from >= windows) {
            return true;
        }
        int next = speech.nextSetBit(from);
        return next >= 0 && next < to;
    }

    /**
     * Whether a finished segment belongs in the transcript: false when the detector heard no speech in it, in which
     * case the drop is logged (with {@code source}, a file or stream name) and counted in {@link #dropped()}.
     */
    public boolean admits(Segment s, String source) {
        if (heardSpeech(s.start(), s.end())) {
            return true;
        }
        dropped++;
        LOG.info(() -> String.format(java.util.Locale.ROOT, "%s: dropped \"%s\" (%.2f-%.2f s): no speech detected there",
                source, s.text(), s.start(), s.end()));
        return false;
    }

    /** Segments {@link #admits} turned away so far. */
    public int dropped() {
        return dropped;
    }

    /**
     * A partial (still open) result as the user should see it: its text only once the detector has heard speech in
     * its span, so that words heard in noise do not flash up before the segment is dropped.
     */
    public Segment shown(Segment partial) {
        return partial.isEmpty() || heardSpeech(partial.start(), partial.end()) ? partial : partial.withText("", java.util.List.of());
    }

    /** Seconds of audio the detector has judged. */
    public double secondsJudged() {
        return windows * windowSeconds;
    }

    @Override
    public void close() {
        vad.close();
    }
}
