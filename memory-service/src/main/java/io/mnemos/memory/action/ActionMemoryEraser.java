package io.mnemos.memory.action;

import io.mnemos.memory.erasure.ErasedItems;
import io.mnemos.memory.erasure.UserMemoryEraser;
import java.util.Objects;

/**
 * Erases a user's action memory: the replay scripts compiled from their traces (with every run of those scripts), the
 * runs they started of other scripts, and their traces. Shared demonstrations (traces without a user) stay. The
 * script cache is dropped now and after commit.
 */
public final class ActionMemoryEraser implements UserMemoryEraser {

    private final ActionTraces traces;

    public ActionMemoryEraser(ActionTraces traces) {
        this.traces = Objects.requireNonNull(traces, "traces");
    }

    @Override
    public ErasedItems erase(String tenant, String userId) {
        return new ErasedItems("action", traces.deleteOfUser(tenant, userId));
    }
}
