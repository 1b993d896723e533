/**
 * Proves the harness itself on n8n's built-in Webhook node, independently of our package: start,
 * owner + API key, create + publish a workflow, executions (with paging), restart, stop.
 */
import {
	builtinWebhookWorkflow,
	httpRequest,
	launchN8n,
	nodeOutputItems,
	waitForExecutions,
	waitForWebhook,
	WEBHOOK_NODE_NAME,
	type LaunchedN8n,
} from '../../scripts/harness';

describe('harness on n8n with the built-in Webhook node', () => {
	let n8n: LaunchedN8n | undefined;
	let workflowId = '';

	const launched = (): LaunchedN8n => {
		if (!n8n) throw new Error('n8n did not start');
		return n8n;
	};
	const post = (body: unknown) =>
		httpRequest(launched().instance.webhookUrl('harness-check'), {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});

	beforeAll(async () => {
		n8n = await launchN8n({ name: 'harness' });
		console.log(`n8n ready in ${n8n.times.readyMs} ms (launch ${n8n.times.launchMs} ms)`);
		const workflow = await n8n.api.createWorkflow(
			builtinWebhookWorkflow({ path: 'harness-check', webhookId: 'c0ffee00-0000-4000-8000-000000000001' }),
		);
		workflowId = workflow.id;
		await n8n.api.publishWorkflow(workflowId);
		await waitForWebhook(n8n.instance.webhookUrl('harness-check'));
	}, 15 * 60_000);

	afterAll(async () => {
		await n8n?.instance.dispose();
	});

	it('runs the published workflow once per request and reads the executions back', async () => {
		for (let i = 0; i < 5; i += 1) {
			const response = await post({ n: i });
			expect(response.status).toBe(200);
		}
		const executions = await waitForExecutions(launched().api, workflowId, 5, { includeData: true });
		expect(executions.map((e) => e.status)).toEqual(Array(5).fill('success'));
		const received = executions.map((e) => (nodeOutputItems(e, WEBHOOK_NODE_NAME)[0]?.body as { n: number }).n);
		expect(received.sort()).toEqual([0, 1, 2, 3, 4]);
	});

	it('pages through executions with the cursor', async () => {
		const paged = await launched().api.listExecutions({ workflowId, limit: 2 });
		expect(paged).toHaveLength(5);
		expect(new Set(paged.map((e) => e.id)).size).toBe(5);
	});

	it('keeps workflows and executions across a restart, and imports with the CLI while stopped', async () => {
		const { instance, api } = launched();
		await instance.stop();
		const imported = builtinWebhookWorkflow({ path: 'imported-check', webhookId: 'c0ffee00-0000-4000-8000-000000000002' });
		await instance.importWorkflows([{ ...imported, id: 'importedWebhook01' }]);
		await instance.publishWorkflowWithCli('importedWebhook01');
		const { readyMs } = await instance.start();
		console.log(`n8n restarted, ready in ${readyMs} ms`);
		await waitForWebhook(instance.webhookUrl('harness-check'));
		expect((await post({ n: 5 })).status).toBe(200);
		await waitForExecutions(api, workflowId, 6);
		await waitForWebhook(instance.webhookUrl('imported-check'));
		const response = await httpRequest(instance.webhookUrl('imported-check'), { method: 'POST', headers: {}, body: '{}' });
		expect(response.status).toBe(200);
		await waitForExecutions(api, 'importedWebhook01', 1);
	});

	it('writes its log to a file in the temp folder', () => {
		expect(launched().instance.readLog()).toMatch(/n8n ready on|Editor is now accessible/);
	});
});
