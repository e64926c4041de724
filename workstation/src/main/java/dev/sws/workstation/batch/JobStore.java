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

    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(JobStore.class.getName());

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

    /**
     * One file of a job. {@code inputSize} and {@code inputModified} (epoch ms) are the input as it was when the file was
     * last done, -1 when unknown: a done file whose input changed since is done again.
     */
    public record FileRow(long id, long jobId, String path, String state, int attempts, int completions, String error,
                          double audioSeconds, double computeSeconds, long inputSize, long inputModified) {
    }

    private final Connection db;
    private final Path file;
    private final String notice;

    /**
     * Opens (or creates) the store. A damaged database (not SQLite, or failing SQLite's quick check) is set aside as
     * {@code NAME.bad-TIMESTAMP} with its journal files and a new one is started: {@link #notice()} says so.
     */
    public JobStore(Path file) {
        this.file = file.toAbsolutePath();
        String said = null;
        Connection c = null;
        try {
            Files.createDirectories(this.file.getParent());
            String wrong;   // what is wrong with the file, or null when it is healthy
            try {
                c = open(this.file, System.nanoTime() + 10_000_000_000L);
                wrong = healthy(c) ? null : "it failed SQLite's integrity check";
                if (wrong != null) {
                    c.close();
                }
            } catch (SQLException e) {
                if (c != null) {
                    c.close();   // the check itself failed on a connection that opened
                }
                wrong = damage(e);
                if (wrong == null) {
                    throw e;
                }
            }
            if (wrong != null) {
                Path bad = setAside(this.file);
                said = "The job database " + this.file + " was damaged (" + wrong + "); it was moved to "
                        + bad.getFileName() + " and a new one started, so earlier jobs are not listed: run a folder's "
                        + "batch again to redo it.";
                LOG.warning(said);
                c = open(this.file, System.nanoTime() + 10_000_000_000L);
            }
        } catch (Exception e) {
            throw new UserFacingException("Cannot open the job database " + file + ": " + e.getMessage(), e);
        }
        this.db = c;
        this.notice = said;
    }

    /** What opening the store had to do that the user should hear of (a damaged database set aside), if anything. */
    public Optional<String> notice() {
        return Optional.ofNullable(notice);
    }

    private static boolean healthy(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA quick_check")) {
            return r.next() && "ok".equals(r.getString(1));
        }
    }

    /** What SQLite's error says is wrong with the file (not a database, broken pages), or null for other errors. */
    private static String damage(SQLException e) {
        if (e instanceof org.sqlite.SQLiteException l) {
            int code = l.getResultCode().code & 0xff;
            if (code == org.sqlite.SQLiteErrorCode.SQLITE_NOTADB.code) {
                return "it is not an SQLite database";
            }
            if (code == org.sqlite.SQLiteErrorCode.SQLITE_CORRUPT.code) {
                return "SQLite found broken pages in it";
            }
        }
        return null;
    }

    /** The database and its journal files moved aside together. */
    private static Path setAside(Path file) throws java.io.IOException {
        Path bad = dev.sws.core.util.SetAside.beside(file);
        for (String journal : new String[]{"-wal", "-shm"}) {
            Path j = file.resolveSibling(file.getFileName() + journal);
            if (Files.exists(j)) {
                Files.move(j, bad.resolveSibling(bad.getFileName() + journal));
            }
        }
        return bad;
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
        if (!hasColumn(s, "jobs", "tasks")) {
            s.execute("ALTER TABLE jobs ADD COLUMN tasks TEXT NOT NULL DEFAULT 'transcribe'");
        }
        // stores from before outputs were bound to their inputs: unknown (-1), so only missing outputs redo a file
        if (!hasColumn(s, "files", "input_size")) {
            s.execute("ALTER TABLE files ADD COLUMN input_size INTEGER NOT NULL DEFAULT -1");
            s.execute("ALTER TABLE files ADD COLUMN input_modified INTEGER NOT NULL DEFAULT -1");
        }
    }

    private static boolean hasColumn(Statement s, String table, String column) throws SQLException {
        try (ResultSet r = s.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (r.next()) {
                if (column.equals(r.getString("name"))) {
                    return true;
                }
            }
        }
        return false;
    }

    public synchronized Job createJob(Path input, Path output, String formats, String model) throws SQLException {
        return createJob(input, output, formats, model, "transcribe");
    }

    public synchronized Job createJob(Path input, Path output, String formats, String model, String tasks) throws SQLException {
        // an output folder belongs to one input folder: two jobs writing into it would mix outputs of different inputs
        // under one name (a.txt of one folder, a.json of another); jobs of the same input agree on the names
        String in = input.toAbsolutePath().normalize().toString();
        String out = output.toAbsolutePath().normalize().toString();
        for (Job j : jobs()) {
            if (Path.of(j.outputDir()).toAbsolutePath().normalize().toString().equals(out)
                    && !Path.of(j.inputDir()).toAbsolutePath().normalize().toString().equals(in)) {
                throw new UserFacingException("The output folder " + out + " already holds the outputs of batch job "
                        + j.id() + " (from " + j.inputDir() + "); choose another output folder for " + in + ".");
            }
        }
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
        markDone(fileId, audioSeconds, computeSeconds, -1, -1);
    }

    /** Done, with the input's size and modification time (epoch ms) as they were when its processing began. */
    public synchronized void markDone(long fileId, double audioSeconds, double computeSeconds, long inputSize,
                                      long inputModified) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("UPDATE files SET state='done', completions=completions+1, error=NULL, "
                + "audio_seconds=?, compute_seconds=?, input_size=?, input_modified=?, updated=datetime('now') WHERE id=?")) {
            p.setDouble(1, audioSeconds);
            p.setDouble(2, computeSeconds);
            p.setLong(3, inputSize);
            p.setLong(4, inputModified);
            p.setLong(5, fileId);
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
        List<FileRow> l = query("SELECT id, job_id, path, state, attempts, completions, error, audio_seconds, compute_seconds, input_size, input_modified FROM files WHERE id=?", id);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.getFirst());
    }

    public synchronized List<FileRow> files(long jobId) throws SQLException {
        return query("SELECT id, job_id, path, state, attempts, completions, error, audio_seconds, compute_seconds, input_size, input_modified FROM files WHERE job_id=? ORDER BY id", jobId);
    }

    private List<FileRow> query(String sql, long arg) throws SQLException {
        List<FileRow> out = new ArrayList<>();
        try (PreparedStatement p = db.prepareStatement(sql)) {
            p.setLong(1, arg);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(new FileRow(r.getLong(1), r.getLong(2), r.getString(3), r.getString(4), r.getInt(5), r.getInt(6),
                            r.getString(7), r.getDouble(8), r.getDouble(9), r.getLong(10), r.getLong(11)));
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
