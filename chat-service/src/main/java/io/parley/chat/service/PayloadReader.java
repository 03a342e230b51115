package io.parley.chat.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.kit.error.InvalidException;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads a command's {@code d} or a REST body into its record with the strict mapper; a bad shape is INVALID. */
@ApplicationScoped
public class PayloadReader {

    private final ObjectMapper mapper;

    public PayloadReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public <T> T read(JsonNode d, Class<T> type) {
        if (d == null || !d.isObject()) {
            throw new InvalidException("a JSON object is required");
        }
        try {
            return mapper.treeToValue(d, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new InvalidException("a field has the wrong type");
        }
    }
}
