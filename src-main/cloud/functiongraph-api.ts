/**
 * The FunctionGraph operations a deploy uses (API reference, support.huaweicloud.com/intl/en-us/
 * api-functiongraph/: ListFunctions functiongraph_06_0105, CreateFunction functiongraph_06_0108,
 * UpdateFunctionCode functiongraph_06_0110, ListFunctionVersions / CreateFunctionVersion
 * functiongraph_06_0113 / _0112), under /v2/{project_id}/fgs.
 */
import type { SignedClient } from './signed-client';

export interface CloudFunction { func_urn: string; func_name: string; package: string; runtime: string; digest?: string }
export interface CloudFunctionVersion { func_urn: string; version: string; description?: string }
export interface FunctionCode {
  code_type: 'inline' | 'zip';
  /** Base64 of the code (inline) or of the zip. */
  file: string;
  code_filename?: string;
}

export class FunctionGraphApi {
  private readonly prefix: string;
  constructor(
    private readonly client: SignedClient,
    projectId: string,
  ) {
    this.prefix = `/v2/${encodeURIComponent(projectId)}/fgs/functions`;
  }

  /** ListFunctions, paged with marker / maxitems; the function named `name` in `pkg`. */
  async find(name: string, pkg: string): Promise<CloudFunction | undefined> {
    let marker = '0';
    for (;;) {
      const page = await this.client.json<{ functions?: CloudFunction[]; next_marker?: number }>('ListFunctions', 'GET', this.prefix, { query: { marker, maxitems: 400 } });
      const hit = (page.functions ?? []).find((f) => f.func_name === name && f.package === pkg);
      if (hit) return hit;
      if (!page.next_marker || !(page.functions ?? []).length) return undefined;
      marker = String(page.next_marker);
    }
  }
  create(body: { func_name: string; package: string; runtime: string; handler: string; memory_size: number; timeout: number; description: string } & { code: FunctionCode }): Promise<CloudFunction> {
    const { code, ...rest } = body;
    return this.client.json('CreateFunction', 'POST', this.prefix, {
      json: { ...rest, code_type: code.code_type, code_filename: code.code_filename, func_code: { file: code.file } },
    });
  }
  updateCode(urn: string, code: FunctionCode): Promise<CloudFunction> {
    return this.client.json('UpdateFunctionCode', 'PUT', `${this.prefix}/${encodeURIComponent(urn)}/code`, {
      json: { code_type: code.code_type, code_filename: code.code_filename, func_code: { file: code.file } },
    });
  }
  async versions(urn: string): Promise<CloudFunctionVersion[]> {
    const answer = await this.client.json<{ versions?: CloudFunctionVersion[] }>('ListFunctionVersions', 'GET', `${this.prefix}/${encodeURIComponent(urn)}/versions`, {
      query: { maxitems: 400 },
    });
    return answer.versions ?? [];
  }
  publishVersion(urn: string, description: string): Promise<CloudFunctionVersion> {
    return this.client.json('CreateFunctionVersion', 'POST', `${this.prefix}/${encodeURIComponent(urn)}/versions`, { json: { description } });
  }
}
