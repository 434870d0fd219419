package io.flowpulse.sink.schema;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * One versioned schema change: DDL templates with {@code ${db}} for the database and
 * {@code ${lc_string}} for a string column of few distinct values (LowCardinality(String)
 * where the server has it, String otherwise). An applied migration is never edited: its
 * checksum over the templates is recorded and compared at every start.
 */
public record Migration(int version, String description, List<String> statements) {

    public Migration {
        if (version < 1) {
            throw new IllegalArgumentException("migration versions start at 1: " + version);
        }
        statements = List.copyOf(statements);
    }

    /** The statements for a database and server, ready to execute. */
    public List<String> render(String database, ServerVersion server) {
        String lcString = server.supportsLowCardinality() ? "LowCardinality(String)" : "String";
        List<String> out = new ArrayList<>();
        for (String s : statements) {
            out.add(s.replace("${db}", database).replace("${lc_string}", lcString));
        }
        return out;
    }

    /** SHA-256 of the templates, hex. */
    public String checksum() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String s : statements) {
                sha.update(s.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
