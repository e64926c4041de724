package dev.sws.tts;

/**
 * Runtime choices of the flow-matching sampler.
 *
 * @param nfe   velocity evaluations (Euler steps), 1..64; 4-32 is the useful range
 * @param sway  sway sampling coefficient s in t ← t + s·(cos(π/2·t) − 1 + t); negative values put more steps
 *              early (F5-TTS uses −1); 0 is a uniform schedule
 * @param cfg   classifier-free guidance strength w in v = v_c + w·(v_c − v_u); 0 turns guidance off (one call per step)
 * @param speed speaking-rate factor (1 = the reference's rate; 1.2 = 20 % faster)
 * @param seed  noise seed, so a line can be regenerated identically or differently
 * @param guidanceEnd guidance is applied on the steps that start before this time (0 = noise, 1 = mel): 1 guides every
 *              step; a smaller value leaves the last, fine steps unguided, one velocity call each instead of a batch of
 *              two (a limited guidance interval, as Kynkäänniemi et al. 2024; ADR 0009)
 */
public record SamplerOptions(int nfe, float sway, float cfg, float speed, long seed, float guidanceEnd) {

    public SamplerOptions {
        if (nfe < 1 || nfe > 64) {
            throw new IllegalArgumentException("The number of steps (NFE) must be between 1 and 64, not " + nfe + ".");
        }
        if (!(speed >= 0.5f && speed <= 2.0f)) {
            throw new IllegalArgumentException("Speed must be between 0.5 and 2.0, not " + speed + ".");
        }
        if (!(cfg >= 0f && cfg <= 10f)) {
            throw new IllegalArgumentException("Guidance strength must be between 0 and 10, not " + cfg + ".");
        }
        if (!Float.isFinite(sway) || Math.abs(sway) > 4) {
            throw new IllegalArgumentException("Sway coefficient must be between -4 and 4, not " + sway + ".");
        }
        if (!(guidanceEnd >= 0f && guidanceEnd <= 1f)) {
            throw new IllegalArgumentException("The end of guidance must be a time between 0 and 1, not " + guidanceEnd
                    + ".");
        }
    }

    /** Guidance on every step. */
    public SamplerOptions(int nfe, float sway, float cfg, float speed, long seed) {
        this(nfe, sway, cfg, speed, seed, 1f);
    }

    /** Whether the step that starts at time {@code t} is guided. */
    public boolean guidedAt(float t) {
        return cfg > 0f && (guidanceEnd >= 1f || t < guidanceEnd);
    }

    public SamplerOptions withNfe(int n) {
        return new SamplerOptions(n, sway, cfg, speed, seed, guidanceEnd);
    }

    public SamplerOptions withSeed(long s) {
        return new SamplerOptions(nfe, sway, cfg, speed, s, guidanceEnd);
    }

    public SamplerOptions withSpeed(float s) {
        return new SamplerOptions(nfe, sway, cfg, s, seed, guidanceEnd);
    }

    public SamplerOptions withCfg(float w) {
        return new SamplerOptions(nfe, sway, w, speed, seed, guidanceEnd);
    }

    public SamplerOptions withSway(float s) {
        return new SamplerOptions(nfe, s, cfg, speed, seed, guidanceEnd);
    }

    public SamplerOptions withGuidanceEnd(float t) {
        return new SamplerOptions(nfe, sway, cfg, speed, seed, t);
    }
}
