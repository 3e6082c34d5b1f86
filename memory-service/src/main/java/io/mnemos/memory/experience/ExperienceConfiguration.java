package io.mnemos.memory.experience;

import io.mnemos.memory.erasure.ItemDeletions;
import io.mnemos.messaging.outbox.Outbox;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires experience memory from {@link ExperienceMemoryProperties} ({@code mnemos.memory.experience.*}). */
@Configuration(proxyBeanMethods = false)
class ExperienceConfiguration {

    @Bean
    JdbcExperienceStore experienceStore(JdbcClient jdbc, PlatformTransactionManager txManager) {
        return new JdbcExperienceStore(jdbc, new TransactionTemplate(txManager));
    }

    @Bean
    ExperienceService experienceService(
            ExperienceStore store,
            ExperienceMemoryProperties props,
            PlatformTransactionManager txManager,
            Outbox outbox,
            ObjectProvider<Clock> clock) {
        return new ExperienceService(
                store,
                new TemplateInducer(props.minShared(), props.minSupport()),
                new TemplateMatcher(props.taskThreshold(), props.subTaskThreshold(), props.actionThreshold()),
                clock.getIfAvailable(Clock::systemUTC),
                new TransactionTemplate(txManager),
                outbox);
    }

    @Bean
    ExperienceEpisodes experienceEpisodes(JdbcClient jdbc, ExperienceService service, ItemDeletions deletions) {
        return new ExperienceEpisodes(jdbc, service, deletions);
    }

    @Bean
    ExperienceMemoryEraser experienceMemoryEraser(ExperienceEpisodes episodes) {
        return new ExperienceMemoryEraser(episodes);
    }
}
