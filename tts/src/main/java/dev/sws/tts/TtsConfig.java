package dev.sws.tts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sws.core.model.ModelContractException;
import dev.sws.core.util.Json;

import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code tts.json} of a flow-matching TTS folder: audio and mel parameters, how text is laid out over frames, the
 * mel normalisation the velocity model works in, and the sampler defaults.
 *
 * @param textLayout {@code uniform} (characters spread evenly over the frames they speak; the house model) or
 *                   {@code filler} (characters first, then filler ids to the end; F5-TTS)
 */
public record TtsConfig(int sampleRate, int hop, int nMels, int nFft, double fMin, double fMax, String textLayout,
                        float melMean, float melStd, SamplerOptions defaults) {

    public static TtsConfig read(Path dir) {
        Path f = dir.resolve("tts.json");
        JsonNode j;
        try {
            j = Json.mapper().readTree(f.toFile());
        } catch (IOException e) {
            throw new ModelContractException(f + " is missing or not valid JSON: " + e.getMessage());
        }
        for (String k : new String[]{"sample_rate", "hop", "n_mels", "n_fft"}) {
            if (!j.path(k).canConvertToInt() || j.path(k).asInt() <= 0) {
                throw new ModelContractException(f + " needs a positive integer \"" + k + "\".");
            }
        }
        String layout = j.path("text_layout").asText("filler");
        if (!layout.equals("uniform") && !layout.equals("filler")) {
            throw new ModelContractException(f + ": text_layout must be \"uniform\" or \"filler\", not \"" + layout + "\".");
        }
        JsonNode d = j.path("defaults");
        SamplerOptions defaults = new SamplerOptions(d.path("nfe").asInt(16), (float) d.path("sway").asDouble(-1.0),
                (float) d.path("cfg").asDouble(2.0), (float) d.path("speed").asDouble(1.0), 0L);
        JsonNode norm = j.path("mel_norm");
        float std = (float) norm.path("std").asDouble(1.0);
        if (std <= 0) {
            throw new ModelContractException(f + ": mel_norm.std must be positive.");
        }
        int sr = j.get("sample_rate").asInt();
        return new TtsConfig(sr, j.get("hop").asInt(), j.get("n_mels").asInt(), j.get("n_fft").asInt(),
                j.path("f_min").asDouble(0), j.path("f_max").asDouble(sr / 2.0), layout,
                (float) norm.path("mean").asDouble(0.0), std, defaults);
    }

    public double framesPerSecond() {
        return sampleRate / (double) hop;
    }
}
