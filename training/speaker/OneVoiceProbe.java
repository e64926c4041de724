import dev.sws.tts.SpeakerEncoder;
import dev.sws.core.inference.*;
import java.nio.file.*;
import java.util.*;
import java.io.*;

/**
 * The one-voice check of cloning references (ReferenceBuilder.ONE_VOICE_MIN_COSINE): the consistency (worst 1.5 s
 * window against the whole clip) of single real clips of 4-10 s, and of two readers' clips joined, for a speaker
 * encoder; prints how many of each a threshold gets wrong. Readers: the LibriSpeech dev readers of
 * ../shared/data/real, or a folder of speaker folders of FLAC clips (LibriSpeech test-other readers).
 *
 * Usage: java -cp "$(cat app/target/runtime-classpath.txt)" training/speaker/OneVoiceProbe.java TTS_MODEL_DIR [READERS_DIR]
 */
public class OneVoiceProbe {
    static float[] read(String path) {
        return dev.sws.audio.io.AudioFiles.read(Path.of(path), 16000).samples();
    }
    public static void main(String[] a) throws Exception {
        Path model = Path.of(a[0]);
        Map<String, List<float[]>> clips = new TreeMap<>();
        if (a.length > 1) {   // a folder of speaker folders of clips (LibriSpeech test-other readers)
            try (var dirs = Files.list(Path.of(a[1]))) {
                for (Path d : dirs.filter(Files::isDirectory).sorted().toList()) {
                    try (var fs = Files.walk(d)) {
                        for (Path f : fs.filter(p -> p.toString().endsWith(".flac")).sorted().toList()) {
                            float[] x = read(f.toString());
                            if (x.length < 4 * 16000 || x.length > 12 * 16000) continue;
                            List<float[]> l = clips.computeIfAbsent(d.getFileName().toString(), k -> new ArrayList<>());
                            if (l.size() < 6) l.add(x);
                        }
                    }
                }
            }
        } else {
        String root = "../shared/data/real/librispeech-train-clean-5/";
        for (String line : Files.readAllLines(Path.of(root + "manifest.tsv")).subList(1, Files.readAllLines(Path.of(root + "manifest.tsv")).size())) {
            String[] f = line.split("\t");
            double d = Double.parseDouble(f[4]);
            if (!f[5].equals("dev") || d < 4 || d > 10) continue;
            List<float[]> l = clips.computeIfAbsent(f[1], k -> new ArrayList<>());
            if (l.size() < 6) l.add(read(root + f[0]));
        }
        }
        clips.values().removeIf(l -> l.size() < 2);
        try (SpeakerEncoder enc = SpeakerEncoder.load(model, InferenceRuntime.standalone(), Device.CPU, 2)) {
            List<Double> one = new ArrayList<>(), two = new ArrayList<>();
            for (var e : clips.entrySet()) for (float[] x : e.getValue()) one.add(enc.consistency(x, 24000));
            List<String> spk = new ArrayList<>(clips.keySet());
            for (int i = 0; i < spk.size(); i++) for (int j = 0; j < spk.size(); j++) {
                if (i == j) continue;
                for (int k = 0; k < Math.min(3, Math.min(clips.get(spk.get(i)).size(), clips.get(spk.get(j)).size()) - 1); k++) {
                    List<float[]> cj = clips.get(spk.get(j)); float[] x = clips.get(spk.get(i)).get(k), y = cj.get(cj.size() - 1 - k);
                    float[] m = Arrays.copyOf(x, x.length + y.length);
                    System.arraycopy(y, 0, m, x.length, y.length);
                    two.add(enc.consistency(m, 24000));
                }
            }
            Collections.sort(one); Collections.sort(two);
            System.out.printf("%s: one voice n=%d min %.3f p10 %.3f median %.3f | two voices n=%d median %.3f p90 %.3f max %.3f%n", model,
                one.size(), one.get(0), one.get(one.size() / 10), one.get(one.size() / 2), two.size(), two.get(two.size() / 2), two.get(two.size() * 9 / 10), two.get(two.size() - 1));
            for (double t : new double[]{0.2, 0.25, 0.3, 0.35, 0.4, 0.45}) {
                long fa = one.stream().filter(v -> v < t).count(), miss = two.stream().filter(v -> v >= t).count();
                System.out.printf("  threshold %.2f: one-voice clips flagged %d/%d, two-voice clips missed %d/%d%n", t, fa, one.size(), miss, two.size());
            }
        }
    }
}
