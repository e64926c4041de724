package dev.sws.asr.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sws.asr.Segment;
import dev.sws.asr.Transcript;
import dev.sws.asr.Word;
import dev.sws.core.util.AtomicFiles;
import dev.sws.core.util.Json;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Renders transcripts as plain text, SubRip, WebVTT (cues within subtitle limits) or JSON (segments with words, start, end, confidence and the
 * n-best list) and writes them atomically.
 */
public final class TranscriptExporter {

    private TranscriptExporter() {
    }

    public static String render(Transcript t, TranscriptFormat f) {
        return render(t, f, java.util.List.of());
    }

    /**
     * Renders {@code t} with a speaker label per segment ({@code speakers}: one per segment, "" for none, or an empty
     * list): JSON gets a "speaker" field; text and subtitles name the speaker where the speaker changes ("Ann: …").
     */
    public static String render(Transcript t, TranscriptFormat f, java.util.List<String> speakers) {
        boolean labelled = speakers.size() == t.segments().size() && speakers.stream().anyMatch(x -> !x.isBlank());
        return switch (f) {
            case TXT -> txt(labelled ? named(t, speakers) : t);
            case SRT -> srt(labelled ? named(t, speakers) : t);
            case VTT -> vtt(labelled ? named(t, speakers) : t);
            case JSON -> json(t, labelled ? speakers : java.util.List.of());
        };
    }

    public static void write(Transcript t, TranscriptFormat f, Path file) throws IOException {
        AtomicFiles.writeString(file, render(t, f));
    }

    public static void write(Transcript t, TranscriptFormat f, Path file, java.util.List<String> speakers) throws IOException {
        AtomicFiles.writeString(file, render(t, f, speakers));
    }

    /** {@code t} with "Name: " before the first word of each segment whose speaker differs from the one before. */
    static Transcript named(Transcript t, java.util.List<String> speakers) {
        java.util.List<Segment> out = new java.util.ArrayList<>();
        String last = "";
        for (int i = 0; i < t.segments().size(); i++) {
            Segment s = t.segments().get(i);
            String who = speakers.get(i).strip();
            if (who.isEmpty() || who.equals(last) || s.isEmpty()) {
                out.add(s);
            } else {
                java.util.List<Word> words = new java.util.ArrayList<>(s.words());
                if (!words.isEmpty()) {
                    Word w = words.getFirst();
                    words.set(0, new Word(who + ": " + w.text(), w.start(), w.end(), w.confidence()));
                }
                out.add(s.withText(who + ": " + s.text(), words));
            }
            if (!who.isEmpty()) {
                last = who;
            }
        }
        return t.withSegments(out);
    }

    static String txt(Transcript t) {
        StringBuilder sb = new StringBuilder();
        for (Segment s : t.segments()) {
            if (!s.isEmpty()) {
                sb.append(s.text()).append('\n');
            }
        }
        return sb.toString();
    }

    /** SubRip: one cue per segment, longer segments split to subtitle limits ({@link SubtitleCues}). */
    static String srt(Transcript t) {
        StringBuilder sb = new StringBuilder();
        int n = 1;
        for (SubtitleCues.Cue c : SubtitleCues.of(t.segments())) {
            sb.append(n++).append('\n').append(time(c.start(), ',')).append(" --> ").append(time(c.end(), ',')).append('\n')
                    .append(c.text()).append("\n\n");
        }
        return sb.toString();
    }

    static String vtt(Transcript t) {
        StringBuilder sb = new StringBuilder("WEBVTT\n\n");
        for (SubtitleCues.Cue c : SubtitleCues.of(t.segments())) {
            sb.append(time(c.start(), '.')).append(" --> ").append(time(c.end(), '.')).append('\n').append(c.text()).append("\n\n");
        }
        return sb.toString();
    }

    static String json(Transcript t) {
        return json(t, java.util.List.of());
    }

    static String json(Transcript t, java.util.List<String> speakers) {
        var m = Json.mapper();
        ObjectNode root = m.createObjectNode();
        root.put("source", t.source());
        root.put("model", t.model());
        root.put("duration", round(t.durationSeconds()));
        root.put("text", t.text());
        root.put("droppedSegments", t.droppedSegments());   // segments without detected speech, left out (ADR 0015)
        if (t.endsEarly()) {
            root.put("declaredDuration", round(t.declaredSeconds()));   // the file states more audio than it holds
        }
        ArrayNode segs = root.putArray("segments");
        for (int k = 0; k < t.segments().size(); k++) {
            Segment s = t.segments().get(k);
            ObjectNode o = segs.addObject();
            o.put("index", s.index());
            if (k < speakers.size() && !speakers.get(k).isBlank()) {
                o.put("speaker", speakers.get(k));
            }
            o.put("start", round(s.start()));
            o.put("end", round(s.end()));
            o.put("text", s.text());
            o.put("confidence", round(s.confidence()));
            ArrayNode words = o.putArray("words");
            for (Word w : s.words()) {
                ObjectNode wo = words.addObject();
                wo.put("word", w.text());
                wo.put("start", round(w.start()));
                wo.put("end", round(w.end()));
                wo.put("confidence", round(w.confidence()));
            }
            ArrayNode nb = o.putArray("nbest");
            s.nbest().forEach(e -> nb.addObject().put("text", e.text()).put("logProb", round(e.logProb())));
        }
        try {
            return m.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads what {@link #json} writes (segments with words and n-best lists); fails with a plain sentence on anything
     * else.
     */
    public static Transcript readJson(String text) {
        com.fasterxml.jackson.databind.JsonNode root;
        try {
            root = Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new dev.sws.core.util.UserFacingException("The input looks like JSON but is not valid (" + e.getMessage() + ").");
        }
        if (root == null || !root.path("segments").isArray()) {
            throw new dev.sws.core.util.UserFacingException(
                    "The JSON has no 'segments' array (expected the output of 'sws transcribe --format json').");
        }
        java.util.List<Segment> segs = new java.util.ArrayList<>();
        for (var n : root.path("segments")) {
            java.util.List<Word> words = new java.util.ArrayList<>();
            n.path("words").forEach(w -> words.add(new Word(w.path("word").asText(), w.path("start").asDouble(),
                    w.path("end").asDouble(), w.path("confidence").asDouble())));
            java.util.List<dev.sws.asr.NBestEntry> nb = new java.util.ArrayList<>();
            n.path("nbest").forEach(h -> nb.add(new dev.sws.asr.NBestEntry(h.path("text").asText(), h.path("logProb").asDouble())));
            segs.add(new Segment(n.path("index").asInt(segs.size()), n.path("start").asDouble(), n.path("end").asDouble(),
                    n.path("text").asText(), words, nb, n.path("confidence").asDouble()));
        }
        return new Transcript(root.path("source").asText("input"), root.path("model").asText(""), segs,
                root.path("duration").asDouble(), 0, root.path("droppedSegments").asInt(0), root.path("declaredDuration").asDouble(-1));
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /** hh:mm:ss,mmm (SRT) or hh:mm:ss.mmm (VTT). */
    static String time(double seconds, char sep) {
        long ms = Math.max(0, Math.round(seconds * 1000));
        return String.format(Locale.ROOT, "%02d:%02d:%02d%c%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, sep, ms % 1000);
    }
}
