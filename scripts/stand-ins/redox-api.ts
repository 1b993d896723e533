/**
 * A local stand-in for Redox's API (token endpoint + FHIR R4), for the tests and the demo:
 * plain Node http on 127.0.0.1, a free port. Its token endpoint checks every request as Redox
 * does (redox-auth-checks.ts) and records every request and every violation; its FHIR endpoints
 * serve the resources loaded into it; it fails on demand.
 */
import { randomBytes } from 'crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';

import { checkTokenRequest, type RegisteredKey, type TokenRequestVerdict } from './redox-auth-checks';

export type { RegisteredKey } from './redox-auth-checks';

export interface FhirResource {
	resourceType: string;
	id?: string;
	[key: string]: unknown;
}

export interface RedoxStandInOptions {
	keys: RegisteredKey[];
	organization?: string;
	environment?: string;
	/** Seconds a token lives (Redox: 300). Short values test expiry within a test. */
	expiresIn?: number;
	resources?: FhirResource[];
	/** Port to listen on; 0 (default) picks a free one. */
	port?: number;
}

export interface TokenRequestRecord extends TokenRequestVerdict {
	at: number;
	/** HTTP status the stand-in answered. */
	status: number;
}

export interface FhirRequestRecord {
	at: number;
	method: string;
	/** Path after the FHIR base, with the query. */
	path: string;
	/** The form body of a POST search (the stand-in's own log: tests read it). */
	body: string;
	status: number;
	accept: string | undefined;
	/** The client the token belongs to, `null` without a valid token. */
	clientId: string | null;
}

export type FailureScope = 'token' | 'fhir';

interface IssuedToken {
	clientId: string;
	expiresAt: number;
}

export class RedoxStandIn {
	readonly tokenRequests: TokenRequestRecord[] = [];
	readonly fhirRequests: FhirRequestRecord[] = [];
	/** Every rule any token request broke, and any FHIR request without the FHIR Accept header. */
	readonly violations: string[] = [];
	/** Every access token issued, so that tests can look for them where they must not be. */
	readonly issuedTokens: string[] = [];
	/** Requests to paths the stand-in does not serve. */
	readonly strayRequests: string[] = [];
	expiresIn: number;
	baseUrl = '';

	private readonly keys: RegisteredKey[];
	private readonly organization: string;
	private readonly environment: string;
	private readonly resources = new Map<string, FhirResource>();
	private readonly tokens = new Map<string, IssuedToken>();
	private readonly usedJtis = new Set<string>();
	private readonly failures: Record<FailureScope, Array<{ status: number; remaining: number }>> = { token: [], fhir: [] };
	private readonly delays: Record<FailureScope, number> = { token: 0, fhir: 0 };
	private tokenEndpointDown = false;
	private server: Server | null = null;

	constructor(private readonly options: RedoxStandInOptions) {
		this.keys = [...options.keys];
		this.organization = options.organization ?? 'redox-fhir-sandbox';
		this.environment = options.environment ?? 'Development';
		this.expiresIn = options.expiresIn ?? 300;
		this.load(options.resources ?? []);
	}

	get tokenUrl(): string {
		return `${this.baseUrl}/v2/auth/token`;
	}

	get fhirBase(): string {
		return `${this.baseUrl}/fhir/R4/${this.organization}/${this.environment}`;
	}

	async start(): Promise<this> {
		const server = createServer((request, response) => {
			this.handle(request, response).catch(() => {
				if (!response.headersSent) response.writeHead(500);
				response.end();
			});
		});
		await new Promise<void>((resolve) => server.listen(this.options.port ?? 0, '127.0.0.1', resolve));
		this.server = server;
		const address: AddressInfo | string | null = server.address();
		if (address === null || typeof address === 'string') throw new Error('The stand-in has no TCP address');
		this.baseUrl = `http://127.0.0.1:${address.port}`;
		return this;
	}

	async close(): Promise<void> {
		const server = this.server;
		if (server === null) return;
		this.server = null;
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	}

	/** Adds (or replaces) resources, found by `<Type>/<id>`. */
	load(resources: FhirResource[]): void {
		for (const resource of resources) {
			if (typeof resource.id === 'string') this.resources.set(`${resource.resourceType}/${resource.id}`, resource);
		}
	}

	registerKey(key: RegisteredKey): void {
		this.keys.push(key);
	}

	/** The next `count` requests of `scope` get `status` (503, 429, ...). */
	failNext(scope: FailureScope, count: number, status = 503): void {
		this.failures[scope].push({ status, remaining: count });
	}

	/** Every request of `scope` waits this long before it is answered. */
	setDelay(scope: FailureScope, milliseconds: number): void {
		this.delays[scope] = milliseconds;
	}

	/** While down, the token endpoint closes connections without an answer. */
	setTokenEndpointDown(down: boolean): void {
		this.tokenEndpointDown = down;
	}

	/** Every token issued so far stops working (as Redox after a key is revoked). */
	revokeTokens(): void {
		this.tokens.clear();
	}

	/** Token requests the stand-in accepted. */
	get issuedTokenCount(): number {
		return this.tokenRequests.filter((record) => record.status === 200).length;
	}

	private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const body = await readBody(request);
		const url = new URL(request.url ?? '/', this.baseUrl);
		if (url.pathname === '/v2/auth/token') return await this.token(request, body, response);
		const prefix = `/fhir/R4/${this.organization}/${this.environment}/`;
		if (url.pathname.startsWith(prefix)) return await this.fhir(request, url, url.pathname.slice(prefix.length), body, response);
		this.strayRequests.push(`${request.method ?? ''} ${url.pathname}`);
		send(response, 404, outcome('not-found', 'No such endpoint'));
	}

	private async token(request: IncomingMessage, body: string, response: ServerResponse): Promise<void> {
		const at = Date.now();
		if (this.tokenEndpointDown) {
			this.tokenRequests.push({ at, status: 0, violations: [], clientId: null, kid: null, algorithm: null, jti: null });
			request.socket.destroy();
			return;
		}
		await pause(this.delays.token);
		const failure = this.takeFailure('token');
		if (failure !== null) {
			this.tokenRequests.push({ at, status: failure, violations: [], clientId: null, kid: null, algorithm: null, jti: null });
			send(response, failure, { error: 'temporarily_unavailable', error_description: 'The service is temporarily unavailable' });
			return;
		}
		const verdict =
			request.method === 'POST'
				? checkTokenRequest({ contentType: request.headers['content-type'], body, tokenUrl: this.tokenUrl, now: Date.now() }, this.keys, this.usedJtis)
				: { violations: ['token requests must use POST'], clientId: null, kid: null, algorithm: null, jti: null };
		if (verdict.jti !== null) this.usedJtis.add(verdict.jti);
		if (verdict.violations.length > 0) {
			this.violations.push(...verdict.violations);
			this.tokenRequests.push({ ...verdict, at, status: 400 });
			send(response, 400, { error: 'invalid_request', error_description: verdict.violations[0] });
			return;
		}
		const accessToken = randomBytes(24).toString('base64url');
		this.issuedTokens.push(accessToken);
		this.tokens.set(accessToken, { clientId: verdict.clientId ?? '', expiresAt: Date.now() + this.expiresIn * 1000 });
		this.tokenRequests.push({ ...verdict, at, status: 200 });
		send(response, 200, { access_token: accessToken, token_type: 'bearer', expires_in: this.expiresIn, scope: 'fhir' });
	}

	private async fhir(request: IncomingMessage, url: URL, path: string, body: string, response: ServerResponse): Promise<void> {
		const record: FhirRequestRecord = {
			at: Date.now(),
			method: request.method ?? '',
			path: `${path}${url.search}`,
			body,
			status: 0,
			accept: request.headers.accept,
			clientId: null,
		};
		this.fhirRequests.push(record);
		const answer = (status: number, json: unknown) => {
			record.status = status;
			send(response, status, json);
		};
		if (record.accept !== 'application/fhir+json') this.violations.push(`FHIR request ${record.method} ${path} without Accept: application/fhir+json`);
		await pause(this.delays.fhir);
		const failure = this.takeFailure('fhir');
		if (failure !== null) return answer(failure, outcome('transient', 'The service is temporarily unavailable'));

		const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
		const issued = token === undefined ? undefined : this.tokens.get(token);
		if (issued === undefined || issued.expiresAt <= Date.now()) {
			return answer(401, outcome('login', issued === undefined ? 'Invalid access token' : 'Access token expired'));
		}
		record.clientId = issued.clientId;

		const segments = path.split('/').filter((segment) => segment !== '');
		const [type, second, third] = segments;
		if (type === undefined) return answer(404, outcome('not-found', 'No resource type'));
		if (second === '_search' && request.method === 'POST') {
			if (!(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
				return answer(400, outcome('invalid', 'Search requires application/x-www-form-urlencoded'));
			}
			return answer(200, this.search(type, new URLSearchParams(body)));
		}
		if (second === undefined && request.method === 'GET') return answer(200, this.search(type, url.searchParams));
		if (second === undefined && request.method === 'POST') {
			const created = parseResource(body, type);
			if (created === null) return answer(400, outcome('invalid', 'The body is not a FHIR resource of this type'));
			created.id ??= randomBytes(8).toString('hex');
			this.load([created]);
			return answer(201, created);
		}
		if (second === undefined) return answer(405, outcome('not-supported', 'Method not allowed'));
		const key = `${type}/${second}`;
		const versionedRead = third === '_history' && segments.length === 4;
		if (request.method === 'GET' && (segments.length === 2 || versionedRead)) {
			const resource = this.resources.get(key);
			return resource === undefined ? answer(404, outcome('not-found', `Resource ${key} is not known`)) : answer(200, resource);
		}
		if (request.method === 'PUT' && segments.length === 2) {
			const updated = parseResource(body, type);
			if (updated === null || updated.id !== second) return answer(400, outcome('invalid', 'The body is not this resource'));
			this.load([updated]);
			return answer(200, updated);
		}
		if (request.method === 'DELETE' && segments.length === 2) {
			this.resources.delete(key);
			record.status = 204;
			response.writeHead(204).end();
			return;
		}
		return answer(404, outcome('not-found', 'No such endpoint'));
	}

	/** A searchset of the resources of `type` matching every `identifier` and `_id` given. */
	private search(type: string, params: URLSearchParams): unknown {
		const identifiers = params.getAll('identifier');
		const ids = params.getAll('_id');
		const matches = [...this.resources.values()].filter(
			(resource) =>
				resource.resourceType === type &&
				identifiers.every((token) => hasIdentifier(resource, token)) &&
				ids.every((id) => resource.id === id),
		);
		return {
			resourceType: 'Bundle',
			type: 'searchset',
			total: matches.length,
			entry: matches.map((resource) => ({
				fullUrl: `${this.fhirBase}/${resource.resourceType}/${resource.id ?? ''}`,
				resource,
				search: { mode: 'match' },
			})),
		};
	}

	private takeFailure(scope: FailureScope): number | null {
		const failure = this.failures[scope][0];
		if (failure === undefined) return null;
		failure.remaining -= 1;
		if (failure.remaining <= 0) this.failures[scope].shift();
		return failure.status;
	}
}

/** Starts a stand-in on 127.0.0.1 (a free port unless one is given). */
export async function startRedoxStandIn(options: RedoxStandInOptions): Promise<RedoxStandIn> {
	return await new RedoxStandIn(options).start();
}

/** `system|value`, `|value` (no system) or `value` (any system), as FHIR token search defines. */
function hasIdentifier(resource: FhirResource, token: string): boolean {
	const bar = token.indexOf('|');
	const system = bar === -1 ? null : token.slice(0, bar);
	const value = bar === -1 ? token : token.slice(bar + 1);
	const identifiers = Array.isArray(resource.identifier) ? resource.identifier : [];
	return identifiers.some((identifier: unknown) => {
		if (typeof identifier !== 'object' || identifier === null) return false;
		if (Reflect.get(identifier, 'value') !== value) return false;
		if (system === null) return true;
		const identifierSystem: unknown = Reflect.get(identifier, 'system');
		return system === '' ? identifierSystem === undefined : identifierSystem === system;
	});
}

function parseResource(body: string, type: string): FhirResource | null {
	try {
		const value: unknown = JSON.parse(body);
		if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
		const resourceType: unknown = Reflect.get(value, 'resourceType');
		if (resourceType !== type) return null;
		return { ...value, resourceType };
	} catch {
		return null;
	}
}

function outcome(code: string, diagnostics: string): unknown {
	return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics }] };
}

function send(response: ServerResponse, status: number, json: unknown): void {
	const body = JSON.stringify(json);
	response.writeHead(status, { 'Content-Type': status < 300 || status >= 400 ? 'application/fhir+json' : 'application/json' });
	response.end(body);
}

async function readBody(request: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
	return Buffer.concat(chunks).toString('utf8');
}

async function pause(milliseconds: number): Promise<void> {
	// unref: a delayed answer nobody waits for any more must not keep the process alive.
	if (milliseconds > 0) await new Promise((resolve) => setTimeout(resolve, milliseconds).unref());
}
