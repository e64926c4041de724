/**
 * Audio: decoding any common format (FFmpeg through the bytedeco presets), resampling (TarsosDSP), WAV/FLAC
 * writing, capture and playback (javax.sound, the only place java.desktop is used), levels and waveform
 * summaries, NeMo/kaldi-compatible log-mel features and voice activity detection (Silero ONNX, energy).
 */
module dev.sws.audio {
    requires transitive dev.sws.core;
    requires java.desktop;
    requires java.logging;
    requires org.bytedeco.javacpp;
    requires org.bytedeco.ffmpeg;
    requires TarsosDSP;

    exports dev.sws.audio;
    exports dev.sws.audio.io;
    exports dev.sws.audio.dsp;
    exports dev.sws.audio.capture;
    exports dev.sws.audio.features;
    exports dev.sws.audio.vad;
    exports dev.sws.audio.classify;
}
