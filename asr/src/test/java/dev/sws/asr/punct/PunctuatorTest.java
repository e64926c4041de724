package dev.sws.asr.punct;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sws.asr.Segment;
import dev.sws.asr.Transcript;
import dev.sws.asr.Word;
import dev.sws.asr.mlm.WordPiece;
import dev.sws.core.inference.Device;
import dev.sws.core.inference.InferenceRuntime;
import dev.sws.core.util.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The shipped punctuation model through the product's code (models/house-punct-en-s1). */
class PunctuatorTest {
    static final Path DIR = Path.of("..", "models", "house-punct-en-s1").toAbsolutePath().normalize();
    static Punctuator p;

    @BeforeAll
    static void load() throws Exception {
        p = Punctuator.load(DIR, InferenceRuntime.standalone(), Device.CPU, 1);
    }

    @AfterAll
    static void close() {
        p.close();
    }

    @Test
    void wordPiecesAreThoseTheModelWasTrainedOn() throws Exception {
        WordPiece v = WordPiece.load(DIR.resolve("vocab.txt"));
        for (JsonNode g : Json.mapper().readTree(DIR.resolve("golden.json").toFile())) {
            String[] words = g.path("words").asText().split(" ");
            for (int i = 0; i < words.length; i++) {
                int[] want = new int[g.path("pieces").get(i).size()];
                for (int k = 0; k < want.length; k++) {
                    want[k] = g.path("pieces").get(i).get(k).asInt();
                }
                assertArrayEquals(want, v.encode(words[i]), "pieces of '" + words[i] + "'");
            }
        }
    }

    private static Segment segment(int index, double start, String text) {
        List<Word> ws = new ArrayList<>();
        String[] w = text.split(" ");
        for (int i = 0; i < w.length; i++) {
            ws.add(new Word(w[i], start + 0.3 * i, start + 0.3 * i + 0.25, 0.9));
        }
        return new Segment(index, start, start + 0.3 * w.length, text, ws, List.of(), 0.9);
    }

    @Test
    void aTranscriptReadsAsSentences() throws Exception {
        Transcript t = new Transcript("talk.wav", "m", List.of(
                segment(0, 0, "hello everyone my name is john and i live in london"),
                segment(1, 4, "what time is it"),
                segment(2, 6, "thank you very much")), 8, 0.1);
        Transcript out = p.punctuate(t);
        String text = String.join(" ", out.segments().stream().map(Segment::text).toList());
        assertTrue(text.startsWith("Hello"), text);
        assertTrue(text.contains(" I live"), "the pronoun I: " + text);
        assertTrue(text.contains("London"), text);
        assertTrue(out.segments().get(1).text().endsWith("?"), "a question: " + text);
        assertTrue(out.segments().get(2).text().endsWith("."), text);
        for (int i = 0; i < t.segments().size(); i++) {
            Segment a = t.segments().get(i);
            Segment b = out.segments().get(i);
            assertEquals(a.words().size(), b.words().size());
            for (int k = 0; k < a.words().size(); k++) {
                assertEquals(a.words().get(k).start(), b.words().get(k).start(), "word times kept");
                assertEquals(a.words().get(k).text(), Punctuator.plain(b.words().get(k).text()));
            }
            assertEquals(b.words(), b.timedWords(), "the written words spell the text: times are not interpolated");
        }
        assertEquals(out, p.punctuate(out), "punctuating twice changes nothing");
    }

    @Test
    void aLiveSegmentIsReadAfterTheTextBeforeIt() throws Exception {
        Segment first = p.punctuate(segment(0, 0, "i bought apples and pears"), List.of());
        assertTrue(first.text().startsWith("I "), first.text());
        Segment next = p.punctuate(segment(1, 2, "they were fresh"), List.of(
                first.withText(first.text().endsWith(".") ? first.text() : first.text() + ".", first.words())));
        assertTrue(next.text().startsWith("They"), "after a sentence the next starts with a capital: " + next.text());
        List<Segment> hour = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            hour.add(segment(i, 3 * i, "we talked for a while about the weather"));
        }
        Segment late = segment(400, 1200, "then we went home");
        assertEquals(p.punctuate(late, hour.subList(395, 400)), p.punctuate(late, hour),
                "only the last words before a segment are read, however long the session");
    }

    @Test
    void longTextIsReadInOverlappingChunks() throws Exception {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            words.addAll(Arrays.asList("the weather was cold so we stayed at home".split(" ")));
        }
        assertEquals(words.size(), p.label(List.of(), words, true).size());
        assertTrue(p.label(List.of(), List.of(), true).isEmpty());
    }
}
