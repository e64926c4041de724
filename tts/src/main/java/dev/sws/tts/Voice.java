package dev.sws.tts;

import java.time.Instant;
import java.util.List;

/**
 * A saved voice: the reference clip (reference.wav next to voice.json), its transcript, the speaker embedding and
 * the consent given for it. Plain data, stored as JSON by {@link VoiceStore}.
 *
 * @param name       unique name, also the folder name (letters, digits, space, dot, dash, underscore)
 * @param transcript what the reference clip says (normalised text is derived when synthesising)
 * @param consent    who agreed, for what purpose, when
 * @param embedding  speaker embedding of the reference (may be empty when no speaker encoder was available)
 * @param sources    the files the reference was built from
 * @param quality    advice found when the voice was built (empty = no problems)
 */
public record Voice(String name, String transcript, Consent consent, float[] embedding, List<String> sources,
                    List<String> quality, Instant created) {

    /** Consent recorded with every voice; cloning without it is refused. */
    public record Consent(String speaker, String purpose, String date, boolean confirmed) {
        public Consent {
            if (speaker == null || speaker.isBlank() || purpose == null || purpose.isBlank()) {
                throw new IllegalArgumentException("Consent needs the speaker's name and the purpose.");
            }
            if (!confirmed) {
                throw new IllegalArgumentException("The speaker's consent must be confirmed before a voice is saved.");
            }
        }
    }

    public Voice {
        if (name == null || !name.matches("[\\p{L}\\p{N} ._-]{1,64}") || name.isBlank() || name.startsWith(".")) {
            throw new IllegalArgumentException("A voice name uses letters, digits, spaces, dots, dashes or underscores "
                    + "(at most 64), not \"" + name + "\".");
        }
        if (transcript == null || transcript.isBlank()) {
            throw new IllegalArgumentException("A voice needs the transcript of its reference clip.");
        }
        sources = List.copyOf(sources);
        quality = List.copyOf(quality);
    }
}
