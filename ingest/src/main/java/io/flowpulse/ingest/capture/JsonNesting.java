package io.flowpulse.ingest.capture;

/** How deep the objects and arrays of a JSON text nest, found without parsing it (strings are skipped). */
final class JsonNesting {

    private JsonNesting() {
    }

    /**
     * The deepest nesting of the text, or {@code limit + 1} as soon as it goes deeper than {@code limit}.
     * Malformed text gives some depth; the parser reports what is wrong with it.
     */
    static int depthBeyond(CharSequence text, int limit) {
        int depth = 0;
        int deepest = 0;
        boolean inString = false;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
                if (depth > deepest) {
                    deepest = depth;
                    if (deepest > limit) {
                        return deepest;
                    }
                }
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
        return deepest;
    }
}
