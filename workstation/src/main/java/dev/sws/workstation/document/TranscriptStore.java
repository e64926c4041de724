package dev.sws.workstation.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sws.asr.Transcript;
import dev.sws.asr.export.TranscriptExporter;
import dev.sws.asr.export.TranscriptFormat;
import dev.sws.core.util.AtomicFiles;
import dev.sws.core.util.Hashing;
import dev.sws.core.util.Json;
import dev.sws.core.util.SetAside;
import dev.sws.core.util.UserFacingException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Keeps transcript documents in the app's data folder ({@code transcripts/}), one per audio file, and the list of
 * recently opened files. A document is written atomically (a crash leaves the previous save or the new one), so an
 * edit saved is an edit kept; reopening the audio brings the document back with its edits and speaker labels.
 *
 * <p>Why the data folder and not beside the audio: audio often sits on read-only media, shared folders or in
 * folders the user does not want littered (ADR 0019); exports go wherever the user chooses.
 */
public final class TranscriptStore {

    static final String FORMAT = "sws-transcript";
    static final int VERSION = 1;
    static final int RECENT_LIMIT = 12;

    private final Path folder;

    public TranscriptStore(Path folder) {
        this.folder = folder;
    }

    public Path folder() {
        return folder;
    }

    /** Where the document of {@code audio} lives: its file name plus a hash of its absolute path. */
    public Path fileFor(Path audio) {
        Path abs = audio.toAbsolutePath().normalize();
        String name = abs.getFileName().toString().replaceAll("[^\\p{L}\\p{N}._-]", "_");
        if (name.length() > 80) {
            name = name.substring(0, 80);
        }
        String h = Hashing.sha256(abs.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 12);
        return folder.resolve(name + "-" + h + ".json");
    }

    /** Saves {@code doc} (it must belong to an audio file) atomically and puts its audio first in the recent list. */
    public void save(TranscriptDocument doc) throws IOException {
        save(doc.audio(), doc.transcript(), doc.speakers());
    }

    /** Saves a transcript with its speaker labels for {@code audio}. */
    public void save(Path audio, Transcript t, List<String> speakers) throws IOException {
        if (audio == null) {
            throw new IllegalArgumentException("A transcript is stored for an audio file.");
        }
        Files.createDirectories(folder);
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("audio", audio.toAbsolutePath().normalize().toString());
        root.put("saved", Instant.now().toString());
        ArrayNode sp = root.putArray("speakers");
        speakers.forEach(sp::add);
        root.set("transcript", Json.mapper().readTree(TranscriptExporter.render(t, TranscriptFormat.JSON)));
        AtomicFiles.writeString(fileFor(audio), Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
        touchRecent(audio);
    }

    /**
     * The saved document of {@code audio}, if any. A file that cannot be read is set aside (renamed, never deleted)
     * and reported as absent with the reason in the exception's place: {@code Optional.empty()}.
     */
    public Optional<TranscriptDocument> load(Path audio) throws IOException {
        Path f = fileFor(audio);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            JsonNode root = Json.mapper().readTree(Files.readString(f));
            if (root == null || !FORMAT.equals(root.path("format").asText()) || !root.path("transcript").isObject()) {
                throw new UserFacingException("not a saved transcript");
            }
            Transcript t = TranscriptExporter.readJson(root.path("transcript").toString());
            List<String> speakers = new ArrayList<>();
            root.path("speakers").forEach(n -> speakers.add(n.asText()));
            if (!speakers.isEmpty() && speakers.size() != t.segments().size()) {
                throw new UserFacingException("one speaker label per segment expected");
            }
            return Optional.of(new TranscriptDocument(audio, t, speakers));
        } catch (IOException | RuntimeException e) {
            SetAside.beside(f);
            throw new UserFacingException("The saved transcript of " + audio.getFileName() + " could not be read ("
                    + UserFacingException.messageOf(e) + "); it was set aside and the audio will be transcribed again.", e);
        }
    }

    /** Whether a document of {@code audio} is saved. */
    public boolean has(Path audio) {
        return Files.isRegularFile(fileFor(audio));
    }

    /** Recently opened audio files, newest first, that still exist. */
    public List<Path> recent() {
        Path f = folder.resolve("recent.txt");
        List<Path> out = new ArrayList<>();
        try {
            if (Files.isRegularFile(f)) {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        Path p = Path.of(line.strip());
                        if (Files.exists(p) && !out.contains(p)) {
                            out.add(p);
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return out;   // a damaged list is only a convenience lost
        }
        return out;
    }

    /** Puts {@code audio} first in the recent list; returns the list as written. */
    public List<Path> touchRecent(Path audio) throws IOException {
        Path abs = audio.toAbsolutePath().normalize();
        List<Path> list = new ArrayList<>(recent());
        list.remove(abs);
        list.addFirst(abs);
        List<Path> kept = List.copyOf(list.subList(0, Math.min(list.size(), RECENT_LIMIT)));
        StringBuilder sb = new StringBuilder();
        kept.forEach(p -> sb.append(p).append('\n'));
        Files.createDirectories(folder);
        AtomicFiles.writeString(folder.resolve("recent.txt"), sb.toString());
        return kept;
    }
}
