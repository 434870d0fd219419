package io.flowpulse.streams.app;

import io.flowpulse.runtime.CommonSettings;
import io.flowpulse.runtime.Config;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the off-heap memory of all RocksDB stores of the streams service, whatever the number of
 * tasks and stores: one block cache shared by every store in the JVM, the memtables charged to that
 * cache through a write buffer manager, and the index and filter blocks kept inside the cache (at
 * high priority) instead of beside it. Without it each store instance has its own 50 MiB cache and
 * up to three 16 MiB memtables, so memory grows with the partitions a pod happens to own.
 *
 * <p>Settings ({@link #DEFAULTS}): {@value #MEMORY_MIB}, the whole budget (cache with memtables),
 * {@value #WRITE_BUFFER_RATIO}, the part of it memtables may use, and {@value #INDEX_FILTER_RATIO},
 * the part reserved for index and filter blocks. The streams service sets this class as
 * {@code rocksdb.config.setter}; {@code kafka.rocksdb.config.setter} replaces it.
 */
public final class BoundedMemoryRocksDbConfig implements RocksDBConfigSetter {

    public static final String MEMORY_MIB = "streams.rocksdb.memory.mib";
    public static final String WRITE_BUFFER_RATIO = "streams.rocksdb.write-buffer.ratio";
    public static final String INDEX_FILTER_RATIO = "streams.rocksdb.index-filter.ratio";

    /** Every key with its default. */
    public static final Map<String, String> DEFAULTS = CommonSettings.ordered(
            MEMORY_MIB, "128",
            WRITE_BUFFER_RATIO, "0.5",
            INDEX_FILTER_RATIO, "0.1");

    private static final long MIB = 1024L * 1024;
    private static final long MAX_MEMTABLE_BYTES = 16 * MIB;
    private static final long BLOCK_SIZE = 16 * 1024;
    private static final Map<Limits, Shared> SHARED = new ConcurrentHashMap<>();

    /** The memory budget of the RocksDB stores of one process. */
    public record Limits(long memoryBytes, double writeBufferRatio, double indexFilterRatio) {

        public Limits {
            if (memoryBytes < 16 * MIB) {
                throw new Config.ConfigException("setting '" + MEMORY_MIB + "' must be at least 16, got "
                        + memoryBytes / MIB);
            }
            if (!(writeBufferRatio > 0 && writeBufferRatio < 1)) {
                throw new Config.ConfigException("setting '" + WRITE_BUFFER_RATIO
                        + "' must be between 0 and 1 (exclusive), got " + writeBufferRatio);
            }
            if (!(indexFilterRatio >= 0 && indexFilterRatio < 1)) {
                throw new Config.ConfigException("setting '" + INDEX_FILTER_RATIO
                        + "' must be at least 0 and below 1, got " + indexFilterRatio);
            }
        }

        public static Limits from(Config config) {
            return new Limits(config.getLong(MEMORY_MIB) * MIB, config.getDouble(WRITE_BUFFER_RATIO),
                    config.getDouble(INDEX_FILTER_RATIO));
        }

        static Limits from(Map<String, ?> streamsConfig) {
            return new Limits(
                    Long.parseLong(value(streamsConfig, MEMORY_MIB)) * MIB,
                    Double.parseDouble(value(streamsConfig, WRITE_BUFFER_RATIO)),
                    Double.parseDouble(value(streamsConfig, INDEX_FILTER_RATIO)));
        }

        private static String value(Map<String, ?> streamsConfig, String key) {
            Object v = streamsConfig.get(key);
            return (v == null ? DEFAULTS.get(key) : v.toString()).trim();
        }

        /** Memory the memtables of all stores may take, counted inside {@link #memoryBytes()}. */
        public long writeBufferBytes() {
            return (long) (memoryBytes * writeBufferRatio);
        }

        /**
         * The Kafka Streams properties that install the setter with these limits; Kafka Streams hands
         * them back to {@link #setConfig} with the rest of its configuration.
         */
        public Map<String, Object> streamsProperties() {
            Map<String, Object> props = new HashMap<>();
            props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedMemoryRocksDbConfig.class);
            props.put(MEMORY_MIB, Long.toString(memoryBytes / MIB));
            props.put(WRITE_BUFFER_RATIO, Double.toString(writeBufferRatio));
            props.put(INDEX_FILTER_RATIO, Double.toString(indexFilterRatio));
            return props;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d MiB (memtables %.0f%%, index and filters %.0f%%)",
                    memoryBytes / MIB, writeBufferRatio * 100, indexFilterRatio * 100);
        }
    }

    /** The cache and write buffer manager every store of one budget shares; they live as long as the process. */
    private record Shared(Cache cache, WriteBufferManager writeBuffers) {
        static Shared of(Limits limits) {
            Cache cache = new LRUCache(limits.memoryBytes(), -1, false, limits.indexFilterRatio());
            return new Shared(cache, new WriteBufferManager(limits.writeBufferBytes(), cache));
        }
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Limits limits = Limits.from(configs);
        Shared shared = SHARED.computeIfAbsent(limits, Shared::of);
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(shared.cache());
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        table.setBlockSize(BLOCK_SIZE);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(shared.writeBuffers());
        // a memtable is flushed at this size or earlier, when the manager's budget is reached
        options.setWriteBufferSize(Math.min(MAX_MEMTABLE_BYTES, Math.max(MIB, limits.writeBufferBytes() / 8)));
        options.setMaxWriteBufferNumber(2);
    }

    @Override
    public void close(String storeName, Options options) {
        // the cache and the write buffer manager are shared by every store: never closed here
    }

    /** The cache of a budget, for tests and diagnostics; null before a store has used it. */
    static Cache sharedCache(Limits limits) {
        Shared shared = SHARED.get(limits);
        return shared == null ? null : shared.cache();
    }
}
