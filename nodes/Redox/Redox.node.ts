import {
	NodeApiError,
	NodeConnectionTypes,
	NodeOperationError,
	sleep,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { redoxApiTokenTest } from '../redox-api/credential-test';
import { readRedoxApiCredential, type RedoxApiCredential } from '../redox-api/credential';
import { isRedoxApiError } from '../redox-api/errors';
import { FhirClient } from '../redox-api/fhir-client';
import { httpRequestTransport } from '../redox-api/n8n-transport';
import { redoxNodeProperties } from './description';
import { runOperation } from './operations';

/** Time allowed per input item, token request and retries included. */
const ITEM_DEADLINE_MS = 60_000;

export class Redox implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Redox',
		name: 'redox',
		icon: { light: 'file:redox.svg', dark: 'file:redox.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Read appointments and patients from an EHR connected through the Redox FHIR API',
		defaults: { name: 'Redox' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'redoxApi', required: true, testedBy: 'redoxApiTokenTest' }],
		properties: redoxNodeProperties,
	};

	methods = { credentialTest: { redoxApiTokenTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const transport = httpRequestTransport(async (options) => await this.helpers.httpRequest(options));
		let credential: RedoxApiCredential;
		try {
			credential = readRedoxApiCredential(await this.getCredentials('redoxApi'));
		} catch (error) {
			throw new NodeOperationError(this.getNode(), isRedoxApiError(error) ? error.message : 'The Redox API credential cannot be read.');
		}

		const output: INodeExecutionData[] = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				const client = new FhirClient({ credential, transport, deadline: Date.now() + ITEM_DEADLINE_MS, pause: sleep });
				const results = await runOperation(
					String(this.getNodeParameter('resource', itemIndex)),
					String(this.getNodeParameter('operation', itemIndex)),
					{
						client,
						parameter: (name, fallback) => this.getNodeParameter(name, itemIndex, fallback),
						workflowTimezone: this.getTimezone(),
					},
				);
				for (const json of results) output.push({ json, pairedItem: { item: itemIndex } });
			} catch (caught) {
				const error = nodeError(this.getNode(), caught, itemIndex);
				if (!this.continueOnFail()) throw error;
				output.push({ json: { error: error.message }, pairedItem: { item: itemIndex } });
			}
		}
		return [output];
	}
}

/**
 * n8n's error for a failed item: Redox's answer (its OperationOutcome text, in the client's
 * words) as a NodeApiError, anything else as a NodeOperationError. Messages of other errors are
 * not passed on: they are not written for users and could quote a request.
 */
function nodeError(node: INode, caught: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (isRedoxApiError(caught)) {
		if (caught.httpStatus === null) return new NodeOperationError(node, caught.message, { itemIndex });
		return new NodeApiError(
			node,
			{ message: caught.message, httpCode: String(caught.httpStatus) },
			{ message: caught.message, httpCode: String(caught.httpStatus), itemIndex },
		);
	}
	if (caught instanceof RangeError) return new NodeOperationError(node, caught.message, { itemIndex });
	return new NodeOperationError(node, 'The Redox request failed for an unexpected reason.', { itemIndex });
}
