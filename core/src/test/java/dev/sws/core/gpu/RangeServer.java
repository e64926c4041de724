package dev.sws.core.gpu;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real HTTP server over a folder laid out like a Maven repository, with range requests (like Maven Central),
 * and three faults to order: drop the connection after some body bytes, ignore ranges, or answer a large range with
 * more bytes than asked for and no Content-Length (a hostile or broken mirror).
 */
final class RangeServer implements AutoCloseable {

    private final HttpServer server;
    final AtomicLong bodyBytes = new AtomicLong();
    /** When > 0, the next body larger than this is cut after this many bytes (once). */
    final AtomicLong cutAfter = new AtomicLong();
    final AtomicBoolean ignoreRanges = new AtomicBoolean();
    /** When > 0, ranges over 70 kB (entry data, not the zip directory) get this many extra bytes, chunked. */
    final AtomicLong overSend = new AtomicLong();

    RangeServer(Path root) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            try (ex) {
                serve(root, ex);
            }
        });
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/maven2/");
    }

    private void serve(Path root, HttpExchange ex) throws IOException {
        Path f = root.resolve(ex.getRequestURI().getPath().substring("/maven2/".length())).normalize();
        if (!f.startsWith(root) || !Files.isRegularFile(f)) {
            ex.sendResponseHeaders(404, -1);
            return;
        }
        byte[] all = Files.readAllBytes(f);
        String range = ex.getRequestHeaders().getFirst("Range");
        long from = 0;
        long to = all.length - 1;
        int status = 200;
        if (range != null && !ignoreRanges.get()) {
            String[] r = range.substring("bytes=".length()).split("-");
            from = Long.parseLong(r[0]);
            to = r.length > 1 && !r[1].isEmpty() ? Math.min(Long.parseLong(r[1]), all.length - 1) : all.length - 1;
            status = 206;
            ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + to + "/" + all.length);
        }
        int len = (int) (to - from + 1);
        long extra = overSend.get();
        if (status == 206 && extra > 0 && len > 70_000) {
            ex.sendResponseHeaders(status, 0);   // chunked: no Content-Length
            try (OutputStream out = ex.getResponseBody()) {
                out.write(all, (int) from, len);
                byte[] junk = new byte[64 * 1024];
                for (long sent = 0; sent < extra; sent += junk.length) {
                    out.write(junk);
                }
                bodyBytes.addAndGet(len + extra);
            } catch (IOException clientStopped) {
                // the client hung up once it had what it asked for: that is the point
            }
            return;
        }
        ex.sendResponseHeaders(status, len);
        long cut = cutAfter.get();
        try (OutputStream out = ex.getResponseBody()) {
            if (cut > 0 && len > cut && cutAfter.compareAndSet(cut, 0)) {
                out.write(all, (int) from, (int) cut);
                out.flush();
                bodyBytes.addAndGet(cut);
                ex.getHttpContext().getServer(); // keep the exchange open until we abort it below
                throw new IOException("connection cut by the test");
            }
            out.write(all, (int) from, len);
            bodyBytes.addAndGet(len);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
