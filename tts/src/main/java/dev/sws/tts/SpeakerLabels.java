package dev.sws.tts;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Who spoke when: groups the spans of a recording (a transcript's segments) by voice. Each span long enough to carry a
 * voice gets a speaker embedding; spans are merged bottom-up, most similar pair first (each group's voice is the
 * duration-weighted mean of its members' embeddings), while the pair's cosine stays at or above a threshold. Groups with
 * too little speech to stand as a speaker of their own join the group they sound most like; spans too short for an
 * embedding take the label of the nearest labelled span in time. Speakers are numbered by first appearance.
 */
public final class SpeakerLabels {

    /**
     * Two groups whose voices are at least this close (cosine) are taken for one speaker, less {@link #SHORT_SLACK}
     * over the square root of the seconds of speech of the smaller group: embeddings of a few seconds scatter more,
     * so short groups need less to join (both tuned on readers the encoder never heard).
     */
    public static final double SAME_SPEAKER_COSINE = 0.75;
    public static final double SHORT_SLACK = 1.0;
    /** Spans with less voice than this carry too little for an embedding; they take a neighbour's label. */
    public static final double MIN_SPAN_SECONDS = 0.8;
    /** A group with less speech than this in all is not reported as a speaker of its own. */
    public static final double MIN_SPEAKER_SECONDS = 4.0;
    /** At most this many groups are compared (memory ~2 bytes × its square); beyond, neighbours start together. */
    static final int MAX_GROUPS = 4000;
    /** At most this much of a long span is embedded (its middle): enough for a voice, bounded cost. */
    static final double MAX_EMBED_SECONDS = 12.0;

    /** One speaker index per span (0, 1, … by first appearance) and how many speakers were found. */
    public record Result(int[] speaker, int speakers) {
        /** "Speaker 1", "Speaker 2", … one per span. */
        public List<String> names() {
            List<String> out = new ArrayList<>(speaker.length);
            for (int s : speaker) {
                out.add("Speaker " + (s + 1));
            }
            return out;
        }
    }

    private SpeakerLabels() {}

    /**
     * Labels spans of {@code audio} (mono, at the encoder's sample rate {@code rate}).
     *
     * @param spans start and end of each span in seconds, in time order
     */
    public static Result label(SpeakerEncoder encoder, float[] audio, int rate, List<double[]> spans) {
        return label(encoder, audio, rate, spans, SAME_SPEAKER_COSINE, SHORT_SLACK, MIN_SPEAKER_SECONDS);
    }

    public static Result label(SpeakerEncoder encoder, float[] audio, int rate, List<double[]> spans,
                               double sameCosine, double shortSlack, double minSpeakerSeconds) {
        List<float[]> emb = new ArrayList<>(spans.size());
        double[] weight = new double[spans.size()];
        for (int i = 0; i < spans.size(); i++) {
            double[] s = spans.get(i);
            int from = (int) Math.min(audio.length, Math.round(Math.max(0, s[0]) * rate));
            int to = (int) Math.min(audio.length, Math.round(s[1] * rate));
            Voice v = embed(encoder, Arrays.copyOfRange(audio, from, Math.max(from, to)), rate);
            emb.add(v.embedding());
            weight[i] = v.embedding() == null ? 0 : v.seconds();
        }
        return cluster(emb, weight, sameCosine, shortSlack, minSpeakerSeconds);
    }

    /** The voice of one span: its embedding ({@code null} when it has too little voice) and its seconds of voice. */
    public record Voice(float[] embedding, double seconds) {}

    /**
     * The voice of {@code clip} (mono, at the encoder's rate) as {@link #label} hears a span: its long pauses cut
     * ({@link #voiced}), at most {@link #MAX_EMBED_SECONDS} from its middle embedded; no embedding under
     * {@link #MIN_SPAN_SECONDS} of voice.
     */
    public static Voice embed(SpeakerEncoder encoder, float[] clip, int rate) {
        float[] voice = clip.length > rate / 4 ? voiced(clip, rate) : new float[0];
        double seconds = voice.length / (double) rate;
        if (seconds < MIN_SPAN_SECONDS) {
            return new Voice(null, seconds);
        }
        int keep = (int) Math.min(voice.length, MAX_EMBED_SECONDS * rate);
        int start = (voice.length - keep) / 2;
        return new Voice(encoder.embed(Arrays.copyOfRange(voice, start, start + keep)), seconds);
    }

    /**
     * Groups embeddings ({@code null}: a span without one) with weights (seconds of speech).
     * Spans without an embedding take the label of the nearest span in order that has one.
     */
    public static Result cluster(List<float[]> embeddings, double[] weights, double sameCosine, double shortSlack,
                                 double minSpeakerSeconds) {
        int n = embeddings.size();
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (embeddings.get(i) != null) {
                idx.add(i);
            }
        }
        int[] out = new int[n];
        if (idx.isEmpty()) {
            return new Result(out, n == 0 ? 0 : 1);
        }
        // very long recordings: runs of consecutive spans start as one group, so that at most MAX_GROUPS are compared
        int run = (idx.size() + MAX_GROUPS - 1) / MAX_GROUPS;
        int m = (idx.size() + run - 1) / run;
        int dim = embeddings.get(idx.getFirst()).length;
        // each group: the weighted sum of its members' unit embeddings, its total weight, its members
        double[][] sum = new double[m][dim];
        double[] total = new double[m];
        int[] group = new int[m];   // member → group
        boolean[] alive = new boolean[m];
        for (int k = 0; k < idx.size(); k++) {
            int g = k / run;
            float[] e = unit(embeddings.get(idx.get(k)));
            double w = Math.max(weights[idx.get(k)], 1e-3);
            for (int d = 0; d < dim; d++) {
                sum[g][d] += w * e[d];
            }
            total[g] += w;
            group[g] = g;
            alive[g] = true;
        }
        float[][] sim = new float[m][];   // upper triangle: sim[a][b - a - 1] for a < b
        for (int a = 0; a < m; a++) {
            sim[a] = new float[m - a - 1];
            for (int b = a + 1; b < m; b++) {
                sim[a][b - a - 1] = (float) cosine(sum[a], sum[b]);
            }
        }
        // each row's best partner after it (largest margin above the pair's threshold): a merge rescans few rows
        double[] rowBest = new double[m];
        int[] rowArg = new int[m];
        Margin margin = (a, b) -> sim[a][b - a - 1] - (sameCosine - shortSlack / Math.sqrt(Math.min(total[a], total[b])));
        for (int a = 0; a < m; a++) {
            rescan(a, m, alive, margin, rowBest, rowArg);
        }
        while (true) {
            int ba = -1;
            for (int a = 0; a < m; a++) {
                if (alive[a] && rowArg[a] >= 0 && rowBest[a] >= 0 && (ba < 0 || rowBest[a] > rowBest[ba])) {
                    ba = a;
                }
            }
            if (ba < 0) {
                break;
            }
            int bb = rowArg[ba];
            merge(ba, bb, sum, total, group, alive);
            for (int c = 0; c < m; c++) {
                if (alive[c] && c != ba) {
                    float v = (float) cosine(sum[ba], sum[c]);
                    if (c < ba) {
                        sim[c][ba - c - 1] = v;
                    } else {
                        sim[ba][c - ba - 1] = v;
                    }
                }
            }
            rescan(ba, m, alive, margin, rowBest, rowArg);
            for (int c = 0; c < m; c++) {
                if (!alive[c] || c == ba) {
                    continue;
                }
                if (rowArg[c] == ba || rowArg[c] == bb) {
                    rescan(c, m, alive, margin, rowBest, rowArg);
                } else if (c < ba) {
                    double v = margin.of(c, ba);
                    if (rowArg[c] < 0 || v > rowBest[c]) {
                        rowBest[c] = v;
                        rowArg[c] = ba;
                    }
                }
            }
        }
        // groups too small to be a speaker join the big group they sound most like (none big: the biggest takes all)
        int biggest = -1;
        for (int g = 0; g < m; g++) {
            if (alive[g] && (biggest < 0 || total[g] > total[biggest])) {
                biggest = g;
            }
        }
        for (int g = 0; g < m; g++) {
            if (!alive[g] || total[g] >= minSpeakerSeconds || g == biggest) {
                continue;
            }
            int to = biggest;
            double best = -2;
            for (int h = 0; h < m; h++) {
                if (alive[h] && h != g && total[h] >= minSpeakerSeconds) {
                    double s = cosine(sum[g], sum[h]);
                    if (s > best) {
                        best = s;
                        to = h;
                    }
                }
            }
            merge(Math.min(g, to), Math.max(g, to), sum, total, group, alive);
            if (to > g) {   // the merged group now lives at g: keep the "biggest" index valid
                biggest = biggest == to ? g : biggest;
            }
        }
        // number by first appearance
        int[] name = new int[m];
        Arrays.fill(name, -1);
        int speakers = 0;
        int[] labelled = new int[n];
        Arrays.fill(labelled, -1);
        for (int k = 0; k < idx.size(); k++) {
            int g = root(group, k / run);
            if (name[g] < 0) {
                name[g] = speakers++;
            }
            labelled[idx.get(k)] = name[g];
        }
        for (int i = 0; i < n; i++) {
            out[i] = labelled[i] >= 0 ? labelled[i] : nearest(labelled, i);
        }
        return new Result(out, speakers);
    }

    private interface Margin {
        double of(int a, int b);
    }

    private static void rescan(int a, int m, boolean[] alive, Margin margin, double[] rowBest, int[] rowArg) {
        rowArg[a] = -1;
        rowBest[a] = Double.NEGATIVE_INFINITY;
        for (int b = a + 1; b < m; b++) {
            if (alive[b]) {
                double v = margin.of(a, b);
                if (v > rowBest[a]) {
                    rowBest[a] = v;
                    rowArg[a] = b;
                }
            }
        }
    }

    /** The label of the nearest labelled span (the earlier one on a tie). */
    private static int nearest(int[] labelled, int i) {
        for (int d = 1; d < labelled.length; d++) {
            if (i - d >= 0 && labelled[i - d] >= 0) {
                return labelled[i - d];
            }
            if (i + d < labelled.length && labelled[i + d] >= 0) {
                return labelled[i + d];
            }
        }
        return 0;
    }

    /**
     * {@code x} without its long pauses: runs of more than 0.3 s of 20 ms frames 30 dB below the loudest (or under
     * -55 dBFS) are cut down to 0.1 s. A transcript segment's leading and trailing silence says nothing of who speaks
     * and pulls embeddings together; short pauses inside speech are kept as the encoder heard them in training.
     */
    public static float[] voiced(float[] x, int rate) {
        int frame = rate / 50;
        int frames = x.length / frame;
        boolean[] quiet = new boolean[frames];
        double[] db = new double[frames];
        double loudest = -200;
        for (int f = 0; f < frames; f++) {
            double e = 0;
            for (int i = f * frame; i < (f + 1) * frame; i++) {
                e += x[i] * x[i];
            }
            db[f] = 10 * Math.log10(e / frame + 1e-12);
            loudest = Math.max(loudest, db[f]);
        }
        double floor = Math.max(loudest - 30, -55);
        for (int f = 0; f < frames; f++) {
            quiet[f] = db[f] < floor;
        }
        float[] out = new float[x.length];
        int n = 0;
        int f = 0;
        while (f < frames) {
            int g = f;
            while (g < frames && quiet[g] == quiet[f]) {
                g++;
            }
            int keep = quiet[f] && g - f > 15 ? 5 : g - f;   // a pause over 0.3 s: 0.1 s of it stays
            System.arraycopy(x, f * frame, out, n, keep * frame);
            n += keep * frame;
            f = g;
        }
        return n < rate / 4 ? x : Arrays.copyOf(out, n);
    }

    /** Group {@code b} joins group {@code a} (a < b). */
    private static void merge(int a, int b, double[][] sum, double[] total, int[] group, boolean[] alive) {
        for (int d = 0; d < sum[a].length; d++) {
            sum[a][d] += sum[b][d];
        }
        total[a] += total[b];
        alive[b] = false;
        group[b] = a;
    }

    private static int root(int[] group, int k) {
        while (group[k] != k) {
            k = group[k];
        }
        return k;
    }

    private static float[] unit(float[] e) {
        double n = 0;
        for (float x : e) {
            n += x * x;
        }
        double s = 1 / Math.sqrt(Math.max(n, 1e-12));
        float[] u = new float[e.length];
        for (int i = 0; i < e.length; i++) {
            u[i] = (float) (e[i] * s);
        }
        return u;
    }

    private static double cosine(double[] a, double[] b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return ab / Math.sqrt(Math.max(aa * bb, 1e-24));
    }
}
