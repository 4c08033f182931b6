package dev.cloudget.client.gateway;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * Body of {@code POST /api/v1/tasks}: a {@code source} link, or the {@code seedId} of an uploaded torrent with the
 * indices of its {@code files}. Absent options are left out, so the server's defaults apply and a server that does
 * not know an option yet is never sent it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubmitTask(String source, String seedId, List<Integer> files,
        @JsonProperty("notify") Notify notification, String callbackUrl, Integer validDays) {

    /** Who to tell when the task ends. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Notify(String email, String phone) {

        static Notify of(String email, String phone) {
            return email == null && phone == null ? null : new Notify(email, phone);
        }
    }

    public static SubmitTask link(String source, Options options) {
        return new SubmitTask(source, null, options.files(), Notify.of(options.email(), options.phone()),
                options.callbackUrl(), options.validDays());
    }

    public static SubmitTask torrent(String seedId, Options options) {
        return new SubmitTask(null, seedId, options.files(), Notify.of(options.email(), options.phone()),
                options.callbackUrl(), options.validDays());
    }

    /** What a submit may say besides the source; every part may be null. */
    public record Options(List<Integer> files, String email, String phone, String callbackUrl, Integer validDays) {
    }
}
