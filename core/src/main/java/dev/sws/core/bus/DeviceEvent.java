package dev.sws.core.bus;

/** What happened to compute devices: a session that asked for CUDA fell back to the CPU, and why. */
public sealed interface DeviceEvent extends Event {

    /** A requested device could not be used; the work runs on {@code actual} instead. Never silent. */
    record Fallback(String model, String requested, String actual, String reason) implements DeviceEvent {}
}
