package io.mnemos.messaging.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.mnemos.contracts.EventCodec;
import io.mnemos.messaging.MessagingProperties;
import io.mnemos.messaging.consumer.IdempotentConsumer;
import io.mnemos.messaging.internal.MessagingDatabase;
import io.mnemos.messaging.internal.MessagingHousekeeping;
import io.mnemos.messaging.kafka.KafkaClientDefaults;
import io.mnemos.messaging.outbox.JdbcOutbox;
import io.mnemos.messaging.outbox.Outbox;
import io.mnemos.messaging.outbox.OutboxBacklog;
import io.mnemos.messaging.outbox.OutboxHealthIndicator;
import io.mnemos.messaging.outbox.OutboxMetrics;
import io.mnemos.messaging.outbox.OutboxRelay;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Wires the transactional outbox, its relay and the idempotent consumer for a service with a {@link DataSource}: the
 * messaging tables ({@link MessagingDatabase}, migrated after the service's own Flyway), {@link Outbox}, {@link
 * OutboxRelay} (unless {@code mnemos.messaging.outbox.relay.enabled=false}), {@link IdempotentConsumer}, the backlog
 * metrics and the {@code outbox} health indicator.
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
            "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration",
            "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
            "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"
        })
@ConditionalOnClass({DataSource.class, JdbcTemplate.class})
@ConditionalOnSingleCandidate(DataSource.class)
@EnableConfigurationProperties(MessagingProperties.class)
public class MessagingAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    EventCodec mnemosEventCodec() {
        return new EventCodec();
    }

    @Bean
    @ConditionalOnMissingBean
    MessagingDatabase mnemosMessagingDatabase(
            DataSource dataSource, MessagingProperties properties, Environment environment) {
        MessagingProperties.Schema schema = properties.schema();
        return new MessagingDatabase(
                dataSource, () -> configuredSchema(schema, environment), schema.migrate(), schema.historyTable());
    }

    /** {@code mnemos.messaging.schema.name}, else {@code spring.flyway.default-schema}, else the first Flyway schema. */
    static String configuredSchema(MessagingProperties.Schema schema, Environment environment) {
        if (schema.name() != null && !schema.name().isBlank()) {
            return schema.name();
        }
        Binder binder = Binder.get(environment);
        String flywayDefault =
                binder.bind("spring.flyway.default-schema", String.class).orElse(null);
        if (flywayDefault != null && !flywayDefault.isBlank()) {
            return flywayDefault;
        }
        return binder.bind("spring.flyway.schemas", Bindable.listOf(String.class))
                .map(l -> l.isEmpty() ? null : l.getFirst())
                .orElse(null);
    }

    @Bean
    @ConditionalOnMissingBean
    OutboxBacklog mnemosOutboxBacklog(MessagingDatabase database) {
        return new OutboxBacklog(database);
    }

    @Bean
    @ConditionalOnMissingBean
    OutboxMetrics mnemosOutboxMetrics(ObjectProvider<MeterRegistry> registry, OutboxBacklog backlog) {
        return new OutboxMetrics(registry.getIfAvailable(() -> Metrics.globalRegistry), backlog);
    }

    @Bean
    @ConditionalOnMissingBean(Outbox.class)
    @DependsOnDatabaseInitialization
    JdbcOutbox mnemosOutbox(MessagingDatabase database, EventCodec codec, ObjectProvider<OutboxRelay> relay) {
        return new JdbcOutbox(database, codec, () -> relay.ifAvailable(OutboxRelay::wakeUp));
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnSingleCandidate(PlatformTransactionManager.class)
    @DependsOnDatabaseInitialization
    IdempotentConsumer mnemosIdempotentConsumer(
            MessagingDatabase database,
            PlatformTransactionManager transactionManager,
            EventCodec codec,
            ObjectProvider<MeterRegistry> registry) {
        return new IdempotentConsumer(
                database, transactionManager, codec, registry.getIfAvailable(() -> Metrics.globalRegistry));
    }

    @Bean
    @ConditionalOnMissingBean
    @DependsOnDatabaseInitialization
    MessagingHousekeeping mnemosMessagingHousekeeping(MessagingDatabase database, MessagingProperties properties) {
        return new MessagingHousekeeping(
                database,
                properties.outbox().retention(),
                properties.consumer().processedRetention(),
                properties.outbox().cleanupInterval());
    }

    /** The relay, publishing with its own idempotent producer built from Boot's {@code spring.kafka.*} settings. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(KafkaTemplate.class)
    @ConditionalOnBean(ProducerFactory.class)
    @ConditionalOnProperty(name = "mnemos.messaging.outbox.relay.enabled", havingValue = "true", matchIfMissing = true)
    static class RelayConfiguration {

        @Bean
        @ConditionalOnMissingBean
        @DependsOnDatabaseInitialization
        OutboxRelay mnemosOutboxRelay(
                MessagingDatabase database,
                ProducerFactory<?, ?> producerFactory,
                MessagingProperties properties,
                OutboxMetrics metrics) {
            MessagingProperties.Relay relay = properties.outbox().relay();
            DefaultKafkaProducerFactory<String, String> relayProducers = new DefaultKafkaProducerFactory<>(
                    relayProducerConfig(producerFactory.getConfigurationProperties(), relay),
                    new StringSerializer(),
                    new StringSerializer());
            relayProducers.setPhysicalCloseTimeout(5);
            return new OutboxRelay(
                    database, new KafkaTemplate<>(relayProducers), relayProducers::reset, relay, metrics);
        }

        /** Boot's producer settings with the relay's guarantees enforced and sends bounded by the relay's timeout. */
        static Map<String, Object> relayProducerConfig(Map<String, Object> boot, MessagingProperties.Relay relay) {
            Map<String, Object> config = new HashMap<>(boot);
            config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
            config.putAll(KafkaClientDefaults.RELAY_PRODUCER_OVERRIDES);
            long maxBlock = Math.min(
                    relay.sendTimeout().toMillis(),
                    Long.parseLong(String.valueOf(config.getOrDefault(ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000))));
            config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlock);
            Object clientId = config.get(ProducerConfig.CLIENT_ID_CONFIG);
            config.put(
                    ProducerConfig.CLIENT_ID_CONFIG,
                    (clientId == null || clientId.toString().isBlank() ? "mnemos" : clientId.toString())
                            + "-outbox-relay");
            return config;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnEnabledHealthIndicator("outbox")
    static class HealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "outboxHealthIndicator")
        OutboxHealthIndicator outboxHealthIndicator(
                OutboxBacklog backlog, MessagingProperties properties, ObjectProvider<OutboxRelay> relay) {
            return new OutboxHealthIndicator(backlog, properties.outbox().maxBacklogAge(), relay.getIfAvailable());
        }
    }
}
