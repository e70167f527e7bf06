// Runs one n8n node through n8n's own engine (n8n-core's WorkflowExecute,
// which hands a declarative node to its RoutingNode; n8n-workflow's
// expressions and parameter defaults) and prints what the node output.
//
// stdin: one JSON object
//   { node: <INodeTypeDescription> | package: <dir of an n8n-nodes-* package>,
//     nodeName?: <the package node's type name>,
//     credentialType?: <ICredentialType, when `node` is given>,
//     credentials: { <the credential's fields> },
//     runs: [{ <the node's parameters as the editor saves them> }, ...] }
// stdout: one result per run, in order, each
//   { items: [{ json, binary? }], error?: { message, description, httpCode } }
// (the runs go one after the other, so a server sees their requests in order).
//
// With `deliveries: [{ headers, body: <raw text> }, ...]` instead of `runs`,
// the node is a trigger: each delivery goes to its `webhook()` through
// n8n-core's WebhookContext (the request as n8n's webhook server hands it
// on: parsed body, raw body, lower-case headers), and the result is
// { status, response?, items: <the workflow's start items, or null> }.
//
// The one part of n8n that is not in n8n-core is the credentials helper of
// the `n8n` package (which needs its database). Here it is an object that
// gives the credential to the node and applies the credential type's
// `authenticate` as n8n's `CredentialsHelper.authenticate` does: a function
// is called, a `generic` object's entries are resolved with n8n-workflow's
// expression engine (`$credentials`) and set on the request. The routing,
// the request and the response handling are n8n-core's.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

// n8n-core keeps its settings (an encryption key) in a user folder: a
// temporary one, removed on exit, unless one is given.
let ownFolder;
if (!process.env.N8N_USER_FOLDER) {
	ownFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-run-'));
	process.env.N8N_USER_FOLDER = ownFolder;
	process.on('exit', () => fs.rmSync(ownFolder, { recursive: true, force: true }));
}
process.env.N8N_LOG_LEVEL ??= 'silent';
process.env.N8N_DIAGNOSTICS_ENABLED ??= 'false';

const { Container } = require('@n8n/di');
const core = require('n8n-core');
const workflowLib = require('n8n-workflow');

const { Workflow, ICredentialsHelper, NodeHelpers } = workflowLib;

function readStdin() {
	return JSON.parse(fs.readFileSync(0, 'utf8'));
}

/** The node type and credential types of a package, loaded by n8n-core's own loader. */
async function loadPackage(dir, nodeName) {
	const loader = new core.PackageDirectoryLoader(dir);
	await loader.loadAll();
	const nodes = loader.nodeTypes;
	const name = nodeName ?? Object.keys(nodes)[0];
	const entry = nodes[name];
	if (!entry) throw new Error(`the package has no node ${name}: ${Object.keys(nodes)}`);
	const credentialTypes = {};
	for (const [credName, { type }] of Object.entries(loader.credentialTypes)) {
		credentialTypes[credName] = type;
	}
	return { type: entry.type, packageName: loader.packageName, name, credentialTypes };
}

class Credentials extends ICredentialsHelper {
	constructor(types, data) {
		super();
		this.types = types;
		this.data = data;
	}
	getParentTypes(name) {
		const type = this.types[name];
		return type?.extends ?? [];
	}
	async authenticate(credentials, typeName, requestOptions, workflow, node) {
		const type = this.types[typeName];
		if (!type?.authenticate) return requestOptions;
		if (typeof type.authenticate === 'function') {
			return await type.authenticate(credentials, requestOptions);
		}
		if (type.authenticate.type === 'generic') {
			requestOptions.headers ??= {};
			for (const [outerKey, outerValue] of Object.entries(type.authenticate.properties)) {
				for (const [key, value] of Object.entries(outerValue)) {
					const resolve = (v) =>
						workflow.expression.getParameterValue(
							v, null, 0, 0, node.name, [], 'internal', { $credentials: credentials },
						);
					const keyResolved = resolve(key);
					requestOptions[outerKey] ??= {};
					requestOptions[outerKey][keyResolved] = resolve(value);
				}
			}
		}
		return requestOptions;
	}
	async preAuthentication() {
		return undefined;
	}
	async runPreAuthentication() {
		return undefined;
	}
	getCredentialsProperties(type) {
		return this.types[type]?.properties ?? [];
	}
	async getDecrypted() {
		return this.data;
	}
	async getCredentials() {
		throw new Error('not used');
	}
	async updateCredentials() {}
	async updateCredentialsOauthTokenData() {}
}

async function main() {
	const input = readStdin();
	let nodeTypeInstance;
	let typeName;
	let credentialTypes = {};
	if (input.package) {
		const loaded = await loadPackage(path.resolve(input.package), input.nodeName);
		nodeTypeInstance = loaded.type;
		typeName = `${loaded.packageName}.${loaded.name}`;
		credentialTypes = loaded.credentialTypes;
	} else {
		nodeTypeInstance = { description: input.node };
		typeName = input.node.name;
		if (input.credentialType) credentialTypes[input.credentialType.name] = input.credentialType;
	}
	const description = nodeTypeInstance.description;
	const nodeTypes = {
		getByName: () => nodeTypeInstance,
		getByNameAndVersion: () => nodeTypeInstance,
		getKnownTypes: () => ({}),
	};
	const binaryData = Container.get(core.BinaryDataService);
	await binaryData.init();
	const results = [];
	for (const delivery of input.deliveries ?? []) {
		results.push(
			await deliver(nodeTypeInstance, typeName, input.parameters ?? {}, delivery),
		);
	}
	for (const parameters of input.runs ?? []) {
		results.push(
			await runOne(nodeTypes, description, typeName, credentialTypes, input.credentials, parameters),
		);
	}
	process.stdout.write(JSON.stringify(results));
}

async function deliver(nodeType, typeName, parameters, delivery) {
	const description = nodeType.description;
	const node = {
		id: 'a1b2c3d4-0000-4000-8000-000000000001',
		name: 'Trigger',
		type: typeName,
		typeVersion: description.version,
		position: [0, 0],
		parameters,
		webhookId: 'a1b2c3d4-0000-4000-8000-000000000002',
	};
	const nodeTypes = {
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({
		id: 'trigger',
		name: 'trigger',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes,
		settings: {},
	});
	const raw = Buffer.from(delivery.body, 'utf8');
	const headers = Object.fromEntries(
		Object.entries(delivery.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
	);
	const response = { statusCode: 200, sent: undefined };
	response.status = (code) => {
		response.statusCode = code;
		return response;
	};
	response.json = (body) => {
		response.sent = body;
		return response;
	};
	response.send = response.json;
	response.end = () => response;
	const additionalData = {
		executionId: 'trigger',
		httpRequest: { headers, body: JSON.parse(delivery.body), rawBody: raw, query: {}, params: {} },
		httpResponse: response,
	};
	const webhookData = {
		httpMethod: 'POST',
		node: node.name,
		path: 'webhook',
		webhookDescription: description.webhooks[0],
		workflowId: workflow.id,
		workflowExecuteAdditionalData: additionalData,
	};
	const context = new core.WebhookContext(
		workflow, node, additionalData, 'webhook', webhookData, [], null,
	);
	const result = await nodeType.webhook.call(context);
	const items = result.workflowData ? result.workflowData[0].map((item) => item.json) : null;
	return {
		status: response.statusCode,
		response: response.sent ?? null,
		items,
	};
}

async function runOne(nodeTypes, description, typeName, credentialTypes, credentials, parameters) {
	const credentialName = description.credentials?.[0]?.name;
	const node = {
		id: '0f5532f9-36ba-4bef-86c7-30d607400b15',
		name: 'Node',
		type: typeName,
		typeVersion: Array.isArray(description.version)
			? description.version.at(-1)
			: description.version,
		position: [0, 0],
		parameters,
		credentials: credentialName ? { [credentialName]: { id: '1', name: 'credential' } } : {},
	};
	const workflow = new Workflow({
		id: 'run',
		name: 'run',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes,
		settings: {},
	});

	const additionalData = {
		credentialsHelper: new Credentials(credentialTypes, credentials ?? {}),
		executionId: 'run',
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678/',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		variables: {},
		currentNodeParameters: undefined,
		executeWorkflow: async () => {
			throw new Error('not used');
		},
		getRunExecutionData: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new Error('not used');
		},
	};
	additionalData.hooks = new core.ExecutionLifecycleHooks('manual', 'run', {
		id: 'run',
		name: 'run',
		nodes: [node],
		connections: {},
		active: false,
		settings: {},
	});
	const run = await new core.WorkflowExecute(additionalData, 'manual').run(workflow, node);
	const error = run.data.resultData.error;
	const taskData = run.data.resultData.runData.Node?.[0];
	const items = taskData?.data?.main?.[0] ?? [];
	const out = {
		items: items.map((item) => {
			const result = { json: item.json };
			if (item.binary) result.binary = item.binary;
			return result;
		}),
	};
	if (error) {
		out.error = {
			message: error.message,
			description: error.description ?? null,
			httpCode: error.httpCode ?? null,
		};
	}
	return out;
}

main().then(
	() => process.exit(0),
	(error) => {
		process.stderr.write(`${error.stack ?? error}\n`);
		process.exit(1);
	},
);
