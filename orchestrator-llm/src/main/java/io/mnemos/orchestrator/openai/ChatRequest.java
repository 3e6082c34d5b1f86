package io.mnemos.orchestrator.openai;

import io.mnemos.contracts.text.NulCharacters;
import io.mnemos.web.validation.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A Chat Completions request, read leniently: fields OpenAI clients send that Mnemos does not use ({@code top_p},
 * {@code n}, {@code tools}, {@code stream_options}, ...) are ignored, the fields it uses are validated.
 *
 * @param model       echoed back in the response ({@code mnemos} when absent)
 * @param messages    the conversation, oldest first
 * @param stream      whether to answer as Server-Sent Events
 * @param user        whose memory is used and written
 * @param temperature sampling temperature for the LLM, if given
 * @param maxTokens   most tokens generated ({@code max_tokens} or {@code max_completion_tokens}), if given
 */
record ChatRequest(
        String model,
        List<Message> messages,
        boolean stream,
        String user,
        @Nullable Double temperature,
        @Nullable Integer maxTokens) {

    static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");

    /** One message; {@code content} is the text (the text parts joined, for array content). */
    record Message(String role, String content) {}

    /** The last user message: the turn this request answers. */
    Message lastUserMessage() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role().equals("user")) {
                return messages.get(i);
            }
        }
        throw new IllegalStateException("validated to have a user message");
    }

    /**
     * Reads and validates a request body.
     *
     * @throws OpenAiException 400 naming the offending field
     */
    static ChatRequest parse(JsonNode body, OpenAiProperties props, int maxTurnChars) {
        if (body == null || !body.isObject()) {
            throw OpenAiException.invalid(null, "invalid_body", "The request body must be a JSON object.");
        }
        JsonNode msgs = body.get("messages");
        if (msgs == null || !msgs.isArray() || msgs.isEmpty()) {
            throw OpenAiException.invalid(
                    "messages", "missing_messages", "'messages' must be a non-empty array of {role, content}.");
        }
        if (msgs.size() > props.maxMessages()) {
            throw OpenAiException.invalid(
                    "messages",
                    "too_many_messages",
                    "At most " + props.maxMessages() + " messages are accepted; got " + msgs.size() + ".");
        }
        List<Message> messages = new ArrayList<>(msgs.size());
        for (int i = 0; i < msgs.size(); i++) {
            messages.add(message(msgs.get(i), "messages[" + i + "]"));
        }
        Message last = messages.stream()
                .filter(m -> m.role().equals("user"))
                .reduce((a, b) -> b)
                .orElseThrow(() -> OpenAiException.invalid(
                        "messages",
                        "no_user_message",
                        "'messages' must contain at least one message with role 'user'."));
        if (last.content().isBlank()) {
            throw OpenAiException.invalid(
                    "messages", "empty_user_message", "The last user message has no text; send what the user said.");
        }
        if (last.content().length() > maxTurnChars) {
            throw OpenAiException.invalid(
                    "messages",
                    "user_message_too_long",
                    "The last user message has " + last.content().length() + " characters; at most " + maxTurnChars
                            + " are accepted (mnemos.orchestrator.max-turn-chars).");
        }
        String user = text(body, "user");
        if (user == null || user.isBlank()) {
            user = props.defaultUser();
        }
        if (user == null || user.isBlank()) {
            throw OpenAiException.invalid(
                    "user",
                    "missing_user",
                    "'user' is required: it names the end user whose memory is used (or configure"
                            + " mnemos.openai.default-user).");
        }
        if (!UserId.Validator.isValid(user)) { // it is the memory user id: the same rule as everywhere else
            throw OpenAiException.invalid("user", "invalid_user", "'user' " + UserId.MESSAGE + ".");
        }
        JsonNode stream = body.get("stream");
        if (stream != null && !stream.isNull() && !stream.isBoolean()) {
            throw OpenAiException.invalid("stream", "invalid_type", "'stream' must be a boolean.");
        }
        Double temperature = null;
        JsonNode t = body.get("temperature");
        if (t != null && !t.isNull()) {
            if (!t.isNumber() || t.asDouble() < 0 || t.asDouble() > 2) {
                throw OpenAiException.invalid(
                        "temperature", "invalid_value", "'temperature' must be a number in [0, 2].");
            }
            temperature = t.asDouble();
        }
        Integer maxTokens = null;
        for (String field : List.of("max_tokens", "max_completion_tokens")) {
            JsonNode m = body.get(field);
            if (m != null && !m.isNull()) {
                if (!m.isIntegralNumber() || m.asLong() < 1 || m.asLong() > 1_000_000) {
                    throw OpenAiException.invalid(
                            field, "invalid_value", "'" + field + "' must be a positive integer.");
                }
                maxTokens = m.asInt();
            }
        }
        String model = text(body, "model");
        return new ChatRequest(
                model == null || model.isBlank() ? "mnemos" : model,
                List.copyOf(messages),
                stream != null && stream.asBoolean(false),
                user,
                temperature,
                maxTokens);
    }

    private static Message message(JsonNode m, String param) {
        if (m == null || !m.isObject()) {
            throw OpenAiException.invalid(param, "invalid_message", param + " must be an object {role, content}.");
        }
        String role = text(m, "role");
        if (role == null || !ROLES.contains(role)) {
            throw OpenAiException.invalid(
                    param + ".role",
                    "invalid_role",
                    param + ".role must be one of system, developer, user, assistant, tool; got "
                            + (role == null ? "none" : "'" + role + "'") + ".");
        }
        JsonNode content = m.get("content");
        String text;
        if (content == null || content.isNull()) {
            if (role.equals("user") || role.equals("system") || role.equals("developer")) {
                throw OpenAiException.invalid(
                        param + ".content", "missing_content", param + " (" + role + ") needs a 'content'.");
            }
            text = ""; // an assistant message with tool calls only
        } else if (content.isString()) {
            text = content.asString();
        } else if (content.isArray()) {
            // Content parts: the text parts are used; images and audio are not (use vision-/speech-service).
            StringBuilder sb = new StringBuilder();
            for (JsonNode part : content) {
                if ("text".equals(part.path("type").asString(""))
                        && part.path("text").isString()) {
                    if (!sb.isEmpty()) {
                        sb.append('\n');
                    }
                    sb.append(part.get("text").asString());
                }
            }
            text = sb.toString();
        } else {
            throw OpenAiException.invalid(
                    param + ".content",
                    "invalid_content",
                    param + ".content must be a string or an array of content parts.");
        }
        if (NulCharacters.contains(text)) {
            throw nul(param + ".content");
        }
        return new Message(role, text);
    }

    /** PostgreSQL cannot store NUL, and messages, the user and the model end up in stored turns and traces. */
    private static OpenAiException nul(String param) {
        return OpenAiException.invalid(
                param, "invalid_value", "'" + param + "' " + NulCharacters.MESSAGE + "; remove them and retry.");
    }

    private static @Nullable String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isString()) {
            throw OpenAiException.invalid(field, "invalid_type", "'" + field + "' must be a string.");
        }
        if (NulCharacters.contains(v.asString())) {
            throw nul(field);
        }
        return v.asString();
    }
}
