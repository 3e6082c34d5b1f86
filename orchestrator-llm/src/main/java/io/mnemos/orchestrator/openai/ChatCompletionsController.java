package io.mnemos.orchestrator.openai;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.mnemos.orchestrator.llm.LlmClient;
import io.mnemos.orchestrator.llm.LlmPrompt;
import io.mnemos.orchestrator.llm.LlmResult;
import io.mnemos.orchestrator.llm.LlmStream;
import io.mnemos.orchestrator.pipeline.Answer;
import io.mnemos.orchestrator.pipeline.ExtractiveComposer;
import io.mnemos.web.security.RequiresScope;
import io.mnemos.web.security.TenantContext;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code POST /v1/chat/completions}, OpenAI-compatible, with the user's memory and documents around the LLM.
 *
 * <p>The body is read as bytes and parsed here with the application's tolerant mapper, not with the platform's strict
 * request-body converter: OpenAI clients send fields Mnemos does not use, and must not get 400 for them. Client
 * mistakes are answered with OpenAI's error object (what OpenAI SDKs parse); authentication and scope failures, which
 * the platform checks before this controller runs, stay problem+json.
 *
 * <p>A stream is written on the request's own (virtual) thread: tokens from the LLM go through a queue, so one thread
 * writes the response; a write that fails because the client went away cancels the LLM stream.
 */
@RestController
@Tag(name = "OpenAI-compatible chat")
class ChatCompletionsController {
    static final String CONVERSATION_HEADER = "X-Mnemos-Conversation";
    static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    private static final Logger log = LoggerFactory.getLogger(ChatCompletionsController.class);
    private static final Pattern CONVERSATION = Pattern.compile("[^\\p{Cntrl}]{1,200}");
    private static final String FINGERPRINT = "mnemos";

    private final ChatCompletions chats;
    private final OpenAiProperties props;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    private final Timer duration;
    private final Counter disconnects;

    ChatCompletionsController(ChatCompletions chats, OpenAiProperties props, ObjectMapper json, MeterRegistry meters) {
        this.chats = chats;
        this.props = props;
        this.json = json;
        this.meters = meters;
        this.duration = Timer.builder("mnemos.openai.duration")
                .description("Time to answer a chat completion (whole stream included)")
                .register(meters);
        this.disconnects = Counter.builder("mnemos.openai.disconnects")
                .description("Streamed chat completions whose client went away before the end (LLM stream cancelled)")
                .register(meters);
    }

    @PostMapping(
            path = "/v1/chat/completions",
            produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.TEXT_EVENT_STREAM_VALUE})
    @RequiresScope("memory:write")
    @Operation(
            summary = "OpenAI-compatible chat completion with memory",
            description = "Body as OpenAI's: {model, messages:[{role, content}], stream?, user, temperature?,"
                    + " max_tokens?}; other OpenAI fields are ignored. The last user message is recorded as a turn"
                    + " of the user's session (memory-service stores it) and answered with the user's memory and"
                    + " document passages in the LLM prompt; without an LLM the answer is extractive and says so."
                    + " The reply is recorded as the agent's turn once complete; a retry (same messages or"
                    + " Idempotency-Key within mnemos.openai.replay-window) gets the recorded reply, mode replay."
                    + " `user` names whose memory (required unless mnemos.openai.default-user is set). With"
                    + " stream=true: Server-Sent Events of chat.completion.chunk, ending with `data: [DONE]`. Errors:"
                    + " 400 with OpenAI's {error:{message, type, param, code}}.",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content =
                                    @Content(
                                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                                            schema =
                                                    @Schema(
                                                            example =
                                                                    "{\"model\":\"mnemos\",\"user\":\"alice\",\"messages\":[{\"role\":\"user\",\"content\":\"What tea do I like?\"}]}"))),
            responses = {
                @ApiResponse(
                        responseCode = "200",
                        description = "chat.completion, or an SSE stream of chat.completion.chunk",
                        content = {
                            @Content(
                                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                                    schema = @Schema(implementation = ChatCompletion.class)),
                            @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE)
                        }),
                @ApiResponse(
                        responseCode = "400",
                        description = "OpenAI error object",
                        content =
                                @Content(
                                        mediaType = MediaType.APPLICATION_JSON_VALUE,
                                        schema = @Schema(implementation = OpenAiException.ErrorBody.class)))
            })
    ResponseEntity<ChatCompletion> complete(
            @RequestBody(required = false) byte @Nullable [] body,
            @Parameter(description = "names the conversation (one orchestrator session per user and conversation)")
                    @RequestHeader(value = CONVERSATION_HEADER, required = false)
                    @Nullable
                    String conversation,
            @Parameter(
                            description = "identifies a retried request: the same key (user and conversation) within"
                                    + " mnemos.openai.replay-window is answered with the first request's recorded reply"
                                    + " and recorded once; without it the message list identifies a retry")
                    @RequestHeader(value = IDEMPOTENCY_HEADER, required = false)
                    @Nullable
                    String idempotencyKey,
            HttpServletResponse response)
            throws IOException {
        long t0 = System.nanoTime();
        ChatRequest req = ChatRequest.parse(read(body), props, chats.maxTurnChars());
        String conv = conversation == null || conversation.isBlank() ? "default" : conversation;
        if (!CONVERSATION.matcher(conv).matches()) {
            throw OpenAiException.invalid(
                    CONVERSATION_HEADER,
                    "invalid_conversation",
                    CONVERSATION_HEADER + " must be 1 to 200 characters without control characters.");
        }
        if (idempotencyKey != null && idempotencyKey.length() > 200) {
            throw OpenAiException.invalid(
                    IDEMPOTENCY_HEADER,
                    "invalid_idempotency_key",
                    IDEMPOTENCY_HEADER + " must be at most 200 characters.");
        }
        String tenant = TenantContext.tenant();
        ChatCompletions.Prepared p = chats.prepare(tenant, req, conv, idempotencyKey);
        Reply reply = new Reply(
                "chatcmpl-" + p.recorded().turnId().toString().replace("-", ""),
                Instant.now().getEpochSecond(),
                req.model());
        try {
            if (req.stream()) {
                stream(tenant, req, p, reply, response);
                return null; // written
            }
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(whole(tenant, req, p, reply));
        } finally {
            duration.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
        }
    }

    @ExceptionHandler(OpenAiException.class)
    ResponseEntity<OpenAiException.ErrorBody> invalid(OpenAiException e) {
        meters.counter("mnemos.openai.rejected", "code", e.code).increment();
        return ResponseEntity.status(e.status)
                .contentType(MediaType.APPLICATION_JSON)
                .body(e.body());
    }

    private JsonNode read(byte @Nullable [] body) {
        if (body == null || body.length == 0) {
            throw OpenAiException.invalid(null, "missing_body", "The request needs a JSON body with 'messages'.");
        }
        try {
            return json.readTree(body);
        } catch (JacksonException e) {
            throw OpenAiException.invalid(
                    null, "invalid_json", "The request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private record Reply(String id, long created, String model) {}

    private ChatCompletion whole(String tenant, ChatRequest req, ChatCompletions.Prepared p, Reply r) {
        LlmClient llm = chats.llm();
        String content;
        String finish = "stop";
        String mode = mode(p);
        String llmError = null;
        ChatCompletion.Usage usage = null;
        if (p.pipeline() == null) {
            content = p.recorded().recordedReply(); // a replay: the first request's reply
        } else if (llm.isAvailable()) {
            LlmPrompt prompt = chats.prompt(req, p.passages());
            LlmResult result = llm.generate(prompt, ChatCompletions.options(req));
            if (result instanceof LlmResult.Completed c) {
                content = c.generated();
                finish = ChatCompletions.finishReason(c.finishReason());
                mode = "llm";
                usage = ChatCompletion.Usage.of(
                        c.promptTokens() > 0 ? c.promptTokens() : ChatCompletions.words(prompt.text()),
                        c.outputTokens() > 0 ? c.outputTokens() : ChatCompletions.words(content));
            } else {
                LlmResult.Degraded d = (LlmResult.Degraded) result;
                llmError = d.failure().kind().id() + ": " + d.failure().message();
                content = p.pipeline().text();
            }
        } else {
            content = p.pipeline().text();
        }
        if (usage == null) {
            usage = ChatCompletion.Usage.of(
                    ChatCompletions.words(req.lastUserMessage().content()), ChatCompletions.words(content));
        }
        chats.recordReply(tenant, p, content);
        count(false, mode);
        return new ChatCompletion(
                r.id(),
                "chat.completion",
                r.created(),
                r.model(),
                List.of(new ChatCompletion.Choice(
                        0, new ChatCompletion.AssistantMessage("assistant", content), finish)),
                usage,
                FINGERPRINT,
                mnemos(p, mode, llmError));
    }

    private void stream(
            String tenant, ChatRequest req, ChatCompletions.Prepared p, Reply r, HttpServletResponse response)
            throws IOException {
        response.setStatus(200);
        response.setContentType(MediaType.TEXT_EVENT_STREAM_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no");
        ServletOutputStream out = response.getOutputStream();
        LlmClient llm = chats.llm();
        String mode = mode(p);
        StringBuilder content = new StringBuilder();
        try {
            send(out, chunk(r, new ChatCompletion.Delta("assistant", ""), null));
            String finish = "stop";
            if (p.pipeline() == null) {
                send(out, chunk(r, new ChatCompletion.Delta(null, p.recorded().recordedReply()), null));
            } else if (llm.isAvailable()) {
                BlockingQueue<String> tokens = new LinkedBlockingQueue<>();
                LlmStream s = llm.stream(chats.prompt(req, p.passages()), ChatCompletions.options(req), tokens::add);
                boolean any = false;
                try {
                    while (true) {
                        String token = tokens.poll(50, TimeUnit.MILLISECONDS);
                        if (token != null) {
                            send(out, chunk(r, new ChatCompletion.Delta(null, token), null));
                            content.append(token);
                            any = true;
                        } else if (s.result().isDone() && tokens.isEmpty()) {
                            break;
                        }
                    }
                } catch (IOException | InterruptedException gone) {
                    s.cancel(); // no token is produced after cancel() returns
                    if (gone instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                    }
                    throw gone instanceof IOException io ? io : new IOException(gone);
                }
                LlmResult result = s.result().join();
                if (result instanceof LlmResult.Completed c) {
                    finish = ChatCompletions.finishReason(c.finishReason());
                    mode = "llm";
                } else if (result instanceof LlmResult.Degraded d) {
                    String why = d.failure().kind().id() + ": " + d.failure().message();
                    log.info("chat completion {}: LLM stream degraded ({})", r.id(), why);
                    // Nothing streamed yet: the pipeline's answer instead. Otherwise say the answer is cut short.
                    String text = any
                            ? "\n\n(The language model stopped answering: " + why + ".)"
                            : p.pipeline().text();
                    mode = any ? "llm" : mode;
                    send(out, chunk(r, new ChatCompletion.Delta(null, text), null));
                    content.append(text);
                }
            } else {
                // Extractive: computed at once, sent one sentence per chunk like a model's deltas.
                for (String piece : pieces(p.pipeline())) {
                    send(out, chunk(r, new ChatCompletion.Delta(null, piece), null));
                    content.append(piece);
                }
            }
            send(out, chunk(r, new ChatCompletion.Delta(null, null), finish));
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            // Recorded only once the whole reply went out: a cut-off stream leaves the turn for a retry to answer.
            chats.recordReply(tenant, p, content.toString());
            count(true, mode);
        } catch (IOException clientGone) {
            disconnects.increment();
            log.debug("chat completion {}: client went away mid-stream: {}", r.id(), clientGone.toString());
        }
    }

    /**
     * The pipeline's text cut at its composed sentences ({@code "sentence [n]"}, then {@code " sentence [m]"}, ...,
     * then the rest, e.g. the extractive note), so the pieces join to exactly the text; one piece if it does not start
     * with them.
     */
    static List<String> pieces(Answer a) {
        String text = a.text();
        List<String> out = new ArrayList<>();
        int at = 0;
        for (ExtractiveComposer.Chosen c : a.trace().composer().chosen()) {
            String piece = (at == 0 ? "" : " ") + c.sentence() + " [" + c.citation() + "]";
            if (!text.startsWith(piece, at)) {
                return List.of(text);
            }
            out.add(piece);
            at += piece.length();
        }
        if (at < text.length()) {
            out.add(text.substring(at));
        }
        return out;
    }

    private static String mode(ChatCompletions.Prepared p) {
        return p.pipeline() == null ? "replay" : p.pipeline().mode();
    }

    private static ChatCompletion.Chunk chunk(Reply r, ChatCompletion.Delta delta, @Nullable String finish) {
        return new ChatCompletion.Chunk(
                r.id(),
                "chat.completion.chunk",
                r.created(),
                r.model(),
                List.of(new ChatCompletion.ChunkChoice(0, delta, finish)),
                FINGERPRINT);
    }

    private void send(ServletOutputStream out, Object event) throws IOException {
        out.write(("data: " + json.writeValueAsString(event) + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static ChatCompletion.Mnemos mnemos(ChatCompletions.Prepared p, String mode, @Nullable String llmError) {
        return new ChatCompletion.Mnemos(
                mode,
                p.pipeline() == null ? null : p.pipeline().route(),
                p.recorded().sessionId().toString(),
                p.recorded().turnId().toString(),
                p.passages().size(),
                llmError);
    }

    private void count(boolean stream, String mode) {
        meters.counter("mnemos.openai.completions", "stream", String.valueOf(stream), "mode", mode)
                .increment();
    }
}
