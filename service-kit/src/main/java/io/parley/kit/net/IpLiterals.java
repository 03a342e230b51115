package io.parley.kit.net;

import java.util.regex.Pattern;

/** Tells an address literal from a host name without resolving anything. */
final class IpLiterals {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private IpLiterals() {
    }

    /** A dotted quad or an IPv6 literal (brackets and a zone are not accepted here). */
    static boolean isLiteral(String text) {
        if (IPV4.matcher(text).matches()) {
            for (String part : text.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return false;
                }
            }
            return true;
        }
        return IPV6.matcher(text).matches();
    }
}
