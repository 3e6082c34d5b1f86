package io.mnemos.orchestrator.routing;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the embedded semantic router and the cross-modal reuse cache.
 *
 * @param exemplars classpath resource holding the route exemplars ({@code ROUTE<TAB>text} lines)
 * @param k exemplars that vote on a turn's route
 * @param minConfidence vote share the winning route needs; below it the turn takes {@code fallback}
 * @param minSimilarity cosine the nearest exemplar must reach; below it the turn takes {@code fallback}
 * @param fallback the safe route for turns the router is unsure about (never TASK, which acts for the user)
 * @param knownNameWeight vote added to MEMORY (as a fraction of the total) when the turn names a person the user's
 *     memory knows; 0 turns the cue off
 * @param unknownNameWeight vote added to DOCUMENTS (as a fraction of the total) when the turn names nobody the user's
 *     memory knows but has other proper nouns; 0 turns the cue off
 * @param firstPersonWeight vote added to MEMORY (as a fraction of the total) when the turn is a question about the
 *     user's own past or things; 0 turns the cue off
 * @param embeddingCacheSize turn texts whose vectors are remembered (repeated turns skip the model)
 * @param reuse the cross-modal reuse cache
 * @param knownNames the per-user memory context of names ({@link KnownNames})
 */
@Validated
@ConfigurationProperties("mnemos.routing")
public record RoutingProperties(
        @NotBlank @DefaultValue(RouteExemplars.DEFAULT_RESOURCE) String exemplars,
        @Min(1) @DefaultValue("7") int k,
        @DecimalMin("0") @DecimalMax("1") @DefaultValue("0.4") double minConfidence,
        @DecimalMin("-1") @DecimalMax("1") @DefaultValue("0.2") double minSimilarity,
        @NotNull @DefaultValue("CHITCHAT") Route fallback,
        @DecimalMin("0") @DefaultValue("0.5") double knownNameWeight,
        @DecimalMin("0") @DefaultValue("0.5") double unknownNameWeight,
        @DecimalMin("0") @DefaultValue("0.5") double firstPersonWeight,
        @Min(1) @DefaultValue("10000") long embeddingCacheSize,
        @Valid @NotNull @DefaultValue Reuse reuse,
        @Valid @NotNull @DefaultValue Names knownNames) {

    /**
     * @param maxEntries results kept per reuse cache
     * @param timeToLive how long a result may be reused
     */
    public record Reuse(
            @Min(1) @DefaultValue("10000") long maxEntries, @NotNull @DefaultValue("1h") Duration timeToLive) {}

    /**
     * @param maxUsers users whose known names are kept in memory
     * @param namesPerUser names kept per user (oldest dropped first)
     * @param idleTime how long a user's names are kept after their last turn
     */
    public record Names(
            @Min(1) @DefaultValue("10000") long maxUsers,
            @Min(1) @DefaultValue("64") int namesPerUser,
            @NotNull @DefaultValue("1d") Duration idleTime) {

        KnownNames.Settings settings() {
            return new KnownNames.Settings(maxUsers, namesPerUser, idleTime);
        }
    }

    /** The router settings these properties describe. */
    public SemanticRouter.Settings routerSettings() {
        return new SemanticRouter.Settings(
                k, minConfidence, minSimilarity, fallback, knownNameWeight, unknownNameWeight, firstPersonWeight);
    }
}
