package io.mnemos.web.security;

import io.mnemos.contracts.identity.Identity;
import java.util.Objects;
import java.util.Optional;

/**
 * The identity of the caller whose request (or other unit of work) is running on this thread. Bound by {@link
 * IdentityFilter} for the duration of each authenticated request; bind it yourself with {@link #runAs} / {@link
 * #callAs} for work that does not come from HTTP (a Kafka consumer processing one tenant's event, a test).
 *
 * <p>Backed by a {@link ScopedValue}: the binding ends with the scope that made it, and it is not inherited by other
 * threads (executors, {@code @Async}, {@code CompletableFuture}): pass the {@link Identity} (or the tenant) along
 * explicitly, or re-bind with {@link #runAs} there.
 */
public final class TenantContext {
    /** Request attribute holding the verified {@link Identity} of an HTTP request. */
    public static final String REQUEST_ATTRIBUTE = TenantContext.class.getName() + ".identity";

    private static final ScopedValue<Identity> CURRENT = ScopedValue.newInstance();

    private TenantContext() {}

    /**
     * The current caller.
     *
     * @throws IllegalStateException if none is bound: an exempt path (health, docs), another thread, or code that
     *                               does not run for a request; a programming error, answered with 500
     */
    public static Identity current() {
        if (!CURRENT.isBound()) {
            throw new IllegalStateException("No caller identity is bound to this thread. TenantContext is bound for"
                    + " authenticated HTTP requests (not exempt paths, not other threads); elsewhere bind one with"
                    + " TenantContext.runAs/callAs.");
        }
        return CURRENT.get();
    }

    /** The current caller's tenant; shorthand for {@code current().tenant()}. */
    public static String tenant() {
        return current().tenant();
    }

    /** The current caller, if one is bound. */
    public static Optional<Identity> find() {
        return CURRENT.isBound() ? Optional.of(CURRENT.get()) : Optional.empty();
    }

    /** Runs {@code work} with {@code identity} as the current caller; the previous binding is restored after. */
    public static void runAs(Identity identity, Runnable work) {
        ScopedValue.where(CURRENT, Objects.requireNonNull(identity, "identity")).run(work);
    }

    /** Calls {@code work} with {@code identity} as the current caller and returns its result. */
    public static <T, X extends Throwable> T callAs(Identity identity, ScopedValue.CallableOp<? extends T, X> work)
            throws X {
        return ScopedValue.where(CURRENT, Objects.requireNonNull(identity, "identity"))
                .call(work);
    }
}
