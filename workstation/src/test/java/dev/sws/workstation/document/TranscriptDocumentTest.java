package dev.sws.workstation.document;

import dev.sws.asr.NBestEntry;
import dev.sws.asr.Segment;
import dev.sws.asr.Transcript;
import dev.sws.asr.Word;
import dev.sws.core.util.UserFacingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Editing a transcript: timings kept where words survive, one undo step per change, find/replace, save and reopen. */
class TranscriptDocumentTest {

    /** "the cat sat down" at 1.0-1.2, 1.3-1.5, 1.6-1.8, 1.9-2.1 and "on the mat" at 3.0-3.6. */
    private static Transcript sample() {
        Segment a = new Segment(0, 0.8, 2.3, "the cat sat down", words(1.0, 0.6, "the", "cat", "sat", "down"),
                List.of(new NBestEntry("the cat sat down", -1.0)), 0.7);
        Segment b = new Segment(1, 2.8, 3.8, "on the mat", words(3.0, 0.9, "on", "the", "mat"), List.of(), 0.9);
        return new Transcript("talk.wav", "house", List.of(a, b), 4.0, 0.2);
    }

    private static List<Word> words(double t0, double conf, String... w) {
        List<Word> out = new ArrayList<>();
        for (int i = 0; i < w.length; i++) {
            out.add(new Word(w[i], t0 + 0.3 * i, t0 + 0.3 * i + 0.2, conf));
        }
        return out;
    }

    @Test
    void anEditKeepsTheTimesOfSurvivingWordsAndSharesTheReplacedOnes() {
        TranscriptDocument d = new TranscriptDocument(Path.of("talk.wav"), sample());
        assertTrue(d.editText(0, "The black cat sat  down."));
        Segment s = d.segments().getFirst();
        assertEquals("The black cat sat down.", s.text());
        assertEquals(List.of("The", "black", "cat", "sat", "down."), s.words().stream().map(Word::text).toList());
        // "the" → "The": same word, same time; "cat", "sat" untouched (confidence as recognised)
        assertEquals(1.0, s.words().get(0).start(), 1e-9);
        assertEquals(1.3, s.words().get(2).start(), 1e-9);
        assertEquals(0.6, s.words().get(2).confidence(), 1e-9);
        // "black" typed between "the" (ends 1.2) and "cat" (starts 1.3): it gets the gap, and confidence 1
        assertEquals(1.2, s.words().get(1).start(), 1e-9);
        assertEquals(1.3, s.words().get(1).end(), 1e-9);
        assertEquals(1.0, s.words().get(1).confidence(), 1e-9);
        // "down" → "down.": the replaced word's time
        assertEquals(1.9, s.words().get(4).start(), 1e-9);
        assertFalse(d.editText(0, "The black cat sat down."), "the same text is no change");

        assertTrue(d.editText(1, "on a mat"));
        Word a = d.segments().get(1).words().get(1);
        assertEquals(3.3, a.start(), 1e-9);
        assertEquals(3.5, a.end(), 1e-9);
    }

    @Test
    void everyChangeIsOneUndoStepAndRedoBringsItBack() {
        TranscriptDocument d = new TranscriptDocument(Path.of("talk.wav"), sample());
        List<Segment> original = d.segments();
        long r0 = d.revision();
        d.editText(0, "a dog sat down");
        d.split(0, 2);
        d.setSpeaker(1, "Ann");
        assertEquals(3, d.segments().size());
        assertEquals(List.of("a dog", "sat down", "on the mat"), d.segments().stream().map(Segment::text).toList());
        assertEquals(List.of("", "Ann", ""), d.speakers());
        assertEquals(1.5, d.segments().get(0).end(), 1e-9, "the first part ends with its last word");
        assertEquals(1.5, d.segments().get(1).start(), 1e-9, "the second part starts where the first ends");
        assertTrue(d.undo());
        assertEquals(List.of("", "", ""), d.speakers());
        assertTrue(d.undo());
        assertTrue(d.undo());
        assertEquals(original, d.segments());
        assertFalse(d.undo());
        assertTrue(d.redo());
        assertEquals("a dog sat down", d.segments().getFirst().text());
        d.mergeWithNext(0);
        assertFalse(d.canRedo(), "a new change ends the redo history");
        assertEquals("a dog sat down on the mat", d.transcript().text());
        assertEquals(List.of(0), d.segments().stream().map(Segment::index).toList());
        assertEquals(3.8, d.segments().getFirst().end(), 1e-9);
        assertEquals(7, d.segments().getFirst().words().size());
        assertTrue(d.revision() > r0);
        // a blank text removes the segment; undo restores it
        d.editText(0, "   ");
        assertTrue(d.segments().isEmpty());
        d.undo();
        assertEquals(1, d.segments().size());
        assertThrows(IllegalArgumentException.class, () -> d.split(0, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> d.editText(5, "x"));
    }

    @Test
    void findAndReplaceAllWorkOnWholeWordsAndCaseAsAsked() {
        TranscriptDocument d = new TranscriptDocument(Path.of("talk.wav"), sample());
        assertEquals(List.of(new TranscriptDocument.Match(0, 0, 1), new TranscriptDocument.Match(1, 1, 2)),
                d.find("THE", false, true));
        assertEquals(List.of(), d.find("THE", true, true));
        assertEquals(List.of(new TranscriptDocument.Match(1, 1, 3)), d.find("the mat", false, false));
        assertEquals(1, d.find("at", false, false).stream().filter(m -> m.segment() == 1).count(), "inside 'mat'");
        assertEquals(0, d.find("at", false, true).size());
        assertEquals(2, d.replaceAll("the", "a", false, true));
        assertEquals("a cat sat down on a mat", d.transcript().text());
        assertTrue(d.undo(), "replace all is one step");
        assertEquals("the cat sat down on the mat", d.transcript().text());
        assertEquals(0, d.replaceAll("zebra", "x", false, true));
    }

    @Test
    void followAlongFindsTheWordBeingHeard() {
        TranscriptDocument d = new TranscriptDocument(Path.of("talk.wav"), sample());
        // a word is heard from Word.STAMP_LEAD before its stamp until the next word is
        assertEquals(new TranscriptDocument.Match(0, 1, 2), d.wordAt(1.35));
        assertEquals(new TranscriptDocument.Match(1, 2, 3), d.wordAt(3.7));
        assertNull(d.wordAt(2.5), "between segments");
    }

    @Test
    void aSavedDocumentReopensWithItsEditsAndSpeakers(@TempDir Path dir) throws Exception {
        Path audio = Files.writeString(dir.resolve("talk.wav"), "x");
        TranscriptStore store = new TranscriptStore(dir.resolve("transcripts"));
        TranscriptDocument d = new TranscriptDocument(audio, sample());
        d.editText(0, "The cat sat down.");
        d.setSpeaker(1, "Bob");
        assertFalse(store.has(audio));
        store.save(d);
        assertTrue(store.has(audio));
        TranscriptDocument back = store.load(audio).orElseThrow();
        assertEquals(d.transcript().text(), back.transcript().text());
        assertEquals(List.of("", "Bob"), back.speakers());
        assertEquals(1.0, back.segments().getFirst().words().getFirst().start(), 1e-9);
        assertEquals(List.of(audio.toAbsolutePath().normalize()), store.recent());
        // the same file name elsewhere is another document
        Path other = Files.createDirectories(dir.resolve("b")).resolve("talk.wav");
        assertNotEquals(store.fileFor(audio), store.fileFor(other));
        assertTrue(store.load(other).isEmpty());
    }

    @Test
    void aDamagedDocumentIsSetAsideWithOneSentence(@TempDir Path dir) throws Exception {
        Path audio = Files.writeString(dir.resolve("talk.wav"), "x");
        TranscriptStore store = new TranscriptStore(dir.resolve("transcripts"));
        Files.createDirectories(store.folder());
        Files.writeString(store.fileFor(audio), "{\"format\": \"sws-transcript\", \"transcript\": ");
        UserFacingException e = assertThrows(UserFacingException.class, () -> store.load(audio));
        assertTrue(e.getMessage().startsWith("The saved transcript of talk.wav could not be read"), e.getMessage());
        assertFalse(store.has(audio), "set aside");
        try (var s = Files.list(store.folder())) {
            assertTrue(s.anyMatch(p -> p.getFileName().toString().contains(".bad-")), "kept, not deleted");
        }
    }

    private static void assertNotEquals(Object a, Object b) {
        org.junit.jupiter.api.Assertions.assertNotEquals(a, b);
    }
}
