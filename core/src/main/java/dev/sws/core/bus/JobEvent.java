package dev.sws.core.bus;

/** Batch and background job progress. Progress is coalesced per job; results and state changes never drop. */
public sealed interface JobEvent extends Event {

    record Progress(String jobId, long done, long total, String detail) implements JobEvent {
        @Override
        public Delivery delivery() {
            return Delivery.COALESCE;
        }

        @Override
        public Object coalesceKey() {
            return "job-progress-" + jobId;
        }
    }
}
