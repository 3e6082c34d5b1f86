package io.mnemos.contracts.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mnemos.contracts.text.NulCharacters.NulCharacterException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class NulCharactersTest {
    record Item(String text, List<String> tags, String[] aliases, Map<String, String> labels, Object extra) {}

    record Body(String name, List<Item> items) {}

    private final JsonMapper json =
            JsonMapper.builder().addModule(NulCharacters.module()).build();

    private String failingField(String body) {
        NulCharacterException e =
                catchThrowableOfType(NulCharacterException.class, () -> json.readValue(body, Body.class));
        assertThat(e).as("rejected: %s", body).isNotNull();
        assertThat(e.getOriginalMessage()).contains("NUL");
        return e.field();
    }

    @Test
    void rejectsNulWhereverAStringIsReadAndNamesTheField() {
        assertThat(failingField("{\"name\":\"a\\u0000b\"}")).isEqualTo("name");
        assertThat(failingField("{\"items\":[{\"text\":\"ok\"},{\"text\":\"hello \\u0000 there\"}]}"))
                .isEqualTo("items[1].text");
        assertThat(failingField("{\"items\":[{\"tags\":[\"a\",\"\\u0000\"]}]}")).isEqualTo("items[0].tags[1]");
        assertThat(failingField("{\"items\":[{\"aliases\":[\"\\u0000\"]}]}")).isEqualTo("items[0].aliases[0]");
        assertThat(failingField("{\"items\":[{\"labels\":{\"k\":\"\\u0000\"}}]}"))
                .isEqualTo("items[0].labels.k");
        assertThat(failingField("{\"items\":[{\"labels\":{\"k\\u0000\":\"v\"}}]}"))
                .startsWith("items[0].labels");
        // Untyped values report only where they start.
        assertThat(failingField("{\"items\":[{\"extra\":{\"deep\":[\"\\u0000\"]}}]}"))
                .startsWith("items[0].extra");
    }

    @Test
    void acceptsOtherControlCharactersAndUnicode() {
        Body b = json.readValue("{\"name\":\"tab\\there \\u00e9\\u0001\",\"items\":[]}", Body.class);
        assertThat(b.name()).isEqualTo("tab\there é\u0001");
    }

    @Test
    void contains() {
        assertThat(NulCharacters.contains("a\0")).isTrue();
        assertThat(NulCharacters.contains("a0")).isFalse();
    }
}
