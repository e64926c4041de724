package dev.sws.asr;

import dev.sws.asr.decode.Hypothesis;
import dev.sws.asr.decode.Searcher;
import dev.sws.asr.model.AsrModel;
import dev.sws.asr.model.RecognizerConfig;
import dev.sws.asr.model.StreamingEncoder;
import dev.sws.asr.model.TokenTable;
import dev.sws.audio.features.FrontendConfig;
import dev.sws.audio.features.OnlineFeatureExtractor;

import java.util.ArrayList;
import java.util.List;

/**
 * Streaming recogniser for NeMo cache-aware conformers (sherpa-onnx's OnlineRecognizer): the encoder consumes
 * windows of {@code window} mel frames advancing by {@code shift}, with its attention and convolution caches
 * carried between windows, so streaming results equal full-context results of the same chunk size; several
 * streams are batched into one encoder call by stacking their caches. Thread-safe for distinct streams.
 */
public final class OnlineRecognizer {

    private final AsrModel model;
    private final RecognizerConfig config;
    private final Searcher searcher;
    private final FrontendConfig frontend;
    private final int chunk;
    private final int window;
    private final int shift;

    public OnlineRecognizer(AsrModel model, RecognizerConfig config) {
        this.model = model;
        this.config = config;
        this.searcher = Searcher.forModel(model, config);
        this.frontend = FrontendConfig.nemo(model.encoder().featDim());
        StreamingEncoder e = model.encoder();
        this.chunk = config.chunkFrames() > 0 ? config.chunkFrames() : e.defaultChunk();
        boolean supported = false;
        for (int c : e.supportedChunks()) {
            supported |= c == chunk;
        }
        if (!supported) {
            throw new IllegalArgumentException("This model supports chunk sizes " + java.util.Arrays.toString(e.supportedChunks())
                    + " (encoder frames), not " + chunk + ".");
        }
        this.window = e.windowFor(chunk);
        this.shift = e.shiftFor(chunk);
    }

    public AsrModel model() {
        return model;
    }

    public RecognizerConfig config() {
        return config;
    }

    /** Algorithmic latency of one chunk in seconds (window length). */
    /** Audio consumed per encoder call (the chunk), in seconds; the window adds the pre-encode overlap. */
    public double chunkSeconds() {
        return shift * 0.01;
    }

    /** Audio the encoder sees per call (chunk plus pre-encode overlap), in seconds. */
    public double windowSeconds() {
        return window * 0.01;
    }

    public OnlineStream createStream() {
        return new OnlineStream(new OnlineFeatureExtractor(frontend), model.encoder().newCache(), searcher.init(),
                (int) Math.round(config.tailPaddingSeconds() * 16000));
    }

    public boolean isReady(OnlineStream s) {
        return s.processed + window <= s.features.framesReady();
    }

    /** Decodes one window of every ready stream in a single batched encoder call; returns how many were ready. */
    public int decode(List<OnlineStream> streams) {
        List<OnlineStream> ready = new ArrayList<>();
        for (OnlineStream s : streams) {
            if (isReady(s)) {
                ready.add(s);
            }
        }
        if (ready.isEmpty()) {
            return 0;
        }
        int m = frontend.numMels();
        float[][] windows = new float[ready.size()][window * m];
        dev.sws.asr.model.EncoderCache[] caches = new dev.sws.asr.model.EncoderCache[ready.size()];
        for (int i = 0; i < ready.size(); i++) {
            OnlineStream s = ready.get(i);
            s.features.copyFrames(s.processed, window, windows[i], 0, 0f);
            caches[i] = s.cache;
        }
        StreamingEncoder.Output[] outs = model.encoder().run(windows, window, caches);
        List<dev.sws.asr.decode.SearchState> states = new ArrayList<>(ready.size());
        List<float[][]> frames = new ArrayList<>(ready.size());
        for (int i = 0; i < ready.size(); i++) {
            states.add(ready.get(i).search);
            frames.add(outs[i].frames());
        }
        searcher.decode(states, frames);    // batched across the streams where the search can
        for (OnlineStream s : ready) {
            s.processed += shift;
            s.features.discardBefore(s.processed);
        }
        return ready.size();
    }

    /** Decodes {@code s} while it is ready. */
    public void decodeAll(OnlineStream s) {
        List<OnlineStream> one = List.of(s);
        while (decode(one) > 0) {
            // keep going
        }
    }

    /** The current (partial) result of the open segment. */
    public Segment result(OnlineStream s) {
        List<Hypothesis> nbest = searcher.nbest(s.search);
        Hypothesis best = nbest.getFirst();
        TokenTable tok = model.tokens();
        int[] ids = best.tokens();
        int[] frames = best.frames();
        float[] lps = best.tokenLogProbs();
        double frameSec = model.frameSeconds();
        double offset = s.segmentStart * 0.01 + model.encoder().dropFrames() * frameSec;
        double segStart = s.segmentStart * 0.01;
        // Output frames lag their audio by the dropped pre-encode frames, and the last window runs into the tail
        // padding: no time may pass the audio decoded so far (where the next segment starts) or the end of the input.
        double limit = Math.max(segStart, Math.min(s.processed * 0.01, s.secondsAccepted()));
        double segEnd = Math.min(segStart + (s.search.frames() + model.encoder().dropFrames()) * frameSec, limit);
        List<Word> words = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= ids.length; i++) {
            if (i < ids.length && !tok.startsWord(ids[i])) {
                continue;
            }
            String w = tok.text(ids, start, i);
            if (!w.isEmpty()) {
                double ws = offset + frames[start] * frameSec;
                double we = i < ids.length ? offset + frames[i] * frameSec : offset + (frames[i - 1] + 1) * frameSec;
                double sum = 0;
                for (int k = start; k < i; k++) {
                    sum += lps[k];
                }
                we = Math.min(Math.max(we, ws + frameSec), segEnd);
                ws = Math.min(ws, we - frameSec / 2);
                words.add(new Word(w, ws, we, Math.exp(sum / (i - start))));
            }
            start = i;
        }
        List<NBestEntry> alts = new ArrayList<>();
        for (Hypothesis h : nbest) {
            alts.add(new NBestEntry(tok.text(h.tokens()), h.logProb()));
        }
        double conf = 0;
        for (float lp : lps) {
            conf += lp;
        }
        conf = lps.length == 0 ? 1.0 : Math.exp(conf / lps.length);
        // a word's confidence: its tokens' mean probability times the share of the n-best list that keeps it
        return new Segment(s.segmentIndex, segStart, segEnd, tok.text(ids), NBestAgreement.weigh(words, alts), alts, conf);
    }

    public boolean isEndpoint(OnlineStream s) {
        double f = model.frameSeconds();
        return config.endpoint().isEndpoint(s.search.trailingBlankFrames() * f, s.search.best().tokens().length > 0,
                s.search.frames() * f);
    }

    /** True when the input is finished and every complete window has been decoded. */
    public boolean isDone(OnlineStream s) {
        return s.isFinished() && !isReady(s);
    }

    /**
     * Ends the current segment: returns its final result and resets the encoder caches and the search for the
     * next one (audio already accepted is kept).
     */
    public Segment finishSegment(OnlineStream s) {
        Segment seg = result(s);
        s.cache.reset();
        s.search = searcher.init();
        s.segmentStart = s.processed;
        if (!seg.isEmpty()) {
            s.segmentIndex++;
        }
        return seg;
    }
}
