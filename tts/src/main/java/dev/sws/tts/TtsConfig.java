package dev.sws.tts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sws.core.model.ModelContractException;
import dev.sws.core.util.Json;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code tts.json} of a flow-matching TTS folder: audio and mel parameters, how text is laid out over frames, the
 * mel normalisation the velocity model works in, and the sampler defaults.
 *
 * @param textLayout {@code uniform} (characters spread evenly over the frames they speak; the house model) or
 *                   {@code filler} (characters first, then filler ids to the end; F5-TTS)
 * @param schedules  time grids tuned for this model by step pruning ({@code training/tts/prune_schedule.py}), by NFE:
 *                   NFE+1 increasing points from 0 to 1; used instead of the sway formula when the sway is the
 *                   model's default (see {@link #grid})
 * @param textUnits  {@code chars} (the text's characters are the tokens) or {@code phonemes} (words of the
 *                   pronouncing dictionary {@code lexicon} become their phones, other words their letters:
 *                   {@link LexiconTokens})
 * @param lexicon    file name of the pronouncing dictionary in the model folder ({@code phonemes} only, else null)
 */
public record TtsConfig(int sampleRate, int hop, int nMels, int nFft, double fMin, double fMax, String textLayout,
                        float melMean, float melStd, SamplerOptions defaults, Map<Integer, float[]> schedules,
                        String textUnits, String lexicon) {

    public static final String CHARS = "chars";
    public static final String PHONEMES = "phonemes";

    public TtsConfig {
        schedules = Map.copyOf(schedules);
    }

    public TtsConfig(int sampleRate, int hop, int nMels, int nFft, double fMin, double fMax, String textLayout,
                     float melMean, float melStd, SamplerOptions defaults) {
        this(sampleRate, hop, nMels, nFft, fMin, fMax, textLayout, melMean, melStd, defaults, Map.of(), CHARS, null);
    }

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
        String units = j.path("text_units").asText(CHARS);
        String lexicon = null;
        if (units.equals(PHONEMES)) {
            lexicon = j.path("lexicon").asText("");
            if (lexicon.isEmpty() || lexicon.contains("/") || lexicon.contains("\\") || lexicon.startsWith(".")) {
                throw new ModelContractException(f + ": a phoneme model names its pronouncing dictionary (\"lexicon\": "
                        + "a file name in the model folder).");
            }
        } else if (!units.equals(CHARS)) {
            throw new ModelContractException(f + ": text_units must be \"chars\" or \"phonemes\", not \"" + units + "\".");
        }
        JsonNode d = j.path("defaults");
        SamplerOptions defaults = new SamplerOptions(d.path("nfe").asInt(16), (float) d.path("sway").asDouble(-1.0),
                (float) d.path("cfg").asDouble(2.0), (float) d.path("speed").asDouble(1.0), 0L,
                (float) d.path("guidance_end").asDouble(1.0));
        JsonNode norm = j.path("mel_norm");
        float std = (float) norm.path("std").asDouble(1.0);
        if (std <= 0) {
            throw new ModelContractException(f + ": mel_norm.std must be positive.");
        }
        int sr = j.get("sample_rate").asInt();
        return new TtsConfig(sr, j.get("hop").asInt(), j.get("n_mels").asInt(), j.get("n_fft").asInt(),
                j.path("f_min").asDouble(0), j.path("f_max").asDouble(sr / 2.0), layout,
                (float) norm.path("mean").asDouble(0.0), std, defaults, schedules(f, j.path("schedules")), units, lexicon);
    }

    private static Map<Integer, float[]> schedules(Path f, JsonNode node) {
        Map<Integer, float[]> out = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            int nfe;
            try {
                nfe = Integer.parseInt(e.getKey());
            } catch (NumberFormatException ex) {
                throw new ModelContractException(f + ": schedules are keyed by the number of steps, not \"" + e.getKey() + "\".");
            }
            JsonNode a = e.getValue();
            if (nfe < 1 || nfe > 64 || !a.isArray() || a.size() != nfe + 1) {
                throw new ModelContractException(f + ": schedule \"" + nfe + "\" must list " + (nfe + 1) + " time points.");
            }
            float[] t = new float[nfe + 1];
            for (int i = 0; i <= nfe; i++) {
                t[i] = (float) a.get(i).asDouble(Double.NaN);
                if (!(i == 0 ? t[i] == 0f : i == nfe ? t[i] == 1f : t[i] > t[i - 1] && t[i] < 1f)) {
                    throw new ModelContractException(f + ": schedule \"" + nfe
                            + "\" must rise from 0 to 1 (point " + i + " is " + a.get(i) + ").");
                }
            }
            out.put(nfe, t);
        }
        return out;
    }

    /**
     * The NFE+1 time points the sampler integrates over: the model's pruned grid for this NFE when it has one and the
     * sway is the model's default, otherwise the sway formula ({@link FlowSampler#schedule}).
     */
    public float[] grid(SamplerOptions o) {
        return pruned(o) ? schedules.get(o.nfe()).clone() : FlowSampler.schedule(o.nfe(), o.sway());
    }

    /** Whether {@link #grid} gives a pruned grid for these options (for reports). */
    public boolean pruned(SamplerOptions o) {
        return schedules.containsKey(o.nfe()) && o.sway() == defaults.sway();
    }

    public double framesPerSecond() {
        return sampleRate / (double) hop;
    }
}
