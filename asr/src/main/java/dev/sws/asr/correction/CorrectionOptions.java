package dev.sws.asr.correction;

/**
 * How one correction runs; immutable, passed with each call, so a corrector needs no per-call state.
 *
 * @param constrained  constrained decoding: the rewrite may only use tokens of the n-best words
 * @param editBudget   the share of the best hypothesis' words a rewrite may change (at least one word)
 * @param margin       confidence gate in nats: a rewrite must beat keeping the best hypothesis by this much (0: off)
 * @param acousticVeto nats: an answer that is one of the hypotheses is rejected when the recogniser scored it this
 *                     much below its best hypothesis (the sound clearly said something else)
 * @param rescoring    the n-gram rescoring of the n-best list, when the model folder has one
 * @param generating   the model's rewrite: on, off, or null for the model folder's default ({@code sws_rewrite})
 * @param rescorer     the rescoring to use instead of the model folder's n-gram (a masked LM), or null
 */
public record CorrectionOptions(boolean constrained, double editBudget, double margin, double acousticVeto,
                                boolean rescoring, Boolean generating, HypothesisRescorer rescorer) {

    /** Nats by which the model must prefer its answer over the recogniser's best hypothesis. */
    public static final double DEFAULT_MARGIN = 2.0;
    /** Nats by which the best hypothesis may beat the one the model picked; as much as the model's own margin. */
    public static final double DEFAULT_ACOUSTIC_VETO = 2.0;
    /** Settings' default share of words a rewrite may change. */
    public static final double DEFAULT_EDIT_BUDGET = 0.35;

    public CorrectionOptions {
        if (!(editBudget >= 0 && editBudget <= 1) || !(margin >= 0) || !(acousticVeto >= 0)) {
            throw new IllegalArgumentException("correction options out of range: edit budget " + editBudget
                    + " (0..1), margin " + margin + " and acoustic veto " + acousticVeto + " (>= 0)");
        }
    }

    public static CorrectionOptions defaults() {
        return new CorrectionOptions(true, DEFAULT_EDIT_BUDGET, DEFAULT_MARGIN, DEFAULT_ACOUSTIC_VETO, true, null, null);
    }

    public CorrectionOptions withEditBudget(double fractionOfWords) {
        return new CorrectionOptions(constrained, fractionOfWords, margin, acousticVeto, rescoring, generating, rescorer);
    }

    public CorrectionOptions withMargin(double nats) {
        return new CorrectionOptions(constrained, editBudget, nats, acousticVeto, rescoring, generating, rescorer);
    }

    public CorrectionOptions withAcousticVeto(double nats) {
        return new CorrectionOptions(constrained, editBudget, margin, nats, rescoring, generating, rescorer);
    }

    public CorrectionOptions withRescoring(boolean on) {
        return new CorrectionOptions(constrained, editBudget, margin, acousticVeto, on, generating, rescorer);
    }

    /** The model's rewrite on or off; null: as the model folder says. */
    public CorrectionOptions withGenerating(Boolean on) {
        return new CorrectionOptions(constrained, editBudget, margin, acousticVeto, rescoring, on, rescorer);
    }

    public CorrectionOptions withConstrained(boolean on) {
        return new CorrectionOptions(on, editBudget, margin, acousticVeto, rescoring, generating, rescorer);
    }

    /** Rescoring by {@code r} instead of the model folder's n-gram (null: the folder's). */
    public CorrectionOptions withRescorer(HypothesisRescorer r) {
        return new CorrectionOptions(constrained, editBudget, margin, acousticVeto, rescoring, generating, r);
    }
}
