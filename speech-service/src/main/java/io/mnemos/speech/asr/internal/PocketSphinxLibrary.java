package io.mnemos.speech.asr.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * Method handles for the parts of the pocketsphinx C API we use, bound with the FFM API ({@code java.lang.foreign}).
 *
 * <p>Targets Debian 12's {@code libpocketsphinx3} (0.8+5prealpha): configuration goes through sphinxbase's
 * {@code cmd_ln_parse_r(NULL, ps_args(), argc, argv, strict)} (pocketsphinx 5's {@code ps_config_*} does not exist in
 * this version), then {@code ps_init}, {@code ps_start_utt}, {@code ps_process_raw}, {@code ps_get_hyp},
 * {@code ps_end_utt}. The library is loaded once per JVM, on first use.
 */
public final class PocketSphinxLibrary {
    /** The shared object name of the recogniser (Debian package {@code libpocketsphinx3}). */
    public static final String LIBRARY = "libpocketsphinx.so.3";
    /** Its configuration library (Debian package {@code libsphinxbase3}, a dependency). */
    public static final String SPHINXBASE = "libsphinxbase.so.3";

    final MethodHandle psArgs;
    final MethodHandle cmdLnParse;
    final MethodHandle cmdLnFree;
    final MethodHandle init;
    final MethodHandle free;
    final MethodHandle startUtt;
    final MethodHandle processRaw;
    final MethodHandle endUtt;
    final MethodHandle getHyp;

    private static volatile PocketSphinxLibrary instance;
    private static volatile Throwable loadFailure;

    private PocketSphinxLibrary() {
        Linker linker = Linker.nativeLinker();
        Arena arena = Arena.global();
        SymbolLookup ps = SymbolLookup.libraryLookup(LIBRARY, arena);
        SymbolLookup sb = SymbolLookup.libraryLookup(SPHINXBASE, arena);
        psArgs = linker.downcallHandle(ps.findOrThrow("ps_args"), FunctionDescriptor.of(ADDRESS));
        cmdLnParse = linker.downcallHandle(
                sb.findOrThrow("cmd_ln_parse_r"),
                FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));
        cmdLnFree = linker.downcallHandle(sb.findOrThrow("cmd_ln_free_r"), FunctionDescriptor.of(JAVA_INT, ADDRESS));
        init = linker.downcallHandle(ps.findOrThrow("ps_init"), FunctionDescriptor.of(ADDRESS, ADDRESS));
        free = linker.downcallHandle(ps.findOrThrow("ps_free"), FunctionDescriptor.of(JAVA_INT, ADDRESS));
        startUtt = linker.downcallHandle(ps.findOrThrow("ps_start_utt"), FunctionDescriptor.of(JAVA_INT, ADDRESS));
        // int ps_process_raw(ps_decoder_t *ps, int16 const *data, size_t n_samples, int no_search, int full_utt)
        processRaw = linker.downcallHandle(
                ps.findOrThrow("ps_process_raw"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT));
        endUtt = linker.downcallHandle(ps.findOrThrow("ps_end_utt"), FunctionDescriptor.of(JAVA_INT, ADDRESS));
        // char const *ps_get_hyp(ps_decoder_t *ps, int32 *out_best_score)
        getHyp = linker.downcallHandle(ps.findOrThrow("ps_get_hyp"), FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    }

    /**
     * The bound library.
     *
     * @throws IllegalStateException if the shared library cannot be loaded (not installed: {@code apt-get install
     *     pocketsphinx pocketsphinx-en-us})
     */
    public static PocketSphinxLibrary get() {
        PocketSphinxLibrary lib = instance;
        if (lib != null) {
            return lib;
        }
        synchronized (PocketSphinxLibrary.class) {
            if (instance == null && loadFailure == null) {
                try {
                    instance = new PocketSphinxLibrary();
                } catch (RuntimeException | LinkageError e) {
                    loadFailure = e;
                }
            }
            if (instance == null) {
                throw new IllegalStateException(
                        "Cannot load " + LIBRARY + " (" + loadFailure.getMessage()
                                + "); install it with: apt-get install pocketsphinx pocketsphinx-en-us",
                        loadFailure);
            }
            return instance;
        }
    }

    /** Whether the library can be loaded on this machine. */
    public static boolean isAvailable() {
        try {
            get();
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }
}
