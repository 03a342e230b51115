package io.parley.kit.net;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which addresses an outbound request of the deployment (an event subscription's POST) may reach: by default none of
 * the loopback, private, link-local, CGNAT, unique-local, multicast, unspecified or reserved ranges, so a URL cannot
 * point the service at its own network (SSRF). An allow list of networks and host names
 * ({@code PARLEY_INTEGRATIONS_ALLOWED_HOSTS}) re-opens what a deployment needs, e.g. a test's receiver on 127.0.0.1.
 * IPv4 carried in IPv6 (mapped {@code ::ffff:a.b.c.d}, compatible {@code ::a.b.c.d}, NAT64 {@code 64:ff9b::/96},
 * 6to4 {@code 2002::/16}) is judged as the IPv4 address it carries.
 */
public final class AddressPolicy {

    private static final List<Blocked> BLOCKED = List.of(
            blocked("0.0.0.0/8", "unspecified"),
            blocked("10.0.0.0/8", "private"),
            blocked("100.64.0.0/10", "carrier-grade NAT"),
            blocked("127.0.0.0/8", "loopback"),
            blocked("169.254.0.0/16", "link-local"),
            blocked("172.16.0.0/12", "private"),
            blocked("192.0.0.0/24", "reserved"),
            blocked("192.0.2.0/24", "reserved"),
            blocked("192.168.0.0/16", "private"),
            blocked("198.18.0.0/15", "reserved"),
            blocked("198.51.100.0/24", "reserved"),
            blocked("203.0.113.0/24", "reserved"),
            blocked("224.0.0.0/4", "multicast"),
            blocked("240.0.0.0/4", "reserved"),
            blocked("::/128", "unspecified"),
            blocked("::1/128", "loopback"),
            blocked("100::/64", "reserved"),
            blocked("2001:db8::/32", "reserved"),
            blocked("fc00::/7", "unique-local"),
            blocked("fe80::/10", "link-local"),
            blocked("fec0::/10", "site-local"),
            blocked("ff00::/8", "multicast"));

    private static final Cidr NAT64 = Cidr.parse("64:ff9b::/96");
    private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16");
    private static final Cidr COMPATIBLE = Cidr.parse("::/96");

    private final List<Cidr> allowedNetworks;
    private final Set<String> allowedHosts;

    private AddressPolicy(List<Cidr> allowedNetworks, Set<String> allowedHosts) {
        this.allowedNetworks = List.copyOf(allowedNetworks);
        this.allowedHosts = Set.copyOf(allowedHosts);
    }

    /** Nothing internal is allowed. */
    public static AddressPolicy strict() {
        return new AddressPolicy(List.of(), Set.of());
    }

    /**
     * The default refusals with these exceptions: each entry a network ({@code 10.1.0.0/16}), an address
     * ({@code 127.0.0.1}) or a host name ({@code receiver.internal}, matched exactly, case-insensitively).
     *
     * @throws IllegalArgumentException for an entry that is none of these (a configuration error at start-up)
     */
    public static AddressPolicy allowing(List<String> entries) {
        List<Cidr> networks = new ArrayList<>();
        Set<String> hosts = new TreeSet<>();
        for (String raw : entries) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            String address = entry.contains("/") ? entry.substring(0, entry.indexOf('/')) : entry;
            if (IpLiterals.isLiteral(address)) {
                networks.add(Cidr.parse(entry));
            } else if (entry.matches("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?")) {
                hosts.add(entry.toLowerCase(Locale.ROOT));
            } else {
                throw new IllegalArgumentException("not a network, address or host name: " + entry);
            }
        }
        return new AddressPolicy(networks, hosts);
    }

    /** True when the URL's host name itself is on the allow list (then any address it resolves to is allowed). */
    public boolean allowsHost(String host) {
        return allowedHosts.contains(host.toLowerCase(Locale.ROOT));
    }

    /**
     * Why this address may not be reached, or empty when it may.
     *
     * @return e.g. {@code "loopback"}, {@code "private"}, {@code "link-local"}
     */
    public Optional<String> refusal(InetAddress address) {
        for (Cidr allowed : allowedNetworks) {
            if (allowed.contains(address)) {
                return Optional.empty();
            }
        }
        byte[] judged = embeddedIpv4(address.getAddress());
        for (Cidr allowed : allowedNetworks) {
            if (allowed.contains(judged)) {
                return Optional.empty();
            }
        }
        for (Blocked range : BLOCKED) {
            if (range.network().contains(judged)) {
                return Optional.of(range.reason());
            }
        }
        return Optional.empty();
    }

    /** The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4), else the address itself. */
    static byte[] embeddedIpv4(byte[] bytes) {
        if (bytes.length == 4) {
            return bytes;
        }
        boolean mapped = true;
        for (int i = 0; i < 10; i++) {
            mapped &= bytes[i] == 0;
        }
        mapped &= bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
        // ::/96 with a non-zero tail is the deprecated IPv4-compatible form; :: and ::1 stay IPv6
        boolean compatible = COMPATIBLE.contains(bytes) && (bytes[12] != 0 || bytes[13] != 0);
        if (mapped || compatible || NAT64.contains(bytes)) {
            return new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]};
        }
        if (SIX_TO_FOUR.contains(bytes)) {
            return new byte[] {bytes[2], bytes[3], bytes[4], bytes[5]};
        }
        return bytes;
    }

    @Override
    public String toString() {
        return "AddressPolicy[allowed networks " + allowedNetworks + ", hosts " + allowedHosts + "]";
    }

    private static Blocked blocked(String cidr, String reason) {
        return new Blocked(Cidr.parse(cidr), reason);
    }

    private record Blocked(Cidr network, String reason) {
    }
}
