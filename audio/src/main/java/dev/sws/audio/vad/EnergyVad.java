package dev.sws.audio.vad;

/**
 * Fallback detector from frame energy against an adaptive noise floor: works without any model, less robust to
 * noise and music than Silero. Maps the margin over the floor (dB) to a pseudo-probability.
 */
public final class EnergyVad implements VoiceActivityDetector {

    private static final int WINDOW = 512;
    private final double marginDb;
    private double floorDb = -60;
    private boolean primed;

    /** @param marginDb how far above the noise floor speech must be (10 dB is a sensible default) */
    public EnergyVad(double marginDb) {
        this.marginDb = marginDb;
    }

    public EnergyVad() {
        this(10);
    }

    @Override
    public int windowSize() {
        return WINDOW;
    }

    @Override
    public int sampleRate() {
        return 16000;
    }

    @Override
    public float process(float[] w, int off) {
        double sum = 0;
        for (int i = off; i < off + WINDOW; i++) {
            sum += (double) w[i] * w[i];
        }
        double db = 10 * Math.log10(sum / WINDOW + 1e-12);
        if (!primed) {
            floorDb = Math.min(db, -40);
            primed = true;
        }
        // the floor follows quiet frames quickly and loud frames very slowly
        floorDb = db < floorDb ? 0.7 * floorDb + 0.3 * db : 0.999 * floorDb + 0.001 * db;
        double margin = db - floorDb - marginDb;
        return (float) (1 / (1 + Math.exp(-margin / 2)));
    }

    @Override
    public void reset() {
        primed = false;
        floorDb = -60;
    }

    @Override
    public void close() {
    }
}
