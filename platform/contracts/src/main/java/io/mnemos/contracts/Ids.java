package io.mnemos.contracts;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import java.util.UUID;

/** Identifier generation. Every id Mnemos creates is a UUIDv7: time-ordered, so B-tree indexes stay compact. */
public final class Ids {
    private static final TimeBasedEpochGenerator V7 = Generators.timeBasedEpochGenerator();

    private Ids() {}

    /** A new UUIDv7 (RFC 9562), monotonic within this JVM. */
    public static UUID newId() {
        return V7.generate();
    }
}
