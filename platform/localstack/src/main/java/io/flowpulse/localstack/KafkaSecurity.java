package io.flowpulse.localstack;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A broker that is reached only over TLS with SASL SCRAM-SHA-512 authentication (SASL_SSL), as
 * production clusters are: its certificate comes from {@code tls}, and {@code user} with {@code password}
 * is the one SCRAM credential it knows (created when its storage is formatted), used by the broker itself
 * and by the stack's own admin client. The controller listener stays plaintext on 127.0.0.1.
 */
public record KafkaSecurity(TlsMaterial tls, String user, String password) {

    public static final String MECHANISM = "SCRAM-SHA-512";
    static final String LISTENER = "SASL_SSL";

    /** The settings a client needs besides the bootstrap servers, here with this user's password. */
    public Properties clientProperties() {
        return clientProperties(user, password);
    }

    /** The client settings of any user (a wrong password, say), trusting the test CA. */
    public Properties clientProperties(String clientUser, String clientPassword) {
        Properties p = new Properties();
        p.put("security.protocol", LISTENER);
        p.put("sasl.mechanism", MECHANISM);
        p.put("sasl.jaas.config", jaas(clientUser, clientPassword));
        p.put("ssl.truststore.location", tls.trustStore().toString());
        p.put("ssl.truststore.password", tls.storePassword());
        p.put("ssl.truststore.type", "PKCS12");
        return p;
    }

    /** The broker's listener settings in place of the plaintext ones. */
    Map<String, String> brokerProperties(int brokerPort, int controllerPort) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("listeners", LISTENER + "://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", LISTENER + "://127.0.0.1:" + brokerPort);
        p.put("listener.security.protocol.map", LISTENER + ":" + LISTENER + ",CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", LISTENER);
        p.put("sasl.enabled.mechanisms", MECHANISM);
        p.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        p.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config", jaas(user, password));
        p.put("ssl.keystore.location", tls.serverKeyStore().toString());
        p.put("ssl.keystore.password", tls.storePassword());
        p.put("ssl.key.password", tls.storePassword());
        p.put("ssl.keystore.type", "PKCS12");
        p.put("ssl.truststore.location", tls.trustStore().toString());
        p.put("ssl.truststore.password", tls.storePassword());
        p.put("ssl.truststore.type", "PKCS12");
        p.put("ssl.client.auth", "none");
        return p;
    }

    /** The argument of kafka-storage format --add-scram that creates the user's credential. */
    String scramCredential() {
        return MECHANISM + "=[name=" + user + ",password=" + password + "]";
    }

    static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    @Override
    public String toString() {
        return "KafkaSecurity[" + LISTENER + " " + MECHANISM + ", user " + user + "]";
    }
}
