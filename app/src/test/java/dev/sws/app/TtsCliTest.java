package dev.sws.app;

import dev.sws.audio.PcmAudio;
import dev.sws.audio.io.AudioFiles;
import dev.sws.audio.io.WavWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** {@code sws synthesize} and {@code sws voices} end to end on the shipped house TTS model. */
class TtsCliTest {

    private static CliRun sws(String... args) {
        return CliRun.of(args);
    }

    @Test
    void synthesizesInABuiltInVoiceAndFromAReference(@TempDir Path dir) throws Exception {
        CliRun list = sws("voices", "list");
        assertEquals(0, list.rc(), list.err());
        assertTrue(list.out().contains("Ava") && list.out().contains("built-in"), list.out());
        java.util.List<String> lines = list.out().lines().toList();
        int transcript = lines.getFirst().indexOf("TRANSCRIPT");
        String ava = lines.stream().filter(l -> l.startsWith("Ava ")).findFirst().orElseThrow();
        assertEquals(transcript, ava.indexOf("the quiet harbour"), "columns line up with the header:\n" + list.out());
        Path out = dir.resolve("hi.wav");
        CliRun r = sws("synthesize", "--text", "Good morning, 3 friends!", "--voice", "Ava", "--nfe", "2", "--out", out.toString());
        assertEquals(0, r.rc(), r.err());
        PcmAudio a = AudioFiles.read(out, 16000);
        assertTrue(a.durationSeconds() > 0.5, "some speech: " + a.durationSeconds());
        Path ref = HouseModelTest.fixture("speech.flac");
        CliRun cloned = sws("synthesize", "--text", "Hello.", "--ref", ref.toString(), "--ref-text", "whatever it says",
                "--nfe", "2", "--out", dir.resolve("c.wav").toString());
        assertEquals(0, cloned.rc(), cloned.err());
        // --play: the chunks go to the sound device as they are rendered (a null sink in CI); without a device the
        // file is still written and the message says why nothing was heard
        CliRun played = sws("synthesize", "--text", "Good morning. See you soon.", "--nfe", "2", "--play", "--out", dir.resolve("p.wav").toString());
        assertEquals(0, played.rc(), played.err());
        assertTrue(played.out().contains("played: first sound") || played.err().contains("No audio output device"), played.out() + played.err());
        assertTrue(Files.size(dir.resolve("p.wav")) > 1000);
        // two takes: the house ASR hears both (unless the first is flawless) and the kept one is reported
        CliRun takes = sws("synthesize", "--text", "Good morning.", "--nfe", "2", "--takes", "2", "--out", dir.resolve("t.wav").toString());
        assertEquals(0, takes.rc(), takes.err());
        assertTrue(takes.err().contains("part 1: kept take "), takes.err());
        CliRun noTakes = sws("synthesize", "--text", "Hi.", "--takes", "0", "--out", dir.resolve("t0.wav").toString());
        assertEquals(1, noTakes.rc());
        assertTrue(noTakes.err().contains("Takes per sentence must be between 1 and 8"), noTakes.err());
        assertFalse(Files.exists(dir.resolve("t0.wav")));
        CliRun nowhere = sws("synthesize", "--text", "Hi.");
        assertEquals(1, nowhere.rc());
        assertTrue(nowhere.err().contains("Give --out FILE"), nowhere.err());
    }

    @Test
    void badInputGetsSpecificAdvice(@TempDir Path dir) throws Exception {
        Path half = dir.resolve("half.wav");
        WavWriter.write(half, new PcmAudio(new float[8000], 16000));
        CliRun shortRef = sws("synthesize", "--text", "Hi.", "--ref", half.toString(), "--ref-text", "hi", "--out", dir.resolve("x.wav").toString());
        assertNotEquals(0, shortRef.rc());
        assertTrue(shortRef.err().contains("3-12 s"), shortRef.err());
        CliRun emoji = sws("synthesize", "--text", "\uD83D\uDE00\uD83C\uDF89", "--voice", "Ava", "--out", dir.resolve("y.wav").toString());
        assertNotEquals(0, emoji.rc());
        assertTrue(emoji.err().contains("nothing to say"), emoji.err());
        assertFalse(Files.exists(dir.resolve("y.wav")), "no output file on failure");
        Path silent = dir.resolve("silent.wav");
        WavWriter.write(silent, new PcmAudio(new float[16000 * 5], 16000));
        CliRun noSpeech = sws("voices", "add", "--name", "Nobody", "--speaker", "Nobody", "--purpose", "test", "--consent",
                "--text", "nothing", silent.toString());
        assertNotEquals(0, noSpeech.rc());
        assertTrue(noSpeech.out().contains("No speech was found"), noSpeech.out());
        CliRun noConsent = sws("voices", "add", "--name", "X", "--speaker", "X", "--purpose", "test", silent.toString());
        assertNotEquals(0, noConsent.rc(), "consent is required");
        CliRun wrongText = sws("voices", "add", "--name", "Wrong " + System.nanoTime(), "--speaker", "X", "--purpose", "test",
                "--consent", "--text", "the quick brown fox jumps over the lazy dog", HouseModelTest.fixture("speech.flac").toString());
        assertTrue(wrongText.out().contains("does not match what our ASR hears"), wrongText.out());
        sws("voices", "remove", wrongText.out().lines().filter(l -> l.startsWith("saved voice '")).findFirst()
                .map(l -> l.substring(13, l.indexOf("'", 13))).orElse("none"));
        CliRun unknown = sws("synthesize", "--text", "Hi.", "--voice", "Nobody", "--out", dir.resolve("z.wav").toString());
        assertTrue(unknown.err().contains("no voice named"), unknown.err());
    }

    @Test
    void aTranscriptOfAllClipsIsCutToTheTrimmedReference() throws Exception {
        String once = "Login incorrect. Please enter your agent number, followed by the pound key.";
        Path clip = HouseModelTest.fixture("speech.flac");                 // says that, in 5.2 s
        String name = "Trimmed " + System.nanoTime();
        CliRun add = sws("voices", "add", "--name", name, "--speaker", "Test speaker", "--purpose", "tests", "--consent",
                "--text", once + " " + once + " " + once, clip.toString(), clip.toString(), clip.toString());
        try {
            assertEquals(0, add.rc(), add.err() + add.out());
            assertTrue(add.out().contains("of speech were found; a reference holds at most 12 s"), add.out());
            String cut = add.out().lines().filter(l -> l.contains("the transcript was cut to what the kept part says: \""))
                    .map(l -> l.substring(l.indexOf('"') + 1, l.indexOf("\". If"))).findFirst().orElse("");
            // 12 s hold the first two clips (~10.5 s with the gaps) and at most the first words of the third
            assertTrue(cut.startsWith(once + " " + once) && cut.length() < (once + " " + once).length() + 30,
                    "two clips' words and not much more: " + add.out());
            assertFalse(add.out().contains("does not match"), add.out());
        } finally {
            sws("voices", "remove", name);
        }
    }

    @Test
    void addsUsesAndRemovesAClonedVoice(@TempDir Path dir) throws Exception {
        String name = "Tester " + System.nanoTime();
        Path clip = HouseModelTest.fixture("speech.flac");
        CliRun add = sws("voices", "add", "--name", name, "--speaker", "Test speaker", "--purpose", "tests", "--consent", clip.toString());
        assertEquals(0, add.rc(), add.err() + add.out());
        assertTrue(add.out().contains("transcript (house ASR"), "transcribed by our ASR when no --text: " + add.out());
        assertTrue(sws("voices", "list").out().contains(name));
        CliRun speak = sws("synthesize", "--text", "Hello.", "--voice", name, "--nfe", "2", "--out", dir.resolve("v.wav").toString());
        assertEquals(0, speak.rc(), speak.err());
        CliRun again = sws("voices", "add", "--name", name, "--speaker", "X", "--purpose", "tests", "--consent", clip.toString());
        assertNotEquals(0, again.rc(), "names are unique");
        assertEquals(0, sws("voices", "remove", name).rc());
        assertFalse(sws("voices", "list").out().contains(name));
        assertNotEquals(0, sws("voices", "remove", "Ava").rc(), "built-in voices cannot be removed");
    }
}
