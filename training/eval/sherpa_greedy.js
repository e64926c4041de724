#!/usr/bin/env node
// Greedy transcripts of 16 kHz mono WAV files by sherpa-onnx (npm sherpa-onnx-node), the reference runtime of the
// NeMo cache-aware streaming transducer layout the house ASR model is exported in. One line per file: PATH<TAB>TEXT.
//   NODE_PATH=DIR/node_modules node sherpa_greedy.js MODEL_DIR a.wav b.wav ...
// (npm install sherpa-onnx-node@1.13.8 in DIR). Used by SherpaOnnxParityTest and by hand.
const path = require('path');
const sherpa = require('sherpa-onnx-node');

const [modelDir, ...files] = process.argv.slice(2);
if (!modelDir || files.length === 0) {
  console.error('usage: sherpa_greedy.js MODEL_DIR WAV...');
  process.exit(2);
}
const recognizer = new sherpa.OnlineRecognizer({
  featConfig: {sampleRate: 16000, featureDim: 80},
  modelConfig: {
    transducer: {
      encoder: path.join(modelDir, 'encoder.onnx'),
      decoder: path.join(modelDir, 'decoder.onnx'),
      joiner: path.join(modelDir, 'joiner.onnx'),
    },
    tokens: path.join(modelDir, 'tokens.txt'),
    numThreads: 1,
    provider: 'cpu',
    debug: 0,
  },
  decodingMethod: 'greedy_search',
  enableEndpoint: false,
});
for (const f of files) {
  const wave = sherpa.readWave(f);
  const stream = recognizer.createStream();
  stream.acceptWaveform({samples: wave.samples, sampleRate: wave.sampleRate});
  // the same tail the workstation flushes a file with: 1.6 s of silence
  stream.acceptWaveform({samples: new Float32Array(wave.sampleRate * 1.6), sampleRate: wave.sampleRate});
  stream.inputFinished();
  while (recognizer.isReady(stream)) {
    recognizer.decode(stream);
  }
  console.log(f + '\t' + recognizer.getResult(stream).text.trim().toLowerCase());
}
