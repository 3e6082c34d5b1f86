package io.mnemos.orchestrator.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RouteExemplarsTest {

    @Test
    void parsesRouteTabTextSkippingCommentsAndBlankLines() {
        RouteExemplars e = RouteExemplars.parse(
                List.of("# comment", "", "MEMORY\t  When did I move?  ", "TASK\tBook a table"), "x");

        assertThat(e.exemplars())
                .containsExactly(
                        new RouteExemplars.Exemplar(Route.MEMORY, "When did I move?"),
                        new RouteExemplars.Exemplar(Route.TASK, "Book a table"));
    }

    @Test
    void rejectsRuleOnlyRoutesUnknownRoutesAndMissingTabs() {
        assertThatThrownBy(() -> RouteExemplars.parse(List.of("VISION\tdescribe this"), "f"))
                .hasMessageContaining("f:1")
                .hasMessageContaining("rules only");
        assertThatThrownBy(() -> RouteExemplars.parse(List.of("MEMORY\tok", "WEATHER\train?"), "f"))
                .hasMessageContaining("f:2");
        assertThatThrownBy(() -> RouteExemplars.parse(List.of("MEMORY when"), "f"))
                .hasMessageContaining("ROUTE<TAB>text");
        assertThatThrownBy(() -> RouteExemplars.parse(List.of("# only a comment"), "f"))
                .hasMessageContaining("at least one");
    }

    @Test
    void shippedExemplarsCoverEverySemanticRoute() {
        RouteExemplars shipped = RouteExemplars.fromClasspath(RouteExemplars.DEFAULT_RESOURCE);

        for (Route route : Route.values()) {
            if (route.semantic()) {
                assertThat(shipped.counts().getOrDefault(route, 0))
                        .as(route.name())
                        .isGreaterThanOrEqualTo(40);
            } else {
                assertThat(shipped.counts()).doesNotContainKey(route);
            }
        }
        assertThat(shipped.exemplars().stream()
                        .map(RouteExemplars.Exemplar::text)
                        .distinct())
                .hasSameSizeAs(shipped.exemplars());
    }
}
