package dev.sws.audio.io;

import dev.sws.audio.AudioInputException;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;

/**
 * Decodes the best audio stream of any container/codec FFmpeg knows (wav, flac, mp3, ogg/vorbis, opus, m4a/aac,
 * …) to mono float samples at the stream's own rate, streaming: memory stays constant however long the file is.
 * Channels are averaged. Not thread-safe; one reader per file.
 */
public final class FfmpegAudioReader implements AudioReader {

    /** Sample rates outside this range are a damaged header, not a recording (a 1 Hz WAV read as 113 h of audio). */
    static final int MIN_RATE = 1000;
    static final int MAX_RATE = 768_000;

    static {
        av_log_set_level(AV_LOG_QUIET);
    }

    private static final int MAX_CONSECUTIVE_ERRORS = 64;

    private final Path file;
    private AVFormatContext fmt;
    private AVCodecContext codec;
    private AVPacket packet;
    private AVFrame frame;
    private final int streamIndex;
    private final int sampleRate;
    private final int channels;
    private final double duration;
    private final double declared;
    // decoded samples not yet handed out
    private float[] pending = new float[0];
    private int pendingPos;
    private int pendingLen;
    private boolean inputDone;
    private boolean flushed;
    private long decodedSamples;
    private int consecutiveErrors;

    /** Opens {@code file}; throws {@link AudioInputException} with a plain message when it is not usable audio. */
    public FfmpegAudioReader(Path file) {
        this.file = file;
        try {
            if (!Files.exists(file)) {
                throw new AudioInputException(dev.sws.core.util.MissingFile.sentence(file));
            }
            if (Files.isDirectory(file)) {
                throw new AudioInputException(file + " is a folder, not an audio file.");
            }
            if (Files.size(file) == 0) {
                throw new AudioInputException("The file " + file.getFileName() + " is empty.");
            }
        } catch (IOException e) {
            throw new AudioInputException("Cannot read " + file.getFileName() + " (" + e.getMessage() + ").", e);
        }
        boolean ok = false;
        try {
            fmt = new AVFormatContext(null);
            int r = avformat_open_input(fmt, file.toAbsolutePath().toString(), null, null);
            if (r < 0) {
                fmt = null;
                throw new AudioInputException("The file " + file.getFileName() + " is not a readable audio file (" + err(r) + ").");
            }
            r = avformat_find_stream_info(fmt, (PointerPointer<?>) null);
            if (r < 0) {
                throw new AudioInputException("The file " + file.getFileName() + " is damaged or not audio (" + err(r) + ").");
            }
            int idx = av_find_best_stream(fmt, AVMEDIA_TYPE_AUDIO, -1, -1, (PointerPointer<?>) null, 0);
            if (idx < 0) {
                throw new AudioInputException("The file " + file.getFileName() + " contains no audio stream.");
            }
            streamIndex = idx;
            AVStream stream = fmt.streams(idx);
            AVCodecParameters par = stream.codecpar();
            AVCodec dec = avcodec_find_decoder(par.codec_id());
            if (dec == null) {
                throw new AudioInputException("The audio codec of " + file.getFileName() + " is not supported.");
            }
            codec = avcodec_alloc_context3(dec);
            check(avcodec_parameters_to_context(codec, par), "reading codec parameters");
            if (codec.ch_layout().nb_channels() <= 0) {
                throw new AudioInputException("The audio stream of " + file.getFileName() + " has no channels.");
            }
            if (codec.sample_rate() <= 0) {
                throw new AudioInputException("The audio stream of " + file.getFileName() + " has no valid sample rate.");
            }
            if (codec.sample_rate() < MIN_RATE || codec.sample_rate() > MAX_RATE) {
                throw new AudioInputException(file.getFileName() + " says its sample rate is " + codec.sample_rate()
                        + " Hz, which no recording has (" + MIN_RATE + "-" + MAX_RATE + " Hz); the file's header is damaged.");
            }
            r = avcodec_open2(codec, dec, (PointerPointer<?>) null);
            if (r < 0) {
                throw new AudioInputException("The audio of " + file.getFileName() + " cannot be decoded (" + err(r) + ").");
            }
            channels = codec.ch_layout().nb_channels();
            sampleRate = codec.sample_rate();
            duration = fmt.duration() > 0 ? fmt.duration() / (double) AV_TIME_BASE
                    : stream.duration() > 0 ? stream.duration() * av_q2d(stream.time_base()) : -1;
            // the audio stream's own length (not the container's: a video may run longer), unless guessed from the bit rate
            declared = stream.duration() > 0 && fmt.duration_estimation_method() != AVFMT_DURATION_FROM_BITRATE
                    ? stream.duration() * av_q2d(stream.time_base()) : -1;
            packet = av_packet_alloc();
            frame = av_frame_alloc();
            ok = true;
        } finally {
            if (!ok) {
                close();
            }
        }
    }

    @Override
    public int sampleRate() {
        return sampleRate;
    }

    /** Channels in the source stream (mixed down to mono on read). */
    public int channels() {
        return channels;
    }

    @Override
    public double durationSeconds() {
        return duration;
    }

    @Override
    public double declaredSeconds() {
        return declared;
    }

    @Override
    public int read(float[] buf, int off, int len) throws IOException {
        while (pendingLen == 0) {
            if (flushed) {
                if (decodedSamples == 0) {
                    throw new AudioInputException("The file " + file.getFileName() + " contains no decodable audio.");
                }
                return -1;
            }
            decodeMore();
        }
        int n = Math.min(len, pendingLen);
        System.arraycopy(pending, pendingPos, buf, off, n);
        pendingPos += n;
        pendingLen -= n;
        return n;
    }

    /** Feeds one packet (or the flush) and converts whatever frames come out into {@code pending}. */
    private void decodeMore() {
        if (!inputDone) {
            int r = av_read_frame(fmt, packet);
            if (r < 0) {
                inputDone = true;
                avcodec_send_packet(codec, null); // enter draining mode
            } else {
                try {
                    if (packet.stream_index() == streamIndex) {
                        int s = avcodec_send_packet(codec, packet);
                        if (s < 0 && s != AVERROR_EAGAIN()) {
                            onDecodeError(s);
                        }
                    }
                } finally {
                    av_packet_unref(packet);
                }
            }
        }
        while (true) {
            int r = avcodec_receive_frame(codec, frame);
            if (r == AVERROR_EAGAIN()) {
                return;
            }
            if (r == AVERROR_EOF()) {
                flushed = true;
                return;
            }
            if (r < 0) {
                onDecodeError(r);
                return;
            }
            consecutiveErrors = 0;
            convertFrame();
            av_frame_unref(frame);
        }
    }

    private void onDecodeError(int code) {
        if (++consecutiveErrors > MAX_CONSECUTIVE_ERRORS) {
            throw new AudioInputException("The audio in " + file.getFileName() + " is damaged and cannot be decoded (" + err(code) + ").");
        }
    }

    /**
     * Mixes the decoded frame down to mono float (average of the channels) for every sample format FFmpeg's
     * decoders produce: unsigned 8-bit, signed 16/32/64-bit, float and double, packed or planar.
     */
    private void convertFrame() {
        int n = frame.nb_samples();
        int fmtId = frame.format();
        int ch = frame.ch_layout().nb_channels() > 0 ? frame.ch_layout().nb_channels() : channels;
        boolean planar = av_sample_fmt_is_planar(fmtId) != 0;
        int bps = av_get_bytes_per_sample(fmtId);
        int packed = av_get_packed_sample_fmt(fmtId);
        if (n <= 0 || bps <= 0) {
            return;
        }
        ensurePending(n);
        float[] out = pending;
        int base = pendingPos + pendingLen;
        java.util.Arrays.fill(out, base, base + n, 0f);
        PointerPointer<?> planes = frame.extended_data();
        for (int c = 0; c < ch; c++) {
            BytePointer p = new BytePointer(planes.get(planar ? c : 0));
            java.nio.ByteBuffer b = p.capacity((long) n * bps * (planar ? 1 : ch)).asByteBuffer().order(java.nio.ByteOrder.nativeOrder());
            for (int i = 0; i < n; i++) {
                int at = (planar ? i : i * ch + c) * bps;
                float v = switch (packed) {
                    case AV_SAMPLE_FMT_U8 -> ((b.get(at) & 0xFF) - 128) / 128f;
                    case AV_SAMPLE_FMT_S16 -> b.getShort(at) / 32768f;
                    case AV_SAMPLE_FMT_S32 -> b.getInt(at) / 2147483648f;
                    case AV_SAMPLE_FMT_S64 -> (float) (b.getLong(at) / 9.223372036854776E18);
                    case AV_SAMPLE_FMT_FLT -> b.getFloat(at);
                    case AV_SAMPLE_FMT_DBL -> (float) b.getDouble(at);
                    default -> throw new AudioInputException("The audio of " + file.getFileName() + " uses an unsupported sample format.");
                };
                out[base + i] += v;
            }
        }
        for (int i = base; i < base + n; i++) {
            float v = out[i] / ch;
            out[i] = v > -8f && v < 8f ? v : 0f; // NaN/Inf from broken streams become silence
        }
        pendingLen += n;
        decodedSamples += n;
    }

    private void ensurePending(int n) {
        if (pendingPos > 0) {
            System.arraycopy(pending, pendingPos, pending, 0, pendingLen);
            pendingPos = 0;
        }
        if (pending.length < pendingLen + n) {
            pending = java.util.Arrays.copyOf(pending, Math.max(pendingLen + n, pending.length * 2));
        }
    }

    private void check(int r, String what) {
        if (r < 0) {
            throw new AudioInputException("Decoding " + file.getFileName() + " failed while " + what + " (" + err(r) + ").");
        }
    }

    static String err(int code) {
        byte[] b = new byte[256];
        av_strerror(code, b, b.length);
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (frame != null) {
            av_frame_free(frame);
            frame = null;
        }
        if (packet != null) {
            av_packet_free(packet);
            packet = null;
        }
        if (codec != null) {
            avcodec_free_context(codec);
            codec = null;
        }
        if (fmt != null) {
            avformat_close_input(fmt);
            fmt = null;
        }
    }
}
