package dev.sws.core.util;

/**
 * An error whose message is one plain sentence for the user (shown in a dialog or on stderr); details belong in
 * the cause and the log file. Engines throw subclasses for bad input, unusable models and missing devices.
 */
public class UserFacingException extends RuntimeException {

    public UserFacingException(String message) {
        super(message);
    }

    public UserFacingException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Whether {@code t} is the file system refusing a write: no permission to create a file (an atomic write's temp
     * file), a read-only mount, an immutable folder. Reads that are refused stay "Permission denied".
     */
    public static boolean refusedWrite(Throwable t) {
        if (!(t instanceof java.nio.file.FileSystemException f) || f.getFile() == null) {
            return false;
        }
        String reason = f.getReason() == null ? "" : f.getReason();
        boolean temp = AtomicFiles.isPartFile(java.nio.file.Path.of(f.getFile()));
        return reason.contains("Read-only file system") || reason.contains("Operation not permitted")
                || (temp && (t instanceof java.nio.file.AccessDeniedException || reason.contains("Permission denied")));
    }

    /** The user-facing sentence of {@code t}: its own message if it is a UserFacingException, else a generic one. */
    public static String messageOf(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof UserFacingException u) {
                return u.getMessage();
            }
        }
        if (t instanceof java.nio.file.NoSuchFileException n) {
            return n.getFile() == null ? "File not found." : MissingFile.sentence(java.nio.file.Path.of(n.getFile()));
        }
        if (t instanceof java.nio.file.FileSystemLoopException l && l.getFile() != null) {
            return MissingFile.sentence(java.nio.file.Path.of(l.getFile()));
        }
        if (refusedWrite(t)) {
            java.nio.file.FileSystemException f = (java.nio.file.FileSystemException) t;
            java.nio.file.Path p = java.nio.file.Path.of(f.getFile());
            String reason = f.getReason() == null ? "permission denied" : f.getReason();
            if (AtomicFiles.isPartFile(p) && p.getParent() != null) {   // an atomic write's temp file
                return "Cannot write into " + p.getParent() + " (" + reason + "); choose another folder, or make this one writable.";
            }
            return "Cannot write " + p + " (" + reason + "); choose another place, or make it writable.";
        }
        if (t instanceof java.nio.file.AccessDeniedException a) {
            return "Permission denied: " + a.getFile() + ".";
        }
        if (t instanceof java.io.IOException io && io.getMessage() != null && io.getMessage().contains("No space left")) {
            return "The disk is full; free some space and try again.";
        }
        String m = t.getMessage();
        return "Unexpected error (" + t.getClass().getSimpleName() + (m == null ? "" : ": " + m) + "); see the log file for details.";
    }
}
