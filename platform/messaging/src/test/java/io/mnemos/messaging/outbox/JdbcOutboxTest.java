package io.mnemos.messaging.outbox;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import io.mnemos.contracts.EventCodec;
import io.mnemos.contracts.events.TurnStored;
import io.mnemos.messaging.internal.MessagingDatabase;
import java.sql.Connection;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionSynchronizationManager;

class JdbcOutboxTest {
    private final DataSource dataSource = mock(DataSource.class);
    private final JdbcOutbox outbox = new JdbcOutbox(database(dataSource), new EventCodec(), () -> {});

    static MessagingDatabase database(DataSource dataSource) {
        MessagingDatabase db = new MessagingDatabase(dataSource, () -> "svc", false, "history");
        db.afterPropertiesSet();
        return db;
    }

    private static TurnStored turn() {
        return new TurnStored(UUID.randomUUID(), UUID.randomUUID(), "u", 1, 1);
    }

    @AfterEach
    void clear() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.clearSynchronization();
        }
        TransactionSynchronizationManager.setActualTransactionActive(false);
    }

    @Test
    void publishingOutsideATransactionIsRejectedBeforeTouchingTheDatabase() {
        assertThatThrownBy(() -> outbox.publish(turn(), "t1", "s1"))
                .isInstanceOf(IllegalTransactionStateException.class)
                .hasMessageContaining("MANDATORY");
        verifyNoInteractions(dataSource);
    }

    @Test
    void aTransactionThatDoesNotCoverTheDataSourceIsRejected() throws Exception {
        // e.g. a Kafka-only transaction: JDBC would run in auto-commit and commit on its own
        TransactionSynchronizationManager.setActualTransactionActive(true);
        TransactionSynchronizationManager.initSynchronization();
        Connection connection = mock(Connection.class);
        when(dataSource.getConnection()).thenReturn(connection);
        when(connection.getAutoCommit()).thenReturn(true);

        assertThatThrownBy(() -> outbox.publish(turn(), "t1", "s1"))
                .isInstanceOf(IllegalTransactionStateException.class)
                .hasMessageContaining("does not cover the service's data source");
    }

    @Test
    void blankArgumentsAreRejected() {
        assertThatThrownBy(() -> outbox.publish(turn(), " ", "s1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tenant");
        assertThatThrownBy(() -> outbox.publish(turn(), "t1", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("entityId");
        assertThatThrownBy(() -> outbox.publish(null, "t1", "s1")).isInstanceOf(NullPointerException.class);
    }
}
