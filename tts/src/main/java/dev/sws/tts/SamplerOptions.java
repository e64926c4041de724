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
 */
public record SamplerOptions(int nfe, float sway, float cfg, float speed, long seed) {

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
    }

    public SamplerOptions withNfe(int n) {
        return new SamplerOptions(n, sway, cfg, speed, seed);
    }

    public SamplerOptions withSeed(long s) {
        return new SamplerOptions(nfe, sway, cfg, speed, s);
    }

    public SamplerOptions withSpeed(float s) {
        return new SamplerOptions(nfe, sway, cfg, s, seed);
    }

    public SamplerOptions withCfg(float w) {
        return new SamplerOptions(nfe, sway, w, speed, seed);
    }

    public SamplerOptions withSway(float s) {
        return new SamplerOptions(nfe, s, cfg, speed, seed);
    }
}
