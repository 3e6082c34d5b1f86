package io.mnemos.memory.profile;

/** State of a {@link Contradiction}. */
public enum ContradictionStatus {
    /** Both facts are current; a caller should pick one. */
    OPEN,
    /** A caller picked {@code resolvedWith}; the other fact is {@link FactStatus#REJECTED}. */
    RESOLVED,
    /** One side stopped being current for another reason (superseded, retracted, rejected elsewhere). */
    OBSOLETE
}
