package dev.sws.asr;

import dev.sws.asr.decode.SearchState;
import dev.sws.asr.model.EncoderCache;
import dev.sws.audio.dsp.StreamingResampler;
import dev.sws.audio.features.OnlineFeatureExtractor;

/**
 * One audio source being recognised (sherpa-onnx's OnlineStream): accept samples, let the recogniser decode
 * while it is ready, read partial results, finalise at endpoints, and mark the input finished. Not
 * thread-safe: one thread feeds and decodes a stream (several streams may be decoded together in one batch).
 */
public final class OnlineStream {

    final OnlineFeatureExtractor features;
    final EncoderCache cache;
    SearchState search;
    /** Mel frame where the next window starts. */
    int processed;
    /** Mel frame where the current segment started. */
    int segmentStart;
    int segmentIndex;
    private StreamingResampler resampler;
    private long samplesAccepted;
    private boolean finished;
    private final int tailSamples;

    OnlineStream(OnlineFeatureExtractor features, EncoderCache cache, SearchState search, int tailSamples) {
        this.features = features;
        this.cache = cache;
        this.search = search;
        this.tailSamples = tailSamples;
    }

    /** Adds samples at any sample rate (converted to 16 kHz internally; keep the rate constant per stream). */
    public void acceptWaveform(int sampleRate, float[] samples, int off, int len) {
        if (finished) {
            throw new IllegalStateException("input already finished");
        }
        if (sampleRate != 16000) {
            if (resampler == null || resampler.fromRate() != sampleRate) {
                resampler = new StreamingResampler(sampleRate, 16000);
            }
            float[] r = resampler.process(samples, off, len, false);
            features.accept(r, 0, r.length);
            samplesAccepted += r.length;
        } else {
            features.accept(samples, off, len);
            samplesAccepted += len;
        }
    }

    public void acceptWaveform(int sampleRate, float[] samples) {
        acceptWaveform(sampleRate, samples, 0, samples.length);
    }

    /** No more input: appends silence so the last words pass the model's look-ahead. */
    public void inputFinished() {
        if (finished) {
            return;
        }
        if (resampler != null) {
            float[] r = resampler.process(new float[0], 0, 0, true);
            features.accept(r, 0, r.length);
        }
        features.accept(new float[tailSamples], 0, tailSamples);
        features.inputFinished();
        finished = true;
    }

    public boolean isFinished() {
        return finished;
    }

    /** Seconds of (16 kHz) audio accepted so far, excluding tail padding. */
    public double secondsAccepted() {
        return samplesAccepted / 16000.0;
    }

    public int segmentIndex() {
        return segmentIndex;
    }
}
