package dev.sws.app.batch;

import dev.sws.workstation.batch.BatchRunner;
import dev.sws.workstation.batch.JobStore;
import dev.sws.audio.io.AudioFiles;
import dev.sws.codec.TokenFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code sws batch --tasks}: transcribe + correct + codec on audio, TTS on text files, once each, resumable. */
class BatchTasksTest {

    private static String[] run(String... args) {
        dev.sws.app.CliRun r = dev.sws.app.CliRun.of(args);
        return new String[]{String.valueOf(r.rc()), r.out(), r.err()};
    }

    /** --tasks speakers: the transcripts of a two-reader recording name the readers by voice, in every format. */
    @Test
    void speakerLabelsGoIntoEveryFormat(@TempDir Path tmp) throws Exception {
        Path real = Path.of(System.getProperty("sws.shared.dir", "../../shared"), "data", "real", "librispeech-train-clean-5")
                .toAbsolutePath().normalize();
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(real), "the real speech corpus is not at " + real);
        java.util.List<String> lines = Files.readAllLines(real.resolve("manifest.tsv"));
        java.util.function.Function<String, String> first = reader -> lines.stream().map(l -> l.split("\t"))
                .filter(f -> f[1].equals(reader) && f[5].equals("dev") && Double.parseDouble(f[4]) > 5)
                .map(f -> real.resolve(f[0]).toString()).findFirst().orElseThrow();
        Path in = Files.createDirectories(tmp.resolve("in"));
        Process ff = new ProcessBuilder("ffmpeg", "-v", "error", "-i", first.apply("7859"), "-i",
                Path.of(BatchTasksTest.class.getResource("/fixtures/silence-3s.flac").toURI()).toString(), "-i", first.apply("8629"),
                "-filter_complex", "[0:a]aresample=16000[a];[2:a]aresample=16000[b];[a][1:a][b]concat=n=3:v=0:a=1", "-ac", "1",
                in.resolve("interview.flac").toString()).redirectErrorStream(true).start();
        String log = new String(ff.getInputStream().readAllBytes());
        assertEquals(0, ff.waitFor(), log);
        Path out = tmp.resolve("out");
        String[] r = run("batch", in.toString(), "--out", out.toString(), "--formats", "txt,json", "--tasks", "speakers",
                "--db", tmp.resolve("jobs.db").toString());
        assertEquals("0", r[0], r[2]);
        String txt = Files.readString(out.resolve("interview.txt"));
        assertTrue(txt.startsWith("Speaker 1: ") && txt.contains("Speaker 2: "), txt);
        var segs = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.resolve("interview.json").toFile()).get("segments");
        assertEquals("Speaker 1", segs.get(0).get("speaker").asText());
        assertEquals("Speaker 2", segs.get(segs.size() - 1).get("speaker").asText());
        assertTrue(r[2].contains("(transcribe, speakers;") || r[2].contains("speakers"), "the job names its tasks: " + r[2]);
    }

    /** Running the same batch again resumes it; --new starts afresh; a job held by another run is refused, not shared. */
    @Test
    void theSameBatchAgainResumesAndOneJobRunsOnceAtATime(@TempDir Path tmp) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Files.copy(Path.of(BatchTasksTest.class.getResource("/fixtures/speech.flac").toURI()), in.resolve("call.flac"));
        Path out = tmp.resolve("out");
        String db = tmp.resolve("jobs.db").toString();
        String[] first = run("batch", in.toString(), "--out", out.toString(), "--formats", "txt", "--db", db);
        assertEquals("0", first[0], first[2]);
        assertTrue(first[1].contains("this run: 1 transcribed"), first[1]);
        long stamp = Files.getLastModifiedTime(out.resolve("call.txt")).toMillis();
        Files.copy(in.resolve("call.flac"), in.resolve("second.flac"));

        String[] again = run("batch", in.toString(), "--out", tmp.resolve("in/../out").toString(), "--formats", "txt", "--db", db);
        assertEquals("0", again[0], again[2]);
        assertTrue(again[2].contains("job 1: resuming it"), again[2]);
        assertTrue(again[1].contains("this run: 1 transcribed, 0 failed, 1 already done"), "only the new file: " + again[1]);
        assertEquals(stamp, Files.getLastModifiedTime(out.resolve("call.txt")).toMillis(), "the finished file was not redone");

        String[] other = run("batch", in.toString(), "--out", out.toString(), "--formats", "srt", "--db", db);
        assertTrue(other[2].contains("job 2: ") && !other[2].contains("resuming"), "other formats, another job: " + other[2]);
        String[] fresh = run("batch", in.toString(), "--out", out.toString(), "--formats", "txt", "--new", "--db", db);
        assertTrue(fresh[2].contains("job 3: ") && fresh[1].contains("this run: 2 transcribed"), fresh[1] + fresh[2]);

        try (JobStore store = new JobStore(Path.of(db)); var held = store.hold(1).orElseThrow()) {
            String[] busy = run("batch", "--resume", "1", "--db", db);
            assertEquals("1", busy[0]);
            assertTrue(busy[2].contains("Batch job 1 is already running"), busy[2]);
            assertTrue(store.hold(1).isEmpty(), "one hold at a time");
            var two = store.hold(2);
            assertTrue(two.isPresent(), "other jobs are free");
            two.get().close();
        }
        assertEquals("0", run("batch", "--resume", "1", "--db", db)[0], "free again once the hold is closed");
    }

    /**
     * Punctuation is chosen when a job starts (the flag, else the settings) and kept with it: a resumed job writes new
     * files as it wrote its first ones, whatever the settings say by then.
     */
    @Test
    void punctuationIsKeptWithTheJob(@TempDir Path tmp) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Files.copy(Path.of(BatchTasksTest.class.getResource("/fixtures/speech.flac").toURI()), in.resolve("call.flac"));
        Path out = tmp.resolve("out");
        String db = tmp.resolve("jobs.db").toString();
        String[] plain = run("batch", in.toString(), "--out", out.toString(), "--formats", "txt", "--no-punctuation", "--db", db);
        assertEquals("0", plain[0], plain[2]);
        assertTrue(plain[2].contains("job 1: ") && plain[2].contains("(transcribe; txt)"), plain[2]);
        String words = Files.readString(out.resolve("call.txt")).strip();
        assertTrue(words.contains("please enter your agent number") && words.equals(words.toLowerCase(java.util.Locale.ROOT))
                && !words.contains("."), words);

        String[] clash = run("batch", "--resume", "1", "--punctuation", "--db", db);
        assertEquals("1", clash[0]);
        assertTrue(clash[2].contains("Job 1 writes the recogniser's plain words and resumes as it began; run the folder "
                + "again with --new to write it with punctuation."), clash[2]);

        // the settings (punctuation on): the same folders become another job, whose transcripts are sentences
        String[] sentences = run("batch", in.toString(), "--out", out.toString(), "--formats", "txt", "--db", db);
        assertEquals("0", sentences[0], sentences[2]);
        assertTrue(sentences[2].contains("job 2: ") && sentences[2].contains("(punctuate,transcribe; txt)"), sentences[2]);
        String written = Files.readString(out.resolve("call.txt")).strip();
        assertTrue(written.contains("Please enter your agent number") && written.endsWith("."), written);
        assertEquals(words, written.toLowerCase(java.util.Locale.ROOT).replaceAll("[.,?]", ""), "the same words, written");

        // job 1 resumed on a new file: plain words still, as the job began
        Files.copy(in.resolve("call.flac"), in.resolve("second.flac"));
        String[] resumed = run("batch", "--resume", "1", "--db", db);
        assertEquals("0", resumed[0], resumed[2]);
        assertEquals(words, Files.readString(out.resolve("second.txt")).strip());
    }

    /**
     * Files transcribed as concurrent streams of one batched recogniser (--streams) get the outputs one at a time gives
     * them, byte for byte; a broken file fails alone with the same sentence, and a text to speak is done beside them.
     */
    @Test
    void streamsOfOneBatchedRecogniserWriteWhatOneAtATimeWrites(@TempDir Path tmp) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        for (String f : new String[]{"speech.flac", "speech-8k.wav", "speech.mp3", "corrupt.flac", "speech-44k-stereo.flac"}) {
            Files.copy(Path.of(BatchTasksTest.class.getResource("/fixtures/" + f).toURI()), in.resolve(f));
        }
        Files.writeString(in.resolve("note.txt"), "Hello there.\n");
        String[] one = run("batch", in.toString(), "--out", tmp.resolve("one").toString(), "--formats", "txt,json,srt",
                "--tasks", "transcribe,tts", "--db", tmp.resolve("one.db").toString());
        String[] many = run("batch", in.toString(), "--out", tmp.resolve("many").toString(), "--formats", "txt,json,srt",
                "--tasks", "transcribe,tts", "--streams", "3", "--db", tmp.resolve("many.db").toString());
        assertEquals("3", one[0], one[2]);   // the corrupt file failed
        assertEquals("3", many[0], many[2]);
        assertTrue(many[1].contains("this run: 5 transcribed, 1 failed") && many[1].contains("of 3 streams"), many[1]);
        String failure = one[2].lines().filter(l -> l.startsWith("FAILED corrupt.flac")).findFirst().orElseThrow();
        assertTrue(many[2].contains(failure), "the same sentence: " + failure + " / " + many[2]);
        java.util.List<String> names;
        try (var files = Files.list(tmp.resolve("one"))) {
            names = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(13, names.size(), names.toString());   // 4 audio files x 3 formats + note.wav
        for (String n : names) {
            assertTrue(java.util.Arrays.equals(Files.readAllBytes(tmp.resolve("one").resolve(n)),
                    Files.readAllBytes(tmp.resolve("many").resolve(n))), n);
        }
    }

    @Test
    void everyTaskWritesItsOutputAndARerunRedoesNothing(@TempDir Path tmp) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Files.copy(Path.of(BatchTasksTest.class.getResource("/fixtures/speech.flac").toURI()), in.resolve("call.flac"));
        Files.writeString(in.resolve("note.txt"), "Hello there.\n");
        Files.writeString(in.resolve("empty.txt"), "  \n");
        Path out = tmp.resolve("out");
        String db = tmp.resolve("jobs.db").toString();
        String[] r = run("batch", in.toString(), "--out", out.toString(), "--formats", "txt", "--tasks", "transcribe,correct,codec,tts", "--db", db);
        assertEquals("3", r[0], r[2]);   // 3 = some files failed: the empty text
        assertTrue(r[2].contains("FAILED empty.txt: empty.txt is empty: nothing to say."), r[2]);
        assertTrue(Files.readString(out.resolve("call.txt")).contains("agent number"));
        assertTrue(Files.isRegularFile(out.resolve("call.corrected.txt")));
        TokenFile tokens = TokenFile.read(out.resolve("call.tokens"));
        assertTrue(tokens.codes()[0].length > 100, "frames " + tokens.codes()[0].length);
        double speech = AudioFiles.read(out.resolve("note.wav"), 16000).durationSeconds();
        assertTrue(speech > 0.3 && speech < 5, "note.wav lasts " + speech + " s");
        long stamp = Files.getLastModifiedTime(out.resolve("call.tokens")).toMillis();

        String[] again = run("batch", "--resume", "1", "--db", db);
        assertTrue(again[1].contains("this run: 0 transcribed"), again[1]);
        assertEquals(stamp, Files.getLastModifiedTime(out.resolve("call.tokens")).toMillis());

        assertEquals("processed", BatchRunner.doneVerb("tts"), "a folder of texts to speak is not 'transcribed'");
        assertEquals("processed", BatchRunner.doneVerb("codec"));
        assertEquals("transcribed", BatchRunner.doneVerb("transcribe,codec"));
        String[] bad = run("batch", in.toString(), "--out", out.toString(), "--tasks", "transcribe,translate", "--db", db);
        assertEquals("1", bad[0]);
        assertTrue(bad[2].contains("Unknown batch task 'translate'"), bad[2]);
    }
}
