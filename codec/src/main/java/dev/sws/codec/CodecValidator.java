package dev.sws.codec;

import dev.sws.core.inference.Device;
import dev.sws.core.inference.InferenceRuntime;
import dev.sws.core.model.ModelContractException;
import dev.sws.core.model.ModelManifest;
import dev.sws.core.model.ModelValidator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/** Validates codec folders ({@code codec.json}, encoder.onnx, decoder.onnx) by loading them against the contract. */
public final class CodecValidator implements ModelValidator {

    public static final String FORMAT = "sws-codec";

    private final InferenceRuntime runtime;

    public CodecValidator(InferenceRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public Set<String> formats() {
        return Set.of(FORMAT);
    }

    @Override
    public Optional<Detected> detect(Path dir) {
        if (!Files.isRegularFile(dir.resolve("codec.json"))) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Detected(FORMAT, "codec", CodecModel.CodecInfo.read(dir).sampleRate()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public void validate(Path dir, ModelManifest manifest) {
        try (CodecModel m = CodecModel.load(dir, runtime, Device.CPU, 1)) {
            if (manifest.sampleRate() > 0 && manifest.sampleRate() != m.info().sampleRate()) {
                throw new ModelContractException("The manifest says " + manifest.sampleRate() + " Hz but codec.json says "
                        + m.info().sampleRate() + " Hz.");
            }
        }
    }
}
