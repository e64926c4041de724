package dev.sws.app.cli.measure;


import dev.sws.workstation.Workstation;
import dev.sws.asr.FileTranscriber;
import dev.sws.asr.eval.WordErrorRate;
import dev.sws.audio.PcmAudio;
import dev.sws.tts.SamplerOptions;
import dev.sws.tts.SpeakerEncoder;
import dev.sws.tts.Synthesizer;
import dev.sws.tts.SpeechModel;
import dev.sws.tts.VoiceStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code sws eval tts}: intelligibility (WER of PocketSphinx and our ASR) and speaker similarity, next to flite. */
@Command(name = "tts", description = "Intelligibility (WER of PocketSphinx and of our ASR) and speaker similarity of synthesis, next to flite.")
final class EvalTts implements Callable<Integer> {

    @ParentCommand
    EvalCommand eval;
    @Spec
    CommandSpec spec;
    @Option(names = "--sentences", required = true, description = "Text file, one sentence per line.")
    Path sentences;
    @Option(names = "--voices", split = ",", description = "Voices to clone (default: the built-in voices).")
    List<String> voices;
    @Option(names = "--nfe", description = "Sampler steps (default: the model's).")
    Integer nfe;
    @Option(names = "--cfg", description = "Guidance strength (default: the model's).")
    Float cfg;
    @Option(names = "--guidance-end", description = "Guide only the steps that start before this time, 0..1 (default: "
            + "the model's).")
    Float guidanceEnd;
    @Option(names = "--speed", description = "Speaking rate factor (default: the model's).")
    Float speed;
    @Option(names = "--sway", description = "Sway sampling coefficient (default: the model's).")
    Float sway;
    @Option(names = "--flite", split = ",", defaultValue = "slt,rms,awb,kal16", description = "flite voices to compare with (if flite is installed); 'none' for none.")
    List<String> fliteVoices;
    @Option(names = "--model", description = "TTS model id (default: the house model).")
    String model;
    @Option(names = "--takes", defaultValue = "1", description = "Takes per sentence, the best kept by our ASR (as "
            + "'sws synthesize --takes'); PocketSphinx stays the independent judge.")
    int takes;

    private record Row(String system, WordErrorRate.Counts sphinx, WordErrorRate.Counts ours, double simTarget,
                       double simOthers, double wins, double rtf) {
    }

    @Override
    public Integer call() throws Exception {
        Workstation ctx = eval.context();
        PrintWriter o = spec.commandLine().getOut();
        List<String> lines = TtsEval.readSentences(sentences);
        boolean sphinx = TtsEval.pocketsphinxAvailable();
        if (!sphinx) {
            o.println("note: pocketsphinx_continuous is not installed (apt-get install pocketsphinx pocketsphinx-en-us); only our ASR scores.");
        }
        var svc = ctx.tts();
        Synthesizer synth = svc.synthesizer(model, takes);
        SpeechModel m = synth.model();
        SpeakerEncoder enc = svc.speakerEncoder(model).orElse(null);
        VoiceStore store = svc.voices();
        List<VoiceStore.Entry> targets = new ArrayList<>();
        for (VoiceStore.Entry e : store.list()) {
            if (voices == null ? e.builtIn() : voices.stream().anyMatch(v -> v.equalsIgnoreCase(e.voice().name()))) {
                targets.add(e);
            }
        }
        if (targets.isEmpty()) {
            throw new dev.sws.core.util.UserFacingException("No voice to evaluate; see 'sws voices list'.");
        }
        // the voices a clone is compared with: the other voices evaluated (e.g. the other held-out readers), or every
        // other voice when one is evaluated alone
        Map<String, float[]> refEmb = new LinkedHashMap<>();
        if (enc != null) {
            for (VoiceStore.Entry e : targets.size() > 1 ? targets : store.list()) {
                refEmb.put(e.voice().name(), enc.embed(VoiceStore.readReference(e, m.sampleRate()).samples()));
            }
        }
        SamplerOptions opts = nfe == null ? m.defaults() : m.defaults().withNfe(nfe);
        if (cfg != null) {
            opts = opts.withCfg(cfg);
        }
        if (guidanceEnd != null) {
            opts = opts.withGuidanceEnd(guidanceEnd);
        }
        if (speed != null) {
            opts = opts.withSpeed(speed);
        }
        if (sway != null) {
            opts = opts.withSway(sway);
        }
        FileTranscriber heardBy = TtsEval.instrument(ctx);
        Path tmp = Files.createTempDirectory("sws-eval-tts");
        List<Row> rows = new ArrayList<>();
        try {
            for (VoiceStore.Entry e : targets) {
                Synthesizer.Reference ref = svc.reference(model, e);
                WordErrorRate.Counts s = WordErrorRate.Counts.zero();
                WordErrorRate.Counts ours = WordErrorRate.Counts.zero();
                double simT = 0;
                double simO = 0;
                int won = 0;
                int pairs = 0;
                double audioSec = 0;
                double computeSec = 0;
                for (int i = 0; i < lines.size(); i++) {
                    long t0 = System.nanoTime();
                    float[] audio = synth.synthesize(lines.get(i), ref, opts.withSeed(i), () -> false, (a, c, n) -> { });
                    computeSec += (System.nanoTime() - t0) / 1e9;
                    PcmAudio pa = new PcmAudio(audio, m.sampleRate());
                    audioSec += pa.durationSeconds();
                    TtsEval.Scores sc = TtsEval.score(heardBy, pa, lines.get(i), tmp, sphinx);
                    s = sphinx ? s.plus(sc.sphinx()) : s;
                    ours = ours.plus(sc.ours());
                    if (enc != null) {
                        float[] emb = enc.embed(audio);
                        double t = SpeakerEncoder.cosine(emb, refEmb.get(e.voice().name()));
                        double[] others = refEmb.entrySet().stream().filter(x -> !x.getKey().equals(e.voice().name()))
                                .mapToDouble(x -> SpeakerEncoder.cosine(emb, x.getValue())).toArray();
                        simT += t;
                        simO += java.util.Arrays.stream(others).average().orElse(Double.NaN);
                        won += (int) java.util.Arrays.stream(others).filter(x -> t > x).count();
                        pairs += others.length;
                    }
                    o.printf(Locale.ROOT, "%s %d/%d: sphinx %s, ours %s%n", e.voice().name(), i + 1, lines.size(),
                            sphinx ? String.format(Locale.ROOT, "%.1f%%", sc.sphinx().percent()) : "-",
                            String.format(Locale.ROOT, "%.1f%%", sc.ours().percent()));
                }
                rows.add(new Row("house: " + e.voice().name(), sphinx ? s : null, ours, simT / lines.size(),
                        simO / lines.size(), pairs == 0 ? Double.NaN : (double) won / pairs, computeSec / Math.max(audioSec, 1e-9)));
            }
            if (TtsEval.onPath("flite") && !fliteVoices.contains("none")) {
                for (String v : fliteVoices) {
                    WordErrorRate.Counts s = WordErrorRate.Counts.zero();
                    WordErrorRate.Counts ours = WordErrorRate.Counts.zero();
                    for (String line : lines) {
                        TtsEval.Scores sc = TtsEval.score(heardBy, TtsEval.flite(v, line, tmp), line, tmp, sphinx);
                        s = sphinx ? s.plus(sc.sphinx()) : s;
                        ours = ours.plus(sc.ours());
                    }
                    rows.add(new Row("flite: " + v, sphinx ? s : null, ours, Double.NaN, Double.NaN, Double.NaN, Double.NaN));
                }
            }
        } finally {
            try (var w = Files.walk(tmp)) {
                w.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        o.printf(Locale.ROOT, "%n%-22s %12s %12s %10s %10s %10s %8s%n", "SYSTEM", "WER sphinx", "WER our ASR", "sim target",
                "sim others", "target won", "RTF");
        for (Row r : rows) {
            o.printf(Locale.ROOT, "%-22s %12s %12s %10s %10s %10s %8s%n", r.system(),
                    r.sphinx() == null ? "-" : String.format(Locale.ROOT, "%.1f%%", r.sphinx().percent()),
                    String.format(Locale.ROOT, "%.1f%%", r.ours().percent()), fmt(r.simTarget()), fmt(r.simOthers()),
                    Double.isNaN(r.wins()) ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * r.wins()), fmt(r.rtf()));
        }
        o.printf(Locale.ROOT, "(%d sentence%s, NFE %d, cfg %.1f%s, speed %.2f, %s%s; similarity = cosine of the house speaker encoder "
                        + "to each voice's reference; target won = share of (clip, other voice) pairs where the clip is nearer its own voice)%n",
                lines.size(), lines.size() == 1 ? "" : "s", opts.nfe(), opts.cfg(),
                opts.guidanceEnd() < 1f ? String.format(Locale.ROOT, " on steps before t = %.2f", opts.guidanceEnd()) : "",
                opts.speed(), m.grid(opts),
                takes > 1 ? ", best of " + takes + " takes by our ASR (its column is no longer independent)" : "");
        return 0;
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }
}
