package org.civicloop.workorder.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.civicloop.workorder.Channel;
import org.civicloop.workorder.Priority;
import org.civicloop.workorder.WorkOrderState;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Transient;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

import static org.civicloop.workorder.WorkOrderState.ACCEPTED;
import static org.civicloop.workorder.WorkOrderState.CLOSED;
import static org.civicloop.workorder.WorkOrderState.IN_PROGRESS;
import static org.civicloop.workorder.WorkOrderState.MERGED;
import static org.civicloop.workorder.WorkOrderState.RATED;
import static org.civicloop.workorder.WorkOrderState.REJECTED;
import static org.civicloop.workorder.WorkOrderState.REPLIED;
import static org.civicloop.workorder.WorkOrderState.RETURNED;
import static org.civicloop.workorder.WorkOrderState.SUBMITTED;

/**
 * One request and its whole life. Every change goes through an intent method that checks the
 * state machine first (an illegal step is an {@link IllegalStateException}, a 409) and leaves a
 * {@link Step} behind; the service turns the steps into timeline rows, audit entries and events in
 * the same transaction. {@code version} makes two concurrent changes (two staff accepting at once)
 * end with one winner and one optimistic-lock failure instead of a double acceptance.
 */
@Table("workorder_order")
public class WorkOrder {

	static final Set<WorkOrderState> OPEN = EnumSet.of(SUBMITTED, ACCEPTED, IN_PROGRESS, RETURNED);

	/** A recorded step: {@code publicText} goes on the requester's timeline (null: internal step). */
	public record Step(String action, WorkOrderState from, WorkOrderState to, String actor, String reason,
			String publicText, Instant at) {
	}

	@Id
	private final UUID id;
	@Version
	private Long version;
	private final String number;
	private String categoryCode;
	private final String description;
	private String territoryCode;
	private final Double lat;
	private final Double lng;
	private final String address;
	private final Channel channel;
	private Priority priority;
	private WorkOrderState state;
	private final boolean anonymous;
	private final UUID requesterId;
	private final String requesterName;
	private final String requesterContact;
	private final String attributes;
	private final String idempotencyKey;
	private String responsibleUnit;
	private String coUnits;
	private String routingNote;
	private String acceptedBy;
	private String publicReply;
	private String publicReason;
	private Integer rating;
	private String ratingComment;
	private Boolean solved;
	private int reopenCount;
	private UUID mergedInto;
	private boolean supervised;
	private int escalationLevel;
	private final Instant submittedAt;
	private Instant acceptedAt;
	private Instant repliedAt;
	private Instant closedAt;
	private Instant acceptDueAt;
	private Instant replyDueAt;
	private Instant pausedSince;
	private long pausedSeconds;
	private boolean dueSoon;
	private boolean overdue;
	private boolean overdueEscalated;
	private Instant updatedAt;

	@Transient
	private final List<Step> steps = new ArrayList<>();

	@PersistenceCreator
	WorkOrder(UUID id, Long version, String number, String categoryCode, String description, String territoryCode,
			Double lat, Double lng, String address, Channel channel, Priority priority, WorkOrderState state,
			boolean anonymous, UUID requesterId, String requesterName, String requesterContact, String attributes,
			String idempotencyKey, Instant submittedAt) {
		this.id = id;
		this.version = version;
		this.number = number;
		this.categoryCode = categoryCode;
		this.description = description;
		this.territoryCode = territoryCode;
		this.lat = lat;
		this.lng = lng;
		this.address = address;
		this.channel = channel;
		this.priority = priority;
		this.state = state;
		this.anonymous = anonymous;
		this.requesterId = requesterId;
		this.requesterName = requesterName;
		this.requesterContact = requesterContact;
		this.attributes = attributes;
		this.idempotencyKey = idempotencyKey;
		this.submittedAt = submittedAt;
	}

	/** Details of a new order, already validated by the intake. */
	public record Submission(String number, String categoryCode, String description, String territoryCode, Double lat,
			Double lng, String address, Channel channel, Priority priority, boolean anonymous, UUID requesterId,
			String requesterName, String requesterContact, String attributes, String idempotencyKey) {
	}

	public static WorkOrder submit(Submission in, String responsibleUnit, String routingNote, Instant acceptDue,
			Instant replyDue, String actor, Instant now) {
		WorkOrder o = new WorkOrder(org.civicloop.shared.TimeOrderedIds.next(), null, in.number(), in.categoryCode(), in.description(),
				in.territoryCode(), in.lat(), in.lng(), in.address(), in.channel(), in.priority(), SUBMITTED,
				in.anonymous(), in.requesterId(), in.requesterName(), in.requesterContact(), in.attributes(),
				in.idempotencyKey(), now);
		o.responsibleUnit = responsibleUnit;
		o.routingNote = routingNote;
		o.acceptDueAt = acceptDue;
		o.replyDueAt = replyDue;
		o.updatedAt = now;
		o.steps.add(new Step("submit", null, SUBMITTED, actor, null, "submitted", now));
		return o;
	}

	// ── the state machine ────────────────────────────────────────────────────────────────

	/** 签收: the responsible unit takes the order. */
	public void accept(String actor, Instant now) {
		require("accept", SUBMITTED);
		acceptedBy = actor;
		acceptedAt = now;
		move("accept", ACCEPTED, actor, null, "accepted", now);
	}

	/** Assigns (dispatcher's manual override) or transfers to another unit; the new unit must accept. */
	public void transfer(String unit, String reason, String actor, Instant acceptDue, Instant now) {
		require("transfer", SUBMITTED, ACCEPTED, RETURNED);
		unit = text(unit, "unit", 200);
		reason = text(reason, "reason", 1000);
		routingNote = "manual: " + reason;
		responsibleUnit = unit;
		acceptedBy = null;
		acceptedAt = null;
		acceptDueAt = acceptDue;
		overdue = false;
		dueSoon = false;
		move("transfer", SUBMITTED, actor, reason, "transferred to " + unit, now);
	}

	/** 退单: the unit hands the order back to the dispatcher, with a reason. */
	public void returnToDispatcher(String reason, String actor, Instant now) {
		require("return", SUBMITTED, ACCEPTED, IN_PROGRESS);
		reason = text(reason, "reason", 1000);
		move("return", RETURNED, actor, reason, "returned for re-dispatch", now);
	}

	/** 不予受理: not accepted, with a reason the requester sees. */
	public void reject(String reason, String actor, Instant now) {
		require("reject", SUBMITTED, RETURNED);
		publicReason = text(reason, "reason", 1000);
		closedAt = now;
		move("reject", REJECTED, actor, publicReason, publicReason, now);
	}

	public void start(String actor, Instant now) {
		require("start", ACCEPTED);
		move("start", IN_PROGRESS, actor, null, "in progress", now);
	}

	/** The precise reply to the requester. */
	public void reply(String text, String actor, Instant now) {
		require("reply", ACCEPTED, IN_PROGRESS);
		resumeIfPaused(now, null);
		publicReply = text(text, "reply", 4000);
		repliedAt = now;
		move("reply", REPLIED, actor, null, publicReply, now);
	}

	/** The requester's rating; a satisfied rating (≥ 3 and solved) closes the loop at once. */
	public void rate(int stars, boolean isSolved, String comment, String actor, Instant now) {
		require("rate", REPLIED);
		if (stars < 1 || stars > 5) {
			throw new IllegalArgumentException("rating must be 1–5");
		}
		if (comment != null && comment.length() > 1000) {
			throw new IllegalArgumentException("comment is longer than 1000 characters");
		}
		rating = stars;
		solved = isSolved;
		ratingComment = comment == null || comment.isBlank() ? null : comment.strip();
		move("rate", RATED, actor, null, stars + "/5" + (ratingComment == null ? "" : " " + ratingComment), now);
		if (!mayReopen()) {
			close(actor, now);
		}
	}

	/** A poor rating (≤ 2) or "not solved" lets the requester (or staff) reopen the order. */
	public boolean mayReopen() {
		return state == RATED && (rating != null && rating <= 2 || Boolean.FALSE.equals(solved));
	}

	public void reopen(String reason, String actor, Instant replyDue, Instant now) {
		require("reopen", RATED);
		if (!mayReopen()) {
			throw new IllegalStateException("Only an order rated ≤ 2 or not solved can be reopened");
		}
		reason = text(reason, "reason", 1000);
		reopenCount++;
		publicReply = null;
		repliedAt = null;
		rating = null;
		solved = null;
		ratingComment = null;
		replyDueAt = replyDue;
		overdue = false;
		dueSoon = false;
		overdueEscalated = false;
		move("reopen", IN_PROGRESS, actor, reason, "reopened: " + reason, now);
	}

	public void close(String actor, Instant now) {
		require("close", REPLIED, RATED);
		closedAt = now;
		move("close", CLOSED, actor, null, "closed", now);
	}

	/** Closes this order as a duplicate of {@code other}. */
	public void mergeInto(WorkOrder other, String actor, Instant now) {
		require("merge", SUBMITTED, ACCEPTED, IN_PROGRESS, RETURNED);
		if (other.id.equals(id)) {
			throw new IllegalArgumentException("An order cannot be merged into itself");
		}
		if (!OPEN.contains(other.state)) {
			throw new IllegalStateException("Can only merge into an open order; " + other.number + " is " + other.state);
		}
		mergedInto = other.id;
		closedAt = now;
		move("merge", MERGED, actor, other.number, "merged into " + other.number, now);
	}

	/** 联合办理: a lead unit with co-units. */
	public void handleJointly(String leadUnit, List<String> coUnitList, String actor, Instant now) {
		requireOpen("joint");
		leadUnit = text(leadUnit, "lead unit", 200);
		List<String> cleaned = coUnitList == null ? List.of()
				: coUnitList.stream().map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
		if (cleaned.isEmpty()) {
			throw new IllegalArgumentException("joint handling needs at least one co-unit");
		}
		if (cleaned.stream().anyMatch(s -> s.length() > 200 || s.contains(";"))) {
			throw new IllegalArgumentException("co-unit names: up to 200 characters, no ';'");
		}
		responsibleUnit = leadUnit;
		coUnits = String.join(";", cleaned);
		record("joint", actor, null, "joint handling: " + leadUnit + " + " + String.join(", ", cleaned), now);
	}

	/** 督办: supervised from now on, one level up. */
	public void escalate(String reason, String actor, Instant now) {
		requireOpen("escalate");
		reason = text(reason, "reason", 1000);
		supervised = true;
		escalationLevel++;
		record("escalate", actor, reason, "supervised (level " + escalationLevel + ")", now);
	}

	/** Waiting for the requester (more information, access to the home): the reply clock stops. */
	public void pause(String reason, String actor, Instant now) {
		require("pause", ACCEPTED, IN_PROGRESS);
		if (pausedSince != null) {
			throw new IllegalStateException("The clock is already paused");
		}
		reason = text(reason, "reason", 1000);
		pausedSince = now;
		record("pause", actor, reason, "waiting for the requester: " + reason, now);
	}

	/** Restarts the clock; the reply due time moves by the working time spent waiting. */
	public void resume(String actor, Instant now, Duration pausedWorkingTime) {
		require("resume", ACCEPTED, IN_PROGRESS);
		if (pausedSince == null) {
			throw new IllegalStateException("The clock is not paused");
		}
		resumeIfPaused(now, pausedWorkingTime);
		record("resume", actor, null, "clock resumed", now);
	}

	private void resumeIfPaused(Instant now, Duration pausedWorkingTime) {
		if (pausedSince == null) {
			return;
		}
		long seconds = pausedWorkingTime != null ? pausedWorkingTime.toSeconds()
				: Duration.between(pausedSince, now).toSeconds();
		pausedSeconds += seconds;
		pausedSince = null;
		pendingShift = Duration.ofSeconds(seconds);
	}

	@Transient
	private Duration pendingShift;

	/** The working time the last resume added; the service moves the due time by it on the calendar. */
	Duration takePendingShift() {
		Duration d = pendingShift;
		pendingShift = null;
		return d;
	}

	void shiftReplyDue(Instant newDue) {
		replyDueAt = newDue;
	}

	/** Set by the SLA scanner. Returns true when the order became overdue just now. */
	public boolean markOverdue(Instant now) {
		if (overdue || !OPEN.contains(state) || pausedSince != null) {
			return false;
		}
		overdue = true;
		updatedAt = now;
		return true;
	}

	/** Overdue orders escalate once, automatically. */
	public boolean escalateBecauseOverdue(Instant now) {
		if (!overdue || overdueEscalated || !OPEN.contains(state)) {
			return false;
		}
		overdueEscalated = true;
		supervised = true;
		escalationLevel++;
		record("escalate", "system", "overdue", "supervised (level " + escalationLevel + "): overdue", now);
		return true;
	}

	public boolean markDueSoon(Instant now) {
		if (dueSoon || overdue || !OPEN.contains(state)) {
			return false;
		}
		dueSoon = true;
		updatedAt = now;
		return true;
	}

	/** The deadline that currently runs: accept while not accepted, reply afterwards. */
	public Instant currentDue() {
		if (state == SUBMITTED || state == RETURNED) {
			return acceptDueAt;
		}
		return OPEN.contains(state) ? replyDueAt : null;
	}

	// ── helpers ──────────────────────────────────────────────────────────────────────────

	private void require(String action, WorkOrderState... allowed) {
		if (!Arrays.asList(allowed).contains(state)) {
			throw new IllegalStateException("Cannot " + action + " work order " + number + " in state " + state);
		}
	}

	private void requireOpen(String action) {
		require(action, OPEN.toArray(WorkOrderState[]::new));
	}

	private void move(String action, WorkOrderState to, String actor, String reason, String publicText, Instant now) {
		WorkOrderState from = state;
		state = to;
		updatedAt = now;
		if (!OPEN.contains(to)) {
			dueSoon = false;
		}
		steps.add(new Step(action, from, to, actor, reason, publicText, now));
	}

	private void record(String action, String actor, String reason, String publicText, Instant now) {
		updatedAt = now;
		steps.add(new Step(action, state, state, actor, reason, publicText, now));
	}

	private static String text(String value, String what, int max) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException(what + " is required");
		}
		String s = value.strip();
		if (s.length() > max) {
			throw new IllegalArgumentException(what + " is longer than " + max + " characters");
		}
		return s;
	}

	/**
	 * Marks a new order as stored by the intake's own INSERT (version 0, what Spring Data JDBC gives
	 * a new aggregate with a {@code Long} version), so that later saves are updates with the lock check.
	 */
	void inserted() {
		if (version != null) {
			throw new IllegalStateException("already stored");
		}
		version = 0L;
	}

	/** Steps taken since the last call, for the timeline, the audit log and events. */
	public List<Step> drainSteps() {
		List<Step> out = List.copyOf(steps);
		steps.clear();
		return out;
	}

	// ── reads ────────────────────────────────────────────────────────────────────────────

	public UUID id() { return id; }
	public Long version() { return version; }
	public String number() { return number; }
	public String categoryCode() { return categoryCode; }
	public String description() { return description; }
	public String territoryCode() { return territoryCode; }
	public Double lat() { return lat; }
	public Double lng() { return lng; }
	public String address() { return address; }
	public Channel channel() { return channel; }
	public Priority priority() { return priority; }
	public WorkOrderState state() { return state; }
	public boolean anonymous() { return anonymous; }
	public UUID requesterId() { return requesterId; }
	public String requesterName() { return requesterName; }
	public String requesterContact() { return requesterContact; }
	public String attributes() { return attributes; }
	public String idempotencyKey() { return idempotencyKey; }
	public String responsibleUnit() { return responsibleUnit; }
	public List<String> coUnits() { return coUnits == null || coUnits.isEmpty() ? List.of() : List.of(coUnits.split(";")); }
	public String routingNote() { return routingNote; }
	public String acceptedBy() { return acceptedBy; }
	public String publicReply() { return publicReply; }
	public String publicReason() { return publicReason; }
	public Integer rating() { return rating; }
	public String ratingComment() { return ratingComment; }
	public Boolean solved() { return solved; }
	public int reopenCount() { return reopenCount; }
	public UUID mergedInto() { return mergedInto; }
	public boolean supervised() { return supervised; }
	public int escalationLevel() { return escalationLevel; }
	public Instant submittedAt() { return submittedAt; }
	public Instant acceptedAt() { return acceptedAt; }
	public Instant repliedAt() { return repliedAt; }
	public Instant closedAt() { return closedAt; }
	public Instant acceptDueAt() { return acceptDueAt; }
	public Instant replyDueAt() { return replyDueAt; }
	public Instant pausedSince() { return pausedSince; }
	public long pausedSeconds() { return pausedSeconds; }
	public boolean dueSoon() { return dueSoon; }
	public boolean overdue() { return overdue; }
	public boolean overdueEscalated() { return overdueEscalated; }
	public Instant updatedAt() { return updatedAt; }
}
