package dev.sws.core.bus;

/** What happened to compute devices: a session fell back from CUDA to CPU, a GPU was found, VRAM telemetry. */
public sealed interface DeviceEvent extends Event {

    /** A requested device could not be used; the work runs on {@code actual} instead. Never silent. */
    record Fallback(String model, String requested, String actual, String reason) implements DeviceEvent {}

    /** The device a model's sessions run on now. */
    record InUse(String model, String device) implements DeviceEvent {}

    /** Periodic GPU memory reading (coalesced per device). */
    record Memory(int deviceId, long freeBytes, long totalBytes) implements DeviceEvent {
        @Override
        public Delivery delivery() {
            return Delivery.COALESCE;
        }

        @Override
        public Object coalesceKey() {
            return "gpu-mem-" + deviceId;
        }
    }
}
