package dev.sws.asr;

import dev.sws.asr.model.AsrModel;
import dev.sws.asr.model.EncoderCache;
import dev.sws.asr.model.EndpointConfig;
import dev.sws.asr.model.RecognizerConfig;
import dev.sws.asr.model.StreamingEncoder;
import dev.sws.core.util.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class StreamingTest {

    /** Runs the encoder window by window over features, carrying the caches, and concatenates the outputs. */
    static float[][] stream(StreamingEncoder enc, float[] feats, int frames, int window, int shift) {
        EncoderCache cache = enc.newCache();
        List<float[]> out = new ArrayList<>();
        for (int start = 0; start + window <= frames; start += shift) {
            float[] w = new float[window * 80];
            System.arraycopy(feats, start * 80, w, 0, window * 80);
            for (float[] f : enc.run(new float[][]{w}, window, new EncoderCache[]{cache})[0].frames()) {
                out.add(f);
            }
        }
        return out.toArray(float[][]::new);
    }

    @ParameterizedTest
    @ValueSource(strings = {"transducer", "ctc"})
    void streamingWithCachesEqualsTheFullContextForward(String kind) throws Exception {
        Npy.Array feats = Npy.read(Replicas.dir("golden").resolve("feats.npy"));
        Npy.Array ref = Npy.read(Replicas.dir("golden").resolve(kind.equals("ctc") ? "ctc_offline.npy" : "encoder_offline.npy"));
        try (AsrModel m = Replicas.load(kind)) {
            float[][] got = stream(m.encoder(), feats.floats(), (int) feats.shape()[0], 32, 16);
            int dim = (int) ref.shape()[1];
            assertEquals(ref.shape()[0], got.length, "frames");
            double max = 0;
            for (int t = 0; t < got.length; t++) {
                for (int d = 0; d < dim; d++) {
                    max = Math.max(max, Math.abs(got[t][d] - ref.floats()[t * dim + d]));
                }
            }
            assertTrue(max < 1e-4, kind + ": streaming vs full context max |diff| " + max);
        }
    }

    /**
     * A batch whose caches stay with ONNX Runtime between calls (an IO binding through the C API) encodes exactly what
     * the Java API's calls encode, chunk after chunk, and ends with the same caches.
     */
    @ParameterizedTest
    @ValueSource(strings = {"transducer", "ctc"})
    void aResidentBatchEncodesWhatTheJavaApiCallsEncode(String kind) throws Exception {
        Npy.Array feats = Npy.read(Replicas.dir("golden").resolve("feats.npy"));
        int frames = (int) feats.shape()[0];
        try (AsrModel m = Replicas.load(kind)) {
            StreamingEncoder enc = m.encoder();
            int streams = 3;
            EncoderCache[] plain = new EncoderCache[streams];
            EncoderCache[] start = new EncoderCache[streams];
            for (int i = 0; i < streams; i++) {
                plain[i] = enc.newCache();
                start[i] = enc.newCache();
            }
            int calls = 0;
            try (StreamingEncoder.Resident resident = enc.resident(start)) {
                assertEquals("cpu", resident.place());
                for (int t0 = 0; t0 + 32 <= frames; t0 += 16) {
                    float[][] windows = new float[streams][32 * 80];
                    for (int i = 0; i < streams; i++) {   // each stream its own slice of the features
                        int from = Math.min(t0 + 4 * i, frames - 32);
                        System.arraycopy(feats.floats(), from * 80, windows[i], 0, 32 * 80);
                    }
                    StreamingEncoder.Output[] want = enc.run(windows, 32, plain);
                    StreamingEncoder.Output[] got = resident.run(windows, 32);
                    for (int i = 0; i < streams; i++) {
                        assertEquals(want[i].frames().length, got[i].frames().length);
                        for (int f = 0; f < want[i].frames().length; f++) {
                            assertArrayEquals(want[i].frames()[f], got[i].frames()[f], 0f, kind + " call " + calls + " stream " + i);
                        }
                    }
                    calls++;
                }
                EncoderCache[] end = resident.caches();
                for (int i = 0; i < streams; i++) {
                    assertArrayEquals(plain[i].channel(), end[i].channel(), 0f);
                    assertArrayEquals(plain[i].time(), end[i].time(), 0f);
                    assertEquals(plain[i].length(), end[i].length());
                }
            }
            assertTrue(calls > 3, "calls " + calls);
        }
    }

    static float[] noise(long seed, int n) {
        Random r = new Random(seed);
        float[] s = new float[n];
        for (int i = 0; i < n; i++) {
            s[i] = (float) (0.2 * Math.sin(i * (0.01 + seed * 0.003)) + 0.05 * r.nextGaussian());
        }
        return s;
    }

    private static String decodeAlone(OnlineRecognizer rec, float[] audio) {
        OnlineStream s = rec.createStream();
        s.acceptWaveform(16000, audio);
        s.inputFinished();
        rec.decodeAll(s);
        return rec.result(s).text() + "|" + java.util.Arrays.toString(rec.result(s).words().stream().mapToDouble(Word::start).toArray());
    }

    @ParameterizedTest
    @ValueSource(strings = {"transducer", "ctc"})
    void aBatchOfStreamsGivesTheSameResultsAsSingleStreams(String kind) {
        try (AsrModel m = Replicas.load(kind)) {
            for (RecognizerConfig.Decoding d : RecognizerConfig.Decoding.values()) {
                OnlineRecognizer rec = new OnlineRecognizer(m, RecognizerConfig.defaults().withDecoding(d, 3).withEndpoint(EndpointConfig.disabled()));
                float[][] audio = {noise(1, 16000 * 3), noise(2, 16000 * 2), noise(3, 16000 * 4)};
                List<OnlineStream> streams = new ArrayList<>();
                for (float[] a : audio) {
                    OnlineStream s = rec.createStream();
                    s.acceptWaveform(16000, a);
                    s.inputFinished();
                    streams.add(s);
                }
                int batches = 0;
                while (rec.decode(streams) > 0) {
                    batches++;
                }
                assertTrue(batches > 3);
                for (int i = 0; i < audio.length; i++) {
                    Segment seg = rec.result(streams.get(i));
                    String batched = seg.text() + "|" + java.util.Arrays.toString(seg.words().stream().mapToDouble(Word::start).toArray());
                    assertEquals(decodeAlone(rec, audio[i]), batched, kind + " " + d + " stream " + i);
                    // the whole result: n-best texts, word times and confidences, to the last bit (the search runs
                    // every stream's model calls in one batch, and each stream keeps what it would keep alone)
                    OnlineStream alone = rec.createStream();
                    alone.acceptWaveform(16000, audio[i]);
                    alone.inputFinished();
                    rec.decodeAll(alone);
                    assertEquals(rec.result(alone), seg, kind + " " + d + " stream " + i);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"transducer", "ctc"})
    void finishingASegmentResetsStateLikeAFreshStream(String kind) {
        try (AsrModel m = Replicas.load(kind)) {
            OnlineRecognizer rec = new OnlineRecognizer(m, RecognizerConfig.defaults().withEndpoint(EndpointConfig.disabled()));
            float[] x = noise(5, 16000 * 2);
            float[] y = noise(6, 16000 * 2);
            OnlineStream s = rec.createStream();
            s.acceptWaveform(16000, x);
            rec.decodeAll(s);
            Segment first = rec.finishSegment(s);
            assertEquals(0, s.cache.length(), "encoder caches are reset");
            assertEquals("", rec.result(s).text(), "search is reset");
            assertEquals(first.isEmpty() ? 0 : 1, s.segmentIndex());
            int consumed = s.processed * 160; // audio not yet decoded stays: a fresh stream sees it followed by y
            s.acceptWaveform(16000, y);
            s.inputFinished();
            rec.decodeAll(s);
            float[] rest = new float[x.length - consumed + y.length];
            System.arraycopy(x, consumed, rest, 0, x.length - consumed);
            System.arraycopy(y, 0, rest, x.length - consumed, y.length);
            OnlineStream fresh = rec.createStream();
            fresh.acceptWaveform(16000, rest);
            fresh.inputFinished();
            rec.decodeAll(fresh);
            assertEquals(rec.result(fresh).text(), rec.result(s).text());
            double shift = consumed / 16000.0;
            List<Word> a = rec.result(s).words();
            List<Word> b = rec.result(fresh).words();
            for (int i = 0; i < a.size(); i++) {
                assertEquals(b.get(i).start() + shift, a.get(i).start(), 1e-6, "timestamps continue from the stream start");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"transducer", "ctc"})
    void timestampsAreMonotonicAndNbestIsSorted(String kind) {
        try (AsrModel m = Replicas.load(kind)) {
            OnlineRecognizer rec = new OnlineRecognizer(m, RecognizerConfig.defaults().withDecoding(RecognizerConfig.Decoding.BEAM, 4)
                    .withEndpoint(EndpointConfig.disabled()));
            OnlineStream s = rec.createStream();
            s.acceptWaveform(16000, noise(7, 16000 * 5));
            s.inputFinished();
            rec.decodeAll(s);
            Segment seg = rec.result(s);
            assertFalse(seg.words().isEmpty(), "random replica emits something on this input");
            double last = -1;
            for (Word w : seg.words()) {
                assertTrue(w.start() >= last, "word starts are non-decreasing");
                assertTrue(w.end() > w.start());
                assertTrue(w.confidence() > 0 && w.confidence() <= 1);
                last = w.start();
            }
            assertTrue(seg.end() <= 5.0, "segment ends within the audio, not in the tail padding: " + seg.end());
            assertTrue(seg.words().getLast().end() <= seg.end(), "words end within their segment");
            assertTrue(seg.nbest().size() > 1 && seg.nbest().size() <= 4);
            for (int i = 1; i < seg.nbest().size(); i++) {
                assertTrue(seg.nbest().get(i - 1).logProb() >= seg.nbest().get(i).logProb());
            }
            assertEquals(seg.text(), seg.nbest().getFirst().text());
        }
    }

    @Test
    void endpointsSplitAStreamAndUnsupportedChunksAreRefused() {
        EndpointConfig ep = new EndpointConfig(true, 0.5, 0.3, 1.5);
        assertTrue(ep.isEndpoint(0.6, false, 1));
        assertFalse(ep.isEndpoint(0.2, true, 1));
        assertTrue(ep.isEndpoint(0.3, true, 1));
        assertTrue(ep.isEndpoint(0, true, 1.6));
        try (AsrModel m = Replicas.load("transducer")) {
            assertThrows(IllegalArgumentException.class, () -> new OnlineRecognizer(m, RecognizerConfig.defaults().withChunkFrames(4)));
            OnlineRecognizer rec = new OnlineRecognizer(m, RecognizerConfig.defaults().withEndpoint(ep));
            OnlineStream s = rec.createStream();
            s.acceptWaveform(16000, noise(9, 16000 * 6));
            s.inputFinished();
            int segments = 0;
            while (rec.isReady(s)) {
                rec.decode(List.of(s));
                if (rec.isEndpoint(s)) {
                    rec.finishSegment(s);
                    segments++;
                }
            }
            assertTrue(segments >= 3, "max utterance 1.5 s splits 7 s into several segments, got " + segments);
        }
    }
}
