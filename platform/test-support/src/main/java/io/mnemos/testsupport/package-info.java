/**
 * Shared test fixtures: {@link io.mnemos.testsupport.TestInfra} gives every integration test the same real Kafka broker
 * and PostgreSQL, started once per test run by {@code ./mnemos test} (or lazily in-process when run alone).
 */
package io.mnemos.testsupport;
