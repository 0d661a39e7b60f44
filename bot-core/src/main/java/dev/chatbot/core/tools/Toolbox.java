package dev.chatbot.core.tools;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every tool config enabled, by where it comes from, and which of them a chat may use now: the
 * sender must be in the source's audience, and the chat must not have switched it off (admins
 * switch a tool, or an MCP server with all its tools, per chat; on is the default).
 */
public final class Toolbox {

    private static final Logger log = LoggerFactory.getLogger(Toolbox.class);

    public static final Toolbox NONE = new Toolbox(List.of());

    private final List<ToolSource> sources;

    public Toolbox(List<ToolSource> sources) {
        this.sources = List.copyOf(sources);
    }

    public List<ToolSource> sources() {
        return sources;
    }

    /**
     * The tools this chat may use now, by name; a name offered twice goes to the first source.
     *
     * @param switches the chat's own choices, by tool or source name: true on, false off
     */
    public Map<String, Tool> usable(String senderRef, boolean admin, Map<String, Boolean> switches) {
        Map<String, Tool> out = new LinkedHashMap<>();
        for (ToolSource source : sources) {
            if (!source.audience().admits(senderRef, admin)) {
                continue;
            }
            for (Tool tool : source.tools()) {
                if (!isOn(source, tool.name(), switches)) {
                    continue;
                }
                if (out.putIfAbsent(tool.name(), tool) != null) {
                    log.debug("Tool {} of {} is hidden by another tool of that name", tool.name(), source.name());
                }
            }
        }
        return out;
    }

    /** What /tools shows: each source this sender may use, its state and its tools with their state in the chat. */
    public List<Listing> listing(String senderRef, boolean admin, Map<String, Boolean> switches) {
        List<Listing> out = new ArrayList<>();
        for (ToolSource source : sources) {
            if (!source.audience().admits(senderRef, admin)) {
                continue;
            }
            Map<String, Boolean> tools = new LinkedHashMap<>();
            for (Tool tool : source.tools()) {
                tools.put(tool.name(), isOn(source, tool.name(), switches));
            }
            out.add(new Listing(source.name(), source.builtIn(), source.trouble(), sourceOn(source, switches), tools));
        }
        return out;
    }

    /**
     * The name a switch is stored under: a tool's or a source's own name as written in config or by
     * its server, matched without regard to case.
     */
    public Optional<String> switchName(String typed) {
        String wanted = typed.strip();
        for (ToolSource source : sources) {
            if (source.name().equalsIgnoreCase(wanted)) {
                return Optional.of(source.name());
            }
            for (Tool tool : source.tools()) {
                if (tool.name().equalsIgnoreCase(wanted)) {
                    return Optional.of(tool.name());
                }
            }
        }
        return Optional.empty();
    }

    public boolean isEmpty() {
        return sources.isEmpty();
    }

    /** A tool's own switch wins; else its source's; else on. */
    private static boolean isOn(ToolSource source, String tool, Map<String, Boolean> switches) {
        Boolean own = switches.get(tool);
        return own != null ? own : sourceOn(source, switches);
    }

    private static boolean sourceOn(ToolSource source, Map<String, Boolean> switches) {
        return switches.getOrDefault(source.name(), true);
    }

    /**
     * One source as /tools shows it.
     *
     * @param trouble why it offers nothing now
     * @param on      whether the chat has it on (a tool's own switch may differ)
     * @param tools   its tools and whether each is on in the chat
     */
    public record Listing(String name, boolean builtIn, Optional<String> trouble, boolean on, Map<String, Boolean> tools) {
    }

}
