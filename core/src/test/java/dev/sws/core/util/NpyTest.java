package dev.sws.core.util;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** .npy files: read back what was written; a header that promises more than the file holds is refused, not allocated. */
class NpyTest {

    /** A version-1.0 .npy of the given header dictionary and data bytes, padded as numpy pads it. */
    static byte[] npy(String dict, byte[] data) {
        String header = dict;
        while ((10 + header.length() + 1) % 64 != 0) {
            header += " ";
        }
        header += "\n";
        byte[] h = header.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[10 + h.length + data.length];
        out[0] = (byte) 0x93;
        System.arraycopy("NUMPY".getBytes(StandardCharsets.US_ASCII), 0, out, 1, 5);
        out[6] = 1;
        out[8] = (byte) (h.length & 0xFF);
        out[9] = (byte) (h.length >> 8);
        System.arraycopy(h, 0, out, 10, h.length);
        System.arraycopy(data, 0, out, 10 + h.length, data.length);
        return out;
    }

    @Test
    void aHugeDeclaredShapeIsRefusedBeforeAnythingIsAllocated(@TempDir Path dir) throws Exception {
        // 192 bytes that declare 10^10 int64 codes (80 GB): an OutOfMemoryError before the check
        Path f = Files.write(dir.resolve("crafted.npy"), npy("{'descr': '<i8', 'fortran_order': False, 'shape': (100000, 100000), }", new byte[64]));
        var e = assertThrows(IOException.class, () -> Npy.read(f));
        assertTrue(e.getMessage().contains("declares 10000000000 values, but the file holds 8"), e.getMessage());
        Path overflow = Files.write(dir.resolve("overflow.npy"), npy("{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904, 4), }", new byte[16]));
        assertTrue(assertThrows(IOException.class, () -> Npy.read(overflow)).getMessage().contains("too large"));
        Path negative = Files.write(dir.resolve("negative.npy"), npy("{'descr': '<f4', 'fortran_order': False, 'shape': (-2, 4), }", new byte[16]));
        assertTrue(assertThrows(IOException.class, () -> Npy.read(negative)).getMessage().contains("negative"));
    }

    @Test
    void whatIsWrittenReadsBack(@TempDir Path dir) throws Exception {
        Path f = Files.write(dir.resolve("a.npy"), Npy.encode(new long[]{1, 2, 3, 4, 5, 6}, 2, 3));
        Npy.Array a = Npy.read(f);
        assertArrayEquals(new long[]{2, 3}, a.shape());
        assertArrayEquals(new long[]{1, 2, 3, 4, 5, 6}, a.longs());
    }
}
