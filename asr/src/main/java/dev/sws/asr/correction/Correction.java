package dev.sws.asr.correction;

/**
 * The outcome for one segment: {@code corrected} is what the transcript should show when the user accepts it
 * ({@code original} when nothing changed or the guards rejected the model's answer, kept in {@code proposal}).
 */
public record Correction(String original, String corrected, String proposal, Status status, String reason,
                         double millis) {
    public enum Status { CHANGED, UNCHANGED, REJECTED }

    static Correction unchanged(String original, String reason, double ms) {
        return new Correction(original, original, original, Status.UNCHANGED, reason, ms);
    }

    static Correction rejected(String original, String proposal, String reason, double ms) {
        return new Correction(original, original, proposal, Status.REJECTED, reason, ms);
    }

    static Correction changed(String original, String corrected, double ms) {
        return new Correction(original, corrected, corrected, Status.CHANGED, "corrected", ms);
    }

    /** Another of the recogniser's hypotheses, chosen by the n-gram rescoring ({@code reason} says which and why). */
    static Correction rescored(String original, String corrected, String reason, double ms) {
        return new Correction(original, corrected, corrected, Status.CHANGED, reason, ms);
    }

    Correction withMillis(double ms) {
        return new Correction(original, corrected, proposal, status, reason, ms);
    }

    public boolean changed() {
        return status == Status.CHANGED;
    }
}
