package io.mnemos.messaging.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnemos.messaging.MessagingProperties;
import io.mnemos.messaging.consumer.IdempotentConsumer;
import io.mnemos.messaging.outbox.Outbox;
import io.mnemos.messaging.outbox.OutboxRelay;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;

/** Wiring without a broker or a database (nothing here connects). */
class MessagingKafkaAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    KafkaAutoConfiguration.class,
                    MessagingKafkaAutoConfiguration.class,
                    MessagingAutoConfiguration.class))
            .withPropertyValues("spring.kafka.admin.auto-create=false");

    @Test
    void consumersGetReadCommittedAndNoAutoCommitByDefault() {
        runner.run(ctx -> {
            Map<String, Object> config = ctx.getBean(ConsumerFactory.class).getConfigurationProperties();
            assertThat(config)
                    .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                    .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            assertThat(config.get(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG)
                            .toString())
                    .contains("StringDeserializer");
        });
    }

    @Test
    void explicitSpringKafkaSettingsWin() {
        runner.withPropertyValues(
                        "spring.kafka.consumer.isolation-level=read-uncommitted",
                        "spring.kafka.consumer.enable-auto-commit=true",
                        "spring.kafka.producer.acks=1")
                .run(ctx -> {
                    assertThat(ctx.getBean(ConsumerFactory.class).getConfigurationProperties())
                            .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted")
                            .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true);
                    assertThat(ctx.getBean(ProducerFactory.class).getConfigurationProperties())
                            .containsEntry(ProducerConfig.ACKS_CONFIG, "1");
                });
    }

    @Test
    void producersAreIdempotentWithAcksAll() {
        runner.run(ctx -> assertThat(ctx.getBean(ProducerFactory.class).getConfigurationProperties())
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all"));
    }

    @Test
    void theBootstrapServersComeFromSpringKafka() {
        runner.withPropertyValues("spring.kafka.bootstrap-servers=kafka-1:9092")
                .run(ctx -> assertThat(ctx.getBean(ConsumerFactory.class)
                                .getConfigurationProperties()
                                .get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG)
                                .toString())
                        .contains("kafka-1:9092"));
    }

    @Test
    void theDeadLetteringErrorHandlerIsRegisteredUnlessTheServiceHasOne() {
        runner.run(ctx -> assertThat(ctx.getBean(CommonErrorHandler.class)).isInstanceOf(DefaultErrorHandler.class));
        runner.withPropertyValues("mnemos.messaging.consumer.error-handler=false")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(CommonErrorHandler.class));
    }

    @Test
    void theTopicsAndTheirDeadLetterTopicsAreDeclared() {
        runner.run(ctx -> assertThat(ctx).hasSingleBean(KafkaAdmin.NewTopics.class));
        assertThat(MessagingKafkaAutoConfiguration.newTopics(new MessagingProperties.Topics(true, 3, (short) -1)))
                .extracting(NewTopic::name, NewTopic::numPartitions)
                .containsExactlyInAnyOrderElementsOf(io.mnemos.contracts.Topics.all().stream()
                        .flatMap(t -> java.util.stream.Stream.of(
                                org.assertj.core.groups.Tuple.tuple(t, 3),
                                org.assertj.core.groups.Tuple.tuple(t + ".DLT", 3)))
                        .toList());
        assertThat(io.mnemos.contracts.Topics.all()).contains("conversation.turns", "memory.events");
        runner.withPropertyValues("mnemos.messaging.topics.create=false")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(KafkaAdmin.NewTopics.class));
    }

    @Test
    void withoutADataSourceThereIsNoOutbox() {
        runner.run(ctx -> assertThat(ctx)
                .hasNotFailed()
                .doesNotHaveBean(Outbox.class)
                .doesNotHaveBean(OutboxRelay.class)
                .doesNotHaveBean(IdempotentConsumer.class));
    }

    @Test
    void theRelayProducerEnforcesItsGuaranteesOverBootSettings() {
        MessagingProperties.Relay relay = new Binder(
                        new MapConfigurationPropertySource(Map.of("r.send-timeout", "10s")))
                .bindOrCreate("r", MessagingProperties.Relay.class);
        Map<String, Object> config = MessagingAutoConfiguration.RelayConfiguration.relayProducerConfig(
                Map.of(
                        ProducerConfig.ACKS_CONFIG, "1",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                        ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-",
                        ProducerConfig.CLIENT_ID_CONFIG, "memory-service"),
                relay);

        assertThat(config)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(
                        ProducerConfig.MAX_BLOCK_MS_CONFIG,
                        Duration.ofSeconds(10).toMillis())
                .containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "memory-service-outbox-relay")
                .doesNotContainKey(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    }
}
