package dev.sws.asr.correction;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A Hugging Face {@code tokenizer.json} (DJL's binding of the Rust tokenizers): text to ids without adding special
 * tokens (prompts spell them out), ids to text without them. Owns the native tokenizer; close it.
 */
public final class LlmTokenizer implements AutoCloseable {
    private final HuggingFaceTokenizer tok;

    private LlmTokenizer(HuggingFaceTokenizer tok) {
        this.tok = tok;
    }

    public static LlmTokenizer load(Path tokenizerJson) throws IOException {
        if (!Files.isRegularFile(tokenizerJson)) {
            throw new IOException("no tokenizer.json at " + tokenizerJson);
        }
        try {
            return new LlmTokenizer(HuggingFaceTokenizer.newInstance(tokenizerJson,
                    Map.of("addSpecialTokens", "false", "modelMaxLength", "1000000")));
        } catch (RuntimeException e) {
            throw new IOException("cannot read " + tokenizerJson + ": " + e.getMessage(), e);
        }
    }

    public long[] encode(String text) {
        Encoding e = tok.encode(text, false, false);
        return e.getIds();
    }

    public String decode(long[] ids) {
        return tok.decode(ids, true);
    }

    /** The id of a token spelled exactly like {@code token} (a special token), or -1. */
    public long idOf(String token) {
        long[] ids = tok.encode(token, false, false).getIds();
        return ids.length == 1 ? ids[0] : -1;
    }

    @Override
    public void close() {
        tok.close();
    }
}
