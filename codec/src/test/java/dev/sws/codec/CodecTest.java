package dev.sws.codec;

import dev.sws.audio.io.AudioFiles;
import dev.sws.core.inference.Device;
import dev.sws.core.inference.InferenceRuntime;
import dev.sws.core.model.ModelContractException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The codec contract on the tiny replica and on the shipped house codec, the token container, streaming decode. */
class CodecTest {

    static final InferenceRuntime RUNTIME = InferenceRuntime.standalone();
    static final Path HOUSE = Path.of("..", "models", "house-codec-16k-1k5");

    static Path resource(String name) {
        try {
            return Path.of(CodecTest.class.getResource("/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test resource " + name, e);
        }
    }

    @Test
    void replicaFollowsTheContract() {
        try (CodecModel m = CodecModel.load(resource("replicas/codec-tiny"), RUNTIME, Device.CPU, 1)) {
            assertEquals(8, m.info().hop());
            float[] audio = new float[8 * 37 - 3]; // not a whole number of frames: padded
            for (int i = 0; i < audio.length; i++) {
                audio[i] = (float) Math.sin(i * 0.3) * 0.5f;
            }
            int[][] codes = m.encode(audio);
            assertEquals(2, codes.length);
            assertEquals(37, codes[0].length);
            assertTrue(Arrays.stream(codes).flatMapToInt(Arrays::stream).allMatch(c -> c >= 0 && c < 64));
            assertEquals(37 * 8, m.decode(codes).length);
        }
    }

    @Test
    void aRenamedTensorIsNamedInTheError() {
        var e = assertThrows(ModelContractException.class,
                () -> CodecModel.load(resource("replicas/codec-broken-name"), RUNTIME, Device.CPU, 1).close());
        assertTrue(e.getMessage().contains("'codes'") && e.getMessage().contains("decoder.onnx"), e.getMessage());
    }

    @Test
    void houseCodecMatchesPyTorchAndRoundTripsSpeech() throws IOException {
        try (CodecModel m = CodecModel.load(HOUSE, RUNTIME, Device.CPU, 2)) {
            assertEquals(1500.0, m.info().bitrate(), 1e-9);
            float[] speech = AudioFiles.read(resource("fixtures/speech.flac"), 16000).samples();
            int[][] golden = Files.readAllLines(resource("house-codec-golden-codes.txt")).stream().filter(l -> !l.startsWith("#"))
                    .map(l -> Arrays.stream(l.trim().split(" ")).mapToInt(Integer::parseInt).toArray()).toArray(int[][]::new);
            int[][] codes = m.encode(speech);
            int same = 0, total = 0;
            for (int q = 0; q < golden.length; q++) {
                for (int t = 0; t < golden[q].length; t++) {
                    same += codes[q][t] == golden[q][t] ? 1 : 0;
                    total++;
                }
            }
            double agree = (double) same / total;
            float[] decoded = m.decode(codes);
            double mel = CodecMetrics.melDistance(speech, decoded, 16000);
            double silence = CodecMetrics.melDistance(speech, new float[speech.length], 16000);
            System.out.printf("house codec: %.1f %% of codes equal PyTorch fp32 (int8 weights here); mel L1 %.3f (silence %.3f)%n",
                    100 * agree, mel, silence);
            assertTrue(agree > 0.9, "codes agree only " + agree);
            assertTrue(mel < 0.5 * silence, "mel distance " + mel + " vs silence " + silence);
        }
    }

    @Test
    void streamingDecodeMatchesWholeDecode() throws IOException {
        try (CodecModel m = CodecModel.load(HOUSE, RUNTIME, Device.CPU, 2)) {
            float[] speech = AudioFiles.read(resource("fixtures/speech.flac"), 16000).samples();
            int[][] codes = m.encode(speech);
            float[] whole = m.decode(codes);
            List<float[]> parts = new ArrayList<>();
            StreamingDecoder sd = new StreamingDecoder(m, 25, parts::add);
            for (int t = 0; t < codes[0].length; t += 7) { // tokens arrive in uneven groups
                int end = Math.min(codes[0].length, t + 7);
                int from = t;
                sd.accept(Arrays.stream(codes).map(r -> Arrays.copyOfRange(r, from, end)).toArray(int[][]::new));
            }
            sd.finish();
            float[] streamed = new float[parts.stream().mapToInt(p -> p.length).sum()];
            int pos = 0;
            for (float[] p : parts) {
                System.arraycopy(p, 0, streamed, pos, p.length);
                pos += p.length;
            }
            assertEquals(whole.length, streamed.length);
            double snr = CodecMetrics.siSdr(whole, streamed);
            System.out.printf("streamed (500 ms chunks, context %d frames) vs whole decode: %.1f dB%n", m.info().decoderContext(), snr);
            assertTrue(snr > 20, "streamed decode differs: " + snr + " dB");
        }
    }

    @Test
    void tokenFilesRoundTripAndRejectDefects(@TempDir Path dir) throws IOException {
        try (CodecModel m = CodecModel.load(resource("replicas/codec-tiny"), RUNTIME, Device.CPU, 1)) {
            int[][] codes = {{1, 2, 63, 0}, {5, 6, 7, 8}};
            Path f = dir.resolve("a.tokens");
            TokenFile.of(m.info(), codes).write(f);
            TokenFile back = TokenFile.read(f);
            assertArrayEquals(codes, back.codes());
            back.requireCompatible(m.info());

            byte[] bytes = Files.readAllBytes(f);
            Files.write(dir.resolve("t.tokens"), Arrays.copyOf(bytes, bytes.length - 7));
            assertMessage("truncated", () -> TokenFile.read(dir.resolve("t.tokens")));
            byte[] flipped = bytes.clone();
            flipped[flipped.length - 6] ^= 1;
            Files.write(dir.resolve("d.tokens"), flipped);
            assertMessage("damaged", () -> TokenFile.read(dir.resolve("d.tokens")));
            Files.writeString(dir.resolve("x.tokens"), "hello");
            assertMessage("not a .tokens file", () -> TokenFile.read(dir.resolve("x.tokens")));

            TokenFile foreign = new TokenFile("other-codec", 24000, 320, 1024, new int[][]{{1, 2}, {3, 4}});
            assertMessage("come from codec 'other-codec'", () -> foreign.requireCompatible(m.info()));
            assertMessage("outside codec replica-codec-tiny's range 0..63", () -> m.decode(new int[][]{{1, 64}, {0, 0}}));
            assertMessage("have 1 codebooks", () -> m.decode(new int[][]{{1, 2}}));
        }
        try (CodecModel house = CodecModel.load(HOUSE, RUNTIME, Device.CPU, 1)) {
            Path f = dir.resolve("tiny.tokens");
            TokenFile.of(CodecModel.load(resource("replicas/codec-tiny"), RUNTIME, Device.CPU, 1).info(), new int[][]{{1}, {2}}).write(f);
            assertMessage("the loaded codec is 'house-codec-16k-1k5'", () -> TokenFile.read(f).requireCompatible(house.info()));
        }
    }

    @Test
    void tokensTakeTheirRealWidthAndVersionOneFilesStillRead(@TempDir Path dir) throws IOException {
        java.util.Random r = new java.util.Random(3);
        for (int size : new int[]{2, 3, 1000, 1024, 1025, 65536}) {
            int[][] codes = new int[3][101];
            for (int[] row : codes) {
                for (int t = 0; t < row.length; t++) {
                    row[t] = t < 2 ? size - 1 - t : r.nextInt(size);   // the largest codes too
                }
            }
            Path f = dir.resolve("w" + size + ".tokens");
            new TokenFile("c", 16000, 320, size, codes).write(f);
            assertArrayEquals(codes, TokenFile.read(f).codes(), "codebook size " + size);
            int bits = 32 - Integer.numberOfLeadingZeros(size - 1);
            long header = 6 + 2 + 2 + 1 + 20;
            assertEquals(header + (bits * 3L * 101 + 7) / 8 + 4, Files.size(f), "codebook size " + size + ": " + bits + " bits a code");
        }
        // a 1.5 kbit/s codec's file is 1.5 kbit/s of tokens plus a header
        TokenFile house = new TokenFile("house-codec-16k-1k5", 16000, 320, 1024, new int[3][500]);   // 10 s
        house.write(dir.resolve("h.tokens"));
        assertEquals(house.bitrate() * 10 / 8, Files.size(dir.resolve("h.tokens")) - 4 - 6 - 2 - 2 - 19 - 20, 8);

        // version 1 (a u16 per code), as earlier builds wrote it
        java.io.ByteArrayOutputStream v1 = new java.io.ByteArrayOutputStream();
        java.nio.ByteBuffer head = java.nio.ByteBuffer.allocate(6 + 2 + 2 + 1 + 20 + 4 * 2).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        head.put("SWSTOK".getBytes()).put((byte) 1).put((byte) 0).putShort((short) 1).put((byte) 'c')
                .putInt(16000).putInt(320).putInt(2).putInt(1024).putInt(2)
                .putShort((short) 1023).putShort((short) 5).putShort((short) 0).putShort((short) 700);
        v1.write(head.array());
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(v1.toByteArray());
        v1.write(java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt((int) crc.getValue()).array());
        Files.write(dir.resolve("v1.tokens"), v1.toByteArray());
        assertArrayEquals(new int[][]{{1023, 5}, {0, 700}}, TokenFile.read(dir.resolve("v1.tokens")).codes());
    }

    @Test
    void npyExportHasTheNumpyHeader() {
        TokenFile tf = new TokenFile("c", 16000, 320, 1024, new int[][]{{1, 2, 3}});
        byte[] npy = tf.toNpy();
        assertEquals((byte) 0x93, npy[0]);
        assertEquals(0, (10 + ((npy[8] & 0xff) | (npy[9] & 0xff) << 8)) % 64);
        assertEquals(npy.length, 10 + ((npy[8] & 0xff) | (npy[9] & 0xff) << 8) + 3 * 8);
        assertTrue(tf.toJson().contains("\"codes\":[[1,2,3]]"));
    }

    @Test
    void everyExportReadsBackToTheSameTokens(@TempDir Path dir) throws Exception {
        try (CodecModel m = CodecModel.load(resource("replicas/codec-tiny"), RUNTIME, Device.CPU, 1)) {
            TokenFile tf = TokenFile.of(m.info(), new int[][]{{1, 2, 63, 0}, {5, 6, 7, 8}});
            Path tokens = dir.resolve("t.tokens");
            tf.write(tokens);
            Path json = Files.writeString(dir.resolve("t.json"), tf.toJson());
            Path npy = Files.write(dir.resolve("t.npy"), tf.toNpy());
            for (Path p : new Path[]{tokens, json, npy}) {
                TokenFile back = TokenFile.load(p, m::info);
                assertEquals(tf.codecId(), back.codecId(), p.toString());
                assertEquals(tf.sampleRate(), back.sampleRate(), p.toString());
                assertEquals(tf.hop(), back.hop(), p.toString());
                assertArrayEquals(tf.codes(), back.codes(), p.toString());
            }
            // codes made elsewhere (int32, e.g. by a language model) and wrong arrays
            Files.write(dir.resolve("i32.npy"), dev.sws.core.util.Npy.encode(new long[]{1, 2, 3, 4}, 2, 2));
            assertArrayEquals(new int[][]{{1, 2}, {3, 4}}, TokenFile.load(dir.resolve("i32.npy"), m::info).codes());
            Files.write(dir.resolve("f.npy"), dev.sws.core.util.Npy.encode(new float[]{1, 2}, 2, 1));
            assertMessage("it has floats", () -> TokenFile.load(dir.resolve("f.npy"), m::info));
            Files.write(dir.resolve("big.npy"), dev.sws.core.util.Npy.encode(new long[]{1, 64}, 2, 1));
            assertMessage("outside codec replica-codec-tiny's range 0..63", () -> TokenFile.load(dir.resolve("big.npy"), m::info));
            Files.write(dir.resolve("one.npy"), dev.sws.core.util.Npy.encode(new long[]{1, 2}, 2));
            assertMessage("shape (codebooks, frames)", () -> TokenFile.load(dir.resolve("one.npy"), m::info));
            Files.writeString(dir.resolve("cut.json"), tf.toJson().substring(0, 30));
            assertMessage("cut.json is not valid JSON", () -> TokenFile.load(dir.resolve("cut.json"), m::info));
            Files.writeString(dir.resolve("other.json"), "{\"codec\": \"x\", \"codes\": [[1]]}");
            assertMessage("needs codec, sample_rate, hop", () -> TokenFile.load(dir.resolve("other.json"), m::info));
        }
    }

    interface Action {
        void run() throws Exception;
    }

    static void assertMessage(String expected, Action a) {
        Exception e = assertThrows(Exception.class, a::run);
        assertTrue(e.getMessage() != null && e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }
}
