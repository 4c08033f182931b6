package dev.cloudget.tasks.submit.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cloudget.contracts.seeds.SeedId;
import dev.cloudget.contracts.source.FileSelection;
import dev.cloudget.tasks.submit.SubmitCommand;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * The body of {@code POST /api/v1/tasks}: a {@code source} link (http, ftp, magnet, ed2k, thunder…) or the
 * {@code seedId} of an uploaded torrent, and for torrents the indices of the {@code files} to fetch; a link's
 * {@code mirrors}, other URLs of the same file, fetched from at once.
 */
record SubmitTaskRequest(
        @Size(max = 8192) String source,
        @Size(max = SubmitCommand.MAX_MIRRORS) List<@NotNull @Size(max = 8192) String> mirrors,
        @Pattern(regexp = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
                message = "must be a seed id (UUID)") String seedId,
        @Size(min = 1, max = FileSelection.MAX_FILES) List<@NotNull @PositiveOrZero Integer> files,
        // "notify" is a final method of Object, so the component has another name
        @JsonProperty("notify") @Valid Notify notification,
        @Min(1) @Max(SubmitCommand.MAX_VALID_DAYS) Integer validDays) {

    SubmitCommand toCommand() {
        return new SubmitCommand(source, mirrors, seedId == null ? null : SeedId.of(seedId), null,
                files == null ? null : FileSelection.of(files),
                notification == null ? null : notification.email(),
                validDays == null ? SubmitCommand.DEFAULT_VALID_DAYS : validDays);
    }

    /** How the subscriber wants to hear about the outcome. */
    record Notify(@Email @Size(max = 320) String email) {
    }
}
