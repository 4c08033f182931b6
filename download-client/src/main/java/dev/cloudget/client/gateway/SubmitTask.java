package dev.cloudget.client.gateway;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Body of {@code POST /api/v1/tasks}; absent options are left out so the server's defaults apply. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubmitTask(String url, String email, Integer validDays) {
}
