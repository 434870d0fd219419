/**
 * Client of the Confluent Schema Registry REST API over {@code java.net.http}: works with Confluent
 * Schema Registry, Apicurio Registry ({@code .../apis/ccompat/v7}) and Karapace, using only
 * endpoints of the Confluent API. Connect errors, timeouts and 5xx answers are retried with
 * exponential backoff within a {@link io.flowpulse.schemas.registry.RetryPolicy}.
 */
package io.flowpulse.schemas.registry;
