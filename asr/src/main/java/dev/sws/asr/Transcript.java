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
 */
public record Transcript(String source, String model, List<Segment> segments, double durationSeconds, double computeSeconds) {
    public Transcript {
        segments = List.copyOf(segments);
    }

    public String text() {
        return segments.stream().map(Segment::text).filter(t -> !t.isBlank()).collect(Collectors.joining(" "));
    }

    /** Real-time factor: compute time over audio time. */
    public double rtf() {
        return durationSeconds <= 0 ? 0 : computeSeconds / durationSeconds;
    }
}
