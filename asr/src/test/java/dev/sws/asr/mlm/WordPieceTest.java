package dev.sws.asr.mlm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The tokenizer against the cases of Google's own BERT tokenizer tests (tokenization_test.py). */
class WordPieceTest {

    @Test
    void splitsAsGooglesTokenizerDoes(@TempDir Path dir) throws Exception {
        List<String> vocab = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "want", "##want", "##ed", "wa", "un",
                "runn", "##ing", ",", "low", "lowest");
        Files.write(dir.resolve("vocab.txt"), vocab);
        WordPiece wp = WordPiece.load(dir.resolve("vocab.txt"));
        assertEquals(List.of("un", "##want", "##ed", ",", "runn", "##ing"), pieces(wp, "UNwant\u00E9d,running"));
        assertEquals(List.of("[UNK]", "runn", "##ing"), pieces(wp, "unwantedX running"));
        assertEquals(List.of(), pieces(wp, ""));
        assertEquals(List.of("low", "lowest"), pieces(wp, " \tlow\n lowest "));
        assertEquals(List.of("hello", "!", "how", "are", "you", "?"),
                WordPiece.basicTokens(" \tHeLLo!how  \n Are yoU?  "));
        assertEquals(List.of("hello"), WordPiece.basicTokens("H\u00E9llo"));
        assertEquals(List.of("don", "'", "t"), WordPiece.basicTokens("don't"));
        assertEquals(4, wp.mask());
        assertEquals(2, wp.cls());
    }

    private static List<String> pieces(WordPiece wp, String text) {
        return Arrays.stream(wp.encode(text)).mapToObj(wp::piece).toList();
    }
}
