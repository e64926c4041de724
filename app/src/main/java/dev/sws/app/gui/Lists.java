package dev.sws.app.gui;

import javafx.collections.ObservableList;

import java.util.List;
import java.util.Objects;

/** Small helpers for observable lists that views mirror line by line. */
final class Lists {

    private Lists() {
    }

    /**
     * Makes {@code target} equal to {@code next} by replacing only the stretch between their common beginning and
     * end, so that a view mirroring the list rebuilds only the lines that changed (an edit of one segment: one line).
     */
    static <T> void update(ObservableList<T> target, List<T> next) {
        int head = 0;
        int max = Math.min(target.size(), next.size());
        while (head < max && Objects.equals(target.get(head), next.get(head))) {
            head++;
        }
        int tail = 0;
        while (tail < max - head && Objects.equals(target.get(target.size() - 1 - tail), next.get(next.size() - 1 - tail))) {
            tail++;
        }
        if (head == target.size() && head == next.size()) {
            return;
        }
        int oldEnd = target.size() - tail;
        List<T> middle = next.subList(head, next.size() - tail);
        if (oldEnd - head == middle.size()) {
            for (int i = 0; i < middle.size(); i++) {
                target.set(head + i, middle.get(i));
            }
        } else {
            target.remove(head, oldEnd);
            target.addAll(head, middle);
        }
    }
}
