package io.flowpulse.replay.report.html;

import java.util.ArrayList;
import java.util.List;

/** A plain HTML table in a collapsible, scrollable block; numbers right-aligned. */
final class HtmlTable {

    private record Cell(String text, boolean number) {
    }

    private final List<String> headers;
    private final List<List<Cell>> rows = new ArrayList<>();
    private final List<String> rowClasses = new ArrayList<>();
    private List<Cell> current;

    HtmlTable(String... headers) {
        this.headers = List.of(headers);
    }

    HtmlTable row() {
        return row(null);
    }

    /** Starts a row; {@code cssClass} may be null. */
    HtmlTable row(String cssClass) {
        current = new ArrayList<>(headers.size());
        rows.add(current);
        rowClasses.add(cssClass);
        return this;
    }

    HtmlTable text(String text) {
        current.add(new Cell(text == null ? "" : text, false));
        return this;
    }

    HtmlTable number(String formatted) {
        current.add(new Cell(formatted, true));
        return this;
    }

    HtmlTable number(long value) {
        return number(Long.toString(value));
    }

    int size() {
        return rows.size();
    }

    /** The table inside a {@code <details>} block titled {@code summary}. */
    String toHtml(String summary, boolean open) {
        StringBuilder html = new StringBuilder(256 + rows.size() * 120);
        html.append("<details").append(open ? " open" : "").append("><summary>").append(Html.escape(summary))
                .append(" (").append(rows.size()).append(rows.size() == 1 ? " row" : " rows").append(")</summary>");
        html.append("<div class=\"scroll\"><table><thead><tr>");
        for (String header : headers) {
            html.append("<th>").append(Html.escape(header)).append("</th>");
        }
        html.append("</tr></thead><tbody>");
        for (int r = 0; r < rows.size(); r++) {
            String cssClass = rowClasses.get(r);
            html.append(cssClass == null ? "<tr>" : "<tr class=\"" + cssClass + "\">");
            for (Cell cell : rows.get(r)) {
                html.append(cell.number() ? "<td class=\"num\">" : "<td>").append(Html.escape(cell.text())).append("</td>");
            }
            html.append("</tr>");
        }
        html.append("</tbody></table></div></details>");
        return html.toString();
    }
}
