package dev.sws.asr;

/**
 * A recognised word with its time span (seconds from the start of the audio) and confidence in [0,1]
 * (geometric mean of its tokens' probabilities).
 */
public record Word(String text, double start, double end, double confidence) {}
