package io.parley.gateway.socket;

import io.parley.gateway.error.FrameException;
import org.junit.jupiter.api.Test;

import static io.parley.gateway.error.FrameException.Code.BAD_FRAME;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What counts as a frame, and that hostile JSON costs no more than its size. */
class FrameParserTest {

    private static FrameException.Code refusal(String text) {
        return assertThrows(FrameException.class, () -> FrameParser.parse(text)).code();
    }

    @Test
    void wellFormedFrameKeepsOpIdAndD() {
        InboundFrame frame = FrameParser.parse("{\"op\":\"subscribe\",\"id\":\"7\",\"d\":{\"channelId\":\"x\"}}");
        assertThat(frame.op(), is("subscribe"));
        assertThat(frame.id(), is("7"));
        assertThat(frame.d().get("channelId").asText(), is("x"));
    }

    @Test
    void nonObjectsMissingOpsAndTrailingDataAreBadFrames() {
        assertThat(refusal("[]"), is(BAD_FRAME));
        assertThat(refusal("42"), is(BAD_FRAME));
        assertThat(refusal(""), is(BAD_FRAME));
        assertThat(refusal("{\"id\":\"1\"}"), is(BAD_FRAME));
        assertThat(refusal("{\"op\":1}"), is(BAD_FRAME));
        assertThat(refusal("{\"op\":\"ping\"} {}"), is(BAD_FRAME));
        assertThat(refusal("{\"op\":\"a\",\"op\":\"b\"}"), is(BAD_FRAME));
    }

    @Test
    void deepNestingAndHugeNumbersAreRefusedCheaply() {
        assertThat(refusal("{\"op\":\"x\",\"d\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}"), is(BAD_FRAME));
        assertThat(refusal("{\"op\":\"x\",\"d\":{\"n\":1" + "0".repeat(5000) + "}}"), is(BAD_FRAME));
    }

    @Test
    void idsMustBeShortStrings() {
        assertThat(FrameParser.parse("{\"op\":\"x\",\"id\":5}").id(), nullValue());
        assertThat(FrameParser.parse("{\"op\":\"x\",\"id\":\"" + "a".repeat(65) + "\"}").id(), nullValue());
        assertThat(FrameParser.parse("{\"op\":\"x\",\"id\":\"\"}").id(), nullValue());
        assertThat(FrameParser.parse("{\"op\":\"x\"}").hasId(), is(false));
    }
}
