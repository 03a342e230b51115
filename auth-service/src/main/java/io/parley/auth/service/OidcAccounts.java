package io.parley.auth.service;

import com.nimbusds.jwt.JWTClaimsSet;
import io.parley.auth.domain.User;
import io.parley.auth.messaging.UserEventOutbox;
import io.parley.auth.messaging.UserEventRelay;
import io.parley.auth.repository.OidcRepository;
import io.parley.auth.repository.UserRepository;
import io.parley.events.EventTypes;
import io.parley.kit.error.ForbiddenException;
import io.parley.kit.error.UnauthenticatedException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The Parley user behind a provider's verified claims. The first sign-in of a (provider, sub) creates the user
 * (just-in-time provisioning, published on auth.users as user.registered) and links it to the sub, never to an email
 * or a name, which can change hands; later sign-ins update the display name (and roles when an admin claim is set).
 * A username already taken gets a suffix: a provider can never take over an existing account.
 */
@ApplicationScoped
public class OidcAccounts {

    private static final int MAX_USERNAME = 32;
    private static final int MAX_DISPLAY_NAME = 64;

    private final Pool pool;
    private final UserRepository users;
    private final OidcRepository oidc;
    private final UserEventOutbox outbox;
    private final UserEventRelay relay;
    private final AuthMetrics metrics;

    public OidcAccounts(Pool pool, UserRepository users, OidcRepository oidc, UserEventOutbox outbox,
            UserEventRelay relay, AuthMetrics metrics) {
        this.pool = pool;
        this.users = users;
        this.oidc = oidc;
        this.outbox = outbox;
        this.relay = relay;
        this.metrics = metrics;
    }

    /**
     * @throws ForbiddenException (in the Uni) for a banned user or an email domain the provider may not sign in
     */
    public Uni<User> userFor(OidcProviders.Provider provider, JWTClaimsSet claims) {
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank()) {
            return Uni.createFrom().failure(new UnauthenticatedException("the provider's token has no subject"));
        }
        try {
            checkEmailDomain(provider, claims);
        } catch (ForbiddenException e) {
            return Uni.createFrom().failure(e);
        }
        String displayName = displayName(stringClaim(claims, provider.settings().displayNameClaim()));
        String wantedName = stringClaim(claims, provider.settings().usernameClaim());
        Boolean admin = provider.settings().adminClaim()
                .map(claim -> hasValue(claims.getClaim(claim), provider.settings().adminValue().orElseThrow()))
                .orElse(null);
        return pool.withTransaction(conn -> oidc.lockSubject(conn, provider.id(), subject)
                        .chain(() -> oidc.findUserId(conn, provider.id(), subject))
                        .chain(userId -> userId == null
                                ? provision(conn, provider, subject, wantedName, displayName, admin)
                                : refresh(conn, userId, displayName, admin)))
                .invoke(outcome -> {
                    if (outcome.published()) {
                        relay.trigger();
                    }
                    if (outcome.created()) {
                        metrics.oidcProvisioned(provider.id());
                    }
                })
                .map(outcome -> {
                    if (outcome.user().banned()) {
                        throw new ForbiddenException("this account is banned");
                    }
                    return outcome.user();
                });
    }

    private Uni<Outcome> provision(SqlClient conn, OidcProviders.Provider provider, String subject, String wantedName,
            String displayName, Boolean admin) {
        String base = usernameBase(wantedName);
        List<String> roles = Boolean.TRUE.equals(admin) ? List.of(User.ROLE_USER, User.ROLE_ADMIN)
                : List.of(User.ROLE_USER);
        return insertFirstFree(conn, candidates(base), 0, displayName == null ? base : displayName, roles)
                .call(user -> oidc.link(conn, provider.id(), subject, user.id()))
                .call(user -> outbox.append(conn, EventTypes.AuthUsers.USER_REGISTERED, user))
                .map(user -> new Outcome(user, true, true));
    }

    private Uni<User> insertFirstFree(SqlClient conn, List<String> names, int index, String displayName,
            List<String> roles) {
        // no password hash: password login never matches this account
        return users.insertIfAbsent(conn, UUID.randomUUID(), names.get(index), displayName, null, roles)
                .chain(user -> user != null || index + 1 == names.size() ? Uni.createFrom().item(user)
                        : insertFirstFree(conn, names, index + 1, displayName, roles))
                .map(user -> {
                    if (user == null) {
                        throw new IllegalStateException("no free username for " + names.get(0));
                    }
                    return user;
                });
    }

    private Uni<Outcome> refresh(SqlClient conn, UUID userId, String displayName, Boolean admin) {
        return users.findByIdForUpdate(conn, userId).chain(user -> {
            String newName = displayName == null ? user.displayName() : displayName;
            List<String> newRoles = admin == null ? user.roles() : roles(user.roles(), admin);
            if (user.banned() || (newName.equals(user.displayName()) && newRoles.equals(user.roles()))) {
                return Uni.createFrom().item(new Outcome(user, false, false));
            }
            return users.updateProfile(conn, userId, newName, newRoles)
                    .call(updated -> outbox.append(conn, EventTypes.AuthUsers.USER_UPDATED, updated))
                    .map(updated -> new Outcome(updated, false, true));
        });
    }

    private static List<String> roles(List<String> current, boolean admin) {
        List<String> roles = new ArrayList<>(current);
        roles.remove(User.ROLE_ADMIN);
        if (admin) {
            roles.add(User.ROLE_ADMIN);
        }
        return List.copyOf(roles);
    }

    private static void checkEmailDomain(OidcProviders.Provider provider, JWTClaimsSet claims) {
        if (provider.emailDomains().isEmpty()) {
            return;
        }
        String email = stringClaim(claims, "email");
        Object verified = claims.getClaim("email_verified");
        int at = email == null ? -1 : email.lastIndexOf('@');
        String domain = at < 0 ? null : email.substring(at + 1).toLowerCase(Locale.ROOT);
        if (domain == null || !Boolean.TRUE.equals(verified) || !provider.emailDomains().contains(domain)) {
            throw new ForbiddenException("only verified email addresses of the allowed domains may sign in");
        }
    }

    /** True when the claim is the value, or a list holding it (e.g. groups or roles). */
    static boolean hasValue(Object claim, String value) {
        if (claim instanceof Collection<?> values) {
            return values.stream().anyMatch(v -> value.equals(String.valueOf(v)));
        }
        return claim != null && value.equals(String.valueOf(claim));
    }

    private static String stringClaim(JWTClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        return value instanceof String text && !text.isBlank() ? text : null;
    }

    /** The claim made a valid username: the part before an '@', other characters replaced; "user" when unusable. */
    static String usernameBase(String claim) {
        if (claim == null) {
            return "user";
        }
        String local = claim.contains("@") ? claim.substring(0, claim.indexOf('@')) : claim;
        String ascii = Normalizer.normalize(local, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        String name = ascii.replaceAll("[^A-Za-z0-9_.-]", "_");
        if (name.length() > MAX_USERNAME) {
            name = name.substring(0, MAX_USERNAME);
        }
        return name.replace("_", "").length() < 3 ? "user" : name;
    }

    /** The name itself, then name-2 ... name-9, then a random suffix (each cut to fit 32 characters). */
    static List<String> candidates(String base) {
        List<String> names = new ArrayList<>();
        names.add(base);
        for (int i = 2; i <= 9; i++) {
            names.add(withSuffix(base, "-" + i));
        }
        byte[] random = new byte[4];
        ThreadLocalRandom.current().nextBytes(random);
        names.add(withSuffix(base, "-" + HexFormat.of().formatHex(random)));
        return names;
    }

    private static String withSuffix(String base, String suffix) {
        return base.substring(0, Math.min(base.length(), MAX_USERNAME - suffix.length())) + suffix;
    }

    /** Control characters dropped, cut to the contract's 64 code points; null when nothing is left. */
    static String displayName(String claim) {
        if (claim == null) {
            return null;
        }
        String clean = claim.codePoints().filter(cp -> !Character.isISOControl(cp))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().strip();
        if (clean.codePointCount(0, clean.length()) > MAX_DISPLAY_NAME) {
            clean = clean.substring(0, clean.offsetByCodePoints(0, MAX_DISPLAY_NAME));
        }
        return clean.isEmpty() ? null : clean;
    }

    private record Outcome(User user, boolean created, boolean published) {
    }
}
