package io.parley.auth.domain;

/** A user with the stored password hash, read only where a password is checked. */
public record Credentials(User user, String passwordHash) {
}
