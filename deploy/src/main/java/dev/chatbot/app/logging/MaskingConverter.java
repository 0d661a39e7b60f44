package dev.chatbot.app.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.pattern.CompositeConverter;

/**
 * {@code %mask(...)} in a Logback pattern: whatever the inner pattern writes, message and stack
 * trace included, with {@link LogSecrets} masked. logback-spring.xml wraps the whole console
 * pattern in it, so a LOGGING_PATTERN_CONSOLE of the operator's own is masked too.
 */
public class MaskingConverter extends CompositeConverter<ILoggingEvent> {

    @Override
    protected String transform(ILoggingEvent event, String in) {
        return LogSecrets.mask(in);
    }
}
