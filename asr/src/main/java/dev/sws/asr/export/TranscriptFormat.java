package dev.sws.asr.export;

import java.util.Locale;

/** Export formats for transcripts. */
public enum TranscriptFormat {
    TXT("txt"), SRT("srt"), VTT("vtt"), JSON("json");

    private final String extension;

    TranscriptFormat(String extension) {
        this.extension = extension;
    }

    public String extension() {
        return extension;
    }

    public static TranscriptFormat parse(String s) {
        try {
            return valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new dev.sws.core.util.UserFacingException("Unknown transcript format '" + s + "'; use txt, srt, vtt or json.");
        }
    }
}
