package dev.sws.tts;

import dev.sws.audio.classify.AudioClassifier;
import dev.sws.audio.vad.SpeechSegments;
import dev.sws.audio.vad.Levelling;
import dev.sws.audio.vad.VoiceActivityDetector;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns 1–8 user clips into one reference for cloning, F5-TTS style: finds the speech (VAD), trims silence, keeps the
 * best 3–12 s (cutting at pauses), normalises loudness, and reports problems as plain-language advice.
 */
public final class ReferenceBuilder {

    public static final double MIN_SECONDS = 3.0;
    public static final double MAX_SECONDS = 12.0;
    private static final double TARGET_RMS_DB = -20.0;

    /** How serious a finding is: a blocker stops the wizard from saving; a warning is advice. */
    public enum Severity { BLOCKER, WARNING }

    public record Finding(Severity severity, String code, String advice) {
    }

    /** The reference audio (16 kHz, trimmed, normalised) with what was found on the way. */
    public record Result(float[] audio, int sampleRate, List<Finding> findings, double speechSeconds,
                         double snrDb, double clippedFraction) {
        public boolean usable() {
            return audio.length > 0 && findings.stream().noneMatch(f -> f.severity() == Severity.BLOCKER);
        }
    }

    private ReferenceBuilder() {
    }

    /** Share of non-silent windows heard as music from which the reference gets a music finding. */
    static final double MUSIC_SHARE = 0.3;

    /**
     * As {@link #build(List, VoiceActivityDetector, SpeakerEncoder)}, and with the audio-class model also says what the
     * clips hold when it is not (only) speech: music (a blocker when there is no speech, a warning when it plays under
     * the speech) or noise and other sounds. The heuristic "no pauses" advice gives way to the model's answer.
     */
    public static Result build(List<float[]> clips, VoiceActivityDetector vad, SpeakerEncoder speakers,
                               AudioClassifier classes) {
        Result r = build(clips, vad, speakers);
        if (classes == null || clips.isEmpty() || classes.sampleRate() != vad.sampleRate()) {
            return r;   // clips come at the detector's rate; a model for another rate cannot judge them
        }
        AudioClassifier.Shares s = classes.shares(Synthesizer.concat(clips));
        if (s.windows() == 0) {
            return r;
        }
        double music = s.of("music");
        double speech = s.of("speech");
        boolean noSpeech = r.findings().stream().anyMatch(f -> f.code().equals("no-speech"));
        List<Finding> f = new ArrayList<>();
        for (Finding x : r.findings()) {
            boolean replaced = x.code().equals("no-pauses") || (x.code().equals("no-speech") && !s.dominant().equals("speech"));
            if (!replaced) {
                f.add(x);
            }
        }
        String pct = String.format(java.util.Locale.ROOT, "%.0f %%", 100 * music);
        if (s.dominant().equals("music") && (noSpeech || speech < MUSIC_SHARE)) {
            f.add(0, new Finding(Severity.BLOCKER, "music", "This sounds like music (" + pct + " of the sound), not speech."
                    + " Record or upload the speaker talking on their own, without music."));
        } else if (music >= MUSIC_SHARE) {
            f.add(new Finding(Severity.WARNING, "music-background", "Music plays in " + pct + " of the recording: the clone"
                    + " copies it along with the voice. Use clips without background music."));
        }
        if (!s.dominant().equals("speech") && !s.dominant().equals("music") && (noSpeech || speech < 0.5)) {
            f.add(0, new Finding(noSpeech || speech < 0.2 ? Severity.BLOCKER : Severity.WARNING, "noise", String.format(java.util.Locale.ROOT,
                    "Mostly noise or other sounds (speech in only %.0f %% of it). Record the speaker talking in a quiet room.",
                    100 * speech)));
        }
        return new Result(r.audio(), r.sampleRate(), List.copyOf(f), r.speechSeconds(), r.snrDb(), r.clippedFraction());
    }

    /**
     * Lowest cosine of a 1.5 s window's speaker embedding to the clip's mean that still counts as one voice: chosen with
     * training/speaker/OneVoiceProbe.java on the LibriSpeech dev readers (6 of 23 single clips flagged, none of 36
     * two-reader clips missed); on the test-other readers 4 of 56 and 10 of 270.
     */
    static final double ONE_VOICE_MIN_COSINE = 0.40;

    /**
     * As {@link #build(List, VoiceActivityDetector)}, and with a speaker encoder also checks that one voice speaks
     * throughout: every 1.5 s window of the reference must resemble the whole.
     */
    public static Result build(List<float[]> clips, VoiceActivityDetector vad, SpeakerEncoder speakers) {
        Result r = build(clips, vad);
        if (speakers == null || r.audio().length < 3 * r.sampleRate()) {
            return r;
        }
        double worst = speakers.consistency(r.audio(), r.sampleRate() * 3 / 2);
        if (worst < ONE_VOICE_MIN_COSINE) {
            List<Finding> f = new ArrayList<>(r.findings());
            f.add(new Finding(Severity.WARNING, "several-voices", String.format(java.util.Locale.ROOT,
                    "More than one voice seems to speak in these clips (similarity %.2f). Use clips of the one speaker only.", worst)));
            return new Result(r.audio(), r.sampleRate(), f, r.speechSeconds(), r.snrDb(), r.clippedFraction());
        }
        return r;
    }

    /** Builds the reference from clips at {@code vad.sampleRate()} (16 kHz). */
    public static Result build(List<float[]> clips, VoiceActivityDetector vad) {
        int rate = vad.sampleRate();
        List<Finding> findings = new ArrayList<>();
        if (clips.isEmpty()) {
            findings.add(new Finding(Severity.BLOCKER, "no-audio", "Add or record at least one clip of the speaker."));
            return new Result(new float[0], rate, findings, 0, 0, 0);
        }
        double clipped = 0;
        long total = 0;
        List<float[]> speech = new ArrayList<>();
        double speechEnergy = 0;
        double noiseEnergy = 0;
        long speechN = 0;
        long noiseN = 0;
        double totalSeconds = 0;
        for (float[] clip : clips) {
            totalSeconds += clip.length / (double) rate;
            for (float v : clip) {
                if (Math.abs(v) >= 0.99f) {
                    clipped++;
                }
            }
            total += clip.length;
            // judged levelled: Silero's decisions move with the input level, and a quietly recorded clip was cut up
            // differently (a clean clip at -30 dB read as "speech only -3 dB above the noise")
            List<SpeechSegments.Segment> segs = SpeechSegments.detect(vad, Levelling.levelled(clip), 0.5, 150, 250, 60);
            boolean[] isSpeech = new boolean[clip.length];
            for (SpeechSegments.Segment s : segs) {
                int from = Math.max(0, s.start());
                int to = Math.min(clip.length, s.end());
                java.util.Arrays.fill(isSpeech, from, to, true);
                speech.add(java.util.Arrays.copyOfRange(clip, from, to));
            }
            for (int i = 0; i < clip.length; i++) {
                double e = clip[i] * (double) clip[i];
                if (isSpeech[i]) {
                    speechEnergy += e;
                    speechN++;
                } else {
                    noiseEnergy += e;
                    noiseN++;
                }
            }
        }
        double clippedFraction = clipped / Math.max(1, total);
        double speechSeconds = speech.stream().mapToInt(a -> a.length).sum() / (double) rate;
        double snr = noiseN < rate / 10 || noiseEnergy == 0 ? 60.0
                : 10 * Math.log10((speechEnergy / Math.max(1, speechN)) / (noiseEnergy / noiseN) + 1e-12);
        if (speechSeconds < 0.5) {
            findings.add(new Finding(Severity.BLOCKER, "no-speech", totalSeconds > 2
                    ? "No speech was found. If this is music or noise, record the speaker talking instead."
                    : "No speech was found: the clip is too short or silent. Record the speaker reading a sentence or two."));
            return new Result(new float[0], rate, findings, speechSeconds, snr, clippedFraction);
        }
        if (speechSeconds < MIN_SECONDS) {
            findings.add(new Finding(Severity.BLOCKER, "too-short", String.format(
                    "Only %.1f s of speech: record at least %.0f s (one or two full sentences) so the voice can be copied.",
                    speechSeconds, MIN_SECONDS)));
        }
        if (clippedFraction > 0.001) {
            findings.add(new Finding(Severity.WARNING, "clipped",
                    "The recording is clipped (too loud, distorted). Move back from the microphone or lower the input level."));
        }
        if (snr < 15) {
            findings.add(new Finding(Severity.WARNING, "noisy", String.format(
                    "Background noise is high (speech only %.0f dB above it). Record in a quieter room; the clone copies the noise too.", snr)));
        }
        if (speechSeconds / Math.max(totalSeconds, 1e-9) > 0.97 && totalSeconds > 5 && snr >= 60) {
            findings.add(new Finding(Severity.WARNING, "no-pauses",
                    "There are no pauses at all: if this is music or a constant sound rather than speech, use a plain speech recording."));
        }
        Joined join = joinWithGaps(speech, rate / 10, (int) (MAX_SECONDS * rate), rate);
        float[] joined = join.samples();
        if (join.leftOut()) {
            // also when the speech alone fits but the short pauses put between its segments do not
            findings.add(new Finding(Severity.WARNING, "trimmed", String.format(java.util.Locale.ROOT,
                    "%.1f s of speech were found; a reference holds at most %.0f s with the short pauses between its"
                            + " parts, so the first %.1f s (up to a pause) are used and the rest is left out.",
                    speechSeconds, MAX_SECONDS, joined.length / (double) rate)));
        }
        normalise(joined);
        return new Result(joined, rate, findings, speechSeconds, snr, clippedFraction);
    }

    /** The joined speech, and whether any of it did not fit. */
    private record Joined(float[] samples, boolean leftOut) {
    }

    /**
     * Speech segments joined with short silences, stopping at the segment that would pass {@code max} samples. A first
     * segment longer than that is cut at its quietest moment in the last 3 s before {@code max} (between words, as a
     * rule), not in the middle of a word.
     */
    private static Joined joinWithGaps(List<float[]> parts, int gap, int max, int rate) {
        List<float[]> keep = new ArrayList<>();
        int n = 0;
        boolean leftOut = false;
        for (float[] p : parts) {
            int add = p.length + (keep.isEmpty() ? 0 : gap);
            if (n + add > max) {   // this part, and all after it, do not fit (a first one is cut short)
                if (keep.isEmpty()) {
                    int cut = quietestCut(p, max, 3 * rate, rate / 50);
                    keep.add(java.util.Arrays.copyOf(p, cut));
                    n = cut;
                }
                leftOut = true;
                break;
            }
            keep.add(p);
            n += add;
        }
        float[] out = new float[n];
        int at = 0;
        for (float[] p : keep) {
            if (at > 0) {
                at += gap;
            }
            System.arraycopy(p, 0, out, at, Math.min(p.length, out.length - at));
            at += p.length;
        }
        return new Joined(out, leftOut);
    }

    /**
     * Where to cut {@code x} to at most {@code max} samples: the end of its quietest {@code window} among those that end
     * in the last {@code span} samples before {@code max}.
     */
    static int quietestCut(float[] x, int max, int span, int window) {
        int best = max;
        double bestEnergy = Double.MAX_VALUE;
        for (int end = max; end - window >= Math.max(0, max - span); end -= window / 2) {
            double e = 0;
            for (int i = end - window; i < end; i++) {
                e += x[i] * (double) x[i];
            }
            if (e < bestEnergy) {
                bestEnergy = e;
                best = end;
            }
        }
        return best;
    }

    /** Scales to −20 dBFS RMS, never past −1 dBFS peak. */
    static void normalise(float[] x) {
        double sum = 0;
        float peak = 0;
        for (float v : x) {
            sum += v * (double) v;
            peak = Math.max(peak, Math.abs(v));
        }
        if (sum == 0) {
            return;
        }
        double rms = Math.sqrt(sum / x.length);
        double gain = Math.pow(10, TARGET_RMS_DB / 20) / rms;
        gain = Math.min(gain, 0.891 / Math.max(peak, 1e-9));
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (x[i] * gain);
        }
    }
}
