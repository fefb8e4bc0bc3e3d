/**
 * The card read's HTTP ceiling for `npm run bench`: a bare node:http server in its own process
 * that answers `GET /card/<n>` with the floor's own Query (built by the bench, sent as-is through
 * the DynamoDB document client) and its items as JSON, and nothing else: no routing, no token,
 * no access check, no log line. What the API's card read costs beyond this is the API's own; what
 * this costs beyond the floor is the HTTP hop itself (client, sockets and server on the same
 * 2 cores as DynamoDB Local), which no API can avoid.
 */
import http from "node:http";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT, region: process.env.AWS_REGION ?? "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } }));
let queries: Record<string, unknown>[] = [];
process.on("message", (message: { queries?: Record<string, unknown>[] }) => {
  if (message.queries) {
    queries = message.queries;
    process.send?.({ ready: true });
  }
});

const server = http.createServer((request, response) => {
  // The n-th card of those loaded (the bench's list of contacts grows with its creates).
  const query = queries.length ? queries[Number(request.url?.split("/")[2]) % queries.length] : undefined;
  if (!query) {
    response.writeHead(404).end();
    return;
  }
  doc.send(new QueryCommand(query as never)).then(
    (result) => {
      const body = JSON.stringify({ items: result.Items ?? [] });
      response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) }).end(body);
    },
    (error: unknown) => response.writeHead(500).end(String(error)),
  );
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address() as { port: number };
  process.send?.({ url: `http://127.0.0.1:${address.port}` });
});
process.channel?.unref();
process.once("SIGTERM", () => server.close(() => process.exit(0)));
