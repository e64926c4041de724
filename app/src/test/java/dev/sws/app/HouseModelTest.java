package dev.sws.app;

import dev.sws.workstation.Workstation;

import dev.sws.app.cli.SwsCommand;
import dev.sws.asr.eval.WordErrorRate;
import dev.sws.core.exec.CurrentThreadTaskExecutor;
import dev.sws.core.util.AppPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped house ASR model: intact, the default, and it transcribes real speech through the CLI end to end. */
class HouseModelTest {

    static final String REFERENCE = "login incorrect please enter your agent number followed by the pound key";

    static Path fixture(String name) throws URISyntaxException {
        return Path.of(HouseModelTest.class.getResource("/fixtures/" + name).toURI());
    }

    @Test
    void labelsSpeakersByVoiceFromTheCommandLine(@TempDir Path dir) throws Exception {
        Path real = Path.of(System.getProperty("sws.shared.dir", "../../shared"), "data", "real", "librispeech-train-clean-5")
                .toAbsolutePath().normalize();
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(real), "the real speech corpus is not at " + real);
        List<String> lines = Files.readAllLines(real.resolve("manifest.tsv"));
        java.util.function.Function<String, String> first = reader -> lines.stream().map(l -> l.split("\t"))
                .filter(f -> f[1].equals(reader) && f[5].equals("dev") && Double.parseDouble(f[4]) > 5)
                .map(f -> real.resolve(f[0]).toString()).findFirst().orElseThrow();
        Path talk = dir.resolve("two readers.wav");   // a woman, 3 s of silence, a man (LibriSpeech dev readers)
        Process ff = new ProcessBuilder("ffmpeg", "-v", "error", "-i", first.apply("7859"), "-i",
                fixture("silence-3s.flac").toString(), "-i", first.apply("8629"), "-filter_complex",
                "[0:a]aresample=16000[a];[2:a]aresample=16000[b];[a][1:a][b]concat=n=3:v=0:a=1", "-ac", "1", talk.toString())
                .redirectErrorStream(true).start();
        String log = new String(ff.getInputStream().readAllBytes());
        assertEquals(0, ff.waitFor(), log);
        CliRun r = CliRun.of("transcribe", "--speakers", "--format", "json", talk.toString());
        assertEquals(0, r.rc(), r.err());
        assertTrue(r.err().contains("2 speakers"), r.err());
        var segs = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out()).get("segments");
        assertEquals("Speaker 1", segs.get(0).get("speaker").asText(), r.out());
        assertEquals("Speaker 2", segs.get(segs.size() - 1).get("speaker").asText(), r.out());
        CliRun srt = CliRun.of("transcribe", "--speakers", "--format", "srt", "--quiet", talk.toString());
        assertTrue(srt.out().contains("Speaker 1: ") && srt.out().contains("Speaker 2: "), srt.out());
    }

    @Test
    void houseModelIsIntactAndDefault() {
        try (Workstation ctx = new Workstation(AppPaths.fromEnvironment(), new CurrentThreadTaskExecutor())) {
            var m = ctx.models().defaultFor("asr", "").orElseThrow();
            assertEquals("house-asr-fc-en-s4", m.id());
            assertEquals(java.util.List.of(), ctx.models().verify(m), "sha256 or contract problems");
        }
    }

    @Test
    void modelsListShowsEveryShippedModelInAlignedColumns() {
        CliRun r = CliRun.of("models", "list");
        assertEquals(0, r.rc(), r.err());
        java.util.List<String> lines = r.out().lines().toList();
        int where = lines.getFirst().indexOf("WHERE");
        int licence = lines.getFirst().indexOf("LICENCE");
        for (String id : new String[]{"house-asr-fc-en-s4", "house-audio-classes-s1", "house-codec-16k-1k5",
                "house-corrector-en-s1", "house-tts-en-s1", "silero-vad-v6"}) {
            String line = lines.stream().filter(l -> l.startsWith(id + " ")).findFirst().orElseThrow(() -> new AssertionError(id + " missing: " + r.out()));
            assertEquals(where, line.indexOf("embedded"), "columns line up with the header:\n" + r.out());
            assertEquals(licence, line.indexOf(id.startsWith("silero") ? "MIT" : "GPL-3.0-or-later"), r.out());
        }
    }

    @Test
    void anEmptyModelListSaysWhereItLooked(@TempDir Path dir) {
        String before = System.getProperty("sws.models.dir");
        try {
            System.setProperty("sws.models.dir", dir.resolve("typo").toString());
            CliRun r = CliRun.of("models", "list");
            assertEquals(0, r.rc(), r.err());
            assertTrue(r.out().contains("No models found in " + dir.resolve("typo") + " (no such folder; SWS_MODELS_DIR sets it)"), r.out());
        } finally {
            if (before == null) {
                System.clearProperty("sws.models.dir");
            } else {
                System.setProperty("sws.models.dir", before);
            }
        }
    }

    @Test
    void threadsForOneRunAreCheckedAndUsed() {
        CliRun bad = CliRun.of("--threads", "300", "info");
        assertEquals(1, bad.rc());
        assertEquals("Threads must be between 0 (automatic) and 256, not 300.", bad.err().strip());
        CliRun two = CliRun.of("--threads", "2", "info");
        assertEquals(0, two.rc(), two.err());
        assertTrue(two.out().contains("Inference threads per session: 2\n"), two.out());
    }

    @Test
    void transcribesRealSpeechInEveryFormat(@TempDir Path out) throws Exception {
        for (String f : new String[]{"speech.flac", "speech.mp3", "speech-8k.wav", "speech-44k-stereo.flac"}) {
            StringWriter so = new StringWriter();
            StringWriter se = new StringWriter();
            int rc = SwsCommand.run(new PrintWriter(so, true), new PrintWriter(se, true), "transcribe", "--quiet", fixture(f).toString());
            assertEquals(0, rc, se.toString());
            double wer = WordErrorRate.compare(REFERENCE, so.toString().strip()).percent() / 100;
            // measured 1 error in 13 words; the bound leaves room for thread-count differences, not for a broken model
            assertTrue(wer <= 0.35, f + ": WER " + wer + " for '" + so.toString().strip() + "'");
        }
        int rc = SwsCommand.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                "transcribe", "--quiet", "--out", out.toString(), "--format", "srt,json,vtt,txt", fixture("speech.flac").toString());
        assertEquals(0, rc);
        String srt = Files.readString(out.resolve("speech.srt"));
        assertTrue(srt.startsWith("1\n00:00:0"), srt);
        assertTrue(Files.readString(out.resolve("speech.json")).contains("\"words\""));
        assertTrue(Files.readString(out.resolve("speech.vtt")).startsWith("WEBVTT"));
    }

    @Test
    void transcriptsAreWrittenAsSentencesUnlessAskedForWords(@TempDir Path dir) throws Exception {
        String speech = fixture("speech.flac").toString();
        CliRun written = CliRun.of("transcribe", "--quiet", speech);
        CliRun words = CliRun.of("transcribe", "--quiet", "--no-punctuation", speech);
        assertEquals(0, written.rc(), written.err());
        assertEquals(0, words.rc(), words.err());
        String w = written.out().strip();
        assertTrue(Character.isUpperCase(w.charAt(0)) && w.matches("(?s).*[.?]$"), "a sentence: " + w);
        assertEquals(words.out().strip(), dev.sws.asr.punct.Punctuator.plain(w), "the same words, only written");
        assertEquals(words.out().strip().toLowerCase(java.util.Locale.ROOT), words.out().strip(), "words as recognised");
        assertEquals(0, CliRun.of("transcribe", "--quiet", "--format", "json", "--out", dir.toString(), speech).rc());
        var json = dev.sws.core.util.Json.mapper().readTree(dir.resolve("speech.json").toFile());
        var seg = json.path("segments").get(0);
        String[] tokens = seg.path("text").asText().split(" ");
        assertEquals(tokens.length, seg.path("words").size(), "one timed word per written word");
        for (int i = 0; i < tokens.length; i++) {
            assertEquals(tokens[i], seg.path("words").get(i).path("word").asText());
        }
    }

    @Test
    void badInputGetsOneClearSentence() throws Exception {
        StringWriter se = new StringWriter();
        int rc = SwsCommand.run(new PrintWriter(new StringWriter()), new PrintWriter(se, true), "transcribe", "--quiet", fixture("corrupt.flac").toString());
        assertEquals(1, rc);
        assertTrue(se.toString().contains("corrupt.flac"), se.toString());
        assertTrue(se.toString().lines().count() <= 2, se.toString());
    }

    @Test
    void evalWithCorrectionReportsWerBeforeAndAfterAndEachChange(@TempDir Path dir) throws Exception {
        Path manifest = dir.resolve("m.tsv");
        Files.writeString(manifest, "path\tnormalized\n" + fixture("speech.flac") + "\t" + REFERENCE + "\n"
                + fixture("speech-8k.wav") + "\t" + REFERENCE + "\n");
        CliRun r = CliRun.of("eval", "asr", "--manifest", manifest.toString(), "--correct", "--oracle");
        assertEquals(0, r.rc(), r.err());
        var summary = java.util.regex.Pattern.compile("# correction: WER ([0-9.]+) -> ([0-9.]+) .*; (\\d+) of (\\d+) segments "
                + "changed.*harmful edits on correct files (\\d+)/(\\d+)").matcher(r.out());
        assertTrue(summary.find(), r.out());
        double before = Double.parseDouble(summary.group(1));
        double after = Double.parseDouble(summary.group(2));
        long changedLines = r.out().lines().filter(l -> l.startsWith("# changed ")).count();
        // a file is listed exactly when its text changed; with none listed the WER cannot have moved
        assertTrue(changedLines <= 2, r.out());
        if (changedLines == 0) {
            assertEquals(before, after, 1e-9, r.out());
        }
        var oracle = java.util.regex.Pattern.compile("# n-best oracle \\(best of the first 4 hypotheses per segment\\): "
                + "WER ([0-9.]+) \\(top hypothesis ([0-9.]+);").matcher(r.out());
        assertTrue(oracle.find(), r.out());
        assertEquals(before, Double.parseDouble(oracle.group(2)), 1e-9, "the oracle's top hypothesis is the raw transcript");
        assertTrue(Double.parseDouble(oracle.group(1)) <= before, r.out());
        int words = 2 * REFERENCE.split(" ").length;
        assertTrue(r.out().strip().endsWith("/" + words), "final WER line over both files' " + words + " words: " + r.out());
    }

    /** Inputs with the same name never overwrite each other's transcripts in one --out folder. */
    @Test
    void inputsWithTheSameNameGetTheirOwnOutputs(@TempDir Path dir) throws Exception {
        Path other = Files.createDirectories(dir.resolve("other")).resolve("speech.flac");
        Files.copy(fixture("speech.flac"), other);
        Path out = dir.resolve("out");
        CliRun r = CliRun.of("transcribe", "--format", "txt", "--out", out.toString(), fixture("speech.flac").toString(),
                fixture("speech.mp3").toString(), other.toString(), fixture("speech-8k.wav").toString());
        assertEquals(0, r.rc(), r.err());
        try (var listing = Files.list(out)) {
            assertEquals(List.of("speech-8k.txt", "speech.flac-2.txt", "speech.flac.txt", "speech.mp3.txt"),
                    listing.map(p -> p.getFileName().toString()).sorted().toList());
        }
        for (String name : List.of("speech.flac.txt", "speech.mp3.txt", "speech.flac-2.txt", "speech-8k.txt")) {
            assertTrue(Files.readString(out.resolve(name)).contains("agent number"), name);
        }
        assertTrue(r.err().contains("written as speech.flac-2.* (another input has the same name)"), r.err());
    }

    @Test
    void correctingTypedLinesKeepsTheirWordsAndLines(@TempDir Path dir) throws Exception {
        String text = "line one\n\nHer sister works as a nurse at the city hospital.\nlogin incorrect please enter your agent number\n";
        Files.writeString(dir.resolve("lines.txt"), text);
        java.io.InputStream stdin = System.in;
        CliRun fromFile = CliRun.of("correct", dir.resolve("lines.txt").toString());
        CliRun fromStdin;
        try {
            System.setIn(new java.io.ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            fromStdin = CliRun.of("correct", "-");
        } finally {
            System.setIn(stdin);
        }
        for (CliRun r : List.of(fromFile, fromStdin)) {
            assertEquals(0, r.rc(), r.err());
            List<String> lines = r.out().lines().toList();
            assertEquals(4, lines.size(), "one line out per line in, the blank one too:\n" + r.out());
            assertEquals("line one", lines.get(0), "a lone hypothesis keeps its words (the model dropped 'one')");
            assertEquals("", lines.get(1));
            // unchanged lines come back as typed; a change could only rewrite words, never drop them
            assertTrue(lines.get(2).equals("Her sister works as a nurse at the city hospital.")
                    || lines.get(2).split(" ").length >= 10, r.out());
            assertTrue(r.err().contains("plain text has no alternative hypotheses"), r.err());
        }
        Path json = dir.resolve("t.json");
        assertEquals(0, CliRun.of("transcribe", "--format", "json", "--out", dir.toString(), fixture("speech.flac").toString()).rc());
        Files.move(dir.resolve("speech.json"), json);
        CliRun fromJson = CliRun.of("correct", json.toString());
        assertEquals(0, fromJson.rc(), fromJson.err());
        assertFalse(fromJson.err().contains("no alternative"), "transcripts carry n-best lists: " + fromJson.err());
        assertEquals(1, fromJson.out().lines().count(), fromJson.out());
    }

    @Test
    void theHouseLanguageModelIsFusedByDefaultAndCanBeChosen(@TempDir Path dir) throws Exception {
        try (Workstation ctx = new Workstation(AppPaths.fromEnvironment(), new CurrentThreadTaskExecutor())) {
            var model = ctx.asr().load(ctx.asr().resolve(""));
            var lm = ctx.asr().config(model).lm();
            assertTrue(lm != null && lm.weight() == 0.2 && lm.lm().vocabularySize() > 10_000, "house trigram fused: " + lm);
            org.junit.jupiter.api.Assertions.assertNull(ctx.asr().languageModel("none", 0.2, 2.0));
        }
        String speech = fixture("speech.flac").toString();
        CliRun house = CliRun.of("transcribe", "--quiet", speech);
        CliRun explicit = CliRun.of("transcribe", "--quiet", "--lm", "house", speech);
        CliRun none = CliRun.of("transcribe", "--quiet", "--lm", "none", speech);
        assertEquals(0, house.rc(), house.err());
        assertEquals(house.out(), explicit.out());
        assertEquals(0, none.rc(), none.err());
        assertTrue(WordErrorRate.compare(REFERENCE, none.out().strip()).percent() <= 35, none.out());
        CliRun missing = CliRun.of("transcribe", "--quiet", "--lm", dir.resolve("nope.arpa").toString(), speech);
        assertEquals(1, missing.rc());
        assertTrue(missing.err().contains("nope.arpa is not a file"), missing.err());
        Path broken = Files.writeString(dir.resolve("broken.arpa"), "this is not an ARPA file\n");
        CliRun bad = CliRun.of("transcribe", "--quiet", "--lm", broken.toString(), speech);
        assertEquals(1, bad.rc());
        assertTrue(bad.err().contains("broken.arpa is not a usable ARPA n-gram"), bad.err());
    }
}
