package dev.sws.core.bus;

/** Model loading, published by the workstation's model caches for every model kind: loading, loaded, failed. */
public sealed interface ModelEvent extends Event {

    record Loading(String modelId, double fraction) implements ModelEvent {
        @Override
        public Delivery delivery() {
            return Delivery.COALESCE;
        }

        @Override
        public Object coalesceKey() {
            return "model-loading-" + modelId;
        }
    }

    record Loaded(String modelId, String device, long millis) implements ModelEvent {}

    record Failed(String modelId, String userMessage) implements ModelEvent {}
}
