package io.mnemos.messaging.autoconfigure;

import io.mnemos.contracts.Topics;
import io.mnemos.messaging.MessagingProperties;
import io.mnemos.messaging.kafka.DeadLetterErrorHandlers;
import io.mnemos.messaging.kafka.KafkaClientDefaults;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;

/**
 * Kafka defaults for Mnemos services, layered on Spring Boot's {@code spring.kafka.*} clients: consumer and producer
 * defaults ({@link KafkaClientDefaults}; keys set explicitly in {@code spring.kafka.*} win), the dead-lettering
 * listener error handler (picked up by Boot's {@code kafkaListenerContainerFactory}), and declaration of the platform's
 * topics and their dead-letter topics.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@ConditionalOnClass(KafkaTemplate.class)
@EnableConfigurationProperties(MessagingProperties.class)
public class MessagingKafkaAutoConfiguration {

    @Bean
    DefaultKafkaConsumerFactoryCustomizer mnemosConsumerDefaults(Environment environment) {
        // Boot always emits isolation.level (its default is read_uncommitted), so "set explicitly" is read from the
        // environment rather than from the built configuration.
        boolean isolationExplicit = isolationLevelExplicit(Binder.get(environment));
        return factory -> {
            Map<String, Object> configured = new HashMap<>(factory.getConfigurationProperties());
            if (!isolationExplicit) {
                configured.remove(ConsumerConfig.ISOLATION_LEVEL_CONFIG);
            }
            factory.updateConfigs(KafkaClientDefaults.missing(configured, KafkaClientDefaults.CONSUMER));
        };
    }

    static boolean isolationLevelExplicit(Binder binder) {
        if (binder.bind("spring.kafka.consumer.isolation-level", String.class).isBound()) {
            return true;
        }
        for (String prefix : List.of("spring.kafka.properties", "spring.kafka.consumer.properties")) {
            boolean inMap = binder.bind(prefix, Bindable.mapOf(String.class, String.class))
                    .map(m -> m.containsKey(ConsumerConfig.ISOLATION_LEVEL_CONFIG))
                    .orElse(false);
            if (inMap) {
                return true;
            }
        }
        return false;
    }

    @Bean
    DefaultKafkaProducerFactoryCustomizer mnemosProducerDefaults() {
        return factory -> factory.updateConfigs(
                KafkaClientDefaults.missing(factory.getConfigurationProperties(), KafkaClientDefaults.PRODUCER));
    }

    /**
     * Retries retriable listener failures, then dead-letters to {@code <topic>.DLT}; non-retriable ones are
     * dead-lettered at once. Boot's listener container factory uses the single {@link CommonErrorHandler} bean.
     */
    @Bean
    @ConditionalOnMissingBean(CommonErrorHandler.class)
    @ConditionalOnBean(KafkaTemplate.class)
    @ConditionalOnProperty(
            name = "mnemos.messaging.consumer.error-handler",
            havingValue = "true",
            matchIfMissing = true)
    DefaultErrorHandler mnemosKafkaErrorHandler(KafkaTemplate<?, ?> template, MessagingProperties properties) {
        return DeadLetterErrorHandlers.create(template, properties.consumer().retry());
    }

    /** The platform's topics and their dead-letter topics, created at startup if missing. */
    @Bean
    @ConditionalOnProperty(name = "mnemos.messaging.topics.create", havingValue = "true", matchIfMissing = true)
    KafkaAdmin.NewTopics mnemosTopics(MessagingProperties properties) {
        return new KafkaAdmin.NewTopics(newTopics(properties.topics()).toArray(NewTopic[]::new));
    }

    static List<NewTopic> newTopics(MessagingProperties.Topics config) {
        List<NewTopic> topics = new ArrayList<>();
        for (String topic : Topics.all()) {
            for (String name : List.of(topic, Topics.deadLetter(topic))) {
                TopicBuilder builder = TopicBuilder.name(name).partitions(config.partitions());
                if (config.replicationFactor() > 0) {
                    builder.replicas(config.replicationFactor());
                }
                topics.add(builder.build());
            }
        }
        return topics;
    }
}
