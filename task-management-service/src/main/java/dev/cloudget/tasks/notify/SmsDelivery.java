package dev.cloudget.tasks.notify;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** SMS through the configured provider ({@link SmsGateway}); without one an SMS cannot be sent and is given up. */
@Component
class SmsDelivery implements Delivery {

    private final ObjectProvider<SmsGateway> gateway;

    SmsDelivery(ObjectProvider<SmsGateway> gateway) {
        this.gateway = gateway;
    }

    @Override
    public Channel channel() {
        return Channel.SMS;
    }

    @Override
    public void deliver(Message message) throws DeliveryFailure {
        SmsGateway provider = gateway.getIfAvailable();
        if (provider == null) {
            throw new DeliveryFailure("no SMS provider is configured (cloudget.notifications.sms.url)", true);
        }
        provider.send(message.recipient(), message.body(), message.key());
    }
}
