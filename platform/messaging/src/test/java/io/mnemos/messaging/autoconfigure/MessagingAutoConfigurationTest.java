package io.mnemos.messaging.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnemos.messaging.MessagingProperties;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.mock.env.MockEnvironment;

class MessagingAutoConfigurationTest {

    private static MessagingProperties.Schema schema(String name) {
        Map<String, String> values = name == null ? Map.of() : Map.of("s.name", name);
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("s", MessagingProperties.Schema.class);
    }

    @Test
    void theSchemaIsTheConfiguredOneThenFlywaysDefaultThenFlywaysFirst() {
        MockEnvironment env = new MockEnvironment()
                .withProperty("spring.flyway.default-schema", "memory")
                .withProperty("spring.flyway.schemas", "other,memory");
        assertThat(MessagingAutoConfiguration.configuredSchema(schema("explicit"), env))
                .isEqualTo("explicit");
        assertThat(MessagingAutoConfiguration.configuredSchema(schema(null), env))
                .isEqualTo("memory");

        MockEnvironment onlySchemas = new MockEnvironment().withProperty("spring.flyway.schemas", "retrieval,x");
        assertThat(MessagingAutoConfiguration.configuredSchema(schema(null), onlySchemas))
                .isEqualTo("retrieval");

        // null: MessagingDatabase then uses the connection's current schema
        assertThat(MessagingAutoConfiguration.configuredSchema(schema(null), new MockEnvironment()))
                .isNull();
    }
}
