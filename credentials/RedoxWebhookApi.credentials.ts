import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * The token Redox sends with every request to a destination. It is only ever compared with
 * what arrives; n8n never sends it anywhere.
 */
export class RedoxWebhookApi implements ICredentialType {
	name = 'redoxWebhookApi';

	// n8n's community scanner requires credential display names to end in " API".
	displayName = 'Redox Webhook API';

	icon: Icon = { light: 'file:redox.svg', dark: 'file:redox.dark.svg' };

	documentationUrl = 'https://docs.redoxengine.com/';

	properties: INodeProperties[] = [
		{
			displayName:
				'Copy the verification token from your destination in the Redox dashboard (Settings of the destination). Redox sends it with every notification; n8n refuses requests without it.',
			name: 'notice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Verification Token',
			name: 'verificationToken',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'The verification token of the Redox destination that sends to this workflow',
		},
	];
}
