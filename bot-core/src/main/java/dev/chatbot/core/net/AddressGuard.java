package dev.chatbot.core.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Keeps the bot from fetching addresses inside its own network (server-side request forgery): a URL
 * a user or a platform handed over may name loopback, a private range, link-local (the clouds'
 * metadata service at 169.254.169.254) or similar. The host is resolved and every address it
 * resolves to is checked, so a public name pointing inward is caught too. The one exception: a
 * configured API base that itself is such an address (a relay on the LAN, fakes on loopback in
 * tests) stays reachable, by its exact host and port.
 *
 * <p>What it cannot catch alone: a name that resolves differently between this check and the
 * connection (DNS rebinding). {@link GuardedFetch} narrows that by checking again at every redirect.
 */
public final class AddressGuard {

    /** Resolves a host name; the JDK's resolver unless a test says otherwise. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final Resolver resolver;
    private final Set<String> trusted;

    /**
     * @param trustedBases the configured API bases (platform and provider URLs); those among them that are
     *                     internal addresses may still be fetched
     */
    public AddressGuard(Set<URI> trustedBases) {
        this(InetAddress::getAllByName, trustedBases);
    }

    public AddressGuard(Resolver resolver, Set<URI> trustedBases) {
        this.resolver = resolver;
        this.trusted = trustedBases.stream().map(AddressGuard::authority).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * @throws BlockedAddressException when the URL is not http(s), or any of its host's addresses is internal
     *                                 and it is not a trusted base
     * @throws FetchException           (unreachable) when the host does not resolve
     */
    public void check(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new BlockedAddressException(url, "not an http(s) URL");
        }
        String host = url.getHost();
        if (host == null || host.isEmpty()) {
            throw new BlockedAddressException(url, "no host");
        }
        if (trusted.contains(authority(url))) {
            return;
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            throw new FetchException(FetchException.Reason.UNREACHABLE, "unknown host " + host);
        }
        for (InetAddress a : addresses) {
            if (isInternal(a)) {
                throw new BlockedAddressException(url, "internal address " + a.getHostAddress());
            }
        }
    }

    /** Loopback, private, link-local, unique-local, carrier-grade NAT, unspecified, multicast and broadcast. */
    public static boolean isInternal(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0                                   // "this network"
                    || first == 100 && second >= 64 && second < 128 // carrier-grade NAT, 100.64.0.0/10
                    || first == 192 && second == 0 && (b[2] & 0xff) == 0 // IETF protocol assignments
                    || first >= 240;                            // reserved and broadcast
        }
        if (a instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return true; // unique local, fc00::/7
            }
            if (isPrefixed(b, 10, (byte) 0xff, (byte) 0xff) || isNat64(b)) {
                // an IPv4 address inside IPv6 (mapped ::ffff:a.b.c.d, or NAT64 64:ff9b::/96): judge the IPv4 one
                try {
                    return isInternal(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException impossible) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isPrefixed(byte[] b, int zeros, byte x, byte y) {
        for (int i = 0; i < zeros; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[zeros] == x && b[zeros + 1] == y;
    }

    private static boolean isNat64(byte[] b) {
        if ((b[0] & 0xff) != 0x00 || (b[1] & 0xff) != 0x64 || (b[2] & 0xff) != 0xff || (b[3] & 0xff) != 0x9b) {
            return false;
        }
        for (int i = 4; i < 12; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static String authority(URI url) {
        String scheme = url.getScheme() == null ? "http" : url.getScheme().toLowerCase(Locale.ROOT);
        int port = url.getPort() != -1 ? url.getPort() : scheme.equals("https") ? 443 : 80;
        return (url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT)) + ":" + port;
    }
}
