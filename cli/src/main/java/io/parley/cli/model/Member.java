package io.parley.cli.model;

/** A channel member as the member list shows it. */
public record Member(String userId, String username, String displayName, String role) {
}
