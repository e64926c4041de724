/**
 * Speech recognition: the recogniser for NeMo cache-aware streaming conformers in sherpa-onnx's ONNX layout
 * (transducer and CTC), stream API with endpointing, greedy and beam search with n-best lists, timestamps,
 * file transcription, exports, WER evaluation, and (asr.correction) LLM error correction. No JavaFX.
 */
module dev.sws.asr {
    requires transitive dev.sws.audio;
    requires java.logging;
    requires java.net.http; // the language model install (mlm.BertInstaller)
    requires jdk.management; // the machine's memory, for the masked LM's choice of graph
    requires ai.djl.tokenizers;

    exports dev.sws.asr;
    exports dev.sws.asr.model;
    exports dev.sws.asr.decode;
    exports dev.sws.asr.eval;
    exports dev.sws.asr.export;
    exports dev.sws.asr.correction;
    exports dev.sws.asr.lm;
    exports dev.sws.asr.mlm;
    exports dev.sws.asr.punct;
}
