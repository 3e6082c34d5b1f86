package io.mnemos.speech.audio;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Minimal RIFF/WAVE reader and writer. Reads PCM 16-bit and IEEE float 32-bit, mono or multi-channel (channels are
 * averaged), at any rate (resampled to 16 kHz by linear interpolation); writes 16 kHz mono PCM16.
 */
public final class Wav {
    private static final int FORMAT_PCM = 1;
    private static final int FORMAT_FLOAT = 3;
    private static final int FORMAT_EXTENSIBLE = 0xFFFE;

    private Wav() {}

    /** Reads a WAV file as 16 kHz mono samples. */
    public static short[] read(Path file) throws IOException {
        return decode(Files.readAllBytes(file));
    }

    /** Decodes WAV bytes as 16 kHz mono samples. */
    public static short[] decode(byte[] data) {
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        if (data.length < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) {
            throw new IllegalArgumentException("not a RIFF/WAVE file");
        }
        int format = -1;
        int channels = 0;
        int rate = 0;
        int bits = 0;
        int pos = 12;
        while (pos + 8 <= data.length) {
            int id = b.getInt(pos);
            int size = b.getInt(pos + 4);
            int body = pos + 8;
            if (id == 0x20746d66) { // "fmt "
                format = b.getShort(body) & 0xFFFF;
                channels = b.getShort(body + 2);
                rate = b.getInt(body + 4);
                bits = b.getShort(body + 14);
                if (format == FORMAT_EXTENSIBLE && size >= 26) {
                    format = b.getShort(body + 24) & 0xFFFF;
                }
            } else if (id == 0x61746164) { // "data"
                if (format < 0) {
                    throw new IllegalArgumentException("WAV data chunk before fmt chunk");
                }
                int len = Math.min(size < 0 ? Integer.MAX_VALUE : size, data.length - body);
                short[] mono = samples(b, body, len, format, channels, bits);
                return Pcm.resample(mono, rate, Pcm.SAMPLE_RATE);
            }
            pos = body + size + (size & 1);
        }
        throw new IllegalArgumentException("WAV without a data chunk");
    }

    private static short[] samples(ByteBuffer b, int at, int len, int format, int channels, int bits) {
        if (format == FORMAT_PCM && bits == 16) {
            int frames = len / (2 * channels);
            short[] out = new short[frames];
            for (int i = 0; i < frames; i++) {
                int sum = 0;
                for (int c = 0; c < channels; c++) {
                    sum += b.getShort(at + 2 * (i * channels + c));
                }
                out[i] = (short) (sum / channels);
            }
            return out;
        }
        if (format == FORMAT_FLOAT && bits == 32) {
            int frames = len / (4 * channels);
            short[] out = new short[frames];
            for (int i = 0; i < frames; i++) {
                double sum = 0;
                for (int c = 0; c < channels; c++) {
                    sum += b.getFloat(at + 4 * (i * channels + c));
                }
                out[i] = clip(sum / channels * 32767.0);
            }
            return out;
        }
        throw new IllegalArgumentException("unsupported WAV encoding: format " + format + ", " + bits + " bits");
    }

    private static short clip(double v) {
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v)));
    }

    /** Encodes 16 kHz mono PCM16 samples as a WAV file. */
    public static byte[] encode(short[] samples) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(44 + samples.length * 2);
        ByteBuffer h = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        int dataLen = samples.length * 2;
        h.putInt(0x46464952).putInt(36 + dataLen).putInt(0x45564157);
        h.putInt(0x20746d66).putInt(16).putShort((short) FORMAT_PCM).putShort((short) 1);
        h.putInt(Pcm.SAMPLE_RATE)
                .putInt(Pcm.SAMPLE_RATE * 2)
                .putShort((short) 2)
                .putShort((short) 16);
        h.putInt(0x61746164).putInt(dataLen);
        out.writeBytes(h.array());
        out.writeBytes(Pcm.toBytes(samples));
        return out.toByteArray();
    }

    /** Whether {@code data} starts like a known audio container or compressed format (not raw PCM). */
    public static String containerName(byte[] data, int offset, int length) {
        if (length < 4) {
            return null;
        }
        String head = new String(data, offset, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
        return switch (head) {
            case "RIFF" -> "WAV (RIFF)";
            case "OggS" -> "Ogg";
            case "fLaC" -> "FLAC";
            case "\u001aE\u00df\u00a3" -> "WebM/Matroska";
            default -> head.startsWith("ID3") ? "MP3 (ID3)" : null;
        };
    }
}
