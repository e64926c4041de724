package dev.sws.app;

import dev.sws.app.cli.SwsCommand;
import dev.sws.audio.PcmAudio;
import dev.sws.audio.io.AudioFiles;
import dev.sws.audio.io.WavWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** {@code sws synthesize} and {@code sws voices} end to end on the shipped house TTS model. */
class TtsCliTest {

    private record Run(int rc, String out, String err) {
    }

    private static Run sws(String... args) {
        StringWriter so = new StringWriter();
        StringWriter se = new StringWriter();
        int rc = SwsCommand.run(new PrintWriter(so, true), new PrintWriter(se, true), args);
        return new Run(rc, so.toString(), se.toString());
    }

    @Test
    void synthesizesInABuiltInVoiceAndFromAReference(@TempDir Path dir) throws Exception {
        Run list = sws("voices", "list");
        assertEquals(0, list.rc(), list.err());
        assertTrue(list.out().contains("Ava") && list.out().contains("built-in"), list.out());
        Path out = dir.resolve("hi.wav");
        Run r = sws("synthesize", "--text", "Good morning, 3 friends!", "--voice", "Ava", "--nfe", "2", "--out", out.toString());
        assertEquals(0, r.rc(), r.err());
        PcmAudio a = AudioFiles.read(out, 16000);
        assertTrue(a.durationSeconds() > 0.5, "some speech: " + a.durationSeconds());
        Path ref = HouseModelTest.fixture("speech.flac");
        Run cloned = sws("synthesize", "--text", "Hello.", "--ref", ref.toString(), "--ref-text", "whatever it says",
                "--nfe", "2", "--out", dir.resolve("c.wav").toString());
        assertEquals(0, cloned.rc(), cloned.err());
    }

    @Test
    void badInputGetsSpecificAdvice(@TempDir Path dir) throws Exception {
        Path half = dir.resolve("half.wav");
        WavWriter.write(half, new PcmAudio(new float[8000], 16000));
        Run shortRef = sws("synthesize", "--text", "Hi.", "--ref", half.toString(), "--ref-text", "hi", "--out", dir.resolve("x.wav").toString());
        assertNotEquals(0, shortRef.rc());
        assertTrue(shortRef.err().contains("3-12 s"), shortRef.err());
        Run emoji = sws("synthesize", "--text", "\uD83D\uDE00\uD83C\uDF89", "--voice", "Ava", "--out", dir.resolve("y.wav").toString());
        assertNotEquals(0, emoji.rc());
        assertTrue(emoji.err().contains("nothing to say"), emoji.err());
        assertFalse(Files.exists(dir.resolve("y.wav")), "no output file on failure");
        Path silent = dir.resolve("silent.wav");
        WavWriter.write(silent, new PcmAudio(new float[16000 * 5], 16000));
        Run noSpeech = sws("voices", "add", "--name", "Nobody", "--speaker", "Nobody", "--purpose", "test", "--consent",
                "--text", "nothing", silent.toString());
        assertNotEquals(0, noSpeech.rc());
        assertTrue(noSpeech.out().contains("No speech was found"), noSpeech.out());
        Run noConsent = sws("voices", "add", "--name", "X", "--speaker", "X", "--purpose", "test", silent.toString());
        assertNotEquals(0, noConsent.rc(), "consent is required");
        Run wrongText = sws("voices", "add", "--name", "Wrong " + System.nanoTime(), "--speaker", "X", "--purpose", "test",
                "--consent", "--text", "the quick brown fox jumps over the lazy dog", HouseModelTest.fixture("speech.flac").toString());
        assertTrue(wrongText.out().contains("does not match what our ASR hears"), wrongText.out());
        sws("voices", "remove", wrongText.out().lines().filter(l -> l.startsWith("saved voice '")).findFirst()
                .map(l -> l.substring(13, l.indexOf("'", 13))).orElse("none"));
        Run unknown = sws("synthesize", "--text", "Hi.", "--voice", "Nobody", "--out", dir.resolve("z.wav").toString());
        assertTrue(unknown.err().contains("no voice named"), unknown.err());
    }

    @Test
    void addsUsesAndRemovesAClonedVoice(@TempDir Path dir) throws Exception {
        String name = "Tester " + System.nanoTime();
        Path clip = HouseModelTest.fixture("speech.flac");
        Run add = sws("voices", "add", "--name", name, "--speaker", "Test speaker", "--purpose", "tests", "--consent", clip.toString());
        assertEquals(0, add.rc(), add.err() + add.out());
        assertTrue(add.out().contains("transcript (house ASR"), "transcribed by our ASR when no --text: " + add.out());
        assertTrue(sws("voices", "list").out().contains(name));
        Run speak = sws("synthesize", "--text", "Hello.", "--voice", name, "--nfe", "2", "--out", dir.resolve("v.wav").toString());
        assertEquals(0, speak.rc(), speak.err());
        Run again = sws("voices", "add", "--name", name, "--speaker", "X", "--purpose", "tests", "--consent", clip.toString());
        assertNotEquals(0, again.rc(), "names are unique");
        assertEquals(0, sws("voices", "remove", name).rc());
        assertFalse(sws("voices", "list").out().contains(name));
        assertNotEquals(0, sws("voices", "remove", "Ava").rc(), "built-in voices cannot be removed");
    }
}
