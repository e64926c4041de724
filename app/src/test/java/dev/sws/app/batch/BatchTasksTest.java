package dev.sws.app.batch;

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

        String[] bad = run("batch", in.toString(), "--out", out.toString(), "--tasks", "transcribe,translate", "--db", db);
        assertEquals("1", bad[0]);
        assertTrue(bad[2].contains("Unknown batch task 'translate'"), bad[2]);
    }
}
