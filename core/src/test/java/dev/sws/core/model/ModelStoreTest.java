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
