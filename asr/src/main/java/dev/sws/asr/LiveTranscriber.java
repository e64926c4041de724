package dev.sws.asr;

import dev.sws.audio.dsp.FloatRingBuffer;
import dev.sws.audio.dsp.LevelMeter;
import dev.sws.audio.io.WavRecorder;
import dev.sws.core.bus.ErrorEvent;
import dev.sws.core.bus.EventBus;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Live transcription of a ring buffer filled by a capture thread. Its own worker thread first appends every
 * block to a WAV recording (so audio is saved as it arrives even if recognition fails), then feeds the
 * recogniser, publishing {@link AsrEvent.Partial} (coalesced) and {@link AsrEvent.Final} events on the bus.
 * A recognition failure is published as an error and recording continues. With a {@link SpeechGate}, a segment in
 * which the voice activity detector heard no speech is not published, and its partial text is not shown.
 */
public final class LiveTranscriber implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LiveTranscriber.class.getName());

    private final String streamId;
    private final OnlineRecognizer recognizer;
    private final FloatRingBuffer source;
    private final int sampleRate;
    private final WavRecorder recorder;
    private final EventBus bus;
    private final SpeechGate gate;
    private final List<Segment> segments = new ArrayList<>();
    private final java.util.function.BiFunction<Segment, List<Segment>, Segment> finisher;
    private volatile boolean running;
    private volatile boolean asrFailed;
    private Thread worker;
    private long startNanos;

    public LiveTranscriber(String streamId, OnlineRecognizer recognizer, FloatRingBuffer source, int sampleRate,
                           Path recording, EventBus bus) throws IOException {
        this(streamId, recognizer, source, sampleRate, recording, bus, null);
    }

    /** @param gate drops segments without detected speech (owned: closed when the worker ends); may be null */
    public LiveTranscriber(String streamId, OnlineRecognizer recognizer, FloatRingBuffer source, int sampleRate,
                           Path recording, EventBus bus, SpeechGate gate) throws IOException {
        this(streamId, recognizer, source, sampleRate, recording, bus, gate, null);
    }

    /**
     * @param finisher turns each admitted final segment into the one published and kept, given the segments before it
     *                 (e.g. punctuation); runs on the transcriber's thread; null keeps segments as recognised
     */
    public LiveTranscriber(String streamId, OnlineRecognizer recognizer, FloatRingBuffer source, int sampleRate,
                           Path recording, EventBus bus, SpeechGate gate,
                           java.util.function.BiFunction<Segment, List<Segment>, Segment> finisher) throws IOException {
        this.finisher = finisher;
        this.gate = gate;
        this.streamId = streamId;
        this.recognizer = recognizer;
        this.source = source;
        this.sampleRate = sampleRate;
        this.recorder = new WavRecorder(recording, sampleRate);
        this.bus = bus;
    }

    public Path recording() {
        return recorder.file();
    }

    public synchronized void start() {
        running = true;
        startNanos = System.nanoTime();
        worker = Thread.ofPlatform().daemon().name("sws-live-asr").start(this::loop);
    }

    private void loop() {
        OnlineStream stream = recognizer == null ? null : recognizer.createStream();
        float[] buf = new float[sampleRate / 10];
        String lastPartial = "";
        try {
            while (running || source.available() > 0) {
                int n = source.read(buf, 0, buf.length);
                if (n == 0) {
                    if (!running) {
                        break;
                    }
                    Thread.sleep(10);
                    continue;
                }
                recorder.append(buf, 0, n);
                LevelMeter lv = LevelMeter.measure(buf, 0, n);
                bus.publish(new AsrEvent.Level(streamId, lv.rmsDb(), lv.peakDb()));
                if (stream == null || asrFailed) {
                    continue;
                }
                try {
                    if (gate != null) {
                        gate.accept(sampleRate, buf, 0, n);
                    }
                    stream.acceptWaveform(sampleRate, buf, 0, n);
                    while (recognizer.isReady(stream)) {
                        recognizer.decode(List.of(stream));
                        if (recognizer.isEndpoint(stream)) {
                            publishFinal(recognizer.finishSegment(stream));
                            lastPartial = "";
                        }
                    }
                    Segment p = gate == null ? recognizer.result(stream) : gate.shown(recognizer.result(stream));
                    if (!p.text().equals(lastPartial)) {
                        lastPartial = p.text();
                        bus.publish(new AsrEvent.Partial(streamId, p.index(), p.text(), p.start()));
                    }
                } catch (RuntimeException e) {
                    asrFailed = true;
                    LOG.log(Level.WARNING, "live recognition failed; recording continues", e);
                    bus.publish(new ErrorEvent("asr", "Recognition stopped (" + dev.sws.core.util.UserFacingException.messageOf(e)
                            + "); the recording continues and is saved.", e));
                }
            }
            if (stream != null && !asrFailed) {
                if (gate != null) {
                    gate.finish();
                }
                stream.inputFinished();
                recognizer.decodeAll(stream);
                publishFinal(recognizer.finishSegment(stream));
            }
        } catch (IOException e) {
            bus.publish(new ErrorEvent("recording", "The recording could not be written (" + dev.sws.core.util.UserFacingException.messageOf(e) + ").", e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (gate != null) {
                gate.close();
            }
            try {
                recorder.close();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "closing recording", e);
            }
            double secs = recorder.secondsWritten();
            bus.publish(new AsrEvent.Ended(streamId, asrFailed ? "recognition failed" : "stopped",
                    new Transcript("microphone", recognizer == null ? "" : recognizer.model().dir().getFileName().toString(),
                            segments, secs, (System.nanoTime() - startNanos) / 1e9, gate == null ? 0 : gate.dropped())));
        }
    }

    private void publishFinal(Segment s) {
        if (s.isEmpty()) {
            return;
        }
        if (gate != null && !gate.admits(s, streamId)) {
            bus.publish(new AsrEvent.Partial(streamId, s.index(), "", s.start()));
            return;
        }
        if (finisher != null) {
            List<Segment> before;
            synchronized (segments) {
                before = List.copyOf(segments);
            }
            s = finisher.apply(s, before);
        }
        synchronized (segments) {
            segments.add(s);
        }
        bus.publish(new AsrEvent.Final(streamId, s));
    }

    /** Stops after draining what was captured; waits for the worker to finish the last segment. */
    public synchronized void stop() {
        running = false;
        if (worker != null) {
            try {
                worker.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            worker = null;
        }
    }

    public List<Segment> segments() {
        synchronized (segments) {
            return List.copyOf(segments);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
