package io.flowpulse.console.history;

/**
 * One entry of the console's history and of its event stream.
 *
 * @param id        position in the stream; every event gets the next number, so a client that
 *                  saw id n has seen everything up to n
 * @param type      the SSE event name: {@code window}, {@code alert}, {@code stats} or {@code node}
 * @param json      the event's data, one line of JSON
 * @param arrivedAt when the console received it (epoch ms); history ages out by this time
 */
public record ConsoleEvent(long id, String type, String json, long arrivedAt) {

    public static final String WINDOW = "window";
    public static final String ALERT = "alert";
    public static final String STATS = "stats";
    public static final String NODE = "node";
}
