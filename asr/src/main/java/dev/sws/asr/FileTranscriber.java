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
            throw new dev.sws.audio.AudioInputException("Reading " + name + " failed (" + e.getMessage() + ").", e);
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

        void accept(int rate, float[] x, int off, int n) {
            if (gate != null) {
                gate.accept(rate, x, off, n);
            }
            stream.acceptWaveform(rate, x, off, n);
            step();
        }

        /** @param declaredSeconds the audio's length as its file states it, or negative when unknown */
        Transcript finish(Progress progress, double declaredSeconds) {
            if (gate != null) {
                gate.finish();
            }
            stream.inputFinished();
            step();
            keep(recognizer.finishSegment(stream));
            double audio = stream.secondsAccepted();
            progress.update(audio, audio, name);
            Transcript t = new Transcript(name, modelId, segments, audio, (System.nanoTime() - t0) / 1e9,
                    gate == null ? 0 : gate.dropped(), declaredSeconds);
            if (t.endsEarly()) {
                LOG.warning(name + ": " + t.notes());
            }
            return t;
        }

        private void step() {
            while (recognizer.isReady(stream)) {
                recognizer.decode(List.of(stream));
                if (recognizer.isEndpoint(stream)) {
                    if (!keep(recognizer.finishSegment(stream)) && onPartial != null) {
                        onPartial.accept(recognizer.result(stream));   // the dropped segment's partial text goes
                    }
                } else if (onPartial != null) {
                    Segment p = recognizer.result(stream);
                    onPartial.accept(gate == null ? p : gate.shown(p));
                }
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
