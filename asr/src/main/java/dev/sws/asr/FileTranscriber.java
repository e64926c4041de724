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
 * Segments end at endpoints (trailing silence, maximum length) and at the end of the file.
 */
public final class FileTranscriber {

    private static final int BLOCK = 16000; // 1 s of audio per read

    private final OnlineRecognizer recognizer;
    private final String modelId;

    public FileTranscriber(OnlineRecognizer recognizer, String modelId) {
        this.recognizer = recognizer;
        this.modelId = modelId;
    }

    /**
     * @param onSegment receives each final segment as soon as it is known (on the calling thread)
     * @param onPartial receives the open segment's partial text after each decoded chunk (may be null)
     */
    public Transcript transcribe(Path file, Progress progress, Consumer<Segment> onSegment, Consumer<Segment> onPartial) {
        long t0 = System.nanoTime();
        List<Segment> segments = new ArrayList<>();
        OnlineStream stream = recognizer.createStream();
        double duration;
        try (AudioReader reader = AudioFiles.open(file, 16000)) {
            duration = reader.durationSeconds();
            float[] buf = new float[BLOCK];
            for (int n; (n = reader.read(buf, 0, buf.length)) >= 0; ) {
                progress.checkCancelled();
                stream.acceptWaveform(16000, buf, 0, n);
                step(stream, segments, onSegment, onPartial);
                progress.update(stream.secondsAccepted(), duration > 0 ? duration : stream.secondsAccepted() + 1, file.getFileName().toString());
            }
        } catch (IOException e) {
            throw new dev.sws.audio.AudioInputException("Reading " + file.getFileName() + " failed (" + e.getMessage() + ").", e);
        }
        return finish(stream, segments, onSegment, onPartial, file.getFileName().toString(), progress, t0);
    }

    /** Audio already in memory (any rate; resampled by the stream), e.g. a reference clip or synthesised speech. */
    public Transcript transcribe(dev.sws.audio.PcmAudio audio, String name) {
        long t0 = System.nanoTime();
        List<Segment> segments = new ArrayList<>();
        OnlineStream stream = recognizer.createStream();
        float[] x = audio.samples();
        for (int off = 0; off < x.length; off += BLOCK) {
            stream.acceptWaveform(audio.sampleRate(), x, off, Math.min(BLOCK, x.length - off));
            step(stream, segments, s -> { }, null);
        }
        return finish(stream, segments, s -> { }, null, name, Progress.none(), t0);
    }

    private Transcript finish(OnlineStream stream, List<Segment> segments, Consumer<Segment> onSegment,
                              Consumer<Segment> onPartial, String name, Progress progress, long t0) {
        stream.inputFinished();
        step(stream, segments, onSegment, onPartial);
        Segment last = recognizer.finishSegment(stream);
        if (!last.isEmpty()) {
            segments.add(last);
            onSegment.accept(last);
        }
        double audio = stream.secondsAccepted();
        progress.update(audio, audio, name);
        return new Transcript(name, modelId, segments, audio, (System.nanoTime() - t0) / 1e9);
    }

    public Transcript transcribe(Path file) {
        return transcribe(file, Progress.none(), s -> { }, null);
    }

    private void step(OnlineStream stream, List<Segment> segments, Consumer<Segment> onSegment, Consumer<Segment> onPartial) {
        while (recognizer.isReady(stream)) {
            recognizer.decode(List.of(stream));
            if (recognizer.isEndpoint(stream)) {
                Segment s = recognizer.finishSegment(stream);
                if (!s.isEmpty()) {
                    segments.add(s);
                    onSegment.accept(s);
                }
            } else if (onPartial != null) {
                onPartial.accept(recognizer.result(stream));
            }
        }
    }
}
