package dev.sws.core.util;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where the application keeps its files, following the XDG base directory specification:
 * settings in {@code $XDG_CONFIG_HOME/sws}, user models, voices and job stores in {@code $XDG_DATA_HOME/sws},
 * logs in {@code $XDG_STATE_HOME/sws}, caches in {@code $XDG_CACHE_HOME/sws}.
 *
 * @param config   settings folder
 * @param data     user data folder (models, voices, recordings, GPU runtime pack)
 * @param state    logs and job history
 * @param cache    disposable caches
 * @param embedded folder of models shipped with the application (the repository's or installation's models/)
 */
public record AppPaths(Path config, Path data, Path state, Path cache, Path embedded) {

    public AppPaths {
        Objects.requireNonNull(config);
        Objects.requireNonNull(data);
        Objects.requireNonNull(state);
        Objects.requireNonNull(cache);
        Objects.requireNonNull(embedded);
    }

    /** Paths from the process environment and the {@code sws.models.dir} system property. */
    public static AppPaths fromEnvironment() {
        return from(System.getenv(), System.getProperty("user.home"), System.getProperty("sws.models.dir"));
    }

    static AppPaths from(Map<String, String> env, String home, String modelsDir) {
        Path h = Path.of(home == null ? "." : home);
        Path config = xdg(env, "XDG_CONFIG_HOME", h.resolve(".config"));
        Path data = xdg(env, "XDG_DATA_HOME", h.resolve(".local/share"));
        Path state = xdg(env, "XDG_STATE_HOME", h.resolve(".local/state"));
        Path cache = xdg(env, "XDG_CACHE_HOME", h.resolve(".cache"));
        Path embedded = modelsDir != null && !modelsDir.isBlank() ? Path.of(modelsDir) : Path.of("models");
        return new AppPaths(config.resolve("sws"), data.resolve("sws"), state.resolve("sws"), cache.resolve("sws"),
                embedded.toAbsolutePath().normalize());
    }

    private static Path xdg(Map<String, String> env, String key, Path fallback) {
        String v = env.get(key);
        return v != null && !v.isBlank() && Path.of(v).isAbsolute() ? Path.of(v) : fallback;
    }

    public Path settingsFile() {
        return config.resolve("settings.json");
    }

    public Path logDir() {
        return state.resolve("logs");
    }

    public Path userModels() {
        return data.resolve("models");
    }

    public Path voices() {
        return data.resolve("voices");
    }

    /** Transcript documents (one per audio file, with the user's edits) and the recent-files list. */
    public Path transcripts() {
        return data.resolve("transcripts");
    }

    public Path recordings() {
        return data.resolve("recordings");
    }

    public Path jobs() {
        return state.resolve("jobs");
    }

    public Path gpuRuntime() {
        return data.resolve("gpu-runtime");
    }
}
