import { SCHEDULING_EVENTS } from '../extraction/event';

const perEventOutputs = JSON.stringify(SCHEDULING_EVENTS.map(({ label }) => ({ type: 'main', displayName: label })));

/**
 * n8n evaluates this expression to draw the node's outputs: one `main` output, or one per event
 * with the event's name on it (in the order of the event list).
 */
export const outputsExpression: `={{${string}}}` = `={{ $parameter.splitByEvent ? ${perEventOutputs} : [{ type: "main" }] }}`;

/** Subtitle under the node on the canvas: the selected events and the detail level. */
export const subtitleExpression =
	'={{ ($parameter.events || []).join(", ") + " · " + ($parameter.detail === "lightweight" ? "lightweight" : "detailed") + ($parameter.splitByEvent ? " · output per event" : "") }}';
