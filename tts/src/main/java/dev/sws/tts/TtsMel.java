package dev.sws.tts;

import dev.sws.audio.features.Fft;
import dev.sws.audio.features.FrontendConfig;
import dev.sws.audio.features.MelFilterbank;

/**
 * The log-mel spectrogram the TTS models were trained on (training/tts/tts_model.py {@code TtsMel}): periodic Hann
 * window of {@code nFft}, hop {@code hop}, zero padding of {@code (nFft - hop) / 2} on both sides (N samples →
 * N / hop frames), magnitude spectrum, Slaney mel filters, natural log of max(mel, 1e-5).
 */
public final class TtsMel {

    private final TtsConfig config;
    private final MelFilterbank filters;
    private final double[] window;
    private final Fft fft;

    public TtsMel(TtsConfig config) {
        this.config = config;
        this.filters = new MelFilterbank(new FrontendConfig(config.sampleRate(), config.nMels(), config.nFft(), config.hop(),
                config.nFft(), 0.0, false, config.fMin(), config.fMax(), 1e-5));
        this.fft = new Fft(config.nFft());
        this.window = new double[config.nFft()];
        for (int i = 0; i < window.length; i++) {
            window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / window.length);
        }
    }

    public int sampleRate() {
        return config.sampleRate();
    }

    /** (frames, nMels) for mono audio at the model's sample rate. */
    public float[][] compute(float[] audio) {
        int hop = config.hop();
        int nFft = config.nFft();
        int frames = audio.length / hop;
        int pad = (nFft - hop) / 2;
        float[][] out = new float[frames][config.nMels()];
        double[] re = new double[nFft];
        double[] im = new double[nFft];
        double[] mag = new double[nFft / 2 + 1];
        double[] mel = new double[config.nMels()];
        int usable = frames * hop;
        for (int f = 0; f < frames; f++) {
            int start = f * hop - pad;
            for (int i = 0; i < nFft; i++) {
                int j = start + i;
                re[i] = j >= 0 && j < usable ? audio[j] * window[i] : 0.0;
                im[i] = 0.0;
            }
            fft.forward(re, im);
            for (int k = 0; k < mag.length; k++) {
                mag[k] = Math.sqrt(re[k] * re[k] + im[k] * im[k]);
            }
            filters.apply(mag, mel);
            for (int m = 0; m < mel.length; m++) {
                out[f][m] = (float) Math.log(Math.max(mel[m], 1e-5));
            }
        }
        return out;
    }
}
