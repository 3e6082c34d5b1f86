package io.mnemos.memory.profile;

/** Lifecycle of a stored fact. Only {@link #ACTIVE} facts are current; the others are history. */
public enum FactStatus {
    /** Current (possibly contested by an open contradiction). */
    ACTIVE,
    /** Replaced by a newer value for the same attribute ({@code supersededBy} names it). */
    SUPERSEDED,
    /** Lost a contradiction that was resolved in favour of another fact ({@code supersededBy} names it). */
    REJECTED,
    /** Withdrawn explicitly (by the user or an operator). */
    RETRACTED
}
