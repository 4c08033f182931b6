package dev.cloudget.links.classify.web;

import dev.cloudget.contracts.links.ClassifiedLink;
import dev.cloudget.contracts.links.ClassifyLink;
import dev.cloudget.links.classify.LinkClassifier;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Classifies a pasted link: for task-management at {@code /internal/links}, and for clients (through
 * the gateway) at {@code /api/v1/links}, where the platform filter has already checked the caller.
 */
@RestController
class LinksController {

    private final LinkClassifier classifier;

    LinksController(LinkClassifier classifier) {
        this.classifier = classifier;
    }

    @PostMapping({"/internal/links", "/api/v1/links"})
    ClassifiedLink classify(@RequestBody ClassifyLink request) {
        return classifier.classify(request.link());
    }
}
