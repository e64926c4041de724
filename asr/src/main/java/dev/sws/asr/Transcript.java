package dev.sws.asr;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A whole transcription: its segments, the source, the audio duration and how long recognition took.
 *
 * @param source          file name or "microphone"
 * @param model           model id
 * @param durationSeconds audio length
 * @param computeSeconds  wall-clock time spent recognising
 * @param droppedSegments segments left out because the voice activity detector heard no speech in them
 * @param declaredSeconds the length the file's container states for its audio, or a negative value when unknown or
 *                        only estimated; audio that ends well before it was cut short ({@link #endsEarly()})
 */
public record Transcript(String source, String model, List<Segment> segments, double durationSeconds, double computeSeconds,
                         int droppedSegments, double declaredSeconds) {
    public Transcript {
        segments = List.copyOf(segments);
    }

    public Transcript(String source, String model, List<Segment> segments, double durationSeconds, double computeSeconds,
                      int droppedSegments) {
        this(source, model, segments, durationSeconds, computeSeconds, droppedSegments, -1);
    }

    public Transcript(String source, String model, List<Segment> segments, double durationSeconds, double computeSeconds) {
        this(source, model, segments, durationSeconds, computeSeconds, 0);
    }

    /** The same transcription with other segments (e.g. corrected ones). */
    public Transcript withSegments(List<Segment> newSegments) {
        return new Transcript(source, model, newSegments, durationSeconds, computeSeconds, droppedSegments, declaredSeconds);
    }

    /** Whether the audio stopped well before the length its file states (a truncated copy or recording). */
    public boolean endsEarly() {
        return declaredSeconds > 0 && durationSeconds < declaredSeconds - Math.max(0.5, 0.02 * declaredSeconds);
    }

    /** A short note for the user when the audio stopped early ({@link #endsEarly()}), or "". */
    public String endsEarlyNote() {
        return !endsEarly() ? "" : String.format(java.util.Locale.ROOT,
                "the audio ends at %.1f s although the file states %.1f s: truncated or damaged?", durationSeconds, declaredSeconds);
    }

    /** What the user should know beyond the text — no words at all, segments left out, audio cut short — or "". */
    public String notes() {
        return notes("");
    }

    /** {@link #notes()}, with {@code droppedHint} after the note on segments left out (how to keep them), if any. */
    public String notes(String droppedHint) {
        return joinNotes(noSpeechNote(), droppedNote().isEmpty() ? "" : droppedNote() + droppedHint, endsEarlyNote());
    }

    /** "no speech found" when the transcript has no words (an empty output file is otherwise all a user sees), or "". */
    public String noSpeechNote() {
        return text().isBlank() ? "no speech found" : "";
    }

    /** The non-empty {@code notes}, joined with "; ". */
    public static String joinNotes(String... notes) {
        return java.util.Arrays.stream(notes).filter(n -> !n.isEmpty()).collect(Collectors.joining("; "));
    }

    /** A short note for the user about segments left out, or "" when none was. */
    public String droppedNote() {
        return droppedSegments == 0 ? "" : droppedSegments == 1 ? "1 segment without speech left out"
                : droppedSegments + " segments without speech left out";
    }

    public String text() {
        return segments.stream().map(Segment::text).filter(t -> !t.isBlank()).collect(Collectors.joining(" "));
    }

    /** Real-time factor: compute time over audio time. */
    public double rtf() {
        return durationSeconds <= 0 ? 0 : computeSeconds / durationSeconds;
    }
}
