import { startDynamoDbLocal } from "../packages/functions/src/local/dynamodb-local";
import { configureStorage } from "../packages/core/src/storage";
import { ensureTable } from "../packages/core/src/storage/bootstrap";
import { withActor } from "../packages/core/src/actor";
import { Contacts } from "../packages/core/src/contacts";
import { findMatches } from "../packages/core/src/contacts/matching";
import { Users } from "../packages/core/src/users";
import "../packages/core/src/wiring";
async function main() {
process.env.AWS_REGION="us-east-1"; process.env.AWS_ACCESS_KEY_ID="x"; process.env.AWS_SECRET_ACCESS_KEY="x";
const dynamo = await startDynamoDbLocal();
const s = configureStorage({ tableName: "prof", endpoint: dynamo.endpoint });
await ensureTable(s.clients.raw, "prof");
const { user } = await Users.ensureAdmin({ email: "admin@example.com", password: "correct horse battery" });
const actor = { type: "user" as const, userId: user.userId, role: user.role };
async function par(n: number, c: number, op: (i: number) => Promise<unknown>) { let next = 0; const t = performance.now(); await Promise.all(Array.from({ length: c }, async () => { while (next < n) await op(next++); })); return n / ((performance.now() - t) / 1000); }
await withActor(actor, async () => {
  console.log("create c16", await par(400, 16, (i) => Contacts.createFromSource({ source: { kind: "import" }, ownerIds: [user.userId], firstName: "A", phones: [{ number: `+7916${String(i).padStart(7, "0")}`, type: "mobile" }] })));
  console.log("create c1", await par(100, 1, (i) => Contacts.createFromSource({ source: { kind: "import" }, ownerIds: [user.userId], firstName: "A", phones: [{ number: `+7915${String(i).padStart(7, "0")}`, type: "mobile" }] })));
  console.log("findMatches c16", await par(400, 16, (i) => findMatches({ phones: [`+7916${String(i).padStart(7, "0")}`, "+74950000001"], emails: ["x@y.z"] })));
  console.log("getMany c16", await par(400, 16, () => Users.getMany([user.userId])));
});
await dynamo.stop(); process.exit(0);
}
main();
