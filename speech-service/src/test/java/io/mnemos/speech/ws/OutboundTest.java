package io.mnemos.speech.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/** The bounded output queue: order, purge of interrupted audio, and detection of a client that does not read. */
class OutboundTest {

    @Test
    void aClientThatDoesNotReadIsReportedWithAReason() throws Exception {
        WebSocketSession ws = mock(WebSocketSession.class);
        when(ws.getId()).thenReturn("s1");
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch firstSendStarted = new CountDownLatch(1);
        doAnswer(inv -> {
                    firstSendStarted.countDown();
                    never.await(); // the peer's TCP window is full: the send blocks
                    return null;
                })
                .when(ws)
                .sendMessage(any());
        List<String> reasons = new CopyOnWriteArrayList<>();
        Outbound out = new Outbound(ws, 10_000, reasons::add);
        out.binary(new byte[3200], "resp_1");
        assertThat(firstSendStarted.await(5, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(50);
        assertThat(out.stalledNanos()).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(40));
        for (int i = 0; i < 3; i++) {
            out.binary(new byte[3200], "resp_1");
        }
        assertThat(reasons).isEmpty();
        out.binary(new byte[3200], "resp_1");
        assertThat(reasons).singleElement().asString().contains("client is not reading");
        out.close();
        never.countDown();
    }

    @Test
    void sendsInOrderAndDropsQueuedAudioOfAnInterruptedResponse() throws Exception {
        WebSocketSession ws = mock(WebSocketSession.class);
        when(ws.getId()).thenReturn("s2");
        CountDownLatch release = new CountDownLatch(1);
        List<String> sent = new CopyOnWriteArrayList<>();
        doAnswer(inv -> {
                    WebSocketMessage<?> m = inv.getArgument(0);
                    if (sent.isEmpty()) {
                        release.await(5, TimeUnit.SECONDS);
                    }
                    sent.add(
                            m instanceof org.springframework.web.socket.TextMessage t
                                    ? t.getPayload()
                                    : "audio" + m.getPayloadLength());
                    return null;
                })
                .when(ws)
                .sendMessage(any());
        Outbound out = new Outbound(ws, 1 << 20, r -> {});
        out.text("{\"first\":1}");
        out.binary(new byte[10], "resp_1");
        out.binary(new byte[12], "resp_1");
        out.binary(new byte[14], "resp_2");
        out.text("{\"last\":1}");
        assertThat(out.dropAudio("resp_1")).isEqualTo(22);
        release.countDown();
        long deadline = System.currentTimeMillis() + 5000;
        while (sent.size() < 3 && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertThat(sent).containsExactly("{\"first\":1}", "audio14", "{\"last\":1}");
        assertThat(out.queuedBytes()).isZero();
        out.close();
    }

    /** A socket double that records what was sent to it. */
    private static WebSocketSession recordingSocket(String id, List<String> sent) throws Exception {
        WebSocketSession ws = mock(WebSocketSession.class);
        when(ws.getId()).thenReturn(id);
        doAnswer(inv -> {
                    WebSocketMessage<?> m = inv.getArgument(0);
                    sent.add(
                            m instanceof org.springframework.web.socket.TextMessage t
                                    ? t.getPayload()
                                    : "audio" + m.getPayloadLength());
                    return null;
                })
                .when(ws)
                .sendMessage(any());
        return ws;
    }

    private static void awaitSize(List<String> list, int n) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        while (list.size() < n && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
    }

    @Test
    void aResumeReplaysExactlyTheEventsAfterTheLastOneSeen() throws Exception {
        List<String> first = new CopyOnWriteArrayList<>();
        Outbound out = new Outbound(recordingSocket("a", first), 1 << 20, 1 << 20, r -> {}, lost -> {});
        for (int i = 0; i < 5; i++) {
            out.text(seq -> "e" + seq);
        }
        awaitSize(first, 5);
        out.detach(); // the socket dropped after the client saw e1..e3 (e4, e5 were lost in flight)
        out.text(seq -> "e" + seq); // produced while nobody is connected
        out.binary(new byte[8], "resp_1"); // binary audio is not kept for a resume
        List<String> second = new CopyOnWriteArrayList<>();
        assertThat(out.attach(recordingSocket("b", second), 3)).isEqualTo(3);
        out.text(seq -> "e" + seq);
        awaitSize(second, 4);
        Thread.sleep(50);
        assertThat(second).containsExactly("e4", "e5", "e6", "e7");
        out.close();
    }

    @Test
    void acknowledgedOrEvictedEventsCannotBeResumedFrom() throws Exception {
        List<String> sent = new CopyOnWriteArrayList<>();
        Outbound out = new Outbound(recordingSocket("c", sent), 1 << 20, 10, r -> {}, lost -> {});
        out.text(seq -> "aaaa"); // 4 bytes each; the resume log holds 10
        out.text(seq -> "bbbb");
        out.ack(1);
        out.detach();
        assertThatThrownBy(() -> out.attach(recordingSocket("d", new CopyOnWriteArrayList<>()), 0))
                .hasMessageContaining("older than the last acknowledged");
        assertThatThrownBy(() -> out.attach(recordingSocket("d", new CopyOnWriteArrayList<>()), 9))
                .hasMessageContaining("never sent");
        out.text(seq -> "cccc");
        out.text(seq -> "dddd"); // 12 bytes unacknowledged: "bbbb" (seq 2) is evicted
        assertThatThrownBy(() -> out.attach(recordingSocket("d", new CopyOnWriteArrayList<>()), 1))
                .hasMessageContaining("no longer buffered");
        List<String> resumed = new CopyOnWriteArrayList<>();
        assertThat(out.attach(recordingSocket("e", resumed), 2)).isEqualTo(2);
        awaitSize(resumed, 2);
        assertThat(resumed).containsExactly("cccc", "dddd");
        out.close();
    }

    @Test
    void aFailedSendReportsTheLostSocketOnceAndKeepsTheEvents() throws Exception {
        WebSocketSession ws = mock(WebSocketSession.class);
        when(ws.getId()).thenReturn("f");
        doAnswer(inv -> {
                    throw new java.io.IOException("broken pipe");
                })
                .when(ws)
                .sendMessage(any());
        List<WebSocketSession> lost = new CopyOnWriteArrayList<>();
        Outbound out = new Outbound(ws, 1 << 20, 1 << 20, r -> {}, lost::add);
        out.text(seq -> "x" + seq);
        out.text(seq -> "x" + seq);
        long deadline = System.currentTimeMillis() + 5000;
        while (lost.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        assertThat(lost).containsExactly(ws);
        assertThat(out.socket()).isNull();
        List<String> resumed = new CopyOnWriteArrayList<>();
        assertThat(out.attach(recordingSocket("g", resumed), 0)).isEqualTo(2);
        awaitSize(resumed, 2);
        assertThat(resumed).containsExactly("x1", "x2");
        out.close();
    }
}
