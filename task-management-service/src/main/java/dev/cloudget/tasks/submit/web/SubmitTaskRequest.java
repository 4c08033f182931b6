package dev.cloudget.tasks.submit.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cloudget.contracts.seeds.SeedId;
import dev.cloudget.contracts.source.FileSelection;
import dev.cloudget.tasks.submit.SubmitCommand;
import dev.cloudget.tasks.task.NotifyEvent;
import dev.cloudget.tasks.task.Subscription;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The body of {@code POST /api/v1/tasks}: a {@code source} link (http, ftp, magnet, ed2k, thunder…) or the
 * {@code seedId} of an uploaded torrent, and for torrents the indices of the {@code files} to fetch; a link's
 * {@code mirrors}, other URLs of the same file, fetched from at once. Whom to tell: {@code notify} (an {@code email},
 * a {@code phone} in E.164 for SMS, the {@code events} wanted) and {@code callbackUrl} (a webhook); with neither, the
 * user's defaults ({@code /api/v1/me/notifications}).
 */
record SubmitTaskRequest(
        @Size(max = 8192) String source,
        @Size(max = SubmitCommand.MAX_MIRRORS) List<@NotNull @Size(max = 8192) String> mirrors,
        @Pattern(regexp = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
                message = "must be a seed id (UUID)") String seedId,
        @Size(min = 1, max = FileSelection.MAX_FILES) List<@NotNull @PositiveOrZero Integer> files,
        // "notify" is a final method of Object, so the component has another name
        @JsonProperty("notify") @Valid Notify notification,
        @Size(max = Subscription.MAX_URL_LENGTH) String callbackUrl,
        @Min(1) @Max(SubmitCommand.MAX_VALID_DAYS) Integer validDays) {

    SubmitCommand toCommand() {
        return new SubmitCommand(source, mirrors, seedId == null ? null : SeedId.of(seedId), null,
                files == null ? null : FileSelection.of(files),
                subscription(), validDays == null ? SubmitCommand.DEFAULT_VALID_DAYS : validDays);
    }

    /** Null when the request says nothing of notifications: the user's defaults apply. */
    private Subscription subscription() {
        if (notification == null && (callbackUrl == null || callbackUrl.isBlank())) {
            return null;
        }
        Notify notify = notification == null ? new Notify(null, null, null) : notification;
        return new Subscription(notify.email(), notify.phone(), callbackUrl, notify.events() == null ? null
                : notify.events().stream().map(NotifyEvent::of).collect(Collectors.toSet()));
    }

    /** How the subscriber wants to hear about the task. */
    record Notify(@Email @Size(max = 320) String email, @Size(max = 16) String phone,
            @Size(max = 4) List<@NotNull @Size(max = 16) String> events) {
    }
}
