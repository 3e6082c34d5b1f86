package io.mnemos.messaging.it;

import io.mnemos.devstack.JdbcSettings;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A minimal service using mnemos-messaging: Boot auto-configuration only (no component scan, so each test adds just the
 * listeners it wants), its own Flyway migration ({@code db/migration}: table {@code it_counter}) in a schema of its own.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class TestApp {

    /** Starts the app on {@code schema} with the given extra configuration classes and {@code key=value} properties. */
    static ConfigurableApplicationContext start(String schema, List<Class<?>> extra, String... properties) {
        List<Class<?>> sources = new ArrayList<>();
        sources.add(TestApp.class);
        sources.addAll(extra);
        JdbcSettings jdbc = ItInfra.jdbc(schema);
        List<String> props = new ArrayList<>(List.of(
                "spring.datasource.url=" + jdbc.url(),
                "spring.datasource.username=" + jdbc.user(),
                "spring.flyway.default-schema=" + schema,
                "spring.flyway.schemas=" + schema,
                "spring.kafka.bootstrap-servers=" + ItInfra.kafkaBootstrap()));
        if (jdbc.password() != null) {
            props.add("spring.datasource.password=" + jdbc.password());
        }
        props.addAll(List.of(properties));
        return new SpringApplicationBuilder(sources.toArray(Class<?>[]::new))
                .properties(props.toArray(String[]::new))
                .run();
    }
}
