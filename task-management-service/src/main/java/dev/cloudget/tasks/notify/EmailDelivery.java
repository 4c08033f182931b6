package dev.cloudget.tasks.notify;

import dev.cloudget.tasks.TasksProperties;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;

/**
 * Email over SMTP: {@code multipart/alternative} with the text and the HTML part. {@code X-Cloudget-Notification}
 * carries the message's idempotency key, the same on every attempt, for a mailbox or a filter to recognise a repeat.
 */
@Component
class EmailDelivery implements Delivery {

    static final String KEY_HEADER = "X-Cloudget-Notification";

    private final JavaMailSender mail;
    private final String from;

    EmailDelivery(JavaMailSender mail, TasksProperties properties) {
        this.mail = mail;
        this.from = properties.mailFrom();
    }

    @Override
    public Channel channel() {
        return Channel.EMAIL;
    }

    @Override
    public void deliver(Message message) throws DeliveryFailure {
        try {
            MimeMessage mime = mail.createMimeMessage();
            MimeMessageHelper helper = new MimeMessageHelper(mime, MimeMessageHelper.MULTIPART_MODE_MIXED_RELATED,
                    StandardCharsets.UTF_8.name());
            helper.setFrom(from);
            helper.setTo(message.recipient());
            helper.setSubject(message.subject());
            if (message.html() == null) {
                helper.setText(message.body(), false);
            } else {
                helper.setText(message.body(), message.html());
            }
            mime.setHeader(KEY_HEADER, message.key());
            mail.send(mime);
        } catch (MessagingException | MailException e) {
            throw new DeliveryFailure(e.toString(), e);
        }
    }
}
