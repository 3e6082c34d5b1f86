package io.mnemos.memory.profile;

import io.mnemos.messaging.outbox.Outbox;
import io.mnemos.model.Embedder;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires profile memory from {@link ProfileMemoryProperties} ({@code mnemos.memory.profile.*}). */
@Configuration(proxyBeanMethods = false)
class ProfileConfiguration {

    @Bean
    FactExtractor factExtractor() {
        return new PatternFactExtractor();
    }

    @Bean
    JdbcProfileStore profileStore(
            JdbcClient jdbc,
            PlatformTransactionManager txManager,
            ProfileMemoryProperties props,
            ObjectProvider<Clock> clock) {
        return new JdbcProfileStore(
                jdbc, new TransactionTemplate(txManager), props.reconciler(), clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    ProfileGraphs profileGraphs(
            ProfileStore store, Embedder embedder, ProfileMemoryProperties props, ObjectProvider<Clock> clock) {
        // One thread builds graphs (a build is CPU-bound; queries meanwhile scan exactly). The queue is bounded by the
        // users that may be loaded; a refused build is retried by the user's next query. Not a bean: an Executor bean
        // would replace Spring's applicationTaskExecutor. ProfileGraphs.close() shuts it down.
        ExecutorService builder = props.buildInBackground()
                ? new ThreadPoolExecutor(
                        1,
                        1,
                        0,
                        TimeUnit.MILLISECONDS,
                        new LinkedBlockingQueue<>(props.maxLoadedUsers()),
                        Thread.ofPlatform()
                                .name("profile-graph-build-", 1)
                                .daemon(true)
                                .factory())
                : null;
        return new ProfileGraphs(
                store,
                embedder,
                props.graph().toParams(),
                props.idleEviction(),
                props.maxLoadedUsers(),
                clock.getIfAvailable(Clock::systemUTC),
                builder);
    }

    /** Start-up warm-up: queues the graphs of recently active users for building, once the service is ready. */
    @Bean
    ApplicationListener<ApplicationReadyEvent> profileGraphWarmup(
            ProfileStore store, ProfileGraphs graphs, ProfileMemoryProperties props, ObjectProvider<Clock> clock) {
        return event -> {
            // without a background builder a warm-up would hold up start-up for minutes
            if (props.warmupUsers() == 0 || !props.buildInBackground()) {
                return;
            }
            Instant since = clock.getIfAvailable(Clock::systemUTC).instant().minus(props.warmupActiveWithin());
            List<ProfileStore.TenantUser> users = store.recentlyActiveUsers(since, props.warmupUsers());
            users.forEach(u -> graphs.warm(u.tenant(), u.userId()));
            if (!users.isEmpty()) {
                LoggerFactory.getLogger(ProfileGraphs.class)
                        .info("profile graph warm-up: {} recently active users queued", users.size());
            }
        };
    }

    @Bean
    ProfileService profileService(
            ProfileStore store,
            FactExtractor extractor,
            Embedder embedder,
            ProfileGraphs graphs,
            PlatformTransactionManager txManager,
            Outbox outbox,
            ObjectProvider<Clock> clock) {
        return new ProfileService(
                store,
                extractor,
                embedder,
                graphs,
                clock.getIfAvailable(Clock::systemUTC),
                new TransactionTemplate(txManager),
                outbox);
    }

    @Bean
    ProfileMemoryEraser profileMemoryEraser(JdbcClient jdbc, ProfileService service) {
        return new ProfileMemoryEraser(jdbc, service);
    }
}
