package io.mnemos.gateway.system;

import java.time.Instant;
import java.util.List;

/**
 * Consumer group lag, as Kafka reported it at {@code fetchedAt}.
 *
 * @param fetchedAt when the offsets were read (reports are reused for a couple of seconds)
 * @param bootstrap the Kafka cluster asked
 * @param groups    every consumer group, by id
 */
public record LagReport(Instant fetchedAt, String bootstrap, List<Group> groups) {

    /**
     * One consumer group.
     *
     * @param groupId    the group id
     * @param state      Kafka's group state, e.g. {@code STABLE}, {@code EMPTY}
     * @param members    consumers currently in the group
     * @param totalLag   sum of the partitions' lag
     * @param partitions every partition the group has committed an offset for
     */
    public record Group(String groupId, String state, int members, long totalLag, List<Partition> partitions) {}

    /**
     * One partition of a group.
     *
     * @param committedOffset the group's committed offset
     * @param endOffset       the partition's end (latest) offset, {@code null} if Kafka did not report it
     * @param lag             end minus committed (never negative), {@code null} without an end offset
     */
    public record Partition(String topic, int partition, long committedOffset, Long endOffset, Long lag) {}
}
