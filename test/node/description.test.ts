import { NodeHelpers, type INodeParameters } from 'n8n-workflow';

import { RedoxWebhookApi } from '../../credentials/RedoxWebhookApi.credentials';
import { RedoxSchedulingTrigger } from '../../nodes/RedoxSchedulingTrigger/RedoxSchedulingTrigger.node';
import { checkVerificationTokenCredential } from '../../nodes/delivery/credential-test';

const { description } = new RedoxSchedulingTrigger();
const property = (name: string) => description.properties.find((p) => p.name === name);

describe('node description (names fixed by the contract)', () => {
	it('has the contract names and version', () => {
		expect(description.name).toBe('redoxSchedulingTrigger');
		expect(description.displayName).toBe('Redox Scheduling Trigger');
		expect({ version: description.version, defaultVersion: description.defaultVersion }).toEqual({ version: [1, 2], defaultVersion: 2 });
		expect(description.group).toEqual(['trigger']);
		expect(description.credentials).toEqual([
			expect.objectContaining({ name: 'redoxWebhookApi', required: true }),
			expect.objectContaining({ name: 'redoxApi', displayOptions: { show: { detail: ['detailed'], fetchDetails: [true] } } }),
			// The shared duplicate memory's Redis: asked for only when "Duplicate Memory" is Redis.
			expect.objectContaining({
				name: 'redoxDuplicateStoreRedisApi',
				required: true,
				displayOptions: { show: { 'options.duplicateMemory': ['redis'] } },
			}),
		]);
	});

	it('serves POST and GET on the same relative path "webhook"', () => {
		expect(description.webhooks?.map(({ name, httpMethod, path, isFullPath }) => ({ name, httpMethod, path, isFullPath }))).toEqual([
			{ name: 'default', httpMethod: 'POST', path: 'webhook', isFullPath: undefined },
			{ name: 'setup', httpMethod: 'GET', path: 'webhook', isFullPath: undefined },
		]);
	});

	it('has the contract parameters with their defaults', () => {
		expect(property('events')).toMatchObject({ type: 'multiOptions', default: ['booked', 'cancelled', 'updated'] });
		expect(property('events')?.options?.map((o) => ('value' in o ? o.value : undefined))).toEqual(['booked', 'cancelled', 'updated']);
		expect(property('detail')).toMatchObject({ type: 'options', default: 'detailed' });
		expect(property('simplify')).toMatchObject({ type: 'boolean', default: true });
		const options = property('options')?.options?.map((o) => ('name' in o ? o.name : undefined));
		expect(options).toEqual(expect.arrayContaining(['timezone', 'includeRawBundle', 'acknowledge', 'deduplicate', 'locale']));
	});

	it('offers Answer Timeout only beside Duplicate Memory: Redis (n8n keeps it only there)', () => {
		const kept = (options: INodeParameters) =>
			NodeHelpers.getNodeParameters(description.properties, { options }, false, false, { typeVersion: 2 }, description)?.options;
		expect(kept({ answerTimeout: 30 })).toEqual({});
		expect(kept({ answerTimeout: 30, duplicateMemory: 'process' })).toEqual({ duplicateMemory: 'process' });
		expect(kept({ answerTimeout: 30, duplicateMemory: 'redis' })).toEqual({ answerTimeout: 30, duplicateMemory: 'redis' });
	});

	it('describes every field for a non-developer', () => {
		for (const p of description.properties) {
			if (p.type === 'notice') continue;
			expect(p.description).toEqual(expect.any(String));
		}
	});

	it('shows the events and detail level in the subtitle', () => {
		expect(description.subtitle).toContain('$parameter.events');
		expect(description.subtitle).toContain('$parameter.detail');
	});
});

describe('credential', () => {
	const credential = new RedoxWebhookApi();

	it('is "Redox Webhook API" with a password field verificationToken', () => {
		expect(credential.name).toBe('redoxWebhookApi');
		expect(credential.displayName).toBe('Redox Webhook API');
		const token = credential.properties.find((p) => p.name === 'verificationToken');
		expect(token?.typeOptions?.password).toBe(true);
	});

	it.each([
		[undefined, 'Error'],
		['', 'Error'],
		[' padded-token ', 'Error'],
		['x7Qz', 'Error'],
		['a-long-enough-token', 'OK'],
	])('tests the token %p locally: %s, without echoing it', (token, status) => {
		const result = checkVerificationTokenCredential({ id: '1', name: 'c', type: 'redoxWebhookApi', data: token === undefined ? {} : { verificationToken: token } });
		expect(result.status).toBe(status);
		if (token) expect(result.message).not.toContain(token.trim());
	});
});

describe('webhook lifecycle', () => {
	const { webhookMethods } = new RedoxSchedulingTrigger();

	it.each(['default', 'setup'] as const)('says the %s webhook exists and can be created or deleted (nothing to register in Redox)', async (name) => {
		const methods = webhookMethods[name];
		const context = {} as never;
		expect(await methods.checkExists.call(context)).toBe(true);
		expect(await methods.create.call(context)).toBe(true);
		expect(await methods.delete.call(context)).toBe(true);
	});
});
