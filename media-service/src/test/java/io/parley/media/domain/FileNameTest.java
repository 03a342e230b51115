package io.parley.media.domain;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileNameTest {

    @Test
    void pathPartsOfEitherSeparatorAreDropped() {
        assertEquals("passwd", FileName.sanitize("../../etc/passwd"));
        assertEquals("boot.ini", FileName.sanitize("C:\\windows\\..\\boot.ini"));
    }

    @Test
    void controlAndBidiOverrideCharactersAreRemoved() {
        assertEquals("gpj.exe", FileName.sanitize("\u202Egpj.exe"));
        assertEquals("ab.txt", FileName.sanitize("a\u0000\nb.txt"));
    }

    @Test
    void emptyOrDotOnlyNamesBecomeFile() {
        assertEquals("file", FileName.sanitize(null));
        assertEquals("file", FileName.sanitize(".."));
        assertEquals("file", FileName.sanitize("dir/"));
        assertEquals("hidden", FileName.sanitize(".hidden"));
    }

    @Test
    void overLongNamesAreShortenedKeepingTheExtension() {
        String name = FileName.sanitize("é".repeat(500) + ".jpeg");
        assertEquals(FileName.MAX_CODE_POINTS, name.codePointCount(0, name.length()));
        assertTrue(name.endsWith(".jpeg"));
    }

    @Test
    void ordinaryUnicodeNamesAreKept() {
        assertEquals("Résumé 2026 — final.pdf", FileName.sanitize("Résumé 2026 — final.pdf"));
    }
}
