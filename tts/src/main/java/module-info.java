/** Flow-matching text-to-speech, voices and the ODE sampler. No JavaFX. */
module dev.sws.tts {
    requires transitive dev.sws.audio;
}
