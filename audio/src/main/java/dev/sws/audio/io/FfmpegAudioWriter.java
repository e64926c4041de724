package dev.sws.audio.io;

import dev.sws.audio.AudioInputException;
import dev.sws.audio.PcmAudio;
import dev.sws.core.util.AtomicFiles;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.ShortPointer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;

/**
 * Encodes mono audio with FFmpeg and writes it atomically: FLAC (lossless, 16-bit), MP3 (LAME, 96 kbit/s), Opus in
 * Ogg (32 kbit/s, 16/24/48 kHz and the like; other rates are resampled to 48 kHz) and AAC in M4A (96 kbit/s).
 */
public final class FfmpegAudioWriter {

    /** A container, its encoder and bit rate (0: lossless). */
    private record Format(String container, String encoder, long bitRate) {
    }

    private static final java.util.Map<String, Format> FORMATS = java.util.Map.of(
            "flac", new Format("flac", "flac", 0),
            "mp3", new Format("mp3", "libmp3lame", 96_000),
            "opus", new Format("ogg", "libopus", 32_000),
            "ogg", new Format("ogg", "libopus", 32_000),
            "m4a", new Format("ipod", "aac", 96_000));
    /** Rates libopus takes as they are. */
    private static final java.util.Set<Integer> OPUS_RATES = java.util.Set.of(8000, 12000, 16000, 24000, 48000);

    private FfmpegAudioWriter() {
    }

    /** The endings {@link #write} takes (besides .wav, which {@link WavWriter} writes). */
    public static java.util.Set<String> formats() {
        return FORMATS.keySet();
    }

    public static void write(Path file, PcmAudio audio, String format) throws IOException {
        Format f = FORMATS.get(format);
        if (f == null) {
            throw new AudioInputException("Unsupported output format: " + format + ".");
        }
        if (f.encoder().equals("libopus") && !OPUS_RATES.contains(audio.sampleRate())) {
            audio = new PcmAudio(dev.sws.audio.dsp.StreamingResampler.resample(audio.samples(), audio.sampleRate(), 48000), 48000);
        }
        Path tmp = AtomicFiles.newPartFile(file);
        try {
            encode(tmp, audio, f);
            AtomicFiles.moveIntoPlace(tmp, file);
        } catch (RuntimeException | IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /** The first of S16, S16P, FLT, FLTP that {@code enc} takes (mono: planar and packed are laid out alike). */
    private static int sampleFormat(AVCodec enc) {
        java.util.List<Integer> offered = new java.util.ArrayList<>();
        org.bytedeco.javacpp.IntPointer p = enc.sample_fmts();
        for (int i = 0; p != null && !p.isNull() && p.get(i) != AV_SAMPLE_FMT_NONE; i++) {
            offered.add(p.get(i));
        }
        for (int want : new int[]{AV_SAMPLE_FMT_S16, AV_SAMPLE_FMT_S16P, AV_SAMPLE_FMT_FLT, AV_SAMPLE_FMT_FLTP}) {
            if (offered.isEmpty() || offered.contains(want)) {
                return want;
            }
        }
        throw new AudioInputException("The " + enc.name().getString() + " encoder takes none of the usual sample formats.");
    }

    private static void encode(Path out, PcmAudio audio, Format f) throws IOException {
        AVFormatContext oc = new AVFormatContext(null);
        AVCodecContext c = null;
        AVFrame frame = null;
        AVPacket pkt = null;
        boolean opened = false;
        try {
            check(avformat_alloc_output_context2(oc, null, f.container(), out.toString()), "creating the container");
            AVCodec enc = avcodec_find_encoder_by_name(f.encoder());
            if (enc == null || enc.isNull()) {
                throw new AudioInputException("This build of FFmpeg has no " + f.encoder() + " encoder.");
            }
            int sampleFormat = sampleFormat(enc);
            AVStream st = avformat_new_stream(oc, null);
            c = avcodec_alloc_context3(enc);
            c.sample_fmt(sampleFormat);
            c.sample_rate(audio.sampleRate());
            av_channel_layout_default(c.ch_layout(), 1);
            c.time_base(av_make_q(1, audio.sampleRate()));
            if (f.bitRate() > 0) {
                c.bit_rate(f.bitRate());
            }
            if ((oc.oformat().flags() & AVFMT_GLOBALHEADER) != 0) {
                c.flags(c.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
            }
            check(avcodec_open2(c, enc, (PointerPointer<?>) null), "opening the " + f.encoder() + " encoder");
            check(avcodec_parameters_from_context(st.codecpar(), c), "setting stream parameters");
            st.time_base(c.time_base());
            AVIOContext pb = new AVIOContext(null);
            check(avio_open(pb, out.toString(), AVIO_FLAG_WRITE), "opening the output file");
            oc.pb(pb);
            opened = true;
            check(avformat_write_header(oc, (PointerPointer<?>) null), "writing the header");
            int frameSize = c.frame_size() > 0 ? c.frame_size() : 4096;
            // an encoder with a fixed frame size that cannot take a short last frame gets it padded with silence
            boolean fixed = c.frame_size() > 0
                    && (enc.capabilities() & (AV_CODEC_CAP_VARIABLE_FRAME_SIZE | AV_CODEC_CAP_SMALL_LAST_FRAME)) == 0;
            boolean floats = sampleFormat == AV_SAMPLE_FMT_FLT || sampleFormat == AV_SAMPLE_FMT_FLTP;
            frame = av_frame_alloc();
            frame.nb_samples(frameSize);
            frame.format(sampleFormat);
            frame.sample_rate(audio.sampleRate());
            av_channel_layout_default(frame.ch_layout(), 1);
            check(av_frame_get_buffer(frame, 0), "allocating a frame");
            pkt = av_packet_alloc();
            float[] s = audio.samples();
            short[] block = floats ? null : new short[frameSize];
            float[] fblock = floats ? new float[frameSize] : null;
            for (int pos = 0; pos < s.length; pos += frameSize) {
                int n = Math.min(frameSize, s.length - pos);
                int len = fixed ? frameSize : n;
                check(av_frame_make_writable(frame), "preparing a frame");
                frame.nb_samples(len);
                if (floats) {
                    for (int i = 0; i < len; i++) {
                        fblock[i] = i < n ? Math.max(-1f, Math.min(1f, s[pos + i])) : 0f;
                    }
                    new org.bytedeco.javacpp.FloatPointer(frame.data(0)).put(fblock, 0, len);
                } else {
                    for (int i = 0; i < len; i++) {
                        block[i] = i < n ? WavWriter.toPcm16(s[pos + i]) : 0;
                    }
                    new ShortPointer(frame.data(0)).put(block, 0, len);
                }
                frame.pts(pos);
                check(avcodec_send_frame(c, frame), "encoding");
                drain(oc, c, st, pkt);
            }
            check(avcodec_send_frame(c, null), "flushing the encoder");
            drain(oc, c, st, pkt);
            check(av_write_trailer(oc), "finishing the file");
        } finally {
            if (pkt != null) {
                av_packet_free(pkt);
            }
            if (frame != null) {
                av_frame_free(frame);
            }
            if (c != null) {
                avcodec_free_context(c);
            }
            if (opened) {
                avio_closep(oc.pb());
            }
            avformat_free_context(oc);
        }
    }

    private static void drain(AVFormatContext oc, AVCodecContext c, AVStream st, AVPacket pkt) {
        while (true) {
            int r = avcodec_receive_packet(c, pkt);
            if (r == AVERROR_EAGAIN() || r == AVERROR_EOF()) {
                return;
            }
            check(r, "encoding");
            av_packet_rescale_ts(pkt, c.time_base(), st.time_base());
            pkt.stream_index(st.index());
            check(av_interleaved_write_frame(oc, pkt), "writing audio");
        }
    }

    private static void check(int r, String what) {
        if (r < 0) {
            String m = FfmpegAudioReader.err(r);
            if (m.contains("No space")) {
                throw new AudioInputException("The disk is full; the audio file was not written.");
            }
            throw new AudioInputException("Writing audio failed while " + what + " (" + m + ").");
        }
    }
}
