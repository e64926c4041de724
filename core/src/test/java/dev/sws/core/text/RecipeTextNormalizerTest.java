package dev.sws.core.text;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The training recipes' normaliser ({@code training/common/textnorm.py}, standard-library Python) and the product's
 * ({@link TextNormalizer}) must agree, line for line: word error rates from the recipes' scripts (PocketSphinx
 * references, pseudo-label calibration) are compared with {@code sws eval asr}'s. Runs the Python file itself.
 */
class RecipeTextNormalizerTest {

    static final List<String> LINES = List.of(
            "Hello, World!", "It's 5 o'clock; the 27th of June, 1984.", "Mr. Morgeson's carriage — at 10:30 sharp",
            "CAFÉ naïve coöperate façade", "debtors' prison & the 'quoted' words", "1,000 people paid $25.50",
            "P I T T S B U R G H, two nine eight one", "  spaces\tand\ttabs  ", "ninety-nine bottles", "x1 2x 3rd 21st",
            "“Curly quotes” and ‘single’ ones", "", "don't can't won't 'tis");

    @Test
    void pythonRecipesNormaliseTextAsTheProductDoes() throws Exception {
        Path script = Path.of("../training/common/textnorm.py").toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(script), script + " is missing");
        Process p = new ProcessBuilder("python3", script.toString()).redirectErrorStream(true).start();
        p.getOutputStream().write((String.join("\n", LINES) + "\n").getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "python3 textnorm.py: " + out);
        List<String> python = out.lines().toList();
        assertEquals(LINES.size(), python.size(), out);
        for (int i = 0; i < LINES.size(); i++) {
            assertEquals(TextNormalizer.normalize(LINES.get(i)), python.get(i), "line " + i + ": '" + LINES.get(i) + "'");
        }
    }
}
