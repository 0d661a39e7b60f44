package dev.chatbot.app;

import dev.chatbot.core.engine.EngineSettings;
import dev.chatbot.core.net.AddressGuard;
import dev.chatbot.core.net.GuardedFetch;
import dev.chatbot.core.settings.SettingsStore;
import dev.chatbot.core.commands.ToolsCommand;
import dev.chatbot.core.tools.Audience;
import dev.chatbot.core.tools.ToolRunner;
import dev.chatbot.core.tools.ToolSource;
import dev.chatbot.core.tools.Toolbox;
import dev.chatbot.core.tools.ToolsSetup;
import dev.chatbot.core.tools.builtin.CurrentTime;
import dev.chatbot.core.tools.builtin.FetchUrl;
import dev.chatbot.core.tools.mcp.McpServerConnection;
import dev.chatbot.core.tools.mcp.McpServerSpec;
import io.modelcontextprotocol.json.McpJsonDefaults;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Tools: the built-in ones config enables, the MCP servers of BOT_CONFIG (started in the background), /tools. */
@Configuration(proxyBeanMethods = false)
class ToolsConfiguration {

    /** The MCP servers, closed (their processes stopped) with the app. */
    record McpServers(List<McpServerConnection> all) implements AutoCloseable {
        @Override
        public void close() {
            all.forEach(McpServerConnection::close);
        }
    }

    @Bean(destroyMethod = "close")
    McpServers mcpServers(ToolsProperties tools, JsonMapper botJsonMapper) {
        List<McpServerConnection> all = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ToolsProperties.McpServer s : tools.mcpServers()) {
            String what = "MCP server " + s.name();
            if (s.name() == null || s.name().isBlank() || !names.add(s.name().strip())) {
                throw new BotConfigException("Every entry of tools.mcp-servers needs a name of its own");
            }
            McpServerSpec spec;
            try {
                spec = new McpServerSpec(s.name().strip(), blankToNull(s.command()), s.args(), s.env(), s.url(),
                        s.headers(), s.timeout(),
                        new Audience(ProviderSetup.access(s.access(), s.users(), what), Set.copyOf(s.users())));
            } catch (IllegalArgumentException e) {
                throw new BotConfigException(e.getMessage());
            }
            McpServerConnection connection = new McpServerConnection(spec, botJsonMapper, Clock.systemUTC());
            connection.start();
            all.add(connection);
        }
        return new McpServers(List.copyOf(all));
    }

    @Bean
    Toolbox toolbox(ToolsProperties tools, McpServers mcpServers, BotProperties bot) {
        List<ToolSource> sources = new ArrayList<>();
        if (tools.currentTime().enabled()) {
            sources.add(ToolSource.builtIn(new CurrentTime(Clock.systemUTC(), java.time.ZoneId.of(bot.timezone().strip())),
                    audience(tools.currentTime(), CurrentTime.NAME)));
        }
        ToolsProperties.FetchUrl fetch = tools.fetchUrl();
        if (fetch.enabled()) {
            GuardedFetch guarded = new GuardedFetch(new AddressGuard(Set.copyOf(fetch.allowInternal())), fetch.timeout());
            sources.add(ToolSource.builtIn(new FetchUrl(guarded, fetch.maxBytes()), audience(fetch.asBuiltIn(), FetchUrl.NAME)));
        }
        sources.addAll(mcpServers.all());
        return new Toolbox(sources);
    }

    @Bean
    ToolsSetup toolsSetup(ToolsProperties tools, Toolbox toolbox, JsonMapper botJsonMapper) {
        ToolRunner runner = new ToolRunner(botJsonMapper, McpJsonDefaults::getSchemaValidator, tools.timeout(),
                tools.maxResultChars());
        return new ToolsSetup(toolbox, runner, tools.maxSteps(), tools.timeLimit(), tools.historyResultChars());
    }

    @Bean
    ToolsCommand toolsCommand(Toolbox toolbox, SettingsStore settings, EngineSettings engineSettings) {
        return new ToolsCommand(toolbox, settings, engineSettings.admins());
    }

    private static Audience audience(ToolsProperties.BuiltIn tool, String name) {
        return new Audience(ProviderSetup.access(tool.access(), tool.users(), "Tool " + name), Set.copyOf(tool.users()));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
