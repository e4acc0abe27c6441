/**
 * The APIG management operations a deploy uses (dedicated gateway API reference V2,
 * support.huaweicloud.com/intl/en-us/api-apig/<Operation>.html), under
 * /v2/{project_id}/apigw/instances/{instance_id}. Field names are the documented ones.
 */
import type { SignedClient } from './signed-client';

export interface CloudGroup { id: string; name: string; sl_domain?: string }
export interface CloudEnv { id: string; name: string }
export interface CloudVariable { id: string; group_id: string; env_id: string; variable_name: string; variable_value: string }
export interface CloudIdentity { name: string; location: 'HEADER' | 'QUERY'; validation?: string }
/** CreateCustomAuthorizerV2 request body (and the fields of its answer a deploy compares). */
export interface CloudAuthorizerBody {
  name: string;
  type: 'FRONTEND' | 'BACKEND';
  authorizer_type: 'FUNC';
  authorizer_uri: string;
  network_type: 'V1' | 'V2';
  authorizer_version?: string;
  authorizer_alias_uri?: string;
  identities: CloudIdentity[];
  ttl: number;
  user_data: string;
  need_body: boolean;
}
export interface CloudAuthorizer extends CloudAuthorizerBody { id: string }
export interface ImportAnswer {
  success?: { path: string; method: string; action: string; id: string }[];
  failure?: { path: string; method: string; error_code: string; error_msg: string }[];
  group_id: string;
}
export interface PublishAnswer {
  success?: { api_id: string; api_name: string; publish_id: string }[];
  failure?: { api_id: string; api_name: string; error_code: string; error_msg: string }[];
}

/** ListX answers page with offset/limit (max 500) and report `total`. */
const PAGE = 500;

export class ApigApi {
  private readonly prefix: string;
  constructor(
    private readonly client: SignedClient,
    projectId: string,
    instanceId: string,
  ) {
    this.prefix = `/v2/${encodeURIComponent(projectId)}/apigw/instances/${encodeURIComponent(instanceId)}`;
  }

  private async listAll<T>(operation: string, path: string, key: string, query: Record<string, string> = {}): Promise<T[]> {
    const items: T[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await this.client.json<Record<string, unknown>>(operation, 'GET', this.prefix + path, { query: { ...query, offset, limit: PAGE } });
      const got = (page[key] as T[] | undefined) ?? [];
      items.push(...got);
      if (got.length < PAGE || items.length >= Number(page.total ?? 0)) return items;
    }
  }

  /** ListApiGroupsV2 with the name filter; the exact match (the filter is fuzzy). */
  async findGroup(name: string): Promise<CloudGroup | undefined> {
    const groups = await this.listAll<CloudGroup>('ListApiGroupsV2', '/api-groups', 'groups', { name });
    return groups.find((g) => g.name === name);
  }
  createGroup(name: string, remark: string): Promise<CloudGroup> {
    return this.client.json('CreateApiGroupV2', 'POST', `${this.prefix}/api-groups`, { json: { name, remark } });
  }
  async findEnvironment(name: string): Promise<CloudEnv | undefined> {
    const envs = await this.listAll<CloudEnv>('ListEnvironmentsV2', '/envs', 'envs', { name });
    return envs.find((e) => e.name === name);
  }
  createEnvironment(name: string, remark: string): Promise<CloudEnv> {
    return this.client.json('CreateEnvironmentV2', 'POST', `${this.prefix}/envs`, { json: { name, remark } });
  }
  listVariables(groupId: string, envId: string): Promise<CloudVariable[]> {
    return this.listAll('ListEnvironmentVariablesV2', '/env-variables', 'variables', { group_id: groupId, env_id: envId });
  }
  createVariable(groupId: string, envId: string, name: string, value: string): Promise<CloudVariable> {
    return this.client.json('CreateEnvironmentVariableV2', 'POST', `${this.prefix}/env-variables`, {
      json: { group_id: groupId, env_id: envId, variable_name: name, variable_value: value },
    });
  }
  updateVariable(id: string, value: string): Promise<CloudVariable> {
    return this.client.json('UpdateEnvironmentVariableV2', 'PUT', `${this.prefix}/env-variables/${encodeURIComponent(id)}`, { json: { variable_value: value } });
  }
  listAuthorizers(): Promise<CloudAuthorizer[]> {
    return this.listAll('ListCustomAuthorizersV2', '/authorizers', 'authorizer_list');
  }
  createAuthorizer(body: CloudAuthorizerBody): Promise<CloudAuthorizer> {
    return this.client.json('CreateCustomAuthorizerV2', 'POST', `${this.prefix}/authorizers`, { json: body });
  }
  updateAuthorizer(id: string, body: CloudAuthorizerBody): Promise<CloudAuthorizer> {
    return this.client.json('UpdateCustomAuthorizerV2', 'PUT', `${this.prefix}/authorizers/${encodeURIComponent(id)}`, { json: body });
  }
  /** ImportApiDefinitionsV2 into an existing group; does not publish. */
  importDefinition(groupId: string, fileName: string, text: string): Promise<ImportAnswer> {
    return this.client.json('ImportApiDefinitionsV2', 'POST', `${this.prefix}/openapi/import`, {
      form: {
        fields: { is_create_group: 'false', group_id: groupId, extend_mode: 'override', api_mode: 'override', simple_mode: 'false', mock_mode: 'false' },
        file: { field: 'file_name', name: fileName, content: text, type: 'application/json' },
      },
    });
  }
  /** ExportApiDefinitionsV2: the group's APIs published in the environment, all extensions, JSON. */
  exportDefinition(groupId: string, envId: string): Promise<string> {
    return this.client.call('ExportApiDefinitionsV2', 'POST', `${this.prefix}/openapi/export`, {
      query: { oas_version: '2.0' },
      json: { env_id: envId, group_id: groupId, define: 'all', type: 'json' },
    });
  }
  /** BatchPublishOrOfflineApiV2, action online. */
  publish(envId: string, apiIds: string[], remark: string): Promise<PublishAnswer> {
    return this.client.json('BatchPublishOrOfflineApiV2', 'POST', `${this.prefix}/apis/publish`, {
      query: { action: 'online' },
      json: { env_id: envId, apis: apiIds, remark },
    });
  }
}
