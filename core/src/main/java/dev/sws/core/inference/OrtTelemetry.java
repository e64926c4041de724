package dev.sws.core.inference;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * Keeps ONNX Runtime's own telemetry off in this process (ADR 0014). Since 1.29 the Linux/macOS builds of ONNX
 * Runtime start an uploader when the first environment is created: it writes a device id and an event queue under
 * {@code ~/.cache/Microsoft/DeveloperTools/.onnxruntime/} for upload to Microsoft, and it matches regular expressions
 * against the process command line — with GCC's recursive regex engine, which overflows the stack and kills the JVM
 * (SIGSEGV, no crash report) once the command line is a few tens of kilobytes ({@code sws transcribe} with a few
 * hundred files). ONNX Runtime reads its switch with {@code getenv} when the environment is created, and a JVM cannot
 * change its own environment through the Java API, so the switch is set in the C library's environment (FFM
 * {@code setenv}) before the first {@code OrtEnvironment} exists. The launcher sets the same variables; this covers
 * the packaged app, tests and tools that do not start from it.
 */
final class OrtTelemetry {

    private static final Logger LOG = Logger.getLogger(OrtTelemetry.class.getName());

    /** 1.29 reads the first; later versions the second. */
    static final List<String> SWITCHES = List.of("ORT_DISABLE_TELEMETRY", "ORT_TELEMETRY_DISABLED");

    private static boolean done;

    private OrtTelemetry() {
    }

    /** Sets every switch to "1" in the process environment, once; must run before ONNX Runtime's first environment. */
    static synchronized void switchOff() {
        if (done) {
            return;
        }
        done = true;
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            return; // the Windows build logs to ETW, which sends nothing without a listener; setTelemetry(false) covers it
        }
        try {
            Linker linker = Linker.nativeLinker();
            MemorySegment symbol = linker.defaultLookup().find("setenv")
                    .orElseThrow(() -> new IllegalStateException("the C library has no setenv"));
            MethodHandle setenv = linker.downcallHandle(symbol, FunctionDescriptor.of(ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
            try (Arena arena = Arena.ofConfined()) { // setenv copies both strings
                for (String name : SWITCHES) {
                    int rc = (int) setenv.invokeExact(arena.allocateFrom(name), arena.allocateFrom("1"), 1);
                    if (rc != 0) {
                        LOG.warning("setenv(" + name + ") failed; ONNX Runtime's telemetry may start");
                    }
                }
            }
        } catch (Throwable e) {
            LOG.warning("could not switch ONNX Runtime's telemetry off in-process (" + e + "); the launcher's "
                    + String.join("/", SWITCHES) + " still does");
        }
    }
}
