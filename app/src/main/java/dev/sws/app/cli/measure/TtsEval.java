package dev.sws.app.cli.measure;


import dev.sws.workstation.Workstation;
import dev.sws.asr.FileTranscriber;
import dev.sws.asr.eval.WordErrorRate;
import dev.sws.audio.PcmAudio;
import dev.sws.audio.io.AudioFiles;
import dev.sws.audio.io.WavWriter;
import dev.sws.core.text.TextNormalizer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Intelligibility of synthetic speech: word error rate of an independent recogniser (CMU PocketSphinx, Debian's
 * {@code pocketsphinx_continuous}, when installed) and of our own ASR on the audio, against the text that was spoken.
 */
final class TtsEval {

    private TtsEval() {
    }

    /** The PocketSphinx command line tool, if on the PATH. */
    static boolean pocketsphinxAvailable() {
        return onPath("pocketsphinx_continuous");
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** PocketSphinx's hypothesis for a 16 kHz WAV file (default US English model). */
    static String pocketsphinx(Path wav) throws IOException {
        Process p = new ProcessBuilder("pocketsphinx_continuous", "-infile", wav.toString(), "-logfn", "/dev/null")
                .redirectErrorStream(false).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("pocketsphinx_continuous took longer than 2 minutes on " + wav);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return TextNormalizer.normalize(out.replace('\n', ' '));
    }

    /** Synthesises with flite (the classic peer), if installed: 16 kHz audio of {@code text} in {@code voice}. */
    static PcmAudio flite(String voice, String text, Path tmpDir) throws IOException, InterruptedException {
        Path wav = tmpDir.resolve("flite-" + voice + ".wav");
        Process p = new ProcessBuilder("flite", "-voice", voice, "-t", text, "-o", wav.toString()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            throw new IOException("flite failed for voice " + voice);
        }
        return AudioFiles.read(wav, 16000);
    }

    /** Word error counts of both recognisers on one clip. */
    record Scores(WordErrorRate.Counts sphinx, WordErrorRate.Counts ours) {
    }

    /**
     * The recogniser that scores synthesis and codec round trips, built once per evaluation: our ASR without the fused
     * trigram, the instrument every earlier TTS and codec figure was measured with; the trigram would fill in words
     * the voice did not make clear (ADR 0008).
     */
    static FileTranscriber instrument(Workstation ctx) {
        return ctx.asr().plainTranscriber();
    }

    static Scores score(FileTranscriber ours, PcmAudio audio, String text, Path tmpDir, boolean sphinx) throws IOException {
        String ref = dev.sws.tts.TtsText.spoken(text);   // what the voice was asked to say ("$5" is "five dollars")
        WordErrorRate.Counts s = null;
        if (sphinx) {   // PocketSphinx reads 16 kHz files
            Path wav = tmpDir.resolve("eval.wav");
            WavWriter.write(wav, new PcmAudio(dev.sws.audio.dsp.StreamingResampler.resample(audio.samples(),
                    audio.sampleRate(), 16000), 16000));
            s = WordErrorRate.compare(ref, pocketsphinx(wav));
        }
        return new Scores(s, dev.sws.workstation.service.TtsService.misheard(ours, audio, text));
    }

    static List<String> readSentences(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                out.add(line.trim());
            }
        }
        return out;
    }
}
