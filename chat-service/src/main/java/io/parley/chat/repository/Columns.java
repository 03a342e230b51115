package io.parley.chat.repository;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * The column arrays of a many-rows statement ({@code INSERT ... SELECT FROM unnest($1::uuid[], ...)}, {@code UPDATE ...
 * FROM unnest(...)}): one array per column, row {@code i}'s value at index {@code i}. One statement for a whole batch
 * instead of one per row (which {@code executeBatch} would still run).
 */
public final class Columns {

    private Columns() {
    }

    /** One column: {@code value} of each row, in the rows' order. */
    public static <R, T> T[] of(List<R> rows, IntFunction<T[]> array, Function<? super R, ? extends T> value) {
        T[] column = array.apply(rows.size());
        for (int i = 0; i < column.length; i++) {
            column[i] = value.apply(rows.get(i));
        }
        return column;
    }

    /** A map as two columns, its keys and its values in the same (the map's iteration) order. */
    public static <K, V, A, B> Pair<A, B> of(Map<K, V> map, IntFunction<A[]> keyArray, Function<? super K, ? extends A> key,
            IntFunction<B[]> valueArray, Function<? super V, ? extends B> value) {
        A[] keys = keyArray.apply(map.size());
        B[] values = valueArray.apply(map.size());
        int i = 0;
        for (Map.Entry<K, V> e : map.entrySet()) {
            keys[i] = key.apply(e.getKey());
            values[i++] = value.apply(e.getValue());
        }
        return new Pair<>(keys, values);
    }

    /** A map's two columns. */
    public record Pair<A, B>(A[] keys, B[] values) {
    }
}
