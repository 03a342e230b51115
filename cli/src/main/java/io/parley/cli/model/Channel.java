package io.parley.cli.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** A channel or DM the user is in: its counters, the loaded part of its history and its members. */
public final class Channel {
    public final String id;
    public final String type;
    public String name;
    public String topic;
    public String visibility;
    /** Highest channel event seq applied (the sinceSeq of the next subscribe). */
    public long cursor;
    public long readSeq;
    public int unread;
    public boolean mentioned;
    /** The other user of a DM, once the members are known. */
    public String peerId;
    /** Messages by creation seq: the loaded window of the history. */
    public final TreeMap<Long, Message> messages = new TreeMap<>();
    /** True while older history may exist on the server beyond the first loaded message. */
    public boolean hasOlder = true;
    public boolean historyLoaded;
    /**
     * A subscribe answered truncated: events in (gapFrom, gapTo] were never received; the view marks the place and
     * /fill pages them in over REST. 0 when there is no gap.
     */
    public long gapFrom;
    public long gapTo;
    public final Map<String, Member> members = new LinkedHashMap<>();
    public boolean membersLoaded;

    public Channel(String id, String type, String name) {
        this.id = id;
        this.type = type;
        this.name = name;
    }

    public boolean isDm() {
        return "dm".equals(type);
    }

    public boolean hasGap() {
        return gapTo > gapFrom;
    }

    /** The highest seq of a loaded message, 0 when none is loaded. */
    public long newestLoadedSeq() {
        return messages.isEmpty() ? 0 : messages.lastKey();
    }

    public Message byId(String messageId) {
        for (Message m : messages.values()) {
            if (m.id.equals(messageId)) {
                return m;
            }
        }
        return null;
    }
}
