package dev.sws.asr.correction;

import dev.sws.asr.lm.NgramLm;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sws.asr.NBestEntry;
import dev.sws.core.model.ModelContractException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ARPA reader against hand-computed back-off arithmetic and against the recipe's scores of the shipped LM
 * (golden.json, written by training/corrector/build_ngram.py --attach), and the n-best rescoring on a real list.
 */
class NgramRescoringTest {
    private static final double LN10 = Math.log(10);
    static final String TINY = """
            \\data\\
            ngram 1=4
            ngram 2=2
            ngram 3=1

            \\1-grams:
            -99\t<s>\t-0.5
            -0.5\ta\t-0.3
            -0.7\tb
            -1.5\t</s>

            \\2-grams:
            -0.2\t<s> a
            -0.1\ta b

            \\3-grams:
            -0.05\t<s> a b

            \\end\\
            """;

    static NgramLm parse(String arpa) throws Exception {
        return NgramLm.parse(new BufferedReader(new StringReader(arpa)), "test.arpa");
    }

    @Test
    void backOffFollowsTheArpaRules() throws Exception {
        NgramLm lm = parse(TINY);
        assertEquals(3, lm.order());
        // P(a|<s>) + P(b|<s> a) + [bow(a b) = 0, no (b </s>), bow(b) = 0] P(</s>)
        assertEquals((-0.2 - 0.05 - 1.5) * LN10, lm.logProb("a b"), 1e-6);
        // [bow(<s>)] P(b) + [no bow(<s> b), no (b a), bow(b) = 0] P(a) + [bow(a)] P(</s>)
        assertEquals((-0.5 - 0.7 - 0.5 - 0.3 - 1.5) * LN10, lm.logProb("b a"), 1e-6);
        // no <unk> in this model: the unknown word costs UNK_LOG10 and is no history for the next one
        assertEquals((-0.2 + NgramLm.UNK_LOG10 - 1.5) * LN10, lm.logProb("a zzz"), 1e-6);
    }

    @Test
    void contractErrorsAreNamed() {
        var e = assertThrows(ModelContractException.class, () -> parse(TINY.replace("ngram 3=1", "ngram 3=1\nngram 4=1")));
        assertTrue(e.getMessage().contains("order 4"), e.getMessage());
        e = assertThrows(ModelContractException.class, () -> parse(TINY.substring(0, TINY.indexOf("-0.1\ta b"))));
        assertTrue(e.getMessage().contains("ends inside the 2-grams"), e.getMessage());
        e = assertThrows(ModelContractException.class, () -> parse(TINY.replace("-0.1\ta b", "-0.1\ta c")));
        assertTrue(e.getMessage().contains("\"c\" is not among the unigrams"), e.getMessage());
        e = assertThrows(ModelContractException.class, () -> parse("just text\n"));
        assertTrue(e.getMessage().contains("not an ARPA file"), e.getMessage());
    }

    @Test
    void shippedLmScoresAsTheRecipe() throws Exception {
        JsonNode golden = CorrectionTest.JSON.readTree(CorrectionTest.house().resolve("golden.json").toFile()).get("ngram");
        assertTrue(golden != null && golden.size() >= 5, "golden.json has no n-gram cases");
        NgramLm lm = NgramLm.load(CorrectionTest.house().resolve("ngram.arpa.gz"));
        assertEquals(3, lm.order());
        for (JsonNode c : golden) {
            assertEquals(c.get("logprob").asDouble(), lm.logProb(c.get("text").asText()), 1e-3, c.get("text").asText());
        }
    }

    @Test
    void wordByWordScoresAddUpToTheSentence() throws Exception {
        NgramLm lm = NgramLm.load(CorrectionTest.house().resolve("ngram.arpa.gz"));
        for (String text : List.of("please press one to mute", "agent log off", "zorblax the key", "one")) {
            String[] w = text.split(" ");
            int p2 = Integer.MIN_VALUE;
            int p1 = lm.sentenceStart();
            double sum = 0;
            for (String word : w) {
                sum += lm.next(p2, p1, lm.wordId(word));
                p2 = p1;
                p1 = lm.wordId(word);
            }
            sum += lm.next(p2, p1, lm.sentenceEnd());
            assertEquals(lm.logProb(text), sum, 1e-9, text);
        }
    }

    @Test
    void rescoringPicksTheHeardHypothesisThatReadsAsEnglish() throws Exception {
        JsonNode config = CorrectionTest.JSON.readTree(CorrectionTest.house().resolve("config.json").toFile());
        NBestRescorer r = NBestRescorer.fromConfig(CorrectionTest.house(), config).orElseThrow();
        // the house ASR's beam-8 list for allison-train ast_agent-loggedoff.flac ("agent logged off")
        List<NBestEntry> heard = List.of(new NBestEntry("agent log daugh", -2.065), new NBestEntry("agent log dawf", -3.679),
                new NBestEntry("agent log off", -3.715), new NBestEntry("agent log daff", -3.912),
                new NBestEntry("agent libr", -4.004), new NBestEntry("gent log daugh", -4.027));
        Optional<HypothesisRescorer.Choice> c = r.choose(heard);
        assertEquals("agent log off", c.orElseThrow().text());
        assertEquals(2, c.get().index());
        // a clear "zero" (fsdd 0_lucas_9.flac) stays: the acoustic gap is far more than the LM can make up
        assertEquals(Optional.empty(), r.choose(List.of(new NBestEntry("zero", -0.02), new NBestEntry("ser", -5.09),
                new NBestEntry("sierra", -5.28), new NBestEntry("serve", -5.87))));
        assertEquals(Optional.empty(), r.choose(List.of(new NBestEntry("agent log daugh", -2.065))));
    }

    @Test
    void unknownWordsCostTheirPenalty(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("lm.arpa"), TINY);
        // "a b" is known; "a bx" spells a word the LM lacks (<unk> is not in TINY, so both score by their known words)
        List<NBestEntry> heard = List.of(new NBestEntry("a bx", -1.0), new NBestEntry("a b", -1.5));
        NBestRescorer plain = new NBestRescorer(parse(TINY), 0, 0, 0, 0, 8);
        assertEquals(Optional.empty(), plain.choose(heard), "without a penalty the recogniser's order stands");
        NBestRescorer penalised = new NBestRescorer(parse(TINY), 0, 0, 0.6, 0, 8);
        assertEquals("a b", penalised.choose(heard).orElseThrow().text());
        assertEquals(0.1, penalised.choose(heard).get().gain(), 1e-9);
        NBestRescorer small = new NBestRescorer(parse(TINY), 0, 0, 0.4, 0, 8);
        assertEquals(Optional.empty(), small.choose(heard), "a penalty below the acoustic gap changes nothing");
        JsonNode cfg = CorrectionTest.JSON.readTree(
                "{\"sws_ngram\": {\"file\": \"lm.arpa\", \"weight\": 0, \"word_bonus\": 0, \"oov_penalty\": 0.6}}");
        assertEquals(0.6, NBestRescorer.fromConfig(dir, cfg).orElseThrow().oovPenalty());
    }

    @Test
    void configMustNameAFileInTheFolder(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("lm.arpa"), TINY);
        JsonNode ok = CorrectionTest.JSON.readTree("{\"sws_ngram\": {\"file\": \"lm.arpa\", \"weight\": 0.1, \"word_bonus\": 1}}");
        assertEquals(3, NBestRescorer.fromConfig(dir, ok).orElseThrow().lm().order());
        assertEquals(Optional.empty(), NBestRescorer.fromConfig(dir, CorrectionTest.JSON.readTree("{}")));
        for (String bad : List.of("{\"sws_ngram\": {\"file\": \"../x.arpa\", \"weight\": 0.1, \"word_bonus\": 1}}",
                "{\"sws_ngram\": {\"file\": \"lm.arpa\", \"weight\": \"high\", \"word_bonus\": 1}}",
                "{\"sws_ngram\": {\"file\": \"lm.arpa\", \"weight\": 0.1, \"word_bonus\": 1, \"oov_penalty\": \"some\"}}",
                "{\"sws_ngram\": {\"file\": \"missing.arpa\", \"weight\": 0.1, \"word_bonus\": 1}}")) {
            assertThrows(ModelContractException.class, () -> NBestRescorer.fromConfig(dir, CorrectionTest.JSON.readTree(bad)), bad);
        }
    }
}
