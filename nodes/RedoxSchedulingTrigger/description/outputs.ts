import type { SchedulingEvent } from '../extraction/types';

/** Output order when "Separate Output per Event" is on. */
export const EVENT_OUTPUTS: readonly SchedulingEvent[] = ['booked', 'cancelled', 'updated'];

/**
 * n8n evaluates this expression to draw the node's outputs: one `main` output, or one per event
 * with the event's name on it.
 */
export const outputsExpression = `={{ $parameter.splitByEvent ? [{ type: "main", displayName: "Booked" }, { type: "main", displayName: "Cancelled" }, { type: "main", displayName: "Updated" }] : [{ type: "main" }] }}`;

/** Subtitle under the node on the canvas: the selected events and the detail level. */
export const subtitleExpression =
	'={{ ($parameter.events || []).join(", ") + " · " + ($parameter.detail === "lightweight" ? "lightweight" : "detailed") + ($parameter.splitByEvent ? " · output per event" : "") }}';
