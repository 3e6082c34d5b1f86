package io.mnemos.contracts.events;

import io.mnemos.contracts.Event;
import io.mnemos.contracts.EventType;
import io.mnemos.contracts.Topics;
import java.util.List;
import java.util.UUID;

/**
 * memory-service changed a user's profile. Carries ids and the attribute name, never the value: a consumer that needs
 * the value reads {@code GET /v1/users/{userId}/profile/facts/{factId}}, so an erasure does not have to chase values
 * through Kafka logs.
 *
 * @param userId       the user whose profile changed
 * @param factId       the fact that was written (inserted, merged into, updated, retracted, deleted or kept)
 * @param attribute    the fact's attribute, e.g. {@code food.preference}
 * @param change       {@code inserted}, {@code merged}, {@code superseded}, {@code contradicted}, {@code updated},
 *                     {@code retracted}, {@code deleted} or {@code resolved}
 * @param version      the fact's version after the change (-1 once deleted)
 * @param superseded   facts that stopped being current because of this change (possibly empty)
 * @param contradictions contradictions opened or resolved by this change (possibly empty)
 */
@EventType(
        name = "memory.profile.updated",
        topic = Topics.MEMORY_EVENTS,
        description = "memory-service changed a profile fact of a user (ids and attribute only, no values).")
public record ProfileUpdated(
        String userId,
        UUID factId,
        String attribute,
        String change,
        long version,
        List<UUID> superseded,
        List<UUID> contradictions)
        implements Event {
    public ProfileUpdated {
        superseded = superseded == null ? List.of() : List.copyOf(superseded);
        contradictions = contradictions == null ? List.of() : List.copyOf(contradictions);
    }
}
