package io.mnemos.orchestrator.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mnemos.orchestrator.llm.LlmOptions.ResolvedOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Breaker recovery and handler failures, on a scripted backend (no HTTP). */
class ResilientLlmClientTest {

    /** Fails while {@code down} is set, else answers "ok". */
    static final class FlakyBackend implements LlmBackend {
        final AtomicBoolean down = new AtomicBoolean(true);
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public Reply generate(LlmPrompt prompt, ResolvedOptions options) {
            calls.incrementAndGet();
            if (down.get()) {
                throw new InternalServerException("503 from the fake");
            }
            return new Reply("ok", FinishReason.STOP, 1, 1);
        }

        @Override
        public Cancellable stream(LlmPrompt prompt, ResolvedOptions options, Sink sink) {
            calls.incrementAndGet();
            Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 5; i++) {
                    sink.onToken("t" + i);
                }
                sink.onComplete(new Reply("t0t1t2t3t4", FinishReason.STOP, 1, 5));
            });
            return () -> {};
        }

        @Override
        public ChatModel chatModel() {
            throw new UnsupportedOperationException();
        }

        @Override
        public StreamingChatModel streamingChatModel() {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void deadLlmOpensTheBreakerAndARecoveredOneClosesIt() throws Exception {
        TestLlmProperties p = new TestLlmProperties();
        p.maxRetries = 0;
        p.minimumCalls = 2;
        p.window = 2;
        p.openDuration = Duration.ofMillis(300);
        FlakyBackend backend = new FlakyBackend();
        try (ResilientLlmClient client = new ResilientLlmClient(p.build(), () -> backend, new SimpleMeterRegistry())) {
            assertThat(client.generate("a")).isInstanceOf(LlmResult.Degraded.class);
            assertThat(client.generate("b")).isInstanceOf(LlmResult.Degraded.class);
            assertThat(client.isAvailable()).isFalse();
            assertThat(client.generate("c")).isInstanceOfSatisfying(LlmResult.Degraded.class, d -> assertThat(
                            d.failure().kind())
                    .isEqualTo(LlmFailure.Kind.CIRCUIT_OPEN));
            assertThat(backend.calls.get()).isEqualTo(2);

            backend.down.set(false);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!client.isAvailable() && System.nanoTime() < deadline) {
                Thread.sleep(20); // the breaker half-opens by itself after open-duration
            }
            assertThat(client.breaker().getState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
            assertThat(client.generate("d")).isInstanceOf(LlmResult.Completed.class);
            assertThat(client.breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        }
    }

    @Test
    void aThrowingHandlerCancelsTheStream() throws Exception {
        TestLlmProperties p = new TestLlmProperties();
        FlakyBackend backend = new FlakyBackend();
        backend.down.set(false);
        AtomicInteger seen = new AtomicInteger();
        try (ResilientLlmClient client = new ResilientLlmClient(p.build(), () -> backend, new SimpleMeterRegistry())) {
            LlmStream s = client.stream(LlmPrompt.of("x"), LlmOptions.defaults(), t -> {
                if (seen.incrementAndGet() == 2) {
                    throw new IllegalStateException("client went away");
                }
            });
            LlmResult r = s.result().get(5, TimeUnit.SECONDS);

            assertThat(r).isInstanceOfSatisfying(LlmResult.Completed.class, c -> {
                assertThat(c.finishReason()).isEqualTo(FinishReason.CANCELLED);
                assertThat(c.generated()).isEqualTo("t0t1");
            });
            assertThat(seen.get()).isEqualTo(2);
            assertThat(client.breaker().getMetrics().getNumberOfFailedCalls()).isZero();
        }
    }
}
