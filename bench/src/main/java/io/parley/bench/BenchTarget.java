package io.parley.bench;

import java.net.URI;
import java.util.List;
import java.util.OptionalLong;

/** The server a scenario runs against (Parley's gateway or the bare Vert.x baseline) and how to set it up. */
public interface BenchTarget extends AutoCloseable {

    /** A user the bench acts as; {@code token} is null where the server has no auth. */
    record User(String id, String username, String token) {
    }

    String name();

    URI wsUri();

    /** {@code count} users that can open sockets, named after {@code role}. */
    List<User> users(String role, int count) throws Exception;

    /** A public channel created by {@code owner} that every one of {@code members} has joined. */
    String publicChannel(User owner, List<User> members) throws Exception;

    /** The direct-message channel of each pair {@code (a.get(i), b.get(i))}. */
    List<String> directChannels(List<User> a, List<User> b) throws Exception;

    /**
     * {@code count} bots (named after {@code role}), each with an access token from its bot token, owned by people
     * the target registers for them.
     */
    default List<User> bots(String role, int count) throws Exception {
        throw new UnsupportedOperationException(name() + " has no bots");
    }

    /**
     * An outgoing subscription of {@code bot} to {@code message.created} in {@code channelId}, POSTed to
     * {@code url}, created by the bot itself; returns its id and signing secret.
     */
    default Subscription subscribe(User bot, String channelId, URI url) throws Exception {
        throw new UnsupportedOperationException(name() + " has no outgoing subscriptions");
    }

    record Subscription(String id, String secret) {
    }

    /** The server process whose memory the connect scenario reads, when known. */
    OptionalLong serverPid();

    @Override
    void close();
}
