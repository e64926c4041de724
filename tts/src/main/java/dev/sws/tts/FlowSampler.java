package dev.sws.tts;

import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * Euler integration of the flow-matching ODE dx/dt = v(x, t) from noise (t = 0) to mel (t = 1), with sway sampling
 * of the time grid and classifier-free guidance. The velocity model is abstract so the sampler is tested without ONNX.
 */
public final class FlowSampler {

    /** One velocity evaluation of a batch; {@code withGuidance} asks for the conditional and unconditional halves. */
    public interface Velocity {
        /** x: (frames, mels), returns (frames, mels) for the conditional pass and, if guided, the unconditional one. */
        float[][][] evaluate(float[][] x, float t, boolean withGuidance);
    }

    /** Thrown when the caller's cancel flag turns true between steps. */
    public static final class CancelledException extends RuntimeException {
        public CancelledException() {
            super("Synthesis was cancelled.");
        }
    }

    private FlowSampler() {
    }

    /**
     * The NFE+1 time points from 0 to 1: t_i = i/N warped by sway sampling t ← t + s·(cos(π/2·t) − 1 + t).
     * s &lt; 0 puts the steps early (coarse structure), s = 0 is uniform.
     */
    public static float[] schedule(int nfe, float sway) {
        float[] t = new float[nfe + 1];
        for (int i = 0; i <= nfe; i++) {
            double u = i / (double) nfe;
            t[i] = (float) (u + sway * (Math.cos(Math.PI / 2 * u) - 1 + u));
        }
        t[0] = 0f;
        t[nfe] = 1f;
        return t;
    }

    /** Gaussian noise for (frames, mels), reproducible from the seed. */
    public static float[][] noise(int frames, int mels, long seed) {
        Random r = new Random(seed);
        float[][] x = new float[frames][mels];
        for (float[] row : x) {
            for (int m = 0; m < mels; m++) {
                row[m] = (float) r.nextGaussian();
            }
        }
        return x;
    }

    /** Integrates from {@code x0} (modified in place and returned); {@code onStep} sees the step index after each step. */
    public static float[][] sample(float[][] x0, Velocity velocity, SamplerOptions o, BooleanSupplier cancelled,
                                   java.util.function.IntConsumer onStep) {
        return sample(x0, velocity, o, schedule(o.nfe(), o.sway()), cancelled, onStep);
    }

    /** As {@link #sample(float[][], Velocity, SamplerOptions, BooleanSupplier, java.util.function.IntConsumer)} over
     *  the given time grid ({@code o.nfe() + 1} points from 0 to 1, e.g. a model's pruned grid). */
    public static float[][] sample(float[][] x0, Velocity velocity, SamplerOptions o, float[] ts,
                                   BooleanSupplier cancelled, java.util.function.IntConsumer onStep) {
        if (ts.length != o.nfe() + 1) {
            throw new IllegalArgumentException("A grid of " + ts.length + " points does not fit " + o.nfe() + " steps.");
        }
        float[][] x = x0;
        for (int i = 0; i < o.nfe(); i++) {
            if (cancelled.getAsBoolean()) {
                throw new CancelledException();
            }
            float dt = ts[i + 1] - ts[i];
            boolean guided = o.guidedAt(ts[i]);
            float[][][] v = velocity.evaluate(x, ts[i], guided);
            float[][] vc = v[0];
            for (int f = 0; f < x.length; f++) {
                float[] row = x[f];
                float[] c = vc[f];
                if (guided) {
                    float[] u = v[1][f];
                    for (int m = 0; m < row.length; m++) {
                        row[m] += dt * (c[m] + o.cfg() * (c[m] - u[m]));
                    }
                } else {
                    for (int m = 0; m < row.length; m++) {
                        row[m] += dt * c[m];
                    }
                }
            }
            onStep.accept(i + 1);
        }
        return x;
    }
}
