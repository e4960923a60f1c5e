package io.leaderboard.api.board;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.leaderboard.events.Tier;
import io.leaderboard.events.BoardShards;
import io.leaderboard.events.Boards;
import io.leaderboard.events.ScoreChanged;
import io.leaderboard.events.SortOrder;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code PUT /admin/leaderboards/{boardId}}, and a board declared in
 * configuration ({@code leaderboard.boards.declared.<id>.*}). Everything after
 * {@code linkedBoards} makes the board a competition and is optional.
 */
public record BoardDefinition(
		@NotNull(message = "sortOrder is required") @Pattern(regexp = "desc|asc",
				message = "sortOrder must be \"desc\" or \"asc\"") String sortOrder,
		@NotNull(message = "operator is required") @Pattern(regexp = "best|latest|increment",
				message = "operator must be \"best\", \"latest\" or \"increment\"") String operator,
		@Size(max = 120, message = "resetSchedule must be at most 120 characters") String resetSchedule,
		@Min(value = -ScoreChanged.MAX_SAFE_SCORE, message = "maxScore must be at least -9007199254740991") @Max(
				value = ScoreChanged.MAX_SAFE_SCORE,
				message = "maxScore must be at most 9007199254740991") Long maxScore,
		@Size(max = 10, message = "linkedBoards may name at most 10 boards") List<@NotNull(
				message = "linkedBoards must not contain null") @Pattern(regexp = Boards.ID_REGEX,
						message = "linkedBoards must hold board ids matching [a-z0-9][a-z0-9-]{0,63}") String> linkedBoards,
		@Valid SubscoreDefinition subscore, Instant startsAt, Instant endsAt, Boolean joinRequired,
		@Positive(message = "maxSize must be at least 1") Integer maxSize,
		@Positive(message = "maxAttempts must be at least 1") Integer maxAttempts,
		@Min(value = 2, message = "cohortSize must be at least 2") @Max(value = 1000,
				message = "cohortSize must be at most 1000") Integer cohortSize,
		@Pattern(regexp = "[A-Za-z_][A-Za-z0-9_.-]{0,63}",
				message = "cohortKey must be a token claim name: a letter or _, then letters, digits, _, . or -, at most 64") String cohortKey,
		@Size(min = 2, max = 20,
				message = "tiers must list 2 to 20 tiers") List<@NotNull(
						message = "tiers must not contain null") @Valid TierDefinition> tiers,
		@Min(value = 1, message = "shards must be at least 1") @Max(value = BoardShards.MAX,
				message = "shards must be at most 64") Integer shards) {

	/**
	 * The board this defines.
	 * @throws IllegalArgumentException with a message that names the field at fault
	 */
	Board toBoard(String id) {
		List<String> linked = (this.linkedBoards != null) ? this.linkedBoards.stream().distinct().toList() : List.of();
		if (linked.contains(id)) {
			throw new IllegalArgumentException("linkedBoards must not name the board itself");
		}
		SortOrder order = SortOrder.of(this.sortOrder);
		Competition competition = competition(order);
		int shardCount = (this.shards != null) ? this.shards : 1;
		if (shardCount > 1 && competition.hasCohorts()) {
			throw new IllegalArgumentException(
					"shards must be 1 on a board with cohorts: a cohort is ranked within one sorted set");
		}
		return new Board(id, order, Operator.of(this.operator), ResetSchedule.parse(this.resetSchedule), this.maxScore,
				linked, competition, shardCount);
	}

	private Competition competition(SortOrder order) {
		if (this.startsAt != null && this.endsAt != null && !this.endsAt.isAfter(this.startsAt)) {
			throw new IllegalArgumentException("endsAt must be after startsAt");
		}
		boolean join = Boolean.TRUE.equals(this.joinRequired);
		if (this.maxSize != null && !join) {
			throw new IllegalArgumentException("maxSize needs joinRequired: true (it caps the players who join)");
		}
		if (this.cohortKey != null && this.cohortSize == null) {
			throw new IllegalArgumentException("cohortKey needs a cohortSize");
		}
		List<Tier> checked = (this.tiers != null) ? checkedTiers(order) : List.of();
		return new Competition((this.subscore != null) ? SortOrder.of(this.subscore.sortOrder()) : null, this.startsAt,
				this.endsAt, join, this.maxSize, this.maxAttempts, this.cohortSize, this.cohortKey, checked);
	}

	/**
	 * Best first, each cutoff looser than the one before it of its kind, the last open.
	 */
	private List<Tier> checkedTiers(SortOrder order) {
		Set<String> names = new HashSet<>();
		List<Tier> checked = new ArrayList<>(this.tiers.size());
		Tier previousPercent = null;
		Tier previousRank = null;
		Tier previousScore = null;
		for (int i = 0; i < this.tiers.size(); i++) {
			TierDefinition definition = this.tiers.get(i);
			Tier tier = new Tier(definition.name(), definition.topPercent(), definition.topRank(),
					definition.minScore());
			String at = "tiers[" + i + "]";
			if (!names.add(tier.name())) {
				throw new IllegalArgumentException(at + ".name \"" + tier.name() + "\" is used twice");
			}
			int cutoffs = ((tier.topPercent() != null) ? 1 : 0) + ((tier.topRank() != null) ? 1 : 0)
					+ ((tier.minScore() != null) ? 1 : 0);
			boolean last = i == this.tiers.size() - 1;
			if (last && cutoffs > 0) {
				throw new IllegalArgumentException(at + " is the last tier and takes everyone else: it has no cutoff");
			}
			if (!last && cutoffs != 1) {
				throw new IllegalArgumentException(at + " needs exactly one of topPercent, topRank or minScore");
			}
			if (tier.topPercent() != null) {
				if (previousPercent != null && tier.topPercent() <= previousPercent.topPercent()) {
					throw outOfOrder(at + ".topPercent", tier.name(), previousPercent.name());
				}
				previousPercent = tier;
			}
			if (tier.topRank() != null) {
				if (previousRank != null && tier.topRank() <= previousRank.topRank()) {
					throw outOfOrder(at + ".topRank", tier.name(), previousRank.name());
				}
				previousRank = tier;
			}
			if (tier.minScore() != null) {
				if (previousScore != null && order.stored(tier.minScore()) <= order.stored(previousScore.minScore())) {
					throw outOfOrder(at + ".minScore", tier.name(), previousScore.name());
				}
				previousScore = tier;
			}
			checked.add(tier);
		}
		return checked;
	}

	private static IllegalArgumentException outOfOrder(String field, String tier, String previous) {
		return new IllegalArgumentException("tiers are listed best first: " + field + " of \"" + tier
				+ "\" must be a looser cutoff than that of \"" + previous + "\"");
	}

	/** The order of a board's tie-break subscore. */
	public record SubscoreDefinition(@NotNull(message = "subscore.sortOrder is required") @Pattern(regexp = "desc|asc",
			message = "subscore.sortOrder must be \"desc\" or \"asc\"") String sortOrder) {

	}

	/** One tier as an admin defines it. */
	public record TierDefinition(
			@NotBlank(message = "tiers[].name is required") @Size(max = 32,
					message = "tiers[].name must be at most 32 characters") String name,
			@DecimalMin(value = "0", inclusive = false, message = "tiers[].topPercent must be above 0") @DecimalMax(
					value = "100", message = "tiers[].topPercent must be at most 100") Double topPercent,
			@Positive(message = "tiers[].topRank must be at least 1") Long topRank,
			@Min(value = -ScoreChanged.MAX_SAFE_SCORE,
					message = "tiers[].minScore must be at least -9007199254740991") @Max(
							value = ScoreChanged.MAX_SAFE_SCORE,
							message = "tiers[].minScore must be at most 9007199254740991") Long minScore) {

	}

}
