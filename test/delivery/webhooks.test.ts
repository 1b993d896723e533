/**
 * The webhook descriptions every Redox trigger shares. Their acknowledgement fields exist twice:
 * as a plain function n8n 2.x calls on the request path, and as the expression the editor (and
 * older n8n versions) evaluate. These must agree; n8n asks for this parity check for every node
 * that declares `fromFunction` fields.
 */
import { resolveWebhookDescriptionField, webhookDescriptionIsNativelyResolvable } from 'n8n-workflow';

import { answerPointOf, readDeliveryOptions } from '../../nodes/delivery/options';
import { redoxWebhooks } from '../../nodes/delivery/webhooks';

const postWebhook = redoxWebhooks.find((webhook) => webhook.name === 'default');

/** Evaluates a `={{ ... }}` template with `$parameter` bound, as the expression engine would. */
function evaluateTemplate(template: unknown, parameters: Record<string, unknown>): unknown {
	if (typeof template !== 'string' || !template.startsWith('={{') || !template.endsWith('}}')) {
		throw new Error(`not an expression: ${String(template)}`);
	}
	return new Function('$parameter', `return (${template.slice(3, -2)});`)(parameters);
}

describe.each([
	['no options', {}, 'onReceived', ''],
	['acknowledge immediately', { options: { acknowledge: 'immediately' } }, 'onReceived', ''],
	['acknowledge after the workflow', { options: { acknowledge: 'afterWorkflow' } }, 'lastNode', 'noData'],
	['the Redis memory (answered from the execution\'s first step)', { options: { duplicateMemory: 'redis' } }, 'responseNode', ''],
	['the Redis memory, repeats not ignored', { options: { duplicateMemory: 'redis', deduplicate: false } }, 'onReceived', ''],
	['the Redis memory, after the workflow', { options: { duplicateMemory: 'redis', acknowledge: 'afterWorkflow' } }, 'lastNode', 'noData'],
])('with %s', (_name, parameters, responseMode, responseData) => {
	it.each([
		['responseMode', responseMode],
		['responseData', responseData],
	])('%s is %p natively and in the expression', (field, expected) => {
		if (postWebhook === undefined) throw new Error('no default webhook');
		const native = resolveWebhookDescriptionField({ parameters }, postWebhook, field);
		expect(native).toEqual({ resolved: true, value: expected });
		expect(evaluateTemplate(postWebhook[field as 'responseMode' | 'responseData'], parameters)).toBe(expected);
	});
});

it('agrees with answerPointOf, the rule the node itself follows, for every combination of options', () => {
	if (postWebhook === undefined) throw new Error('no default webhook');
	const modeOf = { executionCreated: 'onReceived', executionStarted: 'responseNode', workflowSucceeded: 'lastNode' };
	for (const acknowledge of ['immediately', 'afterWorkflow'] as const) {
		for (const deduplicate of [true, false]) {
			for (const duplicateMemory of ['process', 'redis'] as const) {
				const parameters = { options: { acknowledge, deduplicate, duplicateMemory } };
				const expected = modeOf[answerPointOf(readDeliveryOptions(parameters.options))];
				expect(resolveWebhookDescriptionField({ parameters }, postWebhook, 'responseMode')).toEqual({ resolved: true, value: expected });
				expect(evaluateTemplate(postWebhook.responseMode, parameters)).toBe(expected);
			}
		}
	}
});

it('needs no expression engine on the request path (n8n resolves every field natively)', () => {
	for (const webhook of redoxWebhooks) expect(webhookDescriptionIsNativelyResolvable(webhook)).toBe(true);
});
