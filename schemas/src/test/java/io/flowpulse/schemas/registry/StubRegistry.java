package io.flowpulse.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * In-memory stand-in for a Confluent-API registry, for unit tests of the client's HTTP handling
 * and of the serde without starting the real registry. Ids are per distinct schema text; BACKWARD
 * is checked with Avro's own compatibility rules. Integration tests use the real registry.
 */
public final class StubRegistry implements AutoCloseable {
    private record Stored(String schema, JsonNode references) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final List<Stored> byId = new ArrayList<>();
    private final Map<String, List<Integer>> subjects = new LinkedHashMap<>();
    private final Map<String, String> compatibility = new LinkedHashMap<>();
    private final Deque<Integer> scriptedStatuses = new ArrayDeque<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    public StubRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next requests get these statuses (with an error body) before normal handling resumes. */
    public synchronized void failNext(int... statuses) {
        for (int status : statuses) {
            scriptedStatuses.add(status);
        }
    }

    /** "METHOD path" of every request received, in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    public List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    public long count(String methodAndPathPrefix) {
        return requests.stream().filter(r -> r.startsWith(methodAndPathPrefix)).count();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        requests.add(method + " " + path);
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        authorizations.add(auth == null ? "" : auth);
        byte[] body = exchange.getRequestBody().readAllBytes();
        int status;
        JsonNode answer;
        synchronized (this) {
            Integer scripted = scriptedStatuses.poll();
            if (scripted != null) {
                status = scripted;
                answer = error(scripted, "scripted failure " + scripted);
            } else {
                ObjectNode out = json.createObjectNode();
                status = route(method, segments(path), body.length == 0 ? null : json.readTree(body), out);
                answer = out.has("__array") ? out.get("__array") : out;
            }
        }
        byte[] bytes = json.writeValueAsBytes(answer);
        exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static List<String> segments(String rawPath) {
        List<String> parts = new ArrayList<>();
        for (String part : rawPath.split("/")) {
            if (!part.isEmpty()) {
                parts.add(URLDecoder.decode(part, StandardCharsets.UTF_8));
            }
        }
        return parts;
    }

    private int route(String method, List<String> p, JsonNode body, ObjectNode out) {
        if (p.size() == 3 && p.get(0).equals("schemas") && p.get(1).equals("ids") && method.equals("GET")) {
            int id = Integer.parseInt(p.get(2));
            if (id < 1 || id > byId.size()) {
                return fail(out, 404, 40403, "Schema " + id + " not found");
            }
            Stored stored = byId.get(id - 1);
            out.put("schema", stored.schema());
            if (stored.references() != null) {
                out.set("references", stored.references());
            }
            return 200;
        }
        if (p.size() == 1 && p.get(0).equals("subjects") && method.equals("GET")) {
            ArrayNode array = out.putArray("__array");
            subjects.keySet().forEach(array::add);
            return 200;
        }
        if (p.size() == 3 && p.get(0).equals("subjects") && p.get(2).equals("versions") && method.equals("POST")) {
            return register(p.get(1), body, out);
        }
        if (p.size() == 2 && p.get(0).equals("subjects") && method.equals("POST")) {
            return lookup(p.get(1), body, out);
        }
        if (p.size() == 4 && p.get(0).equals("subjects") && p.get(2).equals("versions") && method.equals("GET")) {
            return version(p.get(1), p.get(3), out);
        }
        if (p.size() == 2 && p.get(0).equals("config")) {
            if (method.equals("PUT")) {
                compatibility.put(p.get(1), body.get("compatibility").asText());
                out.put("compatibility", body.get("compatibility").asText());
                return 200;
            }
            String level = compatibility.get(p.get(1));
            if (level == null) {
                return fail(out, 404, 40408, "Subject '" + p.get(1) + "' does not have subject-level compatibility configured");
            }
            out.put("compatibilityLevel", level);
            return 200;
        }
        if (p.size() == 5 && p.get(0).equals("compatibility") && method.equals("POST")) {
            List<Integer> versions = subjects.get(p.get(2));
            if (versions == null) {
                return fail(out, 404, 40401, "Subject '" + p.get(2) + "' not found.");
            }
            String problem = backwardProblem(p.get(2), body.get("schema").asText());
            out.put("is_compatible", problem == null);
            ArrayNode messages = out.putArray("messages");
            if (problem != null) {
                messages.add(problem);
            }
            return 200;
        }
        return fail(out, 404, 404, "No route " + method + " " + p);
    }

    private int register(String subject, JsonNode body, ObjectNode out) {
        String schema = body.get("schema").asText();
        try {
            parseWithReferences(schema, body.get("references"));
        } catch (RuntimeException e) {
            return fail(out, 422, 42201, "Invalid schema: " + e.getMessage());
        }
        int id = idOf(schema, body.get("references"));
        List<Integer> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
        if (!versions.contains(id)) {
            String problem = backwardProblem(subject, schema);
            if (problem != null) {
                return fail(out, 409, 409, "Schema being registered is incompatible with an earlier schema for subject \""
                        + subject + "\", details: " + problem);
            }
            versions.add(id);
        }
        out.put("id", id);
        return 200;
    }

    private String backwardProblem(String subject, String schema) {
        List<Integer> versions = subjects.get(subject);
        if (!"BACKWARD".equals(compatibility.get(subject)) || versions == null || versions.isEmpty()) {
            return null;
        }
        Schema latest = new Schema.Parser().parse(byId.get(versions.get(versions.size() - 1) - 1).schema());
        Schema candidate = new Schema.Parser().parse(schema);
        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(candidate, latest);
        return result.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE ? null : result.getDescription();
    }

    private int lookup(String subject, JsonNode body, ObjectNode out) {
        List<Integer> versions = subjects.get(subject);
        if (versions == null) {
            return fail(out, 404, 40401, "Subject '" + subject + "' not found.");
        }
        String schema = body.get("schema").asText();
        for (int i = 0; i < versions.size(); i++) {
            if (byId.get(versions.get(i) - 1).schema().equals(schema)) {
                out.put("subject", subject).put("id", versions.get(i)).put("version", i + 1).put("schema", schema);
                return 200;
            }
        }
        return fail(out, 404, 40403, "Schema not found");
    }

    private int version(String subject, String version, ObjectNode out) {
        List<Integer> versions = subjects.get(subject);
        if (versions == null) {
            return fail(out, 404, 40401, "Subject '" + subject + "' not found.");
        }
        int number = version.equals("latest") ? versions.size() : Integer.parseInt(version);
        if (number < 1 || number > versions.size()) {
            return fail(out, 404, 40402, "Version " + version + " not found.");
        }
        int id = versions.get(number - 1);
        Stored stored = byId.get(id - 1);
        out.put("subject", subject).put("version", number).put("id", id).put("schema", stored.schema());
        if (stored.references() != null) {
            out.set("references", stored.references());
        }
        return 200;
    }

    private void parseWithReferences(String schema, JsonNode references) {
        Schema.Parser parser = new Schema.Parser();
        addReferences(parser, references, new java.util.HashSet<>());
        parser.parse(schema);
    }

    private void addReferences(Schema.Parser parser, JsonNode references, java.util.Set<Integer> added) {
        if (references == null) {
            return;
        }
        for (JsonNode ref : references) {
            List<Integer> versions = subjects.get(ref.get("subject").asText());
            int id = versions.get(ref.get("version").asInt() - 1);
            if (added.add(id)) {
                Stored stored = byId.get(id - 1);
                addReferences(parser, stored.references(), added);
                parser.parse(stored.schema());
            }
        }
    }

    private int idOf(String schema, JsonNode references) {
        for (int i = 0; i < byId.size(); i++) {
            if (byId.get(i).schema().equals(schema)) {
                return i + 1;
            }
        }
        byId.add(new Stored(schema, references));
        return byId.size();
    }

    private JsonNode error(int status, String message) {
        return json.createObjectNode().put("error_code", status).put("message", message);
    }

    private static int fail(ObjectNode out, int status, int code, String message) {
        out.put("error_code", code).put("message", message);
        return status;
    }
}
