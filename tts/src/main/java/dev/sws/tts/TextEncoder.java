package dev.sws.tts;

/** Normalised text → the token ids a TTS model reads ({@link CharTokens} for character models, {@link LexiconTokens}
 * for phoneme models). */
@FunctionalInterface
public interface TextEncoder {

    int[] encode(String text);
}
