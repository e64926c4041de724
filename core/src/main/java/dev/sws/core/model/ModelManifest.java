package dev.sws.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code manifest.json} of a model folder.
 *
 * @param id          stable identifier, also the folder name ({@code [a-z0-9][a-z0-9._-]*})
 * @param name        human-readable name
 * @param task        what it does: {@code asr}, {@code vad}, {@code llm}, {@code codec}, {@code tts}, {@code speaker}
 * @param format      file contract, e.g. {@code nemo-transducer-streaming}, {@code nemo-ctc-streaming},
 *                    {@code silero-vad}, {@code hf-decoder-llm}, {@code sws-codec}, {@code flow-matching-tts}
 * @param version     model version
 * @param sampleRate  audio sample rate in Hz (0 where not applicable)
 * @param licence     SPDX-style licence of the weights
 * @param source      where the weights come from (training recipe, upstream project)
 * @param description one paragraph for the model card
 * @param files       every file of the model with its SHA-256 and size
 * @param metrics     measured quality and speed (free-form, e.g. {@code {"wer_allison_dev": 12.3}})
 * @param card        model card details: architecture, parameters, data, hours, limitations
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelManifest(String id, String name, String task, String format, String version, int sampleRate,
                            String licence, String source, String description, List<FileEntry> files,
                            Map<String, Object> metrics, Map<String, Object> card) {

    public ModelManifest {
        Objects.requireNonNull(id, "manifest needs an id");
        if (!id.matches("[a-z0-9][a-z0-9._-]{0,79}")) {
            throw new IllegalArgumentException("model id must be lowercase letters, digits, '.', '_' or '-': " + id);
        }
        Objects.requireNonNull(task, "manifest needs a task");
        Objects.requireNonNull(format, "manifest needs a format");
        files = files == null ? List.of() : List.copyOf(files);
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        card = card == null ? Map.of() : Map.copyOf(card);
        name = name == null ? id : name;
        licence = licence == null ? "unknown" : licence;
    }

    /**
     * One file of a model.
     *
     * @param path   relative path inside the model folder
     * @param sha256 lowercase hex SHA-256
     * @param size   size in bytes
     */
    public record FileEntry(String path, String sha256, long size) {
        public FileEntry {
            Objects.requireNonNull(path, "file path");
            Objects.requireNonNull(sha256, "file sha256");
        }
    }

    public ModelManifest withFiles(List<FileEntry> newFiles) {
        return new ModelManifest(id, name, task, format, version, sampleRate, licence, source, description, newFiles,
                metrics, card);
    }

    public ModelManifest withId(String newId) {
        return new ModelManifest(newId, name, task, format, version, sampleRate, licence, source, description, files,
                metrics, card);
    }
}
