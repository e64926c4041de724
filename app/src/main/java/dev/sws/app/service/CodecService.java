package dev.sws.app.service;

import dev.sws.app.AppContext;
import dev.sws.codec.CodecModel;
import dev.sws.core.model.InstalledModel;
import dev.sws.core.util.UserFacingException;

import java.util.HashMap;
import java.util.Map;

/** Loads codec models lazily (checksums first) and keeps them for reuse. Thread-safe. */
public final class CodecService implements AutoCloseable {

    private final AppContext ctx;
    private final Map<String, CodecModel> loaded = new HashMap<>();

    public CodecService(AppContext ctx) {
        this.ctx = ctx;
    }

    public InstalledModel resolve(String id) {
        return ctx.models().defaultFor("codec", id).orElseThrow(() -> new UserFacingException(id == null || id.isBlank()
                ? "No codec model is installed; see 'sws models list'."
                : "No codec model named '" + id + "' is installed; see 'sws models list'."));
    }

    /** {@code id} when that codec is installed, else null (the default codec). */
    public String resolveOrNull(String id) {
        return ctx.models().defaultFor("codec", id).map(InstalledModel::id).orElse(null);
    }

    /** The sample rate of codec {@code id} (default when null) without loading it when its manifest names one. */
    public int sampleRate(String id) {
        int r = resolve(id).manifest().sampleRate();
        return r > 0 ? r : load(id).info().sampleRate();
    }

    /** The codec {@code id} (or the default codec when null), loaded on the CPU. */
    public synchronized CodecModel load(String id) {
        InstalledModel m = resolve(id);
        CodecModel model = loaded.get(m.id());
        if (model == null) {
            ctx.models().require(m.id());
            model = CodecModel.load(m.dir(), ctx.runtime(), ctx.device("codec"), ctx.settings().device().effectiveThreads());
            loaded.put(m.id(), model);
        }
        return model;
    }

    @Override
    public synchronized void close() {
        loaded.values().forEach(CodecModel::close);
        loaded.clear();
    }
}
