/**
 * `/openapi/v2`: kubectl 1.20 fetches it before `create`/`apply` to validate the objects
 * (`--validate=true`, the default) and fails with "error validating data: the server could not find
 * the requested resource" when it is missing. The lab serves a schema with no definitions: kubectl's
 * validator then skips the kinds it does not find (kubectl/pkg/util/openapi/validation: "resource is
 * not present, let's just skip validation") and its patcher falls back to the Go types it is built
 * with, which is what an unpublished schema means. As protobuf (gnostic openapi_v2.Document:
 * swagger = 1, info = 2 {title = 1, version = 2}) when asked for it, as JSON otherwise.
 */
import type { Answer } from './handler.js';
import { VERSION_INFO } from './discovery.js';

const PROTOBUF = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';
const TITLE = 'Kubernetes';

/** A protobuf length-delimited field (field numbers < 16, lengths < 128: one byte each). */
function field(num: number, value: Buffer): Buffer {
  return Buffer.concat([Buffer.from([(num << 3) | 2, value.length]), value]);
}

export function openApiDocument(accept: string | undefined): Answer {
  const version = String(VERSION_INFO.gitVersion);
  if ((accept ?? '').includes(PROTOBUF)) {
    const info = Buffer.concat([field(1, Buffer.from(TITLE)), field(2, Buffer.from(version))]);
    const body = Buffer.concat([field(1, Buffer.from('2.0')), field(2, info)]);
    // kube-openapi answers the protobuf as octet-stream (Go's mime parser rejects the `@` of its name)
    return { code: 200, body, contentType: 'application/octet-stream' };
  }
  return { code: 200, body: { swagger: '2.0', info: { title: TITLE, version }, paths: {}, definitions: {} } };
}
