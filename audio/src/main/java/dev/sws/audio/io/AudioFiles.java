package dev.sws.audio.io;

import dev.sws.audio.AudioInputException;
import dev.sws.audio.PcmAudio;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/** Entry points for reading and writing audio files. */
public final class AudioFiles {

    /** Extensions offered in file dialogs and batch scans (FFmpeg reads many more). */
    public static final Set<String> AUDIO_EXTENSIONS = Set.of("wav", "flac", "mp3", "ogg", "oga", "opus", "m4a", "aac",
            "wma", "webm", "mka", "aiff", "aif", "mp4", "mkv", "mov");

    private AudioFiles() {
    }

    /** Opens {@code file} as a mono stream at {@code targetRate} (resampled by FFmpeg if needed). */
    public static AudioReader open(Path file, int targetRate) {
        return new FfmpegAudioReader(file, targetRate);
    }

    /** Decodes a whole file to mono at {@code targetRate}. For long files prefer {@link #open}. */
    public static PcmAudio read(Path file, int targetRate) {
        return readAll(file, open(file, targetRate));
    }

    /** Decodes at the file's own sample rate. */
    public static PcmAudio readNative(Path file) {
        return readAll(file, new FfmpegAudioReader(file));
    }

    private static PcmAudio readAll(Path file, AudioReader reader) {
        try (AudioReader r = reader) {
            float[] all = new float[1 << 16];
            int n = 0;
            float[] buf = new float[16384];
            for (int k; (k = r.read(buf, 0, buf.length)) >= 0; ) {
                if (n + k > all.length) {
                    all = Arrays.copyOf(all, Math.max(n + k, all.length * 2));
                }
                System.arraycopy(buf, 0, all, n, k);
                n += k;
            }
            return new PcmAudio(Arrays.copyOf(all, n), r.sampleRate());
        } catch (IOException e) {
            throw new AudioInputException("Cannot read " + file.getFileName() + " (" + e.getMessage() + ").", e);
        }
    }

    /** The endings {@link #write} understands, for messages. */
    public static final String WRITABLE = ".wav, .flac, .mp3, .opus (or .ogg) or .m4a";

    /**
     * Writes {@code audio} atomically; the format follows the extension: .wav (16-bit PCM), .flac, and lossy .mp3,
     * .opus/.ogg (Opus) and .m4a (AAC) for sharing ({@link FfmpegAudioWriter}).
     */
    public static void write(Path file, PcmAudio audio) throws IOException {
        String ext = extension(file);
        if (ext.equals("wav")) {
            WavWriter.write(file, audio);
        } else if (FfmpegAudioWriter.formats().contains(ext)) {
            FfmpegAudioWriter.write(file, audio, ext);
        } else {
            throw new AudioInputException(ext.isEmpty()
                    ? "Name the output file " + file.getFileName() + ".wav or " + file.getFileName() + ".flac (or .mp3, .opus, .m4a): the ending picks the format."
                    : "Cannot write ." + ext + " files; use " + WRITABLE + ".");
        }
    }

    /** Version of the bundled FFmpeg libraries. */
    public static String ffmpegVersion() {
        try {
            return org.bytedeco.ffmpeg.global.avutil.av_version_info().getString();
        } catch (Throwable t) {
            return "unavailable (" + t.getClass().getSimpleName() + ")";
        }
    }

    public static String extension(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    public static boolean looksLikeAudio(Path file) {
        return AUDIO_EXTENSIONS.contains(extension(file));
    }
}
