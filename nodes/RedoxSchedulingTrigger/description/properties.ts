import type { INodeProperties } from 'n8n-workflow';

import { acknowledgeOption, answerTimeoutOption, deduplicateOption, duplicateMemoryOption } from '../../delivery/options';
import { SCHEDULING_EVENT_NAMES, SCHEDULING_EVENTS } from '../extraction/event';
import { DEFAULT_LOCALE } from '../extraction/options';

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
	default: [...SCHEDULING_EVENT_NAMES],
	description:
		'Which appointment changes start this workflow. Notifications of other events are acknowledged to Redox and ignored.',
	options: SCHEDULING_EVENTS.map(({ event, label, description }) => ({ name: label, value: event, description })),
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

export const fetchDetailsProperty: INodeProperties = {
	displayName: 'Fetch Missing Details',
	name: 'fetchDetails',
	type: 'boolean',
	default: false,
	displayOptions: { show: { detail: ['detailed'] } },
	description:
		'Whether to read the appointment, patient, location and provider from the Redox FHIR API when Redox sends a lightweight notification, so that the workflow gets the same fields as from a detailed one',
};

export const fetchDetailsNotice: INodeProperties = {
	displayName:
		'Needs a <b>Redox API</b> credential (an API key with a signed JWT, set up in the Redox dashboard). The access token is only ever sent to the credential\'s Redox host: a reference in a notification that points anywhere else is read from that host instead.',
	name: 'fetchDetailsNotice',
	type: 'notice',
	default: '',
	displayOptions: { show: { detail: ['detailed'], fetchDetails: [true] } },
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
		acknowledgeOption,
		answerTimeoutOption,
		{
			displayName: 'If Details Cannot Be Fetched',
			name: 'onDetailsUnavailable',
			type: 'options',
			default: 'retry',
			displayOptions: { show: { '/detail': ['detailed'], '/fetchDetails': [true] } },
			description: 'What to do when the Redox FHIR API cannot be reached or does not answer in time',
			options: [
				{
					name: 'Answer Redox With an Error',
					value: 'retry',
					description:
						'Start nothing and answer 503, so that Redox delivers the notification again later. Nothing is lost; Redox holds the notifications that follow until then.',
				},
				{
					name: 'Continue With the Lightweight Item',
					value: 'continue',
					description:
						'Start the workflow with the identifiers only, and the reason in a field named detailsError',
				},
			],
		},
		deduplicateOption,
		duplicateMemoryOption,
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
			default: DEFAULT_LOCALE,
			placeholder: DEFAULT_LOCALE,
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
	fetchDetailsProperty,
	fetchDetailsNotice,
	splitByEventProperty,
	simplifyProperty,
	optionsProperty,
];
