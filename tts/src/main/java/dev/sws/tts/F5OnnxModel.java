package dev.sws.tts;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sws.core.inference.Device;
import dev.sws.core.inference.InferenceRuntime;
import dev.sws.core.inference.Int8Compute;
import dev.sws.core.inference.OwnedSession;
import dev.sws.core.inference.TensorSpec;
import dev.sws.core.model.ModelContractException;
import dev.sws.core.util.Json;

import java.io.IOException;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/**
 * The public F5-TTS three-graph ONNX export (DakeQQ/F5-TTS-ONNX): {@code F5_Preprocess.onnx} (reference audio int16,
 * text ids, total frames → noise, rotary tables, conditioning), {@code F5_Transformer.onnx} (one Euler step with CFG;
 * NFE, guidance and sway are baked in at export, so it is called {@code nfe_steps − 1} times), {@code F5_Decode.onnx}
 * (mel → int16 audio of the new part), {@code vocab.txt} (one symbol per line) and an optional {@code f5.json}
 * ({@code sample_rate} 24000, {@code hop} 256, {@code nfe_steps} 32 by default, as the export script's defaults).
 * Duration follows the export's rule: new frames = reference frames ÷ reference UTF-8 bytes × new bytes ÷ speed.
 */
public final class F5OnnxModel implements SpeechModel {

    static final List<TensorSpec> PRE_IN = List.of(TensorSpec.any("audio", 3), TensorSpec.any("text_ids", 2),
            TensorSpec.i64("max_duration", 1));
    static final List<String> PRE_OUT = List.of("noise", "rope_cos_q", "rope_sin_q", "rope_cos_k", "rope_sin_k",
            "cat_mel_text", "cat_mel_text_drop", "ref_signal_len");
    static final List<String> STEP_IN = List.of("noise", "rope_cos_q", "rope_sin_q", "rope_cos_k", "rope_sin_k",
            "cat_mel_text", "cat_mel_text_drop", "time_step");
    static final List<TensorSpec> DEC_IN = List.of(TensorSpec.any("denoised", 3), TensorSpec.i64("ref_signal_len", -1));

    private final Path dir;
    private final Map<String, Integer> vocab;
    private final int sampleRate;
    private final int hop;
    private final int nfeSteps;
    private final OwnedSession pre;
    private final OwnedSession step;
    private final OwnedSession decode;

    private F5OnnxModel(Path dir, Map<String, Integer> vocab, int sampleRate, int hop, int nfeSteps, OwnedSession pre,
                        OwnedSession step, OwnedSession decode) {
        this.dir = dir;
        this.vocab = vocab;
        this.sampleRate = sampleRate;
        this.hop = hop;
        this.nfeSteps = nfeSteps;
        this.pre = pre;
        this.step = step;
        this.decode = decode;
    }

    /** {@code f5.json}, with the export script's defaults for what it does not say. */
    public record Settings(int sampleRate, int hop, int nfeSteps) {
        public static Settings read(Path dir) {
            int sr = 24000;
            int hop = 256;
            int nfe = 32;
            Path f = dir.resolve("f5.json");
            if (Files.isRegularFile(f)) {
                try {
                    JsonNode j = Json.mapper().readTree(f.toFile());
                    sr = j.path("sample_rate").asInt(sr);
                    hop = j.path("hop").asInt(hop);
                    nfe = j.path("nfe_steps").asInt(nfe);
                } catch (IOException e) {
                    throw new ModelContractException(f + " is not valid JSON: " + e.getMessage());
                }
            }
            if (nfe < 2 || hop <= 0 || sr <= 0) {
                throw new ModelContractException(f + ": sample_rate, hop and nfe_steps (≥ 2) must be positive.");
            }
            return new Settings(sr, hop, nfe);
        }
    }

    /** Whether {@code dir} looks like an F5-TTS three-graph export. */
    public static boolean looksLike(Path dir) {
        return Files.isRegularFile(dir.resolve("F5_Preprocess.onnx")) && Files.isRegularFile(dir.resolve("F5_Transformer.onnx"));
    }

    public static F5OnnxModel load(Path dir, InferenceRuntime runtime, Device device, int threads) {
        for (String f : List.of("F5_Preprocess.onnx", "F5_Transformer.onnx", "F5_Decode.onnx", "vocab.txt")) {
            if (!Files.isRegularFile(dir.resolve(f))) {
                throw new ModelContractException(dir + " is not an F5-TTS ONNX export: " + f + " is missing.");
            }
        }
        Settings cfg = Settings.read(dir);
        int sr = cfg.sampleRate();
        int hop = cfg.hop();
        int nfe = cfg.nfeSteps();
        Map<String, Integer> vocab = new HashMap<>();
        try {
            List<String> lines = Files.readAllLines(dir.resolve("vocab.txt"), StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                vocab.putIfAbsent(lines.get(i), i);
            }
        } catch (IOException e) {
            throw new ModelContractException(dir.resolve("vocab.txt") + " is unreadable: " + e.getMessage());
        }
        OwnedSession a = runtime.open(dir.resolve("F5_Preprocess.onnx"), device, threads);
        OwnedSession b = null;
        OwnedSession c = null;
        try {
            TensorSpec.checkInputs(a, PRE_IN);
            requireNames(a.outputNames(), PRE_OUT, "F5_Preprocess.onnx outputs");
            b = runtime.open(dir.resolve("F5_Transformer.onnx"), device, threads, Int8Compute.MANY_ROWS);
            requireNames(b.inputNames(), STEP_IN, "F5_Transformer.onnx inputs");
            if (b.outputNames().size() != 2) {
                throw new ModelContractException("F5_Transformer.onnx must have 2 outputs (denoised, time_step), not "
                        + b.outputNames() + ".");
            }
            c = runtime.open(dir.resolve("F5_Decode.onnx"), device, threads);
            TensorSpec.checkInputs(c, DEC_IN);
            return new F5OnnxModel(dir, vocab, sr, hop, nfe, a, b, c);
        } catch (RuntimeException e) {
            a.close();
            if (b != null) {
                b.close();
            }
            if (c != null) {
                c.close();
            }
            throw e;
        }
    }

    private static void requireNames(List<String> have, List<String> want, String what) {
        if (!have.equals(want)) {
            throw new ModelContractException(what + " are " + have + "; the F5-TTS export has " + want + ".");
        }
    }

    @Override
    public int sampleRate() {
        return sampleRate;
    }

    /** NFE, CFG and sway are fixed by the exported graph; speed is honoured. */
    @Override
    public SamplerOptions defaults() {
        return new SamplerOptions(Math.min(64, nfeSteps - 1), -1f, 2f, 1f, 0L);
    }

    @Override
    public String name() {
        return dir.getFileName() + " (F5-TTS ONNX)";
    }

    @Override
    public Synthesizer.Reference prepare(float[] audio, String transcript) {
        return new Synthesizer.Reference(audio, null, Synthesizer.normaliseTranscript(transcript));
    }

    @Override
    public float[] render(Synthesizer.Reference ref, String text, SamplerOptions o, BooleanSupplier cancelled, IntConsumer onStep) {
        String refText = ref.text() + " ";
        int refBytes = Math.max(1, refText.getBytes(StandardCharsets.UTF_8).length);
        int genBytes = text.getBytes(StandardCharsets.UTF_8).length;
        long refFrames = ref.audio().length / hop + 1;
        long maxDuration = refFrames + (long) (refFrames / (double) refBytes * genBytes / o.speed());
        String all = refText + text;
        int[] ids = all.codePoints().map(cp -> vocab.getOrDefault(new String(Character.toChars(cp)), 0)).toArray();
        short[] pcm = new short[ref.audio().length];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) Math.max(-32768, Math.min(32767, Math.round(ref.audio()[i] * 32767f)));
        }
        var env = pre.env();
        OrtSession.Result prepared = null;
        OnnxTensor noise = null;
        OnnxTensor timeStep = null;
        try (OnnxTensor audio = OnnxTensor.createTensor(env, ShortBuffer.wrap(pcm), new long[]{1, 1, pcm.length});
             OnnxTensor textIds = OnnxTensor.createTensor(env, IntBuffer.wrap(ids), new long[]{1, ids.length});
             OnnxTensor dur = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[]{maxDuration}), new long[]{1})) {
            prepared = pre.run(Map.of("audio", audio, "text_ids", textIds, "max_duration", dur));
            Map<String, OnnxTensor> in = new LinkedHashMap<>();
            for (int i = 0; i < 7; i++) {
                in.put(STEP_IN.get(i), OwnedSession.tensor(prepared, i));
            }
            timeStep = OnnxTensor.createTensor(env, IntBuffer.wrap(new int[]{0}), new long[]{1});
            OnnxTensor current = OwnedSession.tensor(prepared, 0);
            for (int s = 0; s < nfeSteps - 1; s++) {
                if (cancelled.getAsBoolean()) {
                    throw new FlowSampler.CancelledException();
                }
                in.put("noise", current);
                in.put("time_step", timeStep);
                OrtSession.Result r = step.run(in);
                OnnxTensor next = copy(env, OwnedSession.tensor(r, 0));
                OnnxTensor nextStep = copy(env, OwnedSession.tensor(r, 1));
                r.close();
                if (noise != null) {
                    noise.close();
                }
                timeStep.close();
                noise = next;
                current = next;
                timeStep = nextStep;
                onStep.accept(s + 1);
            }
            try (OrtSession.Result out = decode.run(Map.of("denoised", current, "ref_signal_len", OwnedSession.tensor(prepared, 7)))) {
                ShortBuffer sb = OwnedSession.tensor(out, 0).getShortBuffer();
                float[] result = new float[sb.remaining()];
                for (int i = 0; i < result.length; i++) {
                    result[i] = sb.get() / 32768f;
                }
                return result;
            }
        } catch (OrtException e) {
            throw InferenceRuntime.inferenceFailed("F5-TTS", e);
        } finally {
            if (noise != null) {
                noise.close();
            }
            if (timeStep != null) {
                timeStep.close();
            }
            if (prepared != null) {
                prepared.close();
            }
        }
    }

    /** A tensor that outlives the Result it came from (the step loop feeds outputs back in). */
    private static OnnxTensor copy(ai.onnxruntime.OrtEnvironment env, OnnxTensor t) throws OrtException {
        long[] shape = t.getInfo().getShape();
        return switch (t.getInfo().type) {
            case FLOAT -> OnnxTensor.createTensor(env, t.getFloatBuffer(), shape);
            case INT32 -> OnnxTensor.createTensor(env, t.getIntBuffer(), shape);
            case INT64 -> OnnxTensor.createTensor(env, t.getLongBuffer(), shape);
            case FLOAT16 -> OnnxTensor.createTensor(env, t.getByteBuffer(), shape, ai.onnxruntime.OnnxJavaType.FLOAT16);
            default -> throw new ModelContractException("F5_Transformer.onnx returned an unexpected " + t.getInfo().type + " tensor.");
        };
    }

    @Override
    public void close() {
        pre.close();
        step.close();
        decode.close();
    }
}
