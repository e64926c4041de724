package dev.sws.audio;

import dev.sws.audio.classify.AudioClassifier;
import dev.sws.audio.io.AudioFiles;
import dev.sws.core.inference.InferenceRuntime;
import dev.sws.core.model.ModelContractException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The shipped audio-class model on real recordings it never trained on: a speech prompt, a music track, noise. */
class AudioClassifierTest {

    static Path model() {
        return Path.of(System.getProperty("sws.models.dir", "models")).resolve("house-audio-classes-s1");
    }

    @Test
    void tellsSpeechMusicAndNoiseApart() throws Exception {
        try (AudioClassifier c = AudioClassifier.load(model(), InferenceRuntime.standalone())) {
            assertEquals(java.util.List.of("speech", "music", "noise"), c.classes());
            float[] speech = AudioFiles.read(Fixtures.path("speech-16k.wav"), 16000).samples();
            float[] music = AudioFiles.read(Fixtures.path("music-8s.flac"), 16000).samples();
            Random r = new Random(7);
            float[] hiss = new float[16000 * 4];
            float[] hum = new float[16000 * 4];
            for (int i = 0; i < hiss.length; i++) {
                hiss[i] = (float) (0.05 * r.nextGaussian());
                hum[i] = (float) (0.2 * Math.sin(2 * Math.PI * 50 * i / 16000.0) + 0.05 * Math.sin(2 * Math.PI * 150 * i / 16000.0));
            }
            AudioClassifier.Shares s = c.shares(speech);
            assertEquals("speech", s.dominant(), "speech shares " + java.util.Arrays.toString(s.fractions()));
            AudioClassifier.Shares m = c.shares(music);
            assertEquals("music", m.dominant(), "music shares " + java.util.Arrays.toString(m.fractions()));
            assertTrue(m.of("music") >= 0.7, "most music windows are music: " + m.of("music"));
            assertEquals("noise", c.shares(hiss).dominant());
            assertEquals("noise", c.shares(hum).dominant());
            AudioClassifier.Shares quiet = c.shares(new float[16000 * 3]);
            assertEquals(0, quiet.windows(), "silent windows are not classified");
            assertEquals("silence", quiet.dominant());
            assertEquals(1, c.classify(new float[4000]).length, "a clip shorter than a window is padded to one window");
        }
    }

    @Test
    void aFolderOffTheContractIsNamed(@TempDir Path dir) throws Exception {
        var e = assertThrows(ModelContractException.class, () -> AudioClassifier.load(dir, InferenceRuntime.standalone()));
        assertTrue(e.getMessage().contains("classes.json"), e.getMessage());
        Files.copy(model().resolve("classes.onnx"), dir.resolve("classes.onnx"));
        Files.writeString(dir.resolve("classes.json"), "{\"format\": \"something-else\", \"classes\": [\"speech\"]}");
        e = assertThrows(ModelContractException.class, () -> AudioClassifier.load(dir, InferenceRuntime.standalone()));
        assertTrue(e.getMessage().contains("sws-audio-classes-v1"), e.getMessage());
    }
}
