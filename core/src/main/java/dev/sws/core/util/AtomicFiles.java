package dev.sws.core.util;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.security.SecureRandom;

/**
 * Writes files so that readers (and a crash) see either the old file or the complete new one, never a partial
 * file: write a temporary sibling, force it to disk, then rename over the target.
 */
public final class AtomicFiles {

    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicFiles() {
    }

    /** Body of an atomic write. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    public static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    public static void writeBytes(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /**
     * Writes {@code target} atomically. On any failure (including a full disk) the temporary file is removed,
     * the previous content of {@code target} is untouched, and the exception propagates.
     */
    public static void write(Path target, Writer body) throws IOException {
        Path tmp = newPartFile(target);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                 OutputStream out = new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(ch), 1 << 16)) {
                body.write(out);
                out.flush();
                ch.force(true);
            }
            moveIntoPlace(tmp, target);
        } catch (IOException | RuntimeException | Error e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    private static final java.util.regex.Pattern PART = java.util.regex.Pattern.compile("^\\..+\\.[0-9a-z]{1,13}\\.part$");

    /** Whether {@code file} is the temporary file of an atomic write ({@code .NAME.RANDOM.part}). */
    public static boolean isPartFile(Path file) {
        return file.getFileName() != null && PART.matcher(file.getFileName().toString()).matches();
    }

    /**
     * Deletes the temporary files that atomic writes under {@code root} left when their process was killed before
     * renaming them ({@code .NAME.RANDOM.part}); returns how many. For a folder that one writer owns (a batch job's
     * output folder while the job is held), at its start.
     */
    public static int removeLeftovers(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        int n = 0;
        try (java.util.stream.Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)
                    .filter(p -> PART.matcher(p.getFileName().toString()).matches())::iterator) {
                if (Files.deleteIfExists(p)) {
                    n++;
                }
            }
        }
        return n;
    }

    /**
     * Creates the empty temporary sibling that an atomic write of {@code target} fills and then renames over it
     * (creating missing parent folders). Its permissions are what the result should have: those of the file it
     * replaces, or for a new file the process's defaults (0666 less the umask, like any program's output) — not
     * the owner-only mode of {@link Files#createTempFile}, which would make every transcript or rendering
     * unreadable to the user's group.
     */
    public static Path newPartFile(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".part");
            try {
                Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                if (attempt < 100) {
                    continue;
                }
                throw e;
            }
            try {
                copyPermissions(target, tmp);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(tmp);
                throw e;
            }
            return tmp;
        }
    }

    private static void copyPermissions(Path from, Path to) throws IOException {
        if (Files.exists(from) && Files.getFileStore(to).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from));
        }
    }

    /** Renames {@code source} over {@code target}, atomically where the file system allows. */
    public static void moveIntoPlace(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
