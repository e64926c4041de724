package dev.sws.core.gpu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sws.core.exec.Progress;
import dev.sws.core.util.AtomicFiles;
import dev.sws.core.util.Hashing;
import dev.sws.core.util.Json;
import dev.sws.core.util.UserFacingException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The GPU runtime pack: ONNX Runtime's CUDA natives and the CUDA 12 libraries they need, fetched by Maven
 * coordinates (Maven Central or a mirror), only the needed entries of each jar (range requests), each checked
 * against a pinned SHA-256, written atomically into one folder of the data directory. An interrupted install
 * resumes; a finished one is marked by {@code pack.json}, written last.
 *
 * @param dir  where this pack lives ({@code <data>/gpu-runtime/<spec id>})
 * @param spec what it holds
 */
public record GpuPack(Path dir, Spec spec) {

    /** A library of the pack: where it comes from, what it must hash to, and its component. */
    public record Library(String fileName, String artifact, String entry, long size, String sha256, String component) {}

    /**
     * A pack definition.
     *
     * @param id        folder name and identity ({@code ort-1.29.0-cuda12})
     * @param libraries in load order: every library after the ones it needs
     */
    public record Spec(String id, List<Library> libraries) {
        public List<Library> component(String c) {
            return libraries.stream().filter(l -> l.component().equals(c)).toList();
        }
    }

    public static final String CORE = "core";
    public static final String CUDNN = "cudnn";

    private static final String ORT = "com.microsoft.onnxruntime:onnxruntime_gpu:1.29.0";
    private static final String CUDA129 = "org.bytedeco:cuda-redist:12.9-9.10-1.5.12:linux-x86_64";
    private static final String CUDA126 = "org.bytedeco:cuda:12.6-9.5-1.5.11:linux-x86_64-redist";
    private static final String ORT_DIR = "ai/onnxruntime/native/linux-x64/";
    private static final String CUDA_DIR = "org/bytedeco/cuda/linux-x86_64/";

    /**
     * The verified set (see ADR 0011): ORT 1.29's CUDA provider needs cudart >= 12.8 (12.6's lacks
     * {@code cudaLibraryGetKernel}); cublas, cublasLt, curand and cuDNN 9.5 come from the CUDA 12.6 redistributable.
     * cuDNN is loaded by ORT on demand (convolutions), so it is a separate component that a machine with its own
     * cuDNN 9 can leave out.
     */
    public static final Spec ORT_1_29_CUDA_12 = new Spec("ort-1.29.0-cuda12", List.of(
            new Library("libcudart.so.12", CUDA129, CUDA_DIR + "libcudart.so.12", 741088L, "256e6409e4f06f618e1fb53d4844a6b81cdded1013afa8ade40c22f99eb133b7", CORE),
            new Library("libcublasLt.so.12", CUDA126, CUDA_DIR + "libcublasLt.so.12", 491102736L, "dd8e52dba3944b07d9d264c0bb58a27cbb96ec3ce8979c51d75d5de893d02a8e", CORE),
            new Library("libcublas.so.12", CUDA126, CUDA_DIR + "libcublas.so.12", 108244960L, "ba1f6659accd9dddfd434f90a8cae7f0cd750fa8302c5125b94e17783b4e9944", CORE),
            new Library("libcurand.so.10", CUDA126, CUDA_DIR + "libcurand.so.10", 96472496L, "12411c1e921cd3cac4e0d2f58024a3e6bbb7cea584d5cd768ad908ec762c5545", CORE),
            new Library("libonnxruntime.so", ORT, ORT_DIR + "libonnxruntime.so", 31958904L, "b81e7ceaba1131e391f94c455d71ecf9af8ec7999d7130beebb79c67a0c7e05d", CORE),
            new Library("libonnxruntime4j_jni.so", ORT, ORT_DIR + "libonnxruntime4j_jni.so", 88352L, "666a0c40e06f3997951b27056da059ad4a0bf41a7db3a062b62c244d71934e42", CORE),
            new Library("libonnxruntime_providers_shared.so", ORT, ORT_DIR + "libonnxruntime_providers_shared.so", 14632L, "c6a12593396095f5670160e284c35d1700b7708cf3037b7042e2a5200ccae772", CORE),
            new Library("libonnxruntime_providers_cuda.so", ORT, ORT_DIR + "libonnxruntime_providers_cuda.so", 582659240L, "310d2cfdc5feead352318eaf9e6b11cd0f9ef96d29c4ad759ced7da7ff9a21b5", CORE),
            new Library("libcudnn_graph.so.9", CUDA126, CUDA_DIR + "libcudnn_graph.so.9", 3023856L, "6f390b6c078a22e32e7adcbfb3fb24dce482623d51d9be258b41bdcdd1ab7bd5", CUDNN),
            new Library("libcudnn_engines_precompiled.so.9", CUDA126, CUDA_DIR + "libcudnn_engines_precompiled.so.9", 437629488L, "c578e8a9c5f77a62440d5c53302c8076797c70fdb177f1a9d6b012a28c1ce4eb", CUDNN),
            new Library("libcudnn_engines_runtime_compiled.so.9", CUDA126, CUDA_DIR + "libcudnn_engines_runtime_compiled.so.9", 20084744L, "d7631f24df9626adcbb99bf8322476426f147f833de376e817f9b7b3f2f06999", CUDNN),
            new Library("libcudnn_heuristic.so.9", CUDA126, CUDA_DIR + "libcudnn_heuristic.so.9", 48739088L, "c1ae60fd1dabe11fe1157a856c69e937e13a4fe87b231e80cc8c6926090c803b", CUDNN),
            new Library("libcudnn_ops.so.9", CUDA126, CUDA_DIR + "libcudnn_ops.so.9", 108458976L, "82e966fdb3e3bcaff7a3878ac43e6201b2e5f37668668b5e68901615dac55610", CUDNN),
            new Library("libcudnn_cnn.so.9", CUDA126, CUDA_DIR + "libcudnn_cnn.so.9", 4686928L, "a2f6cf8c921b1f823d7011831255abf095f01c4f0043995147670a41cee3ef9b", CUDNN),
            new Library("libcudnn_adv.so.9", CUDA126, CUDA_DIR + "libcudnn_adv.so.9", 244516648L, "4da37b8c261e66beef9278e38a2fb1c39cfe707e41cbd9a48da8f4f8edc8ea03", CUDNN),
            new Library("libcudnn.so.9", CUDA126, CUDA_DIR + "libcudnn.so.9", 125136L, "cf06ffbd2c4343c3569c269adb48f280778e7105ce15037cdf044042b3c5e134", CUDNN)));

    /** Files of a pack that ONNX Runtime loads itself from {@code onnxruntime.native.path} (not preloaded). */
    static boolean loadedByOrt(String fileName) {
        return fileName.startsWith("libonnxruntime");
    }

    public static GpuPack in(Path gpuRuntimeDir, Spec spec) {
        return new GpuPack(gpuRuntimeDir.resolve(spec.id()), spec);
    }

    private Path marker() {
        return dir.resolve("pack.json");
    }

    private Path partials() {
        return dir.resolve(".partial");
    }

    /** What is installed: the components recorded in {@code pack.json}, empty when the pack is not (fully) installed. */
    public List<String> installedComponents() {
        try {
            JsonNode n = Json.mapper().readTree(marker().toFile());
            if (!spec.id().equals(n.path("id").asText())) {
                return List.of();
            }
            List<String> cs = new ArrayList<>();
            n.path("components").forEach(c -> cs.add(c.asText()));
            return cs;
        } catch (IOException e) {
            return List.of();
        }
    }

    public boolean isInstalled() {
        return installedComponents().contains(CORE);
    }

    /** Per library: present with the right size, missing, or the wrong size (damaged). */
    public Map<Library, String> fileStates() {
        Map<Library, String> m = new LinkedHashMap<>();
        for (Library l : spec.libraries()) {
            Path p = dir.resolve(l.fileName());
            String s;
            try {
                s = !Files.exists(p) ? "missing" : Files.size(p) == l.size() ? "ok" : "damaged (size " + Files.size(p) + ", expected " + l.size() + ")";
            } catch (IOException e) {
                s = "unreadable";
            }
            m.put(l, s);
        }
        return m;
    }

    /** Re-hashes every installed library; returns the names that do not match their pins. */
    public List<String> verify() throws IOException {
        List<String> bad = new ArrayList<>();
        for (Library l : spec.libraries()) {
            Path p = dir.resolve(l.fileName());
            if (Files.exists(p) && !Hashing.sha256(p).equals(l.sha256())) {
                bad.add(l.fileName());
            }
        }
        return bad;
    }

    /** Bytes to transfer (compressed) and to store for the given components; needs the network for the former. */
    public long storedBytes(List<String> components) {
        return spec.libraries().stream().filter(l -> components.contains(l.component())).mapToLong(Library::size).sum();
    }

    /**
     * Installs (or completes) the given components from {@code repo} (a Maven repository base URL).
     * Libraries already in place are kept; a transfer cut off earlier resumes. Cancelling leaves the partial files
     * for the next run. The free space is checked before anything is transferred.
     */
    public void install(URI repo, List<String> components, Progress progress) throws IOException {
        List<Library> wanted = spec.libraries().stream().filter(l -> components.contains(l.component())).toList();
        Files.createDirectories(partials());
        List<Library> todo = new ArrayList<>();
        for (Library l : wanted) {
            Path p = dir.resolve(l.fileName());
            if (!(Files.exists(p) && Files.size(p) == l.size())) {
                todo.add(l);
            }
        }
        long need = todo.stream().mapToLong(Library::size).sum();
        long largest = todo.stream().mapToLong(Library::size).max().orElse(0);
        long free = Files.getFileStore(dir).getUsableSpace();
        if (need + largest > free) { // the largest one exists twice for a moment (part + inflated)
            throw new UserFacingException(String.format(Locale.ROOT,
                    "The GPU runtime needs %.1f GB free in %s but only %.1f GB is available; free some space and run the install again (finished parts are kept).",
                    (need + largest) / 1e9, dir, free / 1e9));
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).followRedirects(HttpClient.Redirect.NORMAL).build();
        Map<String, RemoteZip> zips = new LinkedHashMap<>();
        List<RemoteZip.Entry> entries = new ArrayList<>();
        long total = 0;
        for (Library l : todo) {
            RemoteZip z = zips.get(l.artifact());
            if (z == null) {
                progress.update(0, 1, "Reading the directory of " + l.artifact());
                z = RemoteZip.open(http, artifactUri(repo, l.artifact()));
                zips.put(l.artifact(), z);
            }
            RemoteZip.Entry e = z.entry(l.entry()).orElseThrow(() -> new UserFacingException(
                    l.entry() + " is not in " + l.artifact() + "; the repository serves a different artifact than the pinned one."));
            if (e.size() != l.size()) {
                throw new UserFacingException(l.fileName() + " in " + l.artifact() + " has " + e.size() + " bytes, the pinned one "
                        + l.size() + "; refusing an unverified library.");
            }
            entries.add(e);
            total += e.compressedSize();
        }
        AtomicLong done = new AtomicLong();
        for (int i = 0; i < todo.size(); i++) {
            Library l = todo.get(i);
            RemoteZip.Entry e = entries.get(i);
            Path part = partials().resolve(l.fileName() + ".part");
            if (Files.exists(part)) {
                done.addAndGet(Math.min(Files.size(part), e.compressedSize()));
            }
            long t = total;
            String msg = "Downloading " + l.fileName();
            progress.update(done.get(), t, msg);
            zips.get(l.artifact()).download(e, part, n -> progress.update(done.addAndGet(n), t, msg), progress::isCancelled);
            if (progress.isCancelled()) {
                throw new java.util.concurrent.CancellationException("GPU runtime install cancelled; run it again to resume.");
            }
            progress.update(done.get(), t, "Checking " + l.fileName());
            Path target = dir.resolve(l.fileName());
            RemoteZip.extract(e, part, target);
            String sha = Hashing.sha256(target);
            if (!sha.equals(l.sha256())) {
                Files.delete(target);
                throw new UserFacingException(l.fileName() + " does not match its pinned SHA-256 (got " + sha.substring(0, 12)
                        + "…); it was deleted. The repository may serve a tampered or different file.");
            }
        }
        List<String> have = new ArrayList<>(installedComponents());
        for (String c : components) {
            if (!have.contains(c)) {
                have.add(c);
            }
        }
        writeMarker(have);
        progress.update(1, 1, "GPU runtime installed");
    }

    private void writeMarker(List<String> components) throws IOException {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("id", spec.id());
        ArrayNode cs = n.putArray("components");
        components.forEach(cs::add);
        n.put("installed", Instant.now().toString());
        ArrayNode fs = n.putArray("files");
        for (Library l : spec.libraries()) {
            if (components.contains(l.component())) {
                fs.addObject().put("name", l.fileName()).put("sha256", l.sha256()).put("source", l.artifact());
            }
        }
        AtomicFiles.writeString(marker(), Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(n));
    }

    /** Removes the pack (and any partial download). */
    public void remove() throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.deleteIfExists(marker()); // first: a half-removed pack is never taken for an installed one
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Bytes left in partial downloads (what a resume continues from). */
    public long partialBytes() {
        try (var s = Files.list(partials())) {
            return s.mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    /** {@code g:a:v[:classifier]} → the jar's URL under {@code repo}. */
    public static URI artifactUri(URI repo, String coords) {
        String[] c = coords.split(":");
        String base = repo.toString().endsWith("/") ? repo.toString() : repo + "/";
        String file = c[1] + "-" + c[2] + (c.length > 3 ? "-" + c[3] : "") + ".jar";
        return URI.create(base + c[0].replace('.', '/') + "/" + c[1] + "/" + c[2] + "/" + file);
    }

    public Optional<Path> library(String fileName) {
        Path p = dir.resolve(fileName);
        return Files.exists(p) ? Optional.of(p) : Optional.empty();
    }
}
