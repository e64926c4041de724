package dev.sws.asr.model;

import dev.sws.core.inference.Device;
import dev.sws.core.inference.InferenceRuntime;
import dev.sws.core.inference.OwnedSession;
import dev.sws.core.model.ModelContractException;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A loaded streaming ASR model: encoder (plus decoder and joiner for transducers) and vocabulary. Owns its
 * sessions. Layout detection follows sherpa-onnx: {@code encoder.onnx, decoder.onnx, joiner.onnx, tokens.txt}
 * is a transducer; {@code model.onnx, tokens.txt} is CTC.
 */
public final class AsrModel implements AutoCloseable {

    public enum Kind { TRANSDUCER, CTC }

    private final Path dir;
    private final Kind kind;
    private final StreamingEncoder encoder;
    private final TransducerHead head;
    private final TokenTable tokens;

    private AsrModel(Path dir, Kind kind, StreamingEncoder encoder, TransducerHead head, TokenTable tokens) {
        this.dir = dir;
        this.kind = kind;
        this.encoder = encoder;
        this.head = head;
        this.tokens = tokens;
    }

    public static Kind detect(Path dir) {
        if (Files.isRegularFile(dir.resolve("encoder.onnx")) && Files.isRegularFile(dir.resolve("decoder.onnx"))
                && Files.isRegularFile(dir.resolve("joiner.onnx"))) {
            return Kind.TRANSDUCER;
        }
        if (Files.isRegularFile(dir.resolve("model.onnx"))) {
            return Kind.CTC;
        }
        throw new ModelContractException("The folder " + dir.getFileName() + " holds no streaming ASR model "
                + "(expected encoder.onnx, decoder.onnx and joiner.onnx, or model.onnx, each with tokens.txt).");
    }

    /** Loads and validates the model in {@code dir}; every mismatch is reported naming the file and tensor. */
    public static AsrModel load(Path dir, InferenceRuntime runtime, Device device, int threads) {
        Kind kind = detect(dir);
        if (!Files.isRegularFile(dir.resolve("tokens.txt"))) {
            throw new ModelContractException("The model folder " + dir.getFileName() + " has no tokens.txt.");
        }
        TokenTable tokens = TokenTable.load(dir.resolve("tokens.txt"));
        OwnedSession enc = runtime.open(dir.resolve(kind == Kind.CTC ? "model.onnx" : "encoder.onnx"), device, threads);
        OwnedSession dec = null;
        OwnedSession joi = null;
        try {
            StreamingEncoder encoder = new StreamingEncoder(enc, kind == Kind.CTC);
            if (tokens.size() != encoder.vocabSize() + 1) {
                throw new ModelContractException("tokens.txt has " + tokens.size() + " tokens but the model's vocab_size is "
                        + encoder.vocabSize() + " (plus the blank).");
            }
            TransducerHead head = null;
            if (kind == Kind.TRANSDUCER) {
                dec = runtime.open(dir.resolve("decoder.onnx"), Device.CPU, 1);
                joi = runtime.open(dir.resolve("joiner.onnx"), Device.CPU, 1);
                head = new TransducerHead(dec, joi, enc.metaInt("pred_rnn_layers"), enc.metaInt("pred_hidden"));
            }
            return new AsrModel(dir, kind, encoder, head, tokens);
        } catch (RuntimeException e) {
            enc.close();
            if (dec != null) {
                dec.close();
            }
            if (joi != null) {
                joi.close();
            }
            throw e;
        }
    }

    public Path dir() {
        return dir;
    }

    public Kind kind() {
        return kind;
    }

    public StreamingEncoder encoder() {
        return encoder;
    }

    /** The decoder/joiner, or null for CTC models. */
    public TransducerHead head() {
        return head;
    }

    public TokenTable tokens() {
        return tokens;
    }

    /** Seconds of audio per encoder output frame (10 ms hop × subsampling). */
    public double frameSeconds() {
        return 0.01 * encoder.subsampling();
    }

    @Override
    public void close() {
        try {
            encoder.close();
        } finally {
            if (head != null) {
                head.close();
            }
        }
    }
}
