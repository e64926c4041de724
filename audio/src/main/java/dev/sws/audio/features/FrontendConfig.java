package dev.sws.audio.features;

/**
 * Log-mel feature parameters. {@link #nemo(int)} reproduces what sherpa-onnx computes for NeMo models (its
 * kaldi-native-fbank with {@code is_librosa}): 25 ms periodic Hann window, 10 ms hop, frames fully inside the
 * signal ({@code snip_edges}), 0.97 pre-emphasis inside each frame, no DC removal, dither 0, 512-point FFT,
 * power spectrum, Slaney-scale mel filters with Slaney area normalisation from 0 Hz to Nyquist, natural log with
 * a floor of FLT_EPSILON. Samples are floats in [-1, 1].
 *
 * @param sampleRate    input sample rate in Hz
 * @param numMels       mel bins (80 or 128)
 * @param frameLength   window length in samples
 * @param frameShift    hop in samples
 * @param fftSize       FFT size (power of two, at least frameLength)
 * @param preemph       pre-emphasis coefficient applied inside each frame (0 disables)
 * @param removeDc      subtract each frame's mean before pre-emphasis
 * @param lowFreq       lowest mel filter edge in Hz
 * @param highFreq      highest mel filter edge in Hz (&le; 0 means Nyquist + highFreq)
 * @param logFloor      energies are floored at this value before the log
 */
public record FrontendConfig(int sampleRate, int numMels, int frameLength, int frameShift, int fftSize, double preemph,
                             boolean removeDc, double lowFreq, double highFreq, double logFloor) {

    /** FLT_EPSILON, the floor kaldi-native-fbank uses. */
    public static final double FLT_EPSILON = 1.1920928955078125e-7;

    public FrontendConfig {
        if (sampleRate <= 0 || numMels < 3 || frameLength <= 0 || frameShift <= 0) {
            throw new IllegalArgumentException("invalid frontend configuration");
        }
        if (Integer.bitCount(fftSize) != 1 || fftSize < frameLength) {
            throw new IllegalArgumentException("fftSize must be a power of two >= frameLength: " + fftSize);
        }
    }

    /** The NeMo/sherpa-onnx frontend at 16 kHz with {@code numMels} bins. */
    public static FrontendConfig nemo(int numMels) {
        return new FrontendConfig(16000, numMels, 400, 160, 512, 0.97, false, 0, 0, FLT_EPSILON);
    }

    public double effectiveHighFreq() {
        return highFreq > 0 ? highFreq : sampleRate / 2.0 + highFreq;
    }

    /** Frames produced for {@code numSamples} samples (snip-edges framing). */
    public int numFrames(long numSamples) {
        return numSamples < frameLength ? 0 : (int) (1 + (numSamples - frameLength) / frameShift);
    }
}
