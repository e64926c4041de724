package dev.sws.audio.capture;


import javax.sound.sampled.SourceDataLine;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Plays audio that is still being produced: chunks are queued as they arrive and written to the output line by a
 * daemon thread, so the first chunk sounds while the next ones render. {@link #finish()} waits until everything
 * queued has been heard; {@link #close()} stops at once.
 */
public final class StreamingPlayer implements AutoCloseable {

    private static final float[] END = new float[0];

    private final SourceDataLine line;
    private final BlockingQueue<float[]> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final long created = System.nanoTime();
    private volatile long firstSound;
    private volatile boolean stopped;

    /** @throws AudioDeviceException when there is no output device */
    public StreamingPlayer(int sampleRate) {
        line = AudioPlayer.openLine(sampleRate);
        thread = Thread.ofPlatform().daemon().name("sws-stream-playback").start(this::drainQueue);
    }

    /** Queues a chunk (mono, the rate given at construction); returns at once. */
    public void accept(float[] chunk) {
        if (chunk.length > 0 && !stopped) {
            queue.add(chunk.clone());
        }
    }

    /** Seconds from construction to the first sample handed to the device; negative while nothing played. */
    public double firstSoundSeconds() {
        long f = firstSound;
        return f == 0 ? -1 : (f - created) / 1e9;
    }

    /** Waits until every queued chunk has been played. */
    public void finish() throws InterruptedException {
        queue.add(END);
        thread.join();
    }

    private void drainQueue() {
        try {
            line.start();
            while (!stopped) {
                float[] c = queue.take();
                if (c == END) {
                    line.drain();
                    break;
                }
                byte[] bytes = new byte[c.length * 2];
                AudioPlayer.toPcm16Le(c, 0, c.length, bytes);
                if (firstSound == 0) {
                    firstSound = System.nanoTime();
                }
                line.write(bytes, 0, bytes.length);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            line.stop();
            line.close();
        }
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
    }
}
