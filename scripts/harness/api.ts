import { randomUUID } from 'node:crypto';

import { httpRequest, type HttpResponse } from './http';

/** The owner the harness creates on a fresh instance. */
export const E2E_OWNER = {
	email: 'owner@example.com',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'E2e-Owner-Password-1',
} as const;

export type Owner = { email: string; firstName: string; lastName: string; password: string };

function fail(what: string, response: HttpResponse): never {
	throw new Error(`${what} answered ${response.status}: ${response.text.slice(0, 2000)}`);
}

/**
 * The editor's REST API (`/rest/...`) with the owner's login cookie. n8n 2.41.1 binds the cookie
 * to a `browser-id` header: every request of the session repeats the one used at login.
 */
export class N8nRestSession {
	private constructor(
		readonly baseUrl: string,
		private readonly cookie: string,
		private readonly browserId: string,
	) {}

	private static async authenticate(baseUrl: string, path: string, body: unknown, what: string): Promise<N8nRestSession> {
		const browserId = randomUUID();
		const response = await httpRequest(`${baseUrl}${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'browser-id': browserId },
			body: JSON.stringify(body),
		});
		if (response.status !== 200) fail(what, response);
		const setCookie = response.headers['set-cookie'] ?? [];
		const auth = setCookie.map((c) => c.split(';')[0]).find((c) => c.startsWith('n8n-auth='));
		if (!auth) throw new Error(`${what} set no n8n-auth cookie`);
		return new N8nRestSession(baseUrl, auth, browserId);
	}

	/** Creates the instance owner (`POST /rest/owner/setup`) and returns its session. */
	static async setupOwner(baseUrl: string, owner: Owner = E2E_OWNER): Promise<N8nRestSession> {
		return await N8nRestSession.authenticate(baseUrl, '/rest/owner/setup', owner, 'POST /rest/owner/setup');
	}

	/** Logs in (`POST /rest/login`), e.g. after a restart. */
	static async login(baseUrl: string, owner: Owner = E2E_OWNER): Promise<N8nRestSession> {
		return await N8nRestSession.authenticate(
			baseUrl,
			'/rest/login',
			{ emailOrLdapLoginId: owner.email, password: owner.password },
			'POST /rest/login',
		);
	}

	/** A REST call; returns the `data` of n8n's `{ data }` envelope. */
	async request<T>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await httpRequest(`${this.baseUrl}/rest${path}`, {
			method,
			headers: {
				cookie: this.cookie,
				'browser-id': this.browserId,
				...(body === undefined ? {} : { 'content-type': 'application/json' }),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		if (response.status < 200 || response.status >= 300) fail(`${method} /rest${path}`, response);
		return (response.json as { data: T }).data;
	}

	/**
	 * Creates a public-API key with every scope the owner may grant and no expiry
	 * (`POST /rest/api-keys` with `{ label, scopes, expiresAt: null }`); returns the raw key.
	 */
	async createApiKey(label = 'e2e'): Promise<string> {
		const scopes = await this.request<string[]>('GET', '/api-keys/scopes');
		const created = await this.request<{ rawApiKey: string }>('POST', '/api-keys', {
			label,
			scopes,
			expiresAt: null,
		});
		return created.rawApiKey;
	}
}

export interface CredentialInput {
	name: string;
	type: string;
	data: Record<string, unknown>;
}

export interface WorkflowNode {
	id?: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	webhookId?: string;
	disabled?: boolean;
}

export interface WorkflowInput {
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, unknown>;
	settings: Record<string, unknown>;
}

export interface WorkflowSummary {
	id: string;
	name: string;
	active: boolean;
	versionId?: string;
}

export type ExecutionStatus = 'canceled' | 'crashed' | 'error' | 'new' | 'running' | 'success' | 'unknown' | 'waiting';

/** An execution as the public API returns it; `data` only with `includeData`. */
export interface Execution {
	id: string;
	workflowId: string;
	status: ExecutionStatus;
	mode: string;
	finished: boolean;
	startedAt: string | null;
	stoppedAt: string | null;
	data?: ExecutionData;
}

export interface ExecutionData {
	resultData?: {
		runData?: Record<string, Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> } }>>;
		error?: { message?: string };
		lastNodeExecuted?: string;
	};
	[key: string]: unknown;
}

export interface ExecutionQuery {
	workflowId?: string;
	status?: ExecutionStatus;
	includeData?: boolean;
	/** Page size (n8n caps it at 250). */
	limit?: number;
}

/** n8n's public REST API (`/api/v1/...`) with an API key. */
export class PublicApi {
	constructor(
		readonly baseUrl: string,
		private readonly apiKey: string,
	) {}

	/** A raw call; returns the response whatever its status. */
	async call(method: string, path: string, body?: unknown): Promise<HttpResponse> {
		return await httpRequest(`${this.baseUrl}/api/v1${path}`, {
			method,
			headers: {
				'x-n8n-api-key': this.apiKey,
				accept: 'application/json',
				...(body === undefined ? {} : { 'content-type': 'application/json' }),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
	}

	/** A call that must succeed; returns the parsed body. */
	async request<T>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await this.call(method, path, body);
		if (response.status < 200 || response.status >= 300) fail(`${method} /api/v1${path}`, response);
		return response.json as T;
	}

	async createCredential(credential: CredentialInput): Promise<{ id: string; name: string; type: string }> {
		return await this.request('POST', '/credentials', credential);
	}

	/** Changes a credential as a user saving it in the editor would (`PATCH /credentials/:id`). */
	async updateCredentialData(id: string, data: Record<string, unknown>): Promise<void> {
		await this.request('PATCH', `/credentials/${id}`, { data });
	}

	async createWorkflow(workflow: WorkflowInput): Promise<WorkflowSummary> {
		return await this.request('POST', '/workflows', workflow);
	}

	async getWorkflow(id: string): Promise<WorkflowSummary & WorkflowInput> {
		return await this.request('GET', `/workflows/${id}`);
	}

	/** Publishes (n8n 1.x: activates) the workflow's latest version: its production webhooks go live. */
	async publishWorkflow(id: string): Promise<WorkflowSummary> {
		return await this.request('POST', `/workflows/${id}/publish`, {});
	}

	async unpublishWorkflow(id: string): Promise<WorkflowSummary> {
		return await this.request('POST', `/workflows/${id}/unpublish`, {});
	}

	async deleteWorkflow(id: string): Promise<void> {
		await this.request('DELETE', `/workflows/${id}`);
	}

	/**
	 * Every execution matching `query`, following `nextCursor` past n8n's 250-per-page limit.
	 * Without `status`, n8n leaves out executions still running; see `listAllExecutions`.
	 */
	async listExecutions(query: ExecutionQuery = {}): Promise<Execution[]> {
		const all: Execution[] = [];
		let cursor: string | null | undefined;
		do {
			const params = new URLSearchParams();
			if (query.workflowId) params.set('workflowId', query.workflowId);
			if (query.status) params.set('status', query.status);
			if (query.includeData) params.set('includeData', 'true');
			params.set('limit', String(query.limit ?? 250));
			if (cursor) params.set('cursor', cursor);
			const page = await this.request<{ data: Execution[]; nextCursor: string | null }>('GET', `/executions?${params.toString()}`);
			all.push(...page.data);
			cursor = page.nextCursor;
		} while (cursor);
		return all;
	}

	/** Every execution of a workflow, running ones included (two queries, merged by id). */
	async listAllExecutions(workflowId: string, includeData = false): Promise<Execution[]> {
		const [settled, running] = await Promise.all([
			this.listExecutions({ workflowId, includeData }),
			this.listExecutions({ workflowId, includeData, status: 'running' }),
		]);
		const byId = new Map<string, Execution>();
		for (const execution of [...settled, ...running]) byId.set(execution.id, execution);
		return [...byId.values()].sort((a, b) => Number(a.id) - Number(b.id));
	}

	async getExecution(id: string, includeData = true): Promise<Execution> {
		return await this.request('GET', `/executions/${id}?includeData=${includeData ? 'true' : 'false'}`);
	}
}
