package io.parley.events.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code session.events} (key = the instance id), type {@code instance.heartbeat}.
 *
 * @param intervalMs the gateway's heartbeat interval; without it session-service assumes its default
 */
public record InstanceHeartbeat(@JsonProperty(required = true) String instance,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long intervalMs) {
}
