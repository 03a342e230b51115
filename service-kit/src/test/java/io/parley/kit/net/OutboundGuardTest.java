package io.parley.kit.net;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutboundGuardTest {

    private static final AddressPolicy STRICT = AddressPolicy.strict();

    @Test
    void internalAddressesAreRefusedByDefault() throws Exception {
        Map<String, String> expected = Map.ofEntries(
                Map.entry("127.0.0.1", "loopback"), Map.entry("127.255.1.2", "loopback"),
                Map.entry("10.0.0.1", "private"), Map.entry("172.16.5.4", "private"),
                Map.entry("172.31.255.255", "private"), Map.entry("192.168.1.1", "private"),
                Map.entry("169.254.169.254", "link-local"), Map.entry("100.64.0.1", "carrier-grade NAT"),
                Map.entry("0.0.0.0", "unspecified"), Map.entry("224.0.0.1", "multicast"),
                Map.entry("255.255.255.255", "reserved"), Map.entry("::1", "loopback"), Map.entry("::", "unspecified"),
                Map.entry("fe80::1", "link-local"), Map.entry("fd00::1", "unique-local"),
                Map.entry("fc12:3456::1", "unique-local"), Map.entry("ff02::1", "multicast"));
        for (var e : expected.entrySet()) {
            assertEquals(e.getValue(), STRICT.refusal(InetAddress.getByName(e.getKey())).orElse("allowed"), e.getKey());
        }
    }

    @Test
    void ipv4CarriedInIpv6IsJudgedAsTheIpv4Address() throws Exception {
        for (String carried : List.of("::ffff:127.0.0.1", "::ffff:7f00:1", "::127.0.0.1", "64:ff9b::a9fe:a9fe",
                "2002:0a00:0001::1", "::ffff:169.254.169.254", "::ffff:10.0.0.1")) {
            assertTrue(STRICT.refusal(InetAddress.getByAddress(bytes(carried))).isPresent(), carried);
        }
        assertTrue(STRICT.refusal(InetAddress.getByAddress(bytes("64:ff9b::808:808"))).isEmpty(),
                "NAT64 of 8.8.8.8 is public");
    }

    @Test
    void publicAddressesAreAllowed() throws Exception {
        for (String open : List.of("8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "9.9.9.9")) {
            assertTrue(STRICT.refusal(InetAddress.getByName(open)).isEmpty(), open);
        }
    }

    @Test
    void theAllowListReopensNetworksAndHostNames() throws Exception {
        AddressPolicy policy = AddressPolicy.allowing(List.of("127.0.0.1", " 10.1.0.0/16 ", "Receiver.Internal", ""));
        assertTrue(policy.refusal(InetAddress.getByName("127.0.0.1")).isEmpty());
        assertTrue(policy.refusal(InetAddress.getByName("127.0.0.2")).isPresent());
        assertTrue(policy.refusal(InetAddress.getByName("10.1.200.3")).isEmpty());
        assertTrue(policy.refusal(InetAddress.getByName("10.2.0.1")).isPresent());
        assertTrue(policy.refusal(InetAddress.getByAddress(bytes("::ffff:127.0.0.1"))).isEmpty());
        assertTrue(policy.allowsHost("receiver.internal"));
        assertFalse(policy.allowsHost("other.internal"));
        assertThrows(IllegalArgumentException.class, () -> AddressPolicy.allowing(List.of("10.0.0.0/33")));
        assertThrows(IllegalArgumentException.class, () -> AddressPolicy.allowing(List.of("http://x")));
    }

    @Test
    void aHostNameResolvingToLoopbackIsRefused() {
        OutboundGuard guard = new OutboundGuard(STRICT);
        OutboundRefusedException e = assertThrows(OutboundRefusedException.class,
                () -> guard.check("http://localhost:8080/hook"));
        assertEquals("url host localhost is a loopback address, which this deployment does not call", e.getMessage());
    }

    @Test
    void oneInternalAddressAmongPublicOnesRefusesTheName() {
        OutboundGuard guard = new OutboundGuard(STRICT, table(Map.of("mixed.example", List.of("8.8.8.8", "10.0.0.1"))));
        assertThrows(OutboundRefusedException.class, () -> guard.check("https://mixed.example/x"));
    }

    @Test
    void theCheckedAddressIsTheOneToConnectTo() throws Exception {
        OutboundGuard guard = new OutboundGuard(STRICT, table(Map.of("hooks.example", List.of("8.8.4.4"))));
        OutboundTarget target = guard.check("https://Hooks.Example/in/x?a=1");
        assertEquals("hooks.example", target.host());
        assertEquals(443, target.port());
        assertTrue(target.tls());
        assertEquals("8.8.4.4", target.address().getHostAddress());
        assertEquals("/in/x?a=1", target.requestUri());
        assertEquals("/", guard.check("http://hooks.example:8080").requestUri());
    }

    @Test
    void literalAddressesInUrlsAreCheckedToo() {
        OutboundGuard guard = new OutboundGuard(STRICT);
        for (String url : List.of("http://127.0.0.1/", "http://10.0.0.1:8080/x", "http://[::1]/", "http://0.0.0.0/",
                "http://169.254.169.254/latest/meta-data/", "http://[::ffff:127.0.0.1]/", "http://2130706433/",
                "http://0x7f.1/")) {
            assertThrows(OutboundRefusedException.class, () -> guard.check(url), url);
        }
    }

    @Test
    void malformedUrlsAreRefusedWithAReason() {
        OutboundGuard guard = new OutboundGuard(AddressPolicy.allowing(List.of("0.0.0.0/0", "::/0")));
        Map<String, String> cases = Map.of(
                "ftp://example.com/x", "url must be an absolute http or https URL",
                "/relative", "url must be an absolute http or https URL",
                "http://user:pw@example.com/", "url must not carry credentials",
                "http://example.com/#frag", "url must not have a fragment",
                "http:///nohost", "url has no host",
                "http://exa mple.com/", "url is not a valid URL",
                "https://example.com/" + "a".repeat(2100), "url is longer than 2048 characters",
                "", "url is required");
        for (var e : cases.entrySet()) {
            assertEquals(e.getValue(), assertThrows(OutboundRefusedException.class, () -> guard.check(e.getKey()),
                    e.getKey()).getMessage());
        }
    }

    @Test
    void anUnresolvableHostIsRefused() {
        OutboundGuard guard = new OutboundGuard(STRICT, table(Map.of()));
        assertEquals("url host nowhere.example does not resolve",
                assertThrows(OutboundRefusedException.class, () -> guard.check("http://nowhere.example/")).getMessage());
    }

    private static OutboundGuard.Resolver table(Map<String, List<String>> names) {
        return host -> {
            List<String> addresses = names.get(host);
            if (addresses == null) {
                throw new UnknownHostException(host);
            }
            InetAddress[] out = new InetAddress[addresses.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = InetAddress.getByName(addresses.get(i));
            }
            return out;
        };
    }

    /** The 16 bytes of an IPv6 literal, kept IPv6 (the JDK turns a mapped literal into an Inet4Address). */
    private static byte[] bytes(String ipv6) throws UnknownHostException {
        byte[] parsed = InetAddress.getByName(ipv6).getAddress();
        if (parsed.length == 16) {
            return parsed;
        }
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(parsed, 0, mapped, 12, 4);
        return mapped;
    }
}
