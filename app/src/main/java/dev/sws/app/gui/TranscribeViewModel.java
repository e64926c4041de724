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
import dev.sws.workstation.document.TranscriptDocument;
import dev.sws.workstation.document.TranscriptStore;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.BooleanProperty;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The Transcribe workspace's state and commands: transcribe a file or the microphone, show finals and the greyed
 * partial, progress and level; then the transcript editor — edit, split, merge, speaker labels, find/replace, undo and
 * redo on a {@link TranscriptDocument} that is saved after every change ({@link TranscriptStore}) and restored when the
 * audio is opened again — and the transport: play/pause, skip, speed with pitch kept, loop a selection, the word being
 * heard. Holds no Nodes; every mutation happens on the FX thread (bus subscriptions deliver there, background work
 * goes through the task executor, saves through one saver thread).
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
    private final TranscriptStore store;
    private final ReadOnlyObjectWrapper<TranscriptDocument> document = new ReadOnlyObjectWrapper<>();
    private final ObservableList<String> speakers = FXCollections.observableArrayList();
    private final ObservableList<String> speakersView = FXCollections.unmodifiableObservableList(speakers);
    private final ReadOnlyBooleanWrapper canUndo = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper canRedo = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper saved = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper playing = new ReadOnlyBooleanWrapper(false);
    private final DoubleProperty tempo = new SimpleDoubleProperty(1.0);
    private final BooleanProperty loop = new SimpleBooleanProperty(false);
    private final DoubleProperty selectionStart = new SimpleDoubleProperty(-1);
    private final DoubleProperty selectionEnd = new SimpleDoubleProperty(-1);
    private final ReadOnlyObjectWrapper<TranscriptDocument.Match> heard = new ReadOnlyObjectWrapper<>();
    private final ExecutorService saver = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().daemon()
            .name("sws-transcript-save").unstarted(r));
    private final AtomicReference<Snapshot> toSave = new AtomicReference<>();
    /** The recent files as last read on the saver thread (the menu reads this, never the disk). */
    private volatile List<Path> recent = List.of();

    /** What a save writes, taken on the FX thread (immutable). */
    private record Snapshot(TranscriptDocument document, Path audio, Transcript transcript, List<String> speakers) {}
    private double resumeAt;   // where play continues (the last position heard or sought), seconds
    private PcmAudio audio;
    private TaskHandle<?> running;
    private MicrophoneCapture mic;
    private LiveTranscriber live;
    private int lastFinal = -1;   // index of the newest final segment of the current job (FX thread)

    public TranscribeViewModel(Workstation ctx) {
        this.review = new CorrectionReview(ctx, new CorrectionReview.Target() {
            @Override
            public List<Segment> segments() {
                return List.copyOf(segments);
            }

            @Override
            public void replace(int index, Segment segment) {
                TranscriptDocument d = document.get();
                if (d != null) {
                    d.replace(index, segment);
                }
            }
        });
        this.ctx = ctx;
        this.store = ctx.transcripts();
        saver.execute(() -> recent = store.recent());
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
                if (live != null) {
                    setDocument(new TranscriptDocument(live.recording(), e.transcript()));
                    saveSoon();
                }
                loadAudioForPlayback(live == null ? null : live.recording());
                live = null;
                state.set(State.IDLE);
            }
        }));
    }

    /**
     * Opens {@code file}: its saved transcript with the user's edits when there is one, else transcribes it. What was
     * on screen stays until the new one is ready: a file that cannot be read changes nothing.
     */
    public void open(Path file) {
        if (state.get() != State.IDLE) {
            info.set("Finish or cancel the current job first.");
            return;
        }
        if (!store.has(file)) {
            transcribeFile(file);
            return;
        }
        state.set(State.LOADING);
        info.set("Opening " + file.getFileName() + "…");
        ctx.executor().submit(BackgroundTask.of("open " + file.getFileName(), p -> {
            TranscriptDocument d = store.load(file).orElseThrow(() -> new UserFacingException("The saved transcript of "
                    + file.getFileName() + " has gone."));
            PcmAudio a = null;
            String note = "";
            try {
                a = AudioFiles.read(file, 16000);
            } catch (RuntimeException e) {
                note = " The audio cannot be played: " + UserFacingException.messageOf(e);
            }
            return new Opened(d, a, a == null ? null : WaveformSummary.of(a.samples(), a.sampleRate(), 160), note);
        }).onSuccess(o -> {
            stopPlayback();
            setDocument(o.document());
            transcript.set(o.document().transcript());
            source.set(file.getFileName().toString());
            audio = o.audio();
            waveform.set(o.waveform());
            progress.set(0);
            state.set(State.IDLE);
            saved.set("Saved");
            touchRecent(file);
            info.set("Your transcript of " + file.getFileName() + " as you left it (" + o.document().segments().size()
                    + " segments); Transcribe again starts over." + o.note());
        }).onFailure(e -> {
            state.set(State.IDLE);
            info.set(UserFacingException.messageOf(e));
            if (!store.has(file)) {   // set aside as unreadable: transcribe it afresh
                transcribeFile(file);
            }
        }));
    }

    private record Opened(TranscriptDocument document, PcmAudio audio, WaveformSummary waveform, String note) {}

    /** Transcribes {@code file} in the background, replacing any saved transcript of it; segments appear as recognised. */
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
                stopPlayback();
                clear();
                source.set(file.getFileName().toString());
                audio = a;
                waveform.set(w);
                state.set(State.TRANSCRIBING);
                info.set("Transcribing " + file.getFileName() + "…");
            });
            FileTranscriber ft = ctx.asr().fileTranscriber(null);
            long t0 = System.nanoTime();
            var punctuation = ctx.punctuation();
            var finisher = punctuation.finisher();
            List<Segment> shown = new java.util.ArrayList<>();   // finals as shown: punctuated after those before them
            Transcript t = ft.transcribe(file, new dev.sws.core.exec.Progress() {
                @Override
                public void update(double done, double total, String message) {
                    double rtf = done > 0 ? (System.nanoTime() - t0) / 1e9 / done : 0;
                    bus.publish(new AsrEvent.Progress(FILE_STREAM, done, total, rtf));
                }

                @Override
                public boolean isCancelled() {
                    return p.isCancelled();
                }
            }, s -> {
                Segment f = finisher.apply(s, shown);
                shown.add(f);
                bus.publish(new AsrEvent.Final(FILE_STREAM, f));
            }, s -> bus.publish(new AsrEvent.Partial(FILE_STREAM, s.index(), s.text(), s.start())));
            return punctuation.punctuate(t);   // the whole file read again, each segment with what follows it
        }).onSuccess(t -> {
            transcript.set(t);
            setDocument(new TranscriptDocument(file, t));
            saveSoon();
            touchRecent(file);
            progress.set(1);
            partial.set("");
            state.set(State.IDLE);
            bus.publish(new AsrEvent.Ended(FILE_STREAM, "end of file", t));
            info.set(String.format(Locale.ROOT, "%s: %.1f s of audio in %.1f s (RTF %.3f), %d segment%s%s.", file.getFileName(),
                    t.durationSeconds(), t.computeSeconds(), t.rtf(), t.segments().size(), t.segments().size() == 1 ? "" : "s",
                    t.notes().isEmpty() ? "" : " (" + t.notes() + ")"));
            if (ctx.settings().correction().enabled()) {
                review.run(t, document.get());   // proposals for review; nothing changes until accepted
            }
            if (ctx.settings().asr().labelSpeakers() && audio != null) {
                labelSpeakers(document.get(), audio, false);
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
            LiveTranscriber lt;
            try {
                java.nio.file.Files.createDirectories(file.getParent());
                lt = new LiveTranscriber(MIC_STREAM, rec, m.ring(), 16000, file, ctx.bus(),
                        rec == null ? null : ctx.asr().speechGate(), ctx.punctuation().finisher());
            } catch (IOException | RuntimeException e) {
                m.close();   // the microphone goes back when the recording cannot be written
                throw new UserFacingException("Cannot record to " + file.getParent() + ": "
                        + UserFacingException.messageOf(e), e);
            }
            m.start();
            lt.start();
            return new Object[]{m, lt};
        }).onSuccess(o -> {
            stopPlayback();
            clear();   // only now: a microphone that cannot be opened leaves the transcript on screen as it was
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
        stopPlayback();
    }

    /** Plays the current audio from {@code seconds} (e.g. a clicked word), at the chosen speed. */
    public void playFrom(double seconds) {
        if (audio == null) {
            info.set("No audio to play.");
            return;
        }
        double from = Math.max(0, Math.min(seconds, audio.durationSeconds()));
        boolean looping = loop.get() && hasSelection();
        double a = looping ? Math.min(selectionStart.get(), selectionEnd.get()) : from;
        double b = looping ? Math.max(selectionStart.get(), selectionEnd.get()) : -1;
        if (looping && (from < a || from >= b)) {
            from = a;
        }
        resumeAt = from;
        try {
            long token = ++playToken;
            player.play(audio, looping ? a : from, b, tempo.get(), looping, pos -> FxExecutor.INSTANCE.execute(() -> {
                if (token == playToken) {
                    positionReached(pos);
                }
            }), () -> FxExecutor.INSTANCE.execute(() -> {
                if (token == playToken) {
                    playing.set(false);
                    playhead.set(-1);
                    heard.set(null);
                }
            }));
            playing.set(true);
        } catch (UserFacingException e) {
            info.set(e.getMessage());
        }
    }

    private long playToken;

    private void positionReached(double pos) {
        playhead.set(pos);
        resumeAt = pos;
        TranscriptDocument d = document.get();
        TranscriptDocument.Match m = d == null ? null : d.wordAt(pos);
        if (!java.util.Objects.equals(m, heard.get())) {
            heard.set(m);
        }
    }

    /** Play/pause (Ctrl+Space): pausing keeps the position, playing goes on from it. */
    public void togglePlay() {
        if (playing.get()) {
            stopPlayback();
        } else {
            playFrom(resumeAt >= (audio == null ? 0 : audio.durationSeconds() - 0.05) ? 0 : resumeAt);
        }
    }

    /** Moves the play position by {@code seconds} (negative: back, as "replay the last seconds"). */
    public void skip(double seconds) {
        double to = Math.max(0, resumeAt + seconds);
        if (playing.get()) {
            playFrom(to);
        } else {
            resumeAt = audio == null ? 0 : Math.min(to, audio.durationSeconds());
            playhead.set(resumeAt);
        }
    }

    private void stopPlayback() {
        playToken++;
        player.stop();
        playing.set(false);
        playhead.set(-1);
        heard.set(null);
    }

    private boolean hasSelection() {
        return selectionStart.get() >= 0 && selectionEnd.get() >= 0 && Math.abs(selectionEnd.get() - selectionStart.get()) > 0.05;
    }

    public void export(Path file, TranscriptFormat format) {
        Transcript t = currentTranscript();   // with the user's edits
        try {
            TranscriptExporter.write(t, format, file, document.get() == null ? List.of() : document.get().speakers());
            info.set("Exported " + file.getFileName() + ".");
        } catch (IOException e) {
            info.set(UserFacingException.messageOf(e));
        }
    }

    /** The transcript so far (complete after a job ends), with the user's edits. */
    public Transcript currentTranscript() {
        TranscriptDocument d = document.get();
        if (d != null) {
            return d.transcript();
        }
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
        setDocument(null);
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
        review.run(currentTranscript(), document.get());
    }

    public CorrectionReview review() {
        return review;
    }

    // ---- the editor ----

    private void setDocument(TranscriptDocument d) {
        TranscriptDocument was = document.get();
        if (was == d) {
            return;
        }
        review.clear();   // proposals belong to the transcript they were made for
        document.set(d);
        if (d != null) {
            d.addListener(() -> {
                if (document.get() == d) {
                    documentChanged(d);
                    saveSoon();
                }
            });
            documentChanged(d);
            saved.set("");   // a new transcript is saved next (saveSoon); a reopened one says "Saved"
        } else {
            speakers.clear();
            canUndo.set(false);
            canRedo.set(false);
            saved.set("");
        }
    }

    private void documentChanged(TranscriptDocument d) {
        Lists.update(segments, d.segments());
        Lists.update(speakers, d.speakers());
        canUndo.set(d.canUndo());
        canRedo.set(d.canRedo());
        lastFinal = segments.size() - 1;
    }

    /** Saves the document in the background (coalesced: a burst of edits is one or two writes). */
    private void saveSoon() {
        TranscriptDocument d = document.get();
        if (d == null || d.audio() == null) {
            return;
        }
        saved.set("Saving…");
        toSave.set(new Snapshot(d, d.audio(), d.transcript(), d.speakers()));
        saver.execute(this::saveNow);
    }

    private void saveNow() {
        Snapshot s = toSave.getAndSet(null);
        if (s == null) {
            return;
        }
        try {
            store.save(s.audio(), s.transcript(), s.speakers());
            FxExecutor.INSTANCE.execute(() -> {
                if (document.get() == s.document() && toSave.get() == null) {
                    saved.set("Saved");
                }
            });
        } catch (IOException | RuntimeException e) {
            String why = "Your edits could not be saved: " + UserFacingException.messageOf(e);
            FxExecutor.INSTANCE.execute(() -> {
                saved.set("Not saved");
                info.set(why);
                ctx.bus().publish(new ErrorEvent("save transcript", why, e));
            });
        }
    }

    /** Saves now (Ctrl+S); edits are saved as they happen anyway. */
    public void save() {
        if (document.get() == null) {
            info.set("Nothing to save yet.");
            return;
        }
        saveSoon();
    }

    private boolean editable() {
        if (document.get() == null) {
            info.set(state.get() == State.IDLE ? "Open or record something to edit first." : "Edit once the transcript is finished.");
            return false;
        }
        if (state.get() != State.IDLE) {
            info.set("Edit once the current job has finished.");
            return false;
        }
        return true;
    }

    /** Replaces the text of segment {@code i} (blank removes it). */
    public void editSegment(int i, String text) {
        if (editable()) {
            document.get().editText(i, text);
        }
    }

    /** Splits segment {@code i} before its word {@code word}. */
    public void splitSegment(int i, int word) {
        if (editable()) {
            try {
                document.get().split(i, word);
            } catch (IllegalArgumentException e) {
                info.set(e.getMessage());
            }
        }
    }

    /** Joins segment {@code i} with the next one. */
    public void mergeWithNext(int i) {
        if (editable()) {
            if (i + 1 >= segments.size()) {
                info.set("The last segment has no next one to join.");
                return;
            }
            document.get().mergeWithNext(i);
        }
    }

    public void setSpeaker(int i, String name) {
        if (editable()) {
            document.get().setSpeaker(i, name);
        }
    }

    /** Labels every segment by voice ("Speaker 1", …), replacing the labels there are, as one undo step. */
    public void labelSpeakers() {
        if (!editable()) {
            return;
        }
        if (audio == null) {
            info.set("The audio of this transcript cannot be read, so its voices cannot be told apart.");
            return;
        }
        info.set("Comparing voices…");
        labelSpeakers(document.get(), audio, true);
    }

    /**
     * Finds the speakers of {@code d}'s segments in the background. Asked for: the labels replace whatever is there.
     * Automatic (after transcription): only a transcript without labels gets them, and only when there is more than
     * one voice. Nothing changes if the transcript was edited or replaced meanwhile.
     */
    private void labelSpeakers(TranscriptDocument d, PcmAudio a, boolean asked) {
        List<Segment> segs = d.segments();
        if (segs.isEmpty()) {
            if (asked) {
                info.set("There are no segments to label.");
            }
            return;
        }
        ctx.executor().submit(BackgroundTask.of("label speakers", p -> ctx.tts().labelSpeakers(a, segs)).onSuccess(r -> {
            if (document.get() != d || !d.segments().equals(segs)) {
                if (asked) {
                    info.set("The transcript changed while its voices were compared; nothing was labelled.");
                }
                return;
            }
            if (r.isEmpty()) {
                if (asked) {
                    info.set("Voices cannot be told apart: no installed speech model has a speaker encoder (the house TTS model has one).");
                }
                return;
            }
            int n = r.get().speakers();
            if (!asked && (n < 2 || d.speakers().stream().anyMatch(x -> !x.isBlank()))) {
                return;   // one voice, or labels of the user's: leave it as it is
            }
            d.setSpeakers(r.get().names());
            String said = n == 1 ? "One voice heard: every segment is Speaker 1." : n + " voices heard; segments labelled Speaker 1 to " + n + ".";
            info.set(asked ? said + " Undo restores the labels before." : (info.get() + " " + said + " Undo removes the labels.").strip());
        }).onFailure(e -> {
            if (asked) {
                info.set(UserFacingException.messageOf(e));
            }
        }));
    }

    public void undo() {
        if (editable() && !document.get().undo()) {
            info.set("Nothing to undo.");
        }
    }

    public void redo() {
        if (editable() && !document.get().redo()) {
            info.set("Nothing to redo.");
        }
    }

    public List<TranscriptDocument.Match> find(String query, boolean matchCase, boolean wholeWords) {
        TranscriptDocument d = document.get();
        return d == null ? List.of() : d.find(query, matchCase, wholeWords);
    }

    /** Replaces every match (one undo step); says how many. */
    public int replaceAll(String query, String replacement, boolean matchCase, boolean wholeWords) {
        if (!editable()) {
            return 0;
        }
        int n = document.get().replaceAll(query, replacement, matchCase, wholeWords);
        info.set(n == 0 ? "No “" + query.strip() + "” in the transcript." : "Replaced " + n + " × “" + query.strip() + "”.");
        return n;
    }

    /** Transcribes the current audio again (the saved edits give way to a new transcript; undo does not reach back). */
    public void transcribeAgain() {
        TranscriptDocument d = document.get();
        if (d == null || d.audio() == null) {
            info.set("Open an audio file first.");
            return;
        }
        transcribeFile(d.audio());
    }

    /** Recently opened audio files, newest first. */
    /** The recent files (read off the FX thread when the model starts and after each open). */
    public List<Path> recent() {
        return recent;
    }

    /** Shows a short message in the workspace's status line. */
    public void announce(String message) {
        info.set(message);
    }

    /** Puts {@code file} in the recent list without opening it. */
    public void remember(Path file) {
        touchRecent(file);
    }

    private void touchRecent(Path file) {
        saver.execute(() -> {
            try {
                recent = store.touchRecent(file);
            } catch (IOException e) {
                java.util.logging.Logger.getLogger(TranscribeViewModel.class.getName()).fine("recent files: " + e);
            }
        });
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

    public ReadOnlyObjectProperty<TranscriptDocument> documentProperty() {
        return document.getReadOnlyProperty();
    }

    /** The speaker label of each segment ("" for none), index for index with {@link #segments()}. */
    public ObservableList<String> speakers() {
        return speakersView;
    }

    public ReadOnlyBooleanProperty canUndoProperty() {
        return canUndo.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canRedoProperty() {
        return canRedo.getReadOnlyProperty();
    }

    /** "Saved", "Saving…", "Not saved" or "" (nothing to save). */
    public ReadOnlyStringProperty savedProperty() {
        return saved.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty playingProperty() {
        return playing.getReadOnlyProperty();
    }

    /** Playback speed, 0.5-2 (pitch kept); applies from the next play. */
    public DoubleProperty tempoProperty() {
        return tempo;
    }

    /** Whether play loops the waveform selection. */
    public BooleanProperty loopProperty() {
        return loop;
    }

    public DoubleProperty selectionStartProperty() {
        return selectionStart;
    }

    public DoubleProperty selectionEndProperty() {
        return selectionEnd;
    }

    /** The word being heard while playing (segment and word index), or null. */
    public ReadOnlyObjectProperty<TranscriptDocument.Match> heardProperty() {
        return heard.getReadOnlyProperty();
    }

    /** Words below this confidence are marked (Settings; 0 = none). */
    public double lowConfidenceMark() {
        return ctx.settings().ui().lowConfidence();
    }

    /** Where play goes on from, in seconds. */
    public double resumePosition() {
        return resumeAt;
    }

    @Override
    public void close() {
        stop();
        subs.forEach(Subscription::close);
        player.close();
        saver.shutdown();   // a save under way (or queued) finishes first
        try {
            saver.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
