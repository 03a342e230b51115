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

    /** The server process whose memory the connect scenario reads, when known. */
    OptionalLong serverPid();

    @Override
    void close();
}
