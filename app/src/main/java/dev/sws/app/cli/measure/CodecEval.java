package dev.sws.app.cli.measure;


import dev.sws.asr.FileTranscriber;
import dev.sws.asr.eval.AsrEvaluator;
import dev.sws.asr.eval.WordErrorRate;
import dev.sws.core.text.TextNormalizer;
import dev.sws.audio.PcmAudio;
import dev.sws.audio.io.AudioFiles;
import dev.sws.codec.CodecMetrics;
import dev.sws.codec.CodecModel;
import dev.sws.core.util.UserFacingException;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Round-trip quality of the neural codec next to Debian's codec2 on the same files: log-mel distance, SI-SDR and the
 * intelligibility loss (WER of our ASR on the decoded audio; against the manifest's references, or against the ASR
 * transcript of the original audio where the manifest has none).
 */
final class CodecEval {

    /** One system under test: its name, bit rate and audio → decoded audio. */
    private record Codec(String name, double bitrate, UnaryOperator<float[]> roundTrip) {
    }

    private record Row(double bitrate, double mel, double sdr, WordErrorRate.Counts wer, int n) {
        Row add(double m, double s, WordErrorRate.Counts w) {
            return new Row(bitrate, mel + m, sdr + s, wer.plus(w), n + 1);
        }
    }

    private CodecEval() {
    }

    static void run(List<AsrEvaluator.Entry> entries, CodecModel codec, FileTranscriber asr, int[] codec2Modes, PrintWriter out)
            throws IOException {
        Path tmp = Files.createTempDirectory("sws-codec-eval");
        boolean haveCodec2 = codec2Modes.length > 0 && onPath("c2enc") && onPath("c2dec");
        if (codec2Modes.length > 0 && !haveCodec2) {
            out.println("# codec2 (c2enc/c2dec) is not installed: apt-get install codec2 to compare with it");
        }
        Map<String, Row> rows = new LinkedHashMap<>();
        boolean refs = entries.stream().allMatch(e -> !e.reference().isBlank());
        try {
            for (AsrEvaluator.Entry e : entries) {
                PcmAudio orig = AudioFiles.read(e.file(), 16000);
                Path origWav = tmp.resolve("orig.wav");
                AudioFiles.write(origWav, orig);
                String origText = TextNormalizer.normalize(asr.transcribe(origWav).text());
                String ref = refs ? e.reference() : origText;
                if (refs) {
                    rows.merge("original (16 kHz PCM)", new Row(256000, 0, 0, WordErrorRate.compare(ref, origText), 1),
                            (a, b) -> a.add(0, 0, b.wer()));
                }
                List<Codec> systems = new ArrayList<>();
                systems.add(new Codec(codec.info().id(), codec.info().bitrate(), x -> codec.decode(codec.encode(x))));
                if (haveCodec2) {
                    for (int mode : codec2Modes) {
                        systems.add(new Codec("codec2 " + mode, mode, x -> codec2(x, mode, tmp)));
                    }
                }
                StringBuilder line = new StringBuilder(e.relative());
                for (Codec s : systems) {
                    float[] dec = s.roundTrip().apply(orig.samples());
                    Path w = tmp.resolve("dec.wav");
                    AudioFiles.write(w, new PcmAudio(dec, 16000));
                    String hyp = TextNormalizer.normalize(asr.transcribe(w).text());
                    double mel = CodecMetrics.melDistance(orig.samples(), dec, 16000);
                    double sdr = CodecMetrics.siSdr(orig.samples(), dec);
                    WordErrorRate.Counts c = WordErrorRate.compare(ref, hyp);
                    rows.merge(s.name(), new Row(s.bitrate(), mel, sdr, c, 1), (a, b) -> a.add(mel, sdr, c));
                    line.append(String.format(Locale.ROOT, "\t%s mel %.3f wer %d/%d", s.name(), mel, c.errors(), c.referenceWords()));
                }
                out.println(line);
                out.flush();
            }
        } finally {
            try (var s = Files.list(tmp)) {
                for (Path p : s.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(tmp);
        }
        out.printf(Locale.ROOT, "%n%-24s %8s %10s %10s %10s%n", "system", "bit/s", "mel L1", "SI-SDR dB",
                refs ? "WER %" : "WER vs orig");
        for (var r : rows.entrySet()) {
            Row v = r.getValue();
            out.printf(Locale.ROOT, "%-24s %8.0f %10.3f %10.2f %10.2f%n", r.getKey(), v.bitrate(), v.mel() / v.n(), v.sdr() / v.n(),
                    v.wer().percent());
        }
        out.printf(Locale.ROOT, "(%d files; mel L1 = mean |log-mel difference|, 80 mels; WER by the default ASR model%s)%n", entries.size(),
                refs ? " against the manifest's references" : " against its own transcript of the original audio");
    }

    private static boolean onPath(String exe) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, exe))) {
                return true;
            }
        }
        return false;
    }

    /** 16 kHz → 8 kHz (codec2's rate) → c2enc MODE → c2dec → back to 16 kHz. */
    static float[] codec2(float[] x16, int mode, Path tmp) {
        try {
            Path wav8 = tmp.resolve("in16.wav");
            AudioFiles.write(wav8, new PcmAudio(x16, 16000));
            float[] x8 = AudioFiles.read(wav8, 8000).samples();
            ByteBuffer b = ByteBuffer.allocate(x8.length * 2).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : x8) {
                b.putShort(dev.sws.audio.io.WavWriter.toPcm16(v));
            }
            Path raw = tmp.resolve("in8.raw"), bits = tmp.resolve("c2.bit"), back = tmp.resolve("out8.raw");
            Files.write(raw, b.array());
            exec(List.of("c2enc", Integer.toString(mode), raw.toString(), bits.toString()));
            exec(List.of("c2dec", Integer.toString(mode), bits.toString(), back.toString()));
            byte[] o = Files.readAllBytes(back);
            ByteBuffer ob = ByteBuffer.wrap(o).order(ByteOrder.LITTLE_ENDIAN);
            float[] y8 = new float[o.length / 2];
            for (int i = 0; i < y8.length; i++) {
                y8[i] = ob.getShort() / 32768f;
            }
            Path w8 = tmp.resolve("out8.wav");
            AudioFiles.write(w8, new PcmAudio(y8, 8000));
            return AudioFiles.read(w8, 16000).samples();
        } catch (IOException e) {
            throw new UserFacingException("codec2 failed: " + e.getMessage(), e);
        }
    }

    private static void exec(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true).start();
        try {
            byte[] log = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed: " + new String(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
