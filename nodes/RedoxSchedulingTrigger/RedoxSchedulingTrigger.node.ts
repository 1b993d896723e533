import type {
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	IExecuteFunctions,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { checkVerificationTokenCredential } from '../delivery/credential-test';
import { testDuplicateStoreCredential } from '../delivery/dedup/redis-credential-test';
import { runTriggerStep } from '../delivery/execution-tracking';
import { handleRedoxWebhook } from '../delivery/webhook';
import { redoxApiTokenTest } from '../redox-api/credential-test';
import { redoxWebhookMethods, redoxWebhooks } from '../delivery/webhooks';
import { outputsExpression, subtitleExpression } from './description/outputs';
import { triggerProperties } from './description/properties';
import { schedulingFamily } from './scheduling-family';

export class RedoxSchedulingTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Redox Scheduling Trigger',
		name: 'redoxSchedulingTrigger',
		icon: { light: 'file:redox.svg', dark: 'file:redox.dark.svg' },
		group: ['trigger'],
		// Version 2 changes nothing in the node itself, only how n8n treats its requests: for a
		// version 1 webhook node, n8n 2.x evaluates a `binaryData` option expression on every
		// request, which needs an expression isolate; from version 2 it does not, and it leaves
		// the bodies it does not parse (application/fhir+json) for the node to read. Workflows
		// saved with version 1 keep working.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: subtitleExpression,
		description:
			'Starts the workflow when an appointment is booked, cancelled or updated in an EHR connected through Redox',
		eventTriggerDescription: 'Waiting for a Redox scheduling notification',
		activationMessage:
			'Redox notifications sent to the production URL now start this workflow. Check that the URL and the verification token are saved in your Redox destination.',
		defaults: { name: 'Redox Scheduling Trigger' },
		inputs: [],
		outputs: outputsExpression,
		credentials: [
			{ name: 'redoxWebhookApi', required: true, testedBy: 'redoxWebhookTokenTest' },
			{
				// Only for "Fetch Missing Details": reads the details of lightweight notifications.
				name: 'redoxApi',
				required: true,
				testedBy: 'redoxApiTokenTest',
				displayOptions: { show: { detail: ['detailed'], fetchDetails: [true] } },
			},
			{
				name: 'redoxDuplicateStoreRedisApi',
				required: true,
				testedBy: 'redoxDuplicateStoreRedisTest',
				displayOptions: { show: { 'options.duplicateMemory': ['redis'] } },
			},
		],
		webhooks: redoxWebhooks,
		triggerPanel: {
			header: 'Send a test notification from Redox',
			executionsHelp: {
				inactive:
					'Paste the <b>Test URL</b> into your Redox destination (or use Redox\'s "Send test" tool), click "Listen for test event", then send a notification. When the workflow is ready, paste the <b>Production URL</b> instead and publish the workflow.',
				active:
					'This workflow is published: notifications sent by Redox to the <b>Production URL</b> start it. Find them in the Executions tab.',
			},
			activationHint:
				'Once the workflow is published, notifications sent by Redox to the production URL start it automatically.',
		},
		properties: triggerProperties,
	};

	methods = {
		credentialTest: {
			async redoxWebhookTokenTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				return checkVerificationTokenCredential(credential);
			},
			async redoxDuplicateStoreRedisTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				return await testDuplicateStoreCredential(credential);
			},
			redoxApiTokenTest,
		},
	};

	webhookMethods = redoxWebhookMethods;

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleRedoxWebhook(this, schedulingFamily);
	}

	/** The first step of each execution the webhook started: its items on the node's outputs (see execution-tracking.ts). */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runTriggerStep(this, schedulingFamily);
	}
}
