package io.leaderboard.broadcaster.admission;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The caps on one client.
 *
 * @param maxConnectionsPerAddress open SSE and WebSocket streams per client address (0:
 * no cap). Behind a proxy, set {@code server.forward-headers-strategy=framework} so the
 * address is the client's, not the proxy's
 * @param maxSubscriptionsPerSocket boards one WebSocket may follow at once
 * @param maxMessageSize the largest WebSocket message a client may send; larger closes
 * the socket (1009)
 * @param maxMessagesPerSecond WebSocket messages a client may send per second; more
 * closes the socket (1008)
 * @param requestHeadTimeout how long a connection may take to send a request's line and
 * headers, so a client sending them a byte at a time (slow loris) cannot hold it
 */
@Validated
@ConfigurationProperties("leaderboard.clients")
public record ClientLimits(@DefaultValue("100") @Min(0) int maxConnectionsPerAddress,
		@DefaultValue("20") @Min(1) int maxSubscriptionsPerSocket,
		@DefaultValue("4KB") @NotNull DataSize maxMessageSize, @DefaultValue("20") @Min(1) int maxMessagesPerSecond,
		@DefaultValue("10s") @NotNull Duration requestHeadTimeout) {

}
