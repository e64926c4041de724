package dev.sws.asr.mlm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A file that is not a checkpoint index gets one sentence naming it, not an index-out-of-bounds. */
class TensorBundleTest {

    @Test
    void notACheckpointIsSaidSo(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("variables.index"), "just some text that is long enough for a footer......");
        IOException e = assertThrows(IOException.class, () -> TensorBundle.read(text));
        assertTrue(e.getMessage().contains("is not a TensorFlow checkpoint index"), e.getMessage());
        Path empty = Files.write(dir.resolve("empty.index"), new byte[0]);
        assertThrows(IOException.class, () -> TensorBundle.read(empty));
    }

    @Test
    void aDamagedIndexIsSaidSo(@TempDir Path dir) throws Exception {
        // a table footer whose index block lies outside the file
        byte[] b = new byte[48];
        b[0] = 0;                           // metaindex handle: offset 0
        b[1] = 0;                           //                   size 0
        b[2] = (byte) 0xE8; b[3] = 0x07;    // index handle: offset 1000 (varint)
        b[4] = 0x10;                        //               size 16
        long magic = 0xdb4775248b80fb57L;
        for (int i = 0; i < 8; i++) {
            b[40 + i] = (byte) (magic >>> (8 * i));
        }
        Path f = Files.write(dir.resolve("variables.index"), b);
        IOException e = assertThrows(IOException.class, () -> TensorBundle.read(f));
        assertTrue(e.getMessage().contains("is damaged"), e.getMessage());
    }
}
