package dev.sws.app.tools;

import dev.sws.workstation.Workstation;
import dev.sws.core.util.AppPaths;
import dev.sws.audio.PcmAudio;
import dev.sws.audio.io.WavWriter;
import dev.sws.core.exec.CurrentThreadTaskExecutor;
import dev.sws.tts.Synthesizer;
import dev.sws.tts.VoiceStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A tuning set for n-best choosers the DLM way: each line of TEXT read by the house TTS in the voices named (round
 * robin, NFE 8, a seed per line), written as OUT/NNNN.wav plus OUT/manifest.tsv (path, normalized) for
 * `sws transcribe --format json` and choose_probe.py. Voices are read from the app's voice store (XDG_DATA_HOME).
 * START (optional) goes on from that line of TEXT, appending to the manifest (a run that was stopped).
 * Usage: java -Xss8m -cp "app/target/test-classes:app/target/classes:$(cat app/target/runtime-classpath.txt)" \
 *            dev.sws.app.tools.SynthNbestSet TEXT OUT V1,V2,... [START]   (compiled with the tests) */
public class SynthNbestSet {
    public static void main(String[] a) throws Exception {
        List<String> lines = Files.readAllLines(Path.of(a[0])).stream().filter(l -> !l.isBlank()).toList();
        Path out = Files.createDirectories(Path.of(a[1]));
        String[] voices = a[2].split(",");
        try (var ctx = new Workstation(AppPaths.fromEnvironment(), new CurrentThreadTaskExecutor(), "cpu", 2)) {
            var svc = ctx.tts();
            Synthesizer synth = svc.synthesizer(null, 1);
            var m = synth.model();
            VoiceStore store = svc.voices();
            List<Synthesizer.Reference> refs = new ArrayList<>();
            for (String v : voices) {
                refs.add(svc.reference(null, store.find(v).orElseThrow(() -> new IllegalArgumentException("no voice " + v))));
            }
            int start = a.length > 3 ? Integer.parseInt(a[3]) : 0;
            Path manifest = out.resolve("manifest.tsv");
            if (start == 0 || !Files.exists(manifest)) {
                Files.writeString(manifest, "path\tnormalized\tvoice\n");
            }
            for (int i = start; i < lines.size(); i++) {
                int v = i % voices.length;
                float[] audio = synth.synthesize(lines.get(i), refs.get(v), m.defaults().withNfe(8).withSeed(i), () -> false, (x, c, n) -> { });
                String name = String.format("%04d.wav", i);
                WavWriter.write(out.resolve(name), new PcmAudio(audio, m.sampleRate()));
                Files.writeString(manifest, name + "\t" + lines.get(i) + "\t" + voices[v] + "\n",
                        java.nio.file.StandardOpenOption.APPEND);
                System.err.printf("%d/%d %s%n", i + 1, lines.size(), voices[v]);
            }
        }
    }
}
