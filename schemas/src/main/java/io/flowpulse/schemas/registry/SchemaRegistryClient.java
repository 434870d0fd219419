package io.flowpulse.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * Client of the Confluent Schema Registry REST API (also served by Apicurio at
 * {@code /apis/ccompat/v7} and by Karapace), for Avro schemas. Thread-safe. Ids and schemas are
 * immutable in the registry, so lookups by id, registrations and id lookups are cached for the
 * life of the client; "latest version" and compatibility calls always go to the registry.
 */
public final class SchemaRegistryClient {
    private static final int MAX_REFERENCE_DEPTH = 32;

    private final RegistryHttp http;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, Integer> registeredIds = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, Integer> lookedUpIds = new ConcurrentHashMap<>();
    private final Map<String, RegisteredSchema> versions = new ConcurrentHashMap<>();

    private record SubjectSchema(String subject, Schema schema) {
    }

    /** Outcome of a compatibility check; {@code messages} explain a refusal when the registry gives them. */
    public record CompatibilityCheck(boolean compatible, List<String> messages) {
    }

    private SchemaRegistryClient(Builder builder) {
        this.http = new RegistryHttp(builder.url, builder.basicAuthUserInfo, builder.retry, builder.requestTimeout,
                builder.connectTimeout, builder.sslContext, json);
    }

    public static Builder builder(String url) {
        return new Builder(url);
    }

    /** Base URL of the Confluent API, without a trailing slash. */
    public String url() {
        return http.baseUrl();
    }

    /**
     * Registers {@code schema} under {@code subject} (a no-op returning the existing id when it is
     * already there) and returns its global id.
     *
     * @throws IncompatibleSchemaException when the subject's compatibility rule refuses it
     */
    public int register(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = registeredIds.get(key);
        if (cached != null) {
            return cached;
        }
        int id = register(subject, schema.toString(), List.of());
        registeredIds.put(key, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    /**
     * Registers schema text that may use types defined by {@code references}; not cached.
     *
     * <p>Some registries answer 409 to the loser of two clients registering the same new schema at
     * the same moment. A 409 is therefore only reported as incompatible when the schema is not
     * in the subject afterwards.
     */
    public int register(String subject, String schema, List<SchemaReference> references) {
        RegistryHttp.Answer answer = http.post(subjectPath(subject) + "/versions", schemaBody(schema, references));
        if (answer.ok()) {
            return requiredInt(answer, "id");
        }
        if (answer.status() == 409) {
            try {
                return lookup(subject, schema, references).id();
            } catch (SchemaRegistryException notThere) {
                // not registered by anyone: the 409 was a real incompatibility
            }
        }
        throw failure(answer, "register a schema under subject '" + subject + "'", subject);
    }

    /**
     * Id of {@code schema} as already registered under {@code subject}, without registering it.
     *
     * @throws SchemaNotFoundException when the subject or the schema under it does not exist
     */
    public int lookupId(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = lookedUpIds.get(key);
        if (cached != null) {
            return cached;
        }
        RegisteredSchema found = lookup(subject, schema.toString(), List.of());
        lookedUpIds.put(key, found.id());
        schemasById.putIfAbsent(found.id(), schema);
        return found.id();
    }

    /** The version of {@code subject} holding exactly this schema (POST /subjects/{subject}). */
    public RegisteredSchema lookup(String subject, String schema, List<SchemaReference> references) {
        RegistryHttp.Answer answer = http.post(subjectPath(subject), schemaBody(schema, references));
        if (!answer.ok()) {
            throw failure(answer, "look up a schema under subject '" + subject + "'", subject);
        }
        return toRegistered(subject, answer);
    }

    /** Writer schema with the given global id, with its references resolved. Cached. */
    public Schema getSchemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        RegisteredSchema raw = getRawSchemaById(id);
        Schema schema = parse(raw);
        Schema raced = schemasById.putIfAbsent(id, schema);
        return raced == null ? schema : raced;
    }

    /** Schema text and references stored under a global id, unparsed. */
    public RegisteredSchema getRawSchemaById(int id) {
        RegistryHttp.Answer answer = http.get("/schemas/ids/" + id);
        if (!answer.ok()) {
            throw failure(answer, "fetch the schema with id " + id, null);
        }
        String type = answer.json().path("schemaType").asText("AVRO");
        if (!"AVRO".equalsIgnoreCase(type)) {
            throw new SchemaRegistryException("Schema id " + id + " at " + url() + " is of type " + type
                    + ", not AVRO", answer.status(), -1, null);
        }
        return new RegisteredSchema(null, -1, id, requiredText(answer, "schema"), references(answer.json()));
    }

    /** Latest version of {@code subject}. */
    public RegisteredSchema getLatestVersion(String subject) {
        return fetchVersion(subject, "latest");
    }

    /** A given version of {@code subject}. Cached: versions never change. */
    public RegisteredSchema getVersion(String subject, int version) {
        String key = subject + '\u0000' + version;
        RegisteredSchema cached = versions.get(key);
        if (cached != null) {
            return cached;
        }
        RegisteredSchema fetched = fetchVersion(subject, Integer.toString(version));
        versions.put(key, fetched);
        return fetched;
    }

    /** Subjects known to the registry. */
    public List<String> subjects() {
        RegistryHttp.Answer answer = http.get("/subjects");
        if (!answer.ok()) {
            throw failure(answer, "list subjects", null);
        }
        List<String> subjects = new ArrayList<>();
        answer.json().forEach(node -> subjects.add(node.asText()));
        return subjects;
    }

    /** Sets the compatibility rule of one subject (PUT /config/{subject}). */
    public void setCompatibility(String subject, Compatibility level) {
        ObjectNode body = json.createObjectNode().put("compatibility", level.name());
        RegistryHttp.Answer answer = http.put("/config/" + encode(subject), body);
        if (!answer.ok()) {
            throw failure(answer, "set compatibility " + level + " on subject '" + subject + "'", subject);
        }
    }

    /** Compatibility rule set on the subject itself; empty when it has none of its own. */
    public Optional<Compatibility> getCompatibility(String subject) {
        RegistryHttp.Answer answer = http.get("/config/" + encode(subject));
        if (answer.status() == 404) {
            return Optional.empty();
        }
        if (!answer.ok()) {
            throw failure(answer, "get the compatibility of subject '" + subject + "'", subject);
        }
        JsonNode node = answer.json().has("compatibilityLevel")
                ? answer.json().get("compatibilityLevel") : answer.json().get("compatibility");
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Compatibility.valueOf(node.asText()));
        } catch (IllegalArgumentException e) {
            throw new SchemaRegistryException("Registry at " + url() + " answered an unknown compatibility level '"
                    + node.asText() + "' for subject '" + subject + "'", answer.status(), -1, e);
        }
    }

    /**
     * Would {@code schema} be accepted as the next version of {@code subject}? A subject that
     * does not exist yet accepts any schema.
     */
    public CompatibilityCheck testCompatibility(String subject, Schema schema) {
        RegistryHttp.Answer answer = http.post("/compatibility" + subjectPath(subject) + "/versions/latest?verbose=true",
                schemaBody(schema.toString(), List.of()));
        if (answer.status() == 404 && answer.json().path("error_code").asInt() == 40401) {
            return new CompatibilityCheck(true, List.of());
        }
        if (!answer.ok()) {
            throw failure(answer, "check compatibility against subject '" + subject + "'", subject);
        }
        List<String> messages = new ArrayList<>();
        answer.json().path("messages").forEach(node -> messages.add(node.asText()));
        return new CompatibilityCheck(answer.json().path("is_compatible").asBoolean(false), messages);
    }

    /** Parses registered schema text together with the schemas its references point to. */
    public Schema parse(RegisteredSchema registered) {
        Schema.Parser parser = new Schema.Parser();
        Set<String> added = new HashSet<>();
        for (SchemaReference reference : registered.references()) {
            addReference(parser, reference, added, 1);
        }
        try {
            return parser.parse(registered.schema());
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException("Schema " + describe(registered) + " from " + url()
                    + " is not valid Avro: " + e.getMessage(), -1, -1, e);
        }
    }

    private void addReference(Schema.Parser parser, SchemaReference reference, Set<String> added, int depth) {
        if (depth > MAX_REFERENCE_DEPTH) {
            throw new SchemaRegistryException("Schema references nest deeper than " + MAX_REFERENCE_DEPTH
                    + " levels at " + reference, -1, -1, null);
        }
        if (!added.add(reference.subject() + '\u0000' + reference.version())) {
            return;
        }
        RegisteredSchema referenced = getVersion(reference.subject(), reference.version());
        for (SchemaReference nested : referenced.references()) {
            addReference(parser, nested, added, depth + 1);
        }
        try {
            parser.parse(referenced.schema());
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException("Referenced schema '" + reference.name() + "' (subject '"
                    + reference.subject() + "' version " + reference.version() + ") is not valid Avro: "
                    + e.getMessage(), -1, -1, e);
        }
    }

    private RegisteredSchema fetchVersion(String subject, String version) {
        RegistryHttp.Answer answer = http.get(subjectPath(subject) + "/versions/" + version);
        if (!answer.ok()) {
            throw failure(answer, "fetch version " + version + " of subject '" + subject + "'", subject);
        }
        return toRegistered(subject, answer);
    }

    private RegisteredSchema toRegistered(String subject, RegistryHttp.Answer answer) {
        JsonNode node = answer.json();
        return new RegisteredSchema(node.path("subject").asText(subject), node.path("version").asInt(-1),
                requiredInt(answer, "id"), requiredText(answer, "schema"), references(node));
    }

    private static List<SchemaReference> references(JsonNode node) {
        List<SchemaReference> references = new ArrayList<>();
        for (JsonNode ref : node.path("references")) {
            references.add(new SchemaReference(ref.path("name").asText(), ref.path("subject").asText(),
                    ref.path("version").asInt()));
        }
        return references;
    }

    private ObjectNode schemaBody(String schema, List<SchemaReference> references) {
        ObjectNode body = json.createObjectNode().put("schema", schema);
        if (!references.isEmpty()) {
            ArrayNode refs = body.putArray("references");
            for (SchemaReference reference : references) {
                refs.addObject().put("name", reference.name()).put("subject", reference.subject())
                        .put("version", reference.version());
            }
        }
        return body;
    }

    private int requiredInt(RegistryHttp.Answer answer, String field) {
        JsonNode node = answer.json().get(field);
        if (node == null || !node.canConvertToInt()) {
            throw malformed(answer, field);
        }
        return node.asInt();
    }

    private String requiredText(RegistryHttp.Answer answer, String field) {
        JsonNode node = answer.json().get(field);
        if (node == null || !node.isTextual()) {
            throw malformed(answer, field);
        }
        return node.asText();
    }

    private SchemaRegistryException malformed(RegistryHttp.Answer answer, String field) {
        return new SchemaRegistryException("Registry at " + url() + " answered HTTP " + answer.status()
                + " without the field '" + field + "': " + RegistryHttp.abbreviate(answer.body()),
                answer.status(), -1, null);
    }

    private SchemaRegistryException failure(RegistryHttp.Answer answer, String action, String subject) {
        int code = answer.json().path("error_code").asInt(-1);
        String message = answer.json().path("message").asText(RegistryHttp.abbreviate(answer.body()));
        String where = " (registry " + url() + ", HTTP " + answer.status() + (code > 0 ? ", error " + code : "") + "): ";
        return switch (answer.status()) {
            case 409 -> new IncompatibleSchemaException(subject, message, code);
            case 404 -> new SchemaNotFoundException("Not found: could not " + action + where + message, code);
            case 401, 403 -> new SchemaRegistryException("Not authorized to " + action + where + message
                    + " (check the registry credentials)", answer.status(), code, null);
            case 422 -> new SchemaRegistryException("Registry rejected the request to " + action
                    + " as invalid" + where + message, answer.status(), code, null);
            default -> new SchemaRegistryException("Could not " + action + where + message, answer.status(), code, null);
        };
    }

    private static String describe(RegisteredSchema registered) {
        return registered.id() >= 0 ? "with id " + registered.id()
                : "'" + registered.subject() + "' version " + registered.version();
    }

    private static String subjectPath(String subject) {
        return "/subjects/" + encode(subject);
    }

    private static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Settings of a client; only the URL is required. */
    public static final class Builder {
        private final String url;
        private String basicAuthUserInfo;
        private RetryPolicy retry = RetryPolicy.DEFAULT;
        private Duration requestTimeout = Duration.ofSeconds(10);
        private Duration connectTimeout = Duration.ofSeconds(5);
        private javax.net.ssl.SSLContext sslContext;

        private Builder(String url) {
            this.url = Objects.requireNonNull(url, "schema registry url");
            if (url.isBlank()) {
                throw new IllegalArgumentException("schema registry url is empty");
            }
        }

        public Builder basicAuth(String user, String password) {
            this.basicAuthUserInfo = user + ":" + password;
            return this;
        }

        /** Credentials as {@code user:password}, as in Confluent's {@code basic.auth.user.info}. */
        public Builder basicAuthUserInfo(String userInfo) {
            this.basicAuthUserInfo = userInfo;
            return this;
        }

        public Builder retry(RetryPolicy retry) {
            this.retry = Objects.requireNonNull(retry);
            return this;
        }

        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = Objects.requireNonNull(requestTimeout);
            return this;
        }

        /** Trust (and keys) for an https:// registry, e.g. a private CA ({@code io.flowpulse.schemas.tls.TrustStores}). */
        public Builder sslContext(javax.net.ssl.SSLContext sslContext) {
            this.sslContext = sslContext;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Objects.requireNonNull(connectTimeout);
            return this;
        }

        public SchemaRegistryClient build() {
            return new SchemaRegistryClient(this);
        }
    }
}
