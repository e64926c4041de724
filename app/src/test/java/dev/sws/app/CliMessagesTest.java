package dev.sws.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Ordinary mistakes get one plain sentence naming the file and what to do, never "Unexpected error". */
class CliMessagesTest {

    @Test
    void ordinaryMistakesGetOneSentence(@TempDir Path dir) throws Exception {
        Path notZip = Files.writeString(dir.resolve("model.zip"), "a text file renamed .zip\n");
        CliRun r = CliRun.of("models", "import", notZip.toString());
        assertEquals(1, r.rc());
        assertEquals("The file model.zip is not a zip archive, or an empty one: nothing was imported.", r.err().strip());

        Path file = Files.writeString(dir.resolve("out"), "x");
        r = CliRun.of("transcribe", "--quiet", "--out", file.toString(), HouseModelTest.fixture("speech.flac").toString());
        assertEquals(1, r.rc());
        assertEquals("--out names a folder for the transcripts, but " + file + " is a file.", r.err().strip());

        Path latin1 = Files.write(dir.resolve("say.txt"), new byte[]{'C', 'a', 'f', (byte) 0xE9, '.'});
        r = CliRun.of("synthesize", "--text-file", latin1.toString(), "--out", dir.resolve("x.wav").toString());
        assertEquals(1, r.rc());
        assertEquals("say.txt is not UTF-8 text; save it as UTF-8 and try again.", r.err().strip());
        assertTrue(Files.notExists(dir.resolve("x.wav")));
    }

    /** `sws bench decode` prints a row per pass and rate; a folder without audio gets one sentence. */
    @Test
    void benchDecodeTimesReadingAndNamesAnEmptyFolder(@TempDir Path dir) throws Exception {
        CliRun r = CliRun.of("bench", "decode", "--passes", "1", HouseModelTest.fixture("speech-44k-stereo.flac").toString());
        assertEquals(0, r.rc(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("at the files' rates") && l.contains(" 1 ")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("at 16000 Hz")), r.out());
        r = CliRun.of("bench", "decode", dir.toString());
        assertEquals(1, r.rc());
        assertEquals("There are no audio files in " + dir + ".", r.err().strip());
    }

    /**
     * An output folder that cannot be written (made immutable with {@code chattr +i}, which binds root too; skipped
     * where the file system or the process cannot set it): one sentence naming the folder, nothing written, and a
     * batch pauses with its files still queued.
     */
    @Test
    void anOutputFolderThatCannotBeWrittenGetsOneSentence(@TempDir Path dir) throws Exception {
        Path ro = Files.createDirectories(dir.resolve("read-only"));
        assumeTrue(chattr("+i", ro), "chattr +i is not available here");
        try {
            assumeTrue(!canCreate(ro), "the folder is still writable after chattr +i");
            Path speech = HouseModelTest.fixture("speech.flac");
            String sentence = "Cannot write into " + ro + " (Operation not permitted); choose another folder, or make this one writable.";
            CliRun r = CliRun.of("transcribe", "--quiet", "--out", ro.toString(), speech.toString());
            assertEquals(1, r.rc());
            assertEquals(sentence, r.err().strip());
            r = CliRun.of("codec", "encode", speech.toString(), "--out", ro.resolve("x.tokens").toString());
            assertEquals(1, r.rc());
            assertTrue(r.err().strip().endsWith(sentence), r.err());

            Path in = Files.createDirectories(dir.resolve("in"));
            Files.copy(speech, in.resolve("a.flac"));
            r = CliRun.of("batch", in.toString(), "--out", ro.toString(), "--db", dir.resolve("jobs.db").toString());
            assertEquals(1, r.rc());
            assertTrue(r.err().contains("Batch paused: cannot write into " + ro + " (Operation not permitted)")
                    && r.err().contains("resume the job (./sws batch --resume 1)"), r.err());
            CliRun list = CliRun.of("batch", "--list", "--db", dir.resolve("jobs.db").toString());
            assertTrue(list.out().contains("0/1 done, 0 failed"), "the file stays queued, not failed: " + list.out());
            try (var files = Files.list(ro)) {
                assertEquals(0, files.count(), "nothing was written");
            }
        } finally {
            chattr("-i", ro);
        }
    }

    private static boolean chattr(String flag, Path p) {
        try {
            Process c = new ProcessBuilder("chattr", flag, p.toString()).redirectErrorStream(true).start();
            c.getInputStream().readAllBytes();
            return c.waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean canCreate(Path dir) {
        try {
            Files.delete(Files.createFile(dir.resolve("probe")));
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void aGpuThatCannotBeUsedIsSaidNotSilent() throws Exception {
        assumeTrue(!dev.sws.core.gpu.GpuRuntime.state().active(), "this machine runs CUDA: nothing falls back here");
        CliRun r = CliRun.of("--device", "cuda:0", "transcribe", "--quiet", HouseModelTest.fixture("speech.flac").toString());
        assertEquals(0, r.rc(), r.err());
        assertTrue(r.err().contains("sws: cuda:0 cannot be used (") && r.err().contains("running on the CPU."), r.err());
        assertTrue(r.out().contains("pound key"), r.out());
    }
}
