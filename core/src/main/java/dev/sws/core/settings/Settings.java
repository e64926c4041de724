package dev.sws.core.settings;

import java.util.Objects;
import java.util.Set;

/**
 * All user settings as one immutable value with defaults, nested per area (sherpa-onnx style configuration).
 * Every record validates itself in its compact constructor, so an invalid value can never be held.
 */
public record Settings(Device device, Asr asr, Correction correction, Tts tts, Ui ui, Folders folders) {

    public Settings {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(asr, "asr");
        Objects.requireNonNull(correction, "correction");
        Objects.requireNonNull(tts, "tts");
        Objects.requireNonNull(ui, "ui");
        Objects.requireNonNull(folders, "folders");
    }

    /** The engines whose sessions can be put on a device of their own (keys as in the settings file). */
    public enum Task {
        ASR, CORRECTION, CODEC, TTS;

        /** The settings file's name of the task: asr, correction, codec, tts. */
        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The task named {@code key}, or null. */
        public static Task byKey(String key) {
            for (Task t : values()) {
                if (t.key().equals(key)) {
                    return t;
                }
            }
            return null;
        }
    }

    public static Settings defaults() {
        return new Settings(Device.defaults(), Asr.defaults(), Correction.defaults(), Tts.defaults(), Ui.defaults(),
                Folders.defaults());
    }

    public Settings withDevice(Device d) {
        return new Settings(d, asr, correction, tts, ui, folders);
    }

    public Settings withAsr(Asr a) {
        return new Settings(device, a, correction, tts, ui, folders);
    }

    public Settings withCorrection(Correction c) {
        return new Settings(device, asr, c, tts, ui, folders);
    }

    public Settings withTts(Tts t) {
        return new Settings(device, asr, correction, t, ui, folders);
    }

    public Settings withUi(Ui u) {
        return new Settings(device, asr, correction, tts, u, folders);
    }

    public Settings withFolders(Folders f) {
        return new Settings(device, asr, correction, tts, ui, f);
    }

    /**
     * Compute device and threads.
     *
     * @param device  {@code auto}, {@code cpu} or {@code cuda:N}
     * @param threads intra-op threads per session; 0 chooses from the number of cores
     * @param tasks   per-task device ({@code asr}, {@code correction}, {@code codec}, {@code tts} → {@code cpu} or
     *                {@code cuda:N}); a task not named follows {@code device}
     */
    public record Device(String device, int threads, java.util.Map<String, String> tasks) {

        public Device {
            if (device == null || !device.matches("auto|cpu|cuda:\\d{1,2}")) {
                throw new InvalidSettingsException("Device must be auto, cpu or cuda:N, not '" + device + "'.");
            }
            if (threads < 0 || threads > 256) {
                throw new InvalidSettingsException("Threads must be between 0 (automatic) and 256, not " + threads + ".");
            }
            tasks = tasks == null ? java.util.Map.of() : java.util.Map.copyOf(tasks);
            for (var e : tasks.entrySet()) {
                if (Task.byKey(e.getKey()) == null) {
                    throw new InvalidSettingsException("Per-task device: unknown task '" + e.getKey() + "'; use one of "
                            + java.util.Arrays.stream(Task.values()).map(Task::key).sorted().toList() + ".");
                }
                if (e.getValue() == null || !e.getValue().matches("auto|cpu|cuda:\\d{1,2}")) {
                    throw new InvalidSettingsException("Device for " + e.getKey() + " must be auto, cpu or cuda:N, not '" + e.getValue() + "'.");
                }
            }
        }

        public Device(String device, int threads) {
            this(device, threads, java.util.Map.of());
        }

        public static Device defaults() {
            return new Device("auto", 0);
        }

        /** The device setting that applies to {@code task}: its own, or the general one. */
        public String forTask(Task task) {
            String t = tasks.get(task.key());
            return t == null || t.equals("auto") ? device : t;
        }

        /** Threads to use: the setting, or half the cores (at least 1) when automatic. */
        public int effectiveThreads() {
            return threads > 0 ? threads : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        }
    }

    /**
     * Speech recognition.
     *
     * @param modelId             model to use; empty means the default ASR model in the store
     * @param latency             chunk/look-ahead choice (stored as {@code low}, {@code balanced}, {@code accurate})
     * @param decoding            greedy or beam search (stored as {@code greedy}, {@code beam})
     * @param beamSize            beam width for beam search (1..32)
     * @param endpointSilence     seconds of trailing silence after speech that end an utterance
     * @param maxUtterance        longest utterance in seconds before a forced endpoint
     * @param languageModel       word n-gram fused into beam search: {@code house} (the house trigram, the default),
     *                            {@code none}, or the path of an ARPA file
     * @param keepNonSpeech       keep segments in which the voice activity detector found no speech (default false:
     *                            they are dropped, so that noise does not turn into words)
     * @param labelSpeakers       label the segments of a transcribed file by voice ("Speaker 1", …) when more than
     *                            one speaker is heard (default true; files written before it: true)
     * @param punctuate           write finished text with punctuation and capitals (the installed punctuation model;
     *                            default true; files written before it: true)
     */
    public record Asr(String modelId, Latency latency, Decoding decoding, int beamSize, double endpointSilence,
                      double maxUtterance, String languageModel, boolean keepNonSpeech, Boolean labelSpeakers,
                      Boolean punctuate) {

        /** How much look-ahead the recogniser waits for: the model's smallest, default or largest chunk. */
        public enum Latency {
            LOW, BALANCED, ACCURATE;

            @com.fasterxml.jackson.annotation.JsonValue
            public String key() {
                return name().toLowerCase(java.util.Locale.ROOT);
            }

            @com.fasterxml.jackson.annotation.JsonCreator
            public static Latency parse(String key) {
                return byKey(values(), key, "ASR latency");
            }
        }

        /** Greedy search, or beam search with n-best lists (what correction reads). */
        public enum Decoding {
            GREEDY, BEAM;

            @com.fasterxml.jackson.annotation.JsonValue
            public String key() {
                return name().toLowerCase(java.util.Locale.ROOT);
            }

            @com.fasterxml.jackson.annotation.JsonCreator
            public static Decoding parse(String key) {
                return byKey(values(), key, "ASR decoding");
            }
        }

        /** The house word trigram (shipped with the house corrector) fused into beam search. */
        public static final String HOUSE_LM = "house";
        public static final String NO_LM = "none";

        /** Settings files written before the language model setting get the default. */
        public Asr(String modelId, Latency latency, Decoding decoding, int beamSize, double endpointSilence, double maxUtterance) {
            this(modelId, latency, decoding, beamSize, endpointSilence, maxUtterance, HOUSE_LM);
        }

        /** Segments without detected speech are dropped unless {@code keepNonSpeech} (files written before it: false). */
        public Asr(String modelId, Latency latency, Decoding decoding, int beamSize, double endpointSilence, double maxUtterance,
                   String languageModel) {
            this(modelId, latency, decoding, beamSize, endpointSilence, maxUtterance, languageModel, false);
        }

        /** Speaker labels on (files written before the setting). */
        public Asr(String modelId, Latency latency, Decoding decoding, int beamSize, double endpointSilence, double maxUtterance,
                   String languageModel, boolean keepNonSpeech) {
            this(modelId, latency, decoding, beamSize, endpointSilence, maxUtterance, languageModel, keepNonSpeech, true);
        }

        /** Punctuation on (files written before the setting). */
        public Asr(String modelId, Latency latency, Decoding decoding, int beamSize, double endpointSilence, double maxUtterance,
                   String languageModel, boolean keepNonSpeech, Boolean labelSpeakers) {
            this(modelId, latency, decoding, beamSize, endpointSilence, maxUtterance, languageModel, keepNonSpeech,
                    labelSpeakers, true);
        }

        public Asr {
            labelSpeakers = labelSpeakers == null || labelSpeakers;
            punctuate = punctuate == null || punctuate;
            modelId = modelId == null ? "" : modelId.strip();
            languageModel = languageModel == null || languageModel.isBlank() ? HOUSE_LM : languageModel.strip();
            if (latency == null || decoding == null) {
                throw new InvalidSettingsException("ASR latency and decoding must be set.");
            }
            if (beamSize < 1 || beamSize > 32) {
                throw new InvalidSettingsException("Beam size must be between 1 and 32, not " + beamSize + ".");
            }
            if (!(endpointSilence >= 0.2 && endpointSilence <= 10)) {
                throw new InvalidSettingsException("Endpoint silence must be between 0.2 and 10 seconds, not " + endpointSilence + ".");
            }
            if (!(maxUtterance >= 2 && maxUtterance <= 120)) {
                throw new InvalidSettingsException("Maximum utterance must be between 2 and 120 seconds, not " + maxUtterance + ".");
            }
        }

        /** The constant whose lowercase name is {@code key}, or a message naming {@code what} and the choices. */
        private static <E extends Enum<E>> E byKey(E[] values, String key, String what) {
            java.util.List<String> keys = new java.util.ArrayList<>();
            for (E e : values) {
                String k = e.name().toLowerCase(java.util.Locale.ROOT);
                if (k.equals(key)) {
                    return e;
                }
                keys.add(k);
            }
            String choices = keys.size() == 2 ? keys.get(0) + " or " + keys.get(1)
                    : String.join(", ", keys.subList(0, keys.size() - 1)) + " or " + keys.getLast();
            throw new InvalidSettingsException(what + " must be " + choices + ", not '" + key + "'.");
        }

        public static Asr defaults() {
            return new Asr("", Latency.BALANCED, Decoding.BEAM, 8, 0.8, 30, HOUSE_LM, false, true, true);
        }
    }

    /**
     * LLM error correction of final segments.
     *
     * @param enabled      correct finals automatically
     * @param modelId      corrector model; empty means the default
     * @param maxEditRatio largest accepted word-level change, relative to the segment length (0..1)
     */
    public record Correction(boolean enabled, String modelId, double maxEditRatio) {
        public Correction {
            modelId = modelId == null ? "" : modelId.strip();
            if (!(maxEditRatio > 0 && maxEditRatio <= 1)) {
                throw new InvalidSettingsException("Maximum edit ratio must be in (0, 1], not " + maxEditRatio + ".");
            }
        }

        public static Correction defaults() {
            return new Correction(false, "", 0.35);
        }
    }

    /**
     * Speech synthesis defaults.
     *
     * @param modelId model; empty means the default
     * @param nfe     function evaluations of the ODE sampler (4..64)
     * @param sway    sway sampling coefficient (-1..1)
     * @param cfg     classifier-free guidance strength (0..5)
     * @param speed   speaking-rate multiplier (0.5..2)
     * @param takes   renderings per sentence, the one the house ASR understands best kept (1..8; 1 = one rendering)
     */
    public record Tts(String modelId, int nfe, double sway, double cfg, double speed, int takes) {
        public Tts {
            modelId = modelId == null ? "" : modelId.strip();
            if (nfe < 4 || nfe > 64) {
                throw new InvalidSettingsException("TTS steps (NFE) must be between 4 and 64, not " + nfe + ".");
            }
            if (!(sway >= -1 && sway <= 1)) {
                throw new InvalidSettingsException("Sway sampling must be between -1 and 1, not " + sway + ".");
            }
            if (!(cfg >= 0 && cfg <= 5)) {
                throw new InvalidSettingsException("Guidance strength must be between 0 and 5, not " + cfg + ".");
            }
            if (!(speed >= 0.5 && speed <= 2)) {
                throw new InvalidSettingsException("Speed must be between 0.5 and 2, not " + speed + ".");
            }
            if (takes < 1 || takes > MAX_TAKES) {
                throw new InvalidSettingsException("Takes per sentence must be between 1 and " + MAX_TAKES + ", not " + takes + ".");
            }
        }

        /** The most takes per sentence (each costs a full rendering); the TTS engine's bound too. */
        public static final int MAX_TAKES = 8;

        public static Tts defaults() {
            return new Tts("", 8, -1.0, 2.0, 1.0, 1);
        }

        public Tts withSpeedAndTakes(double s, int t) {
            return new Tts(modelId, nfe, sway, cfg, s, t);
        }
    }

    /** Appearance: theme {@code light}, {@code dark} or {@code system}. */
    /**
     * The window.
     *
     * @param theme         light, dark or system
     * @param lowConfidence words recognised with a confidence below this are marked in the transcript editor (0 = none)
     */
    public record Ui(String theme, double lowConfidence) {
        public static final double DEFAULT_LOW_CONFIDENCE = 0.5;

        public Ui {
            if (!Set.of("light", "dark", "system").contains(theme)) {
                throw new InvalidSettingsException("Theme must be light, dark or system, not '" + theme + "'.");
            }
            if (!(lowConfidence >= 0 && lowConfidence <= 1)) {
                throw new InvalidSettingsException("The low-confidence mark must be between 0 (off) and 1, not " + lowConfidence + ".");
            }
        }

        public Ui(String theme) {
            this(theme, DEFAULT_LOW_CONFIDENCE);
        }

        public static Ui defaults() {
            return new Ui("system", DEFAULT_LOW_CONFIDENCE);
        }
    }

    /** Folders; empty strings mean the defaults under the data folder. */
    public record Folders(String output, String recordings) {
        public Folders {
            output = output == null ? "" : output.strip();
            recordings = recordings == null ? "" : recordings.strip();
        }

        public static Folders defaults() {
            return new Folders("", "");
        }
    }
}
