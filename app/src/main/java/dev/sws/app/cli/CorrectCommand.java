package dev.sws.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sws.asr.Segment;
import dev.sws.asr.Transcript;
import dev.sws.asr.correction.Correction;
import dev.sws.asr.correction.WordDiff;
import dev.sws.asr.export.TranscriptExporter;
import dev.sws.core.exec.Progress;
import dev.sws.core.util.UserFacingException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code sws correct [FILE]}: corrects segments given as the JSON of {@code sws transcribe --format json} (n-best
 * lists used) or as plain text, one segment per line; reads stdin without FILE.
 */
@Command(name = "correct", description = "Correct transcript segments with the correction model (JSON from 'transcribe --format json', or text lines).")
final class CorrectCommand implements Callable<Integer> {

    @ParentCommand
    SwsCommand parent;
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "Input file (default or '-': standard input).")
    Path file;

    @Option(names = "--model", description = "Correction model id (default: the installed one).")
    String model;

    @Option(names = "--format", defaultValue = "txt", description = "txt (corrected text per segment), diff (word diffs) or json.")
    String format;

    @Override
    public Integer call() throws IOException {
        if (!List.of("txt", "diff", "json").contains(format)) {
            throw new UserFacingException("--format must be txt, diff or json, not '" + format + "'.");
        }
        String input;
        boolean stdin = file == null || file.toString().equals("-");
        try (InputStream in = stdin ? System.in : Files.newInputStream(file)) {
            input = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UserFacingException(dev.sws.core.util.MissingFile.sentence(file));
        }
        Transcript t = parse(input);
        if (t.segments().stream().allMatch(seg -> seg.nbest().size() < 2)) {
            spec.commandLine().getErr().println("Note: plain text has no alternative hypotheses, so the corrector has little to "
                    + "choose from and keeps every word" + (parent.context().correction().rewrites(model) ? ""
                    : " (this model only chooses among a recogniser's hypotheses; it writes none of its own)")
                    + "; JSON from 'sws transcribe --format json' carries the recogniser's n-best lists.");
        }
        var r = parent.context().correction().correct(t, model, Progress.none());
        PrintWriter out = spec.commandLine().getOut();
        ObjectMapper m = new ObjectMapper();
        ArrayNode arr = m.createArrayNode();
        // text lines in, text lines out: a blank input line stays a blank output line, so the lines still match up
        java.util.Iterator<String> blanks = input.strip().startsWith("{") ? java.util.Collections.emptyIterator()
                : input.strip().lines().iterator();
        for (Correction c : r.corrections()) {
            while (format.equals("txt") && blanks.hasNext() && blanks.next().isBlank()) {
                out.println();
            }
            switch (format) {
                case "txt" -> out.println(c.corrected());
                case "diff" -> out.println(WordDiff.inline(c.original(), c.proposal())
                        + (c.status() == Correction.Status.REJECTED ? "\t(rejected: " + c.reason() + ")" : ""));
                default -> {
                    ObjectNode o = arr.addObject();
                    o.put("original", c.original()).put("corrected", c.corrected()).put("proposal", c.proposal())
                            .put("status", c.status().name().toLowerCase(java.util.Locale.ROOT)).put("reason", c.reason())
                            .put("millis", Math.round(c.millis()));
                }
            }
        }
        if (format.equals("json")) {
            out.println(m.writerWithDefaultPrettyPrinter().writeValueAsString(arr));
        }
        out.flush();
        return 0;
    }

    static Transcript parse(String input) {
        String s = input.strip();
        Transcript t;
        if (s.startsWith("{")) {
            t = TranscriptExporter.readJson(s);
        } else {
            List<Segment> segs = new ArrayList<>();
            for (String line : s.split("\\R")) {
                if (!line.isBlank()) {
                    segs.add(new Segment(segs.size(), 0, 0, line.strip(), List.of(), List.of(), 0));
                }
            }
            t = new Transcript("input", "", segs, 0, 0);
        }
        if (t.segments().isEmpty()) {
            throw new UserFacingException("Nothing to correct: the input has no segments.");
        }
        return t;
    }
}
