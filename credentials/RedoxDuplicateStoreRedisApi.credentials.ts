import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * The Redis that Redox triggers share their duplicate memory through, when n8n runs in queue
 * mode (several webhook processes). The fields are those of n8n's own Redis credential; the
 * package has its own type because a community node may only use its own credentials.
 */
export class RedoxDuplicateStoreRedisApi implements ICredentialType {
	name = 'redoxDuplicateStoreRedisApi';

	// n8n's community scanner requires credential display names to end in " API".
	displayName = 'Redox Duplicate Store (Redis) API';

	icon: Icon = { light: 'file:redox.svg', dark: 'file:redox.dark.svg' };

	documentationUrl = 'https://docs.n8n.io/hosting/scaling/queue-mode/';

	properties: INodeProperties[] = [
		{
			displayName:
				'The Redis your n8n queue mode already uses (or any Redis every n8n process can reach). Redox triggers keep one small key per notification there for 24 hours, so that a redelivery landing on another n8n process is recognised.',
			name: 'notice',
			type: 'notice',
			default: '',
		},
		{ displayName: 'Host', name: 'host', type: 'string', default: 'localhost', required: true },
		{ displayName: 'Port', name: 'port', type: 'number', default: 6379 },
		{ displayName: 'Database Number', name: 'database', type: 'number', default: 0 },
		{ displayName: 'User', name: 'user', type: 'string', default: '', description: 'Leave empty unless your Redis uses ACL users' },
		{ displayName: 'Password', name: 'password', type: 'string', typeOptions: { password: true }, default: '' },
		{ displayName: 'SSL', name: 'ssl', type: 'boolean', default: false, description: 'Whether to connect with TLS' },
		{
			displayName: 'Disable TLS Verification (Insecure)',
			name: 'disableTlsVerification',
			type: 'boolean',
			default: false,
			description: 'Whether to accept a certificate that does not verify (self-signed)',
			displayOptions: { show: { ssl: [true] } },
		},
	];
}
