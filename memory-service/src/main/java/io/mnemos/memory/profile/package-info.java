/**
 * Profile memory (MOBIMEM "Profile Memory"): what the platform knows about a user, as versioned facts.
 *
 * <p>A {@link io.mnemos.memory.profile.ProfileFact} is one (attribute, value, polarity) statement about a user with a
 * confidence and a validity interval. Facts are never overwritten: a new value for an exclusive attribute
 * <em>supersedes</em> the old one (both kept, linked by {@code supersedes}/{@code supersededBy}); a repeated statement
 * <em>merges</em> into the existing fact (confidence raised, earliest {@code validFrom} kept); a statement that
 * conflicts with a recent one, or with one from another source, is kept as well and recorded as an open
 * {@link io.mnemos.memory.profile.Contradiction} that a caller resolves by picking the winner. The decision is made by
 * the pure {@link io.mnemos.memory.profile.FactReconciler}; {@link io.mnemos.memory.profile.ProfileStore}
 * implementations apply it atomically (the PostgreSQL one under a per-attribute advisory lock).
 *
 * <p>Facts come from a {@link io.mnemos.memory.profile.FactExtractor} (English patterns now, an LLM later) or from
 * explicit upserts. Retrieval goes through {@link io.mnemos.memory.profile.ProfileGraphs}: one in-memory DisGraph per
 * user (see {@link io.mnemos.memory.profile.disgraph}), rebuilt lazily from PostgreSQL, which stays the source of truth.
 * {@link io.mnemos.memory.profile.ProfileService} is the entry point; every call is scoped to a tenant.
 */
package io.mnemos.memory.profile;
