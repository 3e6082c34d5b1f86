package io.mnemos.orchestrator.llm;

/** Where generated text comes from ({@code mnemos.llm.provider}). */
public enum LlmProvider {
    /** No LLM: the orchestrator answers extractively. The default. */
    NONE,
    /** Any server speaking the OpenAI Chat Completions API (OpenAI, vLLM, llama.cpp server, LM Studio, ...). */
    OPENAI,
    /** An Ollama server ({@code /api/chat}). */
    OLLAMA,
    /** jlama in this JVM, on a model directory in Hugging Face layout (bf16, or Q4 quantized on disk at start). */
    JLAMA;

    /** The lower-case name used in configuration, metrics and traces. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
