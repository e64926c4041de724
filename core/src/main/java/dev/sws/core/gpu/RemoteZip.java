package dev.sws.core.gpu;

import dev.sws.core.util.UserFacingException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * A ZIP archive (a jar on a Maven repository) read over HTTP with range requests: only the central directory
 * and the entries asked for are transferred, never the whole archive. The CUDA redistributable jars are 0.4-2 GB
 * each while the libraries ONNX Runtime needs from them are a fraction of that.
 *
 * <p>An entry's compressed bytes are appended to a {@code .part} file, so an interrupted transfer resumes where it
 * stopped; {@link #extract} then inflates it, checks the entry's CRC-32, and the caller checks the pinned SHA-256.
 */
public final class RemoteZip {

    private static final int EOCD_SIG = 0x06054b50;
    private static final int ZIP64_LOCATOR_SIG = 0x07064b50;
    private static final int ZIP64_EOCD_SIG = 0x06064b50;
    private static final int CEN_SIG = 0x02014b50;
    private static final int LOC_SIG = 0x04034b50;

    /** One file of the archive, from the central directory. */
    public record Entry(String name, int method, long crc, long compressedSize, long size, long localHeaderOffset) {}

    private final HttpClient http;
    private final URI uri;
    private final long length;
    private final Map<String, Entry> entries;

    private RemoteZip(HttpClient http, URI uri, long length, Map<String, Entry> entries) {
        this.http = http;
        this.uri = uri;
        this.length = length;
        this.entries = entries;
    }

    /** Reads the archive's directory (two small range requests). */
    public static RemoteZip open(HttpClient http, URI uri) throws IOException {
        long length = contentLength(http, uri);
        int tailLen = (int) Math.min(length, 65_557 + 20);
        ByteBuffer tail = le(get(http, uri, length - tailLen, tailLen));
        int eocd = -1;
        for (int i = tailLen - 22; i >= 0; i--) {
            if (tail.getInt(i) == EOCD_SIG) {
                eocd = i;
                break;
            }
        }
        if (eocd < 0) {
            throw new UserFacingException(uri + " is not a ZIP archive (no end-of-directory record); the repository serves something else under that name.");
        }
        long count = Short.toUnsignedLong(tail.getShort(eocd + 10));
        long cenSize = Integer.toUnsignedLong(tail.getInt(eocd + 12));
        long cenOffset = Integer.toUnsignedLong(tail.getInt(eocd + 16));
        if (eocd >= 20 && tail.getInt(eocd - 20) == ZIP64_LOCATOR_SIG) {
            long z64 = tail.getLong(eocd - 20 + 8);
            ByteBuffer rec = le(get(http, uri, z64, 56));
            if (rec.getInt(0) != ZIP64_EOCD_SIG) {
                throw new UserFacingException(uri + ": damaged ZIP64 directory.");
            }
            count = rec.getLong(32);
            cenSize = rec.getLong(40);
            cenOffset = rec.getLong(48);
        }
        if (cenOffset + cenSize > length || cenSize > Integer.MAX_VALUE) {
            throw new UserFacingException(uri + ": the ZIP directory lies outside the archive.");
        }
        ByteBuffer cen = le(get(http, uri, cenOffset, (int) cenSize));
        Map<String, Entry> entries = new HashMap<>();
        int p = 0;
        for (long i = 0; i < count; i++) {
            if (cen.getInt(p) != CEN_SIG) {
                throw new UserFacingException(uri + ": damaged ZIP directory at entry " + i + ".");
            }
            int method = Short.toUnsignedInt(cen.getShort(p + 10));
            long crc = Integer.toUnsignedLong(cen.getInt(p + 16));
            long csize = Integer.toUnsignedLong(cen.getInt(p + 20));
            long size = Integer.toUnsignedLong(cen.getInt(p + 24));
            int nameLen = Short.toUnsignedInt(cen.getShort(p + 28));
            int extraLen = Short.toUnsignedInt(cen.getShort(p + 30));
            int commentLen = Short.toUnsignedInt(cen.getShort(p + 32));
            long offset = Integer.toUnsignedLong(cen.getInt(p + 42));
            byte[] nameBytes = new byte[nameLen];
            cen.get(p + 46, nameBytes);
            // ZIP64 extended information: the fields that are 0xFFFFFFFF in the fixed part, in this order
            int x = p + 46 + nameLen;
            int xEnd = x + extraLen;
            while (x + 4 <= xEnd) {
                int id = Short.toUnsignedInt(cen.getShort(x));
                int sz = Short.toUnsignedInt(cen.getShort(x + 2));
                if (id == 1) {
                    int q = x + 4;
                    if (size == 0xFFFFFFFFL) { size = cen.getLong(q); q += 8; }
                    if (csize == 0xFFFFFFFFL) { csize = cen.getLong(q); q += 8; }
                    if (offset == 0xFFFFFFFFL) { offset = cen.getLong(q); }
                }
                x += 4 + sz;
            }
            String name = new String(nameBytes, StandardCharsets.UTF_8);
            entries.put(name, new Entry(name, method, crc, csize, size, offset));
            p = xEnd + commentLen;
        }
        return new RemoteZip(http, uri, length, entries);
    }

    public URI uri() {
        return uri;
    }

    public long length() {
        return length;
    }

    public Optional<Entry> entry(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    /**
     * Appends the entry's compressed bytes to {@code part}, starting after what it already holds (resume).
     *
     * @param progress receives the number of new bytes as they arrive
     * @param cancelled checked between blocks; when true the transfer stops and the part file stays for a resume
     */
    public void download(Entry e, Path part, LongConsumer progress, BooleanSupplier cancelled) throws IOException {
        // a CDN may take a minute to start serving a cold range of a 2 GB jar, and connections drop: retry, resuming
        for (int attempt = 1; ; attempt++) {
            try {
                downloadOnce(e, part, progress, cancelled);
                return;
            } catch (IOException ex) {
                if (ex instanceof java.io.InterruptedIOException || "interrupted".equals(ex.getMessage())) {
                    throw ex;
                }
                if (attempt >= RETRIES) {   // what was transferred stays in the part file
                    throw new UserFacingException(e.name() + ": the transfer from " + uri + " failed " + RETRIES + " times ("
                            + ex.getMessage() + "); run the install again to resume.", ex);
                }
            }
        }
    }

    private static final int RETRIES = 3;

    private void downloadOnce(Entry e, Path part, LongConsumer progress, BooleanSupplier cancelled) throws IOException {
        long dataStart = dataStart(e);
        long have = Files.exists(part) ? Files.size(part) : 0;
        if (have > e.compressedSize()) {
            Files.delete(part); // not ours or damaged: start over
            have = 0;
        }
        if (have == e.compressedSize()) {
            return;
        }
        long from = dataStart + have;
        long to = dataStart + e.compressedSize() - 1;
        HttpResponse<InputStream> r = send(http, range(uri, from, to), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body();
             OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            if (r.statusCode() != 206) {
                throw new UserFacingException(uri + " did not honour a range request (HTTP " + r.statusCode() + "); use a repository that supports resumable downloads (--repo or SWS_MAVEN_REPO).");
            }
            // never write past the entry's size, whatever the server sends or says (a 206 without Content-Length once
            // filled a disk with 419 MB for a 3.6 kB entry)
            long left = e.compressedSize() - have;
            byte[] buf = new byte[1 << 16];
            int n;
            while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
                out.write(buf, 0, n);
                left -= n;
                progress.accept(n);
                if (cancelled.getAsBoolean()) {
                    return;
                }
            }
            if (left == 0 && in.read() >= 0) {
                out.close();
                Files.deleteIfExists(part);   // what came with the extra bytes cannot be trusted either
                throw new UserFacingException(uri + " sent more than the " + (e.compressedSize() - have) + " bytes asked for "
                        + e.name() + " (a range request); use Maven Central or a mirror that serves ranges faithfully.");
            }
        }
    }

    /**
     * Inflates a complete part file to {@code target} (written whole or not at all) and checks the entry's CRC-32.
     * The part file is deleted either way (a damaged one must not be resumed).
     */
    public static void extract(Entry e, Path part, Path target) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            if (Files.size(part) != e.compressedSize()) {
                throw new UserFacingException(e.name() + ": transfer incomplete (" + Files.size(part) + " of " + e.compressedSize() + " bytes).");
            }
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            try (InputStream raw = Files.newInputStream(part);
                 InputStream in = e.method() == 0 ? raw : e.method() == 8
                         ? new java.util.zip.InflaterInputStream(raw, new java.util.zip.Inflater(true), 1 << 16)
                         : failMethod(e);
                 OutputStream out = Files.newOutputStream(tmp)) {
                byte[] buf = new byte[1 << 16];
                int n;
                long total = 0;
                while ((n = in.read(buf)) > 0) {
                    total += n;
                    if (total > e.size()) {   // a zip bomb stops at the size the directory declared
                        throw new UserFacingException(e.name() + ": damaged in transfer (it inflates past its declared "
                                + e.size() + " bytes).");
                    }
                    out.write(buf, 0, n);
                    crc.update(buf, 0, n);
                }
                if (total != e.size() || crc.getValue() != e.crc()) {
                    throw new UserFacingException(e.name() + ": damaged in transfer (CRC or size mismatch).");
                }
            } catch (java.util.zip.ZipException z) {
                throw new UserFacingException(e.name() + ": damaged in transfer (" + z.getMessage() + ").", z);
            }
            dev.sws.core.util.AtomicFiles.moveIntoPlace(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
            Files.deleteIfExists(part);
        }
    }

    private static InputStream failMethod(Entry e) throws IOException {
        throw new UserFacingException(e.name() + ": unsupported ZIP compression method " + e.method() + ".");
    }

    private long dataStart(Entry e) throws IOException {
        ByteBuffer loc = le(get(http, uri, e.localHeaderOffset(), 30));
        if (loc.getInt(0) != LOC_SIG) {
            throw new UserFacingException(uri + ": damaged local header of " + e.name() + ".");
        }
        return e.localHeaderOffset() + 30 + Short.toUnsignedInt(loc.getShort(26)) + Short.toUnsignedInt(loc.getShort(28));
    }

    private static long contentLength(HttpClient http, URI uri) throws IOException {
        HttpResponse<byte[]> r = send(http, range(uri, 0, 0), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() == 404) {
            throw new UserFacingException(uri + " was not found on the repository (HTTP 404).");
        }
        if (r.statusCode() != 206) {
            throw new UserFacingException(uri + " did not honour a range request (HTTP " + r.statusCode() + "); use a repository that supports resumable downloads (--repo or SWS_MAVEN_REPO).");
        }
        String cr = r.headers().firstValue("Content-Range").orElse("");
        int slash = cr.lastIndexOf('/');
        if (slash < 0 || cr.endsWith("*")) {
            throw new UserFacingException(uri + ": the server did not tell the archive's length.");
        }
        return Long.parseLong(cr.substring(slash + 1).strip());
    }

    private static byte[] get(HttpClient http, URI uri, long from, int len) throws IOException {
        HttpResponse<byte[]> r = send(http, range(uri, from, from + len - 1), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 206 || r.body().length != len) {
            throw new IOException(uri + ": range request failed (HTTP " + r.statusCode() + ", " + r.body().length + " of " + len + " bytes).");
        }
        return r.body();
    }

    private static HttpRequest range(URI uri, long from, long to) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(3)).header("Range", "bytes=" + from + "-" + to).GET().build();
    }

    private static <T> HttpResponse<T> send(HttpClient http, HttpRequest req, HttpResponse.BodyHandler<T> h) throws IOException {
        try {
            return http.send(req, h);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", ie);
        } catch (java.net.ConnectException | java.net.http.HttpConnectTimeoutException | java.nio.channels.UnresolvedAddressException ce) {
            throw new UserFacingException("Cannot reach " + req.uri().getHost() + " (" + ce.getClass().getSimpleName()
                    + "); check the network or use --repo with a Maven mirror you can reach.", ce);
        }
    }

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }
}
