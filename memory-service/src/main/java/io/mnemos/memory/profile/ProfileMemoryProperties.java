package io.mnemos.memory.profile;

import io.mnemos.memory.profile.disgraph.DisGraphParams;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of profile memory ({@code mnemos.memory.profile.*}).
 *
 * @param contradictionWindow conflicting statements from one source closer together than this are recorded as a
 *     contradiction instead of the newer replacing the older (default 10 minutes)
 * @param multiValuedAttributes attribute patterns that hold many values at once ({@code *} = any run of characters);
 *     every other attribute is exclusive (default {@link AttributeCatalog#DEFAULT_MULTI_VALUED})
 * @param maxLoadedUsers most users whose DisGraph is kept in memory (default 10,000)
 * @param idleEviction a user's graph not queried or written for this long is dropped (default 30 minutes)
 * @param graph DisGraph build and search parameters
 * @param buildInBackground build users' graphs on a background thread and answer queries by an exact scan of the
 *     stored vectors meanwhile, so no query waits for a build (default true); false: the first query builds it
 * @param warmupUsers at start-up, build the graphs of up to this many most recently active users in the background
 *     (default 100; 0 disables; never more than {@code maxLoadedUsers})
 * @param warmupActiveWithin only users with a fact written or observed this recently are warmed up (default 7 days)
 */
@ConfigurationProperties("mnemos.memory.profile")
public record ProfileMemoryProperties(
        Duration contradictionWindow,
        List<String> multiValuedAttributes,
        Integer maxLoadedUsers,
        Duration idleEviction,
        Graph graph,
        Boolean buildInBackground,
        Integer warmupUsers,
        Duration warmupActiveWithin) {

    public ProfileMemoryProperties {
        contradictionWindow = contradictionWindow == null ? Duration.ofMinutes(10) : contradictionWindow;
        multiValuedAttributes = multiValuedAttributes == null
                ? AttributeCatalog.DEFAULT_MULTI_VALUED
                : List.copyOf(multiValuedAttributes);
        maxLoadedUsers = maxLoadedUsers == null ? 10_000 : maxLoadedUsers;
        idleEviction = idleEviction == null ? Duration.ofMinutes(30) : idleEviction;
        graph = graph == null ? new Graph(null, null, null, null, null, null, null, null, null) : graph;
        buildInBackground = buildInBackground == null || buildInBackground;
        warmupUsers = warmupUsers == null ? 100 : Math.min(warmupUsers, maxLoadedUsers);
        warmupActiveWithin = warmupActiveWithin == null ? Duration.ofDays(7) : warmupActiveWithin;
        if (contradictionWindow.isNegative()
                || maxLoadedUsers < 1
                || idleEviction.isNegative()
                || warmupUsers < 0
                || warmupActiveWithin.isNegative()) {
            throw new IllegalArgumentException("Invalid mnemos.memory.profile settings");
        }
    }

    /** Defaults everywhere. */
    public static ProfileMemoryProperties defaults() {
        return new ProfileMemoryProperties(null, null, null, null, null, null, null, null);
    }

    /** The attribute catalog these settings describe. */
    public AttributeCatalog catalog() {
        return new AttributeCatalog(multiValuedAttributes);
    }

    /** The reconciler these settings describe. */
    public FactReconciler reconciler() {
        return new FactReconciler(catalog(), contradictionWindow);
    }

    /**
     * DisGraph parameters ({@code mnemos.memory.profile.graph.*}); see {@link DisGraphParams}.
     *
     * @param links neighbours a new fact links to (default 16)
     * @param maxDegree most neighbours a fact keeps (default 32)
     * @param efConstruction beam width when inserting (default 100)
     * @param efSearch beam width when querying (default 64)
     * @param pivots sampled entry candidates (default 64)
     * @param entryPoints best pivots that seed a query (default 4)
     * @param expansionHops hop bound of the expansion after the beam (default 2)
     * @param expansionRadius cosine-distance bound of expanded facts from the query (default 0.35)
     * @param quantized store vectors as int8 (default false)
     */
    public record Graph(
            Integer links,
            Integer maxDegree,
            Integer efConstruction,
            Integer efSearch,
            Integer pivots,
            Integer entryPoints,
            Integer expansionHops,
            Float expansionRadius,
            Boolean quantized) {

        /** As {@link DisGraphParams}, defaults filled in (and checked). */
        public DisGraphParams toParams() {
            DisGraphParams d = DisGraphParams.defaults();
            return new DisGraphParams(
                    links == null ? d.links() : links,
                    maxDegree == null ? d.maxDegree() : maxDegree,
                    efConstruction == null ? d.efConstruction() : efConstruction,
                    efSearch == null ? d.efSearch() : efSearch,
                    pivots == null ? d.pivots() : pivots,
                    entryPoints == null ? d.entryPoints() : entryPoints,
                    expansionHops == null ? d.expansionHops() : expansionHops,
                    expansionRadius == null ? d.expansionRadius() : expansionRadius,
                    quantized == null ? d.quantized() : quantized,
                    d.seed());
        }
    }
}
