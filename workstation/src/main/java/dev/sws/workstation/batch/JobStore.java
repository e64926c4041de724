package dev.sws.workstation.batch;

import dev.sws.core.util.UserFacingException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Batch jobs and their files in SQLite (WAL mode), so a batch survives a crash: a file is {@code queued} until a
 * worker claims it ({@code running}), then {@code done} or {@code failed}; on resume, {@code running} rows left by a
 * dead process go back to {@code queued}. {@code completions} counts how often a file reached {@code done}
 * (it must stay 1). One instance per process; methods are synchronized.
 */
public final class JobStore implements AutoCloseable {

    /**
     * A job: a folder, where outputs go, and what to produce.
     *
     * @param tasks comma-separated: {@code transcribe}, {@code correct}, {@code codec}, {@code tts}
     */
    public record Job(long id, String inputDir, String outputDir, String formats, String model, String created, String tasks) {
        public Job(long id, String inputDir, String outputDir, String formats, String model, String created) {
            this(id, inputDir, outputDir, formats, model, created, "transcribe");
        }
    }

    /** One file of a job. */
    public record FileRow(long id, long jobId, String path, String state, int attempts, int completions, String error,
                          double audioSeconds, double computeSeconds) {
    }

    private final Connection db;
    private final Path file;

    public JobStore(Path file) {
        this.file = file.toAbsolutePath();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            db = open(file, System.nanoTime() + 10_000_000_000L);
        } catch (Exception e) {
            throw new UserFacingException("Cannot open the job database " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Connects and makes the schema. A batch process and a viewer may open a new database at the same moment: the
     * schema and its migrations run in one write transaction, so the second opener finds the first one's columns
     * instead of adding them again, and where SQLite answers "busy" without waiting (switching a new file to WAL,
     * WAL recovery) the whole opening is retried until {@code deadline}.
     */
    private static Connection open(Path file, long deadline) throws SQLException, InterruptedException {
        while (true) {
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout=10000");
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("BEGIN IMMEDIATE");
                try {
                    createSchema(s);
                    s.execute("COMMIT");
                } catch (SQLException e) {
                    s.execute("ROLLBACK");
                    throw e;
                }
                return c;
            } catch (SQLException e) {
                try {
                    c.close();
                } catch (SQLException closing) {
                    e.addSuppressed(closing);
                }
                boolean busy = e instanceof org.sqlite.SQLiteException l
                        && (l.getResultCode().code & 0xff) == org.sqlite.SQLiteErrorCode.SQLITE_BUSY.code;
                if (!busy || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }

    private static void createSchema(Statement s) throws SQLException {
        s.execute("""
                CREATE TABLE IF NOT EXISTS jobs(id INTEGER PRIMARY KEY, input_dir TEXT NOT NULL, output_dir TEXT NOT NULL,
                  formats TEXT NOT NULL, model TEXT NOT NULL, created TEXT NOT NULL DEFAULT (datetime('now')))""");
        s.execute("""
                CREATE TABLE IF NOT EXISTS files(id INTEGER PRIMARY KEY, job_id INTEGER NOT NULL REFERENCES jobs(id),
                  path TEXT NOT NULL, state TEXT NOT NULL DEFAULT 'queued', attempts INTEGER NOT NULL DEFAULT 0,
                  completions INTEGER NOT NULL DEFAULT 0, error TEXT, audio_seconds REAL NOT NULL DEFAULT 0,
                  compute_seconds REAL NOT NULL DEFAULT 0, updated TEXT, UNIQUE(job_id, path))""");
        // stores from before batch tasks: every job there transcribed
        boolean hasTasks = false;
        try (ResultSet r = s.executeQuery("PRAGMA table_info(jobs)")) {
            while (r.next()) {
                hasTasks |= "tasks".equals(r.getString("name"));
            }
        }
        if (!hasTasks) {
            s.execute("ALTER TABLE jobs ADD COLUMN tasks TEXT NOT NULL DEFAULT 'transcribe'");
        }
    }

    public synchronized Job createJob(Path input, Path output, String formats, String model) throws SQLException {
        return createJob(input, output, formats, model, "transcribe");
    }

    public synchronized Job createJob(Path input, Path output, String formats, String model, String tasks) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("INSERT INTO jobs(input_dir, output_dir, formats, model, tasks) VALUES (?,?,?,?,?)",
                Statement.RETURN_GENERATED_KEYS)) {
            p.setString(1, input.toAbsolutePath().toString());
            p.setString(2, output.toAbsolutePath().toString());
            p.setString(3, formats);
            p.setString(4, model == null ? "" : model);
            p.setString(5, tasks);
            p.executeUpdate();
            try (ResultSet k = p.getGeneratedKeys()) {
                k.next();
                return job(k.getLong(1)).orElseThrow();
            }
        }
    }

    public synchronized Optional<Job> job(long id) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("SELECT id, input_dir, output_dir, formats, model, created, tasks FROM jobs WHERE id=?")) {
            p.setLong(1, id);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(new Job(r.getLong(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5), r.getString(6), r.getString(7)))
                        : Optional.empty();
            }
        }
    }

    public synchronized List<Job> jobs() throws SQLException {
        List<Job> out = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT id FROM jobs ORDER BY id")) {
            while (r.next()) {
                out.add(job(r.getLong(1)).orElseThrow());
            }
        }
        return out;
    }

    /**
     * The newest job over exactly these folders, formats, model and tasks, if any: the one that running the same batch
     * again resumes.
     */
    public synchronized Optional<Job> find(Path input, Path output, String formats, String model, String tasks) throws SQLException {
        String in = input.toAbsolutePath().normalize().toString();
        String out = output.toAbsolutePath().normalize().toString();
        String m = model == null ? "" : model;
        return jobs().reversed().stream().filter(j -> Path.of(j.inputDir()).normalize().toString().equals(in)
                && Path.of(j.outputDir()).normalize().toString().equals(out) && j.formats().equals(formats)
                && j.model().equals(m) && j.tasks().equals(tasks)).findFirst();
    }

    /**
     * Holds job {@code id} for one run, so that two runs (two processes, or the GUI and a watcher) never work on it at
     * once: an OS lock on byte {@code id} of {@code <database>.lock}, released when the hold is closed or the process
     * dies. Empty when another run holds it.
     */
    public Optional<Hold> hold(long id) throws java.io.IOException {
        java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file.resolveSibling(file.getFileName() + ".lock"),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
        try {
            java.nio.channels.FileLock lock = ch.tryLock(id, 1, false);
            if (lock != null) {
                return Optional.of(ch::close);   // closing the channel releases the lock
            }
        } catch (java.nio.channels.OverlappingFileLockException e) {
            // held by another run in this process
        }
        ch.close();
        return Optional.empty();
    }

    /** A job held by one run ({@link #hold}). */
    public interface Hold extends AutoCloseable {
        @Override
        void close() throws java.io.IOException;
    }

    /** Adds files not yet in the job (idempotent). Returns how many were new. */
    public synchronized int addFiles(long jobId, List<Path> files) throws SQLException {
        int added = 0;
        db.setAutoCommit(false);
        try (PreparedStatement p = db.prepareStatement("INSERT OR IGNORE INTO files(job_id, path) VALUES (?,?)")) {
            for (Path f : files) {
                p.setLong(1, jobId);
                p.setString(2, f.toAbsolutePath().toString());
                added += p.executeUpdate();
            }
            db.commit();
        } finally {
            db.setAutoCommit(true);
        }
        return added;
    }

    /** Files a dead process left {@code running} go back to the queue. */
    public synchronized int requeueInterrupted(long jobId) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("UPDATE files SET state='queued' WHERE job_id=? AND state='running'")) {
            p.setLong(1, jobId);
            return p.executeUpdate();
        }
    }

    /**
     * Claims the next queued file (marks it running, counts the attempt), or empty when none is left. The query's
     * result set is closed before the update: an update under an open read would have to upgrade that read
     * transaction, which SQLite refuses at once (SQLITE_BUSY, no busy wait) when another process (a viewer opening
     * the store) wrote in between; the update re-checks the state, so the claim stays atomic.
     */
    public synchronized Optional<FileRow> claimNext(long jobId) throws SQLException {
        while (true) {
            long id;
            try (PreparedStatement p = db.prepareStatement("SELECT id FROM files WHERE job_id=? AND state='queued' ORDER BY id LIMIT 1")) {
                p.setLong(1, jobId);
                try (ResultSet r = p.executeQuery()) {
                    if (!r.next()) {
                        return Optional.empty();
                    }
                    id = r.getLong(1);
                }
            }
            try (PreparedStatement u = db.prepareStatement("UPDATE files SET state='running', attempts=attempts+1, "
                    + "updated=datetime('now') WHERE id=? AND state='queued'")) {
                u.setLong(1, id);
                if (u.executeUpdate() == 1) {
                    return file(id);
                }
            }
        }
    }

    public synchronized void markDone(long fileId, double audioSeconds, double computeSeconds) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("UPDATE files SET state='done', completions=completions+1, error=NULL, "
                + "audio_seconds=?, compute_seconds=?, updated=datetime('now') WHERE id=?")) {
            p.setDouble(1, audioSeconds);
            p.setDouble(2, computeSeconds);
            p.setLong(3, fileId);
            p.executeUpdate();
        }
    }

    public synchronized void markFailed(long fileId, String error) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("UPDATE files SET state='failed', error=?, updated=datetime('now') WHERE id=?")) {
            p.setString(1, error);
            p.setLong(2, fileId);
            p.executeUpdate();
        }
    }

    /** Returns one claimed file to the queue (its outputs could not be written). */
    public synchronized void requeueFile(long fileId) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("UPDATE files SET state='queued' WHERE id=?")) {
            p.setLong(1, fileId);
            p.executeUpdate();
        }
    }

    /** Puts failed files back in the queue (explicit retry). */
    public synchronized int retryFailed(long jobId) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("UPDATE files SET state='queued', error=NULL WHERE job_id=? AND state='failed'")) {
            p.setLong(1, jobId);
            return p.executeUpdate();
        }
    }

    public synchronized Optional<FileRow> file(long id) throws SQLException {
        List<FileRow> l = query("SELECT id, job_id, path, state, attempts, completions, error, audio_seconds, compute_seconds FROM files WHERE id=?", id);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.getFirst());
    }

    public synchronized List<FileRow> files(long jobId) throws SQLException {
        return query("SELECT id, job_id, path, state, attempts, completions, error, audio_seconds, compute_seconds FROM files WHERE job_id=? ORDER BY id", jobId);
    }

    private List<FileRow> query(String sql, long arg) throws SQLException {
        List<FileRow> out = new ArrayList<>();
        try (PreparedStatement p = db.prepareStatement(sql)) {
            p.setLong(1, arg);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(new FileRow(r.getLong(1), r.getLong(2), r.getString(3), r.getString(4), r.getInt(5), r.getInt(6),
                            r.getString(7), r.getDouble(8), r.getDouble(9)));
                }
            }
        }
        return out;
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException ignored) {
            // closing a connection that failed: nothing left to release
        }
    }
}
