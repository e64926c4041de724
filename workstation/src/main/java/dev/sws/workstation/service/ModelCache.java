package dev.sws.workstation.service;

import dev.sws.core.bus.EventBus;
import dev.sws.core.bus.ModelEvent;
import dev.sws.core.inference.Device;
import dev.sws.core.model.InstalledModel;
import dev.sws.core.model.ModelStore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loaded models of one kind, each loaded once per model and device: its checksums verified first, then loaded, with
 * {@link ModelEvent.Loading} before and {@link ModelEvent.Loaded} (or {@link ModelEvent.Failed}) after on the bus.
 * Closing the cache closes every model it loaded. Thread-safe.
 *
 * @param <M> the loaded model (owns native sessions)
 */
public final class ModelCache<M extends AutoCloseable> implements AutoCloseable {

    /** Loads a verified model folder onto a device. */
    @FunctionalInterface
    public interface Loader<M> {
        M load(InstalledModel model, Device device) throws Exception;
    }

    private final ModelStore models;
    private final EventBus bus;
    private final Map<String, M> loaded = new LinkedHashMap<>();

    public ModelCache(ModelStore models, EventBus bus) {
        this.models = models;
        this.bus = bus;
    }

    /** Model {@code m} on {@code device}, loaded by {@code loader} on first use. */
    public synchronized M get(InstalledModel m, Device device, Loader<M> loader) {
        String key = m.id() + "@" + device;
        M model = loaded.get(key);
        if (model != null) {
            return model;
        }
        long t0 = System.nanoTime();
        bus.publish(new ModelEvent.Loading(m.id()));
        try {
            models.require(m.id());   // checksums before first use
            model = loader.load(m, device);
        } catch (Exception e) {
            bus.publish(new ModelEvent.Failed(m.id(), dev.sws.core.util.UserFacingException.messageOf(e)));
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw e instanceof java.io.IOException io ? new java.io.UncheckedIOException(io)
                    : new IllegalStateException("Could not load " + m.id() + ": " + e.getMessage(), e);
        }
        loaded.put(key, model);
        bus.publish(new ModelEvent.Loaded(m.id(), device.toString(), (System.nanoTime() - t0) / 1_000_000));
        return model;
    }

    @Override
    public synchronized void close() {
        List<Exception> failures = new ArrayList<>();
        for (M m : loaded.values()) {
            try {
                m.close();
            } catch (Exception e) {
                failures.add(e);
            }
        }
        loaded.clear();
        if (!failures.isEmpty()) {
            IllegalStateException e = new IllegalStateException("closing models failed");
            failures.forEach(e::addSuppressed);
            throw e;
        }
    }
}
