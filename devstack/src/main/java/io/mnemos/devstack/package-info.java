/**
 * The embedded development stack: a real KRaft Kafka broker, PostgreSQL, and the launcher that runs every service.
 *
 * <p>{@link io.mnemos.devstack.KafkaBroker} runs a single-node Kafka 4.1 in-process from the {@code kafka_2.13}
 * classes; {@link io.mnemos.devstack.Postgres} finds a database (configured, the machine's, or an embedded one);
 * {@link io.mnemos.devstack.Infra} starts both. {@link io.mnemos.devstack.Stack} adds the services as child JVMs
 * (listed in {@link io.mnemos.devstack.LauncherConfig}) and waits for their health endpoints;
 * {@link io.mnemos.devstack.Launcher} is the command line behind {@code ./mnemos} ({@code up}, {@code infra},
 * {@code down}, {@code status}). Nothing here is used by the services at run time.
 */
package io.mnemos.devstack;
