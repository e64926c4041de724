package dev.sws.app.cli.measure;

import dev.sws.app.cli.shared.LmOption;
import dev.sws.app.cli.shared.CommandGroup;

import dev.sws.workstation.Workstation;

import dev.sws.asr.OnlineRecognizer;
import dev.sws.asr.OnlineStream;
import dev.sws.asr.model.AsrModel;
import dev.sws.asr.model.EndpointConfig;
import dev.sws.asr.model.RecognizerConfig;
import dev.sws.audio.features.FrontendConfig;
import dev.sws.audio.features.MelFrontend;
import dev.sws.audio.io.AudioFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/** {@code sws bench frontend|decode|asr|codec|tts|batch}: throughput tables (measured here, never asserted in tests). */
@Command(name = "bench", description = "Benchmarks that print a table.", subcommands = {BenchCommand.Frontend.class, BenchCommand.Decode.class, BenchCommand.Asr.class, BenchCommand.Codec.class, BenchCommand.Tts.class, BenchCommand.Batch.class})
public final class BenchCommand extends CommandGroup {


    /** Speech-like test signal (voiced harmonics with noise bursts), deterministic. */
    static float[] testSignal(double seconds, long seed) {
        Random r = new Random(seed);
        float[] s = new float[(int) (seconds * 16000)];
        double f0 = 120;
        for (int i = 0; i < s.length; i++) {
            if (i % 3200 == 0) {
                f0 = 90 + r.nextDouble() * 140;
            }
            double v = 0;
            for (int h = 1; h <= 8; h++) {
                v += Math.sin(2 * Math.PI * f0 * h * i / 16000.0) / h;
            }
            s[i] = (float) (0.1 * v + 0.02 * r.nextGaussian());
        }
        return s;
    }

    static float[] load(Path file, double seconds) {
        if (file == null) {
            return testSignal(seconds, 7);
        }
        float[] a = AudioFiles.read(file, 16000).samples();
        float[] out = new float[(int) (seconds * 16000)];
        for (int i = 0; i < out.length; i++) {
            out[i] = a[i % a.length];
        }
        return out;
    }

    static double percentile(double[] v, double p) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(p * s.length) - 1)];
    }

    @Command(name = "frontend", description = "Log-mel throughput (x real time on one core).")
    static final class Frontend implements Runnable {
        @Spec
        CommandSpec spec;
        @Option(names = "--seconds", defaultValue = "600")
        double seconds;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            float[] audio = testSignal(seconds, 3);
            out.printf("%-10s %12s %14s %12s%n", "mels", "audio s", "x real time", "us/frame");
            for (int mels : new int[]{80, 128}) {
                MelFrontend fe = new MelFrontend(FrontendConfig.nemo(mels));
                fe.compute(Arrays.copyOf(audio, 16000 * 20)); // warm-up
                double[] runs = new double[5];
                int frames = 0;
                for (int k = 0; k < runs.length; k++) {
                    long t0 = System.nanoTime();
                    frames = fe.compute(audio).length / mels;
                    runs[k] = (System.nanoTime() - t0) / 1e9;
                }
                double med = percentile(runs, 0.5);
                out.printf(Locale.ROOT, "%-10d %12.0f %14.0f %12.2f%n", mels, seconds, seconds / med, med * 1e6 / frames);
            }
            out.println("(one thread, median of 5 runs; 'x real time' = seconds of audio per second of compute)");
        }
    }

    @Command(name = "decode", description = "Reading audio files: decoding, mix-down and resampling (x real time on one core).")
    static final class Decode implements Runnable {
        @Spec
        CommandSpec spec;
        @picocli.CommandLine.Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "Audio files or folders (not recursive).")
        List<Path> inputs;
        @Option(names = "--rate", defaultValue = "16000", description = "Rate the files are read at (default: ${DEFAULT-VALUE}).")
        int rate;
        @Option(names = "--passes", defaultValue = "3", description = "Passes over the files after a warm-up (default: ${DEFAULT-VALUE}).")
        int passes;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            List<Path> files = new ArrayList<>();
            for (Path p : inputs) {
                if (java.nio.file.Files.isDirectory(p)) {
                    try (var s = java.nio.file.Files.list(p)) {
                        s.filter(AudioFiles::looksLikeAudio).sorted().forEach(files::add);
                    } catch (java.io.IOException e) {
                        throw new dev.sws.core.util.UserFacingException("Cannot list " + p + " (" + e.getMessage() + ").");
                    }
                } else {
                    files.add(p);
                }
            }
            if (files.isEmpty()) {
                throw new dev.sws.core.util.UserFacingException("There are no audio files in " + inputs.stream().map(Path::toString)
                        .collect(java.util.stream.Collectors.joining(", ")) + ".");
            }
            out.printf("%-22s %6s %10s %10s %14s%n", "read", "files", "audio min", "seconds", "x real time");
            for (int pass = 0; pass <= passes; pass++) {
                for (boolean resample : new boolean[]{false, true}) {
                    long t0 = System.nanoTime();
                    double audio = 0;
                    for (Path f : files) {
                        audio += (resample ? AudioFiles.read(f, rate) : AudioFiles.readNative(f)).durationSeconds();
                    }
                    double s = (System.nanoTime() - t0) / 1e9;
                    if (pass > 0) {
                        out.printf(Locale.ROOT, "%-22s %6d %10.1f %10.2f %14.0f%n", resample ? "at " + rate + " Hz" : "at the files' rates",
                                files.size(), audio / 60, s, audio / s);
                    }
                }
            }
            out.println("(one thread; after one warm-up pass; the difference between the rows is the resampling)");
        }
    }

    /** The devices a benchmark compares: those named, else the task's setting. */
    static List<dev.sws.core.inference.Device> devicesOf(dev.sws.workstation.Workstation ctx, List<String> names, dev.sws.core.settings.Settings.Task task) {
        if (names == null || names.isEmpty()) {
            return List.of(ctx.device(task));
        }
        return names.stream().map(dev.sws.core.inference.Device::parse).toList();
    }

    @Command(name = "asr", description = "Real-time factor and per-chunk compute for 1 and N streams.")
    static final class Asr implements Runnable {
        @ParentCommand
        BenchCommand bench;
        @Spec
        CommandSpec spec;
        @Option(names = "--model")
        String model;
        @Option(names = "--file", description = "Audio to loop (default: a synthetic voiced signal).")
        Path file;
        @Option(names = "--seconds", defaultValue = "30")
        double seconds;
        @Option(names = "--streams", split = ",", defaultValue = "1,4,8")
        int[] streams;
        @Option(names = "--decoding", defaultValue = "greedy")
        String decoding;
        @picocli.CommandLine.Mixin
        LmOption lm = new LmOption();
        @Option(names = "--devices", split = ",", description = "Devices to compare in this run, e.g. cpu,cuda:0 (default: the setting).")
        List<String> devices;
        @Option(names = "--encoder-only", description = "Time the batched encoder calls alone (features precomputed, no decoding): "
                + "what the device does; decoding stays on the CPU (and a random-weight model emits a symbol on most frames).")
        boolean encoderOnly;
        @Option(names = "--io-binding", description = "With --encoder-only: keep each batch's caches where the encoder "
                + "leaves them (on the GPU for cuda:N) through an IO binding of ONNX Runtime's C API, instead of the Java "
                + "API's copies in and out of every call.")
        boolean ioBinding;

        @Override
        public void run() {
            if (ioBinding && !encoderOnly) {
                throw new dev.sws.core.util.UserFacingException("--io-binding measures the encoder alone: add --encoder-only.");
            }
            var ctx = bench.context();
            for (var device : devicesOf(ctx, devices, dev.sws.core.settings.Settings.Task.ASR)) {
                AsrModel m = ctx.asr().load(ctx.asr().resolve(model), device);
                if (encoderOnly) {
                    encoder(m);
                } else {
                    run(m, device);
                }
            }
        }

        private void encoder(AsrModel m) {
            PrintWriter out = spec.commandLine().getOut();
            var enc = m.encoder();
            int f = enc.featDim();
            float[] feats = new MelFrontend(FrontendConfig.nemo(f)).compute(load(file, seconds));
            int frames = feats.length / f;
            int w = enc.windowFor(0);
            int shift = enc.shiftFor(0);
            double chunkSeconds = shift * 0.01;
            out.printf(Locale.ROOT, "encoder of %s, device %s, window %d frames, chunk %.2f s, %d threads, caches %s%n",
                    m.dir().getFileName(), enc.session().device(), w, chunkSeconds, bench.context().settings().device().effectiveThreads(),
                    ioBinding ? "kept by an IO binding" : "through the Java API");
            out.printf("%-8s %12s %14s %14s %12s%n", "streams", "x real time", "call mean ms", "call p95 ms", "calls");
            encoderPass(enc, feats, frames, w, shift, 1, null, ioBinding); // warm-up (and the cuDNN algorithm choice)
            for (int n : streams) {
                List<Double> times = new ArrayList<>();
                encoderPass(enc, feats, frames, w, shift, n, null, ioBinding);  // warm-up at this batch size
                encoderPass(enc, feats, frames, w, shift, n, times, ioBinding);
                double total = times.stream().mapToDouble(Double::doubleValue).sum();
                double[] t = times.stream().mapToDouble(Double::doubleValue).toArray();
                out.printf(Locale.ROOT, "%-8d %12.1f %14.2f %14.2f %12d%n", n, n * t.length * chunkSeconds / total,
                        total / t.length * 1e3, percentile(t, 0.95) * 1e3, t.length);
            }
            out.println("(x real time = stream-seconds of audio encoded per second of encoder compute; real-time streams "
                    + "possible ≈ that number while a call stays under the chunk length)");
        }

        private static void encoderPass(dev.sws.asr.model.StreamingEncoder enc, float[] feats, int frames, int w, int shift,
                                        int n, List<Double> times, boolean bound) {
            int f = enc.featDim();
            var caches = new dev.sws.asr.model.EncoderCache[n];
            for (int i = 0; i < n; i++) {
                caches[i] = enc.newCache();
            }
            float[][] windows = new float[n][w * f];
            try (var resident = bound ? enc.resident(caches) : null) {
                for (int start = 0; start + w <= frames; start += shift) {
                    for (int i = 0; i < n; i++) {
                        System.arraycopy(feats, start * f, windows[i], 0, w * f);
                    }
                    long t0 = System.nanoTime();
                    if (resident != null) {
                        resident.run(windows, w);
                    } else {
                        enc.run(windows, w, caches);
                    }
                    if (times != null) {
                        times.add((System.nanoTime() - t0) / 1e9);
                    }
                }
            }
        }

        private void run(AsrModel m, dev.sws.core.inference.Device device) {
            PrintWriter out = spec.commandLine().getOut();
            var svc = bench.context().asr();
            RecognizerConfig cfg = lm.apply(svc).apply(svc.config(m).withEndpoint(EndpointConfig.disabled())
                    .withDecoding("beam".equals(decoding) ? RecognizerConfig.Decoding.BEAM : RecognizerConfig.Decoding.GREEDY, 4));
            OnlineRecognizer rec = new OnlineRecognizer(m, cfg);
            float[] audio = load(file, seconds);
            out.printf(Locale.ROOT, "model %s (%s), chunk %.2f s, decoding %s, device %s, %d threads, %.0f s of audio per stream%n",
                    m.dir().getFileName(), m.kind(), rec.chunkSeconds(), cfg.decoding() == RecognizerConfig.Decoding.BEAM
                            ? "beam " + cfg.beamSize() + (cfg.lm() != null ? " + LM (weight " + cfg.lm().weight() + ")" : " without LM")
                            : "greedy", m.encoder().session().device(),
                    bench.context().settings().device().effectiveThreads(), seconds);
            out.printf("%-8s %10s %12s %14s %14s %12s%n", "streams", "RTF", "x real time", "chunk mean ms", "chunk p95 ms", "chunks");
            run(rec, audio, 1, null); // warm-up
            for (int n : streams) {
                List<Double> times = new ArrayList<>();
                long t0 = System.nanoTime();
                run(rec, audio, n, times);
                double total = (System.nanoTime() - t0) / 1e9;
                double[] t = times.stream().mapToDouble(Double::doubleValue).toArray();
                double rtf = total / (seconds * n);
                out.printf(Locale.ROOT, "%-8d %10.4f %12.1f %14.2f %14.2f %12d%n", n, rtf, 1 / rtf, Arrays.stream(t).average().orElse(0) * 1e3,
                        percentile(t, 0.95) * 1e3, t.length);
            }
            out.println("(RTF = compute time / audio time over all streams; a chunk = one batched encoder call plus decoding)");
        }

        private static void run(OnlineRecognizer rec, float[] audio, int n, List<Double> times) {
            List<OnlineStream> ss = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                OnlineStream s = rec.createStream();
                s.acceptWaveform(16000, audio);
                s.inputFinished();
                ss.add(s);
            }
            while (true) {
                long t0 = System.nanoTime();
                int k = rec.decode(ss);
                if (k == 0) {
                    break;
                }
                if (times != null) {
                    times.add((System.nanoTime() - t0) / 1e9);
                }
            }
        }
    }

    @Command(name = "codec", description = "Codec encode, batch decode and streaming decode speed (x real time).")
    static final class Codec implements Runnable {
        @ParentCommand
        BenchCommand bench;
        @Spec
        CommandSpec spec;
        @Option(names = "--model")
        String model;
        @Option(names = "--file", description = "Audio to loop (default: a synthetic voiced signal).")
        Path file;
        @Option(names = "--seconds", defaultValue = "60")
        double seconds;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            dev.sws.codec.CodecModel m = bench.context().codec().load(model);
            float[] audio = load(file, seconds);
            m.decode(m.encode(Arrays.copyOf(audio, 16000 * 2))); // warm-up
            out.printf(Locale.ROOT, "codec %s, %.0f bit/s, %d threads, %.0f s of audio%n", m.info().id(), m.info().bitrate(),
                    bench.context().settings().device().effectiveThreads(), seconds);
            out.printf("%-22s %12s %14s%n", "step", "seconds", "x real time");
            long t0 = System.nanoTime();
            int[][] codes = m.encode(audio);
            double enc = (System.nanoTime() - t0) / 1e9;
            out.printf(Locale.ROOT, "%-22s %12.3f %14.1f%n", "encode", enc, seconds / enc);
            t0 = System.nanoTime();
            m.decode(codes);
            double dec = (System.nanoTime() - t0) / 1e9;
            out.printf(Locale.ROOT, "%-22s %12.3f %14.1f%n", "decode (whole)", dec, seconds / dec);
            for (int chunk : new int[]{25, 100}) {
                List<Double> first = new ArrayList<>();
                t0 = System.nanoTime();
                long start = t0;
                var sd = new dev.sws.codec.StreamingDecoder(m, chunk, a -> {
                    if (first.isEmpty()) {
                        first.add((System.nanoTime() - start) / 1e6);
                    }
                });
                sd.accept(codes);
                sd.finish();
                double s = (System.nanoTime() - t0) / 1e9;
                out.printf(Locale.ROOT, "%-22s %12.3f %14.1f   first audio after %.1f ms compute%n",
                        "decode (stream, " + chunk * 20 + " ms)", s, seconds / s, first.isEmpty() ? 0 : first.getFirst());
            }
            out.println("(CPU, one process; streamed chunks carry the codec's decoder context on each side)");
        }
    }

    @Command(name = "tts", description = "Text to speech: real-time factor and time to first audio per NFE, guided and not.")
    static final class Tts implements Runnable {
        @ParentCommand
        BenchCommand bench;
        @Spec
        CommandSpec spec;
        @Option(names = "--model")
        String model;
        @Option(names = "--nfe", split = ",", defaultValue = "4,8,16,32")
        List<Integer> nfes;
        @Option(names = "--guidance-end", split = ",", description = "Ends of guidance to compare, times 0..1 (default: "
                + "the model's).")
        List<Float> guidanceEnds;
        @Option(names = "--text", defaultValue = "The meeting was moved to Thursday afternoon. We walked along the river until the sun went down.")
        String text;
        @Option(names = "--devices", split = ",", description = "Devices to compare in this run, e.g. cpu,cuda:0 (default: the setting).")
        List<String> devices;

        @Override
        public void run() {
            var ctx = bench.context();
            for (var device : devicesOf(ctx, devices, dev.sws.core.settings.Settings.Task.TTS)) {
                run(ctx.tts().load(model, device), device);
            }
        }

        private void run(dev.sws.tts.SpeechModel m, dev.sws.core.inference.Device device) {
            PrintWriter out = spec.commandLine().getOut();
            var svc = bench.context().tts();
            var synth = new dev.sws.tts.Synthesizer(m);
            var voice = svc.voices().list().stream().findFirst().orElseThrow(
                    () -> new dev.sws.core.util.UserFacingException("No voice to synthesise with; see 'sws voices list'."));
            var ref = svc.referenceFor(m, voice);   // the benchmarked model's own sessions, no extra load
            var base = m.defaults();
            synth.synthesize("Warm up.", ref, base.withNfe(2), () -> false, (a, c, n) -> { });
            out.printf(Locale.ROOT, "tts %s, voice %s, device %s, %d threads, %d characters of text%n", m.name(),
                    voice.voice().name(), device, bench.context().settings().device().effectiveThreads(), text.length());
            out.printf("%-5s %-6s %-8s %12s %12s %10s %16s%n", "NFE", "cfg", "guide <", "audio s", "compute s", "RTF",
                    "first audio s");
            List<dev.sws.tts.SamplerOptions> variants = new java.util.ArrayList<>();
            for (float end : guidanceEnds == null ? List.of(base.guidanceEnd()) : guidanceEnds) {
                variants.add(base.withGuidanceEnd(end));
            }
            variants.add(base.withCfg(0f));
            for (int nfe : nfes) {
                for (var variant : variants) {
                    float cfg = variant.cfg();
                    long t0 = System.nanoTime();
                    long[] first = {0};
                    float[] audio = synth.synthesize(text, ref, variant.withNfe(nfe), () -> false, (a, c, n) -> {
                        if (first[0] == 0 && a.length > 0) {
                            first[0] = System.nanoTime();
                        }
                    });
                    double s = (System.nanoTime() - t0) / 1e9;
                    double dur = audio.length / (double) m.sampleRate();
                    out.printf(Locale.ROOT, "%-5d %-6.1f %-8s %12.2f %12.2f %10.3f %16.2f%n", nfe, cfg,
                            cfg == 0f ? "-" : String.format(Locale.ROOT, "%.2f", variant.guidanceEnd()), dur, s, s / dur,
                            (first[0] - t0) / 1e9);
                }
            }
            out.println("(one process; cfg 0 = one velocity call per step instead of a batch of two; \"guide <\" = guided steps "
                    + "are those that start before that time; device as requested, see the log for a CPU fallback)");
        }
    }

    @Command(name = "batch", description = "Batch throughput (audio hours per hour, wall clock) with 1 and N workers.")
    static final class Batch implements java.util.concurrent.Callable<Integer> {
        @ParentCommand
        BenchCommand bench;
        @Spec
        CommandSpec spec;
        @Option(names = "--dir", description = "Folder of audio to transcribe (default: 24 synthetic 10 s files).")
        Path dir;
        @Option(names = "--workers", split = ",", defaultValue = "1,2,4")
        List<Integer> workers;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            Path tmp = java.nio.file.Files.createTempDirectory("sws-bench-batch");
            try {
                Path in = dir;
                if (in == null) {
                    in = java.nio.file.Files.createDirectories(tmp.resolve("in"));
                    for (int i = 0; i < 24; i++) {
                        AudioFiles.write(in.resolve(String.format(Locale.ROOT, "f%02d.wav", i)),
                                new dev.sws.audio.PcmAudio(testSignal(10, i), 16000));
                    }
                }
                var ctx = bench.context();
                out.printf(Locale.ROOT, "%s, %d cores, model %s%n", dir == null ? "24 synthetic files of 10 s" : dir,
                        Runtime.getRuntime().availableProcessors(), ctx.asr().resolve(null).id());
                out.printf("%-8s %8s %10s %10s %16s %10s%n", "workers", "files", "audio s", "wall s", "audio h / hour", "speed-up");
                double base = 0;
                for (int w : workers) {
                    try (var store = new dev.sws.workstation.batch.JobStore(tmp.resolve("jobs-" + w + ".db"))) {
                        var job = store.createJob(in, tmp.resolve("out-" + w), "txt", "");
                        long t0 = System.nanoTime();
                        var s = new dev.sws.workstation.batch.BatchRunner(store, () -> ctx.asr().fileTranscriber(null), w)
                                .run(job, new dev.sws.workstation.batch.BatchRunner.Listener() { });
                        double wall = (System.nanoTime() - t0) / 1e9;
                        double rate = s.audioSeconds() / wall;
                        if (base == 0) {
                            base = rate;
                        }
                        out.printf(Locale.ROOT, "%-8d %8d %10.1f %10.1f %16.1f %10.2f%n", w, s.done(), s.audioSeconds(), wall, rate, rate / base);
                        out.flush();
                    }
                }
            } finally {
                try (var walk = java.nio.file.Files.walk(tmp)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            return 0;
        }
    }
}
