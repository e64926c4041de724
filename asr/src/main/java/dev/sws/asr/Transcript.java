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
 */
public record Transcript(String source, String model, List<Segment> segments, double durationSeconds, double computeSeconds,
                         int droppedSegments) {
    public Transcript {
        segments = List.copyOf(segments);
    }

    public Transcript(String source, String model, List<Segment> segments, double durationSeconds, double computeSeconds) {
        this(source, model, segments, durationSeconds, computeSeconds, 0);
    }

    /** The same transcription with other segments (e.g. corrected ones). */
    public Transcript withSegments(List<Segment> newSegments) {
        return new Transcript(source, model, newSegments, durationSeconds, computeSeconds, droppedSegments);
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
