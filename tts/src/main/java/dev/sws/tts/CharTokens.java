package dev.sws.tts;

import dev.sws.core.model.ModelContractException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The vocabulary of a TTS model ({@code tokens.txt}: "symbol id" per line, {@code <space>} for the space, id 0 the
 * filler; single characters, and for phoneme models also phone symbols such as {@code SH}) and the layout of a
 * text's ids over the mel frames it is spoken in. As a {@link TextEncoder} it spells text in characters.
 */
public final class CharTokens implements TextEncoder {

    private final Map<Integer, Integer> ids;
    private final Map<String, Integer> symbols;
    private final int size;

    private CharTokens(Map<Integer, Integer> ids, Map<String, Integer> symbols, int size) {
        this.ids = ids;
        this.symbols = symbols;
        this.size = size;
    }

    public static CharTokens read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ModelContractException(file + " is missing or unreadable: " + e.getMessage());
        }
        Map<Integer, Integer> ids = new HashMap<>();
        Map<String, Integer> symbols = new HashMap<>();
        int max = -1;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            int sp = line.lastIndexOf(' ');
            if (sp <= 0) {
                throw new ModelContractException(file + ": line \"" + line + "\" is not \"symbol id\".");
            }
            String sym = line.substring(0, sp);
            int id;
            try {
                id = Integer.parseInt(line.substring(sp + 1).trim());
            } catch (NumberFormatException e) {
                throw new ModelContractException(file + ": line \"" + line + "\" has no integer id.");
            }
            max = Math.max(max, id);
            if (sym.equals("<space>")) {
                ids.put((int) ' ', id);
            } else {
                symbols.put(sym, id);
                if (sym.codePointCount(0, sym.length()) == 1) {
                    ids.put(sym.codePointAt(0), id);
                }
            }
        }
        if (!ids.containsKey((int) ' ')) {
            throw new ModelContractException(file + " has no <space> token.");
        }
        return new CharTokens(ids, Map.copyOf(symbols), max + 1);
    }

    public int size() {
        return size;
    }

    /** The id of a symbol (a character, or a phone such as {@code SH} or {@code B}), or -1 when the vocabulary lacks it. */
    public int symbol(String name) {
        return symbols.getOrDefault(name, -1);
    }

    /** Ids of the characters the model knows; others (already normalised away, in practice) are dropped. */
    @Override
    public int[] encode(String text) {
        return text.codePoints().filter(ids::containsKey).map(ids::get).toArray();
    }

    /** Whether every character of the text is in the vocabulary. */
    public boolean covers(String text) {
        return text.codePoints().allMatch(ids::containsKey);
    }

    /**
     * The (frames) id sequence: {@code uniform} spreads character i over frames [i·T/N, (i+1)·T/N); {@code filler}
     * puts the characters first and fills the rest with id 0 (F5-TTS).
     */
    public static long[] layout(int[] chars, int frames, String mode) {
        long[] out = new long[frames];
        if (chars.length == 0) {
            return out;
        }
        if (mode.equals("uniform")) {
            for (int f = 0; f < frames; f++) {
                out[f] = chars[(int) ((long) f * chars.length / frames)];
            }
        } else {
            for (int i = 0; i < Math.min(chars.length, frames); i++) {
                out[i] = chars[i];
            }
        }
        return out;
    }
}
