package dev.sws.asr.eval;

import dev.sws.asr.FileTranscriber;
import dev.sws.asr.Transcript;
import dev.sws.core.text.TextNormalizer;
import dev.sws.core.exec.Progress;
import dev.sws.core.util.UserFacingException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * WER over a manifest: a TSV with a header and at least the columns {@code path} (relative to the TSV's folder)
 * and {@code normalized} (lowercase words, digits spelled out, no punctuation). Prints one line per file and
 * finally {@code WER <percent> <errors>/<words>}. Hypotheses and references pass the same normaliser. A file that
 * cannot be read counts all its words as deleted and is reported. Paths that do not exist relative to the TSV's
 * folder are also tried relative to its parent (so {@code ../shared/data/allison-train/transcripts.tsv}, whose
 * paths start with {@code allison-train/}, works too).
 */
public final class AsrEvaluator {

    /** One evaluated utterance. */
    public record Item(String path, String reference, String hypothesis, WordErrorRate.Counts counts, String error,
                       double audioSeconds, double computeSeconds) {}

    /** All items and the total. */
    public record Report(List<Item> items, WordErrorRate.Counts total, double audioSeconds, double computeSeconds) {
        public String summaryLine() {
            return String.format(Locale.ROOT, "WER %.2f %d/%d", total.percent(), total.errors(), total.referenceWords());
        }
    }

    /** A manifest row. */
    public record Entry(Path file, String relative, String reference) {}

    private AsrEvaluator() {
    }

    public static List<Entry> readManifest(Path tsv) {
        return readManifest(tsv, true);
    }

    /** As {@link #readManifest(Path)}; without {@code referenceRequired} the 'normalized' column may be absent (""). */
    public static List<Entry> readManifest(Path tsv, boolean referenceRequired) {
        List<String> lines;
        try {
            lines = Files.readAllLines(tsv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserFacingException("Cannot read the manifest " + tsv + " (" + e.getMessage() + ").", e);
        }
        if (lines.isEmpty()) {
            throw new UserFacingException("The manifest " + tsv.getFileName() + " is empty.");
        }
        String[] header = lines.getFirst().split("\t");
        int pathCol = indexOf(header, "path");
        int refCol = indexOf(header, "normalized");
        if (pathCol < 0 || (refCol < 0 && referenceRequired)) {
            throw new UserFacingException("The manifest " + tsv.getFileName() + " needs a header with the columns 'path' and 'normalized'.");
        }
        Path dir = tsv.toAbsolutePath().getParent();
        List<Entry> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] cols = line.split("\t", -1);
            if (cols.length <= Math.max(pathCol, refCol)) {  // refCol may be -1 (no references)
                throw new UserFacingException("Line " + (i + 1) + " of " + tsv.getFileName() + " has too few columns.");
            }
            String rel = cols[pathCol].strip();
            Path f = dir.resolve(rel).normalize();
            if (!Files.exists(f) && dir.getParent() != null && Files.exists(dir.getParent().resolve(rel))) {
                f = dir.getParent().resolve(rel).normalize();
            }
            out.add(new Entry(f, rel, refCol < 0 ? "" : cols[refCol].strip()));
        }
        return out;
    }

    private static int indexOf(String[] header, String name) {
        for (int i = 0; i < header.length; i++) {
            if (header[i].strip().equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Evaluates every entry with {@code recognize} (file → transcript text), writing a line per file to {@code out}.
     */
    public static Report run(List<Entry> entries, Function<Path, Transcript> recognize, Consumer<String> out, Progress progress) {
        List<Item> items = new ArrayList<>();
        WordErrorRate.Counts total = WordErrorRate.Counts.zero();
        double audio = 0;
        double compute = 0;
        int n = 0;
        for (Entry e : entries) {
            progress.checkCancelled();
            String ref = TextNormalizer.normalize(e.reference());
            String hyp = "";
            String error = null;
            double secs = 0;
            double comp = 0;
            try {
                Transcript t = recognize.apply(e.file());
                hyp = TextNormalizer.normalize(t.text());
                secs = t.durationSeconds();
                comp = t.computeSeconds();
            } catch (RuntimeException ex) {
                error = UserFacingException.messageOf(ex);
            }
            WordErrorRate.Counts c = WordErrorRate.compare(ref, hyp);
            total = total.plus(c);
            audio += secs;
            compute += comp;
            Item item = new Item(e.relative(), ref, hyp, c, error, secs, comp);
            items.add(item);
            out.accept(String.format(Locale.ROOT, "%s\t%d/%d\t%s\t%s%s", e.relative(), c.errors(), c.referenceWords(), ref, hyp,
                    error == null ? "" : "\tERROR: " + error));
            progress.update(++n, entries.size(), e.relative());
        }
        Report r = new Report(items, total, audio, compute);
        out.accept(r.summaryLine());
        return r;
    }

    public static Report run(Path manifest, FileTranscriber transcriber, Consumer<String> out, Progress progress) {
        return run(readManifest(manifest), transcriber::transcribe, out, progress);
    }
}
