package dev.sws.app.cli.shared;

import dev.sws.workstation.Workstation;
import picocli.CommandLine.Option;

/** {@code --keep-nonspeech}: keep segments the speech gate would drop (ADR 0015), overriding the settings for one run. */
public final class NonSpeechOption {

    @Option(names = "--keep-nonspeech", description = "Keep segments in which the voice activity detector heard no "
            + "speech (default: the settings, which drop them).")
    boolean requested;

    /** Whether this run keeps segments without speech: the option, or the settings. */
    public boolean keep(Workstation ctx) {
        return requested || ctx.settings().asr().keepNonSpeech();
    }
}
