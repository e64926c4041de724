package dev.sws.core.inference;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading int8 dot-product support from the flags Linux and macOS report. */
class CpuFeaturesTest {

    @Test
    void vnniIsFoundInLinuxAndMacFlagLists() {
        assertTrue(CpuFeatures.hasVnni("flags\t\t: fpu vme avx2 fma avx512f avx512bw avx512_vnni avx512_bf16"), "Zen 4, Ice Lake");
        assertTrue(CpuFeatures.hasVnni("flags : fpu sse4_2 avx2 avx_vnni"), "Alder Lake");
        assertTrue(CpuFeatures.hasVnni("RDWRFSGS TSC_THREAD_OFFSET AVX512F AVX512VNNI\nFPU VME"), "an Intel Mac's sysctl");
        assertFalse(CpuFeatures.hasVnni("flags : fpu vme avx2 fma sha_ni"), "Zen 3, Skylake client");
        assertFalse(CpuFeatures.hasVnni(""));
    }

    @Test
    void manyRowsFollowTheCpu() {
        assertEquals(CpuFeatures.int8DotProduct() ? Int8Compute.INT8_ACTIVATIONS : Int8Compute.FP32_ACTIVATIONS,
                Int8Compute.MANY_ROWS.effective());
        assertEquals(Int8Compute.INT8_ACTIVATIONS, Int8Compute.INT8_ACTIVATIONS.effective());
        assertEquals(Int8Compute.FP32_ACTIVATIONS, Int8Compute.FP32_ACTIVATIONS.effective());
    }
}
