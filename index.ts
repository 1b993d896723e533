/**
 * The package's programmatic entry (`main`: dist/index.js). n8n loads the node and credential
 * through the `n8n` key of package.json; this file serves people who call the extraction library
 * directly.
 */
export {
	parseSchedulingNotification,
	RedoxNotificationError,
	isRedoxNotificationError,
} from './nodes/RedoxSchedulingTrigger/extraction';
export type {
	RedoxNotificationErrorCode,
	DetailLevel,
	ParseOptions,
	SchedulingEvent,
	SchedulingNotification,
	LightweightNotification,
	DetailedNotification,
} from './nodes/RedoxSchedulingTrigger/extraction';
