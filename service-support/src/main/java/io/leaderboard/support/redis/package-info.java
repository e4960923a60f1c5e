/**
 * One way to Redis for the services, standalone or Redis Cluster: the cluster chosen by
 * {@code REDIS_CLUSTER_NODES}, and Lettuce's native API on either.
 */
package io.leaderboard.support.redis;
