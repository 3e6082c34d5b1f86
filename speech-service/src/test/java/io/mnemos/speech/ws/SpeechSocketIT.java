package io.mnemos.speech.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mnemos.contracts.identity.Identity;
import io.mnemos.contracts.identity.InternalToken;
import io.mnemos.devstack.JdbcSettings;
import io.mnemos.speech.agent.AgentClient;
import io.mnemos.speech.asr.PocketSphinxTranscriber;
import io.mnemos.speech.audio.Pcm;
import io.mnemos.speech.support.EchoAgentClient;
import io.mnemos.speech.support.RealtimeClient;
import io.mnemos.speech.support.RealtimeClient.Received;
import io.mnemos.speech.support.SpeechData;
import io.mnemos.testsupport.TestInfra;
import java.net.URI;
import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The voice WebSocket end to end on the real engines (pocketsphinx via FFM, FreeTTS) with the in-process
 * {@link EchoAgentClient} standing in for the orchestrator, on the real PostgreSQL (outbox) and Kafka: real recorded
 * speech is streamed in real time, transcripts and audio come back; a barge-in stops the agent's audio; protocol
 * violations get {@code error} events and close codes.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "mnemos.speech.session.idle-timeout=4s",
            "mnemos.speech.session.max-duration=90s",
            "mnemos.speech.asr.max-decoders=2",
            "logging.level.io.mnemos.speech=INFO"
        })
class SpeechSocketIT {
    static final String SECRET = "speech-it-secret-0123456789-abcdefghij";
    static String schema;

    @TestConfiguration
    static class Agent {
        @Bean
        @Primary
        EchoAgentClient echoAgent() {
            // TEST ONLY: answers "You said: …" plus a long second part, so there is time to barge in.
            return new EchoAgentClient(
                    t -> "You said: " + t + ". Here is a rather long answer, so that you have the time to interrupt"
                            + " me while I am still talking. It goes on for a few more sentences. The weather will be"
                            + " fine tomorrow, with some clouds in the afternoon. After that, it may rain a little.",
                    5);
        }
    }

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry r) {
        JdbcSettings db = TestInfra.jdbc();
        schema = TestInfra.freshSchema("speech_it");
        r.add("spring.datasource.url", db::url);
        r.add("spring.datasource.username", db::user);
        r.add("spring.datasource.password", () -> db.password() == null ? "" : db.password());
        r.add("spring.datasource.hikari.schema", () -> schema);
        r.add("spring.flyway.schemas", () -> schema);
        r.add("spring.flyway.default-schema", () -> schema);
        r.add("spring.kafka.bootstrap-servers", TestInfra::kafkaBootstrap);
        r.add("mnemos.security.internal-secret", () -> SECRET);
    }

    @BeforeAll
    static void engines() {
        assumeTrue(
                PocketSphinxTranscriber.isInstalled(),
                "pocketsphinx not installed: apt-get install pocketsphinx pocketsphinx-en-us (CI's .ci/run does)");
        assumeTrue(!SpeechData.librivox().isEmpty(), "../shared/data/speech/pocketsphinx/librivox not found");
    }

    @LocalServerPort
    int port;

    @Autowired
    AgentClient agent;

    private String token(String... scopes) {
        return InternalToken.sign(
                Identity.of("acme", "alice", scopes),
                InternalToken.secret(SECRET),
                Instant.now().plusSeconds(300));
    }

    private URI uri(UUID session, String query) {
        return URI.create("ws://127.0.0.1:" + port + "/v1/speech/sessions/" + session + (query == null ? "" : query));
    }

    private RealtimeClient connect(UUID session, String query) {
        return RealtimeClient.connect(uri(session, query), InternalToken.HEADER, token("speech", "memory:write"));
    }

    private static short[] clip(int i) {
        return SpeechData.librivox().get(i).audio();
    }

    @Test
    void realSpeechInRealTimeGivesTranscriptsAudioAndResponseDone() throws Exception {
        UUID session = UUID.randomUUID();
        try (RealtimeClient c = connect(session, null)) {
            c.await("session.created", Duration.ofSeconds(10));
            c.startMic(40, false); // base64 appends; silence between utterances, like an open microphone
            // "he was not an ill disposed young man"
            c.say(Pcm.concat(Pcm.silence(300), clip(1)));
            Received started = c.await("input_audio_buffer.speech_started", Duration.ofSeconds(30));
            assertThat(started.json().path("audio_start_ms").asLong()).isBetween(0L, 2000L);
            c.await("input_audio_buffer.speech_stopped", Duration.ofSeconds(60));
            Received done = c.await("conversation.item.input_audio_transcription.completed", Duration.ofSeconds(60));
            String transcript = done.json().path("transcript").asString();
            assertThat(transcript).contains("young man");
            c.await("response.created", Duration.ofSeconds(10));
            Received responseDone = c.await("response.done", Duration.ofSeconds(90));
            assertThat(responseDone.json().at("/response/status").asString()).isEqualTo("completed");
            assertThat(c.ofType("conversation.item.input_audio_transcription.delta"))
                    .isNotEmpty();
            assertThat(c.ofType("response.audio_transcript.delta")).isNotEmpty();
            assertThat(c.audioSamples()).as("agent audio").isGreaterThan(16000L * 5);
            assertThat(responseDone.json().at("/response/mnemos/heard_text").asString())
                    .startsWith("You said:");
            assertThat(((EchoAgentClient) agent).requests).contains(transcript);
            assertThat(c.types())
                    .containsSubsequence(
                            "session.created",
                            "input_audio_buffer.speech_started",
                            "input_audio_buffer.speech_stopped",
                            "input_audio_buffer.committed",
                            "conversation.item.input_audio_transcription.completed",
                            "response.created",
                            "response.audio_transcript.delta",
                            "response.audio.delta",
                            "response.audio.done",
                            "response.done");
        }
        // the final transcripts went to the outbox (speech.events), the audio did not
        assertThat(outboxTypes(session)).contains("speech.transcript");
    }

    @Test
    void aDroppedSocketIsResumedWithNothingLostAndNothingRepeated() throws Exception {
        UUID session = UUID.randomUUID();
        RealtimeClient first = connect(session, null);
        first.await("session.created", Duration.ofSeconds(10));
        first.startMic(40, false);
        first.say(Pcm.concat(Pcm.silence(300), clip(1)));
        first.await("response.audio.delta", Duration.ofSeconds(90)); // the agent is speaking
        first.abort(); // the network goes away mid-answer
        long lastSeen = first.lastSeq();
        Thread.sleep(300); // the answer goes on meanwhile; its events wait in the resume log

        // a second plain connection to the same session is refused: it must resume
        assertThatThrownBy(() -> connect(session, null)).hasStackTraceContaining("status code 409");
        // another principal of the tenant cannot take the session over
        assertThatThrownBy(() -> RealtimeClient.connect(
                        uri(session, "?resume=" + lastSeen),
                        InternalToken.HEADER,
                        InternalToken.sign(
                                Identity.of("acme", "mallory", "speech", "memory:write"),
                                InternalToken.secret(SECRET),
                                Instant.now().plusSeconds(300))))
                .hasStackTraceContaining("status code 404");

        try (RealtimeClient second = connect(session, "?resume=" + lastSeen)) {
            Received resumed = second.await("mnemos.session.resumed", Duration.ofSeconds(10));
            assertThat(resumed.json().path("last_seq").asLong()).isEqualTo(lastSeen);
            assertThat(resumed.json().path("input_audio_bytes_received").asLong())
                    .isPositive();
            second.startMic(40, false); // the microphone goes on (an idle session would be closed)
            Received done = second.await("response.done", Duration.ofSeconds(90));
            assertThat(done.json().at("/response/status").asString()).isEqualTo("completed");
            second.ack(second.lastSeq());
            Thread.sleep(300); // let the acknowledgement arrive before the network goes away again
            // exactly the events after the last one seen, in order, without a gap or a repeat
            List<Long> seqs = second.seqs();
            assertThat(seqs.getFirst()).isEqualTo(lastSeen + 1);
            for (int i = 1; i < seqs.size(); i++) {
                assertThat(seqs.get(i)).as("event %d after the resume", i).isEqualTo(seqs.get(i - 1) + 1);
            }
            assertThat(first.seqs()).doesNotContainAnyElementsOf(seqs);
            List<String> all = new java.util.ArrayList<>(first.types());
            all.addAll(second.types());
            assertThat(all.stream().filter("response.done"::equals)).hasSize(1);
            assertThat(all.stream().filter("response.created"::equals)).hasSize(1);
            // resuming again from before the acknowledged events is refused with a reason
            second.abort();
            try (RealtimeClient third = connect(session, "?resume=" + lastSeen)) {
                Received error = third.await("error", Duration.ofSeconds(10));
                assertThat(error.json().at("/error/code").asString()).isEqualTo("resume_failed");
                assertThat(third.closed
                                .get(10, java.util.concurrent.TimeUnit.SECONDS)
                                .code())
                        .isEqualTo(1008);
            }
        }
    }

    @Test
    void resumingASessionThatDoesNotExistIsRefused() {
        assertThatThrownBy(() -> connect(UUID.randomUUID(), "?resume=3")).hasStackTraceContaining("status code 404");
        assertThatThrownBy(() -> connect(UUID.randomUUID(), "?resume=abc")).hasStackTraceContaining("status code 400");
    }

    @Test
    void bargeInStopsTheAgentsAudio() throws Exception {
        UUID session = UUID.randomUUID();
        try (RealtimeClient c = connect(session, "?audio=binary")) {
            c.await("session.created", Duration.ofSeconds(10));
            c.startMic(20, true);
            c.say(Pcm.concat(Pcm.silence(300), clip(4))); // "he might even have been made amiable himself"
            c.await("response.created", Duration.ofSeconds(90));
            c.await("binary", Duration.ofSeconds(30));
            Thread.sleep(1000); // the agent is audibly speaking; now talk over it
            c.say(clip(0)); // 7 s of "and mister john dashwood had then leisure to consider…"
            c.await("mnemos.barge_in.candidate", Duration.ofSeconds(30));
            Received confirmed = c.await("mnemos.barge_in.confirmed", Duration.ofSeconds(60));
            Received cancelled = c.await(
                    "response.done",
                    r -> r.json().at("/response/status").asString().equals("cancelled"),
                    Duration.ofSeconds(10));
            assertThat(cancelled.json().at("/response/status_details/reason").asString())
                    .isEqualTo("turn_detected");
            String heard = cancelled.json().at("/response/mnemos/heard_text").asString();
            String full = cancelled.json().at("/response/mnemos/full_text").asString();
            assertThat(full).startsWith(heard);
            assertThat(heard.length()).isLessThan(full.length());
            // no audio of the interrupted response arrives after the confirmation
            int confirmedAt = c.received.indexOf(confirmed);
            List<Received> after = new ArrayList<>(c.received.subList(confirmedAt + 1, c.received.size()));
            int limit = after.size();
            for (int i = 0; i < after.size(); i++) {
                if (after.get(i).type().equals("response.created")) {
                    limit = i;
                    break;
                }
            }
            assertThat(after.subList(0, limit)).noneMatch(r -> r.binary() != null);
            assertThat(((EchoAgentClient) agent).cancelled).isNotEmpty();
            // the interruption is the user's next turn
            c.await(
                    "conversation.item.input_audio_transcription.completed",
                    r -> r.json().path("transcript").asString().contains("leisure"),
                    Duration.ofSeconds(90));
        }
        assertThat(outboxTypes(session)).contains("speech.interrupt");
    }

    @Test
    void protocolViolationsGetErrorsAndCloseCodes() throws Exception {
        try (RealtimeClient c = connect(UUID.randomUUID(), null)) {
            c.await("session.created", Duration.ofSeconds(10));
            c.sendJson(Map.of("type", "conversation.item.create"));
            Received e = c.await("error", Duration.ofSeconds(10));
            assertThat(e.json().at("/error/code").asString()).isEqualTo("unknown_event");
            c.sendJson(Map.of("type", "input_audio_buffer.commit"));
            c.await(
                    "error",
                    r -> r.json().at("/error/code").asString().equals("input_audio_buffer_commit_empty"),
                    Duration.ofSeconds(10));
            c.sendJson(Map.of("type", "response.cancel"));
            c.await(
                    "error",
                    r -> r.json().at("/error/code").asString().equals("response_cancel_not_active"),
                    Duration.ofSeconds(10));
            c.sendJson(Map.of("type", "input_audio_buffer.append", "audio", "%%%not-base64"));
            c.await(
                    "error",
                    r -> r.json().at("/error/code").asString().equals("invalid_audio"),
                    Duration.ofSeconds(10));
            c.sendBinary(new byte[] {1, 2, 3});
            RealtimeClient.Close close = c.closed.get(10, TimeUnit.SECONDS);
            assertThat(close.code()).isEqualTo(1007);
            assertThat(close.reason()).contains("odd size");
        }
        try (RealtimeClient c = connect(UUID.randomUUID(), null)) {
            c.await("session.created", Duration.ofSeconds(10));
            byte[] wav = io.mnemos.speech.audio.Wav.encode(new short[1600]);
            c.sendBinary(wav);
            RealtimeClient.Close close = c.closed.get(10, TimeUnit.SECONDS);
            assertThat(close.code()).isEqualTo(1003);
            assertThat(close.reason()).contains("WAV");
        }
        try (RealtimeClient c = connect(UUID.randomUUID(), null)) {
            c.await("session.created", Duration.ofSeconds(10));
            c.sendBinary(new byte[128 * 1024]);
            assertThat(c.closed.get(10, TimeUnit.SECONDS).code()).isEqualTo(1009);
        }
        try (RealtimeClient c = connect(UUID.randomUUID(), null)) {
            c.await("session.created", Duration.ofSeconds(10));
            // no audio at all: closed after the idle timeout (4 s here) with a reason
            RealtimeClient.Close close = c.closed.get(20, TimeUnit.SECONDS);
            assertThat(close.code()).isEqualTo(1000);
            assertThat(close.reason()).contains("no audio");
        }
    }

    @Test
    void theHandshakeNeedsAnIdentityWithScopeAndASessionUuid() {
        HttpClient http = HttpClient.newHttpClient();
        assertThat(upgrade(http, uri(UUID.randomUUID(), null), null)).isEqualTo(401);
        assertThat(upgrade(http, uri(UUID.randomUUID(), null), token("memory:read")))
                .isEqualTo(403);
        // Both scopes are needed; admin implies every scope.
        assertThat(upgrade(http, uri(UUID.randomUUID(), null), token("memory:write")))
                .isEqualTo(403);
        assertThat(upgrade(http, uri(UUID.randomUUID(), null), token("speech"))).isEqualTo(403);
        assertThat(upgrade(http, uri(UUID.randomUUID(), null), token("admin"))).isEqualTo(101);
        assertThat(upgrade(
                        http,
                        URI.create("ws://127.0.0.1:" + port + "/v1/speech/sessions/not-a-uuid"),
                        token("speech", "memory:write")))
                .isEqualTo(400);
    }

    private int upgrade(HttpClient http, URI ws, String token) {
        var b = http.newWebSocketBuilder();
        if (token != null) {
            b.header(InternalToken.HEADER, token);
        }
        try {
            b.buildAsync(ws, new java.net.http.WebSocket.Listener() {}).join().abort();
            return 101;
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof java.net.http.WebSocketHandshakeException h) {
                return h.getResponse().statusCode();
            }
            throw e;
        }
    }

    private List<String> outboxTypes(UUID session) throws Exception {
        List<String> types = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            types.clear();
            try (Connection conn = TestInfra.jdbc().withCurrentSchema(schema).connect();
                    Statement s = conn.createStatement();
                    ResultSet rs = s.executeQuery("SELECT type, record_key FROM outbox_event")) {
                while (rs.next()) {
                    if (rs.getString(2).endsWith(session.toString())) {
                        types.add(rs.getString(1));
                    }
                }
            }
            if (!types.isEmpty()) {
                Thread.sleep(500); // let the rest of the session's events land
                return outboxTypesOnce(session);
            }
            Thread.sleep(100);
        }
        return types;
    }

    private List<String> outboxTypesOnce(UUID session) throws Exception {
        List<String> types = new ArrayList<>();
        try (Connection conn = TestInfra.jdbc().withCurrentSchema(schema).connect();
                Statement s = conn.createStatement();
                ResultSet rs = s.executeQuery("SELECT type, record_key FROM outbox_event")) {
            while (rs.next()) {
                if (rs.getString(2).endsWith(session.toString())) {
                    types.add(rs.getString(1));
                }
            }
        }
        return types;
    }
}
