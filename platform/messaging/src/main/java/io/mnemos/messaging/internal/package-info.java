/** Internals of mnemos-messaging: the messaging tables' schema and migration, housekeeping. Not an API. */
package io.mnemos.messaging.internal;
