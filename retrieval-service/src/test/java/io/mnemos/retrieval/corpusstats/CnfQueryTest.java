package io.mnemos.retrieval.corpusstats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CnfQueryTest {

    @Test
    void orBindsTighterThanAnd() {
        assertThat(CnfQuery.parse("A OR B AND C").clauses()).containsExactly(List.of("A", "B"), List.of("C"));
        assertThat(CnfQuery.parse("A AND B OR C").clauses()).containsExactly(List.of("A"), List.of("B", "C"));
        assertThat(CnfQuery.parse("natural language processing AND deep learning")
                        .clauses())
                .containsExactly(List.of("natural language processing"), List.of("deep learning"));
        assertThat(CnfQuery.parse("  New   York  ").clauses()).containsExactly(List.of("New York"));
    }

    @Test
    void lowerCaseOperatorsAreWords() {
        assertThat(CnfQuery.parse("Romeo and Juliet or not").clauses())
                .containsExactly(List.of("Romeo and Juliet or not"));
    }

    @Test
    void quotedTermsMayContainOperators() {
        assertThat(CnfQuery.parse("\"Romeo AND Juliet\" AND Verona").clauses())
                .containsExactly(List.of("Romeo AND Juliet"), List.of("Verona"));
        assertThat(CnfQuery.parse("\"say \\\"OR\\\" \\\\ \" OR x").clauses())
                .containsExactly(List.of("say \"OR\" \\ ", "x"));
    }

    @Test
    void toStringRoundTrips() {
        CnfQuery q = new CnfQuery(List.of(List.of("Tom AND Jerry", "a \"b\""), List.of("c")));
        assertThat(CnfQuery.parse(q.toString())).isEqualTo(q);
        assertThat(CnfQuery.and("x", "y").toString()).isEqualTo("x AND y");
    }

    @Test
    void errorsCarryPositions() {
        assertError("", 0, "empty query");
        assertError("   ", 0, "empty query");
        assertError("AND x", 0, "expected a term");
        assertError("x AND", 5, "expected a term after 'AND'");
        assertError("x OR", 4, "expected a term after 'OR'");
        assertError("x AND OR y", 6, "expected a term but found 'OR'");
        assertError("x AND AND y", 6, "expected a term but found 'AND'");
        assertError("x AND \"y", 6, "unterminated");
        assertError("x AND \"  \"", 6, "empty quoted term");
    }

    @Test
    void limits() {
        String many = String.join(" AND ", java.util.Collections.nCopies(CnfQuery.MAX_CLAUSES + 1, "x"));
        assertThatThrownBy(() -> CnfQuery.parse(many)).isInstanceOf(InvalidQueryException.class);
        assertThatThrownBy(() -> new CnfQuery(List.of())).isInstanceOf(InvalidQueryException.class);
        assertThatThrownBy(() -> new CnfQuery(List.of(List.of(" ")))).isInstanceOf(InvalidQueryException.class);
    }

    private static void assertError(String q, int position, String message) {
        assertThatThrownBy(() -> CnfQuery.parse(q)).isInstanceOfSatisfying(InvalidQueryException.class, e -> {
            assertThat(e.position()).isEqualTo(position);
            assertThat(e.getMessage()).contains(message);
        });
    }
}
