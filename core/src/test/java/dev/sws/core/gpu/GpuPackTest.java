package dev.sws.core.gpu;

import dev.sws.core.exec.Progress;
import dev.sws.core.util.Hashing;
import dev.sws.core.util.UserFacingException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Installs a pack from a local HTTP Maven repository: only the needed entries travel, resumes, verifies pins. */
class GpuPackTest {

    private static final String COORDS = "org.example:natives:1.0:linux-x86_64";

    @TempDir
    Path tmp;
    private RangeServer server;
    private byte[] libA;   // deflated in the jar
    private byte[] libB;   // stored in the jar
    private long jarSize;

    @BeforeEach
    void repo() throws IOException {
        Random r = new Random(7);
        libA = new byte[600_000];
        for (int i = 0; i < libA.length; i++) {
            libA[i] = (byte) (r.nextInt(16) + (i % 64)); // compressible, not trivially
        }
        libB = new byte[50_000];
        r.nextBytes(libB);
        byte[] filler = new byte[3_000_000];
        r.nextBytes(filler);
        Path jar = tmp.resolve("repo/org/example/natives/1.0/natives-1.0-linux-x86_64.jar");
        Files.createDirectories(jar.getParent());
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(jar))) {
            put(z, "big/unneeded.bin", filler, false);
            put(z, "native/liba.so.1", libA, true);
            put(z, "native/libb.so", libB, false);
        }
        jarSize = Files.size(jar);
        server = new RangeServer(tmp.resolve("repo"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static void put(ZipOutputStream z, String name, byte[] data, boolean deflate) throws IOException {
        ZipEntry e = new ZipEntry(name);
        if (!deflate) {
            CRC32 crc = new CRC32();
            crc.update(data);
            e.setMethod(ZipEntry.STORED);
            e.setSize(data.length);
            e.setCompressedSize(data.length);
            e.setCrc(crc.getValue());
        }
        z.putNextEntry(e);
        z.write(data);
        z.closeEntry();
    }

    private GpuPack pack(String shaA) {
        return GpuPack.in(tmp.resolve("data/gpu-runtime"), new GpuPack.Spec("test-pack", List.of(
                new GpuPack.Library("liba.so.1", COORDS, "native/liba.so.1", libA.length, shaA, GpuPack.CORE),
                new GpuPack.Library("libb.so", COORDS, "native/libb.so", libB.length, Hashing.sha256(libB), GpuPack.CUDNN))));
    }

    private GpuPack pack() {
        return pack(Hashing.sha256(libA));
    }

    @Test
    void installsOnlyTheNeededEntriesAndMarksThePackLast() throws IOException {
        GpuPack p = pack();
        assertFalse(p.isInstalled());
        Files.createDirectories(p.dir());
        p.install(server.uri(), List.of(GpuPack.CORE, GpuPack.CUDNN), Progress.none());
        assertTrue(p.isInstalled());
        assertEquals(List.of(GpuPack.CORE, GpuPack.CUDNN), p.installedComponents());
        assertArrayEquals(libA, Files.readAllBytes(p.dir().resolve("liba.so.1")));
        assertArrayEquals(libB, Files.readAllBytes(p.dir().resolve("libb.so")));
        assertTrue(server.bodyBytes.get() < jarSize / 2, "transferred " + server.bodyBytes.get() + " of a " + jarSize + "-byte jar");
        assertEquals(List.of(), p.verify());
        assertEquals(0, p.partialBytes());
        // a second install transfers nothing but the directory
        long before = server.bodyBytes.get();
        p.install(server.uri(), List.of(GpuPack.CORE, GpuPack.CUDNN), Progress.none());
        assertEquals(before, server.bodyBytes.get());
    }

    @Test
    void aCutConnectionResumesWhereItStopped() throws IOException {
        GpuPack p = pack();
        Files.createDirectories(p.dir());
        server.cutAfter.set(100_000);
        p.install(server.uri(), List.of(GpuPack.CORE), Progress.none()); // the cut is retried from where it stopped
        assertTrue(p.isInstalled());
        assertArrayEquals(libA, Files.readAllBytes(p.dir().resolve("liba.so.1")));
        long served = server.bodyBytes.get();
        long entry = RemoteZip.open(java.net.http.HttpClient.newHttpClient(), GpuPack.artifactUri(server.uri(), COORDS))
                .entry("native/liba.so.1").orElseThrow().compressedSize();
        // directory ~66 kB + the entry once; a restart would add the 100 kB sent before the cut
        assertTrue(served < entry + 70_000 + 100_000 / 2, "resumed, not restarted: " + served + " for " + entry);
        assertFalse(Files.exists(p.dir().resolve("libb.so")), "component not asked for");
    }

    @Test
    void aLibraryThatDoesNotMatchItsPinIsDeletedAndThePackNotMarked() throws IOException {
        GpuPack p = pack("0".repeat(64));
        Files.createDirectories(p.dir());
        var e = assertThrows(UserFacingException.class, () -> p.install(server.uri(), List.of(GpuPack.CORE), Progress.none()));
        assertTrue(e.getMessage().contains("does not match its pinned SHA-256"), e.getMessage());
        assertFalse(Files.exists(p.dir().resolve("liba.so.1")));
        assertFalse(p.isInstalled());
    }

    @Test
    void serversWithoutRangesOrWithoutTheArtifactGetClearErrors() throws IOException {
        GpuPack p = pack();
        Files.createDirectories(p.dir());
        server.ignoreRanges.set(true);
        var e = assertThrows(UserFacingException.class, () -> p.install(server.uri(), List.of(GpuPack.CORE), Progress.none()));
        assertTrue(e.getMessage().contains("range request") && e.getMessage().contains("--repo"), e.getMessage());
        server.ignoreRanges.set(false);
        var nf = assertThrows(UserFacingException.class,
                () -> p.install(server.uri().resolve("/maven2/nothing/"), List.of(GpuPack.CORE), Progress.none()));
        assertTrue(nf.getMessage().contains("HTTP 404"), nf.getMessage());
    }

    /** A mirror that sends more than the range asked for (no Content-Length): not one byte past the entry is written. */
    @Test
    void aMirrorThatSendsTooMuchIsCutOffAtThePinnedSize() throws IOException {
        GpuPack p = pack();
        Files.createDirectories(p.dir());
        server.overSend.set(50L << 20);   // 50 MB more than asked for
        var e = assertThrows(UserFacingException.class, () -> p.install(server.uri(), List.of(GpuPack.CORE), Progress.none()));
        assertTrue(e.getMessage().contains("sent more than the"), e.getMessage());
        assertFalse(p.isInstalled());
        long written;
        try (var s = Files.walk(p.dir())) {
            written = s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
        assertTrue(written < jarSize, "nothing past the asked-for bytes was kept: " + written + " bytes on disk");
        server.overSend.set(0);
        p.install(server.uri(), List.of(GpuPack.CORE), Progress.none());   // a good mirror then installs as usual
        assertArrayEquals(libA, Files.readAllBytes(p.dir().resolve("liba.so.1")));
    }

    @Test
    void notEnoughSpaceIsRefusedBeforeAnyTransfer() throws IOException {
        GpuPack p = GpuPack.in(tmp.resolve("data/gpu-runtime"), new GpuPack.Spec("huge", List.of(
                new GpuPack.Library("liba.so.1", COORDS, "native/liba.so.1", Long.MAX_VALUE / 4, "x", GpuPack.CORE))));
        Files.createDirectories(p.dir());
        var e = assertThrows(UserFacingException.class, () -> p.install(server.uri(), List.of(GpuPack.CORE), Progress.none()));
        assertTrue(e.getMessage().contains("GB free"), e.getMessage());
        assertEquals(0, server.bodyBytes.get());
    }

    @Test
    void cancellingKeepsThePartialDownloadForLater() throws IOException {
        GpuPack p = pack();
        Files.createDirectories(p.dir());
        Progress cancelSoon = new Progress() {
            long seen;

            @Override
            public void update(double done, double total, String message) {
                seen = (long) done;
            }

            @Override
            public boolean isCancelled() {
                return seen > 50_000;
            }
        };
        assertThrows(CancellationException.class, () -> p.install(server.uri(), List.of(GpuPack.CORE), cancelSoon));
        assertTrue(p.partialBytes() > 50_000);
        p.install(server.uri(), List.of(GpuPack.CORE), Progress.none());
        assertArrayEquals(libA, Files.readAllBytes(p.dir().resolve("liba.so.1")));
        p.remove();
        assertFalse(Files.exists(p.dir()));
    }

    @Test
    void activationExplainsWhyTheCpuIsUsed() throws IOException {
        GpuPack p = pack();
        assertEquals("the device setting is 'cpu'", GpuRuntime.decide(p, "cpu", Map.of()).reason());
        assertTrue(GpuRuntime.decide(p, "auto", Map.of()).reason().contains("not installed"));
        Files.createDirectories(p.dir());
        p.install(server.uri(), List.of(GpuPack.CORE), Progress.none());
        GpuRuntime.State s = GpuRuntime.decide(p, "auto", Map.of());
        if (!GpuDevices.list().gpus().isEmpty()) {
            // on a GPU machine the fake libraries fail to load, with the file named, and ORT stays on its CPU build
            assertFalse(s.active());
            assertTrue(s.reason().contains("liba.so.1"), s.reason());
        } else {
            assertFalse(s.active());
            assertTrue(s.reason().contains("driver") || s.reason().contains("GPU"), s.reason());
        }
        assertEquals(null, System.getProperty("onnxruntime.native.path"));
    }

    @Test
    void artifactCoordinatesMapToMavenPaths() {
        assertEquals("https://repo1.maven.org/maven2/org/bytedeco/cuda/12.6-9.5-1.5.11/cuda-12.6-9.5-1.5.11-linux-x86_64-redist.jar",
                GpuPack.artifactUri(java.net.URI.create("https://repo1.maven.org/maven2"), "org.bytedeco:cuda:12.6-9.5-1.5.11:linux-x86_64-redist").toString());
    }
}
