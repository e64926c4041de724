package dev.sws.app.gui;

import dev.sws.workstation.Workstation;
import dev.sws.audio.PcmAudio;
import dev.sws.audio.capture.AudioPlayer;
import dev.sws.audio.capture.MicrophoneCapture;
import dev.sws.audio.dsp.WaveformSummary;
import dev.sws.audio.io.AudioFiles;
import dev.sws.codec.CodecMetrics;
import dev.sws.codec.CodecModel;
import dev.sws.codec.TokenFile;
import dev.sws.core.bus.ErrorEvent;
import dev.sws.core.exec.BackgroundTask;
import dev.sws.core.util.UserFacingException;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Codec Lab: open audio (encode with the house codec, decode, measure) or a {@code .tokens} file (decode), show the
 * tokens over time, the bit rate and the round-trip quality, play original and decoded for A/B listening, save
 * tokens and audio. Work runs in the background; results land on the FX thread.
 */
public final class CodecLabViewModel implements AutoCloseable {

    public enum State { IDLE, RECORDING, WORKING }

    /** What one encode/decode produced. */
    public record Result(String source, PcmAudio original, PcmAudio decoded, TokenFile tokens, double melDistance,
                         double siSdr, double encodeSeconds, double decodeSeconds) {}

    private final Workstation ctx;
    private final AudioPlayer player = new AudioPlayer();
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(State.IDLE);
    private final ReadOnlyObjectWrapper<Result> result = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<WaveformSummary> originalWave = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<WaveformSummary> decodedWave = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyDoubleWrapper playhead = new ReadOnlyDoubleWrapper(-1);
    private final ReadOnlyStringWrapper info = new ReadOnlyStringWrapper("Open or drop an audio file (or tokens: .tokens, .json, .npy).");
    private final ReadOnlyStringWrapper stats = new ReadOnlyStringWrapper("");

    private MicrophoneCapture mic;
    private int recordRate;
    private final java.io.ByteArrayOutputStream recorded = new java.io.ByteArrayOutputStream();

    public CodecLabViewModel(Workstation ctx) {
        this.ctx = ctx;
    }

    /** Opens audio (encoded and decoded with the default codec) or tokens (.tokens, .json or .npy; decoded). */
    public void open(Path file) {
        if (state.get() != State.IDLE) {
            info.set("Wait for the current job to finish.");
            return;
        }
        state.set(State.WORKING);
        info.set("Working on " + file.getFileName() + "…");
        String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean tokens = lower.endsWith(".tokens") || lower.endsWith(".json") || lower.endsWith(".npy");
        ctx.executor().submit(BackgroundTask.of("codec " + file.getFileName(), p -> tokens ? decodeTokens(file) : roundTrip(file))
                .onSuccess(this::show)
                .onFailure(e -> {
                    state.set(State.IDLE);
                    info.set(UserFacingException.messageOf(e));
                    ctx.bus().publish(new ErrorEvent("codec", UserFacingException.messageOf(e), e));
                }));
    }

    /** Records from the default microphone at the codec's rate until {@link #stopRecording()}. */
    public void startRecording() {
        if (state.get() != State.IDLE) {
            return;
        }
        try {
            int rate = ctx.codec().sampleRate(null);   // from the manifest: no model load on the FX thread
            recordRate = rate;
            synchronized (recorded) {
                recorded.reset();
            }
            mic = new MicrophoneCapture(null, rate, 5, (samples, n) -> {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * n);
                b.asFloatBuffer().put(samples, 0, n);
                synchronized (recorded) {
                    recorded.write(b.array(), 0, b.capacity());
                }
            });
            mic.start();
            state.set(State.RECORDING);
            info.set("Recording… press Stop to encode and decode it.");
        } catch (RuntimeException e) {
            info.set(UserFacingException.messageOf(e));
        }
    }

    /** Stops a recording and runs it through the codec. */
    public void stopRecording() {
        if (state.get() != State.RECORDING || mic == null) {
            return;
        }
        mic.close();
        mic = null;
        float[] samples;
        synchronized (recorded) {
            java.nio.FloatBuffer fb = java.nio.ByteBuffer.wrap(recorded.toByteArray()).asFloatBuffer();
            samples = new float[fb.remaining()];
            fb.get(samples);
        }
        state.set(State.WORKING);
        int rate = recordRate;
        ctx.executor().submit(BackgroundTask.of("codec recording", p -> roundTrip("recording", new PcmAudio(samples, rate)))
                .onSuccess(this::show)
                .onFailure(e -> {
                    state.set(State.IDLE);
                    info.set(UserFacingException.messageOf(e));
                }));
    }

    private Result roundTrip(Path file) {
        return roundTrip(file.getFileName().toString(), AudioFiles.read(file, ctx.codec().load(null).info().sampleRate()));
    }

    private Result roundTrip(String name, PcmAudio a) {
        CodecModel codec = ctx.codec().load(null);
        var ci = codec.info();
        if (a.length() == 0) {
            throw new UserFacingException(name + " contains no audio.");
        }
        long t0 = System.nanoTime();
        int[][] codes = codec.encode(a.samples());
        long t1 = System.nanoTime();
        float[] out = codec.decode(codes);
        long t2 = System.nanoTime();
        float[] dec = java.util.Arrays.copyOf(out, a.length());
        return new Result(name, a, new PcmAudio(dec, ci.sampleRate()), TokenFile.of(ci, codes),
                CodecMetrics.melDistance(a.samples(), dec, ci.sampleRate()), CodecMetrics.siSdr(a.samples(), dec),
                (t1 - t0) / 1e9, (t2 - t1) / 1e9);
    }

    private Result decodeTokens(Path file) throws IOException {
        TokenFile tf = TokenFile.load(file, () -> ctx.codec().load(null).info());
        CodecModel codec = ctx.codec().load(ctx.codec().resolveOrNull(tf.codecId()));
        tf.requireCompatible(codec.info());
        long t0 = System.nanoTime();
        float[] out = codec.decode(tf.codes());
        return new Result(file.getFileName().toString(), null, new PcmAudio(out, tf.sampleRate()), tf, Double.NaN, Double.NaN,
                0, (System.nanoTime() - t0) / 1e9);
    }

    private void show(Result r) {
        int spb = Math.max(1, r.decoded().sampleRate() / 100);
        originalWave.set(r.original() == null ? null : WaveformSummary.of(r.original().samples(), r.original().sampleRate(), spb));
        decodedWave.set(WaveformSummary.of(r.decoded().samples(), r.decoded().sampleRate(), spb));
        TokenFile t = r.tokens();
        double secs = r.decoded().durationSeconds();
        String quality = r.original() == null ? "no original to compare" : String.format(Locale.ROOT,
                "mel distance %.3f, SI-SDR %.1f dB", r.melDistance(), r.siSdr());
        stats.set(String.format(Locale.ROOT, "%s · %d codebooks × %d frames (%.0f frames/s, %d entries each) · %.0f bit/s · "
                        + "%s · encode %.0fx, decode %.0fx real time", t.codecId(), t.codes().length, t.frames(), t.frameRate(),
                t.codebookSize(), t.bitrate(), quality, r.encodeSeconds() > 0 ? secs / r.encodeSeconds() : 0,
                r.decodeSeconds() > 0 ? secs / r.decodeSeconds() : 0));
        info.set(r.source() + ": " + String.format(Locale.ROOT, "%.1f s", secs) + (r.original() == null
                ? " decoded from tokens." : " encoded and decoded. Compare with ▶ Original / ▶ Decoded."));
        result.set(r);   // last: listeners of the result see the rest already updated
        state.set(State.IDLE);
    }

    public void playOriginal() {
        Result r = result.get();
        play(r == null ? null : r.original());
    }

    public void playDecoded() {
        Result r = result.get();
        play(r == null ? null : r.decoded());
    }

    private void play(PcmAudio a) {
        if (a == null) {
            info.set("Nothing to play.");
            return;
        }
        try {
            player.play(a, 0, pos -> FxExecutor.INSTANCE.execute(() -> playhead.set(pos)),
                    () -> FxExecutor.INSTANCE.execute(() -> playhead.set(-1)));
        } catch (UserFacingException e) {
            info.set(e.getMessage());
        }
    }

    public void stop() {
        player.stop();
        stopRecording();
    }

    public void saveTokens(Path file) {
        save(file, () -> {
            String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
            TokenFile t = result.get().tokens();
            if (n.endsWith(".json")) {
                dev.sws.core.util.AtomicFiles.writeString(file, t.toJson());
            } else if (n.endsWith(".npy")) {
                dev.sws.core.util.AtomicFiles.writeBytes(file, t.toNpy());
            } else {
                t.write(file);
            }
        });
    }

    public void saveAudio(Path file) {
        save(file, () -> AudioFiles.write(file, result.get().decoded()));
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private void save(Path file, IoAction a) {
        if (result.get() == null) {
            info.set("Nothing to save yet.");
            return;
        }
        try {
            a.run();
            info.set("Saved " + file.getFileName() + ".");
        } catch (IOException | RuntimeException e) {
            info.set("Could not save " + file.getFileName() + ": " + UserFacingException.messageOf(e));
        }
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Result> resultProperty() {
        return result.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<WaveformSummary> originalWaveProperty() {
        return originalWave.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<WaveformSummary> decodedWaveProperty() {
        return decodedWave.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty playheadProperty() {
        return playhead.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty infoProperty() {
        return info.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statsProperty() {
        return stats.getReadOnlyProperty();
    }

    @Override
    public void close() {
        if (mic != null) {
            mic.close();
        }
        player.close();
    }
}
