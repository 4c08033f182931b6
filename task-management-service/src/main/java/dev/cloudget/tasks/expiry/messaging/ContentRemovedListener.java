package dev.cloudget.tasks.expiry.messaging;

import dev.cloudget.contracts.Topics;
import dev.cloudget.contracts.storage.ContentRemoved;
import dev.cloudget.tasks.expiry.TaskExpiry;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Storage's word that content is gone (its valid period passed, or its bytes were lost). */
@Component
class ContentRemovedListener {

    private final TaskExpiry expiry;

    ContentRemovedListener(TaskExpiry expiry) {
        this.expiry = expiry;
    }

    @KafkaListener(topics = Topics.CONTENT_REMOVED, groupId = "task-management")
    void removed(ContentRemoved event) {
        expiry.contentRemoved(event);
    }
}
