package dev.sws.asr;

/** One alternative transcript of a segment with its total log-probability. */
public record NBestEntry(String text, double logProb) {}
