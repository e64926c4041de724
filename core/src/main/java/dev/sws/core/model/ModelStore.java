package dev.sws.core.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sws.core.util.AtomicFiles;
import dev.sws.core.util.Hashing;
import dev.sws.core.util.Json;
import dev.sws.core.util.UserFacingException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Models on disk: the ones shipped with the application ({@code models/}, read-only) and the user's own (XDG data
 * folder). Each model is a folder with a {@code manifest.json}; files are verified against their SHA-256 before
 * first use, and imports are validated against the format's contract before they become visible.
 */
public final class ModelStore {

    private static final Logger LOG = Logger.getLogger(ModelStore.class.getName());
    public static final String MANIFEST = "manifest.json";
    /** Refuse archives that expand beyond this (zip bombs). */
    private static final long MAX_IMPORT_BYTES = 8L << 30;

    private final Path embedded;
    private final Path user;
    private final List<ModelValidator> validators;
    private final ObjectMapper mapper = Json.mapper();
    private static final long RACY_MILLIS = 2_000;
    private final Map<Path, String> verifiedStamp = new ConcurrentHashMap<>();

    private final List<String> notices = new java.util.concurrent.CopyOnWriteArrayList<>();

    public ModelStore(Path embedded, Path user, List<ModelValidator> validators) {
        this.embedded = embedded;
        this.user = user;
        this.validators = List.copyOf(validators);
        setAsideBroken();
    }

    /** What opening the store had to do that the user should hear of (damaged model folders set aside). */
    public List<String> notices() {
        return List.copyOf(notices);
    }

    /**
     * A user model folder whose manifest cannot be read would be invisible (not listed) yet in the way (its id taken,
     * not removable by id): it is moved to {@code .broken/} in the user folder, with a sentence saying where.
     */
    private void setAsideBroken() {
        if (user == null || !Files.isDirectory(user)) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(user)) {
            for (Path dir : ds) {
                if (dir.getFileName().toString().startsWith(".") || !Files.isDirectory(dir)) {
                    continue;
                }
                Path mf = dir.resolve(MANIFEST);
                String problem = null;
                if (!Files.isRegularFile(mf)) {
                    problem = "it has no manifest.json";
                } else {
                    try {
                        mapper.readValue(mf.toFile(), ModelManifest.class);
                    } catch (IOException | RuntimeException e) {
                        problem = "its manifest.json cannot be read";
                    }
                }
                if (problem != null) {
                    Path aside = dev.sws.core.util.SetAside.into(dir, user.resolve(".broken"));
                    String said = "The model folder " + dir + " was set aside (" + problem + "): it is now " + aside
                            + "; import the model again to use it.";
                    LOG.warning(said);
                    notices.add(said);
                }
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot check the user models in " + user, e);
        }
    }

    public Path embeddedDir() {
        return embedded;
    }

    public Path userDir() {
        return user;
    }

    /** All models, user models first (a user model with the same id shadows an embedded one). */
    public List<InstalledModel> list() {
        List<InstalledModel> out = new ArrayList<>();
        scan(user, false, out);
        scan(embedded, true, out);
        List<InstalledModel> unique = new ArrayList<>();
        for (InstalledModel m : out) {
            if (unique.stream().noneMatch(u -> u.id().equals(m.id()))) {
                unique.add(m);
            }
        }
        unique.sort(Comparator.comparing((InstalledModel m) -> m.manifest().task()).thenComparing(InstalledModel::id));
        return unique;
    }

    public Optional<InstalledModel> find(String id) {
        return list().stream().filter(m -> m.id().equals(id)).findFirst();
    }

    /** Loads something from an installed model; empty when the model holds nothing of the kind. */
    @FunctionalInterface
    public interface Loader<T> {
        Optional<T> load(InstalledModel m) throws IOException;
    }

    /** The first installed model of {@code task} that loads; one that fails is logged (as {@code what}) and skipped. */
    public <T> Optional<T> firstUsable(String task, String what, Loader<T> loader) {
        for (InstalledModel m : list()) {
            if (m.manifest().task().equals(task)) {
                try {
                    Optional<T> t = loader.load(m);
                    if (t.isPresent()) {
                        return t;
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.warning(what + " " + m.id() + " unusable: " + e.getMessage());
                }
            }
        }
        return Optional.empty();
    }

    /** The model to use for {@code task}: {@code preferredId} if given and present, else the first of the task. */
    public Optional<InstalledModel> defaultFor(String task, String preferredId) {
        if (preferredId != null && !preferredId.isBlank()) {
            return find(preferredId).filter(m -> m.manifest().task().equals(task));
        }
        List<InstalledModel> all = list().stream().filter(m -> m.manifest().task().equals(task)).toList();
        // a manifest may flag itself as the task default in its card
        return all.stream().filter(m -> Boolean.TRUE.equals(m.manifest().card().get("default"))).findFirst()
                .or(() -> all.stream().findFirst());
    }

    /** The model with {@code id}, verified (checksums) before it is handed out; throws a clear error otherwise. */
    public InstalledModel require(String id) {
        InstalledModel m = find(id).orElseThrow(() -> new UserFacingException(
                "No model named '" + id + "' is installed; see 'sws models list'."));
        List<String> problems = verify(m);
        if (!problems.isEmpty()) {
            throw new ModelContractException("Model '" + id + "' is damaged: " + problems.getFirst()
                    + " Re-import it or restore the file.");
        }
        return m;
    }

    /**
     * Checks every file's presence, size and SHA-256 (and the format contract, if a validator knows it).
     * Returns the problems found, empty when the model is intact. Results are cached per file modification time.
     */
    public List<String> verify(InstalledModel m) {
        List<String> problems = new ArrayList<>();
        if (m.manifest().files().isEmpty()) {
            problems.add("its manifest lists no files.");
        }
        for (ModelManifest.FileEntry f : m.manifest().files()) {
            Path p = m.dir().resolve(f.path()).normalize();
            if (!p.startsWith(m.dir())) {
                problems.add("file " + f.path() + " points outside the model folder.");
                continue;
            }
            try {
                if (!Files.isRegularFile(p)) {
                    problems.add("file " + f.path() + " is missing.");
                    continue;
                }
                long size = Files.size(p);
                if (size != f.size()) {
                    problems.add("file " + f.path() + " has " + size + " bytes, expected " + f.size() + ".");
                    continue;
                }
                long mtime = Files.getLastModifiedTime(p).toMillis();
                String stamp = size + "@" + mtime + "#" + f.sha256();
                if (stamp.equals(verifiedStamp.get(p))) {
                    continue;
                }
                String actual = Hashing.sha256(p);
                if (!actual.equalsIgnoreCase(f.sha256())) {
                    problems.add("file " + f.path() + " fails its SHA-256 check.");
                } else if (System.currentTimeMillis() - mtime > RACY_MILLIS) {
                    // a file modified within the timestamp granularity could change again under the same stamp
                    // ("racy git"): only settled files are cached
                    verifiedStamp.put(p, stamp);
                }
            } catch (IOException e) {
                problems.add("file " + f.path() + " cannot be read (" + e.getMessage() + ").");
            }
        }
        if (problems.isEmpty()) {
            try {
                validatorFor(m.manifest().format()).ifPresent(v -> v.validate(m.dir(), m.manifest()));
            } catch (ModelContractException e) {
                problems.add(e.getMessage());
            }
        }
        return problems;
    }

    /**
     * Imports a model folder or {@code .zip} into the user folder. Archives are checked for path traversal
     * ("zip slip") and size; folders without a manifest are recognised by the validators (e.g. a sherpa-onnx
     * NeMo export) and get a generated one. The model is validated before it becomes visible; on any failure
     * nothing is left behind.
     *
     * @param source a folder or zip file
     * @param id     the id to give it, or null to use the manifest's or the folder's name
     */
    public InstalledModel importModel(Path source, String id) throws IOException {
        if (!Files.exists(source)) {
            throw new UserFacingException("Cannot import " + source + ": it does not exist.");
        }
        Files.createDirectories(user);
        removeAbandonedImports();
        Path staging;
        do {
            staging = user.resolve(".import-" + Long.toUnsignedString(new java.security.SecureRandom().nextLong(), 36));
        } while (Files.exists(staging) || Files.exists(lockOf(staging)));
        // held while this import runs: a later import can tell a live staging folder from one a killed process left.
        // Locked before the folder exists, so no other import ever sees the folder unlocked and takes it for abandoned.
        // The folder is also deleted while the lock is held: once it is released the folder looks abandoned.
        try (java.nio.channels.FileChannel lockFile = java.nio.channels.FileChannel.open(lockOf(staging),
                java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
             java.nio.channels.FileLock held = lockFile.lock()) {
            try {
                Files.createDirectory(staging);
                return importInto(staging, source, id);
            } finally {
                deleteTree(staging);
            }
        } finally {
            Files.deleteIfExists(lockOf(staging));
        }
    }

    /** The lock file a running import holds beside its staging folder. */
    private static Path lockOf(Path staging) {
        return staging.resolveSibling(staging.getFileName() + ".lock");
    }

    /**
     * Deletes the staging folders of imports whose process is gone (killed mid-copy: a 2.7 GB folder stayed behind):
     * each live import holds a lock on {@code .import-X.lock}; one that can be locked here has no owner.
     */
    private void removeAbandonedImports() throws IOException {
        List<Path> staged;
        try (var s = Files.list(user)) {
            staged = s.filter(p -> p.getFileName().toString().startsWith(".import-") && Files.isDirectory(p)).toList();
        }
        for (Path dir : staged) {
            Path lock = lockOf(dir);
            try {
                if (abandoned(dir, lock)) {
                    LOG.info("removing the staging folder of an interrupted model import: " + dir);
                    deleteTree(dir);
                    Files.deleteIfExists(lock);
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                // cleaning up after another import is best effort; this import does not depend on it
                LOG.log(Level.FINE, "could not remove " + dir, e);
            }
        }
    }

    /**
     * Whether no import owns the staging folder {@code dir}: its lock can be taken, or it has none (an import takes its
     * lock file before its folder exists and removes it last, so the folder was left by a killed import of the earlier
     * layout, or finished meanwhile). The lock file is never created here.
     */
    private static boolean abandoned(Path dir, Path lock) throws IOException {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(lock, java.nio.file.StandardOpenOption.WRITE);
             java.nio.channels.FileLock free = ch.tryLock()) {
            return free != null;
        } catch (java.nio.file.NoSuchFileException noLock) {
            return Files.isDirectory(dir) && !Files.exists(lock);
        } catch (java.nio.channels.OverlappingFileLockException inThisProcess) {
            return false;   // an import of this process is running there
        }
    }

    private InstalledModel importInto(Path staging, Path source, String id) throws IOException {
        Path root;
        if (Files.isDirectory(source)) {
            copyTree(source, staging);
            root = staging;
        } else if (source.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
            unzip(source, staging);
            root = singleChildOrSelf(staging);
        } else {
            throw new UserFacingException("Cannot import " + source.getFileName() + ": choose a model folder or a .zip file.");
        }
        ModelManifest manifest = readOrCreateManifest(root, id != null ? id : baseName(source));
        if (id != null) {
            manifest = manifest.withId(sanitizeId(id));
        }
        ModelValidator validator = validatorFor(manifest.format()).orElse(null);
        if (validator != null) {
            validator.validate(root, manifest);
        }
        InstalledModel candidate = new InstalledModel(manifest, root, false);
        List<String> problems = verify(candidate);
        if (!problems.isEmpty()) {
            throw new ModelContractException("Model '" + manifest.id() + "' cannot be imported: " + problems.getFirst());
        }
        Path target = user.resolve(manifest.id());
        String taken = "A model named '" + manifest.id() + "' is already installed; remove it first or import under another name.";
        if (Files.exists(target)) {
            throw new UserFacingException(taken);
        }
        AtomicFiles.writeString(root.resolve(MANIFEST), mapper.writeValueAsString(manifest));
        try {
            Files.move(root, target);
        } catch (java.nio.file.FileSystemException e) {
            if (Files.exists(target)) {   // another import of the same name finished first ("Directory not empty")
                throw new UserFacingException(taken);
            }
            throw e;
        }
        return new InstalledModel(manifest, target, false);
    }

    /** Removes a user model. Embedded models cannot be removed. */
    public void remove(String id) throws IOException {
        InstalledModel m = find(id).orElseThrow(() -> new UserFacingException("No model named '" + id + "' is installed."));
        if (m.embedded()) {
            throw new UserFacingException("Model '" + id + "' ships with the application and cannot be removed.");
        }
        deleteTree(m.dir());
    }

    /** Bytes used by user models. */
    public long userDiskUsage() {
        return list().stream().filter(m -> !m.embedded()).mapToLong(InstalledModel::sizeBytes).sum();
    }

    /** Writes a manifest for the files in {@code dir} (computes sizes and SHA-256). */
    public static ModelManifest describeFiles(Path dir, ModelManifest base) throws IOException {
        List<ModelManifest.FileEntry> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                String rel = dir.relativize(p).toString().replace('\\', '/');
                if (rel.equals(MANIFEST) || rel.startsWith(".")) {
                    continue;
                }
                files.add(new ModelManifest.FileEntry(rel, Hashing.sha256(p), Files.size(p)));
            }
        }
        return base.withFiles(files);
    }

    public Optional<ModelValidator> validatorFor(String format) {
        return validators.stream().filter(v -> v.formats().contains(format)).findFirst();
    }

    private ModelManifest readOrCreateManifest(Path root, String fallbackId) throws IOException {
        Path mf = root.resolve(MANIFEST);
        if (Files.isRegularFile(mf)) {
            try {
                return mapper.readValue(mf.toFile(), ModelManifest.class);
            } catch (com.fasterxml.jackson.core.JacksonException e) {
                throw new ModelContractException("The model's manifest.json is not valid: " + e.getOriginalMessage(), e);
            }
        }
        for (ModelValidator v : validators) {
            Optional<ModelValidator.Detected> d = v.detect(root);
            if (d.isPresent()) {
                ModelManifest base = new ModelManifest(sanitizeId(fallbackId), fallbackId, d.get().task(), d.get().format(),
                        "imported", d.get().sampleRate(), "see the model's source", "imported from " + fallbackId,
                        "Imported by the user", null, null, null);
                return describeFiles(root, base);
            }
        }
        throw new ModelContractException("The folder has no manifest.json and is not a recognised model layout "
                + "(expected e.g. encoder.onnx, decoder.onnx, joiner.onnx and tokens.txt, or model.onnx and tokens.txt).");
    }

    static String sanitizeId(String raw) {
        String s = raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-").replaceAll("^[^a-z0-9]+", "");
        if (s.isEmpty()) {
            s = "model";
        }
        return s.length() > 80 ? s.substring(0, 80) : s;
    }

    private static String baseName(Path p) {
        String n = p.getFileName().toString();
        return n.toLowerCase(Locale.ROOT).endsWith(".zip") ? n.substring(0, n.length() - 4) : n;
    }

    private void scan(Path root, boolean isEmbedded, List<InstalledModel> out) {
        if (root == null || !Files.isDirectory(root)) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
            for (Path dir : ds) {
                if (dir.getFileName().toString().startsWith(".")) {
                    continue;
                }
                Path mf = dir.resolve(MANIFEST);
                if (Files.isRegularFile(mf)) {
                    try {
                        out.add(new InstalledModel(mapper.readValue(mf.toFile(), ModelManifest.class), dir.toAbsolutePath().normalize(), isEmbedded));
                    } catch (IOException | RuntimeException e) {
                        LOG.log(Level.WARNING, "ignoring model folder with unreadable manifest: " + dir, e);
                    }
                }
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot list models in " + root, e);
        }
    }

    /** Extracts {@code zip} below {@code dest}, refusing entries that escape it and archives that expand too far. */
    static void unzip(Path zip, Path dest) throws IOException {
        Path root = dest.toAbsolutePath().normalize();
        long total = 0;
        int entries = 0;
        try (InputStream fin = Files.newInputStream(zip); ZipInputStream zin = new ZipInputStream(fin)) {
            ZipEntry e;
            byte[] buf = new byte[1 << 16];
            while ((e = zin.getNextEntry()) != null) {
                entries++;
                Path out = root.resolve(e.getName()).normalize();
                if (!out.startsWith(root) || out.equals(root)) {
                    throw new UserFacingException("The archive " + zip.getFileName() + " contains an unsafe path ('"
                            + e.getName() + "') and was not imported.");
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                try (var os = Files.newOutputStream(out)) {
                    for (int n; (n = zin.read(buf)) > 0; ) {
                        total += n;
                        if (total > MAX_IMPORT_BYTES) {
                            throw new UserFacingException("The archive " + zip.getFileName() + " expands beyond 8 GiB and was not imported.");
                        }
                        os.write(buf, 0, n);
                    }
                }
            }
        } catch (java.util.zip.ZipException ze) {
            throw new UserFacingException("The file " + zip.getFileName() + " is not a valid zip archive.", ze);
        }
        if (entries == 0) {   // a text file renamed .zip reads as an archive with nothing in it
            throw new UserFacingException("The file " + zip.getFileName() + " is not a zip archive, or an empty one: "
                    + "nothing was imported.");
        }
    }

    private static Path singleChildOrSelf(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> children = s.toList();
            if (children.size() == 1 && Files.isDirectory(children.getFirst())) {
                return children.getFirst();
            }
        }
        return dir;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(d).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                if (!a.isSymbolicLink()) {
                    Files.copy(f, to.resolve(from.relativize(f).toString()));
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
