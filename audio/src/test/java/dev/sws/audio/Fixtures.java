package dev.sws.audio;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Test fixtures on the class path. */
public final class Fixtures {
    private Fixtures() {
    }

    public static Path path(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing fixture " + name, e);
        }
    }

    public static Path golden(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/golden/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing golden file " + name, e);
        }
    }
}
