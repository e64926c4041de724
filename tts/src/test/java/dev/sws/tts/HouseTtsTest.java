package dev.sws.tts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sws.audio.vad.EnergyVad;
import dev.sws.core.inference.Device;
import dev.sws.core.inference.InferenceRuntime;
import dev.sws.core.util.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The shipped house TTS model: ONNX graphs agree with PyTorch, references are checked, voices load. */
class HouseTtsTest {

    static final Path HOUSE = Path.of("../models/house-tts-en-s1");
    static InferenceRuntime runtime;

    @BeforeAll
    static void init() {
        runtime = InferenceRuntime.standalone();
    }

    @Test
    void velocityAndVocoderMatchPyTorch() throws Exception {
        JsonNode g = Json.mapper().readTree(HOUSE.resolve("golden.json").toFile());
        try (TtsModel m = TtsModel.load(HOUSE, runtime, Device.CPU, 2)) {
            assertEquals("uniform", m.config().textLayout());
            SamplerOptions d = m.config().defaults();
            // prune_schedule.py ships a grid only where it beats the sway grid: for this model at NFE 8 and 4
            assertTrue(m.config().pruned(d.withNfe(8)), "the house model ships a pruned grid for NFE 8");
            assertTrue(m.config().pruned(d.withNfe(4)), "and one for NFE 4");
            assertFalse(m.config().pruned(d.withNfe(6)), "other step counts use the sway grid");
            int t = g.get("x").size();
            float[][] x = new float[t][80];
            float[] cond = new float[t * 80];
            long[] text = new long[t];
            for (int f = 0; f < t; f++) {
                for (int k = 0; k < 80; k++) {
                    x[f][k] = (float) g.get("x").get(f).get(k).asDouble();
                    cond[f * 80 + k] = (float) g.get("cond").get(f).get(k).asDouble();
                }
                text[f] = g.get("text").get(f).asLong();
            }
            float[][] v = m.velocityOnce(x, cond, text, 0.5f);
            double err = 0;
            double mag = 0;
            for (int f = 0; f < t; f++) {
                for (int k = 0; k < 80; k++) {
                    double want = g.get("v").get(f).get(k).asDouble();
                    err += Math.abs(v[f][k] - want);
                    mag += Math.abs(want);
                }
            }
            assertTrue(err / mag < 0.05, "int8 ONNX vs PyTorch relative error " + err / mag);
            float[][] mel = new float[10][80];
            for (int f = 0; f < 10; f++) {
                for (int k = 0; k < 80; k++) {
                    mel[f][k] = x[f][k] * 2.5f - 5f;
                }
            }
            float[] audio = m.vocode(mel);
            assertEquals(g.get("audio_len").asInt(), audio.length);
        }
    }

    @Test
    void shortTextsGetTheUtteranceOverheadAndLongOnesKeepTheReferenceRate() {
        try (TtsModel m = TtsModel.load(HOUSE, runtime, Device.CPU, 1)) {
            double fps = m.config().framesPerSecond();
            int refFrames = (int) Math.round(4.0 * fps);   // a 4 s reference of 60 tokens: 0.067 s a token
            int overhead = (int) Math.round(TtsModel.UTTERANCE_OVERHEAD_S * fps);
            assertEquals(refFrames, m.framesFor(refFrames, 60, 60, 1f), "as long as the reference: its duration");
            assertEquals(Math.round(refFrames * 2.0), m.framesFor(refFrames, 60, 120, 1f), 1, "longer texts: the reference's rate");
            int shortText = m.framesFor(refFrames, 60, 8, 1f);   // "hello there": 8 phones
            assertEquals((refFrames - overhead) / 60.0 * 8 + overhead, shortText, 1, "short texts: the rate without the overhead, plus the overhead");
            assertTrue(shortText > refFrames / 60.0 * 8 + overhead * 0.8, "well above the proportional " + refFrames / 60.0 * 8);
            assertEquals(shortText / 0.5, m.framesFor(refFrames, 60, 8, 0.5f), 1, "the speed factor scales all of it");
        }
    }

    @Test
    void textFrontEndMatchesTheTrainingRecipe() throws Exception {
        JsonNode g = Json.mapper().readTree(HOUSE.resolve("golden.json").toFile());
        try (TtsModel m = TtsModel.load(HOUSE, runtime, Device.CPU, 1)) {
            TtsEngineTest.assertTokenCases(g.get("tokens"), m.tokens());
        }
    }

    @Test
    void referenceBuilderGivesSpecificAdvice() {
        Random r = new Random(1);
        try (EnergyVad vad = new EnergyVad()) {
            ReferenceBuilder.Result silence = ReferenceBuilder.build(List.of(new float[16000 * 4]), vad);
            assertFalse(silence.usable());
            assertEquals("no-speech", silence.findings().getFirst().code());
            float[] shortTone = tone(8000, 0.3, r, 0);           // 0.5 s
            ReferenceBuilder.Result tooShort = ReferenceBuilder.build(List.of(shortTone), vad);
            assertFalse(tooShort.usable());
            assertTrue(tooShort.findings().stream().anyMatch(f -> f.code().equals("too-short") || f.code().equals("no-speech")));
            float[] loud = tone(16000 * 5, 1.5, r, 0);            // clipped
            ReferenceBuilder.Result clipped = ReferenceBuilder.build(List.of(loud), vad);
            assertTrue(clipped.findings().stream().anyMatch(f -> f.code().equals("clipped")), clipped.findings().toString());
            float[] longSpeech = tone(16000 * 60, 0.3, r, 0.01);  // 60 s, with noise
            ReferenceBuilder.Result trimmed = ReferenceBuilder.build(List.of(longSpeech), vad);
            assertTrue(trimmed.audio().length <= 12 * 16000, "at most 12 s kept");
            assertTrue(trimmed.findings().stream().anyMatch(f -> f.code().equals("trimmed")));
        }
        assertThrows(IllegalArgumentException.class, () -> new Voice.Consent("Ann", "podcast", "2026-01-01", false));
    }

    @Test
    void speechThatFitsOnlyWithoutItsPausesIsReportedTrimmed() {
        // four clips of 2.85 s of sound: under 12 s of speech, but the 0.1 s pauses put between them make it more
        List<float[]> clips = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            float[] clip = new float[16000 * 4];
            for (int i = 8000; i < 8000 + 45600; i++) {
                clip[i] = (float) (0.3 * Math.sin(2 * Math.PI * 140 * i / 16000.0));
            }
            clips.add(clip);
        }
        try (EnergyVad vad = new EnergyVad()) {
            ReferenceBuilder.Result r = ReferenceBuilder.build(clips, vad);
            assertTrue(r.speechSeconds() <= ReferenceBuilder.MAX_SECONDS, "premise: the speech alone fits, " + r.speechSeconds());
            assertTrue(r.audio().length < r.speechSeconds() * 16000, "premise: a clip is left out, " + r.audio().length);
            assertTrue(r.findings().stream().anyMatch(f -> f.code().equals("trimmed")), r.findings().toString());
        }
    }

    @Test
    void musicAndNoiseReferencesGetTheirOwnAdvice() throws Exception {
        Path fixtures = Path.of("../audio/src/test/resources/fixtures");
        float[] music = dev.sws.audio.io.AudioFiles.read(fixtures.resolve("music-8s.flac"), 16000).samples();
        float[] speech = dev.sws.audio.io.AudioFiles.read(fixtures.resolve("speech-16k.wav"), 16000).samples();
        Random r = new Random(3);
        float[] hiss = new float[16000 * 6];
        for (int i = 0; i < hiss.length; i++) {
            hiss[i] = (float) (0.1 * r.nextGaussian());
        }
        try (EnergyVad vad = new EnergyVad();
             var classes = dev.sws.audio.classify.AudioClassifier.load(Path.of("../models/house-audio-classes-s1"), runtime)) {
            // the energy detector takes music for speech; the audio-class model does not
            assertTrue(ReferenceBuilder.build(List.of(music), vad).usable(), "without the model music passes");
            ReferenceBuilder.Result m = ReferenceBuilder.build(List.of(music), vad, null, classes);
            assertFalse(m.usable());
            assertEquals("music", m.findings().getFirst().code(), m.findings().toString());
            ReferenceBuilder.Result n = ReferenceBuilder.build(List.of(hiss), vad, null, classes);
            assertFalse(n.usable(), n.findings().toString());
            assertTrue(n.findings().stream().anyMatch(f -> f.code().equals("noise") || f.code().equals("no-speech")), n.findings().toString());
            ReferenceBuilder.Result s = ReferenceBuilder.build(List.of(speech), vad, null, classes);
            assertTrue(s.findings().stream().noneMatch(f -> f.code().startsWith("music") || f.code().equals("noise")), s.findings().toString());
        }
    }

    /** A clean clip recorded quietly is judged like the same clip at a normal level (Silero's decisions move with level). */
    @Test
    void aQuietCleanReferenceIsNotCalledNoisy() {
        float[] speech = dev.sws.audio.io.AudioFiles.read(Path.of("../audio/src/test/resources/fixtures/speech-16k.wav"), 16000).samples();
        float[] quiet = new float[speech.length];
        for (int i = 0; i < quiet.length; i++) {
            quiet[i] = speech[i] * (float) Math.pow(10, -30 / 20.0);
        }
        Path silero = Path.of("../models/silero-vad-v6/silero_vad_v6.onnx");
        try (var vad = new dev.sws.audio.vad.SileroVad(runtime, silero)) {
            ReferenceBuilder.Result normal = ReferenceBuilder.build(List.of(speech), vad);
            vad.reset();
            ReferenceBuilder.Result q = ReferenceBuilder.build(List.of(quiet), vad);
            assertTrue(q.findings().stream().noneMatch(f -> f.code().equals("noisy")), q.findings() + ", SNR " + q.snrDb());
            assertEquals(normal.speechSeconds(), q.speechSeconds(), 0.1, "the same speech found");
            assertEquals(normal.snrDb(), q.snrDb(), 1.0);
        }
    }

    @Test
    void builtInVoicesLoadWithConsent() {
        VoiceStore store = new VoiceStore(Path.of("target/no-user-voices"), List.of(HOUSE.resolve("voices")));
        List<VoiceStore.Entry> all = store.list();
        assertTrue(all.size() >= 3, "built-in voices: " + all.size());
        for (VoiceStore.Entry e : all) {
            assertTrue(e.builtIn());
            assertTrue(Files.isRegularFile(e.reference()));
            assertTrue(e.voice().consent().confirmed());
        }
        assertThrows(IllegalArgumentException.class, () -> store.remove(all.getFirst().voice().name()));
    }

    /** Syllable-like bursts (speech-shaped energy with pauses) of a harmonic tone, plus optional noise. */
    static float[] tone(int n, double amp, Random r, double noise) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            double env = ((i / 4000) % 4 == 3) ? 0.0 : 1.0;    // a pause every fourth quarter second
            double s = Math.sin(2 * Math.PI * 140 * i / 16000.0) + 0.5 * Math.sin(2 * Math.PI * 280 * i / 16000.0);
            x[i] = (float) (Math.max(-1, Math.min(1, amp * env * s)) + noise * r.nextGaussian());
        }
        return x;
    }

    @Test
    void twoVoicesInOneReferenceAreNoticed() {
        VoiceStore store = new VoiceStore(Path.of("target/no-user-voices"), List.of(HOUSE.resolve("voices")));
        List<VoiceStore.Entry> v = store.list();
        float[] a = VoiceStore.readReference(v.get(0), 16000).samples();   // Alan (flite awb, male)
        float[] b = VoiceStore.readReference(v.get(1), 16000).samples();   // Ava (flite slt, female)
        try (SpeakerEncoder enc = SpeakerEncoder.load(HOUSE, runtime, Device.CPU, 1); EnergyVad vad = new EnergyVad()) {
            double same = enc.consistency(a, 24000);
            float[] mixed = new float[a.length + b.length];
            System.arraycopy(a, 0, mixed, 0, a.length);
            System.arraycopy(b, 0, mixed, a.length, b.length);
            double two = enc.consistency(mixed, 24000);
            assertTrue(same > ReferenceBuilder.ONE_VOICE_MIN_COSINE, "one voice: " + same);
            assertTrue(two < ReferenceBuilder.ONE_VOICE_MIN_COSINE, "two voices: " + two);
            ReferenceBuilder.Result r = ReferenceBuilder.build(List.of(a, b), vad, enc);
            assertTrue(r.findings().stream().anyMatch(f -> f.code().equals("several-voices")), r.findings().toString());
        }
    }
}
