package io.mnemos.orchestrator.llm;

import io.micrometer.core.instrument.MeterRegistry;

/** Builds the client a configuration asks for, without Spring (the benchmark and tests use it too). */
public final class LlmClients {
    private LlmClients() {}

    /** {@link DisabledLlmClient} for provider none, else a {@link ResilientLlmClient} (provider created lazily). */
    public static LlmClient create(LlmProperties props, MeterRegistry registry) {
        return props.provider() == LlmProvider.NONE ? new DisabledLlmClient() : new ResilientLlmClient(props, registry);
    }
}
