/** The embedded development stack: a real KRaft Kafka broker, PostgreSQL, and the launcher that runs every service. */
package io.mnemos.devstack;
