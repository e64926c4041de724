package dev.sws.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code sws FILE…} opens the window with those files; commands, options and missing files stay on the command line. */
class OpenFilesArgsTest {

    @Test
    void filesOpenTheWindowAndEverythingElseIsACommand(@TempDir Path dir) throws Exception {
        Path a = Files.writeString(dir.resolve("talk.flac"), "x");
        Path b = Files.writeString(dir.resolve("other.wav"), "x");
        assertTrue(Main.opensGui(new String[0]));
        assertTrue(Main.opensGui(new String[]{"gui"}));
        assertTrue(Main.opensGui(new String[]{"gui", a.toString()}));
        assertTrue(Main.opensGui(new String[]{a.toString(), b.toString()}));
        assertFalse(Main.opensGui(new String[]{"transcribe", a.toString()}), "a command");
        assertFalse(Main.opensGui(new String[]{"--help"}), "an option");
        assertFalse(Main.opensGui(new String[]{a.toString(), dir.resolve("missing.wav").toString()}),
                "a name that is not a file goes to the command line, which says so");
        assertFalse(Main.opensGui(new String[]{dir.toString()}), "a folder is for sws batch");
    }
}
