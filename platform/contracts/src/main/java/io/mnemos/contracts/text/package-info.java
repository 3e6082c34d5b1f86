/**
 * Rules for text that Mnemos stores: {@link io.mnemos.contracts.text.NulCharacters} keeps NUL characters, which
 * PostgreSQL cannot store in {@code text} or {@code jsonb}, out of request bodies. Pure Java: only Jackson.
 */
package io.mnemos.contracts.text;
