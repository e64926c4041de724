package dev.sws.tts;

import dev.sws.audio.PcmAudio;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class VoiceStoreTest {

    @Test
    void savesListsAndRemovesVoicesWithTheirConsent(@TempDir Path dir) throws Exception {
        VoiceStore store = new VoiceStore(dir.resolve("voices"), List.of());
        Voice v = new Voice("Ann B", "hello there", new Voice.Consent("Ann B", "audiobook", "2026-11-22", true),
                new float[]{0.6f, 0.8f}, List.of("a.wav"), List.of(), Instant.parse("2026-11-22T10:00:00Z"));
        store.save(v, new PcmAudio(new float[16000], 16000));
        VoiceStore.Entry e = store.find("ann b").orElseThrow();
        assertEquals("audiobook", e.voice().consent().purpose());
        assertArrayEquals(new float[]{0.6f, 0.8f}, e.voice().embedding());
        assertTrue(Files.isRegularFile(e.reference()));
        assertThrows(IllegalArgumentException.class, () -> store.save(v, new PcmAudio(new float[16000], 16000)), "names are unique");
        try (var s = Files.list(dir.resolve("voices"))) {
            assertEquals(1, s.count(), "no temporary folders left behind");
        }
        Path broken = Files.createDirectories(dir.resolve("voices").resolve("broken"));
        Files.writeString(broken.resolve("voice.json"), "{");
        Files.write(broken.resolve("reference.wav"), new byte[0]);
        assertEquals(1, store.list().size(), "a damaged voice folder is skipped, not fatal");
        store.remove("Ann B");
        assertTrue(store.find("Ann B").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> store.remove("Ann B"));
        assertThrows(IllegalArgumentException.class, () -> new Voice("../evil", "x", v.consent(), new float[0], List.of(),
                List.of(), Instant.now()), "no path tricks in names");
    }
}
