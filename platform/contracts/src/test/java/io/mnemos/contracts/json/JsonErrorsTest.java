package io.mnemos.contracts.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

class JsonErrorsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Item(int quantity) {}

    record Order(List<Item> items) {}

    @Test
    void aSyntaxErrorIsItsReasonAndPositionWithoutJacksonsSourceMarkers() {
        JacksonException e = catchThrowableOfType(JacksonException.class, () -> JSON.readTree("{"));

        assertThat(JsonErrors.reason(e)).contains("end-of-input").doesNotContain("Source", "start marker", "(");
        assertThat(JsonErrors.location(e)).isEqualTo("line 1, column 2");
    }

    @Test
    void aWrongValueIsNamedByItsPathInTheBody() {
        JacksonException e = catchThrowableOfType(
                JacksonException.class,
                () -> JSON.readValue("{\"items\":[{\"quantity\":1},{\"quantity\":\"many\"}]}", Order.class));

        assertThat(JsonErrors.path(e)).isEqualTo("items[1].quantity");
    }

    @Test
    void expectedFormsAreWordsAClientCanActOn() {
        assertThat(JsonErrors.expected(int.class)).isEqualTo("a whole number");
        assertThat(JsonErrors.expected(UUID.class)).startsWith("a UUID (e.g. ");
        assertThat(JsonErrors.expected(Instant.class)).startsWith("an ISO-8601 timestamp");
        assertThat(JsonErrors.expected(List.class)).isEqualTo("an array");
        assertThat(JsonErrors.expected(Item.class)).isEqualTo("an object");
    }
}
