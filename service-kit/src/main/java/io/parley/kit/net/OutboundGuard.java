package io.parley.kit.net;

import java.net.IDN;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * The SSRF check of an outbound URL, the same at creation and before every connection: an absolute http(s) URL
 * without credentials, whose host resolves only to addresses the {@link AddressPolicy} allows. Resolution blocks
 * (the JDK resolver): call it from a worker thread, never an event loop.
 */
public final class OutboundGuard {

    /** A URL longer than this is refused (browsers and proxies cap URLs near it too). */
    public static final int MAX_URL_LENGTH = 2048;

    /** Host name to addresses; the JDK's resolver in production, a fixed table in tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final AddressPolicy policy;
    private final Resolver resolver;

    public OutboundGuard(AddressPolicy policy) {
        this(policy, InetAddress::getAllByName);
    }

    public OutboundGuard(AddressPolicy policy, Resolver resolver) {
        this.policy = policy;
        this.resolver = resolver;
    }

    /**
     * Parses and checks the URL's form only (no resolution): what a request's validation can say at once.
     *
     * @throws OutboundRefusedException with a message for the caller
     */
    public static URI parse(String url) throws OutboundRefusedException {
        if (url == null || url.isBlank()) {
            throw new OutboundRefusedException("url is required");
        }
        if (url.length() > MAX_URL_LENGTH) {
            throw new OutboundRefusedException("url is longer than " + MAX_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new OutboundRefusedException("url is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
            throw new OutboundRefusedException("url must be an absolute http or https URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw new OutboundRefusedException("url must not carry credentials");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new OutboundRefusedException("url has no host");
        }
        if (uri.getRawFragment() != null) {
            throw new OutboundRefusedException("url must not have a fragment");
        }
        return uri;
    }

    /**
     * Parses the URL, resolves its host and picks the first address; every address the host resolves to must be
     * allowed (a name with one internal address among public ones is refused as a whole).
     *
     * @throws OutboundRefusedException with a message for the caller (no internal detail beyond the range's kind)
     */
    public OutboundTarget check(String url) throws OutboundRefusedException {
        URI uri = parse(url);
        boolean tls = uri.getScheme().equalsIgnoreCase("https");
        int port = uri.getPort() == -1 ? (tls ? 443 : 80) : uri.getPort();
        String host = uri.getHost();
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        String name = IpLiterals.isLiteral(bare) ? bare : IDN.toASCII(bare).toLowerCase(Locale.ROOT);
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(name);
        } catch (UnknownHostException | SecurityException e) {
            throw new OutboundRefusedException("url host " + name + " does not resolve");
        }
        if (addresses == null || addresses.length == 0) {
            throw new OutboundRefusedException("url host " + name + " does not resolve");
        }
        if (!policy.allowsHost(name)) {
            for (InetAddress address : addresses) {
                var refusal = policy.refusal(address);
                if (refusal.isPresent()) {
                    throw new OutboundRefusedException("url host " + name + " is a " + refusal.get()
                            + " address, which this deployment does not call");
                }
            }
        }
        return new OutboundTarget(uri, name, port, tls, addresses[0]);
    }
}
