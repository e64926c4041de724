package dev.sws.asr.punct;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Writing and unwriting punctuation without a model: what correction and re-reading rely on. */
class PunctuationTextTest {
    @Test
    void plainUndoesWhatIsWritten() {
        assertEquals("hello i'm here what's new", Punctuator.plain("Hello, I'm here. What's new?"));
        assertEquals("", Punctuator.plain("  ... "));
    }

    @Test
    void aCorrectionKeepsThePunctuationAroundIt() {
        assertEquals("Call forward on busy.", Punctuator.carry("Call forward unconditional.", "call forward on busy"));
        assertEquals("Please enter the number, then press pound.",
                Punctuator.carry("Please enter a number, then press pound.", "please enter the number then press pound"));
        assertEquals("It is done.", Punctuator.carry("It is done now.", "it is done"), "a removed word's mark moves back");
        assertEquals("NASA said yes.", Punctuator.carry("NASA says yes.", "nasa said yes"));
    }
}
