package dev.sws.audio.io;

import dev.sws.audio.AudioInputException;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVChannelLayout;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swresample.SwrContext;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerPointer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;
import static org.bytedeco.ffmpeg.global.swresample.*;

/**
 * Decodes the best audio stream of any container/codec FFmpeg knows (wav, flac, mp3, ogg/vorbis, opus, m4a/aac,
 * …) to mono float samples at the stream's own rate or a chosen one, streaming: memory stays constant however long
 * the file is. Channels are averaged. Sample format, mix-down and rate are converted in one native call of FFmpeg's
 * swresample ({@code ffmpeg -af aresample=RATE:filter_size=31:cutoff=0.9:kaiser_beta=6}): the filter of the
 * TarsosDSP resampler that the models were measured with, within −70 dB, at native speed (ADR 0025). Not
 * thread-safe; one reader per file.
 */
public final class FfmpegAudioReader implements AudioReader {

    /** Sample rates outside this range are a damaged header, not a recording (a 1 Hz WAV read as 113 h of audio). */
    static final int MIN_RATE = 1000;
    static final int MAX_RATE = 768_000;

    static {
        av_log_set_level(AV_LOG_QUIET);
    }

    private static final int MAX_CONSECUTIVE_ERRORS = 64;
    /**
     * The resampling filter: taps at the lower rate, pass band (a share of the lower rate's Nyquist frequency) and
     * Kaiser window: libresample's high-quality filter (35 zero crossings, roll-off 0.90, β 6) as swresample builds it.
     */
    static final int FILTER_SIZE = 31;
    static final double CUTOFF = 0.90;
    static final double KAISER_BETA = 6;

    private final Path file;
    private AVFormatContext fmt;
    private AVCodecContext codec;
    private AVPacket packet;
    private AVFrame frame;
    private final int streamIndex;
    private final int sampleRate;
    private final int sourceRate;
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
    // the converter for the current input format (made at the first frame; made again if a stream changes format)
    private SwrContext swr;
    private int swrFormat = -1;
    private int swrRate = -1;
    private int swrChannels = -1;
    private FloatPointer converted;
    private final PointerPointer<FloatPointer> convertedPlanes = new PointerPointer<>(1);

    /** Opens {@code file} at its own sample rate; see {@link #FfmpegAudioReader(Path, int)}. */
    public FfmpegAudioReader(Path file) {
        this(file, 0);
    }

    /**
     * Opens {@code file} to read it at {@code outputRate} Hz ({@code 0}: the stream's own rate); throws
     * {@link AudioInputException} with a plain message when it is not usable audio.
     */
    public FfmpegAudioReader(Path file, int outputRate) {
        this.file = file;
        if (outputRate != 0 && (outputRate < MIN_RATE || outputRate > MAX_RATE)) {
            throw new IllegalArgumentException("output rate " + outputRate + " Hz is outside " + MIN_RATE + "-" + MAX_RATE + " Hz");
        }
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
            sourceRate = codec.sample_rate();
            sampleRate = outputRate == 0 ? sourceRate : outputRate;
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
                drainConverter();
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
     * Converts the decoded frame — any sample format FFmpeg's decoders produce, packed or planar, any channel
     * count — to mono float at the output rate (the channels averaged) and appends it to {@code pending}.
     */
    private void convertFrame() {
        int n = frame.nb_samples();
        if (n <= 0) {
            return;
        }
        int fmtId = frame.format();
        int ch = frame.ch_layout().nb_channels() > 0 ? frame.ch_layout().nb_channels() : channels;
        int rate = frame.sample_rate() > 0 ? frame.sample_rate() : sourceRate;
        if (swr == null || fmtId != swrFormat || rate != swrRate || ch != swrChannels) {
            drainConverter();
            openConverter(fmtId, rate, ch);
        }
        convert(frame.extended_data(), n);
        decodedSamples += n;
    }

    /** Makes the converter for frames of this format, rate and channel count: mono float at {@link #sampleRate}. */
    private void openConverter(int fmtId, int rate, int ch) {
        freeConverter();
        if (av_get_bytes_per_sample(fmtId) <= 0) {
            throw new AudioInputException("The audio of " + file.getFileName() + " uses an unsupported sample format.");
        }
        AVChannelLayout in = new AVChannelLayout();
        AVChannelLayout out = new AVChannelLayout();
        try {
            av_channel_layout_default(in, ch); // the order does not matter: the mix is an average
            av_channel_layout_default(out, 1);
            SwrContext ctx = new SwrContext(null);
            int r = swr_alloc_set_opts2(ctx, out, AV_SAMPLE_FMT_FLT, sampleRate, in, fmtId, rate, 0, null);
            if (r < 0 || ctx.isNull()) {
                throw new AudioInputException("Decoding " + file.getFileName() + " failed while preparing the conversion (" + err(r) + ").");
            }
            swr = ctx;
            check(av_opt_set_int(swr, "filter_size", FILTER_SIZE, 0), "preparing the resampler");
            check(av_opt_set_double(swr, "cutoff", CUTOFF, 0), "preparing the resampler");
            check(av_opt_set_double(swr, "kaiser_beta", KAISER_BETA, 0), "preparing the resampler");
            if (ch > 1) {
                double[] mix = new double[ch];
                java.util.Arrays.fill(mix, 1.0 / ch);
                check(swr_set_matrix(swr, mix, ch), "preparing the mix-down");
            }
            check(swr_init(swr), "preparing the conversion");
        } finally {
            av_channel_layout_uninit(in);
            av_channel_layout_uninit(out);
            in.close();
            out.close();
        }
        swrFormat = fmtId;
        swrRate = rate;
        swrChannels = ch;
    }

    /** Runs the converter on {@code n} input samples ({@code input == null}: its buffered tail). */
    private void convert(PointerPointer<?> input, int n) {
        int cap = swr_get_out_samples(swr, n);
        if (cap <= 0) {
            return;
        }
        if (converted == null || converted.capacity() < cap) {
            if (converted != null) {
                converted.close();
            }
            converted = new FloatPointer(Math.max(cap, 4096));
            convertedPlanes.put(0, converted);
        }
        int got = swr_convert(swr, convertedPlanes, (int) converted.capacity(), input, input == null ? 0 : n);
        if (got < 0) {
            onDecodeError(got);
            return;
        }
        ensurePending(got);
        int base = pendingPos + pendingLen;
        converted.get(pending, base, got);
        for (int i = base; i < base + got; i++) {
            float v = pending[i];
            pending[i] = v > -8f && v < 8f ? v : 0f; // NaN/Inf from broken streams become silence
        }
        pendingLen += got;
    }

    /** Hands out what the resampling filter still holds (its delay) before the converter changes or the end. */
    private void drainConverter() {
        if (swr != null && swrRate != sampleRate) {
            convert(null, 0);
        }
    }

    private void freeConverter() {
        if (swr != null) {
            swr_free(swr);
            swr = null;
        }
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
        freeConverter();
        if (converted != null) {
            converted.close();
            converted = null;
        }
        convertedPlanes.close();
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
