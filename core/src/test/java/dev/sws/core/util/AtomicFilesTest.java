package dev.sws.core.util;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void failedWriteLeavesTheOldFileAndNoTemporaryFile() throws Exception {
        Path f = dir.resolve("out.txt");
        AtomicFiles.writeString(f, "old");
        assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
            out.write("partial new content".getBytes());
            throw new IOException("No space left on device");
        }));
        assertEquals("old", Files.readString(f));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "the temporary file is removed");
        }
    }

    @Test
    void outputsGetTheUsualPermissionsAndKeepThoseOfTheFileTheyReplace() throws Exception {
        assumeTrue(Files.getFileStore(dir).supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class),
                "POSIX permissions");
        Path plain = Files.createFile(dir.resolve("plain.txt"));   // what any program creates here (0666 less umask)
        Path fresh = dir.resolve("new.txt");
        AtomicFiles.writeString(fresh, "text");
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(fresh),
                "a new output is not owner-only like a temporary file");

        var shared = java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-r--");
        Files.setPosixFilePermissions(fresh, shared);
        AtomicFiles.writeString(fresh, "text, rewritten");
        assertEquals(shared, Files.getPosixFilePermissions(fresh), "a replaced file keeps its mode");
        assertEquals("text, rewritten", Files.readString(fresh));
    }

    @Test
    void userMessageForDiskFull() {
        assertEquals("The disk is full; free some space and try again.",
                UserFacingException.messageOf(new IOException("No space left on device")));
    }

    @Test
    void npyRoundTrip() throws Exception {
        float[] data = {1f, -2.5f, 3f, 4f, 5f, 6f};
        Path f = dir.resolve("a.npy");
        Files.write(f, Npy.encode(data, 2, 3));
        Npy.Array a = Npy.read(f);
        assertArrayEquals(new long[]{2, 3}, a.shape());
        assertArrayEquals(data, a.floats());
        Files.write(f, Npy.encode(new long[]{7, 8, 9}, 3));
        assertArrayEquals(new long[]{7, 8, 9}, Npy.read(f).longs());
    }

    @Test
    void xdgPathsFollowTheEnvironment() {
        AppPaths p = AppPaths.from(java.util.Map.of("XDG_CONFIG_HOME", "/c", "XDG_DATA_HOME", "relative/ignored"), "/home/u", "/m");
        assertEquals(Path.of("/c/sws"), p.config());
        assertEquals(Path.of("/home/u/.local/share/sws"), p.data());
        assertEquals(Path.of("/m"), p.embedded());
    }
}
