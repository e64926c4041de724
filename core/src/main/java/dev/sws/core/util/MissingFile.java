package dev.sws.core.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** The sentence for a path that cannot be opened as a file: not there, a broken link, or a link that loops. */
public final class MissingFile {

    private MissingFile() {
    }

    public static String sentence(Path file) {
        if (Files.isSymbolicLink(file)) {
            // follow the chain by hand: the operating system only says "too many levels" for a loop
            java.util.Set<Path> seen = new java.util.HashSet<>();
            Path p = file.toAbsolutePath().normalize();
            try {
                while (Files.isSymbolicLink(p) && seen.add(p) && seen.size() < 64) {
                    Path target = Files.readSymbolicLink(p);
                    p = p.resolveSibling(target).normalize();
                }
            } catch (IOException unreadable) {
                return file + " is a symbolic link that cannot be followed.";
            }
            if (Files.isSymbolicLink(p)) {
                return file + " is a symbolic link that leads back to itself; point it at the file itself.";
            }
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                return file + " is a symbolic link to " + p + ", which does not exist.";
            }
        }
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS) && file.getParent() != null && Files.isRegularFile(file.getParent())) {
            return file.getParent() + " is a file, not a folder, so " + file.getFileName() + " cannot be in it.";
        }
        return "File not found: " + file + ".";
    }
}
