package dev.sws.audio.features;

/**
 * Triangular mel filters on the Slaney mel scale (linear below 1 kHz, logarithmic above), each normalised to
 * unit area (librosa's {@code norm='slaney'}), as sparse rows over the {@code fftSize/2 + 1} power bins.
 */
public final class MelFilterbank {

    private final int[] first;
    private final double[][] weights;

    public MelFilterbank(FrontendConfig c) {
        int bins = c.fftSize() / 2 + 1;
        double binWidth = c.sampleRate() / (double) c.fftSize();
        double melLow = hzToMel(c.lowFreq());
        double melHigh = hzToMel(c.effectiveHighFreq());
        double delta = (melHigh - melLow) / (c.numMels() + 1);
        first = new int[c.numMels()];
        weights = new double[c.numMels()][];
        for (int m = 0; m < c.numMels(); m++) {
            double left = melToHz(melLow + m * delta);
            double center = melToHz(melLow + (m + 1) * delta);
            double right = melToHz(melLow + (m + 2) * delta);
            double norm = 2.0 / (right - left);
            double[] row = new double[bins];
            int lo = -1;
            int hi = -1;
            for (int i = 0; i < bins; i++) {
                double hz = binWidth * i;
                if (hz > left && hz < right) {
                    row[i] = (hz <= center ? (hz - left) / (center - left) : (right - hz) / (right - center)) * norm;
                    if (lo < 0) {
                        lo = i;
                    }
                    hi = i;
                }
            }
            if (lo < 0) {
                throw new IllegalArgumentException("mel bin " + m + " is empty: too many mel bins for this FFT size");
            }
            first[m] = lo;
            weights[m] = java.util.Arrays.copyOfRange(row, lo, hi + 1);
        }
    }

    public int numMels() {
        return first.length;
    }

    /** out[m] = sum_k W[m,k] * power[k]. */
    public void apply(double[] power, double[] out) {
        for (int m = 0; m < first.length; m++) {
            double[] w = weights[m];
            int o = first[m];
            double e = 0;
            for (int k = 0; k < w.length; k++) {
                e += w[k] * power[o + k];
            }
            out[m] = e;
        }
    }

    /** Slaney mel scale (librosa {@code htk=False}). */
    public static double hzToMel(double hz) {
        double fSp = 200.0 / 3;
        double minLogHz = 1000.0;
        double minLogMel = minLogHz / fSp;
        double logStep = Math.log(6.4) / 27.0;
        return hz >= minLogHz ? minLogMel + Math.log(hz / minLogHz) / logStep : hz / fSp;
    }

    public static double melToHz(double mel) {
        double fSp = 200.0 / 3;
        double minLogHz = 1000.0;
        double minLogMel = minLogHz / fSp;
        double logStep = Math.log(6.4) / 27.0;
        return mel >= minLogMel ? minLogHz * Math.exp(logStep * (mel - minLogMel)) : fSp * mel;
    }
}
