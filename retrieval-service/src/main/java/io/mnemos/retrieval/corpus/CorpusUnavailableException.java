package io.mnemos.retrieval.corpus;

import io.mnemos.web.problem.ServiceUnavailableProblem;
import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * 503: the reference corpus index cannot answer yet. While it is being built the problem ({@code
 * corpus-index-building}) carries {@code Retry-After} and the progress; a missing corpus ({@code
 * corpus-not-configured}) or a failed build ({@code corpus-index-failed}) says what to change instead.
 */
public class CorpusUnavailableException extends ServiceUnavailableProblem {
    private final CorpusIndexService.State state;

    public CorpusUnavailableException(
            CorpusIndexService.State state,
            @Nullable String problem,
            CorpusIndexService.@Nullable Progress progress,
            Duration retryAfter) {
        super(slug(state), title(state), detail(state, problem, progress), retry(state, retryAfter), null);
        this.state = state;
        with("state", state.name().toLowerCase(Locale.ROOT));
        if (progress != null && state == CorpusIndexService.State.BUILDING) {
            with("progress", CorpusStatusView.ProgressView.of(progress));
        }
    }

    public CorpusIndexService.State state() {
        return state;
    }

    private static String slug(CorpusIndexService.State state) {
        return switch (state) {
            case BUILDING, NOT_LOADED, READY -> "corpus-index-building";
            case MISSING -> "corpus-not-configured";
            case FAILED -> "corpus-index-failed";
        };
    }

    private static String title(CorpusIndexService.State state) {
        return switch (state) {
            case BUILDING, NOT_LOADED, READY -> "Corpus index is being built";
            case MISSING -> "Corpus not configured";
            case FAILED -> "Corpus index build failed";
        };
    }

    private static @Nullable Duration retry(CorpusIndexService.State state, Duration retryAfter) {
        return state == CorpusIndexService.State.BUILDING || state == CorpusIndexService.State.NOT_LOADED
                ? retryAfter
                : null;
    }

    private static String detail(
            CorpusIndexService.State state, @Nullable String problem, CorpusIndexService.@Nullable Progress progress) {
        return switch (state) {
            case BUILDING, NOT_LOADED, READY ->
                "The corpus-statistics index is being built"
                        + (progress == null
                                ? ""
                                : String.format(
                                        Locale.ROOT, " (%.0f%% done, phase %s)", progress.percent(), progress.phase()))
                        + ". Retry after the Retry-After delay; GET /v1/corpus shows the progress.";
            case MISSING, FAILED -> problem == null ? "The corpus index is unavailable; see GET /v1/corpus." : problem;
        };
    }
}
