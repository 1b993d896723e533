/** What the Redox node shows: resources, operations and their parameters, as the panel groups them. */
import type { INodeProperties } from 'n8n-workflow';

const resourceProperty: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'Appointment', value: 'appointment' },
		{ name: 'FHIR Request', value: 'fhirRequest' },
		{ name: 'Patient', value: 'patient' },
	],
	default: 'appointment',
};

const operationProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['appointment'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get an appointment',
				description: 'Read an appointment with its patient, location and provider, as the trigger\'s detailed item',
			},
		],
		default: 'get',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['patient'] } },
		options: [
			{ name: 'Get', value: 'get', action: 'Get a patient', description: 'Read a patient by ID or reference' },
			{ name: 'Search', value: 'search', action: 'Search patients', description: 'Find patients by identifier' },
		],
		default: 'get',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['fhirRequest'] } },
		options: [
			{ name: 'Send', value: 'send', action: 'Send a FHIR request', description: 'Call any endpoint of the Redox FHIR API' },
		],
		default: 'send',
	},
];

const appointmentProperties: INodeProperties[] = [
	{
		displayName: 'Appointment',
		name: 'appointment',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Appointment/12345',
		displayOptions: { show: { resource: ['appointment'], operation: ['get'] } },
		description:
			'The appointment\'s ID, "Appointment/&lt;ID&gt;", or its URL (for example the trigger\'s Appointment Reference). It is always read from the credential\'s Redox API host.',
	},
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		displayOptions: { show: { resource: ['appointment'], operation: ['get'] } },
		description: 'Whether to return the same flat fields as the trigger\'s detailed item instead of the FHIR resources read',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { resource: ['appointment'], operation: ['get'] } },
		options: [
			{
				displayName: 'Locale',
				name: 'locale',
				type: 'string',
				default: 'en-US',
				placeholder: 'en-US',
				description: 'Language and country for the appointment time written as text, for example en-US, en-GB or es-US',
			},
			{
				displayName: 'Time Zone',
				name: 'timezone',
				type: 'string',
				default: '',
				placeholder: 'America/New_York',
				description: "Time zone (IANA name) in which to show appointment times. Leave empty to use the workflow's time zone.",
			},
		],
	},
];

const patientProperties: INodeProperties[] = [
	{
		displayName: 'Patient',
		name: 'patient',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Patient/12345',
		displayOptions: { show: { resource: ['patient'], operation: ['get'] } },
		description:
			'The patient\'s ID, "Patient/&lt;ID&gt;", its URL, or a conditional reference "Patient?identifier=&lt;system&gt;|&lt;value&gt;" (for example the trigger\'s Patient Reference). It is always read from the credential\'s Redox API host.',
	},
	{
		displayName: 'Identifier',
		name: 'identifier',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'urn:redox:my-org:MR|0000555123',
		displayOptions: { show: { resource: ['patient'], operation: ['search'] } },
		description: 'The identifier to search for, as "system|value" (or a value alone). Sent in the request body, never in the URL.',
	},
];

const fhirRequestProperties: INodeProperties[] = [
	{
		displayName: 'Method',
		name: 'method',
		type: 'options',
		options: [
			{ name: 'DELETE', value: 'DELETE' },
			{ name: 'GET', value: 'GET' },
			{ name: 'PATCH', value: 'PATCH' },
			{ name: 'POST', value: 'POST' },
			{ name: 'PUT', value: 'PUT' },
		],
		default: 'GET',
		displayOptions: { show: { resource: ['fhirRequest'] } },
	},
	{
		displayName: 'Path',
		name: 'path',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Observation/_search',
		displayOptions: { show: { resource: ['fhirRequest'] } },
		description: 'The path after the FHIR base (https://api.redoxengine.com/fhir/R4/&lt;organization&gt;/&lt;environment&gt;/)',
	},
	{
		displayName: 'Query Parameters',
		name: 'query',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Parameter',
		default: {},
		displayOptions: { show: { resource: ['fhirRequest'] } },
		options: [
			{
				displayName: 'Parameter',
				name: 'parameter',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	},
	{
		displayName: 'Body Type',
		name: 'bodyType',
		type: 'options',
		options: [
			{ name: 'None', value: 'none' },
			{ name: 'FHIR JSON', value: 'json' },
			{ name: 'Form (Search Parameters)', value: 'form' },
		],
		default: 'none',
		displayOptions: { show: { resource: ['fhirRequest'], method: ['POST', 'PUT', 'PATCH'] } },
	},
	{
		displayName: 'Body',
		name: 'body',
		type: 'json',
		default: '{}',
		displayOptions: { show: { resource: ['fhirRequest'], method: ['POST', 'PUT', 'PATCH'], bodyType: ['json'] } },
		description: 'The FHIR resource (JSON) to send',
	},
	{
		displayName: 'Form Fields',
		name: 'form',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: { resource: ['fhirRequest'], method: ['POST', 'PUT', 'PATCH'], bodyType: ['form'] } },
		options: [
			{
				displayName: 'Field',
				name: 'field',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	},
];

export const redoxNodeProperties: INodeProperties[] = [
	resourceProperty,
	...operationProperties,
	...appointmentProperties,
	...patientProperties,
	...fhirRequestProperties,
];
