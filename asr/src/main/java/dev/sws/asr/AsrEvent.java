package dev.sws.asr;

import dev.sws.core.bus.Delivery;
import dev.sws.core.bus.Event;

/** Recognition events on the bus. Partials and progress coalesce per stream; finals are never dropped. */
public sealed interface AsrEvent extends Event {

    String streamId();

    /** The current, still changing text of the open segment. */
    record Partial(String streamId, int segment, String text, double start) implements AsrEvent {
        @Override
        public Delivery delivery() {
            return Delivery.COALESCE;
        }

        @Override
        public Object coalesceKey() {
            return "asr-partial-" + streamId;
        }
    }

    /** A finished segment. */
    record Final(String streamId, Segment segment) implements AsrEvent {}

    /** Seconds of audio processed (for files: of {@code total}; live: total is -1). */
    record Progress(String streamId, double processed, double total, double rtf) implements AsrEvent {
        @Override
        public Delivery delivery() {
            return Delivery.COALESCE;
        }

        @Override
        public Object coalesceKey() {
            return "asr-progress-" + streamId;
        }
    }

    /** Input level of a live stream in dBFS (coalesced). */
    record Level(String streamId, double rmsDb, double peakDb) implements AsrEvent {
        @Override
        public Delivery delivery() {
            return Delivery.COALESCE;
        }

        @Override
        public Object coalesceKey() {
            return "asr-level-" + streamId;
        }
    }

    /** The stream ended (normally, cancelled, or with an error message). */
    record Ended(String streamId, String reason, Transcript transcript) implements AsrEvent {}
}
