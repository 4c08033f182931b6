package dev.cloudget.storage.content.web;

import dev.cloudget.contracts.storage.ContentRegistered;
import dev.cloudget.contracts.storage.RegisterContent;
import dev.cloudget.storage.content.ContentRegistration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Workers register what they uploaded: 201 when stored now, 200 when the content was already there. */
@RestController
class ContentController {

    private final ContentRegistration registration;

    ContentController(ContentRegistration registration) {
        this.registration = registration;
    }

    @PostMapping("/internal/contents")
    ResponseEntity<ContentRegistered> register(@RequestBody RegisterContent request) {
        ContentRegistration.Registration result = registration.register(request);
        return ResponseEntity.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK).body(result.content());
    }
}
