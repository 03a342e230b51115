package io.parley.events.data;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code session.events} (key = the instance id), type {@code instance.stopped}: its sessions are closed at once. */
public record InstanceStopped(@JsonProperty(required = true) String instance) {
}
