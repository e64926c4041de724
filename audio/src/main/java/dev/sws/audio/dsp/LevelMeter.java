package dev.sws.audio.dsp;

/** RMS and peak level of a block in dBFS (-120 for digital silence). */
public record LevelMeter(double rmsDb, double peakDb, boolean clipped) {

    public static final double FLOOR_DB = -120;

    public static LevelMeter measure(float[] s, int off, int len) {
        double sum = 0;
        float peak = 0;
        boolean clip = false;
        for (int i = off; i < off + len; i++) {
            float v = s[i];
            sum += (double) v * v;
            float a = Math.abs(v);
            if (a > peak) {
                peak = a;
            }
            if (a >= 0.999f) {
                clip = true;
            }
        }
        double rms = len == 0 ? 0 : Math.sqrt(sum / len);
        return new LevelMeter(toDb(rms), toDb(peak), clip);
    }

    public static double toDb(double amplitude) {
        return amplitude <= 1e-6 ? FLOOR_DB : Math.max(FLOOR_DB, 20 * Math.log10(amplitude));
    }
}
