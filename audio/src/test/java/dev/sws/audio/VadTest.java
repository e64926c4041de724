package dev.sws.audio;

import dev.sws.audio.io.AudioFiles;
import dev.sws.audio.vad.EnergyVad;
import dev.sws.audio.vad.SileroVad;
import dev.sws.audio.vad.SpeechSegments;
import dev.sws.audio.vad.VoiceActivityDetector;
import dev.sws.core.inference.InferenceRuntime;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class VadTest {

    static Path sileroModel() {
        return Path.of(System.getProperty("sws.models.dir", "models")).resolve("silero-vad-v6/silero_vad_v6.onnx");
    }

    /** 1 s silence + speech + 1 s silence. */
    static float[] paddedSpeech() {
        float[] speech = AudioFiles.read(Fixtures.path("speech-16k.wav"), 16000).samples();
        float[] s = new float[speech.length + 32000];
        System.arraycopy(speech, 0, s, 16000, speech.length);
        return s;
    }

    private void findsTheSpeech(VoiceActivityDetector vad) {
        float[] s = paddedSpeech();
        List<SpeechSegments.Segment> segs = SpeechSegments.detect(vad, s, 0.5, 250, 300, 30);
        assertFalse(segs.isEmpty());
        double start = segs.getFirst().startSeconds(16000);
        double end = segs.getLast().endSeconds(16000);
        assertEquals(1.0, start, 0.35, "speech starts after 1 s of silence");
        assertEquals(1.0 + 5.15, end, 0.6, "speech ends about 1 s before the end");
        assertTrue(SpeechSegments.speechRatio(segs, s.length) > 0.5);
        assertTrue(SpeechSegments.detect(vad, new float[48000], 0.5, 250, 300, 30).isEmpty(), "digital silence has no speech");
    }

    @Test
    void sileroFindsSpeechAndIgnoresSilence() {
        try (SileroVad vad = new SileroVad(InferenceRuntime.standalone(), sileroModel())) {
            findsTheSpeech(vad);
            // noise is not speech for Silero
            java.util.Random r = new java.util.Random(3);
            float[] noise = new float[48000];
            for (int i = 0; i < noise.length; i++) {
                noise[i] = (float) (r.nextGaussian() * 0.05);
            }
            assertTrue(SpeechSegments.speechRatio(SpeechSegments.detect(vad, noise, 0.5, 250, 300, 30), noise.length) < 0.2);
        }
    }

    @Test
    void energyFallbackFindsSpeech() {
        findsTheSpeech(new EnergyVad());
    }

    @Test
    void wrongModelFileIsAContractError() {
        Path notVad = Path.of(System.getProperty("sws.models.dir", "models")).resolve("silero-vad-v6/LICENSE.txt");
        assertThrows(dev.sws.core.model.ModelContractException.class, () -> new SileroVad(InferenceRuntime.standalone(), notVad));
    }
}
