package io.mnemos.gateway.system;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Lag of every consumer group of the configured Kafka cluster: for each committed partition, the committed offset,
 * the partition's end offset and the difference. One report takes at most {@link SystemProperties#kafkaTimeout()}
 * and is reused (success or failure) for {@link SystemProperties#lagCacheTtl()}; concurrent callers share one fetch.
 * The admin client is created when the gateway is ready and connects in the background (so the console's first view
 * does not pay for it); a gateway without Kafka starts and serves everything else.
 */
@Component
public class KafkaLag implements DisposableBean {
    private final SystemProperties props;
    private final Clock clock;
    private Admin admin;
    private Instant fetchedAt;
    private LagReport cached;
    private KafkaUnavailableException cachedFailure;

    public KafkaLag(SystemProperties props, Clock clock) {
        this.props = props;
        this.clock = clock;
    }

    /** Connects the admin client off the startup thread; a failure only means the first report connects instead. */
    @EventListener(ApplicationReadyEvent.class)
    public void warmUp() {
        Thread.ofVirtual().name("kafka-lag-warm-up").start(this::connect);
    }

    private synchronized void connect() {
        try {
            admin().describeCluster().nodes().get(props.kafkaTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException e) {
            // Not reachable yet: the client keeps trying with back-off, and report() says so if it still fails.
        }
    }

    /** The current report, fresh or at most {@code lag-cache-ttl} old; blocks, so call it off the event loop. */
    public synchronized LagReport report() {
        Instant now = clock.instant();
        if (fetchedAt == null || !now.isBefore(fetchedAt.plus(props.lagCacheTtl()))) {
            try {
                cached = fetch(now);
                cachedFailure = null;
            } catch (KafkaUnavailableException e) {
                cached = null;
                cachedFailure = e;
            }
            fetchedAt = clock.instant();
        }
        if (cachedFailure != null) {
            throw cachedFailure;
        }
        return cached;
    }

    private LagReport fetch(Instant now) {
        long deadline = System.nanoTime() + props.kafkaTimeout().toNanos();
        try {
            Admin a = admin();
            List<String> groupIds = new ArrayList<>();
            for (GroupListing g :
                    await(a.listGroups(ListGroupsOptions.forConsumerGroups()).all(), deadline)) {
                groupIds.add(g.groupId());
            }
            if (groupIds.isEmpty()) {
                return new LagReport(now, props.kafkaBootstrap(), List.of());
            }
            // One request each (batched per group coordinator by the client), in flight together.
            Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
            groupIds.forEach(g -> specs.put(g, new ListConsumerGroupOffsetsSpec()));
            KafkaFuture<Map<String, ConsumerGroupDescription>> described =
                    a.describeConsumerGroups(groupIds).all();
            KafkaFuture<Map<String, Map<TopicPartition, OffsetAndMetadata>>> offsets =
                    a.listConsumerGroupOffsets(specs).all();
            Map<String, ConsumerGroupDescription> descriptions = await(described, deadline);
            Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = new HashMap<>();
            Set<TopicPartition> partitions = new HashSet<>();
            await(offsets, deadline).forEach((g, byPartition) -> {
                Map<TopicPartition, OffsetAndMetadata> present = new HashMap<>();
                byPartition.forEach((tp, om) -> {
                    if (om != null) { // null: nothing committed for this partition
                        present.put(tp, om);
                    }
                });
                committed.put(g, present);
                partitions.addAll(present.keySet());
            });
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResultInfo> ends =
                    latest.isEmpty() ? Map.of() : await(a.listOffsets(latest).all(), deadline);
            List<LagReport.Group> groups = new ArrayList<>();
            for (String g : groupIds) {
                ConsumerGroupDescription d = descriptions.get(g);
                List<LagReport.Partition> rows = new ArrayList<>();
                committed.getOrDefault(g, Map.of()).forEach((tp, om) -> {
                    ListOffsetsResultInfo end = ends.get(tp);
                    Long endOffset = end == null ? null : end.offset();
                    rows.add(new LagReport.Partition(
                            tp.topic(),
                            tp.partition(),
                            om.offset(),
                            endOffset,
                            endOffset == null ? null : Math.max(0, endOffset - om.offset())));
                });
                rows.sort(Comparator.comparing(LagReport.Partition::topic)
                        .thenComparingInt(LagReport.Partition::partition));
                groups.add(new LagReport.Group(
                        g,
                        d == null ? "UNKNOWN" : d.groupState().name(),
                        d == null ? 0 : d.members().size(),
                        rows.stream()
                                .map(LagReport.Partition::lag)
                                .filter(l -> l != null)
                                .mapToLong(Long::longValue)
                                .sum(),
                        rows));
            }
            groups.sort(Comparator.comparing(LagReport.Group::groupId));
            return new LagReport(now, props.kafkaBootstrap(), groups);
        } catch (TimeoutException e) {
            // The client is kept: it reconnects on its own (with back-off) and keeps what it learnt of the cluster.
            throw new KafkaUnavailableException("Kafka at " + props.kafkaBootstrap() + " did not answer within "
                    + props.kafkaTimeout().toMillis() + " ms (mnemos.gateway.system.kafka-timeout).");
        } catch (ExecutionException e) {
            throw new KafkaUnavailableException("Kafka at " + props.kafkaBootstrap() + " could not report consumer"
                    + " group offsets: " + e.getCause().getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("Interrupted while asking Kafka for consumer group offsets.");
        } catch (org.apache.kafka.common.KafkaException e) {
            closeAdmin();
            throw new KafkaUnavailableException("No Kafka client for " + props.kafkaBootstrap() + ": "
                    + e.getClass().getSimpleName());
        }
    }

    private static <T> T await(KafkaFuture<T> future, long deadlineNanos)
            throws InterruptedException, ExecutionException, TimeoutException {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            throw new TimeoutException();
        }
        return future.get(left, TimeUnit.NANOSECONDS);
    }

    private Admin admin() {
        if (admin == null) {
            int timeoutMs = (int) Math.max(1, props.kafkaTimeout().toMillis());
            Properties p = new Properties();
            p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, props.kafkaBootstrap());
            p.put(AdminClientConfig.CLIENT_ID_CONFIG, "mnemos-gateway-system");
            p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
            p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
            // An unreachable broker must not be retried in a tight loop in the background.
            p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 10_000);
            admin = Admin.create(p);
        }
        return admin;
    }

    private void closeAdmin() {
        if (admin != null) {
            admin.close(Duration.ZERO);
            admin = null;
        }
    }

    @Override
    public synchronized void destroy() {
        closeAdmin();
    }
}
