package dev.sws.workstation.batch;

import dev.sws.core.util.UserFacingException;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** What a batch job does with each file; the keys are those of {@code --tasks} and of the job store. */
public enum BatchTask {
    /** Audio → transcripts in the job's formats. */
    TRANSCRIBE,
    /**
     * The transcripts (and corrected ones) written as sentences: punctuation and capitals by the punctuation model;
     * without it the recogniser's lower-case words. Implies {@link #TRANSCRIBE}.
     */
    PUNCTUATE,
    /** Transcripts corrected by the correction model ({@code NAME.corrected.*}); implies {@link #TRANSCRIBE}. */
    CORRECT,
    /** Audio → codec tokens ({@code NAME.tokens}). */
    CODEC,
    /** The transcripts' segments labelled by voice (Speaker 1, Speaker 2, …) in every format; implies {@link #TRANSCRIBE}. */
    SPEAKERS,
    /** {@code .txt} files → speech ({@code NAME.wav}). */
    TTS;

    private static final String LIST = Arrays.stream(values()).map(BatchTask::key).sorted().collect(Collectors.joining(", "));

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code --tasks}: known names, at least one; {@code correct}, {@code speakers} and {@code punctuate} imply
     * {@code transcribe}.
     */
    public static Set<BatchTask> parse(String spec) {
        Set<BatchTask> t = EnumSet.noneOf(BatchTask.class);
        for (String s : spec.split(",")) {
            String n = s.strip().toLowerCase(Locale.ROOT);
            if (n.isEmpty()) {
                continue;
            }
            t.add(Arrays.stream(values()).filter(v -> v.key().equals(n)).findFirst().orElseThrow(
                    () -> new UserFacingException("Unknown batch task '" + s.strip() + "'; use " + LIST + ".")));
        }
        if (t.isEmpty()) {
            throw new UserFacingException("Name at least one batch task: " + LIST + ".");
        }
        if (t.contains(CORRECT) || t.contains(SPEAKERS) || t.contains(PUNCTUATE)) {
            t.add(TRANSCRIBE);
        }
        return t;
    }

    /**
     * {@code tasks} with {@link #PUNCTUATE} when {@code on} and they transcribe, without it otherwise: the punctuation
     * choice (a command's flag, the settings) is stored with the job, so a resumed job writes its files as it began.
     */
    public static Set<BatchTask> punctuated(Set<BatchTask> tasks, boolean on) {
        Set<BatchTask> t = EnumSet.copyOf(tasks);
        if (on && t.contains(TRANSCRIBE)) {
            t.add(PUNCTUATE);
        } else {
            t.remove(PUNCTUATE);
        }
        return t;
    }

    /** The keys of {@code tasks} in a fixed order, comma-separated (as stored with a job). */
    public static String join(Set<BatchTask> tasks) {
        return tasks.stream().map(BatchTask::key).sorted().collect(Collectors.joining(","));
    }
}
