package dev.sws.tts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sws.audio.PcmAudio;
import dev.sws.audio.io.AudioFiles;
import dev.sws.audio.io.WavWriter;
import dev.sws.core.util.AtomicFiles;
import dev.sws.core.util.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Saved voices, one folder each under the voices folder: {@code voice.json} and {@code reference.wav}. Writes are
 * atomic (a voice appears whole or not at all). Built-in voices (read-only) come from the model's {@code voices/}.
 */
public final class VoiceStore {

    private final Path userDir;
    private final List<Path> builtIn;

    public VoiceStore(Path userDir, List<Path> builtInDirs) {
        this.userDir = userDir;
        this.builtIn = List.copyOf(builtInDirs);
    }

    /** A voice and where its reference clip lives. */
    public record Entry(Voice voice, Path reference, boolean builtIn) {
    }

    public List<Entry> list() {
        List<Entry> out = new ArrayList<>();
        for (Path dir : builtIn) {
            scan(dir, true, out);
        }
        scan(userDir, false, out);
        out.sort(Comparator.comparing((Entry e) -> !e.builtIn()).thenComparing(e -> e.voice().name().toLowerCase()));
        return out;
    }

    public Optional<Entry> find(String name) {
        return list().stream().filter(e -> e.voice().name().equalsIgnoreCase(name)).findFirst();
    }

    private static void scan(Path dir, boolean builtIn, List<Entry> out) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path d : s.sorted().toList()) {
                Path json = d.resolve("voice.json");
                Path wav = d.resolve("reference.wav");
                if (Files.isRegularFile(json) && Files.isRegularFile(wav)) {
                    try {
                        out.add(new Entry(read(json), wav, builtIn));
                    } catch (RuntimeException | IOException e) {
                        // a damaged voice folder is skipped, never fatal; the log says which
                        java.util.logging.Logger.getLogger(VoiceStore.class.getName())
                                .warning("Skipping voice " + d + ": " + e.getMessage());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list voices in " + dir, e);
        }
    }

    /** Saves a voice (reference audio at the model's rate); fails if the name is taken. */
    public Entry save(Voice v, PcmAudio reference) throws IOException {
        if (find(v.name()).isPresent()) {
            throw new IllegalArgumentException("A voice named \"" + v.name() + "\" already exists.");
        }
        Path tmp = Files.createDirectories(userDir).resolve("." + v.name() + ".tmp");
        try {
            deleteTree(tmp);
            Files.createDirectories(tmp);
            WavWriter.write(tmp.resolve("reference.wav"), reference);
            AtomicFiles.writeString(tmp.resolve("voice.json"), Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(toJson(v)));
            Path dir = userDir.resolve(v.name());
            if (Files.exists(dir)) {
                setAside(dir);   // not a voice the store can read (find() did not list it): damaged, and in the way
            }
            Files.move(tmp, dir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return new Entry(v, dir.resolve("reference.wav"), false);
        } finally {
            deleteTree(tmp);   // whatever happened, no half-made voice is left behind
        }
    }

    /** Moves a damaged voice folder to {@code .broken/NAME-TIMESTAMP} beside the voices, keeping its files; returns where. */
    private Path setAside(Path dir) throws IOException {
        Path aside = dev.sws.core.util.SetAside.into(dir, userDir.resolve(".broken"));
        java.util.logging.Logger.getLogger(VoiceStore.class.getName()).warning("The damaged voice folder " + dir
                + " was set aside as " + aside);
        return aside;
    }

    public void remove(String name) throws IOException {
        Optional<Entry> found = find(name);
        if (found.isEmpty()) {
            // a damaged voice is not listed, but must not be stuck: its folder of that name goes too
            Path dir = userDir.resolve(name).normalize();
            if (!name.isBlank() && dir.getParent() != null && dir.getParent().equals(userDir.normalize())
                    && !dir.getFileName().toString().startsWith(".") && Files.isDirectory(dir)) {
                Path trash = dir.resolveSibling("." + dir.getFileName() + ".removing");
                Files.move(dir, trash, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                deleteTree(trash);
                return;
            }
        }
        Entry e = found.orElseThrow(() -> new IllegalArgumentException("There is no voice named \"" + name + "\"."));
        if (e.builtIn()) {
            throw new IllegalArgumentException("\"" + name + "\" is a built-in voice of the model and cannot be removed.");
        }
        Path dir = e.reference().getParent();
        Path trash = dir.resolveSibling("." + dir.getFileName() + ".removing");
        Files.move(dir, trash, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        deleteTree(trash);
    }

    /**
     * Renames the saved voice {@code from} to {@code to} (its folder and its record; the reference and consent stay).
     * Fails with a sentence for a built-in voice, an unknown voice, an invalid name or a name already taken.
     */
    public Entry rename(String from, String to) throws IOException {
        Entry e = find(from).orElseThrow(() -> new IllegalArgumentException("There is no voice named \"" + from + "\"."));
        if (e.builtIn()) {
            throw new IllegalArgumentException("\"" + from + "\" is a built-in voice of the model and cannot be renamed.");
        }
        Voice old = e.voice();
        Voice renamed = new Voice(to == null ? null : to.strip(), old.transcript(), old.consent(), old.embedding(),
                old.sources(), old.quality(), old.created());   // checks the new name
        Optional<Entry> taken = find(renamed.name());
        if (taken.isPresent() && !taken.get().reference().equals(e.reference())) {
            throw new IllegalArgumentException("A voice named \"" + renamed.name() + "\" already exists.");
        }
        Path dir = e.reference().getParent();
        Path target = userDir.resolve(renamed.name());
        if (!dir.equals(target)) {
            if (Files.exists(target) && !Files.isSameFile(dir, target)) {
                setAside(target);   // not a readable voice (find() did not list it): damaged, and in the way
            }
            Path step = dir.resolveSibling("." + dir.getFileName() + ".renaming");   // case-only renames need a step
            Files.move(dir, step, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            Files.move(step, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        try {
            AtomicFiles.writeString(target.resolve("voice.json"),
                    Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(toJson(renamed)));
        } catch (IOException ex) {
            if (!dir.equals(target)) {
                Files.move(target, dir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);   // as it was
            }
            throw ex;
        }
        return new Entry(renamed, target.resolve("reference.wav"), false);
    }

    public static PcmAudio readReference(Entry e, int sampleRate) {
        return AudioFiles.read(e.reference(), sampleRate);
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    static ObjectNode toJson(Voice v) {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("name", v.name());
        o.put("transcript", v.transcript());
        ObjectNode c = o.putObject("consent");
        c.put("speaker", v.consent().speaker());
        c.put("purpose", v.consent().purpose());
        c.put("date", v.consent().date());
        c.put("confirmed", v.consent().confirmed());
        ArrayNode e = o.putArray("embedding");
        for (float x : v.embedding()) {
            e.add(x);
        }
        v.sources().forEach(o.putArray("sources")::add);
        v.quality().forEach(o.putArray("quality")::add);
        o.put("created", v.created().toString());
        return o;
    }

    static Voice read(Path json) throws IOException {
        JsonNode j = Json.mapper().readTree(json.toFile());
        JsonNode c = j.path("consent");
        float[] emb = new float[j.path("embedding").size()];
        for (int i = 0; i < emb.length; i++) {
            emb[i] = (float) j.path("embedding").get(i).asDouble();
        }
        List<String> sources = new ArrayList<>();
        j.path("sources").forEach(n -> sources.add(n.asText()));
        List<String> quality = new ArrayList<>();
        j.path("quality").forEach(n -> quality.add(n.asText()));
        return new Voice(j.path("name").asText(), j.path("transcript").asText(),
                new Voice.Consent(c.path("speaker").asText(), c.path("purpose").asText(), c.path("date").asText(),
                        c.path("confirmed").asBoolean()), emb, sources, quality,
                Instant.parse(j.path("created").asText("1970-01-01T00:00:00Z")));
    }
}
