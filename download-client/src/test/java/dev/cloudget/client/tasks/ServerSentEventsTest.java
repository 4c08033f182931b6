package dev.cloudget.client.tasks;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.StringReader;

import static org.assertj.core.api.Assertions.assertThat;

class ServerSentEventsTest {

    @Test
    void readsNamedEventsWithIdsJoinsDataLinesAndSkipsComments() throws Exception {
        ServerSentEvents events = events("""
                : keep-alive
                retry: 2500
                id: 17
                event: task
                data: {"a":
                data:1}

                :another comment
                data:no name, no space

                """);

        assertThat(events.next()).isEqualTo(new ServerSentEvents.Event("17", "task", "{\"a\":\n1}"));
        assertThat(events.next()).isEqualTo(new ServerSentEvents.Event("17", "message", "no name, no space"));
        assertThat(events.next()).isNull();
        assertThat(events.lastEventId()).isEqualTo("17");
        assertThat(events.retryMillis()).isEqualTo(2500);
    }

    @Test
    void dropsAnEventWithoutDataAndALastEventCutOffBeforeItsBlankLine() throws Exception {
        ServerSentEvents events = events("""
                event: task
                id: 3

                event: task
                data: {"half":""");

        assertThat(events.next()).isNull();
        assertThat(events.lastEventId()).isEqualTo("3");
    }

    @Test
    void readsCarriageReturnLineEnds() throws Exception {
        ServerSentEvents events = events("event: task\r\ndata: x\r\n\r\n");

        assertThat(events.next()).isEqualTo(new ServerSentEvents.Event(null, "task", "x"));
    }

    private static ServerSentEvents events(String stream) {
        return new ServerSentEvents(new BufferedReader(new StringReader(stream)));
    }
}
