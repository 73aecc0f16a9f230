package io.log2.notify;

import io.log2.logic.InvalidRequestException;
import io.log2.logs.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Delivery attempts, newest first, paged by id, optionally of one channel or one message. */
@ApplicationScoped
public class DeliveryLog {

    @Inject
    DataSource dataSource;

    public Page<Delivery> page(String channel, Long message, String status, int limit, String cursor) {
        long before;
        try {
            before = cursor == null ? Long.MAX_VALUE : Long.parseLong(cursor);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("cursor is the 'next' of an earlier page", "cursor");
        }
        StringBuilder sql = new StringBuilder("SELECT d.*, m.route_key, m.reason, m.title, m.state AS message_state,"
                + " m.next_attempt_at FROM notify_delivery d JOIN notify_message m ON m.id = d.message_id WHERE d.id < ?");
        if (channel != null) {
            sql.append(" AND d.channel = ?");
        }
        if (message != null) {
            sql.append(" AND d.message_id = ?");
        }
        if (status != null) {
            sql.append(" AND d.status = ?");
        }
        sql.append(" ORDER BY d.id DESC");
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql.toString())) {
            int i = 1;
            s.setLong(i++, before);
            if (channel != null) {
                s.setString(i++, channel);
            }
            if (message != null) {
                s.setLong(i++, message);
            }
            if (status != null) {
                s.setString(i++, status);
            }
            s.setMaxRows(limit + 1);
            List<Delivery> items = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    items.add(new Delivery(r.getLong("id"), r.getLong("message_id"), r.getString("channel"),
                            r.getString("route_key"), r.getString("reason"), r.getString("title"), r.getInt("attempt"),
                            r.getString("status"), r.getString("error"), Sql.time(r, "attempted_at"),
                            r.getString("message_state"), Sql.time(r, "next_attempt_at")));
                }
            }
            boolean more = items.size() > limit;
            List<Delivery> page = more ? items.subList(0, limit) : items;
            return new Page<>(List.copyOf(page), more ? String.valueOf(page.get(page.size() - 1).id()) : null);
        } catch (SQLException e) {
            throw Sql.failed("deliveries could not be read", e);
        }
    }
}
