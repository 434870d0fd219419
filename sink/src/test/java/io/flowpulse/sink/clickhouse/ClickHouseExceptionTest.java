package io.flowpulse.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class ClickHouseExceptionTest {
    @Test
    void tellsDataErrorsFromOutages() {
        ClickHouseException parse = ClickHouseException.fromResponse("INSERT INTO db.t", 500,
                "Code: 33, e.displayText() = DB::Exception: Cannot read all data. Bytes read: 0. Bytes expected: 1.: (at row 1)\n");
        assertThat(parse.code()).isEqualTo(33);
        assertThat(parse.isDataError()).isTrue();
        assertThat(parse.getMessage()).startsWith("INSERT INTO db.t failed: HTTP 500: Code: 33");

        ClickHouseException tooManyParts = ClickHouseException.fromResponse("INSERT", 500,
                "Code: 252, e.displayText() = DB::Exception: Too many parts (300). Merges are processing significantly slower than inserts.");
        assertThat(tooManyParts.isDataError()).isFalse();

        ClickHouseException auth = ClickHouseException.fromResponse("SELECT 1", 500,
                "Code: 193, e.displayText() = DB::Exception: Wrong password for user alice");
        assertThat(auth.code()).isEqualTo(193);
        assertThat(auth.isDataError()).isFalse();

        ClickHouseException down = ClickHouseException.unreachable("INSERT", new ConnectException("Connection refused"));
        assertThat(down.code()).isEqualTo(-1);
        assertThat(down.isDataError()).isFalse();

        ClickHouseException proxy = ClickHouseException.fromResponse("INSERT", 502, "<html>bad gateway</html>");
        assertThat(proxy.code()).isEqualTo(-1);
        assertThat(proxy.isDataError()).isFalse();
    }
}
