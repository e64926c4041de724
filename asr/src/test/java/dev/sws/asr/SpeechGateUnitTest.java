package dev.sws.asr;

import dev.sws.audio.dsp.StreamingResampler;
import dev.sws.audio.io.AudioFiles;
import dev.sws.audio.vad.SileroVad;
import dev.sws.core.inference.InferenceRuntime;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link SpeechGate} with the shipped Silero VAD on 2 s of white noise, the speech fixture, and 2 s of silence. */
class SpeechGateUnitTest {

    static Path silero() {
        return Path.of(System.getProperty("sws.models.dir", "../models")).resolve("silero-vad-v6/silero_vad_v6.onnx");
    }

    /** Noise 0-2 s, speech from 2 s (5.15 s long), silence after it. */
    static float[] stream() {
        float[] speech = AudioFiles.read(Replicas.fixture("speech-16k.wav"), 16000).samples();
        float[] x = new float[2 * 16000 + speech.length + 2 * 16000];
        Random r = new Random(5);
        for (int i = 0; i < 2 * 16000; i++) {
            x[i] = (float) (0.1 * r.nextGaussian());
        }
        System.arraycopy(speech, 0, x, 2 * 16000, speech.length);
        return x;
    }

    static SpeechGate judged(float[] x, int rate, int block) {
        SpeechGate g = new SpeechGate(new SileroVad(InferenceRuntime.standalone(), silero()));
        for (int off = 0; off < x.length; off += block) {
            g.accept(rate, x, off, Math.min(block, x.length - off));
        }
        g.finish();
        return g;
    }

    @Test
    void speechIsHeardNoiseAndSilenceAreNot() {
        float[] x = stream();
        try (SpeechGate g = judged(x, 16000, 1000)) {   // blocks that do not divide the 512-sample windows
            assertEquals(x.length / 16000.0, g.secondsJudged(), 0.032, "the last partial window is judged too");
            assertTrue(g.heardSpeech(3.0, 5.0), "the sentence");
            assertFalse(g.heardSpeech(0.0, 1.5), "white noise");
            assertFalse(g.heardSpeech(7.8, 9.1), "silence after the speech");
            double onset = 0;   // the first speech window: where a zero-length span first reaches it, plus the margin
            while (!g.heardSpeech(onset, onset)) {
                onset += 0.01;
            }
            onset += SpeechGate.MARGIN;
            assertTrue(onset >= 2.0 && onset < 3.0, "speech starts after the noise: " + onset);
            assertTrue(g.heardSpeech(0.0, onset - SpeechGate.MARGIN + 0.05), "a segment ending within the margin of speech is kept");
            assertFalse(g.heardSpeech(0.0, onset - SpeechGate.MARGIN - 0.05), "one ending further before it is not");
            assertTrue(g.heardSpeech(x.length / 16000.0 + 1, x.length / 16000.0 + 2), "audio not yet judged is not dropped");
        }
    }

    /** FSDD digits peaking at −26 and −31 dBFS, as recorded: kept only by a second listen. */
    @Test
    void quietSpeechIsHeardOnASecondListenNoiseIsNot() {
        for (String quiet : new String[]{"quiet-zero-8k.flac", "quiet-one-8k.flac"}) {
            float[] x = AudioFiles.read(Replicas.fixture(quiet), 16000).samples();
            double end = x.length / 16000.0;
            Segment seg = new Segment(0, 0, end, "zero", java.util.List.of(), java.util.List.of(), 1);
            try (SpeechGate plain = judged(x, 16000, 1600, false); SpeechGate g = judged(x, 16000, 1600, true)) {
                assertFalse(plain.heardSpeech(0, end), quiet + ": the premise, Silero alone takes it for silence");
                assertFalse(plain.admits(seg, quiet), quiet + ": so a gate without a second listen dropped it");
                assertTrue(g.admits(seg, quiet), quiet + ": heard on the second listen");
                assertEquals(0, g.dropped());
            }
        }
        Random r = new Random(11);
        for (double db : new double[]{-20, -35, -45}) {   // levelled up to +30 dB on the second listen, still not speech
            float[] noise = new float[6 * 16000];
            for (int i = 0; i < noise.length; i++) {
                noise[i] = (float) (r.nextGaussian() * Math.pow(10, db / 20));
            }
            Segment seg = new Segment(0, 1, 5, "five five", java.util.List.of(), java.util.List.of(), 1);
            try (SpeechGate g = judged(noise, 16000, 1600, true)) {
                assertFalse(g.admits(seg, "noise"), "white noise at " + db + " dBFS");
                assertEquals(1, g.dropped());
            }
        }
    }

    static SpeechGate judged(float[] x, int rate, int block, boolean secondListen) {
        InferenceRuntime rt = InferenceRuntime.standalone();
        SpeechGate g = new SpeechGate(new SileroVad(rt, silero()), secondListen ? new SileroVad(rt, silero()) : null);
        for (int off = 0; off < x.length; off += block) {
            g.accept(rate, x, off, Math.min(block, x.length - off));
        }
        g.finish();
        return g;
    }

    @Test
    void otherRatesAreResampledForTheDetector() {
        float[] x = stream();
        float[] x8 = StreamingResampler.resample(x, 16000, 8000);
        try (SpeechGate g = judged(x8, 8000, 800)) {
            assertEquals(x.length / 16000.0, g.secondsJudged(), 0.07);
            assertTrue(g.heardSpeech(3.0, 5.0));
            assertFalse(g.heardSpeech(0.0, 1.5));
        }
    }
}
