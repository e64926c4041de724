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
