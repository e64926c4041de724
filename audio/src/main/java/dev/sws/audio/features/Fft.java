package dev.sws.audio.features;

/**
 * In-place iterative radix-2 complex FFT on double arrays (split real/imaginary), with precomputed twiddles and
 * bit-reversal table. Instances are immutable and thread-safe; buffers are the caller's.
 */
public final class Fft {

    private final int n;
    private final int[] rev;
    private final double[] cos;
    private final double[] sin;

    public Fft(int n) {
        if (Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("FFT size must be a power of two: " + n);
        }
        this.n = n;
        int bits = Integer.numberOfTrailingZeros(n);
        rev = new int[n];
        for (int i = 0; i < n; i++) {
            rev[i] = Integer.reverse(i) >>> (32 - bits);
        }
        cos = new double[n / 2];
        sin = new double[n / 2];
        for (int i = 0; i < n / 2; i++) {
            double a = -2 * Math.PI * i / n;
            cos[i] = Math.cos(a);
            sin[i] = Math.sin(a);
        }
    }

    public int size() {
        return n;
    }

    /** Forward transform X[k] = sum x[t] e^{-2 pi i k t / n}, in place. */
    public void forward(double[] re, double[] im) {
        for (int i = 0; i < n; i++) {
            int j = rev[i];
            if (j > i) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        for (int size = 2; size <= n; size <<= 1) {
            int half = size >> 1;
            int step = n / size;
            for (int start = 0; start < n; start += size) {
                for (int k = 0, tw = 0; k < half; k++, tw += step) {
                    int a = start + k;
                    int b = a + half;
                    double wr = cos[tw];
                    double wi = sin[tw];
                    double xr = re[b] * wr - im[b] * wi;
                    double xi = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - xr;
                    im[b] = im[a] - xi;
                    re[a] += xr;
                    im[a] += xi;
                }
            }
        }
    }
}
