package dev.sws.audio.dsp;

import be.tarsos.dsp.AudioDispatcher;
import be.tarsos.dsp.AudioEvent;
import be.tarsos.dsp.AudioProcessor;
import be.tarsos.dsp.WaveformSimilarityBasedOverlapAdd;
import be.tarsos.dsp.io.jvm.AudioDispatcherFactory;

import java.util.Arrays;

/**
 * Plays speech faster or slower with its pitch kept: TarsosDSP's WSOLA (waveform-similarity overlap-add) with its
 * speech settings, streamed block by block, so that a long file starts at once and a stop is prompt. At tempo 1 the
 * samples pass unchanged.
 */
public final class TimeStretch {

    public static final double MIN_TEMPO = 0.5;
    public static final double MAX_TEMPO = 2.0;

    /** Receives output blocks; returns false to stop. */
    @FunctionalInterface
    public interface Sink {
        /**
         * @param block          output samples (only the first {@code length} count; the array may be reused)
         * @param sourcePosition the sample of the input reached with this block
         */
        boolean accept(float[] block, int length, int sourcePosition);
    }

    private TimeStretch() {
    }

    /**
     * Streams samples {@code from} (inclusive) to {@code to} (exclusive) of {@code samples} at {@code tempo}
     * ({@link #MIN_TEMPO}..{@link #MAX_TEMPO}; 2 = twice as fast) into {@code sink}; returns false when the sink
     * stopped it.
     */
    public static boolean stream(float[] samples, int sampleRate, int from, int to, double tempo, Sink sink) {
        if (tempo < MIN_TEMPO - 1e-9 || tempo > MAX_TEMPO + 1e-9) {
            throw new IllegalArgumentException("Playback speed must be between 0.5 and 2, not " + tempo + ".");
        }
        int a = Math.max(0, Math.min(samples.length, from));
        int b = Math.max(a, Math.min(samples.length, to));
        if (Math.abs(tempo - 1) < 1e-6) {
            int block = sampleRate / 30;
            float[] buf = new float[block];
            for (int pos = a; pos < b; pos += block) {
                int n = Math.min(block, b - pos);
                System.arraycopy(samples, pos, buf, 0, n);
                if (!sink.accept(buf, n, pos + n)) {
                    return false;
                }
            }
            return true;
        }
        WaveformSimilarityBasedOverlapAdd wsola = new WaveformSimilarityBasedOverlapAdd(
                WaveformSimilarityBasedOverlapAdd.Parameters.speechDefaults(tempo, sampleRate));
        AudioDispatcher d;
        try {
            d = AudioDispatcherFactory.fromFloatArray(Arrays.copyOfRange(samples, a, b), sampleRate,
                    wsola.getInputBufferSize(), wsola.getOverlap());
        } catch (javax.sound.sampled.UnsupportedAudioFileException e) {
            throw new IllegalStateException("16-bit mono PCM is always supported", e);
        }
        wsola.setDispatcher(d);
        d.addAudioProcessor(wsola);
        boolean[] stopped = {false};
        d.addAudioProcessor(new AudioProcessor() {
            @Override
            public boolean process(AudioEvent e) {
                float[] out = e.getFloatBuffer();
                int pos = a + (int) Math.min(b - a, e.getSamplesProcessed() + wsola.getInputBufferSize());
                if (!sink.accept(out, out.length, Math.min(b, pos))) {
                    stopped[0] = true;
                    d.stop();
                }
                return true;
            }

            @Override
            public void processingFinished() {
            }
        });
        d.run();
        return !stopped[0];
    }
}
