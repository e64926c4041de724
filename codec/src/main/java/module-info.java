/** Neural codec tokenizers: audio to discrete tokens and back (ONNX Runtime), the .tokens container. No JavaFX. */
module dev.sws.codec {
    requires transitive dev.sws.audio;

    exports dev.sws.codec;
}
