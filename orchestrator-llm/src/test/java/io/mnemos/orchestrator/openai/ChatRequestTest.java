package io.mnemos.orchestrator.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ChatRequestTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static OpenAiProperties props(String defaultUser) {
        return new OpenAiProperties(defaultUser, 4, 8, 800, 100, "be helpful", java.time.Duration.ofMinutes(10));
    }

    private static JsonNode json(String s) {
        return JSON.readTree(s);
    }

    @Test
    void readsContentPartsAndTheLastUserMessageAndMaxCompletionTokens() {
        ChatRequest r = ChatRequest.parse(
                json(
                        """
                        {"user":"bob","max_completion_tokens":12,"logprobs":true,"messages":[
                          {"role":"user","content":"first"},
                          {"role":"assistant","content":null,"tool_calls":[{"id":"x"}]},
                          {"role":"user","content":[{"type":"text","text":"look at"},
                                                    {"type":"image_url","image_url":{"url":"data:"}},
                                                    {"type":"text","text":"this"}]}]}"""),
                props(null),
                100);

        assertThat(r.lastUserMessage().content()).isEqualTo("look at\nthis");
        assertThat(r.messages().get(1).content()).isEmpty();
        assertThat(r.maxTokens()).isEqualTo(12);
        assertThat(r.model()).isEqualTo("mnemos");
        assertThat(r.stream()).isFalse();
    }

    @Test
    void refusesNulCharactersNamingTheField() {
        // PostgreSQL cannot store NUL: the turn insert failed with a 500.
        for (String[] c : new String[][] {
            {
                "{\"user\":\"u\",\"messages\":[{\"role\":\"user\",\"content\":\"hello \\u0000 there\"}]}",
                "messages[0].content"
            },
            {
                "{\"user\":\"u\",\"messages\":[{\"role\":\"system\",\"content\":[{\"type\":\"text\",\"text\":\"\\u0000\"}]},"
                        + "{\"role\":\"user\",\"content\":\"hi\"}]}",
                "messages[0].content"
            },
            {"{\"user\":\"u\",\"model\":\"m\\u0000\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "model"}
        }) {
            assertThatThrownBy(() -> ChatRequest.parse(json(c[0]), props(null), 100))
                    .isInstanceOfSatisfying(OpenAiException.class, e -> {
                        assertThat(e.status).isEqualTo(400);
                        assertThat(e.param).isEqualTo(c[1]);
                        assertThat(e.getMessage()).contains("'" + c[1] + "'", "NUL");
                    });
        }
    }

    @Test
    void usesTheConfiguredDefaultUserOnlyWhenNoneIsGiven() {
        String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        assertThat(ChatRequest.parse(json(body), props("shared"), 100).user()).isEqualTo("shared");
        assertThatThrownBy(() -> ChatRequest.parse(json(body), props(null), 100))
                .isInstanceOfSatisfying(
                        OpenAiException.class, e -> assertThat(e.code).isEqualTo("missing_user"));
    }

    @Test
    void userIsAMemoryUserIdWithTheSharedRule() {
        // 'user' is the memory user id: '/' (and over 200 characters) passed here and failed at memory-service.
        for (String bad : List.of("a/b", "u".repeat(201), "a\u0001b")) {
            String body = "{\"user\":" + quoted(bad) + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
            assertThatThrownBy(() -> ChatRequest.parse(json(body), props(null), 100))
                    .as(bad)
                    .isInstanceOfSatisfying(OpenAiException.class, e -> {
                        assertThat(e.code).isEqualTo("invalid_user");
                        assertThat(e.getMessage()).contains("'user' must be 1–200 characters", "without '/'");
                    });
        }
        String ok = "{\"user\":\"alice smith@example.com\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        assertThat(ChatRequest.parse(json(ok), props(null), 100).user()).isEqualTo("alice smith@example.com");
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\u0001", "\\u0001") + "\"";
    }

    @Test
    void refusesTooManyMessagesTooLongTurnsAndBadTypes() {
        assertThatThrownBy(() -> ChatRequest.parse(
                        json("{\"user\":\"u\",\"messages\":[" + "{\"role\":\"user\",\"content\":\"a\"},".repeat(4)
                                + "{\"role\":\"user\",\"content\":\"a\"}]}"),
                        props(null),
                        100))
                .isInstanceOfSatisfying(
                        OpenAiException.class, e -> assertThat(e.code).isEqualTo("too_many_messages"));
        assertThatThrownBy(() -> ChatRequest.parse(
                        json("{\"user\":\"u\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(101)
                                + "\"}]}"),
                        props(null),
                        100))
                .isInstanceOfSatisfying(
                        OpenAiException.class, e -> assertThat(e.code).isEqualTo("user_message_too_long"));
        assertThatThrownBy(() -> ChatRequest.parse(
                        json(
                                "{\"user\":\"u\",\"stream\":\"yes\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}"),
                        props(null),
                        100))
                .isInstanceOfSatisfying(
                        OpenAiException.class, e -> assertThat(e.param).isEqualTo("stream"));
        assertThatThrownBy(() -> ChatRequest.parse(
                        json("{\"user\":\"u\",\"messages\":[{\"role\":\"user\",\"content\":\"  \"}]}"),
                        props(null),
                        100))
                .isInstanceOfSatisfying(
                        OpenAiException.class, e -> assertThat(e.code).isEqualTo("empty_user_message"));
    }
}
