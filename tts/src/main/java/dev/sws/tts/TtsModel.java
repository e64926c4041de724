package dev.sws.tts;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.sws.core.inference.Device;
import dev.sws.core.inference.InferenceRuntime;
import dev.sws.core.inference.Int8Compute;
import dev.sws.core.inference.OwnedSession;
import dev.sws.core.inference.TensorSpec;
import dev.sws.core.model.ModelContractException;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/**
 * A flow-matching TTS folder in the workstation's contract (ARCHITECTURE.md §5): {@code tts.json}, {@code tokens.txt},
 * {@code velocity.onnx} (x, cond, text, time → v) and {@code vocoder.onnx} (mel → audio). Owns both sessions.
 * Renders one chunk of text in a reference voice by infilling: the reference mel is the condition on its frames,
 * the new text's frames are integrated from noise ({@link FlowSampler}).
 */
public final class TtsModel implements SpeechModel {

    static final List<TensorSpec> VEL_IN = List.of(TensorSpec.f32("x", 3), TensorSpec.f32("cond", 3),
            TensorSpec.i64("text", 2), TensorSpec.f32("time", 1));
    static final List<TensorSpec> VEL_OUT = List.of(TensorSpec.f32("v", 3));
    static final List<TensorSpec> VOC_IN = List.of(TensorSpec.f32("mel", 3));
    static final List<TensorSpec> VOC_OUT = List.of(TensorSpec.f32("audio", 2));

    /** Shortest generated stretch in frames (a lone word needs a few hundred milliseconds). */
    private static final int MIN_FRAMES = 12;

    private final Path dir;
    private final TtsConfig config;
    private final TextEncoder tokens;
    private final TtsMel mel;
    private final OwnedSession velocity;
    private final OwnedSession vocoder;

    private TtsModel(Path dir, TtsConfig config, TextEncoder tokens, OwnedSession velocity, OwnedSession vocoder) {
        this.dir = dir;
        this.config = config;
        this.tokens = tokens;
        this.mel = new TtsMel(config);
        this.velocity = velocity;
        this.vocoder = vocoder;
    }

    /** Loads and validates a TTS folder; a contract mismatch fails with a message naming it. */
    public static TtsModel load(Path dir, InferenceRuntime runtime, Device device, int threads) {
        TtsConfig config = TtsConfig.read(dir);
        for (String f : List.of("velocity.onnx", "vocoder.onnx", "tokens.txt")) {
            if (!Files.isRegularFile(dir.resolve(f))) {
                throw new ModelContractException(dir + " is not a flow-matching TTS model: " + f + " is missing.");
            }
        }
        CharTokens chars = CharTokens.read(dir.resolve("tokens.txt"));
        TextEncoder tokens = config.textUnits().equals(TtsConfig.PHONEMES)
                ? LexiconTokens.read(dir.resolve(config.lexicon()), chars) : chars;
        OwnedSession vel = runtime.open(dir.resolve("velocity.onnx"), device, threads, Int8Compute.MANY_ROWS);
        try {
            TensorSpec.checkInputs(vel, VEL_IN);
            TensorSpec.checkOutputs(vel, VEL_OUT);
            long[] xShape = TensorSpec.inputShape(vel, "x");
            if (xShape[2] > 0 && xShape[2] != config.nMels()) {
                throw new ModelContractException("velocity.onnx takes " + xShape[2] + " mel bins; tts.json says " + config.nMels() + ".");
            }
            OwnedSession voc = runtime.open(dir.resolve("vocoder.onnx"), device, threads);
            try {
                TensorSpec.checkInputs(voc, VOC_IN);
                TensorSpec.checkOutputs(voc, VOC_OUT);
                return new TtsModel(dir, config, tokens, vel, voc);
            } catch (RuntimeException e) {
                voc.close();
                throw e;
            }
        } catch (RuntimeException e) {
            vel.close();
            throw e;
        }
    }

    public Path dir() {
        return dir;
    }

    public TtsConfig config() {
        return config;
    }

    /** The model's text front end (characters, or phones from its pronouncing dictionary). */
    public TextEncoder tokens() {
        return tokens;
    }

    @Override
    public int sampleRate() {
        return config.sampleRate();
    }

    @Override
    public SamplerOptions defaults() {
        return config.defaults();
    }

    @Override
    public String name() {
        return dir.getFileName().toString();
    }

    @Override
    public Synthesizer.Reference prepare(float[] audio, String transcript) {
        return new Synthesizer.Reference(audio, mel(audio), Synthesizer.normaliseTranscript(transcript));
    }

    @Override
    public float[] render(Synthesizer.Reference ref, String text, SamplerOptions o, BooleanSupplier cancelled, IntConsumer onStep) {
        return render(ref.mel(), ref.text(), text, o, cancelled, onStep);
    }

    /** Log mel (frames, mels) of audio at the model's sample rate, as the model was trained on. */
    public float[][] mel(float[] audio) {
        return mel.compute(audio);
    }

    @Override
    public String grid(SamplerOptions o) {
        return config.pruned(o) ? "pruned grid of tts.json" : SpeechModel.super.grid(o);
    }

    /**
     * Seconds an utterance takes beyond its sounds (onset, phrase-final lengthening, release). The reference's rate
     * spreads it over all of its tokens; a short text needs it whole, or it is squeezed until it is not understood
     * (twelve two-word phrases: 68 % word errors by PocketSphinx at speed 1, 23 % at speed 0.75; ADR 0009). The system property {@code sws.tts.overheadSeconds} overrides it, for measurements.
     */
    static final double UTTERANCE_OVERHEAD_S = 0.3;

    /**
     * Frames the new text gets, divided by the speed factor: the reference's frames per token (character or phone)
     * times the text's tokens, or — when more — the reference's rate without one utterance overhead, plus that overhead.
     * Texts at least as long as the reference keep the proportional duration; shorter ones get the overhead whole.
     */
    public int framesFor(int refFrames, int refTokens, int genTokens, float speed) {
        double proportional = refFrames / (double) Math.max(1, refTokens) * genTokens;
        double overhead = Math.min(refFrames / 2.0, Double.parseDouble(System.getProperty("sws.tts.overheadSeconds",
                String.valueOf(UTTERANCE_OVERHEAD_S))) * config.framesPerSecond());
        double affine = (refFrames - overhead) / Math.max(1, refTokens) * genTokens + overhead;
        return Math.max(MIN_FRAMES, (int) Math.round(Math.max(proportional, affine) / speed));
    }

    /**
     * Renders {@code text} (normalised) in the voice of {@code refMel} (its transcript {@code refText}) and returns the
     * new audio only (the reference part is cut off).
     */
    public float[] render(float[][] refMel, String refText, String text, SamplerOptions o, BooleanSupplier cancelled,
                          IntConsumer onStep) {
        int[] refIds = tokens.encode(refText);
        int[] genIds = tokens.encode(" " + text);
        int refFrames = refMel.length;
        int genFrames = framesFor(refFrames, refIds.length, genIds.length, o.speed());
        int total = refFrames + genFrames;
        int m = config.nMels();
        long[] layout = new long[total];
        if (config.textLayout().equals("uniform")) {
            System.arraycopy(CharTokens.layout(refIds, refFrames, "uniform"), 0, layout, 0, refFrames);
            System.arraycopy(CharTokens.layout(genIds, genFrames, "uniform"), 0, layout, refFrames, genFrames);
        } else {
            int[] all = new int[refIds.length + genIds.length];
            System.arraycopy(refIds, 0, all, 0, refIds.length);
            System.arraycopy(genIds, 0, all, refIds.length, genIds.length);
            layout = CharTokens.layout(all, total, "filler");
        }
        float[] cond = new float[total * m];
        for (int f = 0; f < refFrames; f++) {
            for (int k = 0; k < m; k++) {
                cond[f * m + k] = (refMel[f][k] - config.melMean()) / config.melStd();
            }
        }
        float[][] x = FlowSampler.noise(total, m, o.seed());
        float[][] out;
        try (Conditioning c = conditioning(cond, layout, o.cfg() > 0f)) {
            out = FlowSampler.sample(x, (xt, t, guided) -> velocity(xt, c, t, guided), o, config.grid(o), cancelled, onStep);
        }
        float[][] gen = new float[genFrames][m];
        for (int f = 0; f < genFrames; f++) {
            for (int k = 0; k < m; k++) {
                gen[f][k] = out[refFrames + f][k] * config.melStd() + config.melMean();
            }
        }
        return vocode(gen);
    }

    /** One conditional velocity evaluation (no guidance): for golden tests and diagnostics. */
    public float[][] velocityOnce(float[][] x, float[] cond, long[] text, float t) {
        try (Conditioning c = conditioning(cond, text, false)) {
            return velocity(x, c, t, false)[0];
        }
    }

    /**
     * The condition and text tensors of one rendering, made once and reused by every sampler step: a batch of one
     * (conditional) row, and with guidance one of two, whose second row is unconditional (no condition, all filler).
     */
    private record Conditioning(Rows single, Rows guided, int frames) implements AutoCloseable {
        Rows rows(boolean withGuidance) {
            return withGuidance && guided != null ? guided : single;
        }

        @Override
        public void close() {
            single.close();
            if (guided != null) {
                guided.close();
            }
        }
    }

    private record Rows(OnnxTensor cond, OnnxTensor text, int batch) implements AutoCloseable {
        @Override
        public void close() {
            cond.close();
            text.close();
        }
    }

    private Conditioning conditioning(float[] cond, long[] text, boolean guided) {
        Rows one = rows(cond, text, 1);
        if (!guided) {
            return new Conditioning(one, null, text.length);
        }
        try {
            return new Conditioning(one, rows(cond, text, 2), text.length);
        } catch (RuntimeException e) {
            one.close();
            throw e;
        }
    }

    private Rows rows(float[] cond, long[] text, int b) {
        int frames = text.length;
        int m = config.nMels();
        float[] cs = java.util.Arrays.copyOf(cond, b * frames * m);
        long[] ts = java.util.Arrays.copyOf(text, b * frames);
        OnnxTensor tc = null;
        try {
            tc = OnnxTensor.createTensor(velocity.env(), FloatBuffer.wrap(cs), new long[]{b, frames, m});
            return new Rows(tc, OnnxTensor.createTensor(velocity.env(), LongBuffer.wrap(ts), new long[]{b, frames}), b);
        } catch (OrtException e) {
            if (tc != null) {
                tc.close();
            }
            throw InferenceRuntime.inferenceFailed("The velocity model", e);
        }
    }

    private float[][][] velocity(float[][] x, Conditioning conditioning, float t, boolean guided) {
        Rows c = conditioning.rows(guided);
        int frames = conditioning.frames();
        int m = config.nMels();
        int b = c.batch();
        float[] xs = new float[b * frames * m];
        for (int f = 0; f < frames; f++) {
            System.arraycopy(x[f], 0, xs, f * m, m);
        }
        if (b == 2) {
            System.arraycopy(xs, 0, xs, frames * m, frames * m);   // the unconditional row sees the same noisy mel
        }
        float[] time = new float[b];
        java.util.Arrays.fill(time, t);
        var env = velocity.env();
        OrtSession.Result r = null;
        try (OnnxTensor tx = OnnxTensor.createTensor(env, FloatBuffer.wrap(xs), new long[]{b, frames, m});
             OnnxTensor tm = OnnxTensor.createTensor(env, FloatBuffer.wrap(time), new long[]{b})) {
            r = velocity.run(Map.of("x", tx, "cond", c.cond(), "text", c.text(), "time", tm));
            FloatBuffer v = OwnedSession.tensor(r, 0).getFloatBuffer();
            if (v.remaining() != b * frames * m) {
                throw new ModelContractException("velocity.onnx returned " + v.remaining() + " values for " + b + " x "
                        + frames + " x " + m + ".");
            }
            float[][][] out = new float[b][frames][m];
            for (int i = 0; i < b; i++) {
                for (int f = 0; f < frames; f++) {
                    v.get(out[i][f]);
                }
            }
            return out;
        } catch (OrtException e) {
            throw InferenceRuntime.inferenceFailed("The velocity model", e);
        } finally {
            if (r != null) {
                r.close();
            }
        }
    }

    /** Log mel (frames, mels) → audio at the model's sample rate. */
    public float[] vocode(float[][] logMel) {
        int frames = logMel.length;
        int m = config.nMels();
        float[] flat = new float[frames * m];
        for (int f = 0; f < frames; f++) {
            System.arraycopy(logMel[f], 0, flat, f * m, m);
        }
        OrtSession.Result r = null;
        try (OnnxTensor in = OnnxTensor.createTensor(vocoder.env(), FloatBuffer.wrap(flat), new long[]{1, frames, m})) {
            r = vocoder.run(Map.of("mel", in));
            FloatBuffer a = OwnedSession.tensor(r, 0).getFloatBuffer();
            float[] audio = new float[a.remaining()];
            a.get(audio);
            return audio;
        } catch (OrtException e) {
            throw InferenceRuntime.inferenceFailed("The vocoder", e);
        } finally {
            if (r != null) {
                r.close();
            }
        }
    }

    @Override
    public void close() {
        velocity.close();
        vocoder.close();
    }
}
