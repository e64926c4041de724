package dev.sws.asr;

import dev.sws.audio.dsp.StreamingResampler;
import dev.sws.audio.vad.Levelling;
import dev.sws.audio.vad.VoiceActivityDetector;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Whether a stretch of a stream held speech, by a voice activity detector run over the same audio as the
 * recogniser. A recogniser trained on speech hears words in steady noise (the house model heard "the meeting is on
 * thursday at one" in 1.4 s of white noise); a finished segment during which the detector found no speech at all is
 * dropped by its transcriber. Lenient on purpose: one window of speech within {@link #MARGIN} of the segment keeps it.
 *
 * <p>Quiet speech: Silero's speech probability falls with the input level, and spoken digits peaking at −25 to
 * −38 dBFS scored below its threshold and were dropped as silence (229 of FSDD's 2 000). So a segment in which the
 * streaming pass heard nothing gets a second listen before it goes: its own audio (kept for the last
 * {@link #HISTORY_SECONDS}), levelled ({@link Levelling}: to a 0.5 peak, at most +30 dB), judged by a second detector
 * from a fresh state. Loud audio is not re-judged, so every segment the gate kept before is kept, and noise loud enough
 * to hear is judged as before (ADR 0015).
 *
 * <p>Memory: one bit per detector window (32 ms for Silero), ~14 kB per hour, and the last {@link #HISTORY_SECONDS} of
 * audio (2 MB). Not thread-safe: one gate per stream, fed by the thread that feeds the recogniser. Owns (closes) its
 * detectors. Gates of streams fed together (files batched as streams) can defer their windows and have them judged
 * in one detector call per round ({@link #deferJudging}, {@link #judgeAll}).
 */
public final class SpeechGate implements AutoCloseable {

    /** Speech probability at or above which a window counts as speech (Silero's own default). */
    public static final float THRESHOLD = 0.5f;
    /** Seconds around a segment that still count as its own (word times are approximate). */
    public static final double MARGIN = 0.25;

    /** Audio kept for second listens: the last seconds of a long segment tell as well as all of it. */
    public static final int HISTORY_SECONDS = 32;

    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(SpeechGate.class.getName());

    private final VoiceActivityDetector vad;
    private final VoiceActivityDetector second;
    private final float[] history;
    private long written;
    private final float[] window;
    private final double windowSeconds;
    private final BitSet speech = new BitSet();
    private int filled;
    private int windows;
    private int dropped;
    private StreamingResampler resampler;
    /** Full windows waiting to be judged (deferred judging, {@link #judgeAll}); null when each is judged at once. */
    private java.util.ArrayDeque<float[]> pending;

    /** A gate without second listens (quiet speech may be dropped). */
    public SpeechGate(VoiceActivityDetector vad) {
        this(vad, null);
    }

    /**
     * @param vad    judges the stream as it comes
     * @param second judges quiet segments again, levelled (same kind and rate as {@code vad}), or null for none
     */
    public SpeechGate(VoiceActivityDetector vad, VoiceActivityDetector second) {
        this.vad = vad;
        this.second = second;
        this.window = new float[vad.windowSize()];
        this.windowSeconds = (double) vad.windowSize() / vad.sampleRate();
        this.history = second == null ? new float[0] : new float[HISTORY_SECONDS * vad.sampleRate()];
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
        for (int i = 0; i < len && history.length > 0; i++) {
            history[(int) ((written + i) % history.length)] = x[off + i];
        }
        written += len;
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
        if (pending != null) {
            pending.add(window.clone());
        } else {
            record(vad.process(window, 0));
        }
        filled = 0;
    }

    private void record(float probability) {
        if (probability >= THRESHOLD) {
            speech.set(windows);
        }
        windows++;
    }

    /**
     * From now on full windows wait until {@link #judgeAll} judges them together with other gates' windows (one batched
     * detector call per round instead of one call per window and gate); any question to this gate judges what still
     * waits first, so its answers are the same.
     */
    public void deferJudging() {
        if (pending == null) {
            pending = new java.util.ArrayDeque<>();
        }
    }

    /** Judges the windows waiting in each gate, the n-th windows of all gates in one batched detector call. */
    public static void judgeAll(List<SpeechGate> gates) {
        List<SpeechGate> waiting = new ArrayList<>();
        for (SpeechGate g : gates) {
            if (g.pending != null && !g.pending.isEmpty()) {
                waiting.add(g);
            }
        }
        while (!waiting.isEmpty()) {
            List<VoiceActivityDetector> vads = new ArrayList<>(waiting.size());
            List<float[]> windows = new ArrayList<>(waiting.size());
            for (SpeechGate g : waiting) {
                vads.add(g.vad);
                windows.add(g.pending.poll());
            }
            float[] p = VoiceActivityDetector.processAll(vads, windows);
            for (int i = 0; i < p.length; i++) {
                waiting.get(i).record(p[i]);
            }
            waiting.removeIf(g -> g.pending.isEmpty());
        }
    }

    /** Judges this gate's waiting windows (deferred judging), so that it answers about all the audio it was given. */
    private void judgePending() {
        if (pending != null) {
            while (!pending.isEmpty()) {
                record(vad.process(pending.poll(), 0));
            }
        }
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
        judgePending();
    }

    /**
     * True when the detector found speech in [start − MARGIN, end + MARGIN] (seconds from the stream's start), or when
     * that span reaches past the audio judged so far (nothing is dropped unheard).
     */
    public boolean heardSpeech(double start, double end) {
        judgePending();
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
        if (heardWhenLevelled(s.start(), s.end())) {
            LOG.fine(() -> String.format(java.util.Locale.ROOT, "%s: kept quiet speech \"%s\" (%.2f-%.2f s), heard once levelled",
                    source, s.text(), s.start(), s.end()));
            return true;
        }
        dropped++;
        LOG.info(() -> String.format(java.util.Locale.ROOT, "%s: dropped \"%s\" (%.2f-%.2f s): no speech detected there",
                source, s.text(), s.start(), s.end()));
        return false;
    }

    /**
     * The second listen: whether the second detector, from a fresh state, hears speech in [start − MARGIN, end + MARGIN]
     * (its last {@link #HISTORY_SECONDS} at most), levelled. False without a second detector, and for audio that needs
     * no levelling (the streaming pass judged it at its own level).
     */
    boolean heardWhenLevelled(double start, double end) {
        if (second == null) {
            return false;
        }
        int rate = vad.sampleRate();
        long to = Math.min(written, (long) Math.ceil((end + MARGIN) * rate));
        long from = Math.max(Math.max(0, (long) Math.floor((start - MARGIN) * rate)), written - history.length);
        if (to - from < window.length) {
            return false;
        }
        float[] x = new float[(int) (to - from)];
        for (int i = 0; i < x.length; i++) {
            x[i] = history[(int) ((from + i) % history.length)];
        }
        float[] levelled = Levelling.levelled(x);
        if (levelled == x) {   // loud enough as it was: the streaming pass judged it at this level
            return false;
        }
        second.reset();
        float[] w = new float[window.length];
        for (int off = 0; off < x.length; off += w.length) {
            int n = Math.min(w.length, x.length - off);
            System.arraycopy(levelled, off, w, 0, n);
            java.util.Arrays.fill(w, n, w.length, 0f);
            if (second.process(w, 0) >= THRESHOLD) {
                return true;
            }
        }
        return false;
    }

    /** Segments {@link #admits} turned away so far. */
    public int dropped() {
        return dropped;
    }

    /**
     * A partial (still open) result as the user should see it: its text only once the detector has heard speech in
     * its span, so that words heard in noise do not flash up before the segment is dropped. (Speech so quiet that only
     * the second listen hears it shows when its segment ends.)
     */
    public Segment shown(Segment partial) {
        return partial.isEmpty() || heardSpeech(partial.start(), partial.end()) ? partial : partial.withText("", java.util.List.of());
    }

    /** The detector windows (of {@code windowSize} samples from the stream's start) judged to hold speech. */
    public BitSet speechWindows() {
        judgePending();
        return (BitSet) speech.clone();
    }

    /** Seconds of audio the detector has judged. */
    public double secondsJudged() {
        judgePending();
        return windows * windowSeconds;
    }

    @Override
    public void close() {
        vad.close();
        if (second != null) {
            second.close();
        }
    }
}
