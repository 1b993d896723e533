import type { INodeProperties } from 'n8n-workflow';

/**
 * The node's panel, top to bottom, as a clinic's operations person sees it. Parameter names are
 * part of the contract (workflows and the acceptance suite depend on them).
 */

export const setupNotice: INodeProperties = {
	displayName:
		'In the Redox dashboard, open your destination and paste the <b>Production URL</b> above as its URL, with the same verification token as this node\'s credential. Then publish this workflow and click "Verify" in Redox. The <b>Test URL</b> only listens while you click "Listen for test event" here.',
	name: 'setupNotice',
	type: 'notice',
	default: '',
};

export const eventsProperty: INodeProperties = {
	displayName: 'Events',
	name: 'events',
	type: 'multiOptions',
	required: true,
	default: ['booked', 'cancelled', 'updated'],
	description:
		'Which appointment changes start this workflow. Notifications of other events are acknowledged to Redox and ignored.',
	options: [
		{ name: 'Booked', value: 'booked', description: 'A new appointment was made' },
		{ name: 'Cancelled', value: 'cancelled', description: 'An appointment was cancelled' },
		{
			name: 'Updated',
			value: 'updated',
			description: 'An appointment changed, for example it was rescheduled',
		},
	],
};

export const detailProperty: INodeProperties = {
	displayName: 'Detail',
	name: 'detail',
	type: 'options',
	default: 'detailed',
	description:
		'How much of each notification reaches the workflow. Lightweight keeps the minimum necessary (no patient name, birth date, contact details or address), even when Redox sends more.',
	options: [
		{
			name: 'Detailed',
			value: 'detailed',
			description:
				'Appointment time, type, reason, location, provider, procedures and patient details, ready to use in an email or a message',
		},
		{
			name: 'Lightweight',
			value: 'lightweight',
			description:
				'Only the appointment reference, the patient identifier and the timestamp, for example to look the rest up in the Redox FHIR API',
		},
	],
};

export const detailHintNotice: INodeProperties = {
	displayName:
		'Lightweight mode passes no patient name, birth date, contact details or address to the workflow, even when Redox sends them.',
	name: 'lightweightNotice',
	type: 'notice',
	default: '',
	displayOptions: { show: { detail: ['lightweight'] } },
};

export const splitByEventProperty: INodeProperties = {
	displayName: 'Separate Output per Event',
	name: 'splitByEvent',
	type: 'boolean',
	default: false,
	description:
		'Whether to give booked, cancelled and updated appointments their own output, so each can lead to its own email or message without an IF or Switch node',
};

export const simplifyProperty: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description:
		'Whether to return a flat list of ready-to-use fields (appointment time as text, patient name, location ...) instead of the FHIR resources as received',
};

export const optionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	description: 'Time zone, language, acknowledgement and other settings',
	options: [
		{
			displayName: 'Acknowledge Redox',
			name: 'acknowledge',
			type: 'options',
			default: 'immediately',
			description:
				'When to tell Redox the notification arrived. Redox holds later notifications and retries until it gets a success answer.',
			options: [
				{
					name: 'Immediately',
					value: 'immediately',
					description:
						'Answer as soon as the notification is accepted. Fast, and Redox never waits on this workflow, but a notification whose workflow fails is not sent again.',
				},
				{
					name: 'After the Workflow Succeeds',
					value: 'afterWorkflow',
					description:
						'Answer once the workflow has finished. If it fails (for example the email server is down) Redox gets an error and sends the notification again, so nothing is lost; meanwhile Redox holds the notifications that follow.',
				},
			],
		},
		{
			displayName: 'Ignore Repeated Deliveries',
			name: 'deduplicate',
			type: 'boolean',
			default: true,
			description:
				'Whether to start the workflow only once when Redox delivers the same notification again within 24 hours (recognised by its message ID). Repeats are acknowledged to Redox.',
		},
		{
			displayName: 'Include Raw Bundle',
			name: 'includeRawBundle',
			type: 'boolean',
			default: false,
			description: 'Whether to add the FHIR Bundle exactly as received, in a field named rawBundle',
		},
		{
			displayName: 'Locale',
			name: 'locale',
			type: 'string',
			default: 'en-US',
			placeholder: 'en-US',
			description:
				'Language and country for the appointment time written as text, for example en-US, en-GB or es-US',
		},
		{
			displayName: 'Time Zone',
			name: 'timezone',
			type: 'string',
			default: '',
			placeholder: 'America/New_York',
			description:
				"Time zone (IANA name) in which to show appointment times. Leave empty to use the workflow's time zone.",
		},
	],
};

export const triggerProperties: INodeProperties[] = [
	setupNotice,
	eventsProperty,
	detailProperty,
	detailHintNotice,
	splitByEventProperty,
	simplifyProperty,
	optionsProperty,
];
