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

    @Test
    void aGpuThatCannotBeUsedIsSaidNotSilent() throws Exception {
        assumeTrue(!dev.sws.core.gpu.GpuRuntime.state().active(), "this machine runs CUDA: nothing falls back here");
        CliRun r = CliRun.of("--device", "cuda:0", "transcribe", "--quiet", HouseModelTest.fixture("speech.flac").toString());
        assertEquals(0, r.rc(), r.err());
        assertTrue(r.err().contains("sws: cuda:0 cannot be used (") && r.err().contains("running on the CPU."), r.err());
        assertTrue(r.out().contains("pound key"), r.out());
    }
}
