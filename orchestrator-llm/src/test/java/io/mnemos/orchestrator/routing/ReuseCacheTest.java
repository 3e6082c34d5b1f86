package io.mnemos.orchestrator.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mnemos.orchestrator.routing.ReuseCache.Key;
import io.mnemos.orchestrator.routing.ReuseCache.Kind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReuseCacheTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicLong nanos = new AtomicLong();
    private final ReuseCache<String> cache =
            new ReuseCache<>("vision", 100, Duration.ofMinutes(10), meters, nanos::get);
    private final AtomicInteger specialistCalls = new AtomicInteger();

    private String describe() {
        return "caption " + specialistCalls.incrementAndGet();
    }

    @Test
    void sameContentIsAnsweredOnceAndTheAvoidedCallsAreCounted() {
        Key image = Key.image("acme", "ABCDEF01");

        assertThat(cache.getOrCall(image, this::describe)).isEqualTo("caption 1");
        assertThat(cache.getOrCall(Key.image("acme", "abcdef01"), this::describe))
                .isEqualTo("caption 1");
        assertThat(cache.getOrCall(image, this::describe)).isEqualTo("caption 1");

        assertThat(specialistCalls).hasValue(1);
        assertThat(cache.callsAvoided(Kind.IMAGE)).isEqualTo(2);
        assertThat(cache.callsMade(Kind.IMAGE)).isEqualTo(1);
        assertThat(meters.get("mnemos.reuse.calls.avoided")
                        .tag("cache", "vision")
                        .tag("kind", "image")
                        .counter()
                        .count())
                .isEqualTo(2.0);
    }

    @Test
    void tenantsNeverShareResults() {
        cache.getOrCall(Key.image("acme", "h1"), this::describe);
        String other = cache.getOrCall(Key.image("globex", "h1"), this::describe);

        assertThat(other).isEqualTo("caption 2");
        assertThat(cache.callsAvoided(Kind.IMAGE)).isZero();
    }

    @Test
    void questionsAreKeyedByNormalisedText() {
        assertThat(Key.question("t", "  What is  BM25?? ")).isEqualTo(Key.question("t", "what is bm25"));
        assertThat(Key.question("t", "Ｗhat is BM25")).isEqualTo(Key.question("t", "what is bm25")); // NFKC full width
        assertThat(Key.question("t", "what is bm25")).isNotEqualTo(Key.question("t", "what is bm2"));

        cache.getOrCall(Key.question("t", "Who wrote Dune?"), this::describe);
        cache.getOrCall(Key.question("t", "who wrote dune"), this::describe);
        assertThat(specialistCalls).hasValue(1);
        assertThat(cache.callsAvoided(Kind.QUESTION)).isEqualTo(1);
    }

    @Test
    void audioSegmentsAreKeyedByTheirBytes() {
        byte[] segment = "pcm-bytes".getBytes(StandardCharsets.UTF_8);
        assertThat(Key.audio("t", segment)).isEqualTo(Key.audio("t", segment.clone()));
        assertThat(Key.audio("t", segment).identity()).hasSize(64);
        assertThat(Key.audio("t", segment)).isNotEqualTo(Key.audio("t", "other".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void failuresAndNullResultsAreNotCached() {
        Key key = Key.image("t", "h");
        assertThatThrownBy(() -> cache.getOrCall(key, () -> {
                    throw new IllegalStateException("vision down");
                }))
                .hasMessage("vision down");
        assertThat(cache.getOrCall(key, () -> null)).isNull();
        assertThat(cache.find(key)).isEmpty();

        assertThat(cache.getOrCall(key, this::describe)).isEqualTo("caption 1");
        assertThat(cache.callsMade(Kind.IMAGE)).isEqualTo(3);
        assertThat(cache.callsAvoided(Kind.IMAGE)).isZero();
    }

    @Test
    void resultsExpireAfterTheirTimeToLive() {
        Key key = Key.question("t", "q");
        cache.getOrCall(key, this::describe);
        nanos.addAndGet(Duration.ofMinutes(9).toNanos());
        assertThat(cache.getOrCall(key, this::describe)).isEqualTo("caption 1");

        nanos.addAndGet(Duration.ofMinutes(2).toNanos());
        assertThat(cache.getOrCall(key, this::describe)).isEqualTo("caption 2");
    }

    @Test
    void putStoresAResultObtainedElsewhere() {
        cache.put(Key.image("t", "h"), "from replay");
        assertThat(cache.getOrCall(Key.image("t", "h"), this::describe)).isEqualTo("from replay");
        assertThat(specialistCalls).hasValue(0);
    }
}
