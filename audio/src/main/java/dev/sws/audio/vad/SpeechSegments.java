package dev.sws.audio.vad;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a detector's window probabilities into speech segments with hysteresis (Silero's rules): speech starts
 * above {@code threshold}, ends after {@code minSilenceMs} below {@code threshold - 0.15}; segments shorter than
 * {@code minSpeechMs} are dropped and each segment is padded by {@code padMs}.
 */
public final class SpeechSegments {

    /** A speech segment in samples, end exclusive. */
    public record Segment(int start, int end) {
        public double startSeconds(int rate) {
            return start / (double) rate;
        }

        public double endSeconds(int rate) {
            return end / (double) rate;
        }

        public int length() {
            return end - start;
        }
    }

    private SpeechSegments() {
    }

    public static List<Segment> detect(VoiceActivityDetector vad, float[] samples, double threshold, int minSpeechMs,
                                       int minSilenceMs, int padMs) {
        int w = vad.windowSize();
        int rate = vad.sampleRate();
        vad.reset();
        List<Segment> out = new ArrayList<>();
        boolean inSpeech = false;
        int start = 0;
        int silenceStart = -1;
        double neg = Math.max(0.01, threshold - 0.15);
        for (int pos = 0; pos + w <= samples.length; pos += w) {
            float p = vad.process(samples, pos);
            if (p >= threshold) {
                silenceStart = -1;
                if (!inSpeech) {
                    inSpeech = true;
                    start = pos;
                }
            } else if (inSpeech && p < neg) {
                if (silenceStart < 0) {
                    silenceStart = pos;
                }
                if ((pos + w - silenceStart) * 1000L / rate >= minSilenceMs) {
                    add(out, start, silenceStart, rate, minSpeechMs);
                    inSpeech = false;
                    silenceStart = -1;
                }
            }
        }
        if (inSpeech) {
            add(out, start, silenceStart >= 0 ? silenceStart : samples.length, rate, minSpeechMs);
        }
        int pad = padMs * rate / 1000;
        List<Segment> padded = new ArrayList<>();
        for (Segment s : out) {
            int a = Math.max(0, s.start - pad);
            int b = Math.min(samples.length, s.end + pad);
            if (!padded.isEmpty() && padded.getLast().end >= a) {
                Segment prev = padded.removeLast();
                padded.add(new Segment(prev.start, Math.max(prev.end, b)));
            } else {
                padded.add(new Segment(a, b));
            }
        }
        return padded;
    }

    private static void add(List<Segment> out, int start, int end, int rate, int minSpeechMs) {
        if ((end - start) * 1000L / rate >= minSpeechMs) {
            out.add(new Segment(start, end));
        }
    }

    /** Fraction of the clip's samples that lie in segments. */
    public static double speechRatio(List<Segment> segs, int totalSamples) {
        long s = 0;
        for (Segment g : segs) {
            s += g.length();
        }
        return totalSamples == 0 ? 0 : s / (double) totalSamples;
    }
}
