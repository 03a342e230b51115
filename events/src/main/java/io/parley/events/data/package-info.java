/**
 * The Java form of every Kafka record {@code data} of docs/internal-contract.md: one record per shape, serialized by
 * {@link io.parley.events.EnvelopeJson#mapper()} to exactly the JSON on the wire. Build envelopes with
 * {@link io.parley.events.Envelopes#create}, read them with {@link io.parley.events.Envelope#dataAs(Class)}.
 *
 * <p>Conventions: ids of users, channels, messages, sessions and files are {@link java.util.UUID} (UUID strings on the
 * wire); times are {@code String}s in the contract's form (ISO-8601 UTC, exactly three fraction digits, except
 * {@code connectedAt}/{@code closedAt}, which are {@code Instant.toString()}), so they pass through byte for byte.
 * A field a consumer cannot do without is {@code @JsonProperty(required = true)}: reading a record without it fails
 * with {@link IllegalArgumentException}. A field written as {@code null} today stays {@code null} in the JSON; a field
 * that is sometimes absent today is {@code @JsonInclude(NON_NULL)}.
 *
 * <p>{@code chat.events}: {@code data} is the client's {@code d} of PROTOCOL §3 ({@link MessageEvent},
 * {@link MessageDeleted}, {@link ReactionChanged}, {@link MemberEvent}, {@link ChannelUpdated}); {@code user.events}:
 * {@link UserEvent} whose {@code d} is {@link ChannelMembership}, {@link Mention} or {@link ReadUpdated}.
 */
package io.parley.events.data;
