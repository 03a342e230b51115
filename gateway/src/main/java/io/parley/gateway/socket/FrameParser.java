package io.parley.gateway.socket;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.gateway.error.FrameException;

import java.io.IOException;

/**
 * Parses a client text frame into an {@link InboundFrame}. Hostile input is bounded by the parser itself (nesting
 * depth, number and string lengths) so a frame can never cost more than its size; anything that is not one JSON
 * object with a string {@code op} is BAD_FRAME.
 */
public final class FrameParser {

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(32)
                    .maxNumberLength(64)
                    .maxStringLength(1 << 20)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());

    private FrameParser() {
    }

    public static InboundFrame parse(String text) {
        JsonNode root;
        try (JsonParser parser = MAPPER.createParser(text)) {
            root = MAPPER.readTree(parser);
            if (root != null && parser.nextToken() != null) {
                throw badFrame("one JSON object per frame");
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof FrameException bad) {
                throw bad;
            }
            throw badFrame("not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw badFrame("a frame is a JSON object");
        }
        JsonNode op = root.get("op");
        if (op == null || !op.isTextual() || op.textValue().isEmpty() || op.textValue().length() > 64) {
            throw badFrame("the frame has no op");
        }
        JsonNode d = root.get("d");
        return new InboundFrame(op.textValue(), root.get("id"), d instanceof ObjectNode o ? o : null);
    }

    private static FrameException badFrame(String message) {
        return new FrameException(FrameException.Code.BAD_FRAME, message);
    }
}
