/** Flow-matching text-to-speech, voices and the ODE sampler. No JavaFX. */
module dev.sws.tts {
    requires transitive dev.sws.audio;
    requires java.logging;

    exports dev.sws.tts;
}
