package io.mnemos.orchestrator.routing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The router's memory context ({@link TurnInput#knownNames()}) per tenant and user, kept in the orchestrator from what
 * it already sees, so routing needs no extra call to memory per turn.
 *
 * <p><b>What feeds it.</b> (1) The speakers of the turns that the user's memory searches return (imported
 * conversations name their speakers, e.g. "Caroline"; session turns say {@code user}/{@code agent}, which are not
 * names); (2) the proper nouns of the user's own <em>statements</em> (not questions, not turns routed to documents),
 * e.g. "Anna" in "I went hiking with Anna", taken after the turn is routed so a turn never vouches for itself. Only
 * capitalised words count ({@link NameCues}), so "user" or "agent" never become names.
 *
 * <p><b>Bounds.</b> Process-local and empty at start: it fills as the user's turns arrive (a restart or another
 * orchestrator instance starts without it, and routing is then text-only for that user until it refills). At most
 * {@code namesPerUser} names per user (the oldest dropped first), {@code maxUsers} users, forgotten after {@code
 * idleTime} without a turn. Thread-safe.
 */
public final class KnownNames {

    /**
     * @param maxUsers users whose names are kept
     * @param namesPerUser names kept per user, newest first
     * @param idleTime how long a user's names are kept after their last turn
     */
    public record Settings(long maxUsers, int namesPerUser, Duration idleTime) {
        public Settings {
            if (maxUsers < 1 || namesPerUser < 1) {
                throw new IllegalArgumentException("maxUsers and namesPerUser must be >= 1");
            }
            Objects.requireNonNull(idleTime, "idleTime");
        }

        /** 10,000 users, 64 names each, kept a day. */
        public static Settings defaults() {
            return new Settings(10_000, 64, Duration.ofDays(1));
        }
    }

    private record Key(String tenant, String user) {}

    private final Settings settings;
    private final Cache<Key, LinkedHashSet<String>> names;

    public KnownNames(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.names = Caffeine.newBuilder()
                .maximumSize(settings.maxUsers())
                .expireAfterAccess(settings.idleTime())
                .executor(Runnable::run)
                .build();
    }

    /** The names known for this user (a snapshot; empty for a user not seen yet). */
    public Set<String> of(String tenant, String user) {
        LinkedHashSet<String> set = names.getIfPresent(new Key(tenant, user));
        if (set == null) {
            return Set.of();
        }
        synchronized (set) {
            return Set.copyOf(set);
        }
    }

    /**
     * Learns from one of the user's turns, once it is routed: the proper nouns of a statement. Questions ("Which label
     * signed Tim Buckley?") and turns routed to {@link Route#DOCUMENTS} teach nothing: they name things the user asks
     * about, not people in their life.
     */
    public void learnFromTurn(String tenant, String user, String text, Route route) {
        if (route == Route.DOCUMENTS || text.isBlank() || NameCues.isQuestion(text)) {
            return;
        }
        add(tenant, user, NameCues.unknownProperNouns(text, Set.of()));
    }

    /** Learns the speakers of turns found in the user's memory (names only: capitalised, not grammar words). */
    public void learnSpeakers(String tenant, String user, Collection<String> speakers) {
        add(
                tenant,
                user,
                speakers.stream()
                        .filter(s -> s != null && NameCues.looksLikeName(s))
                        .toList());
    }

    private void add(String tenant, String user, Collection<String> found) {
        if (found.isEmpty()) {
            return;
        }
        LinkedHashSet<String> set = names.get(new Key(tenant, user), k -> new LinkedHashSet<>());
        synchronized (set) {
            for (String name : found) {
                set.remove(name); // re-inserted as the newest
                set.add(name);
            }
            while (set.size() > settings.namesPerUser()) {
                set.remove(set.getFirst());
            }
        }
    }
}
