package dev.sws.asr.correction;

import dev.sws.core.inference.Device;
import dev.sws.core.inference.InferenceRuntime;
import dev.sws.core.model.ModelContractException;
import dev.sws.core.model.ModelManifest;
import dev.sws.core.model.ModelValidator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/** Validates decoder-only LM folders (Optimum layout: model.onnx, config.json, tokenizer.json) by loading them. */
public final class LlmValidator implements ModelValidator {

    public static final String FORMAT = "optimum-decoder";

    private final InferenceRuntime runtime;

    public LlmValidator(InferenceRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public Set<String> formats() {
        return Set.of(FORMAT);
    }

    @Override
    public Optional<Detected> detect(Path dir) {
        boolean ok = Files.isRegularFile(dir.resolve("model.onnx")) && Files.isRegularFile(dir.resolve("config.json"))
                && Files.isRegularFile(dir.resolve("tokenizer.json"));
        return ok ? Optional.of(new Detected(FORMAT, "llm", 0)) : Optional.empty();
    }

    @Override
    public void validate(Path dir, ModelManifest manifest) {
        try (TranscriptCorrector c = TranscriptCorrector.load(dir, runtime, Device.CPU, 1)) {
            if (c.format() == null) {
                throw new ModelContractException(dir + ": no prompt format");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
