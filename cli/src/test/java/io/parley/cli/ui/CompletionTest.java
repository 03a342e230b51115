package io.parley.cli.ui;

import io.parley.cli.model.ChatModel;
import io.parley.cli.model.InputLine;
import org.junit.jupiter.api.Test;

import static io.parley.cli.model.ChatModelTestData.BOB;
import static io.parley.cli.model.ChatModelTestData.ME;
import static io.parley.cli.model.ChatModelTestData.json;
import static io.parley.cli.model.ChatModelTestData.listEntry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompletionTest {

    private final ChatModel model = new ChatModel(ME, "me");
    private final Completion completion = new Completion(model);

    private String complete(String typed) {
        InputLine input = new InputLine();
        input.insert(typed);
        completion.complete(input);
        return input.text();
    }

    @Test
    void commandsChannelsAndUsersComplete() {
        model.putChannel(listEntry("c1", "general", 1, 1, 0));
        model.putChannel(listEntry("c2", "gossip", 1, 1, 0));
        model.putMembers("c1", json("[{'userId':'" + BOB + "','username':'bobby'}]"));
        assertEquals("/sessions ", complete("/sess"));
        assertEquals("/join general ", complete("/join gen"));
        assertEquals("see #gossip ", complete("see #go"));
        assertEquals("/dm bobby ", complete("/dm bo"));
        assertEquals("hi @bobby ", complete("hi @b"));
    }

    @Test
    void severalChoicesCompleteTheCommonPartAndAreListed() {
        InputLine input = new InputLine();
        input.insert("/re");
        String shown = completion.complete(input);
        assertTrue(shown.contains("/react") && shown.contains("/reply") && shown.contains("/revoke"), shown);
        assertEquals("/re", input.text());
    }
}
