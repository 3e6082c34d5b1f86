package io.mnemos.orchestrator.openai;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import io.mnemos.orchestrator.OrchestratorProperties;
import io.mnemos.orchestrator.llm.FinishReason;
import io.mnemos.orchestrator.llm.LlmClient;
import io.mnemos.orchestrator.llm.LlmOptions;
import io.mnemos.orchestrator.llm.LlmPrompt;
import io.mnemos.orchestrator.pipeline.Answer;
import io.mnemos.orchestrator.pipeline.Evidence;
import io.mnemos.orchestrator.pipeline.SpecialistCall;
import io.mnemos.orchestrator.pipeline.TurnContext;
import io.mnemos.orchestrator.pipeline.TurnPipeline;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * What a chat completion does besides talking: records the user turn, gathers evidence with the turn pipeline, and
 * builds the LLM prompt from it.
 */
@Service
class ChatCompletions {
    private final ConversationSessions sessions;
    private final TurnPipeline pipeline;
    private final LlmClient llm;
    private final OpenAiProperties props;
    private final OrchestratorProperties orchestrator;

    ChatCompletions(
            ConversationSessions sessions,
            TurnPipeline pipeline,
            LlmClient llm,
            OpenAiProperties props,
            OrchestratorProperties orchestrator) {
        this.sessions = sessions;
        this.pipeline = pipeline;
        this.llm = llm;
        this.props = props;
        this.orchestrator = orchestrator;
    }

    /**
     * A turn ready to be answered.
     *
     * @param recorded  where the user turn was recorded; for a replay whose first request finished, its reply
     * @param pipeline  the pipeline's (extractive or canned) answer: the reply without an LLM, and the evidence; null
     *                  for a replay answered with the recorded reply
     * @param passages  the passages for the LLM prompt, best first
     */
    record Prepared(ConversationSessions.Recorded recorded, @Nullable Answer pipeline, List<Evidence> passages) {}

    int maxTurnChars() {
        return orchestrator.maxTurnChars();
    }

    LlmClient llm() {
        return llm;
    }

    /**
     * Records the last user message as a turn (unless the request replays an earlier one), then runs the pipeline for
     * it (routing and specialists). A replay whose first request already recorded its reply runs nothing.
     *
     * @param idempotencyKey the client's {@code Idempotency-Key}, if sent; otherwise the messages identify a replay
     */
    Prepared prepare(String tenant, ChatRequest req, String conversation, @Nullable String idempotencyKey) {
        String text = req.lastUserMessage().content();
        ConversationSessions.Recorded r =
                sessions.record(tenant, req.user(), conversation, text, requestKey(req, conversation, idempotencyKey));
        if (r.recordedReply() != null) {
            return new Prepared(r, null, List.of());
        }
        // Same turn id as the recorded turn, so the memory specialist leaves the question itself out of its hits.
        Answer a =
                pipeline.answerWithoutGeneration(new TurnContext(tenant, r.sessionId(), r.turnId(), req.user(), text));
        List<Evidence> passages = new ArrayList<>();
        for (SpecialistCall call : a.trace().specialists()) {
            passages.addAll(call.evidence());
        }
        // Scores are comparable only within a source: interleave by rank within each source.
        List<Evidence> memory = passages.stream()
                .filter(e -> e.source().equals("memory"))
                .sorted(Comparator.comparingDouble(Evidence::score).reversed())
                .toList();
        List<Evidence> docs = passages.stream()
                .filter(e -> !e.source().equals("memory"))
                .sorted(Comparator.comparingDouble(Evidence::score).reversed())
                .toList();
        List<Evidence> merged = new ArrayList<>();
        for (int i = 0; merged.size() < props.maxPassages() && (i < memory.size() || i < docs.size()); i++) {
            if (i < memory.size()) {
                merged.add(memory.get(i));
            }
            if (i < docs.size() && merged.size() < props.maxPassages()) {
                merged.add(docs.get(i));
            }
        }
        return new Prepared(r, a, List.copyOf(merged));
    }

    /**
     * Records the reply as the agent's turn, with the pipeline's trace, unless it is already recorded (a replay).
     *
     * @return whether this call recorded it
     */
    boolean recordReply(String tenant, Prepared p, String reply) {
        return p.pipeline() != null
                && !reply.isBlank()
                && sessions.recordReply(tenant, p.recorded().turnId(), reply, p.pipeline());
    }

    /**
     * What identifies a replay: the user, the conversation and the client's idempotency key, or without one the whole
     * message list (a chat client re-sends the history, so a new question in the same conversation differs).
     */
    static String requestKey(ChatRequest req, String conversation, @Nullable String idempotencyKey) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        StringBuilder in = new StringBuilder()
                .append(req.user())
                .append('\u0000')
                .append(conversation)
                .append('\u0000');
        if (idempotencyKey != null && !idempotencyKey.isBlank()) {
            in.append("key\u0000").append(idempotencyKey);
        } else {
            for (ChatRequest.Message m : req.messages()) {
                in.append(m.role()).append('\u0001').append(m.content()).append('\u0002');
            }
        }
        return HexFormat.of().formatHex(sha.digest(in.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** The system prompt with the numbered passages, then the client's conversation. */
    LlmPrompt prompt(ChatRequest req, List<Evidence> passages) {
        StringBuilder sys = new StringBuilder(props.systemPrompt());
        if (passages.isEmpty()) {
            sys.append("\n\nNo passage from the user's memory or documents matched the last message.");
        } else {
            sys.append("\n\nPassages:");
            int n = 1;
            for (Evidence e : passages) {
                String text = e.text().length() <= props.maxPassageChars()
                        ? e.text()
                        : e.text().substring(0, props.maxPassageChars()) + "...";
                sys.append("\n[")
                        .append(n++)
                        .append("] (")
                        .append(e.source())
                        .append(e.title() == null || e.title().isBlank() ? "" : ": " + e.title())
                        .append(") ")
                        .append(text.replace('\n', ' '));
            }
        }
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(SystemMessage.from(sys.toString()));
        for (ChatRequest.Message m : req.messages()) {
            if (m.content().isBlank()) {
                continue; // e.g. an assistant message that only called tools
            }
            messages.add(
                    switch (m.role()) {
                        case "system", "developer" -> SystemMessage.from(m.content());
                        case "assistant" -> AiMessage.from(m.content());
                        case "tool" -> UserMessage.from("Tool result: " + m.content());
                        default -> UserMessage.from(m.content());
                    });
        }
        return new LlmPrompt(messages);
    }

    static LlmOptions options(ChatRequest req) {
        LlmOptions o = LlmOptions.defaults();
        if (req.maxTokens() != null) {
            o = o.withMaxTokens(req.maxTokens());
        }
        if (req.temperature() != null) {
            o = o.withTemperature(req.temperature());
        }
        return o;
    }

    static String finishReason(FinishReason r) {
        return r == FinishReason.LENGTH ? "length" : "stop";
    }

    static int words(String s) {
        String t = s.strip();
        return t.isEmpty() ? 0 : t.split("\\s+").length;
    }
}
