package dev.sws.core.inference;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * An {@link OrtSession} with its owner: whoever holds this closes it. Knows the device it really runs on (after any
 * fallback), its input/output order and the model's custom metadata.
 *
 * <p>Runs from several threads may overlap; {@link #close()} waits for the runs in flight and later runs fail with
 * {@link IllegalStateException}. Closing an {@code OrtSession} under a running call frees the graph it is executing
 * (ONNX Runtime then dies in native code, taking the JVM with it: ADR 0012).
 */
public final class OwnedSession implements AutoCloseable {

    private final OrtEnvironment env;
    private final OrtSession session;
    private final Path file;
    private final Device device;
    private final List<String> inputNames;
    private final List<String> outputNames;
    private final Map<String, String> metadata;
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    OwnedSession(OrtEnvironment env, OrtSession session, Path file, Device device) throws OrtException {
        this.env = env;
        this.session = session;
        this.file = file;
        this.device = device;
        this.inputNames = List.copyOf(session.getInputInfo().keySet());
        this.outputNames = List.copyOf(session.getOutputInfo().keySet());
        this.metadata = Map.copyOf(session.getMetadata().getCustomMetadata());
    }

    public OrtEnvironment env() {
        return env;
    }

    public OrtSession session() {
        return session;
    }

    public Path file() {
        return file;
    }

    public Device device() {
        return device;
    }

    /** Input names in the graph's order (ONNX Runtime keeps declaration order). */
    public List<String> inputNames() {
        return inputNames;
    }

    public List<String> outputNames() {
        return outputNames;
    }

    public Map<String, NodeInfo> inputInfo() {
        try {
            return session.getInputInfo();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    public Map<String, NodeInfo> outputInfo() {
        try {
            return session.getOutputInfo();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Custom metadata ({@code metadata_props}) of the model. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Metadata value as int, or a contract error naming the key. */
    public int metaInt(String key) {
        String v = metadata.get(key);
        if (v == null) {
            throw new dev.sws.core.model.ModelContractException(file.getFileName() + ": metadata key '" + key
                    + "' is missing.");
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new dev.sws.core.model.ModelContractException(file.getFileName() + ": metadata key '" + key
                    + "' is not an integer ('" + v + "').");
        }
    }

    public String metaString(String key, String fallback) {
        return metadata.getOrDefault(key, fallback);
    }

    /**
     * Runs the session; the caller owns the {@link OrtSession.Result} and closes it. Inputs are not closed here.
     */
    public OrtSession.Result run(Map<String, ? extends OnnxTensor> inputs) throws OrtException {
        return whileOpen(null, o -> session.run(inputs, o));
    }

    /**
     * Runs the session writing the outputs named in {@code pinned} into those caller-owned tensors (no copy out of
     * ONNX Runtime's memory; from a GPU, one device-to-host copy straight into them). The other outputs come back in
     * the result as usual.
     */
    public OrtSession.Result run(Map<String, ? extends OnnxTensor> inputs, Map<String, ? extends OnnxTensor> pinned) throws OrtException {
        java.util.Set<String> rest = new java.util.LinkedHashSet<>(outputNames);
        rest.removeAll(pinned.keySet());
        return whileOpen(null, o -> session.run(inputs, rest, pinned, o));
    }

    public OrtSession.Result run(Map<String, ? extends OnnxTensor> inputs, OrtSession.RunOptions options) throws OrtException {
        return whileOpen(options, o -> session.run(inputs, o));
    }

    /** Runs {@code binding} ({@link IoBinding#run()}) under the same guard as the other runs. */
    void runBound(Runnable binding) {
        try {
            whileOpen(null, o -> {
                binding.run();
                return null;
            });
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs {@code c} under the read lock (close waits for it), registered with {@link RunsInFlight} (so the JVM can
     * exit while it runs); throws when the session was closed.
     */
    private <T> T whileOpen(OrtSession.RunOptions options, RunsInFlight.Run<T> c) throws OrtException {
        Lock l = lifecycle.readLock();
        l.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the model session " + file.getFileName() + " was closed");
            }
            return RunsInFlight.run(options, c);
        } finally {
            l.unlock();
        }
    }

    /** Output {@code index} of a result as an OnnxTensor (contract checked at load, so a cast is safe). */
    public static OnnxTensor tensor(OrtSession.Result r, int index) {
        OnnxValue v = r.get(index);
        return (OnnxTensor) Objects.requireNonNull(v);
    }

    @Override
    public void close() {
        lifecycle.writeLock().lock();   // waits for the runs in flight
        try {
            if (closed) {
                return;
            }
            closed = true;
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("closing session " + file, e);
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return file.getFileName() + " on " + device + " inputs=" + new ArrayList<>(inputNames) + " outputs=" + outputNames;
    }
}
