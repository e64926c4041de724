import dev.sws.audio.io.AudioFiles;
import dev.sws.core.inference.Device;
import dev.sws.core.inference.InferenceRuntime;
import dev.sws.tts.SpeakerEncoder;
import dev.sws.tts.SpeakerLabels;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.*;

/**
 * Automatic speaker labels (SpeakerLabels) on conversations of people the speaker encoder never heard: utterances of
 * 1-4 readers in random turns (the LibriSpeech dev readers and AN4 dev speakers of ../shared/data/real, or the
 * LibriSpeech test-other readers of ../shared/data/librispeech-untranscribed), each utterance one span. Prints, per
 * threshold, how often the number of speakers is right and the share of speech given to the wrong speaker (after the
 * best one-to-one mapping of found to true speakers).
 *
 * Usage: java -cp "$(cat app/target/runtime-classpath.txt)" training/speaker/SpeakerLabelProbe.java TTS_MODEL_DIR SET
 *   [whole|pieces [COSINES [SLACKS]]]   (comma-separated lists to sweep)
 *   SET: libri-dev | an4-dev | test-other;  pieces: each utterance cut into 1.5-8 s spans, as the recogniser's
 *   segments cut speech (turns then hold several spans), instead of one span per utterance
 */
public class SpeakerLabelProbe {
    record Utt(String speaker, float[] emb, double seconds) {}

    static float[] read(String path) {
        return AudioFiles.read(Path.of(path), 16000).samples();
    }

    public static void main(String[] a) throws Exception {
        Path model = Path.of(a[0]);
        String set = a[1];
        boolean pieces = a.length > 2 && a[2].equals("pieces");
        Random rnd = new Random(11);
        Map<String, List<String>> files = new TreeMap<>();
        if (set.equals("test-other")) {
            Path root = Path.of("../shared/data/librispeech-untranscribed/librispeech_test-other");
            try (var fs = Files.walk(root)) {
                for (Path f : fs.filter(p -> p.toString().endsWith(".flac")).sorted().toList()) {
                    files.computeIfAbsent(f.getParent().getFileName().toString(), k -> new ArrayList<>()).add(f.toString());
                }
            }
        } else {
            String root = "../shared/data/real/" + (set.equals("an4-dev") ? "an4/" : "librispeech-train-clean-5/");
            List<String> lines = Files.readAllLines(Path.of(root + "manifest.tsv"));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split("\t");
                if (f[5].equals("dev")) {
                    files.computeIfAbsent(f[1], k -> new ArrayList<>()).add(root + f[0]);
                }
            }
        }
        Map<String, List<Utt>> utts = new TreeMap<>();
        try (SpeakerEncoder enc = SpeakerEncoder.load(model, InferenceRuntime.standalone(), Device.CPU, 2)) {
            for (var e : files.entrySet()) {
                List<String> fl = e.getValue();
                for (int i = 0; i < Math.min(fl.size(), 24); i++) {
                    float[] x = read(fl.get(i));
                    // pieces as the recogniser's segments cut them (1.5-8 s) or the whole utterance
                    int at = 0;
                    while (at < x.length) {
                        int len = pieces ? (int) ((1.5 + 6.5 * rnd.nextDouble()) * 16000) : x.length;
                        if (x.length - (at + len) < 16000) {
                            len = x.length - at;
                        }
                        // the span embedded exactly as SpeakerLabels.label embeds a transcript segment
                        SpeakerLabels.Voice v = SpeakerLabels.embed(enc, Arrays.copyOfRange(x, at, at + len), 16000);
                        utts.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(new Utt(e.getKey(), v.embedding(), v.seconds()));
                        at += len;
                    }
                }
            }
        }
        List<String> speakers = new ArrayList<>(utts.keySet());
        rnd = new Random(7);
        List<List<Utt>> convs = new ArrayList<>();
        for (int trial = 0; trial < 200; trial++) {
            int k = 1 + trial % 4;
            List<String> who = new ArrayList<>(speakers);
            Collections.shuffle(who, rnd);
            who = who.subList(0, Math.min(k, who.size()));
            int turns = (pieces ? 12 : 6) + rnd.nextInt(pieces ? 24 : 14);
            List<Utt> conv = new ArrayList<>();
            String last = null;
            for (int t = 0; t < turns; t++) {
                String s = who.get(rnd.nextInt(who.size()));
                if (who.size() > 1 && s.equals(last) && rnd.nextDouble() < 0.6) {
                    s = who.get((who.indexOf(s) + 1) % who.size());
                }
                List<Utt> pool = utts.get(s);
                conv.add(pool.get(rnd.nextInt(pool.size())));
                last = s;
            }
            convs.add(conv);
        }
        System.out.printf("%s, %s: %d speakers, %d utterances, %d conversations of 1-4 speakers%n", model, set,
                speakers.size(), utts.values().stream().mapToInt(List::size).sum(), convs.size());
        System.out.println("| same-speaker cosine | slack | min speaker s | count right | count right (1 / 2 / 3 / 4 speakers) | speech mislabelled |");
        System.out.println("|---|---|---|---|---|---|");
        double[] ths = a.length > 3 ? Arrays.stream(a[3].split(",")).mapToDouble(Double::parseDouble).toArray() : new double[]{0.40, 0.45, 0.50, 0.55, 0.60};
        double[] slacks = a.length > 4 ? Arrays.stream(a[4].split(",")).mapToDouble(Double::parseDouble).toArray() : new double[]{0};
        for (double th : ths) {
          for (double slack : slacks) {
            for (double minS : new double[]{4.0}) {
                int right = 0;
                int[] rightK = new int[5];
                int[] nK = new int[5];
                double wrong = 0;
                double all = 0;
                for (List<Utt> conv : convs) {
                    List<float[]> emb = new ArrayList<>();
                    double[] w = new double[conv.size()];
                    for (int i = 0; i < conv.size(); i++) {
                        emb.add(conv.get(i).emb());
                        w[i] = conv.get(i).seconds();
                    }
                    SpeakerLabels.Result r = SpeakerLabels.cluster(emb, w, th, slack, minS);
                    List<String> truth = conv.stream().map(Utt::speaker).distinct().toList();
                    int k = truth.size();
                    nK[k]++;
                    if (r.speakers() == k) {
                        right++;
                        rightK[k]++;
                    }
                    double[][] overlap = new double[r.speakers()][k];
                    for (int i = 0; i < conv.size(); i++) {
                        overlap[r.speaker()[i]][truth.indexOf(conv.get(i).speaker())] += w[i];
                        all += w[i];
                    }
                    double total = Arrays.stream(w).sum();
                    wrong += total - bestMatch(overlap, 0, new boolean[k]);
                }
                System.out.printf(Locale.ROOT, "| %.2f | %.2f | %.0f | %d/%d | %d/%d · %d/%d · %d/%d · %d/%d | %.1f %% |%n", th, slack, minS, right, convs.size(),
                        rightK[1], nK[1], rightK[2], nK[2], rightK[3], nK[3], rightK[4], nK[4], 100 * wrong / all);
            }
          }
        }
    }

    /** The most speech a one-to-one mapping of found (rows) to true (columns) speakers gets right. */
    static double bestMatch(double[][] o, int row, boolean[] used) {
        if (row == o.length) {
            return 0;
        }
        double best = bestMatch(o, row + 1, used);   // this found speaker maps to none
        for (int c = 0; c < used.length; c++) {
            if (!used[c]) {
                used[c] = true;
                best = Math.max(best, o[row][c] + bestMatch(o, row + 1, used));
                used[c] = false;
            }
        }
        return best;
    }
}
