package dev.sws.audio;

import dev.sws.audio.dsp.FloatRingBuffer;
import dev.sws.audio.dsp.LevelMeter;
import dev.sws.audio.dsp.StreamingResampler;
import dev.sws.audio.dsp.WaveformSummary;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class DspTest {

    static float[] sine(double hz, int rate, double seconds) {
        float[] s = new float[(int) (rate * seconds)];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) (0.5 * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return s;
    }

    /** Frequency estimate from zero crossings. */
    static double frequency(float[] s, int rate) {
        int z = 0;
        for (int i = 1000; i < s.length - 1000; i++) {
            if (s[i - 1] < 0 && s[i] >= 0) {
                z++;
            }
        }
        return z / ((s.length - 2000) / (double) rate);
    }

    @Test
    void playbackSpeedChangesTheLengthAndKeepsThePitch() {
        float[] in = sine(440, 16000, 3.0);
        for (double tempo : new double[]{0.5, 0.75, 1.0, 1.5, 2.0}) {
            float[][] out = {new float[0]};
            int[] last = {0};
            boolean done = dev.sws.audio.dsp.TimeStretch.stream(in, 16000, 8000, 40000, tempo, (b, n, pos) -> {
                float[] grown = java.util.Arrays.copyOf(out[0], out[0].length + n);
                System.arraycopy(b, 0, grown, out[0].length, n);
                out[0] = grown;
                assertTrue(pos >= last[0], "source positions only move forward");
                last[0] = pos;
                return true;
            });
            assertTrue(done);
            assertEquals(2.0 / tempo, out[0].length / 16000.0, 0.08 * 2.0 / tempo, "length at tempo " + tempo);
            assertEquals(440, frequency(out[0], 16000), 6.0, "pitch at tempo " + tempo);
            assertEquals(40000, last[0], 1200, "the last block reaches the end of the range");
        }
        int[] blocks = {0};
        assertFalse(dev.sws.audio.dsp.TimeStretch.stream(in, 16000, 0, in.length, 1.5, (b, n, pos) -> ++blocks[0] < 3),
                "a sink that says stop stops it");
        assertEquals(3, blocks[0]);
        assertThrows(IllegalArgumentException.class, () -> dev.sws.audio.dsp.TimeStretch.stream(in, 16000, 0, 10, 3.0, (b, n, p) -> true));
    }

    @Test
    void resamplingKeepsPitchAndLengthInOneShotAndInBlocks() {
        for (int from : new int[]{8000, 22050, 44100, 48000}) {
            float[] in = sine(440, from, 2.0);
            float[] out = StreamingResampler.resample(in, from, 16000);
            assertEquals(32000, out.length, 2, "length from " + from);
            assertEquals(440, frequency(out, 16000), 2.0, "pitch from " + from);
            StreamingResampler r = new StreamingResampler(from, 16000);
            java.util.List<float[]> parts = new java.util.ArrayList<>();
            for (int p = 0; p < in.length; p += 777) {
                parts.add(r.process(in, p, Math.min(777, in.length - p), false));
            }
            parts.add(r.process(in, 0, 0, true));
            int total = parts.stream().mapToInt(x -> x.length).sum();
            assertEquals(32000, total, 40, "streamed length from " + from);
        }
    }

    @Test
    void ringBufferKeepsOrderAndCountsOverruns() throws Exception {
        FloatRingBuffer rb = new FloatRingBuffer(1024);
        float[] block = new float[100];
        float[] got = new float[100];
        float next = 0;
        float expect = 0;
        for (int round = 0; round < 50; round++) {
            for (int i = 0; i < 100; i++) {
                block[i] = next++;
            }
            rb.write(block, 0, 100);
            int n = rb.read(got, 0, 100);
            for (int i = 0; i < n; i++) {
                assertEquals(expect++, got[i]);
            }
        }
        assertEquals(0, rb.overruns());
        for (int i = 0; i < 20; i++) {
            rb.write(block, 0, 100);
        }
        assertEquals(2000 - 1024, rb.overruns());
        assertEquals(1024, rb.available());
        // concurrent producer/consumer: the consumer sees a strictly increasing sequence
        FloatRingBuffer shared = new FloatRingBuffer(1 << 16);
        Thread producer = Thread.ofPlatform().start(() -> {
            float[] b = new float[64];
            float v = 0;
            for (int k = 0; k < 5000; k++) {
                for (int i = 0; i < 64; i++) {
                    b[i] = v++;
                }
                shared.write(b, 0, 64);
            }
        });
        float last = -1;
        float[] buf = new float[300];
        long deadline = System.currentTimeMillis() + 5000;
        while ((producer.isAlive() || shared.available() > 0) && System.currentTimeMillis() < deadline) {
            int n = shared.read(buf, 0, buf.length);
            for (int i = 0; i < n; i++) {
                assertTrue(buf[i] > last);
                last = buf[i];
            }
        }
        producer.join();
    }

    @Test
    void levelsAndWaveform() {
        float[] s = sine(100, 16000, 1);
        LevelMeter l = LevelMeter.measure(s, 0, s.length);
        assertEquals(20 * Math.log10(0.5 / Math.sqrt(2)), l.rmsDb(), 0.05);
        assertEquals(20 * Math.log10(0.5), l.peakDb(), 0.05);
        assertFalse(l.clipped());
        assertEquals(LevelMeter.FLOOR_DB, LevelMeter.measure(new float[100], 0, 100).rmsDb());
        WaveformSummary w = WaveformSummary.of(s, 16000, 160);
        assertEquals(100, w.bins());
        WaveformSummary small = w.resample(10);
        assertEquals(10, small.bins());
        assertEquals(0.5, small.max()[3], 0.01);
        assertEquals(-0.5, small.min()[3], 0.01);
        assertEquals(1.0, w.durationSeconds(), 1e-9);
    }
}
