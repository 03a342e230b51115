package io.parley.cli.ui;

import io.parley.cli.model.Channel;
import io.parley.cli.model.ChatModel;
import io.parley.cli.model.InputLine;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Tab completion of the word at the cursor: commands, channel names (#), usernames (@ or a command's argument). */
final class Completion {
    private static final Set<String> CHANNEL_ARGUMENT = Set.of("/join", "/leave");
    private static final Set<String> USER_ARGUMENT = Set.of("/dm", "/invite");

    private final ChatModel model;

    Completion(ChatModel model) {
        this.model = model;
    }

    /** Completes in place; returns what the status line should say (the choices when several fit), or "". */
    String complete(InputLine input) {
        String word = input.wordAtCursor();
        String line = input.beforeCursor();
        boolean first = line.equals(word);
        String command = line.contains(" ") ? line.substring(0, line.indexOf(' ')) : "";
        List<String> candidates = new ArrayList<>();
        if (first && word.startsWith("/")) {
            candidates.addAll(Commands.NAMES);
        } else if (word.startsWith("#") || CHANNEL_ARGUMENT.contains(command)) {
            for (Channel c : model.channels()) {
                if (!c.isDm()) {
                    candidates.add(word.startsWith("#") ? "#" + c.name : c.name);
                }
            }
        } else if (word.startsWith("@") || USER_ARGUMENT.contains(command)) {
            for (String name : model.knownUsernames()) {
                candidates.add(word.startsWith("@") ? "@" + name : name);
            }
        }
        TreeSet<String> matches = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (String c : candidates) {
            if (c.toLowerCase().startsWith(word.toLowerCase())) {
                matches.add(c);
            }
        }
        if (matches.isEmpty()) {
            return "";
        }
        if (matches.size() == 1) {
            input.completeWord(matches.first() + " ");
            return "";
        }
        String prefix = commonPrefix(matches);
        if (prefix.length() > word.length()) {
            input.completeWord(prefix);
        }
        return String.join("  ", matches);
    }

    private static String commonPrefix(TreeSet<String> words) {
        String first = words.first();
        String last = words.last();
        int i = 0;
        while (i < first.length() && i < last.length()
                && Character.toLowerCase(first.charAt(i)) == Character.toLowerCase(last.charAt(i))) {
            i++;
        }
        return first.substring(0, i);
    }
}
