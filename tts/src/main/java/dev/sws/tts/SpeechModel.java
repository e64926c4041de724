package dev.sws.tts;

import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/**
 * A zero-shot TTS model that renders one chunk of text in the voice of a reference clip: the house flow-matching
 * contract ({@link TtsModel}, sampler in Java) or the public F5-TTS three-graph ONNX export ({@link F5OnnxModel},
 * sampler baked into its graph). Owns its native sessions.
 */
public interface SpeechModel extends AutoCloseable {

    int sampleRate();

    /** The sampler settings this model uses when the user gives none. */
    SamplerOptions defaults();

    /** How the sampler's time grid is chosen for these options, for reports ("sway -1.0", "pruned"). */
    default String grid(SamplerOptions o) {
        return String.format(java.util.Locale.ROOT, "sway %.1f", o.sway());
    }

    /** A reference prepared for this model from mono audio at {@link #sampleRate()} and its transcript. */
    Synthesizer.Reference prepare(float[] audio, String transcript);

    /** The new audio for {@code text} (normalised) in the reference's voice; the reference part is not included. */
    float[] render(Synthesizer.Reference ref, String text, SamplerOptions o, BooleanSupplier cancelled, IntConsumer onStep);

    /** Speaker-free description for logs and tables. */
    String name();

    @Override
    void close();
}
