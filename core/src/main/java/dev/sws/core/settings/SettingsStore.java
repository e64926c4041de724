package dev.sws.core.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sws.core.util.AtomicFiles;
import dev.sws.core.util.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Loads and saves {@link Settings} as JSON (in the XDG config folder). Missing keys take their defaults, so files
 * from older versions keep working; an unreadable or invalid file is set aside as {@code settings.json.bad-…}
 * (never silently overwritten) and the defaults are used.
 */
public final class SettingsStore {

    private static final Logger LOG = Logger.getLogger(SettingsStore.class.getName());

    private final Path file;
    private final ObjectMapper mapper = Json.mapper();

    public SettingsStore(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public Settings load() {
        if (!Files.isRegularFile(file)) {
            return Settings.defaults();
        }
        try {
            JsonNode stored = mapper.readTree(file.toFile());
            if (stored == null || !stored.isObject()) {
                throw new IOException("settings file is not a JSON object");
            }
            ObjectNode merged = mapper.valueToTree(Settings.defaults());
            merge(merged, (ObjectNode) stored);
            return mapper.treeToValue(merged, Settings.class);
        } catch (IOException | RuntimeException e) {
            setAside(e);
            return Settings.defaults();
        }
    }

    /** Validates by construction (records) and writes atomically. */
    public void save(Settings settings) throws IOException {
        AtomicFiles.writeString(file, mapper.writeValueAsString(settings));
    }

    /** Parses a settings JSON document over the defaults; throws {@link InvalidSettingsException} for bad values. */
    public Settings parse(String json) {
        try {
            ObjectNode merged = mapper.valueToTree(Settings.defaults());
            merge(merged, (ObjectNode) mapper.readTree(json));
            return mapper.treeToValue(merged, Settings.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                if (c instanceof InvalidSettingsException ise) {
                    throw ise;
                }
            }
            throw new InvalidSettingsException("Settings are not valid JSON: " + e.getOriginalMessage());
        }
    }

    private void setAside(Exception e) {
        try {
            Path bad = dev.sws.core.util.SetAside.beside(file);
            LOG.log(Level.WARNING, "settings file " + file + " is invalid; moved to " + bad + " and using defaults", e);
        } catch (IOException io) {
            LOG.log(Level.WARNING, "settings file " + file + " is invalid; using defaults", e);
            LOG.log(Level.WARNING, "could not move invalid settings aside", io);
        }
    }

    private static void merge(ObjectNode target, ObjectNode source) {
        for (Iterator<Map.Entry<String, JsonNode>> it = source.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode existing = target.get(e.getKey());
            if (existing instanceof ObjectNode eo && e.getValue() instanceof ObjectNode so) {
                merge(eo, so);
            } else if (existing != null) { // unknown keys are ignored
                target.set(e.getKey(), e.getValue());
            }
        }
    }
}
