package io.leaderboard.support.redis;

import java.time.Duration;
import java.util.List;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.StringUtils;

/**
 * A connection with Lettuce's native API, for what Spring's templates cannot say (raw
 * commands written in bulk, a client with options of its own), on a standalone Redis or a
 * Redis Cluster alike: its commands are the ones both share
 * ({@link RedisClusterAsyncCommands}), which route each command by its key's slot on a
 * cluster. So each command is written once, whatever Redis runs.
 */
public final class NativeRedis implements AutoCloseable {

	private final StatefulConnection<String, String> connection;

	private final RedisClusterAsyncCommands<String, String> commands;

	private NativeRedis(StatefulConnection<String, String> connection,
			RedisClusterAsyncCommands<String, String> commands) {
		this.connection = connection;
		this.commands = commands;
	}

	/**
	 * A new connection of the application's Lettuce client (the one Spring Boot built for
	 * {@code spring.data.redis.*}), on its database when standalone.
	 */
	public static NativeRedis connect(RedisConnectionFactory factory) {
		if (!(factory instanceof LettuceConnectionFactory lettuce)) {
			throw new IllegalStateException("Redis must be reached through Lettuce, not " + factory.getClass());
		}
		return connect(lettuce.getRequiredNativeClient(), lettuce.getDatabase());
	}

	/** A new connection of {@code client}, on {@code database} when standalone. */
	public static NativeRedis connect(AbstractRedisClient client, int database) {
		if (client instanceof RedisClusterClient cluster) {
			StatefulRedisClusterConnection<String, String> connection = cluster.connect(StringCodec.UTF8);
			return new NativeRedis(connection, connection.async());
		}
		if (client instanceof RedisClient standalone) {
			StatefulRedisConnection<String, String> connection = standalone.connect(StringCodec.UTF8);
			if (database != 0) {
				connection.sync().select(database);
			}
			return new NativeRedis(connection, connection.async());
		}
		throw new IllegalStateException("Unknown Lettuce client " + client.getClass());
	}

	/**
	 * A Lettuce client of its own for the Redis Spring Boot's connection details name: a
	 * {@link RedisClusterClient} when they name a cluster (its topology refreshed on
	 * redirects and disconnections, and every {@code topologyRefresh}), else a
	 * {@link RedisClient} of the standalone server (connect it with {@link #database}).
	 * @param details the application's connection details
	 * @param ssl whether to connect over TLS
	 * @param timeout the commands' timeout
	 * @param options the client's options (on a cluster, its cluster options start from
	 * them)
	 * @param topologyRefresh how often a cluster client asks for the cluster's topology
	 */
	public static AbstractRedisClient client(DataRedisConnectionDetails details, boolean ssl, Duration timeout,
			ClientResources resources, ClientOptions options, Duration topologyRefresh) {
		DataRedisConnectionDetails.Cluster cluster = details.getCluster();
		if (cluster != null) {
			List<RedisURI> nodes = cluster.getNodes()
				.stream()
				.map((node) -> uri(details, ssl, timeout, node.host(), node.port()).build())
				.toList();
			RedisClusterClient client = RedisClusterClient.create(resources, nodes);
			client.setOptions(ClusterClientOptions.builder(options)
				.topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
					.enableAllAdaptiveRefreshTriggers()
					.enablePeriodicRefresh(topologyRefresh)
					.build())
				.build());
			return client;
		}
		DataRedisConnectionDetails.Standalone server = details.getStandalone();
		if (server == null) {
			throw new IllegalStateException("Redis must be standalone (spring.data.redis.host/port) or a cluster " + "("
					+ RedisClusterNodes.VARIABLE + ")");
		}
		RedisClient client = RedisClient.create(resources,
				uri(details, ssl, timeout, server.getHost(), server.getPort()).build());
		client.setOptions(options);
		return client;
	}

	/** The database to connect to: the standalone one's, 0 on a cluster. */
	public static int database(DataRedisConnectionDetails details) {
		DataRedisConnectionDetails.Standalone server = details.getStandalone();
		return (details.getCluster() == null && server != null) ? server.getDatabase() : 0;
	}

	private static RedisURI.Builder uri(DataRedisConnectionDetails details, boolean ssl, Duration timeout, String host,
			int port) {
		RedisURI.Builder uri = RedisURI.builder().withHost(host).withPort(port).withSsl(ssl).withTimeout(timeout);
		if (StringUtils.hasText(details.getPassword())) {
			if (StringUtils.hasText(details.getUsername())) {
				uri.withAuthentication(details.getUsername(), details.getPassword());
			}
			else {
				uri.withPassword(details.getPassword().toCharArray());
			}
		}
		return uri;
	}

	/** The commands; on a cluster each goes to the primary of its first key's slot. */
	public RedisClusterAsyncCommands<String, String> async() {
		return this.commands;
	}

	public StatefulConnection<String, String> connection() {
		return this.connection;
	}

	public boolean isOpen() {
		return this.connection.isOpen();
	}

	@Override
	public void close() {
		this.connection.close();
	}

}
