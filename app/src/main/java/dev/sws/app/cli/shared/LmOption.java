package dev.sws.app.cli.shared;

import dev.sws.workstation.service.AsrService;
import dev.sws.asr.model.RecognizerConfig;
import picocli.CommandLine.Option;

import java.util.function.UnaryOperator;

/**
 * {@code --lm house|none|FILE [--lm-weight W] [--lm-bonus B]}: the word n-gram fused into beam search (shallow
 * fusion), overriding the settings for one run. The default weights are those chosen for the house trigram on
 * allison-train (ADR 0008); a user's domain LM may want others. Greedy decoding in the settings is
 * switched to beam search, which fusion needs.
 */
public final class LmOption {

    @Option(names = "--lm", paramLabel = "LM", description = "Word n-gram fused into beam search: house (the default "
            + "in the settings), none, or an ARPA file (.gz or plain; e.g. a KenLM trigram of your domain).")
    String lm;

    @Option(names = "--lm-weight", description = "LM weight (default: " + AsrService.LM_WEIGHT + ").")
    Double weight;

    @Option(names = "--lm-bonus", description = "Score added per word with an LM (default: " + AsrService.LM_WORD_BONUS + ").")
    Double bonus;

    /** The recogniser configuration with this run's LM, or the settings' when none of the options was given. */
    public UnaryOperator<RecognizerConfig> apply(AsrService asr) {
        if (lm == null && weight == null && bonus == null) {
            return c -> c;
        }
        var fusion = asr.languageModel(lm != null ? lm : asr.settingsLanguageModel(),
                weight != null ? weight : AsrService.LM_WEIGHT, bonus != null ? bonus : AsrService.LM_WORD_BONUS);
        if (fusion == null) {
            return c -> c.withLm(null);
        }
        return c -> (c.decoding() == RecognizerConfig.Decoding.BEAM && c.beamSize() > 1 ? c
                : c.withDecoding(RecognizerConfig.Decoding.BEAM, Math.max(4, c.beamSize()))).withLm(fusion);
    }
}
