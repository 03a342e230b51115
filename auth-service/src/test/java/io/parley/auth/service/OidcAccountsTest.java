package io.parley.auth.service;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a provider's claims become a valid Parley username, display name and admin flag. */
class OidcAccountsTest {

    @Test
    void aUsernameIsMadeValidFromTheClaim() {
        assertEquals("alice", OidcAccounts.usernameBase("alice@example.org"));
        assertEquals("Zoe_Unicode", OidcAccounts.usernameBase("Zoë Ünïcode"));
        assertEquals("j.doe-2_x", OidcAccounts.usernameBase("j.doe-2_x"));
        assertEquals("user", OidcAccounts.usernameBase(null));
        assertEquals("user", OidcAccounts.usernameBase("ab"));
        assertEquals("user", OidcAccounts.usernameBase("李小龍")); // nothing usable left: ___
        assertEquals(32, OidcAccounts.usernameBase("a".repeat(40)).length());
    }

    @Test
    void candidatesKeepTheNameThenSuffixWithinThirtyTwoCharacters() {
        List<String> names = OidcAccounts.candidates("b".repeat(32));
        assertEquals("b".repeat(32), names.get(0));
        assertEquals("b".repeat(30) + "-2", names.get(1));
        assertEquals("b".repeat(30) + "-9", names.get(8));
        assertTrue(names.get(9).matches("b{23}-[0-9a-f]{8}"), names.get(9));
        assertTrue(names.stream().allMatch(n -> n.length() <= 32 && n.matches("[A-Za-z0-9_.-]{3,32}")));
        assertEquals(List.of("ada", "ada-2"), OidcAccounts.candidates("ada").subList(0, 2));
    }

    @Test
    void aDisplayNameLosesControlCharactersAndIsCutToSixtyFourCodePoints() {
        assertEquals("Ada Lovelace", OidcAccounts.displayName(" Ada\u0000 Lovelace\n"));
        assertNull(OidcAccounts.displayName("\u0007 "));
        String emoji = "😀".repeat(70);
        assertEquals(64, OidcAccounts.displayName(emoji).codePointCount(0, OidcAccounts.displayName(emoji).length()));
    }

    @Test
    void theAdminClaimMatchesAStringOrAnEntryOfAList() {
        assertTrue(OidcAccounts.hasValue("parley-admins", "parley-admins"));
        assertTrue(OidcAccounts.hasValue(List.of("staff", "parley-admins"), "parley-admins"));
        assertFalse(OidcAccounts.hasValue(List.of("staff"), "parley-admins"));
        assertFalse(OidcAccounts.hasValue("parley-admins-not", "parley-admins"));
        assertFalse(OidcAccounts.hasValue(null, "parley-admins"));
    }
}
