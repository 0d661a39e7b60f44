package dev.chatbot.testsupport;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.File;
import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * A test MCP server over streamable HTTP on loopback, built with the official SDK's servlet transport
 * in an embedded Tomcat, offering {@link TestMcpTools}. It wants a bearer token, as a real one
 * behind a gateway would, so that tests see the configured headers arrive.
 */
public final class HttpMcpServer implements AutoCloseable {

    public static final String TOKEN = "mcp-test-token";

    private final Tomcat tomcat = new Tomcat();
    private final McpSyncServer server;
    private final HttpServletStreamableServerTransportProvider transport;
    private final AtomicInteger refused = new AtomicInteger();

    public HttpMcpServer() {
        transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(McpJsonDefaults.getMapper())
                .mcpEndpoint("/mcp")
                .build();
        java.util.concurrent.atomic.AtomicReference<McpSyncServer> self = new java.util.concurrent.atomic.AtomicReference<>();
        server = McpServer.sync(transport)
                .serverInfo("test-http-mcp", "1.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .tools(TestMcpTools.all(self::get))
                .build();
        self.set(server);
        try {
            File base = Files.createTempDirectory("mcp-tomcat").toFile();
            tomcat.setBaseDir(base.getAbsolutePath());
            tomcat.setHostname("127.0.0.1");
            tomcat.setPort(0);
            tomcat.getConnector().setProperty("address", "127.0.0.1");
            Context context = tomcat.addContext("", base.getAbsolutePath());
            org.apache.catalina.Wrapper wrapper = context.createWrapper();
            wrapper.setName("mcp");
            wrapper.setServlet(transport);
            wrapper.setLoadOnStartup(1);
            wrapper.setAsyncSupported(true);
            context.addChild(wrapper);
            context.addServletMappingDecoded("/*", "mcp");
            FilterDef auth = new FilterDef();
            auth.setFilter((Filter) (request, response, chain) -> {
                String given = ((HttpServletRequest) request).getHeader("Authorization");
                if (!("Bearer " + TOKEN).equals(given)) {
                    refused.incrementAndGet();
                    ((HttpServletResponse) response).sendError(401);
                    return;
                }
                chain.doFilter(request, response);
            });
            auth.setFilterName("auth");
            auth.setAsyncSupported("true");
            context.addFilterDef(auth);
            FilterMap map = new FilterMap();
            map.setFilterName("auth");
            map.addURLPattern("/*");
            context.addFilterMap(map);
            tomcat.start();
        } catch (LifecycleException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The MCP endpoint, as BOT_CONFIG names it. */
    public String url() {
        return "http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/mcp";
    }

    /** Requests turned away for a missing or wrong token. */
    public int refused() {
        return refused.get();
    }

    @Override
    public void close() {
        server.close();
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException(e);
        }
    }
}
