package io.mnemos.gateway.system;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;
import org.springframework.stereotype.Component;

/**
 * The last {@link SystemProperties#recentErrors()} failed responses of this gateway instance, in memory only (each
 * instance keeps its own; nothing survives a restart).
 */
@Component
public class RecentErrors {
    private final int capacity;
    private final ArrayDeque<RecentError> entries;

    public RecentErrors(SystemProperties props) {
        this.capacity = props.recentErrors();
        this.entries = new ArrayDeque<>(capacity);
    }

    public synchronized void add(RecentError e) {
        if (entries.size() == capacity) {
            entries.removeFirst();
        }
        entries.addLast(e);
    }

    /** Matching entries, newest first, at most {@code limit}. */
    public synchronized List<RecentError> newest(Predicate<RecentError> filter, int limit) {
        List<RecentError> out = new ArrayList<>(Math.min(limit, entries.size()));
        var it = entries.descendingIterator();
        while (it.hasNext() && out.size() < limit) {
            RecentError e = it.next();
            if (filter.test(e)) {
                out.add(e);
            }
        }
        return Collections.unmodifiableList(out);
    }

    public int capacity() {
        return capacity;
    }
}
