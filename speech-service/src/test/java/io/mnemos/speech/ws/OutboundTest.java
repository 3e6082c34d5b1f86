package io.mnemos.speech.ws;

import static org.assertj.core.api.Assertions.assertThat;
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
}
