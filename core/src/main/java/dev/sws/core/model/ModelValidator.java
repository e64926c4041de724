package dev.sws.core.model;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Checks a model folder against the contract of a format (tensor names, ranks, dtypes, metadata, side files).
 * Engines provide one per format they load; the {@link ModelStore} runs them on import and verify.
 */
public interface ModelValidator {

    /** The formats this validator understands. */
    java.util.Set<String> formats();

    /** Recognises a folder without a manifest (for example a sherpa-onnx download), returning its format. */
    Optional<Detected> detect(Path dir);

    /** Throws {@link ModelContractException} naming the first mismatch. */
    void validate(Path dir, ModelManifest manifest);

    /** What {@link #detect} found: the format and the task. */
    record Detected(String format, String task, int sampleRate) {}
}
