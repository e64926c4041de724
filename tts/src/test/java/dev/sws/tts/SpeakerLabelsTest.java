package dev.sws.tts;

import dev.sws.audio.io.AudioFiles;
import dev.sws.core.inference.Device;
import dev.sws.core.inference.InferenceRuntime;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Speaker labels: the grouping on made-up voices, and the house encoder on real readers it never heard. */
class SpeakerLabelsTest {

    static final Path REAL = Path.of(System.getProperty("sws.shared.dir", "../../shared"), "data", "real",
            "librispeech-train-clean-5").toAbsolutePath().normalize();

    /** A unit vector near axis {@code axis} (two voices on different axes have cosine ~0). */
    private static float[] voice(int axis, double wobble, int seed) {
        float[] e = new float[8];
        e[axis] = 1;
        e[(axis + 1 + seed % 3) % 8] += (float) wobble;
        return e;
    }

    @Test
    void groupsByVoiceAndNumbersByFirstAppearance() {
        List<float[]> e = List.of(voice(3, 0.2, 0), voice(5, 0.1, 1), voice(3, 0.3, 2), voice(5, 0.2, 0), voice(3, 0.1, 1));
        SpeakerLabels.Result r = SpeakerLabels.cluster(e, new double[]{5, 5, 5, 5, 5}, 0.5, 0, 4);
        assertEquals(2, r.speakers());
        assertArrayEquals(new int[]{0, 1, 0, 1, 0}, r.speaker());
        assertEquals(List.of("Speaker 1", "Speaker 2", "Speaker 1", "Speaker 2", "Speaker 1"), r.names());
    }

    @Test
    void aVoiceWithTooLittleSpeechJoinsTheNearestSpeaker() {
        List<float[]> e = List.of(voice(0, 0, 0), voice(0, 0.1, 1), voice(6, 0, 0), voice(2, 0, 0), voice(2, 0.1, 1));
        // voice 6 speaks 1.5 s in all: not a speaker of its own
        SpeakerLabels.Result r = SpeakerLabels.cluster(e, new double[]{6, 6, 1.5, 6, 6}, 0.5, 0, 4);
        assertEquals(2, r.speakers());
        assertEquals(r.speaker()[0], r.speaker()[1]);
        assertEquals(r.speaker()[3], r.speaker()[4]);
        assertEquals(2, Arrays.stream(r.speaker()).distinct().count());
    }

    @Test
    void spansTooShortForAVoiceTakeTheirNeighboursLabel() {
        List<float[]> e = new ArrayList<>(List.of(voice(1, 0, 0), voice(4, 0, 0)));
        e.add(1, null);
        e.add(null);
        SpeakerLabels.Result r = SpeakerLabels.cluster(e, new double[]{5, 0.3, 5, 0.2}, 0.5, 0, 4);
        assertArrayEquals(new int[]{0, 0, 1, 1}, r.speaker());
        assertEquals(1, SpeakerLabels.cluster(java.util.Collections.nCopies(3, (float[]) null), new double[3], 0.5, 0, 4).speakers());
    }

    @Test
    void tellsTwoRealReadersItNeverHeardApartAndKeepsOneReaderWhole() throws IOException {
        assumeTrue(Files.isDirectory(REAL), "the real speech corpus is not at " + REAL);
        Path model = Path.of("../models/house-tts-en-s1");
        List<float[]> woman = clips("7859");   // LibriSpeech dev readers: not in the encoder's training data
        List<float[]> man = clips("8629");
        try (SpeakerEncoder enc = SpeakerEncoder.load(model, InferenceRuntime.standalone(), Device.CPU, 2)) {
            int rate = enc.sampleRate();
            List<float[]> turns = List.of(woman.get(0), man.get(0), woman.get(1), man.get(1), woman.get(2), man.get(2));
            SpeakerLabels.Result two = SpeakerLabels.label(enc, join(turns), rate, spans(turns, rate));
            assertEquals(2, two.speakers(), "two readers");
            assertArrayEquals(new int[]{0, 1, 0, 1, 0, 1}, two.speaker());

            List<float[]> alone = List.of(woman.get(0), woman.get(1), woman.get(2), woman.get(3));
            SpeakerLabels.Result one = SpeakerLabels.label(enc, join(alone), rate, spans(alone, rate));
            assertEquals(1, one.speakers(), "one reader stays one speaker");
        }
    }

    private static List<float[]> clips(String speaker) throws IOException {
        List<float[]> out = new ArrayList<>();
        for (String line : Files.readAllLines(REAL.resolve("manifest.tsv"))) {
            String[] f = line.split("\t");
            if (f[1].equals(speaker) && f[5].equals("dev") && Double.parseDouble(f[4]) > 4 && out.size() < 4) {
                out.add(AudioFiles.read(REAL.resolve(f[0]), 16000).samples());
            }
        }
        return out;
    }

    /** The clips one after another with half a second of silence after each. */
    private static float[] join(List<float[]> clips) {
        int gap = 8000;
        float[] all = new float[clips.stream().mapToInt(c -> c.length + gap).sum()];
        int at = 0;
        for (float[] c : clips) {
            System.arraycopy(c, 0, all, at, c.length);
            at += c.length + gap;
        }
        return all;
    }

    private static List<double[]> spans(List<float[]> clips, int rate) {
        List<double[]> out = new ArrayList<>();
        double t = 0;
        for (float[] c : clips) {
            out.add(new double[]{t, t + c.length / (double) rate});
            t += (c.length + 8000) / (double) rate;
        }
        return out;
    }
}
