package dev.sws.core.gpu;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The NVIDIA GPUs of this machine, read through JCuda's driver API (needs only the NVIDIA driver, no CUDA toolkit):
 * name, memory, compute capability and free memory, for the device picker and the status bar.
 */
public final class GpuDevices {

    private static final Logger LOG = Logger.getLogger(GpuDevices.class.getName());

    /**
     * One GPU.
     *
     * @param id       the CUDA device ordinal (what ORT's {@code device_id} takes)
     * @param major    compute capability, major
     * @param minor    compute capability, minor
     */
    public record Gpu(int id, String name, long totalBytes, long freeBytes, int major, int minor) {
        /** {@code cuda:0 — NVIDIA H100 80GB HBM3, 79.1 GiB (77.8 free), compute 9.0}. */
        public String describe() {
            return String.format(Locale.ROOT, "cuda:%d — %s, %.1f GiB (%.1f free), compute %d.%d", id, name,
                    totalBytes / 1073741824.0, freeBytes / 1073741824.0, major, minor);
        }
    }

    /**
     * What the driver reports.
     *
     * @param gpus          found GPUs (empty when none or no driver)
     * @param driverVersion e.g. {@code 13.0}, empty when no driver
     * @param problem       why there are no GPUs, or null
     */
    public record Listing(List<Gpu> gpus, String driverVersion, String problem) {}

    private static volatile Listing cached;

    private GpuDevices() {
    }

    /** Enumerates the GPUs once per process (the driver's answer does not change while we run). */
    public static Listing list() {
        Listing l = cached;
        if (l == null) {
            synchronized (GpuDevices.class) {
                if (cached == null) {
                    cached = enumerate();
                }
                l = cached;
            }
        }
        return l;
    }

    /** Null when an NVIDIA driver with at least one GPU is present, otherwise the reason in plain words. */
    public static String driverProblem() {
        Listing l = list();
        return l.gpus().isEmpty() ? l.problem() : null;
    }

    private static Listing enumerate() {
        try {
            return Driver.enumerate();
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            LOG.log(Level.FINE, "JCuda driver API unavailable", e);
            String m = String.valueOf(e.getMessage());
            return new Listing(List.of(), "", m.contains("libcuda") || m.contains("cuda")
                    ? "no NVIDIA driver on this machine (libcuda.so.1 not found)"
                    : "the NVIDIA driver could not be loaded (" + m + ")");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "GPU enumeration failed", e);
            String m = String.valueOf(e.getMessage());
            return new Listing(List.of(), "", m.contains("CUDA_ERROR_NO_DEVICE") ? "the NVIDIA driver reports no GPU"
                    : "the NVIDIA driver failed (" + m + ")");
        }
    }

    /** Kept in its own class so that JCuda is touched only when {@link #enumerate} runs. */
    private static final class Driver {
        static Listing enumerate() {
            jcuda.driver.JCudaDriver.setExceptionsEnabled(true);
            jcuda.driver.JCudaDriver.cuInit(0);
            int[] v = new int[1];
            jcuda.driver.JCudaDriver.cuDriverGetVersion(v);
            String version = (v[0] / 1000) + "." + (v[0] % 1000) / 10;
            int[] count = new int[1];
            jcuda.driver.JCudaDriver.cuDeviceGetCount(count);
            List<Gpu> gpus = new ArrayList<>();
            for (int i = 0; i < count[0]; i++) {
                jcuda.driver.CUdevice dev = new jcuda.driver.CUdevice();
                jcuda.driver.JCudaDriver.cuDeviceGet(dev, i);
                byte[] name = new byte[256];
                jcuda.driver.JCudaDriver.cuDeviceGetName(name, name.length, dev);
                long[] total = new long[1];
                jcuda.driver.JCudaDriver.cuDeviceTotalMem(total, dev);
                int[] major = new int[1];
                int[] minor = new int[1];
                jcuda.driver.JCudaDriver.cuDeviceGetAttribute(major, jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, dev);
                jcuda.driver.JCudaDriver.cuDeviceGetAttribute(minor, jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, dev);
                long free = freeMemory(dev, total[0]);
                int len = 0;
                while (len < name.length && name[len] != 0) {
                    len++;
                }
                gpus.add(new Gpu(i, new String(name, 0, len, java.nio.charset.StandardCharsets.UTF_8), total[0], free, major[0], minor[0]));
            }
            return new Listing(List.copyOf(gpus), version, gpus.isEmpty() ? "the NVIDIA driver reports no GPU" : null);
        }

        /** Free memory through the device's primary context (shared with ORT's CUDA provider), released at once. */
        private static long freeMemory(jcuda.driver.CUdevice dev, long total) {
            jcuda.driver.CUcontext ctx = new jcuda.driver.CUcontext();
            try {
                jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain(ctx, dev);
                jcuda.driver.JCudaDriver.cuCtxPushCurrent(ctx);
                long[] free = new long[1];
                long[] tot = new long[1];
                jcuda.driver.JCudaDriver.cuMemGetInfo(free, tot);
                jcuda.driver.JCudaDriver.cuCtxPopCurrent(new jcuda.driver.CUcontext());
                return free[0];
            } catch (RuntimeException e) {
                return total;
            } finally {
                jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRelease(dev);
            }
        }
    }
}
