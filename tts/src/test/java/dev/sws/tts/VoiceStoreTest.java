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

    @Test
    void aSavedVoiceIsRenamedWithItsReferenceAndConsent(@TempDir Path dir) throws Exception {
        VoiceStore store = new VoiceStore(dir.resolve("voices"), List.of());
        Voice.Consent ok = new Voice.Consent("Ann B", "audiobook", "2026-11-22", true);
        store.save(new Voice("Ann", "hello there", ok, new float[]{1f}, List.of("a.wav"), List.of(), Instant.now()),
                new PcmAudio(new float[16000], 16000));
        store.save(new Voice("Bob", "good day", ok, new float[]{1f}, List.of("b.wav"), List.of(), Instant.now()),
                new PcmAudio(new float[8000], 16000));
        VoiceStore.Entry r = store.rename("ann", "Ann narration");
        assertEquals("Ann narration", r.voice().name());
        assertTrue(store.find("Ann").isEmpty());
        VoiceStore.Entry found = store.find("ann narration").orElseThrow();
        assertEquals("audiobook", found.voice().consent().purpose());
        assertEquals("hello there", found.voice().transcript());
        assertEquals(16000, VoiceStore.readReference(found, 16000).samples().length, "the same reference clip");
        assertEquals(dir.resolve("voices").resolve("Ann narration"), found.reference().getParent());
        assertEquals("ANN narration", store.rename("Ann narration", "ANN narration").voice().name(), "case only");
        var taken = assertThrows(IllegalArgumentException.class, () -> store.rename("ANN narration", "bob"));
        assertTrue(taken.getMessage().contains("already exists"), taken.getMessage());
        assertThrows(IllegalArgumentException.class, () -> store.rename("ANN narration", "../evil"));
        assertThrows(IllegalArgumentException.class, () -> store.rename("nobody", "x"));
        assertEquals(List.of("ANN narration", "Bob"), store.list().stream().map(e -> e.voice().name()).toList());
        try (var s = Files.list(dir.resolve("voices"))) {
            assertEquals(2, s.count(), "no step folders left behind");
        }
    }

    /** A damaged voice folder never blocks its name: saving that name sets it aside, and removing it works. */
    @Test
    void aDamagedVoiceIsNeitherStuckNorInTheWay(@TempDir Path dir) throws Exception {
        Path voices = dir.resolve("voices");
        VoiceStore store = new VoiceStore(voices, List.of());
        Path broken = Files.createDirectories(voices.resolve("Broken"));
        Files.writeString(broken.resolve("voice.json"), "{\"name\": \"Bro");   // cut short
        Files.write(broken.resolve("reference.wav"), new byte[44]);
        assertTrue(store.find("Broken").isEmpty());
        Voice v = new Voice("Broken", "hello there", new Voice.Consent("Bea", "podcast", "2026-12-07", true),
                new float[]{1f}, List.of("b.wav"), List.of(), Instant.parse("2026-12-07T10:00:00Z"));
        store.save(v, new PcmAudio(new float[16000], 16000));
        assertEquals("podcast", store.find("Broken").orElseThrow().voice().consent().purpose());
        try (var s = Files.list(voices.resolve(".broken"))) {
            Path aside = s.findFirst().orElseThrow();
            assertTrue(Files.readString(aside.resolve("voice.json")).startsWith("{\"name\": \"Bro"), "kept as it was");
        }
        try (var s = Files.list(voices)) {
            assertEquals(List.of(".broken", "Broken"), s.map(p -> p.getFileName().toString()).sorted().toList(), "no temp folder left");
        }
        Path another = Files.createDirectories(voices.resolve("Other"));
        Files.writeString(another.resolve("voice.json"), "not json");
        store.remove("Other");
        assertFalse(Files.exists(another), "a damaged voice can be removed by its folder name");
        assertThrows(IllegalArgumentException.class, () -> store.remove("../voices"), "nothing outside the voices folder");
    }
}
