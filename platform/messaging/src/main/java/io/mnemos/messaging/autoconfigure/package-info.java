/**
 * Spring Boot auto-configuration of mnemos-messaging, registered in {@code
 * META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports}.
 */
package io.mnemos.messaging.autoconfigure;
