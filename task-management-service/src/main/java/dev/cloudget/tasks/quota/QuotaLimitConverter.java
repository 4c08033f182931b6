package dev.cloudget.tasks.quota;

import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;

/**
 * A quota written as a bare number ({@code running-tasks: 100} in YAML, a number in a test's properties) binds like
 * the same number written as text; {@link QuotaLimit#valueOf(String)} reads the text.
 */
@Component
@ConfigurationPropertiesBinding
class QuotaLimitConverter implements Converter<Number, QuotaLimit> {

    @Override
    public QuotaLimit convert(Number limit) {
        return QuotaLimit.valueOf(limit.toString());
    }
}
