package dev.cloudget.tasks.notify.web;

import dev.cloudget.platform.web.UserId;
import dev.cloudget.tasks.notify.Preferences;
import dev.cloudget.tasks.task.NotifyEvent;
import dev.cloudget.tasks.task.Subscription;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The caller's notification defaults, applied to every new task that says nothing of notifications, and the secret
 * their webhooks are signed with: {@code GET} and {@code PUT /api/v1/me/notifications}; {@code POST
 * /api/v1/me/notifications/webhook-secret} replaces the secret (webhooks queued before are signed with the new one).
 */
@RestController
@RequestMapping("/api/v1/me/notifications")
class PreferencesController {

    private final Preferences preferences;

    PreferencesController(Preferences preferences) {
        this.preferences = preferences;
    }

    @GetMapping
    PreferencesJson get(UserId caller) {
        return PreferencesJson.of(preferences.defaultsOf(caller.value()), preferences.webhookSecretOf(caller.value()));
    }

    @PutMapping
    PreferencesJson put(UserId caller, @Valid @RequestBody PreferencesRequest request) {
        preferences.saveDefaults(caller.value(), request.subscription());
        return get(caller);
    }

    @PostMapping("/webhook-secret")
    PreferencesJson rotate(UserId caller) {
        String secret = preferences.rotateWebhookSecret(caller.value());
        return PreferencesJson.of(preferences.defaultsOf(caller.value()), secret);
    }

    /** What a user's new tasks tell by default; {@code events} absent: completed, failed and expiring. */
    record PreferencesRequest(@Email @Size(max = 320) String email, @Size(max = 16) String phone,
            @Size(max = Subscription.MAX_URL_LENGTH) String callbackUrl,
            @Size(max = 4) List<@NotNull @Size(max = 16) String> events) {

        Subscription subscription() {
            return new Subscription(email, phone, callbackUrl, events == null ? null
                    : events.stream().map(NotifyEvent::of).collect(Collectors.toSet()));
        }
    }

    record PreferencesJson(String email, String phone, String callbackUrl, List<String> events, String webhookSecret) {

        static PreferencesJson of(Subscription defaults, String secret) {
            return new PreferencesJson(defaults.email(), defaults.phone(), defaults.callbackUrl(),
                    defaults.events().stream().sorted().map(NotifyEvent::slug).toList(), secret);
        }
    }
}
