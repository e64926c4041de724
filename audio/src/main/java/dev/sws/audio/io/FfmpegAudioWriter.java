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

/** Encodes mono audio with FFmpeg (FLAC, 16-bit) and writes it atomically. */
public final class FfmpegAudioWriter {

    private FfmpegAudioWriter() {
    }

    public static void write(Path file, PcmAudio audio, String format) throws IOException {
        if (!"flac".equals(format)) {
            throw new AudioInputException("Unsupported output format: " + format + ".");
        }
        Path tmp = AtomicFiles.newPartFile(file);
        try {
            encode(tmp, audio);
            AtomicFiles.moveIntoPlace(tmp, file);
        } catch (RuntimeException | IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    private static void encode(Path out, PcmAudio audio) throws IOException {
        AVFormatContext oc = new AVFormatContext(null);
        AVCodecContext c = null;
        AVFrame frame = null;
        AVPacket pkt = null;
        boolean opened = false;
        try {
            check(avformat_alloc_output_context2(oc, null, "flac", out.toString()), "creating the container");
            AVCodec enc = avcodec_find_encoder(AV_CODEC_ID_FLAC);
            AVStream st = avformat_new_stream(oc, null);
            c = avcodec_alloc_context3(enc);
            c.sample_fmt(AV_SAMPLE_FMT_S16);
            c.sample_rate(audio.sampleRate());
            av_channel_layout_default(c.ch_layout(), 1);
            c.time_base(av_make_q(1, audio.sampleRate()));
            check(avcodec_open2(c, enc, (PointerPointer<?>) null), "opening the FLAC encoder");
            check(avcodec_parameters_from_context(st.codecpar(), c), "setting stream parameters");
            st.time_base(c.time_base());
            AVIOContext pb = new AVIOContext(null);
            check(avio_open(pb, out.toString(), AVIO_FLAG_WRITE), "opening the output file");
            oc.pb(pb);
            opened = true;
            check(avformat_write_header(oc, (PointerPointer<?>) null), "writing the header");
            int frameSize = c.frame_size() > 0 ? c.frame_size() : 4096;
            frame = av_frame_alloc();
            frame.nb_samples(frameSize);
            frame.format(AV_SAMPLE_FMT_S16);
            frame.sample_rate(audio.sampleRate());
            av_channel_layout_default(frame.ch_layout(), 1);
            check(av_frame_get_buffer(frame, 0), "allocating a frame");
            pkt = av_packet_alloc();
            float[] s = audio.samples();
            short[] block = new short[frameSize];
            for (int pos = 0; pos < s.length; pos += frameSize) {
                int n = Math.min(frameSize, s.length - pos);
                for (int i = 0; i < n; i++) {
                    block[i] = WavWriter.toPcm16(s[pos + i]);
                }
                check(av_frame_make_writable(frame), "preparing a frame");
                frame.nb_samples(n);
                new ShortPointer(frame.data(0)).put(block, 0, n);
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
