package dev.sws.asr;

import dev.sws.asr.model.AsrModel;
import dev.sws.asr.model.NemoAsrValidator;
import dev.sws.core.model.ModelContractException;
import dev.sws.core.model.ModelStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ContractTest {

    @Test
    void sherpaLayoutsLoadWithTheirMetadata() {
        try (AsrModel t = Replicas.load("transducer"); AsrModel c = Replicas.load("ctc")) {
            assertEquals(AsrModel.Kind.TRANSDUCER, t.kind());
            assertEquals(AsrModel.Kind.CTC, c.kind());
            assertEquals(80, t.encoder().featDim());
            assertEquals(8, t.encoder().subsampling());
            assertEquals(t.tokens().size() - 1, t.encoder().vocabSize());
            assertEquals("<blk>", t.tokens().piece(t.tokens().blank()));
            assertEquals(32, t.encoder().windowFor(0), "window_size metadata");
            assertArrayEquals(new int[]{2}, t.encoder().supportedChunks(), "no sws_* metadata: only the default chunk");
            assertArrayEquals(new int[]{1, 2, 4}, c.encoder().supportedChunks());
            assertEquals(0, t.encoder().dropFrames());
            assertEquals(2, c.encoder().dropFrames());
        }
    }

    @Test
    void renamedInputIsNamedInTheError() {
        ModelContractException e = assertThrows(ModelContractException.class, () -> Replicas.load("broken-name"));
        assertTrue(e.getMessage().contains("encoder.onnx") && e.getMessage().contains("'audio_signal' is missing"), e.getMessage());
    }

    @Test
    void wrongTypeIsNamedInTheError() {
        ModelContractException e = assertThrows(ModelContractException.class, () -> Replicas.load("broken-type"));
        assertEquals("encoder.onnx: input 'length' has type int32, expected int64.", e.getMessage());
    }

    @Test
    void tokensMismatchAndMissingFilesAreReported(@TempDir Path tmp) throws Exception {
        Path d = tmp.resolve("m");
        Files.createDirectories(d);
        for (String f : List.of("encoder.onnx", "decoder.onnx", "joiner.onnx")) {
            Files.copy(Replicas.dir("transducer").resolve(f), d.resolve(f));
        }
        ModelContractException e = assertThrows(ModelContractException.class,
                () -> AsrModel.load(d, Replicas.RUNTIME, dev.sws.core.inference.Device.CPU, 1));
        assertTrue(e.getMessage().contains("tokens.txt"), e.getMessage());
        Files.writeString(d.resolve("tokens.txt"), "a 0\nb 1\n<blk> 2\n");
        e = assertThrows(ModelContractException.class, () -> AsrModel.load(d, Replicas.RUNTIME, dev.sws.core.inference.Device.CPU, 1));
        assertTrue(e.getMessage().contains("vocab_size"), e.getMessage());
    }

    @Test
    void aSherpaFolderImportsIntoTheStoreWithAGeneratedManifest(@TempDir Path tmp) throws Exception {
        ModelStore store = new ModelStore(tmp.resolve("embedded"), tmp.resolve("user"), List.of(new NemoAsrValidator(Replicas.RUNTIME)));
        var m = store.importModel(Replicas.dir("transducer"), "my-nemo-model");
        assertEquals(NemoAsrValidator.TRANSDUCER, m.manifest().format());
        assertEquals(4, m.manifest().files().size());
        assertEquals(List.of(), store.verify(m));
        ModelContractException e = assertThrows(ModelContractException.class, () -> store.importModel(Replicas.dir("broken-name"), "bad"));
        assertTrue(e.getMessage().contains("audio_signal"));
        assertTrue(store.find("bad").isEmpty());
    }
}
