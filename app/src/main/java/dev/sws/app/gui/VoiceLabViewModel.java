package dev.sws.app.gui;

import dev.sws.workstation.Workstation;
import dev.sws.workstation.service.TtsService;
import dev.sws.audio.PcmAudio;
import dev.sws.audio.capture.AudioPlayer;
import dev.sws.audio.io.AudioFiles;
import dev.sws.core.bus.ErrorEvent;
import dev.sws.core.exec.BackgroundTask;
import dev.sws.core.exec.TaskHandle;
import dev.sws.core.util.UserFacingException;
import dev.sws.tts.ReferenceBuilder;
import dev.sws.tts.SamplerOptions;
import dev.sws.tts.SpeakerEncoder;
import dev.sws.tts.Synthesizer;
import dev.sws.tts.Voice;
import dev.sws.tts.VoiceStore;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Voice Lab: a cloning wizard (consent → clips → automatic reference: trim, best 3–12 s, loudness → transcript by
 * our ASR, editable → quality advice → save) and plain synthesis with any saved voice (listen, regenerate with another
 * seed, NFE or speed, export). All model work runs on the background executor; results come back on the FX thread.
 */
public final class VoiceLabViewModel implements AutoCloseable {

    public enum State { IDLE, WORKING, SYNTHESIZING }

    private final Workstation ctx;
    private final AudioPlayer player = new AudioPlayer();
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(State.IDLE);
    private final ReadOnlyStringWrapper info = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper transcript = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<ReferenceBuilder.Result> reference = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<PcmAudio> output = new ReadOnlyObjectWrapper<>();
    private final ObservableList<Path> clips = FXCollections.observableArrayList();
    private final ObservableList<String> advice = FXCollections.observableArrayList();
    private final ObservableList<String> voiceNames = FXCollections.observableArrayList();
    private final ObservableList<Take> takes = FXCollections.observableArrayList();
    private int takeCount;

    /** Most takes kept for comparing (about 1 MB per 30 s of speech); the oldest give way. */
    static final int MAX_TAKES = 30;

    /** One rendering, kept so that regenerations can be compared, played and exported. */
    public record Take(int number, String text, String voice, long seed, int nfe, float speed, PcmAudio audio, String note) {
        @Override
        public String toString() {
            String t = text.strip().replaceAll("\\s+", " ");
            return String.format(java.util.Locale.ROOT, "Take %d · %s · seed %d · %d steps · %.2f× · %.1f s — “%s”%s", number,
                    voice, seed, nfe, speed, audio.durationSeconds(), t.length() > 48 ? t.substring(0, 47) + "…" : t,
                    note.isEmpty() ? "" : " (" + note + ")");
        }
    }
    private final AtomicBoolean cancel = new AtomicBoolean();
    private TaskHandle running;
    private String warnedTranscript;

    /** The user's synthesis preferences (Settings): the Voice Lab starts from them. */
    public dev.sws.core.settings.Settings.Tts preferences() {
        return ctx.settings().tts();
    }

    public VoiceLabViewModel(Workstation ctx) {
        this.ctx = ctx;
        refreshVoices();
    }

    private final javafx.beans.property.ReadOnlyDoubleWrapper progress = new javafx.beans.property.ReadOnlyDoubleWrapper(0);

    /** Share of the synthesis done (sentences × sampler steps), 0..1, while synthesising. */
    public javafx.beans.property.ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /**
     * Removes the saved voice {@code name} (its folder with the reference and consent record); the built-in voices of
     * the model stay, and say so.
     */
    public void removeVoice(String name) {
        if (name == null) {
            info.set("Choose a voice to remove.");
            return;
        }
        ctx.executor().submit(BackgroundTask.of("remove voice", p -> {
            ctx.tts().voices().remove(name);
            return name;
        }).onSuccess(n -> {
            info.set("Removed the voice \"" + n + "\".");
            refreshVoices();
        }).onFailure(e -> info.set(storeMessage(e))));
    }

    /** Renames the saved voice {@code from} to {@code to}; {@code onDone} gets the new name (on the FX thread). */
    public void renameVoice(String from, String to, java.util.function.Consumer<String> onDone) {
        if (from == null || to == null || to.isBlank()) {
            info.set("Choose a voice and type its new name.");
            return;
        }
        ctx.executor().submit(BackgroundTask.of("rename voice", p -> ctx.tts().voices().rename(from, to).voice().name())
                .onSuccess(n -> {
                    info.set("Renamed the voice \"" + from + "\" to \"" + n + "\".");
                    refreshVoices();
                    onDone.accept(n);
                }).onFailure(e -> info.set(storeMessage(e))));
    }

    /** The voice store's own sentence (a built-in voice, a name taken or invalid), never "Unexpected error". */
    private static String storeMessage(Throwable e) {
        Throwable c = e;
        while (c.getCause() != null && !(c instanceof IllegalArgumentException)) {
            c = c.getCause();
        }
        return c instanceof IllegalArgumentException ? c.getMessage() : UserFacingException.messageOf(e);
    }

    public void refreshVoices() {
        ctx.executor().submit(BackgroundTask.of("list voices", p -> ctx.tts().voices().list().stream()
                .map(e -> e.voice().name()).toList()).onSuccess(voiceNames::setAll)
                .onFailure(e -> info.set(UserFacingException.messageOf(e))));
    }

    /** Adds clips (at most 8); a new set of clips invalidates the built reference. */
    public void addClips(List<Path> files) {
        for (Path f : files) {
            if (clips.size() >= 8) {
                info.set("At most 8 clips: remove one to add another.");
                break;
            }
            if (!clips.contains(f)) {
                clips.add(f);
            }
        }
        reference.set(null);
    }

    public void removeClip(Path f) {
        clips.remove(f);
        reference.set(null);
    }

    /** Builds the reference from the clips (VAD, trim, best 3–12 s, loudness) and transcribes it with our ASR. */
    public void buildReference() {
        if (state.get() != State.IDLE || clips.isEmpty()) {
            info.set(clips.isEmpty() ? "Add or record at least one clip first." : "Wait for the current job to finish.");
            return;
        }
        state.set(State.WORKING);
        info.set("Checking the clips and transcribing the reference…");
        List<Path> files = List.copyOf(clips);
        ctx.executor().submit(BackgroundTask.of("voice reference", p -> {
            List<float[]> audio = new ArrayList<>();
            for (Path f : files) {
                audio.add(AudioFiles.read(f, 16000).samples());
            }
            ReferenceBuilder.Result r;
            try (var vad = ctx.tts().vad(); var classes = ctx.tts().audioClassifier().orElse(null)) {
                r = ReferenceBuilder.build(audio, vad, ctx.tts().speakerEncoder(null).orElse(null), classes);
            }
            String text = r.audio().length > 0 ? ctx.asr().transcribeText(new PcmAudio(r.audio(), 16000)) : "";
            return new Object[]{r, text};
        }).onSuccess(o -> {
            ReferenceBuilder.Result r = (ReferenceBuilder.Result) o[0];
            reference.set(r);
            transcript.set((String) o[1]);
            advice.setAll(r.findings().stream().map(f -> (f.severity() == ReferenceBuilder.Severity.BLOCKER ? "✖ " : "⚠ ")
                    + f.advice()).toList());
            if (advice.isEmpty()) {
                advice.add("✔ The reference sounds fine.");
            }
            if (r.usable() && ((String) o[1]).isBlank()) {
                advice.add("⚠ Our ASR heard no words: type what the clip says.");
            } else if (r.usable()) {
                advice.add("Check the transcript: it was written by our ASR and must match the clip word for word.");
            }
            state.set(State.IDLE);
            info.set(String.format("Reference: %.1f s of speech found, %.1f s used.", r.speechSeconds(),
                    r.audio().length / 16000.0));
        }).onFailure(this::failed));
    }

    /** Saves the voice with its consent; refuses without consent, a usable reference or a transcript. */
    public boolean save(String name, String editedTranscript, String speaker, String purpose, boolean consent) {
        ReferenceBuilder.Result r = reference.get();
        if (r == null || !r.usable()) {
            info.set("Build a usable reference first (step 2).");
            return false;
        }
        Voice v;
        try {
            float[] emb = ctx.tts().speakerEncoder(null).map((SpeakerEncoder s) -> s.embed(r.audio())).orElse(new float[0]);
            v = new Voice(name == null ? "" : name.trim(), editedTranscript,
                    new Voice.Consent(speaker, purpose, LocalDate.now().toString(), consent), emb,
                    clips.stream().map(Path::toString).toList(), r.findings().stream().map(ReferenceBuilder.Finding::advice).toList(),
                    Instant.now());
            var mismatch = TtsService.keptTranscript(r, editedTranscript, transcript.get())
                    .map(kept -> String.format(java.util.Locale.ROOT, "The reference keeps only the first %.1f s of the"
                            + " clips, and the transcript seems to go on past it: the kept part ends with \"%s\". Remove"
                            + " the words after that.", r.audio().length / (double) r.sampleRate(), lastWords(kept, 6)))
                    .or(() -> ctx.tts().transcriptAdvice(editedTranscript, transcript.get()));
            if (mismatch.isPresent() && !editedTranscript.equals(warnedTranscript)) {
                warnedTranscript = editedTranscript;     // warn once; saving again keeps the user's transcript
                advice.add("⚠ " + mismatch.get());
                info.set("Check the transcript (see the checks), then press Save again to keep it.");
                return false;
            }
            ctx.tts().voices().save(v, new PcmAudio(r.audio(), 16000));
        } catch (IllegalArgumentException e) {
            info.set(e.getMessage());   // the voice's own sentence: a name taken, a name with a path in it
            return false;
        } catch (java.io.IOException | UserFacingException e) {
            info.set(UserFacingException.messageOf(e));
            return false;
        }
        info.set("Saved voice \"" + v.name() + "\".");
        refreshVoices();
        return true;
    }

    /** The last {@code n} words of {@code text}, after "…" when there are more. */
    static String lastWords(String text, int n) {
        String[] w = text.trim().split("\\s+");
        return w.length <= n ? text.trim() : "…" + String.join(" ", java.util.Arrays.copyOfRange(w, w.length - n, w.length));
    }

    /** Speaks {@code text} in voice {@code voiceName}; each chunk plays as soon as it is rendered. */
    public void synthesize(String text, String voiceName, int nfe, float speed, long seed, int takes) {
        if (state.get() != State.IDLE) {
            info.set("Wait for the current job to finish.");
            return;
        }
        if (text == null || text.isBlank() || voiceName == null) {
            info.set(voiceName == null ? "Choose a voice." : "Type something to say.");
            return;
        }
        state.set(State.SYNTHESIZING);
        cancel.set(false);
        info.set("Synthesising…");
        progress.set(0);
        long t0 = System.nanoTime();
        List<Integer> kept = java.util.Collections.synchronizedList(new ArrayList<>());   // per sentence, 1-based
        running = ctx.executor().submit(BackgroundTask.of("synthesize", p -> {
            var svc = ctx.tts();
            Synthesizer synth = svc.synthesizer(null, takes);
            var model = synth.model();
            VoiceStore.Entry voice = svc.voices().find(voiceName)
                    .orElseThrow(() -> new UserFacingException("There is no voice named \"" + voiceName + "\"."));
            Synthesizer.Reference ref = svc.reference(null, voice);
            SamplerOptions d = model.defaults();
            SamplerOptions o = d.withNfe(nfe).withSpeed(speed).withSeed(seed);
            int rate = model.sampleRate();
            float[] audio = synth.synthesize(text, ref, o, cancel::get, new Synthesizer.Listener() {
                @Override
                public void audio(float[] samples, int chunk, int chunks) {
                    if (chunk == 0 && samples.length > 0) {
                        double first = (System.nanoTime() - t0) / 1e9;
                        FxExecutor.INSTANCE.execute(() -> info.set(String.format("First audio after %.1f s…", first)));
                        playQuietly(new PcmAudio(samples, rate));
                    }
                }

                @Override
                public void progress(int chunk, int chunks, int step, int steps) {
                    p.update(chunk * steps + step, (double) chunks * steps, "chunk " + (chunk + 1) + " of " + chunks);
                    double done = (chunk * steps + step + 1) / (double) (chunks * steps);
                    FxExecutor.INSTANCE.execute(() -> {
                        progress.set(Math.min(1, done));
                        if (chunks > 1 && state.get() == State.SYNTHESIZING && !info.get().startsWith("First audio")) {
                            info.set("Synthesising… sentence " + (chunk + 1) + " of " + chunks);
                        }
                    });
                }

                @Override
                public void take(int chunk, int take, int takes, double errorRate) {
                    kept.add(take + 1);
                }
            });
            return new PcmAudio(audio, rate);
        }).onSuccess(a -> {
            output.set(a);   // first: the list's view chooses the new take because it is the one shown
            Take take = new Take(++takeCount, text, voiceName, seed, nfe, speed, a, takes > 1 ? "kept takes " + kept : "");
            this.takes.addFirst(take);
            if (this.takes.size() > MAX_TAKES) {
                this.takes.removeLast();
            }
            progress.set(1);
            state.set(State.IDLE);
            double secs = (System.nanoTime() - t0) / 1e9;
            info.set(String.format("%.1f s of speech in %.1f s (seed %d, NFE %d, speed %.2f%s). Play, regenerate or export.",
                    a.durationSeconds(), secs, seed, nfe, speed, takes > 1 ? ", kept takes " + kept : ""));
        }).onFailure(this::failed));
    }

    /** The takes of this session, newest first. */
    public ObservableList<Take> takes() {
        return takes;
    }

    /** Makes {@code take} the one Play and Export use. */
    public void select(Take take) {
        if (take != null && takes.contains(take) && output.get() != take.audio()) {
            output.set(take.audio());
            info.set(take + ". Play or export it.");
        }
    }

    /** Drops {@code take} from the list; if it was the one shown, the newest take left is shown instead (none: nothing). */
    public void removeTake(Take take) {
        if (takes.remove(take) && output.get() == take.audio()) {
            output.set(takes.isEmpty() ? null : takes.getFirst().audio());
        }
    }

    public void cancel() {
        cancel.set(true);
        player.stop();
    }

    public void play() {
        PcmAudio a = output.get();
        if (a != null) {
            player.stop();
            playQuietly(a);
        }
    }

    /** Playback is a convenience: without an output device the audio is still rendered and can be exported. */
    private void playQuietly(PcmAudio a) {
        try {
            player.play(a, 0, pos -> { }, () -> { });
        } catch (RuntimeException e) {
            FxExecutor.INSTANCE.execute(() -> info.set("No audio output to play on (" + UserFacingException.messageOf(e)
                    + "); the speech can still be exported."));
        }
    }

    public void export(Path file) {
        PcmAudio a = output.get();
        if (a == null) {
            info.set("Synthesise something first.");
            return;
        }
        ctx.executor().submit(BackgroundTask.of("export speech", p -> {
            AudioFiles.write(file, a);
            return file;
        }).onSuccess(f -> info.set("Saved " + f.getFileName() + ".")).onFailure(this::failed));
    }

    private void failed(Throwable e) {
        state.set(State.IDLE);
        String msg = e instanceof dev.sws.tts.FlowSampler.CancelledException ? "Cancelled." : UserFacingException.messageOf(e);
        info.set(msg);
        if (!(e instanceof dev.sws.tts.FlowSampler.CancelledException)) {
            ctx.bus().publish(new ErrorEvent("tts", msg, e));
        }
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty infoProperty() {
        return info.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty transcriptProperty() {
        return transcript.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ReferenceBuilder.Result> referenceProperty() {
        return reference.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<PcmAudio> outputProperty() {
        return output.getReadOnlyProperty();
    }

    public ObservableList<Path> clips() {
        return clips;
    }

    public ObservableList<String> advice() {
        return advice;
    }

    public ObservableList<String> voiceNames() {
        return voiceNames;
    }

    @Override
    public void close() {
        cancel();
        player.close();
    }
}
