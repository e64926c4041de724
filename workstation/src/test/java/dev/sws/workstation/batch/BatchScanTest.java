package dev.sws.workstation.batch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a batch reads from its folder: never its own outputs, even when the output folder lies inside the input. */
class BatchScanTest {

    @Test
    void anOutputFolderInsideTheInputIsNotReadBack(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.writeString(in.resolve("a.wav"), "x");
        Files.writeString(in.resolve("say.txt"), "Hello.");
        Files.createDirectories(in.resolve("talks"));
        Files.writeString(in.resolve("talks/b.flac"), "x");
        Path out = Files.createDirectories(in.resolve("out"));
        // what a transcribe+tts batch writes there: transcripts, and speech read from the text files
        Files.writeString(out.resolve("a.wav.txt"), "heard");
        Files.writeString(out.resolve("say.wav"), "x");
        Files.createDirectories(out.resolve("talks"));
        Files.writeString(out.resolve("talks/b.flac.txt"), "heard");

        Set<BatchTask> tasks = Set.of(BatchTask.TRANSCRIBE, BatchTask.TTS);
        assertEquals(List.of(in.resolve("a.wav"), in.resolve("say.txt"), in.resolve("talks/b.flac")),
                BatchRunner.scan(in, tasks, out));
        // the same folder given with another spelling of the path
        assertEquals(3, BatchRunner.scan(in, tasks, dir.resolve("in/talks/../out")).size());
        // without the output folder every file is input, outputs included (the bug this guards against)
        assertEquals(6, BatchRunner.scan(in, tasks).size());
    }
}
