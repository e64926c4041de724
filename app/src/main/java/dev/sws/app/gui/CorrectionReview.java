package dev.sws.app.gui;

import dev.sws.workstation.Workstation;
import dev.sws.workstation.service.CorrectionService;
import dev.sws.asr.Segment;
import dev.sws.asr.Transcript;
import dev.sws.asr.correction.Correction;
import dev.sws.core.bus.ErrorEvent;
import dev.sws.core.exec.BackgroundTask;
import dev.sws.core.util.UserFacingException;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.List;
import java.util.Locale;

/**
 * View model of the correction review: runs the corrector over the finalized segments in the background, lists
 * each proposed change with its decision, and applies or reverts it in the transcript's segment list. The raw
 * text stays in each item, so rejecting an accepted change restores it.
 */
public final class CorrectionReview {

    public enum Decision { PENDING, ACCEPTED, REJECTED }

    /** One segment's proposal: the segment as recognised, the correction, and what the user decided. */
    public record Item(int segment, Segment raw, Correction correction, Decision decision) {
        public Item with(Decision d) {
            return new Item(segment, raw, correction, d);
        }
    }

    /** The transcript a review changes: its segments now, and how one is replaced (one undo step each). */
    interface Target {
        List<Segment> segments();

        void replace(int index, Segment segment);
    }

    private final Workstation ctx;
    private final Target target;
    private Object owner;   // the transcript document the proposals were made for
    private final ObservableList<Item> items = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");

    CorrectionReview(Workstation ctx, Target target) {
        this.ctx = ctx;
        this.target = target;
    }

    /**
     * Corrects {@code t} (its finalized segments) in the background; proposals appear when done, unless another
     * transcript ({@code owner}) was opened meanwhile: a review belongs to the transcript it was made for.
     */
    public void run(Transcript t, Object owner) {
        if (busy.get() || t == null || t.segments().isEmpty()) {
            return;
        }
        busy.set(true);
        items.clear();
        this.owner = owner;
        status.set("Correcting " + t.segments().size() + " segments…");
        ctx.executor().submit(BackgroundTask.of("correct " + t.source(), p -> ctx.correction().correct(t, null, p))
                .onSuccess(r -> {
                    busy.set(false);
                    if (this.owner == owner) {
                        show(r);
                    }
                })
                .onFailure(e -> {
                    busy.set(false);
                    if (this.owner == owner) {
                        status.set(UserFacingException.messageOf(e));
                        ctx.bus().publish(new ErrorEvent("correct", UserFacingException.messageOf(e), e));
                    }
                })
                .onCancelled(() -> {
                    busy.set(false);
                    status.set("Correction cancelled.");
                }));
    }

    /** Forgets the proposals (another transcript is shown); a correction still running is ignored when it ends. */
    public void clear() {
        owner = null;
        items.clear();
        status.set("");
    }

    private void show(CorrectionService.Result r) {
        List<Correction> cs = r.corrections();
        double ms = cs.stream().mapToDouble(Correction::millis).average().orElse(0);
        for (int i = 0; i < cs.size(); i++) {
            if (cs.get(i).changed()) {
                items.add(new Item(i, r.original().segments().get(i), cs.get(i), Decision.PENDING));
            }
        }
        status.set(String.format(Locale.ROOT, "%d of %d segments have a proposed correction (%d rejected by the guards); "
                + "%.0f ms per segment.", items.size(), cs.size(), r.rejected(), ms));
    }

    public void accept(Item item) {
        decide(item, Decision.ACCEPTED);
    }

    public void reject(Item item) {
        decide(item, Decision.REJECTED);
    }

    public void acceptAll() {
        List.copyOf(items).forEach(this::accept);
    }

    public void rejectAll() {
        List.copyOf(items).forEach(this::reject);
    }

    private void decide(Item item, Decision d) {
        int at = items.indexOf(item);
        if (at < 0 || item.decision() == d) {
            return;
        }
        List<Segment> now = target.segments();
        Segment accepted = CorrectionService.apply(item.raw(), item.correction());
        String expected = item.decision() == Decision.ACCEPTED ? accepted.text() : item.raw().text();
        if (item.segment() >= now.size() || !now.get(item.segment()).text().equals(expected)) {
            status.set(String.format(Locale.ROOT, "The segment at %.1f s was edited after the proposal; it stays as you left it.",
                    item.raw().start()));
            return;
        }
        target.replace(item.segment(), d == Decision.ACCEPTED ? accepted : item.raw());
        items.set(at, item.with(d));
    }

    public ObservableList<Item> items() {
        return items;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }
}
