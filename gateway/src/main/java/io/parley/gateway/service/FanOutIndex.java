package io.parley.gateway.service;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Key (channel or user id) → the local receivers, built for the fan-out path: a lookup is one hash probe that returns
 * an immutable array, so iterating it allocates nothing and takes no lock. Changes copy the array under the key's
 * bin lock (subscribes are rare next to deliveries).
 */
public final class FanOutIndex<T> {

    private static final Object[] NONE = new Object[0];

    private final ConcurrentHashMap<String, Object[]> entries = new ConcurrentHashMap<>();

    public void add(String key, T receiver) {
        entries.compute(key, (k, current) -> {
            Object[] base = current == null ? NONE : current;
            for (Object o : base) {
                if (o == receiver) {
                    return base;
                }
            }
            Object[] next = Arrays.copyOf(base, base.length + 1);
            next[base.length] = receiver;
            return next;
        });
    }

    public void remove(String key, T receiver) {
        entries.computeIfPresent(key, (k, current) -> {
            int at = -1;
            for (int i = 0; i < current.length; i++) {
                if (current[i] == receiver) {
                    at = i;
                    break;
                }
            }
            if (at < 0) {
                return current;
            }
            if (current.length == 1) {
                return null;
            }
            Object[] next = new Object[current.length - 1];
            System.arraycopy(current, 0, next, 0, at);
            System.arraycopy(current, at + 1, next, at, current.length - at - 1);
            return next;
        });
    }

    /** The receivers of a key; callers cast each element to {@code T} and must not modify the array. */
    public Object[] receivers(String key) {
        Object[] found = entries.get(key);
        return found == null ? NONE : found;
    }

    @SuppressWarnings("unchecked")
    public void forEach(String key, java.util.function.Consumer<T> action) {
        for (Object o : receivers(key)) {
            action.accept((T) o);
        }
    }

    @SuppressWarnings("unchecked")
    public void forEachEntry(BiConsumer<String, T> action) {
        entries.forEach((k, receivers) -> {
            for (Object o : receivers) {
                action.accept(k, (T) o);
            }
        });
    }

    public int keys() {
        return entries.size();
    }
}
