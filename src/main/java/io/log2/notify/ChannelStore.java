package io.log2.notify;

import io.log2.logic.InvalidRequestException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/** Channels in the database, checked by their kind's bean before they are stored. */
@ApplicationScoped
public class ChannelStore {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    @Inject
    DataSource dataSource;
    @Inject
    @Any
    Instance<NotificationChannel> kinds;
    @Inject
    NotifyClock clock;

    /** The installed kinds of channel by type. */
    public java.util.Map<String, NotificationChannel> kinds() {
        java.util.Map<String, NotificationChannel> m = new TreeMap<>();
        kinds.forEach(k -> m.put(k.type(), k));
        return m;
    }

    public List<Channel> list() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT * FROM notify_channel ORDER BY name")) {
            List<Channel> all = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    all.add(channel(r));
                }
            }
            return all;
        } catch (SQLException e) {
            throw Sql.failed("channels could not be read", e);
        }
    }

    public Optional<Channel> find(String name) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT * FROM notify_channel WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(channel(r)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw Sql.failed("channel could not be read", e);
        }
    }

    /** Stores a new channel, or replaces one by name (a null secret keeps the one stored); answers it as stored. */
    public synchronized Channel save(Channel given, boolean create) {
        if (given.name() == null || !NAME.matcher(given.name()).matches()) {
            throw new InvalidRequestException("a channel's name is 1 to 64 lower-case letters, digits, '_' or '-'", "/name");
        }
        NotificationChannel kind = given.type() == null ? null : kinds().get(given.type());
        if (kind == null) {
            throw new InvalidRequestException("type is one of " + String.join(", ", kinds().keySet()), "/type");
        }
        if (given.target() == null || given.target().isBlank() || given.target().length() > 2000) {
            throw new InvalidRequestException("target is required (at most 2,000 characters)", "/target");
        }
        if (given.secret() != null && given.secret().length() > 256) {
            throw new InvalidRequestException("secret is at most 256 characters", "/secret");
        }
        Optional<Channel> old = find(given.name());
        if (create && old.isPresent()) {
            throw new InvalidRequestException("a channel named '" + given.name() + "' exists; PUT it to change it", "/name");
        }
        if (!create && old.isEmpty()) {
            throw new NoSuchElementException("no channel '" + given.name() + "'");
        }
        Channel channel = new Channel(given.name(), given.type(), given.target().trim(),
                given.secret() != null ? given.secret() : old.map(Channel::secret).orElse(null),
                old.map(Channel::createdAt).orElse(clock.now()));
        kind.check(channel);
        try (Connection c = dataSource.getConnection()) {
            String sql = create
                    ? "INSERT INTO notify_channel (type, target, secret, created_at, name) VALUES (?, ?, ?, ?, ?)"
                    : "UPDATE notify_channel SET type = ?, target = ?, secret = ?, created_at = ? WHERE name = ?";
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setString(1, channel.type());
                s.setString(2, channel.target());
                s.setString(3, channel.secret());
                Sql.time(s, 4, channel.createdAt());
                s.setString(5, channel.name());
                s.executeUpdate();
            }
        } catch (SQLException e) {
            throw Sql.failed("channel could not be stored", e);
        }
        return channel;
    }

    /** Deletes a channel no route names; its logged deliveries stay. */
    public synchronized void delete(String name, List<Route> routes) {
        if (find(name).isEmpty()) {
            throw new NoSuchElementException("no channel '" + name + "'");
        }
        routes.stream().filter(r -> r.channel().equals(name)).findFirst().ifPresent(r -> {
            throw new InvalidRequestException("route '" + r.id() + "' sends to channel '" + name
                    + "'; change the route table first", "name");
        });
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("DELETE FROM notify_channel WHERE name = ?")) {
            s.setString(1, name);
            s.executeUpdate();
        } catch (SQLException e) {
            throw Sql.failed("channel could not be deleted", e);
        }
    }

    private static Channel channel(ResultSet r) throws SQLException {
        return new Channel(r.getString("name"), r.getString("type"), r.getString("target"), r.getString("secret"),
                Sql.time(r, "created_at"));
    }
}
