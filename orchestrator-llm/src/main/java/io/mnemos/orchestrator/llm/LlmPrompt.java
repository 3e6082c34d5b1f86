package io.mnemos.orchestrator.llm;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What the model is asked: LangChain4j chat messages (system, user, AI), in order.
 *
 * <p>Chat providers receive the messages as they are; the in-process runner, whose tiny models have no real chat
 * template, continues the {@linkplain #text() message texts joined by blank lines}.
 *
 * @param messages at least one message; the last is usually a user message
 */
public record LlmPrompt(List<ChatMessage> messages) {
    public LlmPrompt {
        Objects.requireNonNull(messages, "messages");
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a prompt needs at least one message");
        }
        messages = List.copyOf(messages);
    }

    /** A prompt of one user message. */
    public static LlmPrompt of(String userText) {
        return new LlmPrompt(List.of(UserMessage.from(userText)));
    }

    /** A prompt of a system message and a user message. */
    public static LlmPrompt of(String system, String userText) {
        return new LlmPrompt(List.of(SystemMessage.from(system), UserMessage.from(userText)));
    }

    /** The message texts joined by blank lines: what raw (non-chat) runners continue. */
    public String text() {
        return messages.stream().map(LlmPrompt::textOf).collect(Collectors.joining("\n\n"));
    }

    private static String textOf(ChatMessage m) {
        return switch (m) {
            case SystemMessage s -> s.text();
            case UserMessage u -> u.hasSingleText() ? u.singleText() : u.toString();
            case AiMessage a -> a.text() == null ? "" : a.text();
            default -> m.toString();
        };
    }
}
