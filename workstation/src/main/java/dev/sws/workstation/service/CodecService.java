package dev.sws.workstation.service;

import dev.sws.core.settings.Settings;

import dev.sws.codec.CodecModel;
import dev.sws.core.inference.InferenceRuntime;
import dev.sws.core.model.InstalledModel;
import dev.sws.core.model.ModelStore;
import dev.sws.core.util.UserFacingException;

/** Loads codec models lazily (checksums first) and keeps them for reuse. Thread-safe. */
public final class CodecService implements AutoCloseable {

    private final ModelStore models;
    private final InferenceRuntime runtime;
    private final DevicePolicy devices;
    private final ModelCache<CodecModel> loaded;

    public CodecService(ModelStore models, InferenceRuntime runtime, DevicePolicy devices, ModelCache<CodecModel> cache) {
        this.models = models;
        this.runtime = runtime;
        this.devices = devices;
        this.loaded = cache;
    }

    public InstalledModel resolve(String id) {
        return models.defaultFor("codec", id).orElseThrow(() -> new UserFacingException(id == null || id.isBlank()
                ? "No codec model is installed; see 'sws models list'."
                : "No codec model named '" + id + "' is installed; see 'sws models list'."));
    }

    /** {@code id} when that codec is installed, else null (the default codec). */
    public String resolveOrNull(String id) {
        return models.defaultFor("codec", id).map(InstalledModel::id).orElse(null);
    }

    /** The sample rate of codec {@code id} (default when null) without loading it when its manifest names one. */
    public int sampleRate(String id) {
        int r = resolve(id).manifest().sampleRate();
        return r > 0 ? r : load(id).info().sampleRate();
    }

    /** The codec {@code id} (or the default codec when null), on the codec task's device. */
    public CodecModel load(String id) {
        return loaded.get(resolve(id), devices.forTask(Settings.Task.CODEC), (m, d) -> CodecModel.load(m.dir(), runtime, d, devices.threads()));
    }

    @Override
    public void close() {
        loaded.close();
    }
}
