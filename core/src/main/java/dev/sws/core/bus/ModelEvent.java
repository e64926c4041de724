package dev.sws.core.bus;

/**
 * Model loading, published by the workstation's model caches for every model kind: loading, loaded, failed. All three
 * are state changes, delivered in order and never dropped (a "loading" overtaking its "loaded" would leave the status
 * bar busy).
 */
public sealed interface ModelEvent extends Event {

    record Loading(String modelId) implements ModelEvent {}

    record Loaded(String modelId, String device, long millis) implements ModelEvent {}

    record Failed(String modelId, String userMessage) implements ModelEvent {}
}
