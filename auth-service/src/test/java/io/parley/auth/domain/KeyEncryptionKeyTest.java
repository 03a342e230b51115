package io.parley.auth.domain;

import io.parley.auth.domain.KeyEncryptionKey.Sealed;
import org.junit.jupiter.api.Test;

import javax.crypto.AEADBadTagException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The key-encryption key: only a well-formed 32-byte key is taken, and a sealed key opens only where it belongs. */
class KeyEncryptionKeyTest {

    private static final byte[] SECRET = "a PKCS#8 private key".getBytes(StandardCharsets.US_ASCII);

    @Test
    void sealedBytesOpenWithTheSameKeyAndKid() throws Exception {
        KeyEncryptionKey kek = KeyEncryptionKey.parse(KeyEncryptionKey.generateBase64());
        Sealed sealed = kek.seal("kid-1", SECRET);
        assertEquals(12, sealed.nonce().length, "a 96-bit nonce");
        assertEquals(SECRET.length + 16, sealed.ciphertext().length, "ciphertext and a 128-bit tag");
        assertFalse(Arrays.equals(SECRET, Arrays.copyOf(sealed.ciphertext(), SECRET.length)));
        assertArrayEquals(SECRET, kek.open("kid-1", sealed));
    }

    @Test
    void eachSealUsesAFreshNonce() {
        KeyEncryptionKey kek = KeyEncryptionKey.parse(KeyEncryptionKey.generateBase64());
        Sealed first = kek.seal("kid-1", SECRET);
        Sealed second = kek.seal("kid-1", SECRET);
        assertFalse(Arrays.equals(first.nonce(), second.nonce()));
        assertFalse(Arrays.equals(first.ciphertext(), second.ciphertext()));
    }

    @Test
    void anotherKeyAnotherKidOrAChangedByteDoNotOpen() {
        KeyEncryptionKey kek = KeyEncryptionKey.parse(KeyEncryptionKey.generateBase64());
        KeyEncryptionKey other = KeyEncryptionKey.parse(KeyEncryptionKey.generateBase64());
        Sealed sealed = kek.seal("kid-1", SECRET);
        assertThrows(AEADBadTagException.class, () -> other.open("kid-1", sealed));
        assertThrows(AEADBadTagException.class, () -> kek.open("kid-2", sealed), "a row swapped with another's");
        byte[] flipped = sealed.ciphertext().clone();
        flipped[0] ^= 1;
        assertThrows(AEADBadTagException.class, () -> kek.open("kid-1", new Sealed(sealed.nonce(), flipped)));
    }

    @Test
    void badBase64IsRefusedNamingTheVariableNotTheValue() {
        String value = "not*base64*at*all";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeyEncryptionKey.parse(value));
        assertTrue(e.getMessage().startsWith("PARLEY_AUTH_KEYS_ENCRYPTION_KEY (parley.auth.keys.encryption-key) "),
                e.getMessage());
        assertFalse(e.getMessage().contains(value), e.getMessage());
    }

    @Test
    void aKeyOfAnotherLengthIsRefusedNamingTheVariableNotTheValue() {
        for (int length : new int[] {0, 16, 24, 31, 33, 64}) {
            String value = Base64.getEncoder().encodeToString(new byte[length]);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> KeyEncryptionKey.parse(value));
            assertTrue(e.getMessage().contains("PARLEY_AUTH_KEYS_ENCRYPTION_KEY"), e.getMessage());
            assertTrue(e.getMessage().contains("not " + length + " bytes"), e.getMessage());
            assertFalse(length > 0 && e.getMessage().contains(value), e.getMessage());
        }
    }

    @Test
    void theKeyIsNotInItsText() {
        String value = KeyEncryptionKey.generateBase64();
        assertFalse(KeyEncryptionKey.parse(value).toString().contains(value));
        assertFalse(KeyEncryptionKey.parse(value).toString().contains(value.substring(0, 8)));
    }
}
