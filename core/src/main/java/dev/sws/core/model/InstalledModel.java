package dev.sws.core.model;

import java.nio.file.Path;

/**
 * A model found in one of the store's folders.
 *
 * @param manifest its manifest
 * @param dir      the folder holding its files
 * @param embedded true for models shipped with the application (read-only)
 */
public record InstalledModel(ModelManifest manifest, Path dir, boolean embedded) {

    public String id() {
        return manifest.id();
    }

    public Path file(String relative) {
        return dir.resolve(relative);
    }

    public long sizeBytes() {
        return manifest.files().stream().mapToLong(ModelManifest.FileEntry::size).sum();
    }
}
