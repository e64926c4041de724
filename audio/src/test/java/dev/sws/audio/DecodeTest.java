package dev.sws.audio;

import dev.sws.audio.io.AudioFiles;
import dev.sws.audio.io.FfmpegAudioReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class DecodeTest {

    static double correlation(float[] a, float[] b, int n) {
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < n; i++) {
            ab += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return ab / Math.sqrt(aa * bb + 1e-20);
    }

    @ParameterizedTest
    @ValueSource(strings = {"speech.flac", "speech.mp3", "speech.ogg", "speech.opus", "speech.m4a", "speech-8k.wav", "speech-44k-stereo.flac"})
    void everyCommonFormatDecodesToTheSameSpeech(String name) {
        PcmAudio ref = AudioFiles.read(Fixtures.path("speech-16k.wav"), 16000);
        PcmAudio a = AudioFiles.read(Fixtures.path(name), 16000);
        assertEquals(16000, a.sampleRate());
        assertEquals(ref.durationSeconds(), a.durationSeconds(), 0.08, name + " duration");
        // lossy codecs add delay; find the best alignment within 60 ms and require a strong correlation
        double best = 0;
        int n = Math.min(ref.length(), a.length()) - 2000;
        for (int lag = 0; lag < 1000; lag += 8) {
            float[] shifted = java.util.Arrays.copyOfRange(a.samples(), lag, lag + n);
            best = Math.max(best, correlation(ref.samples(), shifted, n));
        }
        double need = name.startsWith("speech-8k") ? 0.75 : name.endsWith("opus") || name.endsWith("ogg") ? 0.8 : 0.9;
        assertTrue(best > need, name + " correlation " + best);
    }

    @Test
    void losslessFlacIsSampleExact() {
        PcmAudio wav = AudioFiles.read(Fixtures.path("speech-16k.wav"), 16000);
        PcmAudio flac = AudioFiles.read(Fixtures.path("speech.flac"), 16000);
        assertArrayEquals(wav.samples(), flac.samples());
    }

    @Test
    void stereoIsMixedAndRateReported() {
        try (FfmpegAudioReader r = new FfmpegAudioReader(Fixtures.path("speech-44k-stereo.flac"))) {
            assertEquals(44100, r.sampleRate());
            assertEquals(2, r.channels());
        }
    }

    /** What the ffmpeg command reads from {@code file} as mono float at {@code rate} through {@code mix}, if any. */
    static float[] ffmpegCommandLine(Path file, int rate, String mix) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("ffmpeg", "-v", "error", "-i", file.toString()));
        String resample = "aresample=" + rate + ":filter_size=31:cutoff=0.9:kaiser_beta=6";
        cmd.addAll(java.util.List.of("-af", mix == null ? resample : mix + "," + resample));
        cmd.addAll(java.util.List.of("-ac", "1", "-f", "f32le", "-"));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] raw = p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor(), "ffmpeg " + cmd);
        float[] out = new float[raw.length / 4];
        java.nio.ByteBuffer.wrap(raw).order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    static double maxDifference(float[] a, float[] b) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        return worst;
    }

    /** Files read at another rate are resampled by FFmpeg's swresample with the filter chosen in ADR 0025. */
    @Test
    void readingAtAnotherRateGivesWhatTheFfmpegCommandGives() throws Exception {
        Path up = Fixtures.path("speech-8k.wav");
        float[] ours = AudioFiles.read(up, 16000).samples();
        float[] theirs = ffmpegCommandLine(up, 16000, null);
        assertEquals(theirs.length, ours.length, "8 kHz -> 16 kHz length");
        assertTrue(maxDifference(ours, theirs) < 1e-3, "8 kHz -> 16 kHz differs by " + maxDifference(ours, theirs));
        Path down = Fixtures.path("speech-44k-stereo.flac");
        ours = AudioFiles.read(down, 16000).samples();
        theirs = ffmpegCommandLine(down, 16000, "pan=mono|c0=0.5*c0+0.5*c1");
        assertEquals(theirs.length, ours.length, "44.1 kHz stereo -> 16 kHz length");
        assertTrue(maxDifference(ours, theirs) < 1e-3, "44.1 kHz stereo -> 16 kHz differs by " + maxDifference(ours, theirs));
    }

    /** Files (resampled by FFmpeg) and live audio (by {@link dev.sws.audio.dsp.StreamingResampler}) sound alike. */
    @Test
    void filesAreResampledAsLiveAudioIs() {
        Path f = Fixtures.path("speech-44k-stereo.flac");
        float[] live = dev.sws.audio.dsp.StreamingResampler.resample(AudioFiles.readNative(f).samples(), 44100, 16000);
        float[] file = AudioFiles.read(f, 16000).samples();
        assertEquals(live.length, file.length);
        double e = 0;
        double d = 0;
        for (int i = 0; i < live.length; i++) {
            e += live[i] * live[i];
            d += (live[i] - file[i]) * (live[i] - file[i]);
        }
        double db = 10 * Math.log10(d / e);
        assertTrue(db < -50, "files and live audio differ by " + db + " dB");
    }

    /**
     * A stream whose rate changes midway (two MP3 files joined, 44.1 then 22.05 kHz) keeps its length and pitch: each
     * part is resampled from its own rate (read at the first frame's rate, the second half played an octave wrong).
     */
    @Test
    void aStreamThatChangesRateMidwayKeepsItsLengthAndPitch(@TempDir Path dir) throws Exception {
        Path joined = dir.resolve("joined.mp3");
        for (int rate : new int[]{44100, 22050}) {
            Path part = dir.resolve(rate + ".mp3");
            Process p = new ProcessBuilder("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=" + rate
                    + ":duration=1", "-ac", "1", part.toString()).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.waitFor(), log);
            Files.write(joined, Files.readAllBytes(part), java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        }
        float[] x = AudioFiles.read(joined, 16000).samples();
        assertEquals(2.0, x.length / 16000.0, 0.15, "seconds");
        for (double from : new double[]{0.2, 1.3}) {
            int a = (int) (from * 16000);
            int b = a + 8000;
            int crossings = 0;
            for (int i = a + 1; i < b; i++) {
                crossings += (x[i - 1] < 0) != (x[i] < 0) ? 1 : 0;
            }
            assertEquals(440, crossings / 2.0 / 0.5, 22, "pitch from " + from + " s");
        }
    }

    @Test
    void resamplingKeepsTheToneAndRemovesWhatTheNewRateCannotHold(@TempDir Path dir) throws Exception {
        int rate = 44100;
        float[] keep = new float[rate * 2];
        float[] alias = new float[rate * 2];
        for (int i = 0; i < keep.length; i++) {
            keep[i] = (float) (0.5 * Math.sin(2 * Math.PI * 1000 * i / rate));
            alias[i] = (float) (0.5 * Math.sin(2 * Math.PI * 11000 * i / rate)); // above 16 kHz's Nyquist frequency
        }
        Path a = dir.resolve("1k.wav");
        Path b = dir.resolve("11k.wav");
        AudioFiles.write(a, new PcmAudio(keep, rate));
        AudioFiles.write(b, new PcmAudio(alias, rate));
        float[] k = AudioFiles.read(a, 16000).samples();
        float[] x = AudioFiles.read(b, 16000).samples();
        assertEquals(32000, k.length, 2);
        assertEquals(0.5 / Math.sqrt(2), rms(k, 1000, k.length - 1000), 0.01, "1 kHz tone level");
        int crossings = 0;
        for (int i = 1001; i < k.length - 1000; i++) {
            crossings += (k[i - 1] < 0) != (k[i] < 0) ? 1 : 0;
        }
        assertEquals(2000 * (k.length - 2000) / 16000.0, crossings, 4, "1 kHz tone pitch");
        assertTrue(rms(x, 1000, x.length - 1000) < 0.005, "an 11 kHz tone leaks as " + rms(x, 1000, x.length - 1000));
    }

    static double rms(float[] x, int from, int to) {
        double e = 0;
        for (int i = from; i < to; i++) {
            e += x[i] * x[i];
        }
        return Math.sqrt(e / (to - from));
    }

    @Test
    void silenceDecodesToZeros() {
        PcmAudio s = AudioFiles.read(Fixtures.path("silence-3s.flac"), 16000);
        assertEquals(48000, s.length(), 10);
        for (float v : s.samples()) {
            assertEquals(0f, v);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"empty.wav", "text-renamed.wav", "zero-channels.wav", "corrupt.flac", "does-not-exist.wav"})
    void badInputGivesOneClearMessage(String name) {
        Path p = name.equals("does-not-exist.wav") ? Fixtures.path("empty.wav").resolveSibling(name) : Fixtures.path(name);
        AudioInputException e = assertThrows(AudioInputException.class, () -> AudioFiles.read(p, 16000));
        String m = e.getMessage();
        assertFalse(m.contains("\n"), m);
        assertTrue(m.endsWith("."), m);
        assertTrue(m.contains(name) || m.contains("not found"), m);
    }

    @Test
    void truncatedFileDecodesWhatIsThere() {
        PcmAudio a = AudioFiles.read(Fixtures.path("truncated.mp3"), 16000);
        assertTrue(a.durationSeconds() > 0.2 && a.durationSeconds() < 1.5, "got " + a.durationSeconds());
    }

    @ParameterizedTest
    @ValueSource(strings = {"speech.flac", "speech.mp3", "speech.ogg", "speech.opus", "speech.m4a", "speech-16k.wav", "speech-44k-stereo.flac"})
    void completeFilesDeclareTheLengthTheyHold(String name) throws Exception {
        try (var r = AudioFiles.open(Fixtures.path(name), 16000)) {
            assertEquals(readAll(r), r.declaredSeconds(), 0.08, name);
        }
    }

    @Test
    void aCutShortFlacStillDeclaresItsWholeLength(@TempDir Path dir) throws Exception {
        byte[] all = Files.readAllBytes(Fixtures.path("speech.flac"));
        Path cut = dir.resolve("cut.flac");
        Files.write(cut, java.util.Arrays.copyOf(all, all.length / 2));   // an interrupted copy
        try (var r = AudioFiles.open(cut, 16000)) {
            double got = readAll(r);
            assertEquals(AudioFiles.read(Fixtures.path("speech.flac"), 16000).durationSeconds(), r.declaredSeconds(), 0.01);
            assertTrue(got > 1 && got < r.declaredSeconds() - 1, "decoded " + got + " s of " + r.declaredSeconds());
        }
    }

    private static double readAll(dev.sws.audio.io.AudioReader r) throws java.io.IOException {
        float[] b = new float[4096];
        long n = 0;
        for (int k; (k = r.read(b, 0, b.length)) >= 0; ) {
            n += k;
        }
        return n / (double) r.sampleRate();
    }

    /** The lossy formats for sharing: each decodes back to the same speech, at about the same length. */
    @ParameterizedTest
    @ValueSource(strings = {"mp3", "opus", "ogg", "m4a"})
    void lossyExportsDecodeBackToTheSameSpeech(String ext, @TempDir Path dir) throws Exception {
        for (int rate : new int[]{16000, 22050}) {   // 22.05 kHz: Opus resamples to 48 kHz
            PcmAudio a = AudioFiles.read(Fixtures.path("speech-16k.wav"), rate);
            Path out = dir.resolve("out-" + rate + "." + ext);
            AudioFiles.write(out, a);
            PcmAudio b = AudioFiles.read(out, rate);
            assertEquals(a.durationSeconds(), b.durationSeconds(), 0.1, ext + " at " + rate + " Hz");
            double best = 0;
            int n = Math.min(a.length(), b.length()) - rate / 4;
            for (int lag = 0; lag < rate / 10; lag += 4) {   // encoder delay
                best = Math.max(best, correlation(a.samples(), java.util.Arrays.copyOfRange(b.samples(), lag, lag + n), n));
            }
            assertTrue(best > 0.8, ext + " at " + rate + " Hz: correlation " + best);
        }
        try (var s = Files.list(dir)) {
            assertEquals(2, s.count(), "no temporary files left");
        }
    }

    /** A link that loops or leads nowhere is said as such, not as "File not found". */
    @Test
    void brokenLinksAreNamedForWhatTheyAre(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.wav");
        Path b = dir.resolve("b.wav");
        java.nio.file.Files.createSymbolicLink(a, b);
        java.nio.file.Files.createSymbolicLink(b, a);
        assertEquals(a + " is a symbolic link that leads back to itself; point it at the file itself.",
                assertThrows(AudioInputException.class, () -> AudioFiles.read(a, 16000)).getMessage());
        Path dangling = java.nio.file.Files.createSymbolicLink(dir.resolve("c.wav"), dir.resolve("moved.wav"));
        assertEquals(dangling + " is a symbolic link to " + dir.resolve("moved.wav") + ", which does not exist.",
                assertThrows(AudioInputException.class, () -> AudioFiles.read(dangling, 16000)).getMessage());
    }

    /** A WAV whose header claims 1 Hz: refused in one sentence, not read as 113 hours of audio. */
    @Test
    void anImpossibleSampleRateIsRefused(@TempDir Path dir) throws Exception {
        byte[] wav = java.nio.file.Files.readAllBytes(Fixtures.path("speech-16k.wav"));
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(wav).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(16000, b.getInt(24), "a canonical 44-byte WAV header");
        b.putInt(24, 1);   // sample rate
        b.putInt(28, 2);   // byte rate: 1 Hz x 1 channel x 2 bytes
        Path f = java.nio.file.Files.write(dir.resolve("one-hertz.wav"), wav);
        AudioInputException e = assertThrows(AudioInputException.class, () -> AudioFiles.read(f, 16000));
        assertEquals("one-hertz.wav says its sample rate is 1 Hz, which no recording has (1000-768000 Hz); the file's "
                + "header is damaged.", e.getMessage());
    }

    @Test
    void folderIsRejected(@TempDir Path dir) {
        AudioInputException e = assertThrows(AudioInputException.class, () -> AudioFiles.read(dir, 16000));
        assertTrue(e.getMessage().contains("folder"));
    }

    @Test
    void wavAndFlacRoundTrip(@TempDir Path dir) throws Exception {
        PcmAudio a = AudioFiles.read(Fixtures.path("speech-16k.wav"), 16000);
        for (String ext : new String[]{"wav", "flac"}) {
            Path out = dir.resolve("out." + ext);
            AudioFiles.write(out, a);
            PcmAudio b = AudioFiles.read(out, 16000);
            assertEquals(a.length(), b.length(), ext);
            for (int i = 0; i < a.length(); i++) {
                assertEquals(a.samples()[i], b.samples()[i], 1.0 / 32767, ext + " sample " + i);
            }
        }
        try (var s = Files.list(dir)) {
            assertEquals(2, s.count(), "no temporary files left");
        }
        AudioInputException none = assertThrows(AudioInputException.class, () -> AudioFiles.write(dir.resolve("take1"), a));
        assertEquals("Name the output file take1.wav or take1.flac (or .mp3, .opus, .m4a): the ending picks the format.", none.getMessage());
        assertEquals("Cannot write .aiff files; use .wav, .flac, .mp3, .opus (or .ogg) or .m4a.",
                assertThrows(AudioInputException.class, () -> AudioFiles.write(dir.resolve("t.aiff"), a)).getMessage());
    }
}
