package dev.sws.core.inference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What the CPU offers the int8 MatMul kernels: whether it multiplies int8 vectors natively (x86 AVX-512 VNNI or
 * AVX-VNNI), where ONNX Runtime's int8-activation kernels outrun fp32 ones even for many rows per call (ADR 0004).
 * Read once from {@code /proc/cpuinfo} on Linux and from {@code sysctl} on Intel Macs; unknown elsewhere (false).
 */
public final class CpuFeatures {

    private static final Set<String> VNNI = Set.of("avx512_vnni", "avx_vnni", "avx512vnni", "avxvnni");

    private static volatile Boolean int8Dot;

    private CpuFeatures() {
    }

    /** Whether this machine's CPU has an int8 dot-product instruction set ONNX Runtime uses (VNNI). */
    public static boolean int8DotProduct() {
        Boolean b = int8Dot;
        if (b == null) {
            b = hasVnni(flags());
            int8Dot = b;
        }
        return b;
    }

    /** Whether a CPU flag list (cpuinfo's {@code flags} line, or sysctl's feature words, any case) names VNNI. */
    static boolean hasVnni(String flags) {
        for (String f : flags.toLowerCase(Locale.ROOT).split("[\\s,]+")) {
            if (VNNI.contains(f)) {
                return true;
            }
        }
        return false;
    }

    private static String flags() {
        try {
            Path cpuinfo = Path.of("/proc/cpuinfo");
            if (Files.isReadable(cpuinfo)) {
                try (var lines = Files.lines(cpuinfo)) {
                    return lines.filter(l -> l.startsWith("flags")).findFirst().orElse("");
                }
            }
            if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("mac")) {
                Process p = new ProcessBuilder("sysctl", "-n", "machdep.cpu.leaf7_features", "machdep.cpu.features")
                        .redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes());
                p.waitFor(5, TimeUnit.SECONDS);
                return out;
            }
        } catch (IOException | RuntimeException e) {
            return "";   // unknown: the engines' own choices stand
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "";
    }
}
