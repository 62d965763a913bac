package io.camelgateway;

import java.util.function.Supplier;

/** A value made on first use, once, however many threads ask at the same time. */
public final class Lazy<T> implements Supplier<T> {
    private final Supplier<T> maker;
    private volatile T value;

    public Lazy(Supplier<T> maker) {
        this.maker = maker;
    }

    @Override
    public T get() {
        T v = value;
        if (v == null) {
            synchronized (this) {
                v = value;
                if (v == null) {
                    value = v = maker.get();
                }
            }
        }
        return v;
    }
}
