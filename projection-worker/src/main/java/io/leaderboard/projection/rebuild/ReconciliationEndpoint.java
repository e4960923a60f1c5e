package io.leaderboard.projection.rebuild;

import io.leaderboard.projection.rebuild.Reconciler.Report;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.stereotype.Component;

/**
 * {@code GET /actuator/reconciliation} reports drift between PostgreSQL and Redis;
 * {@code POST /actuator/reconciliation} repairs it and reports what is left.
 */
@Component
@Endpoint(id = "reconciliation")
class ReconciliationEndpoint {

	private final Reconciler reconciler;

	ReconciliationEndpoint(Reconciler reconciler) {
		this.reconciler = reconciler;
	}

	@ReadOperation
	Report report() {
		return this.reconciler.reconcile();
	}

	@WriteOperation
	Report repair() {
		return this.reconciler.repair();
	}

}
