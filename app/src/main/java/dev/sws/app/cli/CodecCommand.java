package dev.sws.app.cli;

import dev.sws.app.cli.shared.CommandGroup;
import dev.sws.audio.PcmAudio;
import dev.sws.audio.io.AudioFiles;
import dev.sws.codec.CodecModel;
import dev.sws.codec.TokenFile;
import dev.sws.core.util.AtomicFiles;
import dev.sws.core.util.UserFacingException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code sws codec encode|decode|info}: audio to discrete tokens and back with a neural codec. */
@Command(name = "codec", description = "Neural codec: audio to tokens and back.",
        subcommands = {CodecCommand.Encode.class, CodecCommand.Decode.class, CodecCommand.Info.class})
final class CodecCommand extends CommandGroup {

    /** Tokens from a .tokens, .json or .npy file; codes-only .npy arrays belong to {@code model} (null: the default codec). */
    static TokenFile readTokens(Path f, CodecCommand codec, String model) {
        if (!Files.isRegularFile(f)) {
            throw new UserFacingException(Files.isDirectory(f) ? f + " is a folder, not a token file." : dev.sws.core.util.MissingFile.sentence(f));
        }
        try {
            return TokenFile.load(f, () -> codec.parent.context().codec().load(model).info());
        } catch (IOException e) {
            throw new UserFacingException("Cannot read " + f + " (" + e.getMessage() + ").", e);
        } catch (IllegalArgumentException e) {
            throw new UserFacingException(e.getMessage(), e);
        }
    }

    @Command(name = "encode", description = "Encode audio into a .tokens file (also .json or .npy by the --out extension).")
    static final class Encode implements Callable<Integer> {
        @ParentCommand
        CodecCommand codec;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", description = "Audio file (any format FFmpeg reads).")
        Path in;
        @Option(names = "--out", required = true, description = "Output: F.tokens, F.json or F.npy.")
        Path out;
        @Option(names = "--model", description = "Codec model id (default: the house codec).")
        String model;

        @Override
        public Integer call() throws IOException {
            CodecModel m = codec.parent.context().codec().load(model);
            PcmAudio audio = AudioFiles.read(in, m.info().sampleRate());
            long t0 = System.nanoTime();
            int[][] codes = m.encode(audio.samples());
            double secs = (System.nanoTime() - t0) / 1e9;
            TokenFile tf = TokenFile.of(m.info(), codes);
            String ext = AudioFiles.extension(out);
            switch (ext) {
                case "tokens" -> tf.write(out);
                case "json" -> AtomicFiles.writeString(out, tf.toJson());
                case "npy" -> AtomicFiles.writeBytes(out, tf.toNpy());
                default -> throw new UserFacingException("--out must end in .tokens, .json or .npy, not ." + ext + ".");
            }
            PrintWriter o = spec.commandLine().getOut();
            o.printf(Locale.ROOT, "%s: %.2f s -> %d frames x %d codebooks (%s, %.0f bit/s), encoded at %.0fx real time -> %s%n",
                    in.getFileName(), tf.seconds(), tf.frames(), codes.length, m.info().id(), m.info().bitrate(),
                    audio.durationSeconds() / Math.max(secs, 1e-9), out);
            return 0;
        }
    }

    @Command(name = "decode", description = "Decode tokens (.tokens, .json, or a .npy array of shape (codebooks, frames)) to audio (.wav, .flac, .mp3, .opus, .m4a).")
    static final class Decode implements Callable<Integer> {
        @ParentCommand
        CodecCommand codec;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", description = "A .tokens, .json or .npy file.")
        Path in;
        @Option(names = "--out", required = true, description = "Output audio: .wav, .flac, or .mp3, .opus, .m4a to share.")
        Path out;
        @Option(names = "--model", description = "Codec model id (default: the codec named in the file, else the house codec).")
        String model;

        @Override
        public Integer call() throws IOException {
            TokenFile tf = readTokens(in, codec, model);
            var svc = codec.parent.context().codec();
            String id = model != null ? model : svc.resolveOrNull(tf.codecId());
            CodecModel m = svc.load(id);
            try {
                tf.requireCompatible(m.info());
            } catch (IllegalArgumentException e) {
                throw new UserFacingException(e.getMessage(), e);
            }
            long t0 = System.nanoTime();
            float[] audio = new float[tf.frames() * m.info().hop()];
            int[] pos = {0};
            var dec = new dev.sws.codec.StreamingDecoder(m, 250, chunk -> {
                System.arraycopy(chunk, 0, audio, pos[0], Math.min(chunk.length, audio.length - pos[0]));
                pos[0] += chunk.length;
            });
            dec.accept(tf.codes());
            dec.finish();
            double secs = (System.nanoTime() - t0) / 1e9;
            AudioFiles.write(out, new PcmAudio(audio, m.info().sampleRate()));
            spec.commandLine().getOut().printf(Locale.ROOT, "%s: %d frames -> %.2f s of audio, decoded at %.0fx real time -> %s%n",
                    in.getFileName(), tf.frames(), tf.seconds(), tf.seconds() / Math.max(secs, 1e-9), out);
            return 0;
        }
    }

    @Command(name = "info", description = "Describe a token file (.tokens, .json or .npy).")
    static final class Info implements Callable<Integer> {
        @ParentCommand
        CodecCommand codec;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", description = "A .tokens, .json or .npy file (.npy: codes of the default codec).")
        Path in;

        @Override
        public Integer call() {
            TokenFile tf = readTokens(in, codec, null);
            spec.commandLine().getOut().printf(Locale.ROOT, "codec %s, %d Hz, hop %d (%.1f frames/s), %d codebooks x %d, %d frames = %.2f s, %.0f bit/s%n",
                    tf.codecId(), tf.sampleRate(), tf.hop(), tf.frameRate(), tf.codes().length,
                    tf.codebookSize(), tf.frames(), tf.seconds(), tf.bitrate());
            return 0;
        }
    }
}
