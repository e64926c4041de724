package dev.sws.tts;

import dev.sws.core.inference.Device;
import dev.sws.core.inference.InferenceRuntime;
import dev.sws.core.model.ModelContractException;
import dev.sws.core.model.ModelManifest;
import dev.sws.core.model.ModelValidator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/** Validates flow-matching TTS folders (tts.json, tokens.txt, velocity.onnx, vocoder.onnx[, speaker.onnx]). */
public final class TtsValidator implements ModelValidator {

    public static final String FORMAT = "sws-flow-tts";
    public static final String F5_FORMAT = "f5-tts-onnx";

    private final InferenceRuntime runtime;

    public TtsValidator(InferenceRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public Set<String> formats() {
        return Set.of(FORMAT, F5_FORMAT);
    }

    @Override
    public Optional<Detected> detect(Path dir) {
        if (F5OnnxModel.looksLike(dir)) {
            try {
                return Optional.of(new Detected(F5_FORMAT, "tts", F5OnnxModel.Settings.read(dir).sampleRate()));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }
        if (!Files.isRegularFile(dir.resolve("tts.json")) || !Files.isRegularFile(dir.resolve("velocity.onnx"))) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Detected(FORMAT, "tts", TtsConfig.read(dir).sampleRate()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public void validate(Path dir, ModelManifest manifest) {
        if (F5_FORMAT.equals(manifest.format()) || F5OnnxModel.looksLike(dir)) {
            F5OnnxModel.load(dir, runtime, Device.CPU, 1).close();
            return;
        }
        try (TtsModel m = TtsModel.load(dir, runtime, Device.CPU, 1)) {
            if (manifest.sampleRate() > 0 && manifest.sampleRate() != m.config().sampleRate()) {
                throw new ModelContractException("The manifest says " + manifest.sampleRate() + " Hz but tts.json says "
                        + m.config().sampleRate() + " Hz.");
            }
        }
        if (Files.isRegularFile(dir.resolve("speaker.onnx"))) {
            SpeakerEncoder.load(dir, runtime, Device.CPU, 1).close();
        }
    }
}
