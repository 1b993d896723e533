import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import { DEFAULT_REDOX_BASE_URL, REDOX_ENVIRONMENTS } from '../nodes/redox-api/credential';

/**
 * An API key of the Redox FHIR API (OAuth 2.0 client credentials with a signed JWT). n8n's own
 * OAuth2 credential cannot sign the JWT, so the Redox node signs it and asks for the token
 * itself; the test does the same (the Redox node's `redoxApiTokenTest`).
 */
export class RedoxApi implements ICredentialType {
	name = 'redoxApi';

	displayName = 'Redox API';

	icon: Icon = { light: 'file:redox.svg', dark: 'file:redox.dark.svg' };

	documentationUrl = 'https://docs.redoxengine.com/';

	properties: INodeProperties[] = [
		{
			displayName:
				'Create an API key of type OAuth in the Redox dashboard (Developer > API keys). For RS384 or ES384 register the public key there and paste its key ID (kid) and the private key here; for HS384 paste the secret.',
			name: 'notice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: DEFAULT_REDOX_BASE_URL,
			required: true,
			description: "Redox's API host: https://api.redoxengine.com, or https://api.ca.redoxengine.com in Canada",
		},
		{
			displayName: 'Organization',
			name: 'organization',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'redox-fhir-sandbox',
			description: 'The organization name in your FHIR URLs: https://api.redoxengine.com/fhir/R4/&lt;organization&gt;/&lt;environment&gt;',
		},
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: REDOX_ENVIRONMENTS.map((environment) => ({ name: environment, value: environment })),
			default: REDOX_ENVIRONMENTS[0],
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description: 'The client ID of the API key',
		},
		{
			displayName: 'Algorithm',
			name: 'algorithm',
			type: 'options',
			options: [
				{ name: 'RS384 (RSA Key Pair)', value: 'RS384' },
				{ name: 'ES384 (Elliptic Curve P-384 Key Pair)', value: 'ES384' },
				{ name: 'HS384 (Client Secret)', value: 'HS384' },
			],
			default: 'RS384',
			description: 'How the JWT sent to Redox is signed: with your private key, or with the API key\'s secret',
		},
		{
			displayName: 'Key ID (Kid)',
			name: 'keyId',
			type: 'string',
			default: '',
			required: true,
			displayOptions: { show: { algorithm: ['RS384', 'ES384'] } },
			description: 'The key ID (kid) of the public key registered with the API key in the Redox dashboard',
		},
		{
			displayName: 'Private Key',
			name: 'privateKey',
			type: 'string',
			typeOptions: { password: true, rows: 4 },
			default: '',
			required: true,
			displayOptions: { show: { algorithm: ['RS384', 'ES384'] } },
			description: 'The private key, as PEM (-----BEGIN PRIVATE KEY-----, RSA PRIVATE KEY or EC PRIVATE KEY) or as a JWK in JSON',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { algorithm: ['HS384'] } },
			description: 'The secret of the API key',
		},
	];
}
