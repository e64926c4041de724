package dev.sws.core.model;

import dev.sws.core.util.Json;
import dev.sws.core.util.UserFacingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.*;

class ModelStoreTest {

    @TempDir
    Path tmp;

    private Path embedded() {
        return tmp.resolve("embedded");
    }

    private Path user() {
        return tmp.resolve("user");
    }

    private Path makeModel(Path parent, String id, String content) throws Exception {
        Path d = parent.resolve(id);
        Files.createDirectories(d);
        Files.writeString(d.resolve("weights.bin"), content);
        ModelManifest base = new ModelManifest(id, id, "asr", "test-format", "1", 16000, "MIT", "test", "d", null, null, null);
        ModelManifest m = ModelStore.describeFiles(d, base);
        Files.writeString(d.resolve("manifest.json"), Json.mapper().writeValueAsString(m));
        return d;
    }

    @Test
    void listsVerifiesAndDetectsTampering() throws Exception {
        Path d = makeModel(embedded(), "house-asr", "weights v1");
        ModelStore store = new ModelStore(embedded(), user(), List.of());
        InstalledModel m = store.require("house-asr");
        assertTrue(m.embedded());
        assertEquals(List.of(), store.verify(m));
        Files.writeString(d.resolve("weights.bin"), "weights v2"); // same size, different bytes
        List<String> problems = store.verify(m);
        assertEquals(1, problems.size());
        assertTrue(problems.getFirst().contains("SHA-256"), problems.getFirst());
        assertThrows(ModelContractException.class, () -> store.require("house-asr"));
        assertThrows(UserFacingException.class, () -> store.remove("house-asr"), "embedded models cannot be removed");
    }

    @Test
    void importsAZipAndRemovesIt() throws Exception {
        Path src = makeModel(tmp.resolve("src"), "my-model", "abc");
        Path zip = tmp.resolve("my-model.zip");
        try (OutputStream os = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(os)) {
            for (String f : List.of("manifest.json", "weights.bin")) {
                z.putNextEntry(new ZipEntry("my-model/" + f));
                z.write(Files.readAllBytes(src.resolve(f)));
                z.closeEntry();
            }
        }
        ModelStore store = new ModelStore(embedded(), user(), List.of());
        InstalledModel m = store.importModel(zip, null);
        assertEquals("my-model", m.id());
        assertFalse(m.embedded());
        assertTrue(store.find("my-model").isPresent());
        store.remove("my-model");
        assertTrue(store.find("my-model").isEmpty());
        try (var s = Files.list(user())) {
            assertEquals(0, s.count(), "no staging folders left behind");
        }
    }

    /** A staging folder that a killed import left (no process holds its lock) goes with the next import; a live one stays. */
    @Test
    void theNextImportRemovesWhatAKilledImportLeft() throws Exception {
        Path abandoned = Files.createDirectories(user().resolve(".import-1234567"));
        Files.write(abandoned.resolve("encoder.onnx"), new byte[1 << 16]);
        Path live = Files.createDirectories(user().resolve(".import-7654321"));
        Path src = makeModel(tmp.resolve("src"), "my-model", "abc");
        ModelStore store = new ModelStore(embedded(), user(), List.of());
        // another process importing into `live` holds its lock (a child JVM would; the lock is per process, so hold it
        // from here and check that this process's own import leaves it alone)
        try (var ch = java.nio.channels.FileChannel.open(user().resolve(".import-7654321.lock"),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
             var held = ch.lock()) {
            store.importModel(src, null);
        }
        assertFalse(Files.exists(abandoned), "the killed import's staging folder is gone");
        assertTrue(Files.exists(live), "a staging folder whose import still runs stays");
        try (var s = Files.list(user())) {
            assertEquals(List.of(".import-7654321", ".import-7654321.lock", "my-model"),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    /**
     * Imports of one model racing each other (as two `sws models import` runs did, the later one failing with
     * "Unexpected error (FileAlreadyExistsException)"): one wins, every other says the name is taken, nothing is left.
     */
    @Test
    void concurrentImportsOfOneModelEndWithOneModelAndSentences() throws Exception {
        Path src = makeModel(tmp.resolve("src"), "raced", "x".repeat(1 << 21));
        for (int round = 0; round < 5; round++) {
            int n = 6;
            var start = new java.util.concurrent.CyclicBarrier(n);
            var pool = java.util.concurrent.Executors.newFixedThreadPool(n);
            try {
                List<java.util.concurrent.Future<InstalledModel>> runs = new java.util.ArrayList<>();
                for (int i = 0; i < n; i++) {
                    runs.add(pool.submit(() -> {
                        ModelStore store = new ModelStore(embedded(), user(), List.of());
                        start.await();
                        return store.importModel(src, null);
                    }));
                }
                int won = 0;
                for (var r : runs) {
                    try {
                        assertEquals("raced", r.get().id());
                        won++;
                    } catch (java.util.concurrent.ExecutionException e) {
                        assertInstanceOf(UserFacingException.class, e.getCause(), String.valueOf(e.getCause()));
                        assertTrue(e.getCause().getMessage().contains("already installed"), e.getCause().getMessage());
                    }
                }
                assertEquals(1, won, "exactly one import wins");
            } finally {
                pool.shutdownNow();
            }
            try (var s = Files.list(user())) {
                assertEquals(List.of("raced"), s.map(p -> p.getFileName().toString()).sorted().toList(), "nothing left behind");
            }
            new ModelStore(embedded(), user(), List.of()).remove("raced");
        }
    }

    /** A user model whose manifest is damaged is set aside with a sentence, and no longer blocks its id. */
    @Test
    void aBrokenUserModelIsSetAsideAndItsIdIsFreeAgain() throws Exception {
        Path broken = makeModel(user(), "my-model", "abc");
        Files.writeString(broken.resolve("manifest.json"), "{\"id\": \"my-model\", \"files\": [");   // cut short
        ModelStore store = new ModelStore(embedded(), user(), List.of());
        assertEquals(1, store.notices().size());
        String said = store.notices().getFirst();
        assertTrue(said.startsWith("The model folder " + broken + " was set aside (its manifest.json cannot be read): it is now "
                + user().resolve(".broken")), said);
        assertFalse(Files.exists(broken));
        try (var s = Files.list(user().resolve(".broken"))) {
            Path aside = s.findFirst().orElseThrow();
            assertTrue(Files.exists(aside.resolve("weights.bin")), "the files are kept as they were");
        }
        Path src = makeModel(tmp.resolve("src"), "my-model", "abc");
        assertEquals("my-model", store.importModel(src, null).id(), "the id is free for a new import");
        assertTrue(new ModelStore(embedded(), user(), List.of()).notices().isEmpty());
    }

    @Test
    void zipSlipIsRefusedAndNothingIsWrittenOutside() throws Exception {
        Path zip = tmp.resolve("evil.zip");
        try (OutputStream os = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(os)) {
            z.putNextEntry(new ZipEntry("../../escaped.txt"));
            z.write("pwned".getBytes());
            z.closeEntry();
        }
        ModelStore store = new ModelStore(embedded(), user(), List.of());
        UserFacingException e = assertThrows(UserFacingException.class, () -> store.importModel(zip, null));
        assertTrue(e.getMessage().contains("unsafe path"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("escaped.txt")));
        assertFalse(Files.exists(user().getParent().resolve("escaped.txt")));
    }

    @Test
    void folderWithoutManifestIsRecognisedByAValidatorAndContractFailuresLeaveNothing() throws Exception {
        Path src = tmp.resolve("sherpa-export");
        Files.createDirectories(src);
        Files.writeString(src.resolve("model.onnx"), "x");
        Files.writeString(src.resolve("tokens.txt"), "a 0\n");
        ModelValidator v = new ModelValidator() {
            @Override
            public Set<String> formats() {
                return Set.of("fake-ctc");
            }

            @Override
            public Optional<Detected> detect(Path dir) {
                return Files.exists(dir.resolve("model.onnx")) ? Optional.of(new Detected("fake-ctc", "asr", 16000)) : Optional.empty();
            }

            @Override
            public void validate(Path dir, ModelManifest manifest) {
                throw new ModelContractException("model.onnx: input 'audio_signal' is missing.");
            }
        };
        ModelStore store = new ModelStore(embedded(), user(), List.of(v));
        ModelContractException e = assertThrows(ModelContractException.class, () -> store.importModel(src, "Sherpa Export"));
        assertTrue(e.getMessage().contains("audio_signal"));
        assertTrue(store.list().isEmpty());
    }

    @Test
    void userModelShadowsEmbeddedOneAndDefaultsFollowTheCard() throws Exception {
        makeModel(embedded(), "a-model", "1");
        makeModel(user(), "a-model", "22");
        makeModel(embedded(), "b-model", "3");
        ModelStore store = new ModelStore(embedded(), user(), List.of());
        assertEquals(2, store.list().size());
        assertFalse(store.find("a-model").orElseThrow().embedded());
        assertEquals("a-model", store.defaultFor("asr", "").orElseThrow().id());
        assertEquals("b-model", store.defaultFor("asr", "b-model").orElseThrow().id());
        assertTrue(store.defaultFor("tts", "").isEmpty());
    }
}
