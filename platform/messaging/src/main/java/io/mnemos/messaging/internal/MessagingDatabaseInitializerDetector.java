package io.mnemos.messaging.internal;

import java.util.Set;
import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;

/**
 * Tells Spring Boot that {@link MessagingDatabase} beans initialise the database. Registered in {@code
 * META-INF/spring.factories}. Its order (after Flyway's detectors, whose order is 1) makes {@link MessagingDatabase}
 * depend on the service's Flyway migration, and every bean that depends on database initialisation ({@code
 * JdbcTemplate}, JPA, {@code @DependsOnDatabaseInitialization}) depend on the messaging migration.
 */
public final class MessagingDatabaseInitializerDetector extends AbstractBeansOfTypeDatabaseInitializerDetector {
    /** After Flyway (1) and Liquibase (2). */
    static final int ORDER = 10;

    @Override
    protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
        return Set.of(MessagingDatabase.class);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
