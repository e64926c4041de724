package dev.sws.tts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sws.core.inference.Device;
import dev.sws.core.inference.InferenceRuntime;
import dev.sws.core.model.ModelContractException;
import dev.sws.core.util.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

class TtsEngineTest {

    static final Path REPLICA = Path.of("src/test/resources/replicas/tts-tiny");
    static InferenceRuntime runtime;

    @BeforeAll
    static void init() {
        runtime = InferenceRuntime.standalone();
    }

    @Test
    void melMatchesThePythonFrontEnd() throws Exception {
        JsonNode g = Json.mapper().readTree(Path.of("src/test/resources/golden/tts-mel.json").toFile());
        float[] x = new float[16000];
        for (int i = 0; i < x.length; i++) {
            double t = i / 16000.0;
            x[i] = (float) (0.3 * Math.sin(2 * Math.PI * (200 * t + 400 * t * t)) + 0.05 * Math.sin(2 * Math.PI * 3000 * t));
        }
        TtsConfig c = new TtsConfig(16000, 256, 80, 1024, 0, 8000, "uniform", -5f, 2.5f, new SamplerOptions(16, -1f, 2f, 1f, 0));
        float[][] mel = new TtsMel(c).compute(x);
        assertEquals(g.get("frames").asInt(), mel.length);
        for (int m = 0; m < 80; m++) {
            for (int f : new int[]{0, 30}) {
                double want = g.get("frame" + f).get(m).asDouble();
                // float32 STFT in PyTorch: near the 1e-5 floor (-11.5) a few hundredths of relative error are rounding
                assertEquals(want, mel[f][m], want < -8 ? 2e-2 : 2e-3, "frame " + f + " bin " + m);
            }
        }
        double sum = 0;
        for (float[] row : mel) {
            for (float v : row) {
                sum += v;
            }
        }
        assertEquals(g.get("sum").asDouble(), sum, Math.abs(g.get("sum").asDouble()) * 1e-4);
    }

    @Test
    void swaySchedulePutsStepsEarlyAndEndsAtOne() {
        float[] uniform = FlowSampler.schedule(8, 0f);
        float[] sway = FlowSampler.schedule(8, -1f);
        assertEquals(0f, sway[0]);
        assertEquals(1f, sway[8]);
        assertEquals(0.5f, uniform[4], 1e-6);
        assertTrue(sway[4] < uniform[4], "negative sway spends more steps near t = 0");
        for (int i = 1; i <= 8; i++) {
            assertTrue(sway[i] > sway[i - 1], "monotonic");
        }
    }

    @Test
    void prunedGridsAreReadCheckedAndUsedOnlyWithTheDefaultSway(@TempDir Path dir) throws Exception {
        String head = "{\"sample_rate\": 16000, \"hop\": 256, \"n_mels\": 80, \"n_fft\": 1024, \"text_layout\": \"uniform\","
                + " \"defaults\": {\"nfe\": 16, \"sway\": -1.0, \"cfg\": 2.0}, \"schedules\": ";
        Files.writeString(dir.resolve("tts.json"), head + "{\"4\": [0, 0.05, 0.2, 0.6, 1]}}");
        TtsConfig c = TtsConfig.read(dir);
        SamplerOptions d = c.defaults();
        assertArrayEquals(new float[]{0f, 0.05f, 0.2f, 0.6f, 1f}, c.grid(d.withNfe(4)));
        assertTrue(c.pruned(d.withNfe(4)));
        assertArrayEquals(FlowSampler.schedule(4, 0.3f), c.grid(d.withNfe(4).withSway(0.3f)), "an explicit sway wins");
        assertArrayEquals(FlowSampler.schedule(8, -1f), c.grid(d.withNfe(8)), "no grid for 8 steps: the formula");
        assertFalse(c.pruned(d.withNfe(8)));
        c.grid(d.withNfe(4))[1] = 0.9f;
        assertEquals(0.05f, c.grid(d.withNfe(4))[1], "callers get a copy");
        for (String bad : new String[]{"{\"4\": [0, 0.5, 1]}", "{\"4\": [0, 0.3, 0.2, 0.6, 1]}",
                "{\"4\": [0.1, 0.2, 0.3, 0.6, 1]}", "{\"2\": [0, 0.5, 0.9]}", "{\"fast\": [0, 1]}"}) {
            Files.writeString(dir.resolve("tts.json"), head + bad + "}");
            ModelContractException e = assertThrows(ModelContractException.class, () -> TtsConfig.read(dir), bad);
            assertTrue(e.getMessage().contains("schedule"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> FlowSampler.sample(new float[1][1], (x, t, g) -> null,
                d.withNfe(4), new float[]{0f, 1f}, () -> false, s -> { }));
    }

    @Test
    void phonemeModelsSpellWordsFromTheirLexiconAndLettersOtherwise(@TempDir Path dir) throws Exception {
        String head = "{\"sample_rate\": 16000, \"hop\": 256, \"n_mels\": 80, \"n_fft\": 1024, \"text_layout\": \"uniform\"";
        Files.writeString(dir.resolve("tts.json"), head + ", \"text_units\": \"phonemes\", \"lexicon\": \"lexicon.txt.gz\"}");
        TtsConfig c = TtsConfig.read(dir);
        assertEquals(TtsConfig.PHONEMES, c.textUnits());
        assertEquals("lexicon.txt.gz", c.lexicon());
        Files.writeString(dir.resolve("tokens.txt"), "<filler> 0\n<space> 1\na 2\nd 3\ng 4\no 5\nHH 6\nAH 7\nL 8\nOW 9\nD 10\n");
        CharTokens chars = CharTokens.read(dir.resolve("tokens.txt"));
        assertEquals(7, chars.symbol("AH"));
        assertEquals(-1, chars.symbol("ZH"));
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(dir.resolve("lexicon.txt.gz")))) {
            out.write("hello HH AH L OW\ngood HH AH D\nhello HH OW\n".getBytes());
        }
        LexiconTokens lex = LexiconTokens.read(dir.resolve("lexicon.txt.gz"), chars);
        assertEquals(2, lex.size(), "a repeated word keeps its first pronunciation");
        assertArrayEquals(new int[]{1, 6, 7, 8, 9, 1, 4, 5, 3, 1, 1, 6, 7, 10}, lex.encode(" hello god  good"),
                "phones for dictionary words, letters (unknown ones dropped) for the rest, every space kept");
        assertArrayEquals(new int[0], lex.encode(""));
        assertArrayEquals(new int[]{1, 2, 3}, lex.encode(" Dad"), "capitals are dropped as in the recipe, not read as the phone D");
        Files.writeString(dir.resolve("bad.txt"), "hello HH AH L OW\nvision V IH ZH AH N\n");
        ModelContractException e = assertThrows(ModelContractException.class,
                () -> LexiconTokens.read(dir.resolve("bad.txt"), chars));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("V is not in the model's tokens.txt"),
                e.getMessage());
        Files.writeString(dir.resolve("bad.txt"), "hello\n");
        assertThrows(ModelContractException.class, () -> LexiconTokens.read(dir.resolve("bad.txt"), chars));
        e = assertThrows(ModelContractException.class, () -> LexiconTokens.read(dir.resolve("none.txt.gz"), chars));
        assertTrue(e.getMessage().contains("pronouncing dictionary"), e.getMessage());
        for (String bad : new String[]{", \"text_units\": \"phonemes\"}", ", \"text_units\": \"phonemes\", \"lexicon\": \"../x\"}",
                ", \"text_units\": \"ipa\"}"}) {
            Files.writeString(dir.resolve("tts.json"), head + bad);
            e = assertThrows(ModelContractException.class, () -> TtsConfig.read(dir), bad);
            assertTrue(e.getMessage().contains("text_units") || e.getMessage().contains("lexicon"), e.getMessage());
        }
    }

    @Test
    void phonemeFrontEndMatchesTheTrainingRecipe() throws Exception {
        Path fixture = Path.of("src/test/resources/golden/tts-phonemes");   // training/tts/golden.py --phoneme-fixture
        LexiconTokens lex = LexiconTokens.read(fixture.resolve("lexicon.txt"), CharTokens.read(fixture.resolve("tokens.txt")));
        assertTokenCases(Json.mapper().readTree(fixture.resolve("tokens.json").toFile()), lex);
    }

    /** Each case's ids as the Python recipe wrote them (at least four cases, one with words outside the lexicon). */
    static void assertTokenCases(JsonNode cases, TextEncoder encoder) {
        assertNotNull(cases, "golden token cases (training/tts/golden.py)");
        assertTrue(cases.size() >= 4, "token cases: " + cases.size());
        for (JsonNode k : cases) {
            int[] want = new int[k.get("ids").size()];
            for (int i = 0; i < want.length; i++) {
                want[i] = k.get("ids").get(i).asInt();
            }
            assertArrayEquals(want, encoder.encode(k.get("text").asText()), k.get("text").asText());
        }
    }

    @Test
    void eulerWithGuidanceIntegratesAKnownField() {
        // v_c = 1 - x, v_u = 0: guided velocity (1 + w)(1 - x); exact solution x(1) = 1 - exp(-(1 + w))
        FlowSampler.Velocity field = (x, t, guided) -> {
            float[][] c = new float[x.length][x[0].length];
            for (int f = 0; f < x.length; f++) {
                for (int m = 0; m < x[0].length; m++) {
                    c[f][m] = 1 - x[f][m];
                }
            }
            return guided ? new float[][][]{c, new float[x.length][x[0].length]} : new float[][][]{c};
        };
        float[][] x = FlowSampler.sample(new float[1][1], field, new SamplerOptions(64, 0f, 1f, 1f, 0), () -> false, s -> { });
        assertEquals(1 - Math.exp(-2), x[0][0], 0.01);
        AtomicInteger steps = new AtomicInteger();
        assertThrows(FlowSampler.CancelledException.class, () -> FlowSampler.sample(new float[1][1], field,
                new SamplerOptions(8, 0f, 0f, 1f, 0), () -> steps.get() >= 3, s -> steps.set(s)));
        assertEquals(3, steps.get(), "cancelled between steps, after the third");
    }

    @Test
    void guidanceStopsAtItsEndTime() {
        // v_c = 1 - x, v_u = 0: guided (1 + w)(1 - x) until t = 1/2, then 1 - x: x(1) = 1 - exp(-(1 + w)/2 - 1/2)
        List<Boolean> asked = new java.util.ArrayList<>();
        FlowSampler.Velocity field = (x, t, guided) -> {
            asked.add(guided);
            float[][] c = {{1 - x[0][0]}};
            return guided ? new float[][][]{c, {{0f}}} : new float[][][]{c};
        };
        SamplerOptions o = new SamplerOptions(64, 0f, 1f, 1f, 0).withGuidanceEnd(0.5f);
        float[][] x = FlowSampler.sample(new float[1][1], field, o, () -> false, s -> { });
        assertEquals(1 - Math.exp(-1.5), x[0][0], 0.01);
        assertEquals(32, asked.stream().filter(g -> g).count(), "the 32 steps that start before t = 0.5 are guided");
        assertFalse(asked.get(63), "the last step is not");
        assertEquals(1f, new SamplerOptions(8, -1f, 2f, 1f, 0).guidanceEnd(), "every step is guided by default");
        assertFalse(o.withCfg(0f).guidedAt(0f), "no guidance strength, no guided step");
        assertThrows(IllegalArgumentException.class, () -> o.withGuidanceEnd(1.5f));
    }

    @Test
    void textIsNormalisedAndChunked() {
        List<String> c = TtsText.chunks("Dr. Smith paid $5 on 3 May. See https://example.com/a-b now! \uD83D\uDE00", 160);
        String all = String.join(" | ", c);
        assertTrue(all.contains("doctor smith"), all);
        assertTrue(all.contains("five"), all);
        assertTrue(all.contains("example dot com slash a dash b"), all);
        assertFalse(all.matches(".*[^a-z' |].*"), "only speakable characters: " + all);
        String longText = "word ".repeat(2000);          // 10,000 characters, no punctuation
        List<String> parts = TtsText.chunks(longText, 160);
        assertTrue(parts.size() >= 60, "split into chunks: " + parts.size());
        assertTrue(parts.stream().allMatch(p -> p.length() <= 160 && !p.isBlank()));
        assertEquals(2000, String.join(" ", parts).split(" ").length, "no word lost");
        assertTrue(TtsText.chunks("\uD83D\uDE00 \uD83C\uDF89 !!!", 160).isEmpty(), "only emoji: nothing to say");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "Paid $42.50 today.                 | paid forty two dollars and fifty cents today",
            "It costs $1, or €0.99, or £3.01.   | it costs one dollar or ninety nine cents or three pounds and one penny",
            "A $2.5 million deal.               | a two point five million dollars deal",
            "Meet at 10:30 a.m. sharp           | meet at ten thirty ay em sharp",
            "At 9:05 or at 14:00 then 7pm.      | at nine oh five or at fourteen o'clock then seven pee em",
            "Due 3/14/2025, or 14/3/25.         | due march fourteenth twenty twenty five or march fourteenth twenty five",
            "Since 2024-02-29 and March 3rd     | since february twenty ninth twenty twenty four and march third",
            "On 3 May and the 21st of June      | on the third of may and the twenty first of june",
            "Version 1.5 at 12:30:15 in room 10/20 | version one point five at twelve thirty fifteen in room ten twenty",
            "I am at 5 Main St. and 2 a day     | i am at five main street and two a day",
            "St. John lives on Elm St. in town  | saint john lives on elm street in town",
            "Dr. Smith came on Jan. 5th.        | doctor smith came on january fifth",
            "It is 25°C, or 77 °F; 90° angles.  | it is twenty five degrees celsius or seventy seven degrees fahrenheit ninety degrees angles",
            "Drive 120 km/h for 1 km, 60 mph.   | drive one hundred twenty kilometers per hour for one kilometer sixty miles per hour",
            "A 2 GB card, 5kg and 250 ms.       | a two gigabytes card five kilograms and two hundred fifty milliseconds",
            "Call 555-1234 or (800) 555-0199.   | call five five five one two three four or eight zero zero five five five zero one nine nine",
            "Version 2.1.3 from the 1990s       | version two point one point three from the nineteen nineties",
            "Between 200-1000 people, 314.1592  | between two hundred to one thousand people three hundred fourteen point one five nine two",
            "Her mobile: 555-0142; 212-555-0100 | her mobile five five five zero one four two two one two five five five zero one zero zero",
            "Music of the '80s, the 60s and 2000s; wait 30s | music of the eighties the sixties and two thousands wait thirty s",
            "Add 3/4 of a cup, 1/2 an hour      | add three quarters of a cup one half an hour",
            "It drops to -5 degrees, 3-2 win    | it drops to minus five degrees three to two win",
            "Wait 5-10 minutes, 1990–2000 - ok  | wait five to ten minutes nineteen ninety to two thousand ok",
            "It ended 3-0; see 555-0142         | it ended three to zero see five hundred fifty five zero one four two",
            "Q3 revenue: $1.2B in 2025          | q three revenue one point two billion dollars in twenty twenty five"})
    void timesMoneyAndDatesAreSpokenAsPeopleSayThem(String written, String spoken) {
        assertEquals(spoken, String.join(" ", TtsText.chunks(written, 400)));
    }

    @Test
    void crossFaderKeepsEverySampleCount() {
        CrossFader f = new CrossFader(10);
        float[] a = new float[100];
        float[] b = new float[50];
        java.util.Arrays.fill(a, 1f);
        java.util.Arrays.fill(b, 1f);
        int n = f.push(a).length + f.push(b).length + f.finish().length;
        assertEquals(140, n, "the overlap of 10 samples is shared once");
    }

    @Test
    void replicaRendersStreamsAndIsCancellable() {
        try (TtsModel model = TtsModel.load(REPLICA, runtime, Device.CPU, 1)) {
            assertEquals("filler", model.config().textLayout(), "tts.json without text_layout means F5's filler layout");
            Synthesizer synth = new Synthesizer(model);
            float[] refAudio = new float[24000];
            for (int i = 0; i < refAudio.length; i++) {
                refAudio[i] = (float) (0.2 * Math.sin(i * 0.05));
            }
            Synthesizer.Reference ref = synth.reference(refAudio, "hello there");
            List<Integer> chunks = new ArrayList<>();
            SamplerOptions o = new SamplerOptions(4, -1f, 2f, 1f, 7);
            float[] audio = synth.synthesize("One sentence. And a second one, a little longer.", ref, o, () -> false,
                    (samples, chunk, total) -> chunks.add(chunk));
            assertTrue(audio.length > 0);
            assertFalse(chunks.isEmpty());
            for (float v : audio) {
                assertTrue(Float.isFinite(v));
            }
            float[] again = synth.synthesize("One sentence. And a second one, a little longer.", ref, o, () -> false,
                    (samples, chunk, total) -> { });
            assertArrayEquals(audio, again, "same seed, same audio");
            float[] other = synth.synthesize("One sentence. And a second one, a little longer.", ref, o.withSeed(8),
                    () -> false, (samples, chunk, total) -> { });
            assertFalse(java.util.Arrays.equals(audio, other), "another seed, another rendering");
            String line = "One sentence.";
            float[] unguided = synth.synthesize(line, ref, o.withCfg(0f), () -> false, (s, c, t) -> { });
            assertArrayEquals(unguided, synth.synthesize(line, ref, o.withGuidanceEnd(0f), () -> false, (s, c, t) -> { }),
                    "guidance that ends at t = 0 renders as no guidance (one conditional row per step)");
            float[] half = synth.synthesize(line, ref, o.withGuidanceEnd(0.5f), () -> false, (s, c, t) -> { });
            assertFalse(java.util.Arrays.equals(unguided, half), "the early steps are guided");
            assertFalse(java.util.Arrays.equals(synth.synthesize(line, ref, o, () -> false, (s, c, t) -> { }), half),
                    "the late ones are not");
            float[] slow = synth.synthesize("One sentence.", ref, o.withSpeed(0.5f), () -> false, (s, c, t) -> { });
            float[] fast = synth.synthesize("One sentence.", ref, o.withSpeed(2f), () -> false, (s, c, t) -> { });
            assertTrue(slow.length > fast.length * 1.5, "speed changes the duration: " + slow.length + " vs " + fast.length);
            assertThrows(FlowSampler.CancelledException.class,
                    () -> synth.synthesize("Never finished.", ref, o, () -> true, (s, c, t) -> { }));
            assertThrows(IllegalArgumentException.class, () -> synth.synthesize("\uD83D\uDE00", ref, o, () -> false, (s, c, t) -> { }));
        }
    }

    @Test
    void severalTakesKeepTheOneTheJudgeHearsBestAndStopAtAFlawlessOne() {
        try (TtsModel model = TtsModel.load(REPLICA, runtime, Device.CPU, 1)) {
            float[] refAudio = new float[24000];
            for (int i = 0; i < refAudio.length; i++) {
                refAudio[i] = (float) (0.2 * Math.sin(i * 0.05));
            }
            Synthesizer single = new Synthesizer(model);
            Synthesizer.Reference ref = single.reference(refAudio, "hello there");
            SamplerOptions o = new SamplerOptions(4, -1f, 2f, 1f, 3);
            String text = "One short sentence.";
            float[] one = single.synthesize(text, ref, o, () -> false, (s, c, t) -> { });
            // the judge prefers the second take; every take it hears is a real rendering of the replica
            List<float[]> heard = new ArrayList<>();
            double[] errors = {0.5, 0.2, 0.4};
            Synthesizer.Judge judge = (audio, rate, said) -> {
                assertEquals("one short sentence", said, "the judge gets the normalised text");
                heard.add(audio);
                return errors[heard.size() - 1];
            };
            List<String> kept = new ArrayList<>();
            float[] best = new Synthesizer(model, 3, judge).synthesize(text, ref, o, () -> false, new Synthesizer.Listener() {
                @Override
                public void audio(float[] samples, int chunk, int chunks) {
                }

                @Override
                public void take(int chunk, int take, int takes, double errorRate) {
                    kept.add(chunk + ":" + take + "/" + takes + "@" + errorRate);
                }
            });
            assertEquals(3, heard.size());
            assertEquals(List.of("0:1/3@0.2"), kept);
            assertFalse(java.util.Arrays.equals(heard.get(0), heard.get(1)), "each take has its own noise");
            assertFalse(java.util.Arrays.equals(one, best), "the kept take is not the first one");
            // the first take is what a single-take synthesizer renders; the result is the second take, cross-faded alike
            Synthesizer firstOnly = new Synthesizer(model, 3, (audio, rate, said) -> 0.0);
            assertArrayEquals(one, firstOnly.synthesize(text, ref, o, () -> false, (s, c, t) -> { }),
                    "a flawless first take ends the search and equals the single take");
            assertThrows(IllegalArgumentException.class, () -> new Synthesizer(model, 2, null));
            assertThrows(IllegalArgumentException.class, () -> new Synthesizer(model, Synthesizer.MAX_TAKES + 1, judge));
        }
    }

    @Test
    void aModelWithWrongTensorNamesIsRejectedByName(@TempDir Path tmp) throws Exception {
        for (String f : List.of("tts.json", "tokens.txt", "velocity.onnx")) {
            Files.copy(REPLICA.resolve(f), tmp.resolve(f));
        }
        Files.copy(REPLICA.resolve("velocity.onnx"), tmp.resolve("vocoder.onnx"), StandardCopyOption.REPLACE_EXISTING);
        ModelContractException e = assertThrows(ModelContractException.class, () -> TtsModel.load(tmp, runtime, Device.CPU, 1));
        assertTrue(e.getMessage().contains("mel"), e.getMessage());
        Files.delete(tmp.resolve("tokens.txt"));
        e = assertThrows(ModelContractException.class, () -> TtsModel.load(tmp, runtime, Device.CPU, 1));
        assertTrue(e.getMessage().contains("tokens.txt"), e.getMessage());
    }

    @Test
    void publicF5ThreeGraphExportLoadsAndSpeaks() throws Exception {
        Path f5 = Path.of("src/test/resources/replicas/f5-onnx");
        try (F5OnnxModel m = F5OnnxModel.load(f5, runtime, Device.CPU, 1)) {
            assertEquals(24000, m.sampleRate());
            Synthesizer synth = new Synthesizer(m);
            float[] refAudio = new float[24000];
            for (int i = 0; i < refAudio.length; i++) {
                refAudio[i] = (float) (0.3 * Math.sin(i * 0.03));
            }
            Synthesizer.Reference ref = synth.reference(refAudio, "hello there");
            AtomicInteger steps = new AtomicInteger();
            float[] one = m.render(ref, "good morning", m.defaults(), () -> false, s -> steps.incrementAndGet());
            assertEquals(7, steps.get(), "nfe_steps - 1 transformer calls (f5.json nfe_steps 8)");
            int refFrames = refAudio.length / 64 + 1;
            int refBytes = "hello there ".length();
            int genFrames = (int) (refFrames / (double) refBytes * "good morning".length());
            assertEquals(genFrames * 64, one.length, "F5's duration rule, hop 64");
            float[] slow = m.render(ref, "good morning", m.defaults().withSpeed(0.5f), () -> false, s -> { });
            assertTrue(slow.length > one.length * 1.8);
            float[] all = synth.synthesize("First sentence. Second one.", ref, m.defaults(), () -> false, (a, c, n) -> { });
            assertTrue(all.length > 0);
            assertThrows(FlowSampler.CancelledException.class, () -> m.render(ref, "never", m.defaults(), () -> true, s -> { }));
        }
    }

    @Test
    void anF5ExportWithAMissingGraphIsRejected(@TempDir Path tmp) throws Exception {
        Path f5 = Path.of("src/test/resources/replicas/f5-onnx");
        for (String f : List.of("F5_Preprocess.onnx", "F5_Transformer.onnx", "vocab.txt")) {
            Files.copy(f5.resolve(f), tmp.resolve(f));
        }
        ModelContractException e = assertThrows(ModelContractException.class, () -> F5OnnxModel.load(tmp, runtime, Device.CPU, 1));
        assertTrue(e.getMessage().contains("F5_Decode.onnx"), e.getMessage());
        Files.copy(f5.resolve("F5_Preprocess.onnx"), tmp.resolve("F5_Decode.onnx"));
        e = assertThrows(ModelContractException.class, () -> F5OnnxModel.load(tmp, runtime, Device.CPU, 1));
        assertTrue(e.getMessage().contains("denoised"), e.getMessage());
    }
}
