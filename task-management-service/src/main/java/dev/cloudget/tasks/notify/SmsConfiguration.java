package dev.cloudget.tasks.notify;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The SMS provider, when one is configured ({@code cloudget.notifications.sms.url}); without one there is no SMS. */
@Configuration(proxyBeanMethods = false)
class SmsConfiguration {

    @Bean
    @ConditionalOnExpression("!'${cloudget.notifications.sms.url:}'.isBlank()")
    SmsGateway smsGateway(SmsProperties properties) {
        return new HttpSmsGateway(properties);
    }
}
