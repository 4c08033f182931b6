package dev.cloudget.client.gateway;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Body of {@code POST /api/v1/tasks}; absent options are left out so the server's defaults apply. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubmitTask(String source, @JsonProperty("notify") Notify notification, Integer validDays) {

    /** Who to tell when the task ends. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Notify(String email) {
    }

    public static SubmitTask of(String source, String email, Integer validDays) {
        return new SubmitTask(source, email == null ? null : new Notify(email), validDays);
    }
}
