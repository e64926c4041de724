package dev.sws.asr.punct;

import dev.sws.core.inference.Device;
import dev.sws.core.inference.InferenceRuntime;
import dev.sws.core.model.ModelContractException;
import dev.sws.core.model.ModelManifest;
import dev.sws.core.model.ModelValidator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Validates punctuation-model folders ({@value #FORMAT}: {@code model.onnx} with input {@code ids} and outputs
 * {@code punct}, {@code case}; {@code vocab.txt}): the model loads and labels a sentence.
 */
public final class PunctValidator implements ModelValidator {
    public static final String FORMAT = "sws-punct";

    private final InferenceRuntime runtime;

    public PunctValidator(InferenceRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public Set<String> formats() {
        return Set.of(FORMAT);
    }

    @Override
    public Optional<Detected> detect(Path dir) {
        return Optional.empty();      // such folders always come with their manifest
    }

    @Override
    public void validate(Path dir, ModelManifest manifest) {
        if (!Files.isRegularFile(dir.resolve("vocab.txt"))) {
            throw new ModelContractException(dir + " has no vocab.txt");
        }
        try (Punctuator p = Punctuator.load(dir, runtime, Device.CPU, 1)) {
            List<String> words = List.of("hello", "how", "are", "you");
            if (p.label(List.of(), words, true).size() != words.size()) {
                throw new ModelContractException(dir + "/model.onnx does not label every word");
            }
        } catch (IOException | RuntimeException e) {
            throw new ModelContractException(dir + ": " + e.getMessage(), e);
        }
    }
}
