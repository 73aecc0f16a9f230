package io.log2.notify;

import io.log2.logic.InvalidRequestException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;

/** The route table in the database, replaced whole (its rows are read in order, like a decision table's). */
@ApplicationScoped
public class RouteStore {

    @Inject
    DataSource dataSource;
    @Inject
    ChannelStore channels;

    public List<Route> list() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT * FROM notify_route ORDER BY row_no")) {
            List<Route> all = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    String from = r.getString("quiet_from");
                    String to = r.getString("quiet_to");
                    all.add(new Route(r.getString("route_key"), r.getString("agent"), r.getString("severity"),
                            r.getString("category"), r.getString("rule"), r.getString("channel"),
                            Arrays.asList(r.getString("group_by").split(",")),
                            from == null ? null : LocalTime.parse(from), to == null ? null : LocalTime.parse(to),
                            ZoneId.of(r.getString("quiet_zone"))));
                }
            }
            return all;
        } catch (SQLException e) {
            throw Sql.failed("routes could not be read", e);
        }
    }

    /** Replaces the table in one transaction after checking every route names a channel that exists. */
    public synchronized List<Route> replace(List<Route> routes, java.util.function.IntFunction<String> where) {
        for (int i = 0; i < routes.size(); i++) {
            if (channels.find(routes.get(i).channel()).isEmpty()) {
                throw new InvalidRequestException("no channel '" + routes.get(i).channel() + "'; create it first", where.apply(i));
            }
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement s = c.prepareStatement("DELETE FROM notify_route")) {
                    s.executeUpdate();
                }
                try (PreparedStatement s = c.prepareStatement("INSERT INTO notify_route (row_no, route_key, agent, severity,"
                        + " category, rule, channel, group_by, quiet_from, quiet_to, quiet_zone) VALUES (?,?,?,?,?,?,?,?,?,?,?)")) {
                    int n = 0;
                    for (Route r : routes) {
                        s.setInt(1, n++);
                        s.setString(2, r.id());
                        s.setString(3, r.agent());
                        s.setString(4, r.severity());
                        s.setString(5, r.category());
                        s.setString(6, r.rule());
                        s.setString(7, r.channel());
                        s.setString(8, String.join(",", r.groupBy()));
                        s.setString(9, r.quietFrom() == null ? null : r.quietFrom().toString());
                        s.setString(10, r.quietTo() == null ? null : r.quietTo().toString());
                        s.setString(11, r.zone().getId());
                        s.addBatch();
                    }
                    s.executeBatch();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw Sql.failed("routes could not be stored", e);
        }
        return list();
    }
}
