package dev.sws.app.cli.measure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sws.asr.punct.Punctuator;
import dev.sws.core.util.Json;
import dev.sws.core.util.UserFacingException;
import dev.sws.workstation.Workstation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code sws eval punct}: punctuation F1 (comma, period, question mark) and casing accuracy of the installed
 * punctuation model against labelled word streams (training/punct/refs.py writes them: one JSON object per line with
 * {@code words}, {@code punct} and {@code case}), each stream read as one finished text; and the time per call.
 */
@Command(name = "punct", description = "Punctuation F1 and casing accuracy against labelled word streams (JSON lines).")
final class EvalPunct implements Callable<Integer> {

    @ParentCommand
    EvalCommand eval;
    @Spec
    CommandSpec spec;
    @Option(names = "--refs", split = ",", required = true, description = "NAME=FILE.jsonl (comma-separated for several).")
    List<String> refs;
    @Option(names = "--limit", defaultValue = "0", description = "At most this many streams per set (0: all).")
    int limit;

    @Override
    public Integer call() throws Exception {
        Workstation ctx = eval.context();
        PrintWriter o = spec.commandLine().getOut();
        Punctuator p = ctx.punctuation().punctuator().orElseThrow(() -> new UserFacingException(
                "No punctuation model is installed; see 'sws models list'."));
        o.println("| set | streams | words | comma F1 | period F1 | question F1 | F1 (all three) | casing accuracy | ms per stream (median, max) |");
        o.println("|---|---|---|---|---|---|---|---|---|");
        for (String set : refs) {
            String[] kv = set.split("=", 2);
            if (kv.length != 2) {
                throw new UserFacingException("--refs takes NAME=FILE.jsonl, not '" + set + "'.");
            }
            int[][] counts = new int[4][3];   // per mark: tp, fp, fn
            long words = 0;
            long caseRight = 0;
            List<Double> ms = new ArrayList<>();
            try (BufferedReader r = Files.newBufferedReader(Path.of(kv[1]), StandardCharsets.UTF_8)) {
                String line;
                while ((line = r.readLine()) != null && (limit == 0 || ms.size() < limit)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode n = Json.mapper().readTree(line);
                    List<String> w = Arrays.asList(n.path("words").asText().split(" "));
                    String pt = n.path("punct").asText();
                    String cs = n.path("case").asText();
                    if (pt.length() != w.size() || cs.length() != w.size()) {
                        throw new UserFacingException(kv[1] + ": a line's labels do not match its words.");
                    }
                    long t0 = System.nanoTime();
                    List<Punctuator.Label> got = p.label(List.of(), w, true);
                    ms.add((System.nanoTime() - t0) / 1e6);
                    for (int i = 0; i < w.size(); i++) {
                        int want = pt.charAt(i) - '0';
                        int have = got.get(i).mark().ordinal();
                        if (want == have) {
                            counts[want][0]++;
                        } else {
                            counts[have][1]++;
                            counts[want][2]++;
                        }
                        caseRight += got.get(i).casing().ordinal() == cs.charAt(i) - '0' ? 1 : 0;
                    }
                    words += w.size();
                }
            }
            ms.sort(null);
            int tp = 0;
            int fp = 0;
            int fn = 0;
            for (int m = 1; m <= 3; m++) {
                tp += counts[m][0];
                fp += counts[m][1];
                fn += counts[m][2];
            }
            o.printf(Locale.ROOT, "| %s | %d | %d | %.3f | %.3f | %.3f | **%.3f** | %.3f | %.1f, %.1f |%n", kv[0], ms.size(), words,
                    f1(counts[1][0], counts[1][1], counts[1][2]), f1(counts[2][0], counts[2][1], counts[2][2]),
                    f1(counts[3][0], counts[3][1], counts[3][2]), f1(tp, fp, fn), caseRight / (double) Math.max(1, words),
                    ms.isEmpty() ? 0 : ms.get(ms.size() / 2), ms.isEmpty() ? 0 : ms.getLast());
        }
        o.flush();
        return 0;
    }

    private static double f1(int tp, int fp, int fn) {
        return 2.0 * tp / Math.max(1, 2 * tp + fp + fn);
    }
}
