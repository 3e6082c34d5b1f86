package io.mnemos.memory.paging;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Listing of recorded items (episodes, traces) newest first, optionally one user's, paged by {@code recorded_at}: the
 * one query shape the list endpoints share.
 */
public final class NewestFirst {
    private NewestFirst() {}

    /**
     * @param selectWhereTenant {@code SELECT … FROM <table> WHERE tenant = ?}; the table has {@code user_id},
     *     {@code recorded_at} and {@code id}
     * @param before only items recorded strictly before it (the previous page's last), or null
     */
    public static <T> List<T> list(
            JdbcClient jdbc,
            String selectWhereTenant,
            String tenant,
            @Nullable String userId,
            @Nullable Instant before,
            int limit,
            RowMapper<T> rows) {
        StringBuilder sql = new StringBuilder(selectWhereTenant);
        List<Object> params = new ArrayList<>(List.of(tenant));
        if (userId != null) {
            sql.append(" AND user_id = ?");
            params.add(userId);
        }
        if (before != null) {
            sql.append(" AND recorded_at < ?");
            params.add(Timestamp.from(before));
        }
        sql.append(" ORDER BY recorded_at DESC, id DESC LIMIT ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params).query(rows).list();
    }
}
