package dev.sws.audio.capture;

import dev.sws.audio.dsp.FloatRingBuffer;
import dev.sws.audio.dsp.StreamingResampler;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.TargetDataLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Captures a microphone on its own thread, converts to mono float at {@code targetRate} and writes into a
 * lock-free {@link FloatRingBuffer}. The capture thread never blocks on consumers: a slow consumer loses the
 * oldest audio and the loss is counted. A listener sees every block on the capture thread (keep it cheap: level
 * metering, publishing a coalesced event).
 */
public final class MicrophoneCapture implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(MicrophoneCapture.class.getName());

    /** Called on the capture thread with each converted block (do not keep the array). */
    @FunctionalInterface
    public interface BlockListener {
        void onBlock(float[] samples, int length);
    }

    private final int targetRate;
    private final FloatRingBuffer ring;
    private final BlockListener listener;
    private final TargetDataLine line;
    private final AudioFormat format;
    private volatile boolean running;
    private volatile Throwable failure;
    private Thread thread;

    /**
     * Opens the microphone (the system default when {@code deviceName} is null).
     *
     * @throws AudioDeviceException when there is no microphone or it cannot be opened
     */
    public MicrophoneCapture(String deviceName, int targetRate, double bufferSeconds, BlockListener listener) {
        this.targetRate = targetRate;
        this.ring = new FloatRingBuffer((int) (bufferSeconds * targetRate));
        this.listener = Objects.requireNonNullElse(listener, (s, n) -> { });
        Mixer.Info mixer = deviceName == null ? null : findMixer(deviceName);
        TargetDataLine opened = null;
        AudioFormat chosen = null;
        LineUnavailableException last = null;
        for (AudioFormat f : candidateFormats(targetRate)) {
            DataLine.Info info = new DataLine.Info(TargetDataLine.class, f);
            try {
                TargetDataLine l = mixer == null ? (TargetDataLine) AudioSystem.getLine(info)
                        : (TargetDataLine) AudioSystem.getMixer(mixer).getLine(info);
                l.open(f, (int) (f.getFrameRate() * f.getFrameSize() / 10)); // 100 ms device buffer
                opened = l;
                chosen = f;
                break;
            } catch (LineUnavailableException e) {
                last = e;
            } catch (IllegalArgumentException | SecurityException e) {
                // format not supported by this line; try the next
            }
        }
        if (opened == null) {
            if (inputDevices().isEmpty()) {
                throw new AudioDeviceException("No microphone was found; connect one or check the system's sound settings.", last);
            }
            throw new AudioDeviceException("The microphone could not be opened (it may be in use by another application).", last);
        }
        this.line = opened;
        this.format = chosen;
    }

    private static List<AudioFormat> candidateFormats(int targetRate) {
        List<AudioFormat> out = new ArrayList<>();
        for (float rate : new float[]{targetRate, 48000f, 44100f, 32000f, 16000f}) {
            for (int ch : new int[]{1, 2}) {
                out.add(new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, rate, 16, ch, 2 * ch, rate, false));
            }
        }
        return out;
    }

    /** Names of the mixers that offer a capture line. */
    public static List<String> inputDevices() {
        List<String> names = new ArrayList<>();
        try {
            for (Mixer.Info mi : AudioSystem.getMixerInfo()) {
                Mixer m = AudioSystem.getMixer(mi);
                if (m.getTargetLineInfo().length > 0 && m.isLineSupported(new DataLine.Info(TargetDataLine.class, null))) {
                    names.add(mi.getName());
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "listing input devices failed", e);
        }
        return names;
    }

    private static Mixer.Info findMixer(String name) {
        for (Mixer.Info mi : AudioSystem.getMixerInfo()) {
            if (mi.getName().equals(name)) {
                return mi;
            }
        }
        throw new AudioDeviceException("The microphone '" + name + "' is not connected.");
    }

    /** The device format actually opened (before conversion). */
    public AudioFormat deviceFormat() {
        return format;
    }

    public int sampleRate() {
        return targetRate;
    }

    public FloatRingBuffer ring() {
        return ring;
    }

    /** The error that stopped capture, if any. */
    public Throwable failure() {
        return failure;
    }

    public boolean isRunning() {
        return running;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        line.start();
        thread = Thread.ofPlatform().daemon().name("sws-capture").priority(Thread.MAX_PRIORITY).start(this::loop);
    }

    private void loop() {
        int channels = format.getChannels();
        int deviceRate = (int) format.getSampleRate();
        StreamingResampler rs = new StreamingResampler(deviceRate, targetRate);
        byte[] bytes = new byte[(deviceRate / 50) * format.getFrameSize()]; // 20 ms blocks
        float[] mono = new float[deviceRate / 50];
        try {
            while (running) {
                int n = line.read(bytes, 0, bytes.length);
                if (n <= 0) {
                    continue;
                }
                int frames = n / format.getFrameSize();
                pcm16ToMono(bytes, frames, channels, mono);
                float[] out = rs.process(mono, 0, frames, false);
                ring.write(out, 0, out.length);
                listener.onBlock(out, out.length);
            }
        } catch (RuntimeException e) {
            failure = e;
            LOG.log(Level.WARNING, "capture stopped by an error", e);
        } finally {
            running = false;
        }
    }

    /** Little-endian signed 16-bit interleaved to mono float (channels averaged). */
    static void pcm16ToMono(byte[] b, int frames, int channels, float[] out) {
        for (int f = 0; f < frames; f++) {
            int sum = 0;
            for (int c = 0; c < channels; c++) {
                int i = (f * channels + c) * 2;
                sum += (short) ((b[i] & 0xFF) | (b[i + 1] << 8)); // low byte unsigned, high byte signed
            }
            out[f] = sum / (32768f * channels);
        }
    }

    public synchronized void stop() {
        running = false;
        if (thread != null) {
            line.stop();
            try {
                thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    @Override
    public void close() {
        stop();
        line.close();
    }
}
