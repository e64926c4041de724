package dev.sws.asr.model;

import dev.sws.core.model.ModelContractException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The vocabulary in {@code tokens.txt}: one {@code "piece id"} per line, ids 0..N-1 in order, {@code <blk>} last
 * (NeMo puts the blank after the BPE pieces). Pieces starting with {@code ▁} begin a word.
 */
public final class TokenTable {

    public static final String WORD_START = "\u2581";

    private final String[] pieces;
    private final int blank;

    private TokenTable(String[] pieces, int blank) {
        this.pieces = pieces;
        this.blank = blank;
    }

    public static TokenTable load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ModelContractException("tokens.txt cannot be read (" + e.getMessage() + ").", e);
        }
        List<String> pieces = new ArrayList<>();
        for (String raw : lines) {
            if (raw.isBlank()) {
                continue;
            }
            int sp = raw.lastIndexOf(' ');
            if (sp <= 0) {
                throw new ModelContractException("tokens.txt line '" + raw + "' is not 'piece id'.");
            }
            int id;
            try {
                id = Integer.parseInt(raw.substring(sp + 1).strip());
            } catch (NumberFormatException e) {
                throw new ModelContractException("tokens.txt line '" + raw + "' has no numeric id.");
            }
            if (id != pieces.size()) {
                throw new ModelContractException("tokens.txt ids must be 0..N-1 in order; line '" + raw + "' is out of order.");
            }
            pieces.add(raw.substring(0, sp));
        }
        if (pieces.isEmpty() || !pieces.getLast().equals("<blk>")) {
            throw new ModelContractException("tokens.txt must end with the blank token <blk>.");
        }
        return new TokenTable(pieces.toArray(String[]::new), pieces.size() - 1);
    }

    /** Pieces including the blank. */
    public int size() {
        return pieces.length;
    }

    public int blank() {
        return blank;
    }

    public String piece(int id) {
        return pieces[id];
    }

    public boolean startsWord(int id) {
        return pieces[id].startsWith(WORD_START);
    }

    /** Concatenates pieces, turning {@code ▁} into spaces; special tokens like {@code <unk>} are dropped. */
    public String text(int[] ids, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            String p = pieces[ids[i]];
            if (p.startsWith("<") && p.endsWith(">")) {
                continue;
            }
            sb.append(p.replace(WORD_START, " "));
        }
        return sb.toString().strip().replaceAll("\\s+", " ");
    }

    public String text(int[] ids) {
        return text(ids, 0, ids.length);
    }
}
