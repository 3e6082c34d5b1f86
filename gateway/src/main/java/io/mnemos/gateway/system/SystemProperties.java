package io.mnemos.gateway.system;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The admin system view ({@code /v1/admin/system/**}).
 *
 * @param kafkaBootstrap    Kafka {@code bootstrap.servers} whose consumer groups are reported (defaults to {@code
 *                          spring.kafka.bootstrap-servers}, i.e. {@code SPRING_KAFKA_BOOTSTRAP_SERVERS}, then {@code
 *                          MNEMOS_KAFKA_BOOTSTRAP})
 * @param kafkaTimeout      time box for one lag report (all admin calls together); 503 when exceeded
 * @param lagCacheTtl       how long a lag report (or a failure to get one) is reused, so polling consoles cannot
 *                          hammer Kafka
 * @param recentErrors      how many failed responses this gateway instance keeps (oldest dropped first)
 * @param maxProblemBody    largest problem+json body whose title and detail are recorded; larger bodies are not
 *                          parsed
 */
@Validated
@ConfigurationProperties("mnemos.gateway.system")
public record SystemProperties(
        @NotBlank @DefaultValue("127.0.0.1:9092") String kafkaBootstrap,
        @NotNull @DefaultValue("3s") Duration kafkaTimeout,
        @NotNull @DefaultValue("2s") Duration lagCacheTtl,
        @Min(1) @Max(10_000) @DefaultValue("200") int recentErrors,
        @Min(256) @Max(65_536) @DefaultValue("8192") int maxProblemBody) {}
