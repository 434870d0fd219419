package io.flowpulse.streams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowpulse.runtime.Config;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.BlockBasedTableConfigWithAccessibleCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Cache;
import org.rocksdb.Options;

class BoundedMemoryRocksDbConfigTest {

    private static final long MIB = 1024L * 1024;

    @Test
    void readsItsSettingsAndRefusesBadOnes() {
        BoundedMemoryRocksDbConfig.Limits defaults = BoundedMemoryRocksDbConfig.Limits.from(config(Map.of()));
        assertThat(defaults.memoryBytes()).isEqualTo(128 * MIB);
        assertThat(defaults.writeBufferBytes()).isEqualTo(64 * MIB);
        assertThat(defaults.indexFilterRatio()).isEqualTo(0.1);

        BoundedMemoryRocksDbConfig.Limits set = BoundedMemoryRocksDbConfig.Limits.from(config(Map.of(
                "streams.rocksdb.memory.mib", "512", "streams.rocksdb.write-buffer.ratio", "0.25")));
        assertThat(set.memoryBytes()).isEqualTo(512 * MIB);
        assertThat(set.writeBufferBytes()).isEqualTo(128 * MIB);

        assertThatThrownBy(() -> BoundedMemoryRocksDbConfig.Limits.from(config(Map.of("streams.rocksdb.memory.mib", "8"))))
                .isInstanceOf(Config.ConfigException.class).hasMessageContaining("streams.rocksdb.memory.mib");
        assertThatThrownBy(() -> BoundedMemoryRocksDbConfig.Limits.from(config(Map.of("streams.rocksdb.write-buffer.ratio", "1"))))
                .isInstanceOf(Config.ConfigException.class).hasMessageContaining("write-buffer.ratio");
        assertThatThrownBy(() -> BoundedMemoryRocksDbConfig.Limits.from(config(Map.of("streams.rocksdb.index-filter.ratio", "-0.1"))))
                .isInstanceOf(Config.ConfigException.class).hasMessageContaining("index-filter.ratio");
    }

    @Test
    void theStreamsServiceInstallsItUnlessKafkaSettingsNameAnother() {
        Properties props = new StreamsApp(settings(Map.of("streams.rocksdb.memory.mib", "256"))).streamsProperties();
        assertThat(props.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG)).isEqualTo(BoundedMemoryRocksDbConfig.class);
        assertThat(props.get("streams.rocksdb.memory.mib")).isEqualTo("256");

        Properties replaced = new StreamsApp(settings(Map.of("kafka.rocksdb.config.setter", "com.example.Other")))
                .streamsProperties();
        assertThat(replaced.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG)).isEqualTo("com.example.Other");
    }

    @Test
    void everyStoreSharesOneCacheThatHoldsTheMemtablesAndIndexes() {
        Map<String, Object> configs = new HashMap<>(new BoundedMemoryRocksDbConfig.Limits(64 * MIB, 0.5, 0.1)
                .streamsProperties());
        BoundedMemoryRocksDbConfig setter = new BoundedMemoryRocksDbConfig();
        try (Options first = options(); Options second = options()) {
            setter.setConfig("a", first, configs);
            setter.setConfig("b", second, configs);
            BlockBasedTableConfigWithAccessibleCache a = (BlockBasedTableConfigWithAccessibleCache) first.tableFormatConfig();
            BlockBasedTableConfigWithAccessibleCache b = (BlockBasedTableConfigWithAccessibleCache) second.tableFormatConfig();
            assertThat(a.blockCache()).isNotNull().isSameAs(b.blockCache());
            assertThat(a.cacheIndexAndFilterBlocks()).isTrue();
            assertThat(a.cacheIndexAndFilterBlocksWithHighPriority()).isTrue();
            assertThat(first.writeBufferSize()).isEqualTo(4 * MIB); // 32 MiB of memtables / 8
            assertThat(first.maxWriteBufferNumber()).isEqualTo(2);
            setter.close("a", first);
            setter.close("b", second);
        }
    }

    /** A real topology with RocksDB stores under the setter: what the stores hold is counted in the one cache. */
    @Test
    void storesWriteIntoTheBudget(@TempDir Path state) {
        BoundedMemoryRocksDbConfig.Limits limits = new BoundedMemoryRocksDbConfig.Limits(24 * MIB, 0.5, 0.1);
        StreamsBuilder builder = new StreamsBuilder();
        for (String store : new String[] {"first", "second"}) {
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store),
                    Serdes.String(), Serdes.String()).withLoggingDisabled());
        }
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .process(() -> new Processor<String, String, Void, Void>() {
                    private KeyValueStore<String, String> first;
                    private KeyValueStore<String, String> second;

                    @Override
                    public void init(ProcessorContext<Void, Void> context) {
                        first = context.getStateStore("first");
                        second = context.getStateStore("second");
                    }

                    @Override
                    public void process(Record<String, String> record) {
                        first.put(record.key(), record.value());
                        second.put(record.key(), record.value());
                    }
                }, "first", "second");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "rocksdb-budget");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        props.putAll(limits.streamsProperties());
        String value = "x".repeat(1_000);
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props)) {
            TestInputTopic<String, String> in = driver.createInputTopic("in", new StringSerializer(), new StringSerializer());
            for (int i = 0; i < 60_000; i++) {
                in.pipeInput("key-" + i, value);
            }
            Cache cache = BoundedMemoryRocksDbConfig.sharedCache(limits);
            assertThat(cache).as("the stores used the shared cache").isNotNull();
            // 120 MB went into two stores; their memtables, charged to the cache, stayed within the budget
            assertThat(cache.getUsage()).isPositive().isLessThanOrEqualTo(limits.memoryBytes() + 2 * MIB);
        }
    }

    private static Options options() {
        Options options = new Options();
        options.setTableFormatConfig(new BlockBasedTableConfigWithAccessibleCache());
        return options;
    }

    private static Config config(Map<String, String> overrides) {
        return Config.builder().defaults(StreamsSettings.DEFAULTS).environment(Map.of()).overrides(overrides).build();
    }

    private static StreamsSettings settings(Map<String, String> overrides) {
        return StreamsSettings.from(config(overrides));
    }
}
