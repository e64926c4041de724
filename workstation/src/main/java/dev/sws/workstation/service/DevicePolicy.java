package dev.sws.workstation.service;

import dev.sws.core.gpu.GpuRuntime;
import dev.sws.core.inference.Device;
import dev.sws.core.inference.InferenceRuntime;
import dev.sws.core.settings.Settings;

import java.util.function.Supplier;

/**
 * The device each task's sessions run on: the task's own setting or the general one; {@code auto} means the first GPU
 * when the CUDA runtime is active in this process, else the CPU. An explicit {@code cuda:N} that cannot run falls back
 * to the CPU at session creation, with the reason published on the bus.
 */
public final class DevicePolicy {

    private final Supplier<Settings> settings;
    private final InferenceRuntime runtime;

    public DevicePolicy(Supplier<Settings> settings, InferenceRuntime runtime) {
        this.settings = settings;
        this.runtime = runtime;
    }

    public Device forTask(Settings.Task task) {
        String setting = settings.get().device().forTask(task);
        if ("auto".equals(setting)) {
            return GpuRuntime.state().active() && runtime.cudaProviderPresent() ? new Device.Cuda(0) : Device.CPU;
        }
        return Device.parse(setting);
    }

    /** Intra-op threads per session from the settings. */
    public int threads() {
        return settings.get().device().effectiveThreads();
    }
}
