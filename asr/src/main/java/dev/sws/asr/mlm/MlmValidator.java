package dev.sws.asr.mlm;

import dev.sws.core.inference.InferenceRuntime;
import dev.sws.core.model.ModelContractException;
import dev.sws.core.model.ModelManifest;
import dev.sws.core.model.ModelValidator;
import dev.sws.core.util.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * Validates masked-LM folders ({@link BertInstaller}'s layout: model.onnx with its weights file, vocab.txt, config.json
 * with {@code sws_pll}): the weights must parse and the fill-mask check must give the published prediction.
 */
public final class MlmValidator implements ModelValidator {
    private final InferenceRuntime runtime;

    public MlmValidator(InferenceRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public Set<String> formats() {
        return Set.of(BertInstaller.FORMAT);
    }

    @Override
    public Optional<Detected> detect(Path dir) {
        boolean ok = Files.isRegularFile(dir.resolve("model.onnx")) && Files.isRegularFile(dir.resolve("vocab.txt"))
                && Files.isRegularFile(dir.resolve("config.json"));
        try {
            ok = ok && Json.mapper().readTree(dir.resolve("config.json").toFile()).path("sws_pll").isObject();
        } catch (IOException e) {
            ok = false;
        }
        return ok ? Optional.of(new Detected(BertInstaller.FORMAT, "mlm", 0)) : Optional.empty();
    }

    @Override
    public void validate(Path dir, ModelManifest manifest) {
        try {
            MlmRescorer.Weights.of(Json.mapper().readTree(dir.resolve("config.json").toFile()).path("sws_pll"),
                    dir.resolve("config.json").toString());
            BertInstaller.check(dir, runtime);
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelContractException(dir + ": " + e.getMessage(), e);
        }
    }
}
