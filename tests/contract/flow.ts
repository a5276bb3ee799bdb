// The README's flow through a client generated from the served document (openapi-typescript types + openapi-fetch),
// compiled with tsc --strict and no hand edits: onboard a workspace, mint a token, upsert, read, look up, list, batch,
// delete. Usage: node dist/flow.js <baseUrl> <adminToken> <workspaceId>. Prints one JSON line; exit code 1 on a failure.
import createClient from "openapi-fetch";
import type { paths } from "./generated/api.js";

const [baseUrl, adminToken, workspaceId] = process.argv.slice(2);
const steps: string[] = [];

function check(step: string, status: number, expected: number, detail?: unknown): void {
  if (status !== expected) {
    throw new Error(`${step}: expected ${expected}, got ${status} ${JSON.stringify(detail)}`);
  }
  steps.push(`${step} ${status}`);
}

async function main(): Promise<void> {
  const admin = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${adminToken}` } });
  const workspace = await admin.POST("/v1/admin/workspaces", { body: { id: workspaceId, name: "Acme (generated client)" } });
  check("create workspace", workspace.response.status, 201, workspace.error);

  const minted = await admin.POST("/v1/admin/workspaces/{id}/tokens", {
    params: { path: { id: workspaceId } },
    body: { name: "web app", scopes: ["people:read", "people:write"] },
  });
  check("create token", minted.response.status, 201, minted.error);
  const app = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${minted.data!.token}` } });
  const path = { workspaceId };

  const created = await app.POST("/v1/workspaces/{workspaceId}/people/upsert", {
    params: { path },
    body: { userId: "u_123", email: "Ada@Example.com", traits: { plan: "pro", seats: 5 }, lastSeenAt: new Date().toISOString() },
  });
  check("upsert (create)", created.response.status, 201, created.error);
  const person = created.data!;
  if (person.email !== "ada@example.com" || created.response.headers.get("Location") === null) {
    throw new Error(`upsert: unexpected person or no Location: ${JSON.stringify(person)}`);
  }

  const updated = await app.POST("/v1/workspaces/{workspaceId}/people/upsert", {
    params: { path, query: { updateOnly: true } },
    body: { userId: "u_123", traits: { plan: "enterprise", seats: null } },
  });
  check("upsert (update)", updated.response.status, 200, updated.error);

  const read = await app.GET("/v1/workspaces/{workspaceId}/people/{id}", { params: { path: { workspaceId, id: person.id } } });
  check("read", read.response.status, 200, read.error);
  if (read.data!.traits["plan"] !== "enterprise" || "seats" in read.data!.traits) {
    throw new Error(`read: traits not merged: ${JSON.stringify(read.data!.traits)}`);
  }

  const lookup = await app.GET("/v1/workspaces/{workspaceId}/people", { params: { path, query: { email: "ADA@example.com" } } });
  check("look up by email", lookup.response.status, 200, lookup.error);
  if (lookup.data!.data.length !== 1 || lookup.data!.data[0].id !== person.id) {
    throw new Error(`look up: ${JSON.stringify(lookup.data)}`);
  }

  const batch = await app.POST("/v1/workspaces/{workspaceId}/people/batch", {
    params: { path },
    body: { people: [{ userId: "u_456", traits: { plan: "free" } }, { email: "grace@example.com" }, { userId: "u_123", email: "grace@example.com" }] },
  });
  check("batch", batch.response.status, 200, batch.error);
  const counts = batch.data!;
  if (counts.createdCount !== 2 || counts.failedCount !== 1 || counts.results[2].status !== 409) {
    throw new Error(`batch: ${JSON.stringify(counts)}`);
  }

  const list = await app.GET("/v1/workspaces/{workspaceId}/people", { params: { path, query: { limit: 2 } } });
  check("list", list.response.status, 200, list.error);
  const next = await app.GET("/v1/workspaces/{workspaceId}/people", { params: { path, query: { limit: 2, cursor: list.data!.nextCursor! } } });
  check("list (next page)", next.response.status, 200, next.error);
  if (list.data!.data.length + next.data!.data.length !== 3 || next.data!.nextCursor !== null) {
    throw new Error(`list: ${JSON.stringify([list.data, next.data])}`);
  }

  const deleted = await app.DELETE("/v1/workspaces/{workspaceId}/people/{id}", { params: { path: { workspaceId, id: person.id } } });
  check("delete", deleted.response.status, 204, deleted.error);
  const gone = await app.GET("/v1/workspaces/{workspaceId}/people/{id}", { params: { path: { workspaceId, id: person.id } } });
  check("read (deleted)", gone.response.status, 404, gone.error);
}

main().then(
  () => console.log(JSON.stringify({ ok: true, steps })),
  (error: unknown) => {
    console.log(JSON.stringify({ ok: false, steps, error: String(error) }));
    process.exitCode = 1;
  });
