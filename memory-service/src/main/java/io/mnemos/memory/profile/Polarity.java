package io.mnemos.memory.profile;

/** Whether a fact asserts or denies its value ("likes sushi" vs "does not like sushi"). */
public enum Polarity {
    POSITIVE(1),
    NEGATIVE(-1);

    private final int sign;

    Polarity(int sign) {
        this.sign = sign;
    }

    /** {@code +1} or {@code -1}, as stored. */
    public int sign() {
        return sign;
    }

    public Polarity opposite() {
        return this == POSITIVE ? NEGATIVE : POSITIVE;
    }

    public static Polarity ofSign(int sign) {
        return sign < 0 ? NEGATIVE : POSITIVE;
    }
}
