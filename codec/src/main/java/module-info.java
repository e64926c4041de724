/** Neural codec tokenizers: audio to discrete tokens and back (ONNX Runtime). No JavaFX. */
module dev.sws.codec {
    requires transitive dev.sws.audio;
}
