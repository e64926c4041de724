package dev.sws.core.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Moves a damaged store entry (settings file, job database, model or voice folder) out of the way, keeping it as it
 * was under a name with the time it was set aside, so that it blocks nothing and can still be looked at.
 */
public final class SetAside {

    private SetAside() {
    }

    /** Moves {@code file} to its sibling {@code NAME.bad-TIMESTAMP}; returns where it went. */
    public static Path beside(Path file) throws IOException {
        return moveTo(file, file.resolveSibling(file.getFileName() + ".bad-" + stamp()));
    }

    /** Moves {@code entry} into {@code folder} as {@code NAME-TIMESTAMP} (creating the folder); returns where it went. */
    public static Path into(Path entry, Path folder) throws IOException {
        Files.createDirectories(folder);
        return moveTo(entry, folder.resolve(entry.getFileName() + "-" + stamp()));
    }

    private static Path moveTo(Path from, Path target) throws IOException {
        Path to = target;
        for (int n = 2; Files.exists(to, java.nio.file.LinkOption.NOFOLLOW_LINKS); n++) {   // twice in one second
            to = target.resolveSibling(target.getFileName() + "-" + n);
        }
        return Files.move(from, to);
    }

    private static String stamp() {
        return LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    }
}
