package io.mnemos.memory.profile;

import io.mnemos.messaging.outbox.Outbox;
import io.mnemos.model.Embedder;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
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
        return new ProfileGraphs(
                store,
                embedder,
                props.graph().toParams(),
                props.idleEviction(),
                props.maxLoadedUsers(),
                clock.getIfAvailable(Clock::systemUTC));
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
