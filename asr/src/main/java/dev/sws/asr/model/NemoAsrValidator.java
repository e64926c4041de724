package dev.sws.asr.model;

import dev.sws.core.inference.Device;
import dev.sws.core.inference.InferenceRuntime;
import dev.sws.core.model.ModelManifest;
import dev.sws.core.model.ModelValidator;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/** Validates sherpa-onnx NeMo streaming exports (transducer and CTC) by loading them against the contract. */
public final class NemoAsrValidator implements ModelValidator {

    public static final String TRANSDUCER = "nemo-transducer-streaming";
    public static final String CTC = "nemo-ctc-streaming";

    private final InferenceRuntime runtime;

    public NemoAsrValidator(InferenceRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public Set<String> formats() {
        return Set.of(TRANSDUCER, CTC);
    }

    @Override
    public Optional<Detected> detect(Path dir) {
        try {
            AsrModel.Kind k = AsrModel.detect(dir);
            return Optional.of(new Detected(k == AsrModel.Kind.CTC ? CTC : TRANSDUCER, "asr", 16000));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public void validate(Path dir, ModelManifest manifest) {
        try (AsrModel m = AsrModel.load(dir, runtime, Device.CPU, 1)) {
            boolean ctc = m.kind() == AsrModel.Kind.CTC;
            if (ctc != CTC.equals(manifest.format())) {
                throw new dev.sws.core.model.ModelContractException("The manifest says " + manifest.format()
                        + " but the folder holds a " + (ctc ? "CTC" : "transducer") + " model.");
            }
        }
    }
}
