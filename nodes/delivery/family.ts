/**
 * What a notification family (Redox scheduling, and later other event families or the Redox Data
 * Model) supplies to the delivery core. The core authenticates, answers handshakes, reads the
 * body, decides, deduplicates and acknowledges; the family parses and shapes the workflow's data.
 */
import type { IExecuteFunctions, INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import type { HttpAnswer } from './answers';

/** What the core needs of every notification it hands on: its event and its identity. */
export interface DeliveredNotification {
	event: string;
	/** `MessageHeader.id`: identifies a notification across Redox's redeliveries. */
	messageId: string | null;
	/** `Bundle.id`, used when there is no message id. */
	bundleId: string | null;
}

/** A body the family cannot use, in the family's own safe words (never quoting the body). */
export interface Rejection {
	code: string;
	message: string;
	/** Another kind of Redox notification sent to this destination: answered 200 "ignored". */
	ignore: boolean;
}

/** How one request is to be read: the family's parser bound to the node's settings. */
export interface FamilySettings<N extends DeliveredNotification> {
	/** The events the node is set to start the workflow for. */
	events: readonly string[];
	/**
	 * Reads the decoded JSON body. Throws what `rejectionOf` recognises for a body it cannot use,
	 * and a RangeError for the node's own unusable settings (a time zone, say).
	 */
	parse(body: unknown): N;
}

export type WorkflowData = NonNullable<IWebhookResponseData['workflowData']>;

/** What a family makes of an accepted notification: the workflow's data, or an answer that starts nothing. */
export type Delivered = { workflowData: WorkflowData } | { answer: HttpAnswer };

export interface NotificationFamily<N extends DeliveredNotification> {
	/** The parser and events for this request, read from the node's parameters. */
	settings(context: IWebhookFunctions): FamilySettings<N>;
	/** The answer-worthy form of what `parse` threw; undefined for anything else (a bug, rethrown). */
	rejectionOf(error: unknown): Rejection | undefined;
	/**
	 * The workflow's data for an accepted notification, or an answer that starts nothing (for
	 * example when details it must fetch cannot be had: a non-2xx answer makes Redox retry).
	 */
	deliver(context: IWebhookFunctions, notification: N, bundle: unknown): Promise<Delivered>;
	/**
	 * The node's outputs for the items of an execution, in the trigger's first step (its
	 * `execute()`, see execution-tracking.ts). `deliver` puts every item on the first output,
	 * because n8n 2.41.1 skips that step when the first input is empty; this puts each where the
	 * node's settings say.
	 */
	outputsOf(context: IExecuteFunctions, items: INodeExecutionData[]): INodeExecutionData[][];
}
