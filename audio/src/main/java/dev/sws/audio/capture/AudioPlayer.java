package dev.sws.audio.capture;

import dev.sws.audio.PcmAudio;
import dev.sws.audio.dsp.TimeStretch;
import dev.sws.audio.io.WavWriter;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.SourceDataLine;
import java.util.function.DoubleConsumer;

/**
 * Plays a clip from a given position on a daemon thread, reporting the position (seconds) about 30 times a
 * second on that thread. One clip at a time; {@link #stop()} ends playback promptly.
 */
public final class AudioPlayer implements AutoCloseable {

    private volatile boolean stopRequested;
    private Thread thread;
    private SourceDataLine line;

    /**
     * Starts playing {@code audio} from {@code fromSeconds}.
     *
     * @param onPosition receives the playback position in seconds (on the playback thread)
     * @param onEnd      runs on the playback thread when playback ends or is stopped
     * @throws AudioDeviceException when there is no output device
     */
    public synchronized void play(PcmAudio audio, double fromSeconds, DoubleConsumer onPosition, Runnable onEnd) {
        play(audio, fromSeconds, -1, 1.0, false, onPosition, onEnd);
    }

    /**
     * Plays {@code audio} from {@code fromSeconds} to {@code toSeconds} (negative: to the end) at {@code tempo}
     * (0.5-2, pitch kept: {@link TimeStretch}), over and over while {@code loop} until {@link #stop()}. Positions
     * reported are in the audio's own time.
     */
    public synchronized void play(PcmAudio audio, double fromSeconds, double toSeconds, double tempo, boolean loop,
                                  DoubleConsumer onPosition, Runnable onEnd) {
        stop();
        SourceDataLine l = openLine(audio.sampleRate());
        line = l;
        stopRequested = false;
        int sr = audio.sampleRate();
        int start = (int) Math.max(0, Math.min(audio.length(), Math.round(fromSeconds * sr)));
        int end = toSeconds < 0 ? audio.length() : (int) Math.max(start, Math.min(audio.length(), Math.round(toSeconds * sr)));
        thread = Thread.ofPlatform().daemon().name("sws-playback").start(() -> {
            try {
                l.start();
                byte[][] bytes = {new byte[0]};
                TimeStretch.Sink sink = (block, n, pos) -> {
                    if (stopRequested) {
                        return false;
                    }
                    if (bytes[0].length < n * 2) {
                        bytes[0] = new byte[n * 2];
                    }
                    toPcm16Le(block, 0, n, bytes[0]);
                    l.write(bytes[0], 0, n * 2);
                    if (onPosition != null) {
                        onPosition.accept(pos / (double) sr);
                    }
                    return !stopRequested;
                };
                do {
                    TimeStretch.stream(audio.samples(), sr, start, end, tempo, sink);
                } while (loop && !stopRequested && end > start);
                if (!stopRequested) {
                    l.drain();
                }
            } finally {
                l.stop();
                l.close();
                if (onEnd != null) {
                    onEnd.run();
                }
            }
        });
    }

    /** A mono 16-bit output line at {@code sampleRate} with a 0.4 s buffer, opened. */
    static SourceDataLine openLine(int sampleRate) {
        AudioFormat f = new AudioFormat(sampleRate, 16, 1, true, false);
        try {
            SourceDataLine l = AudioSystem.getSourceDataLine(f);
            l.open(f, sampleRate / 5 * 2);
            return l;
        } catch (LineUnavailableException | IllegalArgumentException e) {
            throw new AudioDeviceException("No audio output device is available for playback.", e);
        }
    }

    /** {@code n} samples from {@code src[from]} as little-endian 16-bit PCM into {@code dst}. */
    static void toPcm16Le(float[] src, int from, int n, byte[] dst) {
        for (int i = 0; i < n; i++) {
            short v = WavWriter.toPcm16(src[from + i]);
            dst[2 * i] = (byte) v;
            dst[2 * i + 1] = (byte) (v >> 8);
        }
    }

    public boolean isPlaying() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    public synchronized void stop() {
        stopRequested = true;
        if (line != null) {
            line.flush();
        }
        if (thread != null) {
            try {
                thread.join(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
