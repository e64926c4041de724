package dev.sws.asr;

import dev.sws.audio.io.AudioFiles;
import dev.sws.audio.io.AudioReader;
import dev.sws.core.exec.Progress;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Transcribes a file through the same streaming path as live audio (so results equal live results), as fast as
 * the CPU/GPU allows, in constant memory: the file is decoded in blocks and features are discarded once used.
 * Segments end at endpoints (trailing silence, maximum length) and at the end of the file. With a {@link SpeechGate}
 * factory, a segment during which the voice activity detector found no speech is dropped (logged), so that noise
 * does not turn into words.
 */
public final class FileTranscriber {

    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(FileTranscriber.class.getName());
    private static final int BLOCK = 16000; // 1 s of audio per read

    private final OnlineRecognizer recognizer;
    private final String modelId;
    private final java.util.function.Supplier<SpeechGate> gates;

    public FileTranscriber(OnlineRecognizer recognizer, String modelId) {
        this(recognizer, modelId, null);
    }

    /** @param gates a new speech gate per transcription (closed by it), or null to keep every segment */
    public FileTranscriber(OnlineRecognizer recognizer, String modelId, java.util.function.Supplier<SpeechGate> gates) {
        this.recognizer = recognizer;
        this.modelId = modelId;
        this.gates = gates;
    }

    /**
     * @param onSegment receives each final segment as soon as it is known (on the calling thread)
     * @param onPartial receives the open segment's partial text after each decoded chunk (may be null)
     */
    public Transcript transcribe(Path file, Progress progress, Consumer<Segment> onSegment, Consumer<Segment> onPartial) {
        String name = file.getFileName().toString();
        try (Run run = new Run(name, onSegment, onPartial);
             AudioReader reader = AudioFiles.open(file, 16000)) {
            double duration = reader.durationSeconds();
            float[] buf = new float[BLOCK];
            for (int n; (n = reader.read(buf, 0, buf.length)) >= 0; ) {
                progress.checkCancelled();
                run.accept(16000, buf, 0, n);
                progress.update(run.stream.secondsAccepted(), duration > 0 ? duration : run.stream.secondsAccepted() + 1, name);
            }
            return run.finish(progress, reader.declaredSeconds());
        } catch (IOException e) {
            throw readFailed(name, e);
        }
    }

    /** Audio already in memory (any rate; resampled by the stream), e.g. a reference clip or synthesised speech. */
    public Transcript transcribe(dev.sws.audio.PcmAudio audio, String name) {
        float[] x = audio.samples();
        try (Run run = new Run(name, s -> { }, null)) {
            for (int off = 0; off < x.length; off += BLOCK) {
                run.accept(audio.sampleRate(), x, off, Math.min(BLOCK, x.length - off));
            }
            return run.finish(Progress.none(), -1);
        }
    }

    public Transcript transcribe(Path file) {
        return transcribe(file, Progress.none(), s -> { }, null);
    }

    /** The one sentence for audio that stopped reading part-way. */
    private static dev.sws.audio.AudioInputException readFailed(String name, IOException e) {
        return new dev.sws.audio.AudioInputException("Reading " + name + " failed (" + e.getMessage() + ").", e);
    }

    /** What became of one file of {@link #transcribeAll}: its transcript, or the error that ended it. */
    @FunctionalInterface
    public interface Finished<T> {
        /** Exactly one of {@code transcript} and {@code error} is non-null; an exception thrown here ends the whole call. */
        void accept(T item, Transcript transcript, RuntimeException error) throws Exception;
    }

    /**
     * Transcribes many files as concurrent streams of this recogniser: up to {@code streams} files are open at once and
     * each window of every ready stream goes through one batched encoder call ({@link OnlineRecognizer#decode}), so a
     * batch of files keeps the encoder's batch full (on a GPU, and on CPU cores that run a batch faster than its
     * streams one by one). Each file gets the transcript {@link #transcribe(Path)} would give it. Items come from
     * {@code next} (null: no more), each read from {@code path.apply(item)}; {@code finished} hears of each as soon as
     * it is done, in the order they finish, on the calling thread. A file that cannot be read fails alone
     * ({@link dev.sws.audio.AudioInputException}); an exception from {@code finished} closes the files still open and
     * ends the call (their items were handed out and are not reported). A transcript's compute time is its share of
     * the batched decoding steps it took part in.
     */
    public <T> void transcribeAll(java.util.function.Supplier<T> next, java.util.function.Function<T, Path> path, int streams,
                                  Finished<T> finished) throws Exception {
        if (streams < 1) {
            throw new IllegalArgumentException("streams must be at least 1, not " + streams);
        }
        List<Open<T>> open = new ArrayList<>();
        boolean more = true;
        try {
            while (true) {
                while (more && open.size() < streams) {
                    T item = next.get();
                    if (item == null) {
                        more = false;
                    } else {
                        try {
                            open.add(new Open<>(item, path.apply(item)));
                        } catch (RuntimeException e) {
                            finished.accept(item, null, e);
                        }
                    }
                }
                if (open.isEmpty()) {
                    return;
                }
                long r0 = System.nanoTime();
                List<Open<T>> ready = new ArrayList<>();
                List<Open<T>> done = new ArrayList<>();
                List<SpeechGate> gates = new ArrayList<>(open.size());
                for (java.util.Iterator<Open<T>> it = open.iterator(); it.hasNext(); ) {
                    Open<T> o = it.next();
                    try {
                        o.feed();
                    } catch (RuntimeException e) {
                        it.remove();
                        o.close();
                        finished.accept(o.item, null, e);
                        continue;
                    }
                    if (recognizer.isReady(o.run.stream)) {
                        ready.add(o);
                    } else if (o.ended) {
                        done.add(o);   // input over and no window left: its last segment ends
                    }
                    if (o.run.gate != null) {
                        gates.add(o.run.gate);
                    }
                }
                SpeechGate.judgeAll(gates);   // the new windows of every file's gate, one detector call per round
                if (!ready.isEmpty()) {
                    recognizer.decode(ready.stream().map(o -> o.run.stream).toList());
                    ready.forEach(o -> o.run.afterWindow());
                }
                long share = (System.nanoTime() - r0) / Math.max(1, open.size());
                open.forEach(o -> o.nanos += share);
                for (Open<T> o : done) {
                    open.remove(o);
                    Transcript t;
                    try {
                        t = o.run.finish(Progress.none(), o.reader.declaredSeconds(), o.nanos / 1e9);
                    } finally {
                        o.close();
                    }
                    finished.accept(o.item, t, null);
                }
            }
        } finally {
            open.forEach(Open::close);
        }
    }

    /** A file of {@link #transcribeAll} being read: its reader, its run and the compute time it was given. */
    private final class Open<T> implements AutoCloseable {
        final T item;
        final String name;
        final AudioReader reader;
        final Run run;
        final float[] buf = new float[BLOCK];
        boolean ended;
        long nanos;

        Open(T item, Path file) {
            this.item = item;
            this.name = file.getFileName().toString();
            this.reader = AudioFiles.open(file, 16000);   // an unreadable file: one sentence (AudioInputException)
            this.run = new Run(name, s -> { }, null);
            if (run.gate != null) {
                run.gate.deferJudging();
            }
        }

        /** Reads the next block when the stream has no window ready (as {@link #transcribe} does), or ends the input. */
        void feed() {
            if (ended || recognizer.isReady(run.stream)) {
                return;
            }
            try {
                int n = reader.read(buf, 0, buf.length);
                if (n < 0) {
                    run.endInput();
                    ended = true;
                } else {
                    run.feed(16000, buf, 0, n);
                }
            } catch (IOException e) {
                throw readFailed(name, e);
            }
        }

        @Override
        public void close() {
            run.close();
            reader.close();
        }
    }

    /** One transcription: the stream, its speech gate (owned) and the segments found so far. */
    private final class Run implements AutoCloseable {
        final long t0 = System.nanoTime();
        final OnlineStream stream = recognizer.createStream();
        final SpeechGate gate = gates == null ? null : gates.get();
        final List<Segment> segments = new ArrayList<>();
        final String name;
        final Consumer<Segment> onSegment;
        final Consumer<Segment> onPartial;

        Run(String name, Consumer<Segment> onSegment, Consumer<Segment> onPartial) {
            this.name = name;
            this.onSegment = onSegment;
            this.onPartial = onPartial;
        }

        boolean inputEnded;

        void accept(int rate, float[] x, int off, int n) {
            feed(rate, x, off, n);
            step();
        }

        /** The audio to the gate and the stream, nothing decoded yet. */
        void feed(int rate, float[] x, int off, int n) {
            if (gate != null) {
                gate.accept(rate, x, off, n);
            }
            stream.acceptWaveform(rate, x, off, n);
        }

        /** No more audio: the gate decides on what it holds, the stream pads its tail. */
        void endInput() {
            if (!inputEnded) {
                inputEnded = true;
                if (gate != null) {
                    gate.finish();
                }
                stream.inputFinished();
            }
        }

        Transcript finish(Progress progress, double declaredSeconds) {
            return finish(progress, declaredSeconds, -1);
        }

        /**
         * @param declaredSeconds the audio's length as its file states it, or negative when unknown
         * @param computeSeconds  the compute time to report, or negative for the time since the run began
         */
        Transcript finish(Progress progress, double declaredSeconds, double computeSeconds) {
            endInput();
            step();
            keep(recognizer.finishSegment(stream));
            double audio = stream.secondsAccepted();
            progress.update(audio, audio, name);
            Transcript t = new Transcript(name, modelId, segments, audio,
                    computeSeconds >= 0 ? computeSeconds : (System.nanoTime() - t0) / 1e9,
                    gate == null ? 0 : gate.dropped(), declaredSeconds);
            if (t.endsEarly()) {
                LOG.warning(name + ": " + t.notes());
            }
            return t;
        }

        private void step() {
            while (recognizer.isReady(stream)) {
                recognizer.decode(List.of(stream));
                afterWindow();
            }
        }

        /** After one window of this stream was decoded: a segment ends at an endpoint, else the partial is shown. */
        void afterWindow() {
            if (recognizer.isEndpoint(stream)) {
                if (!keep(recognizer.finishSegment(stream)) && onPartial != null) {
                    onPartial.accept(recognizer.result(stream));   // the dropped segment's partial text goes
                }
            } else if (onPartial != null) {
                Segment p = recognizer.result(stream);
                onPartial.accept(gate == null ? p : gate.shown(p));
            }
        }

        /** Adds a finished, non-empty segment in which the gate heard speech; returns whether it was added. */
        private boolean keep(Segment s) {
            if (s.isEmpty()) {
                return false;
            }
            if (gate != null && !gate.admits(s, name)) {
                return false;
            }
            Segment kept = s.index() == segments.size() ? s   // numbered without gaps where segments were dropped
                    : new Segment(segments.size(), s.start(), s.end(), s.text(), s.words(), s.nbest(), s.confidence());
            segments.add(kept);
            onSegment.accept(kept);
            return true;
        }

        @Override
        public void close() {
            if (gate != null) {
                gate.close();
            }
        }
    }
}
