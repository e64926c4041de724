package dev.sws.core.inference;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Every ONNX Runtime run of the process, so that the JVM can exit while one is in flight (SIGTERM, Ctrl+C,
 * {@code System.exit} from another thread).
 *
 * <p>Why: at the end of its shutdown the JVM calls the C library's {@code exit()}, which runs ONNX Runtime's static
 * destructors while a thread may still be inside {@code OrtSession.run}; that thread then dies in native code
 * (SIGSEGV in {@code libonnxruntime.so}) and the JVM writes a crash report instead of exiting. So a shutdown hook
 * first refuses new runs, then sets the terminate flag of each run in flight (ONNX Runtime checks it between nodes)
 * and waits, a bounded time, until they have all returned (ADR 0012).
 *
 * <p>But ONNX Runtime's Java binding registers a shutdown hook of its own that releases its environment, and the JVM
 * runs hooks concurrently: under load that hook tore the environment down while a terminated run was still finishing
 * its node (SIGSEGV in {@code libonnxruntime.so}, our hook still waiting; ADR 0012), and likewise
 * under a session being created. So the signals that end a process (TERM, INT, HUP) are handled here first: runs are
 * stopped, they and session creations ({@link #guard}) are waited for, then the thread that owns the exit
 * ({@link #exitAfter}, the command line's) is given time to finish (closing its sessions), and only then does the
 * process exit (status 128 + signal) and the hooks, ONNX Runtime's among them, run with nothing native in flight.
 */
final class RunsInFlight {

    /** How long the shutdown hook waits for runs to stop; a run checks its flag between nodes, so far less is usual. */
    static final long STOP_WAIT_MS = 5_000;

    private static final Set<OrtSession.RunOptions> RUNNING = ConcurrentHashMap.newKeySet();
    private static final Object LOCK = new Object();
    private static volatile boolean stopping;
    private static volatile int signalled;
    private static int inFlight;

    static {
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(RunsInFlight::stopAll, "sws-stop-inference"));
            for (String name : new String[]{"TERM", "INT", "HUP"}) {
                try {
                    sun.misc.Signal.handle(new sun.misc.Signal(name), RunsInFlight::onSignal);
                } catch (IllegalArgumentException unavailable) {
                    // not on this OS, or reserved (-Xrs): the shutdown hook alone then stops the runs
                }
            }
        } catch (IllegalStateException shuttingDown) {   // the first run of the process began during shutdown
            stopping = true;
        }
    }

    /** How long a signal waits for the exit owner to finish after the runs stopped. */
    static final long OWNER_WAIT_MS = 10_000;
    private static volatile Thread exitOwner;

    /** Installs the shutdown hook and signal handlers (once, when the class initialises). */
    static void install() {
    }

    /** The thread whose end the exit after a signal waits for (it closes its sessions on the way out); null: none. */
    static void exitAfter(Thread owner) {
        exitOwner = owner;
    }

    private static void onSignal(sun.misc.Signal s) {
        signalled = s.getNumber();
        stopAll();
        Thread owner = exitOwner;
        if (owner != null && owner != Thread.currentThread()) {
            try {
                owner.join(OWNER_WAIT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        System.exit(128 + s.getNumber());
    }

    /** Native work of ONNX Runtime that cannot be terminated (creating a session): counted, refused once stopping. */
    interface Work<T> {
        T call() throws OrtException;
    }

    /** Runs {@code work} counted among what the exit waits for; throws {@link CancellationException} when stopping. */
    static <T> T guard(Work<T> work) throws OrtException {
        synchronized (LOCK) {
            inFlight++;
        }
        try {
            if (stopping) {
                throw new CancellationException("the application is shutting down");
            }
            return work.call();
        } finally {
            synchronized (LOCK) {
                inFlight--;
                LOCK.notifyAll();
            }
        }
    }

    /** The number of the signal (TERM 15, INT 2, HUP 1) that is ending the process, or 0. */
    static int signalled() {
        return signalled;
    }

    private RunsInFlight() {
    }

    /** One run given its options (terminating them stops it). */
    interface Run<T> {
        T call(OrtSession.RunOptions options) throws OrtException;
    }

    /**
     * Runs {@code run} with {@code options} (the caller's, or new ones owned and closed here when null), registered so
     * that shutdown can stop it. Throws {@link CancellationException} once the process is shutting down.
     */
    static <T> T run(OrtSession.RunOptions options, Run<T> run) throws OrtException {
        OrtSession.RunOptions own = options == null ? new OrtSession.RunOptions() : null;
        OrtSession.RunOptions used = options == null ? own : options;
        synchronized (LOCK) {
            inFlight++;
        }
        RUNNING.add(used);
        try {
            if (stopping) {    // checked after registering: the hook sets the flag before it terminates what is here
                throw new CancellationException("the application is shutting down");
            }
            return run.call(used);
        } catch (OrtException e) {
            if (stopping) {
                throw new CancellationException("stopped: the application is shutting down");
            }
            throw e;
        } finally {
            synchronized (used) {   // never close options while the hook sets their flag
                RUNNING.remove(used);
                if (own != null) {
                    own.close();
                }
            }
            synchronized (LOCK) {
                inFlight--;
                LOCK.notifyAll();
            }
        }
    }

    /** The shutdown hook: refuse new runs, terminate those in flight, wait for them to return. */
    static boolean stopAll() {
        stopping = true;
        for (OrtSession.RunOptions o : RUNNING) {
            synchronized (o) {
                if (RUNNING.contains(o)) {   // else that run has returned and its options may be closed
                    try {
                        o.setTerminate(true);
                    } catch (OrtException e) {
                        // the run goes on to its end; the wait below still bounds the exit
                    }
                }
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_WAIT_MS);
        synchronized (LOCK) {
            while (inFlight > 0) {   // runs, and session creations (guard), which cannot be cut short
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    System.err.println("sws: " + inFlight + " inference run(s) still in flight " + STOP_WAIT_MS
                            + " ms after the exit began");   // stderr: logging may be shut down by now
                    return false;
                }
                try {
                    LOCK.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }
}
