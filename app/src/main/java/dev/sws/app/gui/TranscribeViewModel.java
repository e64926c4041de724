package dev.sws.app.gui;

import dev.sws.workstation.Workstation;
import dev.sws.asr.AsrEvent;
import dev.sws.asr.FileTranscriber;
import dev.sws.asr.LiveTranscriber;
import dev.sws.asr.OnlineRecognizer;
import dev.sws.asr.Segment;
import dev.sws.asr.Transcript;
import dev.sws.asr.export.TranscriptExporter;
import dev.sws.asr.export.TranscriptFormat;
import dev.sws.audio.PcmAudio;
import dev.sws.audio.capture.AudioPlayer;
import dev.sws.audio.capture.MicrophoneCapture;
import dev.sws.audio.dsp.WaveformSummary;
import dev.sws.audio.io.AudioFiles;
import dev.sws.core.bus.ErrorEvent;
import dev.sws.core.bus.Subscription;
import dev.sws.core.exec.BackgroundTask;
import dev.sws.core.exec.TaskHandle;
import dev.sws.core.util.UserFacingException;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Transcribe workspace's state and commands: transcribe a file or the microphone, show finals and the
 * greyed partial, progress and level, play from a word, export. Holds no Nodes; every mutation happens on the
 * FX thread (bus subscriptions deliver there, background work goes through the task executor).
 */
public final class TranscribeViewModel implements AutoCloseable {

    public enum State { IDLE, LOADING, TRANSCRIBING, RECORDING }

    private static final String FILE_STREAM = "file";
    private static final String MIC_STREAM = "mic";

    private final Workstation ctx;
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(State.IDLE);
    private final ObservableList<Segment> segments = FXCollections.observableArrayList();
    // one read-only view, kept: a wrapper made per call listens to the source weakly and stops updating once collected
    private final ObservableList<Segment> segmentsView = FXCollections.unmodifiableObservableList(segments);
    private final ReadOnlyStringWrapper partial = new ReadOnlyStringWrapper("");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyDoubleWrapper level = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper source = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper info = new ReadOnlyStringWrapper("Open or drop an audio file, or press Record.");
    private final ReadOnlyObjectWrapper<WaveformSummary> waveform = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyDoubleWrapper playhead = new ReadOnlyDoubleWrapper(-1);
    private final ObjectProperty<Transcript> transcript = new SimpleObjectProperty<>();
    private final CorrectionReview review;
    private final List<Subscription> subs = new ArrayList<>();
    private final AudioPlayer player = new AudioPlayer();
    private PcmAudio audio;
    private TaskHandle<?> running;
    private MicrophoneCapture mic;
    private LiveTranscriber live;
    private int lastFinal = -1;   // index of the newest final segment of the current job (FX thread)

    public TranscribeViewModel(Workstation ctx) {
        this.review = new CorrectionReview(ctx, segments, this::refreshTranscript);
        this.ctx = ctx;
        var bus = ctx.bus();
        // partials are throttled (33 ms), finals are not: a partial held back may arrive after its segment's final, or
        // after the job ended, and then showed the finished text again in grey under it; only a partial of a segment
        // not yet final, while a job runs, is shown
        subs.add(bus.subscribe(AsrEvent.Partial.class, FxExecutor.INSTANCE, Duration.ofMillis(33), p -> {
            if (p.segment() > lastFinal && state.get() != State.IDLE) {
                partial.set(p.text());
            }
        }));
        subs.add(bus.subscribe(AsrEvent.Final.class, FxExecutor.INSTANCE, f -> {
            segments.add(f.segment());
            lastFinal = Math.max(lastFinal, f.segment().index());
            partial.set("");
        }));
        subs.add(bus.subscribe(AsrEvent.Level.class, FxExecutor.INSTANCE, Duration.ofMillis(33),
                l -> level.set(Math.max(0, Math.min(1, (l.rmsDb() + 60) / 60)))));
        subs.add(bus.subscribe(AsrEvent.Progress.class, FxExecutor.INSTANCE, Duration.ofMillis(33), p -> {
            if (FILE_STREAM.equals(p.streamId()) && p.total() > 0) {
                progress.set(Math.min(1, p.processed() / p.total()));
            }
        }));
        subs.add(bus.subscribe(AsrEvent.Ended.class, FxExecutor.INSTANCE, e -> {
            if (MIC_STREAM.equals(e.streamId())) {
                transcript.set(e.transcript());
                info.set(String.format(Locale.ROOT, "Recording saved to %s (%.1f s).", live == null ? "" : live.recording(), e.transcript().durationSeconds()));
                loadAudioForPlayback(live == null ? null : live.recording());
                live = null;
                state.set(State.IDLE);
            }
        }));
    }

    /** Transcribes {@code file} in the background; segments appear as they are recognised. */
    public void transcribeFile(Path file) {
        if (state.get() != State.IDLE) {
            info.set("Finish or cancel the current job first.");
            return;
        }
        state.set(State.LOADING);
        info.set("Loading " + file.getFileName() + "…");
        var bus = ctx.bus();
        running = ctx.executor().submit(BackgroundTask.of("transcribe " + file.getFileName(), p -> {
            PcmAudio a = AudioFiles.read(file, 16000); // for the waveform and click-to-play
            WaveformSummary w = WaveformSummary.of(a.samples(), a.sampleRate(), 160);
            // the transcript on screen gives way only now: a file that cannot be read leaves it as it was
            FxExecutor.INSTANCE.execute(() -> {
                clear();
                source.set(file.getFileName().toString());
                audio = a;
                waveform.set(w);
                state.set(State.TRANSCRIBING);
                info.set("Transcribing " + file.getFileName() + "…");
            });
            FileTranscriber ft = ctx.asr().fileTranscriber(null);
            long t0 = System.nanoTime();
            return ft.transcribe(file, new dev.sws.core.exec.Progress() {
                @Override
                public void update(double done, double total, String message) {
                    double rtf = done > 0 ? (System.nanoTime() - t0) / 1e9 / done : 0;
                    bus.publish(new AsrEvent.Progress(FILE_STREAM, done, total, rtf));
                }

                @Override
                public boolean isCancelled() {
                    return p.isCancelled();
                }
            }, s -> bus.publish(new AsrEvent.Final(FILE_STREAM, s)), s -> bus.publish(new AsrEvent.Partial(FILE_STREAM, s.index(), s.text(), s.start())));
        }).onSuccess(t -> {
            transcript.set(t);
            progress.set(1);
            partial.set("");
            state.set(State.IDLE);
            info.set(String.format(Locale.ROOT, "%s: %.1f s of audio in %.1f s (RTF %.3f), %d segment%s%s.", file.getFileName(),
                    t.durationSeconds(), t.computeSeconds(), t.rtf(), t.segments().size(), t.segments().size() == 1 ? "" : "s",
                    t.notes().isEmpty() ? "" : " (" + t.notes() + ")"));
            if (ctx.settings().correction().enabled()) {
                review.run(t);   // proposals for review; nothing changes until accepted
            }
        }).onFailure(e -> {
            state.set(State.IDLE);
            info.set(UserFacingException.messageOf(e));
            bus.publish(new ErrorEvent("transcribe", UserFacingException.messageOf(e), e));
        }).onCancelled(() -> {
            state.set(State.IDLE);
            info.set("Cancelled.");
        }));
    }

    /** Starts live transcription of the microphone; the audio is saved to the recordings folder as it arrives. */
    public void startRecording() {
        if (state.get() != State.IDLE) {
            return;
        }
        clear();
        Path file = ctx.paths().recordings().resolve("recording-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".wav");
        state.set(State.LOADING);
        info.set("Opening the microphone…");
        ctx.executor().submit(BackgroundTask.of("record", p -> {
            MicrophoneCapture m = new MicrophoneCapture(null, 16000, 30, null);
            OnlineRecognizer rec;
            try {
                rec = ctx.asr().recognizer(null);
            } catch (RuntimeException e) {
                rec = null; // record anyway; recognition unavailable
                ctx.bus().publish(new ErrorEvent("asr", "Recording without recognition: " + UserFacingException.messageOf(e), e));
            }
            LiveTranscriber lt = new LiveTranscriber(MIC_STREAM, rec, m.ring(), 16000, file, ctx.bus(),
                    rec == null ? null : ctx.asr().speechGate());
            m.start();
            lt.start();
            return new Object[]{m, lt};
        }).onSuccess(o -> {
            mic = (MicrophoneCapture) o[0];
            live = (LiveTranscriber) o[1];
            source.set("Microphone → " + file.getFileName());
            state.set(State.RECORDING);
            info.set("Recording… (saved to " + file + ")");
        }).onFailure(e -> {
            state.set(State.IDLE);
            info.set(UserFacingException.messageOf(e));
            ctx.bus().publish(new ErrorEvent("record", UserFacingException.messageOf(e), e));
        }));
    }

    /** Stops recording (the last segment is finalised in the background) or cancels a file job. */
    public void stop() {
        if (state.get() == State.RECORDING) {
            MicrophoneCapture m = mic;
            LiveTranscriber l = live;
            mic = null;
            info.set("Finishing…");
            ctx.executor().submit(BackgroundTask.of("stop recording", p -> {
                m.stop();
                l.stop();
                m.close();
                return true;
            }));
        } else if (running != null) {
            running.cancel();
        }
        player.stop();
    }

    /** Plays the current audio from {@code seconds} (e.g. a clicked word). */
    public void playFrom(double seconds) {
        if (audio == null) {
            info.set("No audio to play.");
            return;
        }
        try {
            player.play(audio, seconds, pos -> FxExecutor.INSTANCE.execute(() -> playhead.set(pos)),
                    () -> FxExecutor.INSTANCE.execute(() -> playhead.set(-1)));
        } catch (UserFacingException e) {
            info.set(e.getMessage());
        }
    }

    public void export(Path file, TranscriptFormat format) {
        Transcript t = currentTranscript();
        try {
            TranscriptExporter.write(t, format, file);
            info.set("Exported " + file.getFileName() + ".");
        } catch (IOException e) {
            info.set(UserFacingException.messageOf(e));
        }
    }

    /** The transcript so far (complete after a job ends). */
    public Transcript currentTranscript() {
        Transcript t = transcript.get();
        return t != null ? t : new Transcript(source.get(), "", List.copyOf(segments), audio == null ? 0 : audio.durationSeconds(), 0);
    }

    private void loadAudioForPlayback(Path file) {
        if (file == null) {
            return;
        }
        ctx.executor().submit(BackgroundTask.of("load recording", p -> AudioFiles.read(file, 16000)).onSuccess(a -> {
            audio = a;
            waveform.set(WaveformSummary.of(a.samples(), 16000, 160));
        }));
    }

    private void clear() {
        segments.clear();
        lastFinal = -1;
        partial.set("");
        progress.set(0);
        transcript.set(null);
        waveform.set(null);
        audio = null;
    }

    /** Proposes LLM corrections for the finalized segments (reviewed through {@link #review()}). */
    public void correct() {
        if (state.get() != State.IDLE) {
            info.set("Finish or cancel the current job first.");
            return;
        }
        review.run(currentTranscript());
    }

    public CorrectionReview review() {
        return review;
    }

    private void refreshTranscript() {
        Transcript t = transcript.get();
        if (t != null) {
            transcript.set(t.withSegments(segments));
        }
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ObservableList<Segment> segments() {
        return segmentsView;
    }

    public ReadOnlyStringProperty partialProperty() {
        return partial.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty levelProperty() {
        return level.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty sourceProperty() {
        return source.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty infoProperty() {
        return info.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<WaveformSummary> waveformProperty() {
        return waveform.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty playheadProperty() {
        return playhead.getReadOnlyProperty();
    }

    public ObjectProperty<Transcript> transcriptProperty() {
        return transcript;
    }

    @Override
    public void close() {
        stop();
        subs.forEach(Subscription::close);
        player.close();
    }
}
