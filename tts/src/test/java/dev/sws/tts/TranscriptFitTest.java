package dev.sws.tts;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A transcript of all clips, cut to the part a trimmed reference keeps; and where one long segment is cut. */
class TranscriptFitTest {

    private static final String ALL = "I am sorry, there is no call parked on that extension. Please try again. "
            + "Sorry, but the user's mailbox can't accept more messages. Press 1 to send this message.";

    @Test
    void keepsTheWordsThatTheKeptAudioSays() {
        // what the recogniser heard in the first two clips, with its usual errors (also near the cut)
        String heard = "i am sorry there is no call park on that extension please try again sorry but the users mail box"
                + " can't except more messages";
        assertEquals("I am sorry, there is no call parked on that extension. Please try again. Sorry, but the user's"
                + " mailbox can't accept more messages.", TranscriptFit.keptPrefix(ALL, heard));
        assertEquals("I am sorry, there is no call parked on that extension. Please try again.",
                TranscriptFit.keptPrefix(ALL, "i am sorry there is no call parked on that extension please try a game"));
    }

    @Test
    void numbersCountAsTheWordsTheyAreRead() {
        String text = "Dial 911 now. Then wait for the operator to answer.";
        assertEquals("Dial 911 now.", TranscriptFit.keptPrefix(text, "dial nine one one now"));
    }

    @Test
    void leavesTheTranscriptAloneWhenItFitsOrNothingWasHeard() {
        String heard = "i am sorry there is no call parked on that extension please try again sorry but the user's"
                + " mailbox can't accept more messages press one to send this message";
        assertEquals(ALL, TranscriptFit.keptPrefix(ALL, heard));
        assertEquals(ALL, TranscriptFit.keptPrefix(ALL, ""));
        assertEquals(ALL, TranscriptFit.keptPrefix(ALL, "   "));
        String typed = " Please try again.\nGoodbye.  ";       // as typed, line break and all: nothing to cut
        assertEquals(typed, TranscriptFit.keptPrefix(typed, "please try again goodbye"));
    }

    @Test
    void oneLongSegmentIsCutAtItsQuietestMoment() {
        int rate = 16000;
        float[] x = new float[14 * rate];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.3 * Math.sin(i * 0.07));
        }
        int gapFrom = (int) (10.4 * rate);
        for (int i = gapFrom; i < gapFrom + rate / 10; i++) {
            x[i] *= 0.01f;                                  // a short dip between two words
        }
        int cut = ReferenceBuilder.quietestCut(x, 12 * rate, 3 * rate, rate / 50);
        assertTrue(cut > gapFrom && cut <= gapFrom + rate / 10, "cut inside the dip, at " + cut / (double) rate + " s");
        float[] flat = new float[14 * rate];
        assertEquals(12 * rate, ReferenceBuilder.quietestCut(flat, 12 * rate, 3 * rate, rate / 50), "no dip: at the limit");
    }
}
