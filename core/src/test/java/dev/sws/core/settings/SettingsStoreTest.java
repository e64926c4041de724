package dev.sws.core.settings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class SettingsStoreTest {

    @TempDir
    Path dir;

    @Test
    void missingFileGivesDefaultsAndSaveRoundTrips() throws Exception {
        SettingsStore store = new SettingsStore(dir.resolve("sws/settings.json"));
        assertEquals(Settings.defaults(), store.load());
        Settings changed = Settings.defaults().withAsr(new Settings.Asr("my-model", Settings.Asr.Latency.LOW, Settings.Asr.Decoding.GREEDY, 1, 1.5, 20))
                .withUi(new Settings.Ui("dark"));
        store.save(changed);
        assertEquals(changed, store.load());
    }

    @Test
    void missingKeysTakeDefaults() throws Exception {
        Path f = dir.resolve("settings.json");
        Files.writeString(f, "{\"ui\": {\"theme\": \"dark\"}, \"unknown\": 3}");
        Settings s = new SettingsStore(f).load();
        assertEquals("dark", s.ui().theme());
        assertEquals(Settings.Asr.defaults(), s.asr());
    }

    @Test
    void settingsWrittenBeforeTheLanguageModelGetTheHouseOne() throws Exception {
        Path f = dir.resolve("settings.json");
        Files.writeString(f, "{\"asr\": {\"modelId\": \"\", \"latency\": \"low\", \"decoding\": \"beam\", \"beamSize\": 4, "
                + "\"endpointSilence\": 0.8, \"maxUtterance\": 30}}");
        Settings s = new SettingsStore(f).load();
        assertEquals(Settings.Asr.Latency.LOW, s.asr().latency());
        assertEquals(Settings.Asr.HOUSE_LM, s.asr().languageModel());
        Settings none = s.withAsr(new Settings.Asr("", Settings.Asr.Latency.LOW, Settings.Asr.Decoding.BEAM, 4, 0.8, 30, "none"));
        new SettingsStore(f).save(none);
        assertEquals("none", new SettingsStore(f).load().asr().languageModel());
        assertFalse(s.asr().keepNonSpeech(), "settings written before the speech gate get it on");
        new SettingsStore(f).save(s.withAsr(new Settings.Asr("", Settings.Asr.Latency.LOW, Settings.Asr.Decoding.BEAM, 4, 0.8, 30, "none", true)));
        assertTrue(new SettingsStore(f).load().asr().keepNonSpeech());
        assertTrue(s.asr().labelSpeakers(), "settings written before speaker labels get them on");
        new SettingsStore(f).save(s.withAsr(new Settings.Asr("", Settings.Asr.Latency.LOW, Settings.Asr.Decoding.BEAM, 4, 0.8, 30,
                "none", false, false)));
        assertFalse(new SettingsStore(f).load().asr().labelSpeakers(), "turned off stays off");
        assertTrue(s.asr().punctuate(), "settings written before punctuation get it on");
        new SettingsStore(f).save(s.withAsr(new Settings.Asr("", Settings.Asr.Latency.LOW, Settings.Asr.Decoding.BEAM, 4, 0.8, 30,
                "none", false, true, false)));
        assertFalse(new SettingsStore(f).load().asr().punctuate(), "punctuation turned off stays off");
        assertTrue(new SettingsStore(f).load().asr().labelSpeakers());
    }

    @Test
    void settingsWrittenBeforeTakesGetOneTakeAndKeepTheirSpeech() throws Exception {
        Path f = dir.resolve("settings.json");
        Files.writeString(f, "{\"tts\": {\"modelId\": \"\", \"nfe\": 8, \"sway\": -1.0, \"cfg\": 2.0, \"speed\": 1.25}}");
        Settings s = new SettingsStore(f).load();
        assertEquals(1, s.tts().takes());
        assertEquals(1.25, s.tts().speed());
        assertEquals(8, s.tts().nfe());
        new SettingsStore(f).save(s.withTts(s.tts().withSpeedAndTakes(0.9, 3)));
        Settings back = new SettingsStore(f).load();
        assertEquals(3, back.tts().takes());
        assertEquals(0.9, back.tts().speed());
        assertEquals(8, back.tts().nfe(), "the other synthesis settings are kept");
        var e = assertThrows(InvalidSettingsException.class, () -> new SettingsStore(f).parse("{\"tts\": {\"takes\": 9}}"));
        assertTrue(e.getMessage().contains("Takes"), e.getMessage());
    }

    @Test
    void invalidFileIsSetAsideNotLost() throws Exception {
        Path f = dir.resolve("settings.json");
        Files.writeString(f, "{\"device\": {\"device\": \"tpu:9\", \"threads\": 2}}");
        Settings s = new SettingsStore(f).load();
        assertEquals(Settings.defaults(), s);
        assertFalse(Files.exists(f));
        try (var list = Files.list(dir)) {
            assertTrue(list.anyMatch(p -> p.getFileName().toString().startsWith("settings.json.bad-")));
        }
    }

    @Test
    void invalidValuesAreRejectedWithAMessageNamingTheSetting() {
        SettingsStore store = new SettingsStore(dir.resolve("s.json"));
        var e = assertThrows(InvalidSettingsException.class, () -> store.parse("{\"tts\": {\"nfe\": 2}}"));
        assertTrue(e.getMessage().contains("NFE"), e.getMessage());
        var e2 = assertThrows(InvalidSettingsException.class, () -> new Settings.Device("gpu", 1));
        assertTrue(e2.getMessage().startsWith("Device must be"));
        var e3 = assertThrows(InvalidSettingsException.class, () -> store.parse("{\"asr\": {\"latency\": \"fast\"}}"));
        assertEquals("ASR latency must be low, balanced or accurate, not 'fast'.", e3.getMessage());
        var e4 = assertThrows(InvalidSettingsException.class, () -> store.parse("{\"asr\": {\"decoding\": \"Beam\"}}"));
        assertEquals("ASR decoding must be greedy or beam, not 'Beam'.", e4.getMessage());
    }
}
