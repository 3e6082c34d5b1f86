package io.mnemos.memory.action;

import io.mnemos.memory.erasure.ItemDeletions;
import io.mnemos.messaging.outbox.Outbox;
import io.mnemos.model.Embedder;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires action memory from {@link ActionMemoryProperties} ({@code mnemos.memory.action.*}). */
@Configuration(proxyBeanMethods = false)
class ActionConfiguration {

    @Bean
    JdbcActionStore actionStore(JdbcClient jdbc) {
        return new JdbcActionStore(jdbc);
    }

    @Bean
    ActionMemoryService actionMemoryService(
            ActionStore store,
            Embedder embedder,
            ActionMemoryProperties props,
            PlatformTransactionManager txManager,
            Outbox outbox,
            ObjectProvider<Clock> clock) {
        return new ActionMemoryService(
                store,
                embedder,
                props.policy(),
                clock.getIfAvailable(Clock::systemUTC),
                new TransactionTemplate(txManager),
                outbox);
    }

    @Bean
    ActionTraces actionTraces(JdbcClient jdbc, ActionMemoryService service, ItemDeletions deletions) {
        return new ActionTraces(jdbc, service, deletions);
    }

    @Bean
    ActionMemoryEraser actionMemoryEraser(ActionTraces traces) {
        return new ActionMemoryEraser(traces);
    }
}
