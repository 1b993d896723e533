import { mock } from 'jest-mock-extended';
import type { ICredentialDataDecryptedObject, Logger, IDataObject, IHttpRequestOptions, INode, IWebhookFunctions, Workflow } from 'n8n-workflow';

/** A recorded HTTP answer written by the node through `getResponseObject()`. */
export interface WrittenAnswer {
	status?: number;
	body?: unknown;
}

export interface WebhookCall {
	method?: 'GET' | 'POST';
	headers?: Record<string, string>;
	query?: Record<string, unknown>;
	rawBody?: Buffer | string;
	/**
	 * A body n8n left unread (typeVersion 2, a type it does not parse): `readRawBody()` yields
	 * `body` or throws `error`, as n8n's raw-body reader does.
	 */
	unread?: { body: Buffer } | { error: unknown };
	/** n8n parsed the body itself (multipart): the stream has ended, the fields are in `getBodyData()`. */
	parsedBody?: IDataObject;
	parameters?: Record<string, unknown>;
	/** undefined: no credential selected on the node. */
	token?: string | undefined;
	mode?: 'manual' | 'webhook' | 'trigger';
	staticData?: IDataObject;
	workflowId?: string;
	nodeId?: string;
	/** The id of the credential selected on the node (none: the node has no credential id). */
	credentialId?: string;
	/** The data of the "Redox Duplicate Store (Redis) API" credential, when the node has one. */
	redisCredential?: IDataObject;
	/** The id of the Redis credential selected on the node (none: no id). */
	redisCredentialId?: string;
	/** The data of the node's Redox API credential ("Fetch Missing Details"); none: not set. */
	redoxApi?: Record<string, unknown>;
}

/** n8n's `helpers.httpRequest` with the options the Redox API client uses, on Node's fetch. */
async function httpRequestOnFetch(options: IHttpRequestOptions): Promise<unknown> {
	const body = typeof options.body === 'string' ? options.body : undefined;
	const response = await fetch(String(options.url), {
		method: options.method ?? 'GET',
		headers: Object.fromEntries(Object.entries(options.headers ?? {}).map(([name, value]) => [name, String(value)])),
		body,
		redirect: 'manual',
		signal: AbortSignal.timeout(options.timeout ?? 30_000),
	});
	return { statusCode: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
}

const DEFAULT_PARAMETERS: Record<string, unknown> = {
	events: ['booked', 'cancelled', 'updated'],
	detail: 'detailed',
	simplify: true,
	splitByEvent: false,
	options: {},
};

/** The workflow id calls get by default; a new one is a trigger the duplicate memory has never seen. */
let defaultWorkflowId = 'wf-1';
let triggers = 1;

/** Makes later calls (without their own `workflowId`) come from a trigger the duplicate memory has not seen, as after a restart. */
export function useFreshTrigger(): void {
	triggers += 1;
	defaultWorkflowId = `wf-${triggers}`;
}

/** Builds an IWebhookFunctions as n8n would pass it to `webhook()`, with a recording response. */
export function webhookContext(call: WebhookCall) {
	const written: WrittenAnswer = {};
	const listeners: Record<string, Array<() => void>> = { finish: [], close: [] };
	const emit = (event: 'finish' | 'close') => {
		const waiting = listeners[event];
		listeners[event] = [];
		for (const listener of waiting) listener();
	};
	const response = {
		statusCode: 200,
		headersSent: false,
		writableEnded: false,
		headers: {} as Record<string, string>,
		status(code: number) {
			written.status = code;
			response.statusCode = code;
			return response;
		},
		setHeader(name: string, value: string) {
			response.headers[name.toLowerCase()] = value;
			return response;
		},
		json(body: unknown) {
			written.body = body;
			response.headersSent = true;
			response.writableEnded = true;
			return response;
		},
		once(event: string, listener: () => void) {
			listeners[event]?.push(listener);
			return response;
		},
	};
	const parameters = { ...DEFAULT_PARAMETERS, ...call.parameters };
	const staticData = call.staticData ?? {};
	const context = mock<IWebhookFunctions>();
	const request: {
		method: string;
		rawBody?: Buffer;
		readable: boolean;
		readRawBody: () => Promise<void>;
		resume: () => void;
	} = {
		method: call.method ?? 'POST',
		rawBody: typeof call.rawBody === 'string' ? Buffer.from(call.rawBody) : call.rawBody,
		readable: call.parsedBody === undefined,
		readRawBody: jest.fn(async () => {
			if (call.unread === undefined) return;
			if ('error' in call.unread) throw call.unread.error;
			request.rawBody = call.unread.body;
		}),
		resume: jest.fn(),
	};
	context.getRequestObject.mockReturnValue(request as never);
	context.getResponseObject.mockReturnValue(response as never);
	context.getHeaderData.mockReturnValue(call.headers ?? {});
	context.getQueryData.mockReturnValue(call.query ?? {});
	context.getBodyData.mockReturnValue(call.parsedBody ?? {});
	context.getNodeParameter.mockImplementation(((name: string, fallback?: unknown) =>
		name in parameters ? parameters[name] : fallback) as never);
	context.getCredentials.mockImplementation(async (type: string) => {
		if (type === 'redoxDuplicateStoreRedisApi') {
			if (call.redisCredential === undefined) throw new Error('Node does not have any credentials set');
			return call.redisCredential;
		}
		if (type === 'redoxApi') {
			if (call.redoxApi === undefined) throw new Error('Node does not have any credentials set');
			return call.redoxApi as ICredentialDataDecryptedObject;
		}
		if (!('token' in call)) return { verificationToken: 'test-token-123' };
		if (call.token === undefined) throw new Error('Node does not have any credentials set');
		return { verificationToken: call.token };
	});
	context.helpers.httpRequest = jest.fn(httpRequestOnFetch);
	context.logger = mock<Logger>();
	context.getMode.mockReturnValue(call.mode ?? 'webhook');
	context.getTimezone.mockReturnValue('America/New_York');
	context.getWorkflowStaticData.mockReturnValue(staticData);
	context.getWorkflow.mockReturnValue({ id: call.workflowId ?? defaultWorkflowId } as Workflow);
	const credentials = {
		...(call.credentialId === undefined ? {} : { redoxWebhookApi: { id: call.credentialId, name: 'Redox' } }),
		...(call.redisCredentialId === undefined ? {} : { redoxDuplicateStoreRedisApi: { id: call.redisCredentialId, name: 'Redis' } }),
	};
	context.getNode.mockReturnValue({ id: call.nodeId ?? 'node-1', credentials } as INode);
	return {
		context,
		written,
		staticData,
		response,
		/** Simulates n8n finishing the response with a status (after-the-workflow mode). */
		finish(statusCode: number) {
			response.statusCode = statusCode;
			emit('finish');
			emit('close');
		},
		/** Simulates the answer the node wrote itself going out (its 'finish' and 'close'). */
		sent() {
			emit('finish');
			emit('close');
		},
		/** Simulates the sender hanging up before any answer ('close' without 'finish'). */
		hangUp() {
			emit('close');
		},
	};
}
