package io.mnemos.speech.tts;

import com.sun.speech.freetts.Voice;
import com.sun.speech.freetts.VoiceManager;
import com.sun.speech.freetts.audio.AudioPlayer;
import io.mnemos.speech.audio.Pcm;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sound.sampled.AudioFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In-process synthesis with FreeTTS 1.2.2 and its diphone voice {@code kevin16} (16 kHz). A FreeTTS {@link Voice} is
 * not safe for concurrent use, so this keeps a small pool of allocated voices (one per concurrent caller, created on
 * demand up to {@code maxVoices}); audio is captured by an in-memory {@link AudioPlayer} instead of a sound card.
 */
public final class FreeTtsSynthesizer implements Synthesizer {
    private static final Logger log = LoggerFactory.getLogger(FreeTtsSynthesizer.class);
    private static final String VOICE = "kevin16";

    static {
        if (System.getProperty("freetts.voices") == null) {
            System.setProperty("freetts.voices", "com.sun.speech.freetts.en.us.cmu_us_kal.KevinVoiceDirectory");
        }
    }

    private final int maxVoices;
    private final LinkedBlockingQueue<PooledVoice> idle = new LinkedBlockingQueue<>();
    private final AtomicInteger created = new AtomicInteger();
    private volatile boolean closed;

    public FreeTtsSynthesizer(int maxVoices) {
        if (maxVoices < 1) {
            throw new IllegalArgumentException("maxVoices must be ≥ 1");
        }
        this.maxVoices = maxVoices;
    }

    /** Allocates one voice now so the first sentence does not pay for loading (~1 s). */
    public FreeTtsSynthesizer warmUp() {
        idle.add(borrow());
        return this;
    }

    @Override
    public short[] synthesize(String text) {
        if (text == null || text.isBlank()) {
            return new short[0];
        }
        PooledVoice v = borrow();
        try {
            return v.speak(text);
        } finally {
            if (closed) {
                v.voice.deallocate();
            } else {
                idle.add(v);
            }
        }
    }

    private PooledVoice borrow() {
        PooledVoice v = idle.poll();
        if (v != null) {
            return v;
        }
        if (created.incrementAndGet() <= maxVoices) {
            return new PooledVoice();
        }
        created.decrementAndGet();
        try {
            v = idle.poll(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (v == null) {
            throw new IllegalStateException("no FreeTTS voice free within 30 s");
        }
        return v;
    }

    @Override
    public void close() {
        closed = true;
        PooledVoice v;
        while ((v = idle.poll()) != null) {
            v.voice.deallocate();
        }
    }

    private static final class PooledVoice {
        final Voice voice;
        final CapturePlayer player = new CapturePlayer();

        PooledVoice() {
            long t0 = System.nanoTime();
            voice = VoiceManager.getInstance().getVoice(VOICE);
            if (voice == null) {
                throw new IllegalStateException("FreeTTS voice " + VOICE + " not found on the class path");
            }
            voice.allocate();
            voice.setAudioPlayer(player);
            log.debug("FreeTTS voice allocated in {} ms", (System.nanoTime() - t0) / 1_000_000);
        }

        short[] speak(String text) {
            player.buffer.reset();
            voice.speak(text);
            byte[] bytes = player.buffer.toByteArray();
            AudioFormat f = player.format;
            short[] samples = new short[bytes.length / 2];
            boolean big = f == null || f.isBigEndian();
            for (int i = 0; i < samples.length; i++) {
                int a = bytes[2 * i] & 0xFF;
                int b = bytes[2 * i + 1] & 0xFF;
                samples[i] = (short) (big ? (a << 8 | b) : (b << 8 | a));
            }
            int rate = f == null ? Pcm.SAMPLE_RATE : Math.round(f.getSampleRate());
            return Pcm.resample(samples, rate, Pcm.SAMPLE_RATE);
        }
    }

    /** Collects what FreeTTS "plays". */
    private static final class CapturePlayer implements AudioPlayer {
        final ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 * 1024);
        AudioFormat format;
        private float volume = 1.0f;

        @Override
        public void setAudioFormat(AudioFormat f) {
            this.format = f;
        }

        @Override
        public AudioFormat getAudioFormat() {
            return format;
        }

        @Override
        public void pause() {}

        @Override
        public void resume() {}

        @Override
        public void reset() {}

        @Override
        public boolean drain() {
            return true;
        }

        @Override
        public void begin(int size) {}

        @Override
        public boolean end() {
            return true;
        }

        @Override
        public void cancel() {}

        @Override
        public void close() {}

        @Override
        public float getVolume() {
            return volume;
        }

        @Override
        public void setVolume(float v) {
            volume = v;
        }

        @Override
        public long getTime() {
            return 0;
        }

        @Override
        public void resetTime() {}

        @Override
        public void startFirstSampleTimer() {}

        @Override
        public boolean write(byte[] audio) {
            return write(audio, 0, audio.length);
        }

        @Override
        public boolean write(byte[] audio, int offset, int size) {
            buffer.write(audio, offset, size);
            return true;
        }

        @Override
        public void showMetrics() {}
    }
}
