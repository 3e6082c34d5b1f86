package io.mnemos.memory.erasure;

import io.mnemos.messaging.outbox.Outbox;
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Erasure asks every {@link UserMemoryEraser} bean: a new kind of memory is covered as soon as it defines one. Single
 * items are deleted through {@link ItemDeletions}.
 */
@Configuration(proxyBeanMethods = false)
class ErasureConfiguration {

    @Bean
    ErasureService erasureService(
            List<UserMemoryEraser> erasers,
            JdbcClient jdbc,
            PlatformTransactionManager txManager,
            Outbox outbox,
            ObjectProvider<Clock> clock) {
        return new ErasureService(
                erasers, jdbc, new TransactionTemplate(txManager), outbox, clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    ItemDeletions itemDeletions(PlatformTransactionManager txManager, Outbox outbox, ObjectProvider<Clock> clock) {
        return new ItemDeletions(new TransactionTemplate(txManager), outbox, clock.getIfAvailable(Clock::systemUTC));
    }
}
