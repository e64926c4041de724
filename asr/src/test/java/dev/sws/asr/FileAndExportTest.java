package dev.sws.asr;

import dev.sws.asr.eval.AsrEvaluator;
import dev.sws.asr.eval.WordErrorRate;
import dev.sws.asr.export.TranscriptExporter;
import dev.sws.asr.export.TranscriptFormat;
import dev.sws.asr.model.AsrModel;
import dev.sws.asr.model.RecognizerConfig;
import dev.sws.core.text.TextNormalizer;
import dev.sws.audio.AudioInputException;
import dev.sws.core.util.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class FileAndExportTest {

    static AsrModel model;
    static FileTranscriber transcriber;

    @BeforeAll
    static void load() {
        model = Replicas.load("transducer");
        transcriber = new FileTranscriber(new OnlineRecognizer(model, RecognizerConfig.defaults()), "replica");
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /**
     * Files as concurrent streams of one batched recogniser: each gets the transcript it gets alone; they finish in
     * the order their audio runs out (all were open at once), a broken one fails alone, and the compute time is
     * shared out.
     */
    @Test
    void manyFilesAsStreamsOfOneRecogniserGiveWhatEachGivesAlone() throws Exception {
        List<String> names = List.of("music-8s.flac", "corrupt.flac", "speech-16k.wav", "silence-3s.flac");
        List<String> finished = new java.util.ArrayList<>();
        java.util.Map<String, Transcript> got = new java.util.HashMap<>();
        java.util.Iterator<String> next = names.iterator();
        transcriber.transcribeAll(() -> next.hasNext() ? next.next() : null, Replicas::fixture, 4, (name, t, error) -> {
            finished.add(name);
            if (error != null) {
                assertEquals("corrupt.flac", name);
                assertTrue(error instanceof dev.sws.audio.AudioInputException, error.toString());
            } else {
                got.put(name, t);
            }
        });
        assertEquals(List.of("corrupt.flac", "silence-3s.flac", "speech-16k.wav", "music-8s.flac"), finished);
        for (String n : List.of("music-8s.flac", "speech-16k.wav", "silence-3s.flac")) {
            Transcript alone = transcriber.transcribe(Replicas.fixture(n));
            Transcript t = got.get(n);
            assertEquals(alone.segments(), t.segments(), n);
            assertEquals(alone.durationSeconds(), t.durationSeconds(), 1e-9, n);
            assertTrue(t.computeSeconds() > 0, "its share of the rounds: " + n);
        }
    }

    @Test
    void sameAudioInDifferentContainersGivesTheSameTranscript() {
        Transcript wav = transcriber.transcribe(Replicas.fixture("speech-16k.wav"));
        Transcript flac = transcriber.transcribe(Replicas.fixture("speech.flac"));
        assertEquals(wav.text(), flac.text());
        assertEquals(5.15, wav.durationSeconds(), 0.01);
        assertTrue(wav.rtf() > 0);
        double end = 0;
        for (Segment s : wav.segments()) {
            assertTrue(s.start() >= end - 1e-9, "segments do not overlap: " + s.start() + " < " + end);
            assertTrue(s.end() <= wav.durationSeconds() + 1e-9, "no segment ends after the audio: " + s.end());
            end = s.end();
        }
    }

    @Test
    void otherRatesAndStereoAreResampledAndSilenceIsEmpty() {
        for (String f : List.of("speech-8k.wav", "speech-44k-stereo.flac", "speech.opus")) {
            Transcript t = transcriber.transcribe(Replicas.fixture(f));
            assertEquals(5.15, t.durationSeconds(), 0.05, f);
        }
        Transcript silence = transcriber.transcribe(Replicas.fixture("silence-3s.flac"));
        assertEquals(3.0, silence.durationSeconds(), 0.01);
        for (Segment s : silence.segments()) {
            assertFalse(s.text().isBlank(), "no empty segments are reported");
        }
    }

    @Test
    void badFilesGiveAClearError() {
        AudioInputException e = assertThrows(AudioInputException.class, () -> transcriber.transcribe(Replicas.fixture("text-renamed.wav")));
        assertTrue(e.getMessage().contains("text-renamed.wav"));
        assertThrows(AudioInputException.class, () -> transcriber.transcribe(Replicas.fixture("empty.wav")));
    }

    @Test
    void audioCutShortIsTranscribedAndFlagged(@TempDir Path dir) throws Exception {
        Transcript whole = transcriber.transcribe(Replicas.fixture("speech.flac"));
        assertFalse(whole.endsEarly(), whole.notes());
        assertEquals("", whole.notes());
        byte[] all = java.nio.file.Files.readAllBytes(Replicas.fixture("speech.flac"));
        Path cut = java.nio.file.Files.write(dir.resolve("cut.flac"), java.util.Arrays.copyOf(all, all.length / 2));
        Transcript t = transcriber.transcribe(cut);
        assertTrue(t.durationSeconds() > 1 && t.durationSeconds() < 4, "what is there is transcribed: " + t.durationSeconds());
        assertTrue(t.endsEarly());
        assertTrue(t.notes().matches("the audio ends at \\d\\.\\d s although the file states 5\\.2 s: truncated or damaged\\?"), t.notes());
        assertEquals("no speech found", new Transcript("silence.wav", "m", java.util.List.of(), 10, 0.5).notes(),
                "an empty transcript says why it is empty");
        Path json = dir.resolve("cut.json");
        TranscriptExporter.write(t, TranscriptFormat.JSON, json);
        assertEquals(5.155, Json.mapper().readTree(json.toFile()).get("declaredDuration").asDouble(), 0.001);
        assertTrue(TranscriptExporter.readJson(java.nio.file.Files.readString(json)).endsEarly(), "read back");
        assertFalse(Json.mapper().readTree(TranscriptExporter.render(whole, TranscriptFormat.JSON)).has("declaredDuration"));
    }

    @Test
    void progressIsReportedAndCancellationStops() {
        List<Double> seen = new ArrayList<>();
        transcriber.transcribe(Replicas.fixture("speech-16k.wav"), new dev.sws.core.exec.Progress() {
            @Override
            public void update(double done, double total, String message) {
                seen.add(done / total);
            }

            @Override
            public boolean isCancelled() {
                return false;
            }
        }, s -> { }, null);
        assertTrue(seen.size() >= 5);
        assertEquals(1.0, seen.getLast(), 1e-9);
        assertThrows(java.util.concurrent.CancellationException.class, () -> transcriber.transcribe(Replicas.fixture("speech-16k.wav"),
                new dev.sws.core.exec.Progress() {
                    @Override
                    public void update(double d, double t, String m) {
                    }

                    @Override
                    public boolean isCancelled() {
                        return true;
                    }
                }, s -> { }, null));
    }

    static Transcript sample() {
        Segment a = new Segment(0, 0.5, 2.25, "press one for sales", List.of(new Word("press", 0.5, 0.9, 0.9),
                new Word("one", 0.9, 1.2, 0.8), new Word("for", 1.2, 1.5, 0.95), new Word("sales", 1.5, 2.25, 0.7)),
                List.of(new NBestEntry("press one for sales", -1.5), new NBestEntry("press one for sale", -3.0)), 0.83);
        Segment b = new Segment(1, 3661.0, 3662.5, "goodbye", List.of(new Word("goodbye", 3661.0, 3662.5, 0.99)),
                List.of(new NBestEntry("goodbye", -0.1)), 0.99);
        return new Transcript("call.wav", "house", List.of(a, b), 3663, 12, 2);
    }

    @Test
    void exportsFollowTheirFormats(@TempDir Path dir) throws Exception {
        Transcript t = sample();
        assertEquals("press one for sales\ngoodbye\n", TranscriptExporter.render(t, TranscriptFormat.TXT));
        assertEquals("1\n00:00:00,500 --> 00:00:02,250\npress one for sales\n\n2\n01:01:01,000 --> 01:01:02,500\ngoodbye\n\n",
                TranscriptExporter.render(t, TranscriptFormat.SRT));
        assertTrue(TranscriptExporter.render(t, TranscriptFormat.VTT).startsWith("WEBVTT\n\n00:00:00.500 --> 00:00:02.250\n"));
        Path json = dir.resolve("t.json");
        TranscriptExporter.write(t, TranscriptFormat.JSON, json);
        var root = Json.mapper().readTree(json.toFile());
        var w = root.get("segments").get(0).get("words").get(3);
        assertEquals("sales", w.get("word").asText());
        assertEquals(1.5, w.get("start").asDouble());
        assertEquals(2.25, w.get("end").asDouble());
        assertEquals(0.7, w.get("confidence").asDouble());
        assertEquals("press one for sale", root.get("segments").get(0).get("nbest").get(1).get("text").asText());
        // and back: what 'sws correct' reads
        Transcript back = TranscriptExporter.readJson(java.nio.file.Files.readString(json));
        assertEquals(t.segments(), back.segments());
        assertEquals("call.wav", back.source());
        assertEquals(2, back.droppedSegments(), "segments left out by the speech gate are counted in the JSON");
        assertThrows(dev.sws.core.util.UserFacingException.class, () -> TranscriptExporter.readJson("{\"text\": \"x\"}"));
    }

    @Test
    void normalisationAndWer() {
        assertEquals("press one for sales two for support", TextNormalizer.normalize("Press 1 for Sales, 2 for support."));
        assertEquals("three d audio", TextNormalizer.normalize("3D audio"));
        assertEquals("on the twenty first of one thousand two hundred", TextNormalizer.normalize("on the 21st of 1,200"));
        assertEquals("nineteen eighty four three point five percent", TextNormalizer.normalize("1984 3.5%"));
        assertEquals("don't quote me", TextNormalizer.normalize("Don't 'quote' me"));
        // accents and ligatures folded, as training/common/textnorm.py does; other scripts dropped
        assertEquals("cafe in sao paulo with zoe and bjork", TextNormalizer.normalize("Café in São Paulo with Zoë and Björk."));
        assertEquals("aero strasse lodz final naive resume", TextNormalizer.normalize("Ærø, Straße, Łódź, ﬁnal naïve résumé"));
        assertEquals("", TextNormalizer.normalize("Привет мир 你好"));
        WordErrorRate.Counts c = WordErrorRate.compare("a b c d", "a x c d e");
        assertEquals(1, c.substitutions());
        assertEquals(0, c.deletions());
        assertEquals(1, c.insertions());
        assertEquals(50.0, c.percent(), 1e-9);
        assertEquals(2, WordErrorRate.compare("a b c", "c").deletions());
    }

    @Test
    void evaluatorPrintsPerFileLinesAndTheWerLine(@TempDir Path dir) throws Exception {
        Path sub = dir.resolve("audio");
        Files.createDirectories(sub);
        Files.copy(Replicas.fixture("speech-16k.wav"), sub.resolve("a.wav"));
        Path tsv = dir.resolve("m.tsv");
        Files.writeString(tsv, "path\tnormalized\naudio/a.wav\tlogin incorrect please enter your agent number\naudio/missing.wav\ttwo words\n");
        List<String> lines = new ArrayList<>();
        AsrEvaluator.Report r = AsrEvaluator.run(tsv, transcriber, lines::add, dev.sws.core.exec.Progress.none());
        assertEquals(3, lines.size());
        assertTrue(lines.get(1).contains("ERROR: File not found"), lines.get(1));
        assertTrue(lines.getLast().matches("WER \\d+\\.\\d\\d \\d+/9"), lines.getLast());
        assertEquals(9, r.total().referenceWords());
        assertTrue(r.total().errors() >= 2, "the missing file's words count as errors");
    }
}
