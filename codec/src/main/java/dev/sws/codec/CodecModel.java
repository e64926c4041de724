package dev.sws.codec;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sws.core.inference.Device;
import dev.sws.core.inference.InferenceRuntime;
import dev.sws.core.inference.Int8Compute;
import dev.sws.core.inference.OwnedSession;
import dev.sws.core.inference.TensorSpec;
import dev.sws.core.model.ModelContractException;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A neural codec in the workstation's contract (ARCHITECTURE.md §5): {@code codec.json}, {@code encoder.onnx}
 * ({@code audio} (B,1,N) float → {@code codes} (B,Q,T) int64) and {@code decoder.onnx} ({@code codes} → {@code audio}).
 * Owns both sessions. Long audio is encoded in windows with context on both sides so memory stays bounded; decoding
 * of long token streams works the same way ({@link StreamingDecoder}).
 */
public final class CodecModel implements AutoCloseable {

    static final List<TensorSpec> ENC_IN = List.of(TensorSpec.f32("audio", 3));
    static final List<TensorSpec> ENC_OUT = List.of(TensorSpec.i64("codes", 3));
    static final List<TensorSpec> DEC_IN = List.of(TensorSpec.i64("codes", 3));
    static final List<TensorSpec> DEC_OUT = List.of(TensorSpec.f32("audio", 3));

    /** Frames encoded per window and the context added on each side (in frames). */
    private static final int ENCODE_WINDOW = 1500;
    private static final int ENCODE_CONTEXT = 50;

    private final CodecInfo info;
    private final OwnedSession encoder;
    private final OwnedSession decoder;

    private CodecModel(CodecInfo info, OwnedSession encoder, OwnedSession decoder) {
        this.info = info;
        this.encoder = encoder;
        this.decoder = decoder;
    }

    /** Loads and validates a codec folder; a contract mismatch fails with a message naming it. */
    public static CodecModel load(Path dir, InferenceRuntime runtime, Device device, int threads) {
        CodecInfo info = CodecInfo.read(dir);
        for (String f : List.of("encoder.onnx", "decoder.onnx")) {
            if (!Files.isRegularFile(dir.resolve(f))) {
                throw new ModelContractException(dir + " is not a codec: " + f + " is missing.");
            }
        }
        OwnedSession enc = runtime.open(dir.resolve("encoder.onnx"), device, threads);
        try {
            TensorSpec.checkInputs(enc, ENC_IN);
            TensorSpec.checkOutputs(enc, ENC_OUT);
            OwnedSession dec = runtime.open(dir.resolve("decoder.onnx"), device, threads, Int8Compute.MANY_ROWS);
            try {
                TensorSpec.checkInputs(dec, DEC_IN);
                TensorSpec.checkOutputs(dec, DEC_OUT);
                return new CodecModel(info, enc, dec);
            } catch (RuntimeException e) {
                dec.close();
                throw e;
            }
        } catch (RuntimeException e) {
            enc.close();
            throw e;
        }
    }

    public CodecInfo info() {
        return info;
    }

    /** Encodes mono audio at the codec's sample rate; the tail is padded with silence to a whole frame. */
    public int[][] encode(float[] audio) {
        int hop = info.hop();
        int frames = (audio.length + hop - 1) / hop;
        int[][] codes = new int[info.codebooks()][frames];
        for (int start = 0; start < frames; start += ENCODE_WINDOW) {
            int end = Math.min(frames, start + ENCODE_WINDOW);
            int from = Math.max(0, start - ENCODE_CONTEXT);
            int to = Math.min(frames, end + ENCODE_CONTEXT);
            float[] window = new float[(to - from) * hop];
            int copyFrom = from * hop;
            int n = Math.max(0, Math.min(audio.length - copyFrom, window.length));
            System.arraycopy(audio, copyFrom, window, 0, n);
            long[][] part = runEncoder(window);
            for (int q = 0; q < codes.length; q++) {
                for (int t = start; t < end; t++) {
                    codes[q][t] = (int) part[q][t - from];
                }
            }
        }
        return codes;
    }

    private long[][] runEncoder(float[] window) {
        OrtSession.Result r = null;
        try (OnnxTensor in = OnnxTensor.createTensor(encoder.env(), FloatBuffer.wrap(window), new long[]{1, 1, window.length})) {
            r = encoder.run(Map.of("audio", in));
            long[][][] out = (long[][][]) OwnedSession.tensor(r, 0).getValue();
            if (out[0].length != info.codebooks()) {
                throw new ModelContractException("encoder.onnx returned " + out[0].length + " codebooks; codec.json says "
                        + info.codebooks() + ".");
            }
            return out[0];
        } catch (OrtException e) {
            throw InferenceRuntime.inferenceFailed("Codec encoding", e);
        } finally {
            if (r != null) {
                r.close();
            }
        }
    }

    /** Decodes a whole token sequence at once (use {@link StreamingDecoder} for long or incremental input). */
    public float[] decode(int[][] codes) {
        info.checkCodes(codes);
        return decodeWindow(codes, 0, codes[0].length);
    }

    /** Decodes frames [from, to) of {@code codes} into {@code (to - from) * hop} samples. */
    float[] decodeWindow(int[][] codes, int from, int to) {
        int q = codes.length;
        int t = to - from;
        long[] flat = new long[q * t];
        for (int i = 0; i < q; i++) {
            for (int j = 0; j < t; j++) {
                flat[i * t + j] = codes[i][from + j];
            }
        }
        OrtSession.Result r = null;
        try (OnnxTensor in = OnnxTensor.createTensor(decoder.env(), LongBuffer.wrap(flat), new long[]{1, q, t})) {
            r = decoder.run(Map.of("codes", in));
            OnnxTensor out = OwnedSession.tensor(r, 0);
            FloatBuffer fb = out.getFloatBuffer();
            float[] audio = new float[fb.remaining()];
            fb.get(audio);
            return audio;
        } catch (OrtException e) {
            throw InferenceRuntime.inferenceFailed("Codec decoding", e);
        } finally {
            if (r != null) {
                r.close();
            }
        }
    }

    @Override
    public void close() {
        try {
            encoder.close();
        } finally {
            decoder.close();
        }
    }

    /**
     * {@code codec.json}: the codec's identity and framing.
     *
     * @param id             model id (token files record it)
     * @param sampleRate     audio sample rate
     * @param hop            samples per frame
     * @param codebooks      Q, codes per frame
     * @param codebookSize   entries per codebook (ids are 0 … size − 1)
     * @param decoderContext frames of context each side of a streamed decoder window
     */
    public record CodecInfo(String id, int sampleRate, int hop, int codebooks, int codebookSize, int decoderContext) {

        public CodecInfo {
            if (sampleRate <= 0 || hop <= 0 || codebooks <= 0 || codebookSize < 2 || decoderContext < 0) {
                throw new ModelContractException("codec.json has invalid framing: sample_rate " + sampleRate + ", hop " + hop
                        + ", n_codebooks " + codebooks + ", codebook_size " + codebookSize + ".");
            }
        }

        public double frameRate() {
            return (double) sampleRate / hop;
        }

        /** Bits per second: frame rate × Σ log2(codebook size). */
        public double bitrate() {
            return bitrate(sampleRate, hop, codebooks, codebookSize);
        }

        /** Bits per second of Q codebooks of {@code size} entries at {@code sampleRate / hop} frames per second. */
        public static double bitrate(int sampleRate, int hop, int codebooks, int size) {
            return (double) sampleRate / hop * codebooks * (Math.log(size) / Math.log(2));
        }

        static CodecInfo read(Path dir) {
            Path f = dir.resolve("codec.json");
            if (!Files.isRegularFile(f)) {
                throw new ModelContractException(dir + " is not a codec: codec.json is missing.");
            }
            try {
                JsonNode n = new ObjectMapper().readTree(f.toFile());
                for (String k : List.of("sample_rate", "hop", "n_codebooks", "codebook_size")) {
                    if (!n.hasNonNull(k)) {
                        throw new ModelContractException("codec.json lacks '" + k + "'.");
                    }
                }
                String id = n.path("id").asText(dir.getFileName().toString());
                return new CodecInfo(id, n.get("sample_rate").asInt(), n.get("hop").asInt(), n.get("n_codebooks").asInt(),
                        n.get("codebook_size").asInt(), n.path("decoder_context").asInt(16));
            } catch (IOException e) {
                throw new ModelContractException("codec.json cannot be read: " + e.getMessage());
            }
        }

        /** Rejects token arrays of the wrong shape or with ids outside the codebooks, naming the first offender. */
        public void checkCodes(int[][] codes) {
            if (codes.length != codebooks) {
                throw new IllegalArgumentException("The tokens have " + codes.length + " codebooks; codec " + id + " has "
                        + codebooks + ".");
            }
            int t = codes[0].length;
            for (int q = 0; q < codes.length; q++) {
                if (codes[q].length != t) {
                    throw new IllegalArgumentException("Codebook " + q + " has " + codes[q].length + " frames, codebook 0 has " + t + ".");
                }
                for (int i = 0; i < t; i++) {
                    if (codes[q][i] < 0 || codes[q][i] >= codebookSize) {
                        throw new IllegalArgumentException("Token " + codes[q][i] + " at frame " + i + ", codebook " + q
                                + " is outside codec " + id + "'s range 0.." + (codebookSize - 1) + ".");
                    }
                }
            }
        }
    }
}
