package dev.sws.asr.model;

import dev.sws.asr.lm.LmFusion;

import java.util.Objects;

/**
 * How a recogniser searches, as an immutable value (sherpa-onnx's OnlineRecognizerConfig in spirit). Where the model
 * runs (device, threads) belongs to the loaded {@link AsrModel}, not to this.
 *
 * @param decoding           greedy or beam search
 * @param beamSize           hypotheses kept by beam search (and the length of the n-best list)
 * @param maxSymbolsPerFrame transducer greedy search: symbols emitted per encoder frame at most
 * @param chunkFrames        encoder frames per step, 0 = the model's default (latency/accuracy choice)
 * @param endpoint           endpoint rules
 * @param tailPaddingSeconds silence appended when input finishes, so the last words get through the look-ahead
 * @param lm                 word n-gram fused into transducer beam search, or null (greedy and CTC searches ignore it)
 */
public record RecognizerConfig(Decoding decoding, int beamSize, int maxSymbolsPerFrame,
                               int chunkFrames, EndpointConfig endpoint, double tailPaddingSeconds, LmFusion lm) {

    public enum Decoding { GREEDY, BEAM }

    public RecognizerConfig {
        Objects.requireNonNull(decoding);
        Objects.requireNonNull(endpoint);
        if (beamSize < 1 || beamSize > 64) {
            throw new IllegalArgumentException("beam size must be 1..64");
        }
        if (maxSymbolsPerFrame < 1) {
            throw new IllegalArgumentException("maxSymbolsPerFrame must be >= 1");
        }
        if (chunkFrames < 0) {
            throw new IllegalArgumentException("chunkFrames must be >= 0");
        }
        if (tailPaddingSeconds < 0 || tailPaddingSeconds > 5) {
            throw new IllegalArgumentException("tail padding must be 0..5 s");
        }
    }

    public static RecognizerConfig defaults() {
        return new RecognizerConfig(Decoding.GREEDY, 4, 5, 0, EndpointConfig.defaults(), 1.0, null);
    }

    public RecognizerConfig withDecoding(Decoding d, int beam) {
        return new RecognizerConfig(d, beam, maxSymbolsPerFrame, chunkFrames, endpoint, tailPaddingSeconds, lm);
    }

    public RecognizerConfig withEndpoint(EndpointConfig e) {
        return new RecognizerConfig(decoding, beamSize, maxSymbolsPerFrame, chunkFrames, e, tailPaddingSeconds, lm);
    }

    public RecognizerConfig withChunkFrames(int c) {
        return new RecognizerConfig(decoding, beamSize, maxSymbolsPerFrame, c, endpoint, tailPaddingSeconds, lm);
    }

    /** The same configuration with {@code fusion} fused into beam search (null: none). */
    public RecognizerConfig withLm(LmFusion fusion) {
        return new RecognizerConfig(decoding, beamSize, maxSymbolsPerFrame, chunkFrames, endpoint, tailPaddingSeconds, fusion);
    }

    /** Greedy search emitting at most {@code n} symbols per encoder frame (sherpa-onnx's NeMo greedy search: 1). */
    public RecognizerConfig withMaxSymbolsPerFrame(int n) {
        return new RecognizerConfig(decoding, beamSize, n, chunkFrames, endpoint, tailPaddingSeconds, lm);
    }
}
